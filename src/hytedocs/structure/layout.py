"""Stage 3: lines -> content lines and the document's geometry.

Running headers and footers are found by repetition across pages (digits ignored), not by
their wording. The geometry (body text indent, margin label column) is measured per document.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..patterns import DIARY_LINE, NUM_FIRST, SIGN_FIRST, label_key, match_stage
from ..pdf.source import PageWords
from ..settings import Settings
from .lines import Line, body_font_size, make_line

_DIGITS = re.compile(r"\d+")
# How many lines at the start and at the end of a page may be a web page's navigation.
_CHROME_EDGE_LINES = 4
_MEETING_NUMBER = re.compile(r"\d{1,3}/\d{4}")


def _is_marker(line: Line) -> bool:
    # A bare "9/2023" in a header is the meeting number, not a diary number.
    diary = DIARY_LINE.match(line.text)
    is_diary = diary is not None and not _MEETING_NUMBER.fullmatch(diary.group("diary"))
    return match_stage(line.text) is not None or is_diary


def _running_key(line: Line) -> str:
    return _DIGITS.sub("#", line.text.lower()).strip()


@dataclass
class DocLayout:
    """Measured geometry of one document."""

    body_x: float  # where body text starts (the value column in margin layouts)
    left_x: float  # the leftmost text edge used by headings and margin labels
    body_size: float
    margin_labels: bool  # True when labels sit in a left column with values beside them
    running_lines: list[Line] = field(default_factory=list)
    page_width: float = 595.0
    page_height: float = 842.0
    right_edges: dict[int, float] = field(default_factory=dict)  # per page, filled by sections


def remove_running_lines(
    page_lines: list[list[Line]], pages: list[PageWords], settings: Settings
) -> tuple[list[list[Line]], list[Line]]:
    """Split lines that repeat near the top or bottom edge of many pages from the content.

    Returns the content lines per page and the running lines, which are kept because they carry
    the body name, date and meeting number in many layouts.
    """
    n = len(page_lines)
    removed: list[Line] = []
    if n < 2:
        return page_lines, removed
    counts: Counter[tuple[str, int]] = Counter()
    for page, lines in zip(pages, page_lines, strict=True):
        seen: set[tuple[str, int]] = set()
        zone = page.height * settings.header_zone
        for ln in lines:
            if ln.top <= zone or ln.bottom >= page.height - zone:
                key = (_running_key(ln), round(ln.top / 4))
                if key not in seen:
                    seen.add(key)
                    counts[key] += 1
    need = max(2, int(n * settings.header_min_share + 0.999)) if n > 2 else 2
    repeated = {k for k, c in counts.items() if c >= need}
    # A page's position can drift by a few points between producers' page templates.
    loose = {(k, t + d) for (k, t) in repeated for d in (-1, 0, 1)}
    out: list[list[Line]] = []
    for page, lines in zip(pages, page_lines, strict=True):
        zone = page.height * settings.header_zone
        kept: list[Line] = []
        on_baseline: dict[int, list[Line]] = defaultdict(list)
        for ln in lines:
            on_baseline[ln.baseline_id].append(ln)
        for ln in lines:
            edge = ln.top <= zone or ln.bottom >= page.height - zone
            # A § heading ("§ 62", "Hyvinvointilautakunta 14.3.2024 § 24") sits at the same
            # height on every page that starts a §; it differs only in digits but is content.
            # In a running header the § number shares its line with other runs; a diary number
            # printed right-aligned on the § line is part of the heading.
            others = [o for o in on_baseline[ln.baseline_id] if o is not ln]
            marker = _is_marker(ln) or (
                bool(SIGN_FIRST.match(ln.text) or NUM_FIRST.match(ln.text))
                and all(_is_marker(o) for o in others)
            )
            # A label repeats on every page that starts a § with the same part ("Päätös" at
            # the top of the text), but its text beside it does not: a run whose baseline
            # holds content is content.
            beside_content = any((_running_key(o), round(o.top / 4)) not in loose
                                 for o in others)
            if edge and (_running_key(ln), round(ln.top / 4)) in loose and not marker \
                    and not beside_content:
                removed.append(ln)
            else:
                kept.append(ln)
        out.append(kept)
    return _remove_page_chrome(out, removed)


def _remove_page_chrome(
    page_lines: list[list[Line]], removed: list[Line]
) -> tuple[list[list[Line]], list[Line]]:
    """A web page printed to PDF repeats its navigation at its start and end ("Edellinen asia |
    Seuraava asia", "Toimielimet | Kaupunginhallitus | ...") on pages of their own, not at one
    height on every page: a visual line whose whole text recurs among the first or last lines of
    two pages is furniture, not content."""
    def edge_texts(lines: list[Line]) -> dict[int, str]:
        by_id: dict[int, list[Line]] = defaultdict(list)
        for ln in lines:
            by_id[ln.baseline_id].append(ln)
        ids = list(by_id)
        edge = ids[:_CHROME_EDGE_LINES] + ids[-_CHROME_EDGE_LINES:]
        return {i: "  ".join(r.text for r in by_id[i]) for i in edge}

    seen: Counter[str] = Counter()
    per_page = [edge_texts(lines) for lines in page_lines]
    for texts in per_page:
        for t in set(texts.values()):
            # Navigation bars print their links between "|" signs.
            if len(t.split()) >= 3 and " | " in t:
                seen[t] += 1
    chrome = {t for t, c in seen.items() if c >= 2}
    if not chrome:
        return page_lines, removed
    out: list[list[Line]] = []
    for lines, texts in zip(page_lines, per_page, strict=True):
        drop = {i for i, t in texts.items() if t in chrome}
        out.append([ln for ln in lines if ln.baseline_id not in drop])
        removed.extend(ln for ln in lines if ln.baseline_id in drop)
    return out, removed


def analyse(
    page_lines: list[list[Line]],
    pages: list[PageWords],
    settings: Settings,
    running: list[Line] | None = None,
) -> DocLayout:
    """Measure the body indent, the left edge and whether labels sit in a margin column."""
    all_lines = [ln for lines in page_lines for ln in lines]
    # Body text may start a point or two apart from page to page (134.8 and 136.2 in the
    # Nykarleby minutes): bin the starts, then take the bin's left edge.
    xs: Counter[int] = Counter()
    for ln in all_lines:
        xs[round(ln.x0 / 3)] += len(ln.text)
    if xs:
        top = xs.most_common(1)[0][0]
        body_x = min(ln.x0 for ln in all_lines if round(ln.x0 / 3) == top)
    else:
        body_x = 72.0
    left_candidates = [round(ln.x0) for ln in all_lines if ln.x0 < body_x - settings.column_gutter]
    left_x = float(Counter(left_candidates).most_common(1)[0][0]) if left_candidates else body_x

    # Margin layout: on some baselines a short run at the left edge is followed by a run that
    # starts at the body indent.
    pairs = 0
    by_baseline: dict[int, list[Line]] = defaultdict(list)
    for ln in all_lines:
        by_baseline[ln.baseline_id].append(ln)
    for runs in by_baseline.values():
        if len(runs) < 2:
            continue
        first, second = runs[0], runs[1]
        if (
            abs(first.x0 - left_x) < 3
            and abs(second.x0 - body_x) < 12
            and first.x1 < second.x0 - settings.column_gutter / 2
            and len(first.text) <= settings.max_label_chars
        ):
            pairs += 1
    width = pages[0].width if pages else 595.0
    height = pages[0].height if pages else 842.0
    return DocLayout(
        body_x=body_x,
        left_x=left_x,
        body_size=body_font_size(all_lines),
        margin_labels=pairs >= settings.min_margin_labels and left_x < body_x,
        running_lines=list(running or []),
        page_width=width,
        page_height=height,
    )


def split_at_text_column(run: Line, doc: DocLayout, settings: Settings) -> list[Line]:
    """Cut a run that crosses from the label column into the text column at the text column.

    A long label ("Sivistysjohtajan ehdotus") may end so close to the text column that the
    gap is narrower than a run break, and the label and its text become one run. The text
    column's edge is measured per document; a word that starts there after a wider gap than
    the run's spaces, or after a change between bold and regular, starts a new run. Only the
    body of a § is cut so (a title line may have a word at that edge by chance).
    """
    col = doc.body_x
    words = run.words
    if (not doc.margin_labels or run.x0 >= col - settings.column_gutter or run.x1 <= col
            or len(words) < 2):
        return [run]
    spaces = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    for k in range(1, len(words)):
        w, prev = words[k], words[k - 1]
        if abs(w.x0 - col) > 1.5:
            continue
        if prev.text.endswith(":"):
            break  # "Beredning: Name": an inline label, read as one run
        gap = w.x0 - prev.x1
        # The run's usual space, not counting the gap in question.
        others = sorted(spaces[:k - 1] + spaces[k:])
        usual = others[len(others) // 2] if others else 0.25 * w.size
        if gap > 0 and (prev.bold != w.bold
                        or gap >= max(1.25 * usual, settings.label_gap_em * w.size)):
            return [make_line(words[:k], run.baseline_id), make_line(words[k:], run.baseline_id)]
    return [run]


def split_bold_label(run: Line, settings: Settings) -> list[Line]:
    """Cut a bold label from the text printed right after it in one run.

    Dynasty's HTML tables put a label cell ("Päätösehdotus", "Käsittely") so close to its text
    cell that the two become one run. A label the vocabulary knows, then a gap wider than the
    run's spaces, mark the cut: a narrower one where bold changes to regular, a wide one where
    the text is bold too (a sub-heading beside "Selostus").
    """
    words = run.words
    if len(words) < 2 or not words[0].bold:
        return [run]
    spaces = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    cut = None
    for k in range(1, min(6, len(words))):
        if not words[k - 1].bold:
            break
        if not label_key(" ".join(w.text for w in words[:k]), fuzzy=True)[0]:
            continue
        gap = spaces[k - 1]
        others = sorted(spaces[: k - 1] + spaces[k:])
        usual = others[len(others) // 2] if others else 0.25 * words[k].size
        em = words[k].size
        need = (max(1.25 * usual, settings.label_gap_em * em) if not words[k].bold
                else max(2.0 * usual, 2 * settings.label_gap_em * em))
        if gap >= need:
            cut = k
    if cut is None:
        return [run]
    return [make_line(words[:cut], run.baseline_id), make_line(words[cut:], run.baseline_id)]
