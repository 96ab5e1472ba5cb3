"""Stage 3: lines -> content lines and the document's geometry.

Running headers and footers are found by repetition across pages (digits ignored), not by
their wording. The geometry (body text indent, margin label column) is measured per document.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..patterns import DIARY_LINE, NUM_FIRST, SIGN_FIRST, TASK_CLASS, match_stage
from ..pdf.source import PageWords
from ..settings import Settings
from .lines import Line, body_font_size

_DIGITS = re.compile(r"\d+")


def _is_marker(line: Line) -> bool:
    # A bare "9/2023" in a header is the meeting number, not a diary number.
    diary = DIARY_LINE.match(line.text) and (TASK_CLASS.search(line.text) or "no" in line.text)
    return match_stage(line.text) is not None or bool(diary)


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
        runs_on: Counter[int] = Counter(ln.baseline_id for ln in lines)
        for ln in lines:
            edge = ln.top <= zone or ln.bottom >= page.height - zone
            # A § heading ("§ 62", "Hyvinvointilautakunta 14.3.2024 § 24") sits at the same
            # height on every page that starts a §; it differs only in digits but is content.
            # In a running header the § number shares its line with other runs.
            marker = _is_marker(ln) or (
                runs_on[ln.baseline_id] == 1 and bool(SIGN_FIRST.match(ln.text)
                                                       or NUM_FIRST.match(ln.text))
            )
            if edge and (_running_key(ln), round(ln.top / 4)) in loose and not marker:
                removed.append(ln)
            else:
                kept.append(ln)
        out.append(kept)
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
