"""Stage 4: content lines -> sections (§) with their header (number, title, diary number).

A § starts at one of three kinds of marker, found by vocabulary and position, never by one
file's coordinates:

* ``sign``: "§ 125" at the start of a line (title on the same line or below),
* ``num``: "42 § Title" (number before the sign),
* ``stage``: "hyvoltk 21.11.2023 § 91", a body-date-§ line at the left edge, used only when a
  document prints neither of the others.

A contents list is not a § start: its markers come in a dense run, under a contents heading or
with dot leaders. The body of each § is split into labelled parts by
:mod:`hytedocs.structure.fields`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import Section, TextBlock, Warning_
from ..patterns import (
    DIARY_LINE,
    DOT_LEADER,
    ITEM_NUMBER,
    NUM_FIRST,
    RULE_LINE,
    SECTION_LIST,
    SIGN_FIRST,
    TASK_CLASS_LINE,
    StageLine,
    is_appeal_heading,
    is_contents_heading,
    is_letterhead,
    label_key,
    match_stage,
    task_class_of,
)
from ..settings import Settings
from ..text import join_hyphenated
from . import fields as fields_stage
from .layout import DocLayout
from .lines import Line, VLine, to_visual_lines
from .meeting import DocInfo

_APPENDIX_HEADER = re.compile(r"^(?:bilaga|liite)\b.*§\s*\d+\s*$", re.I)
_HANDLERS = re.compile(r"^[A-ZÅÄÖ]{1,4}(?:/[A-ZÅÄÖ]{1,4}(?:-[A-ZÅÄÖ]{1,3})?){1,8}$")


@dataclass(slots=True)
class Marker:
    index: int  # into the visual lines
    kind: str  # "sign", "num", "stage" or "none"
    number: int | None
    rest: str | None = None  # title text printed on the marker's own line
    stage: StageLine | None = None


@dataclass
class Region:
    """The visual lines of one § and what its header said."""

    marker: Marker
    start: int
    end: int
    pre: list[VLine] = field(default_factory=list)
    title: tuple[int, int] | None = None  # title lines printed above the § line
    whole: bool = False  # one item whose title and text precede its stage line


def line_pitch(vlines: list[VLine], body_size: float) -> float:
    """The usual distance between baselines of body text (the most common one)."""
    diffs: Counter[float] = Counter()
    for a, b in itertools.pairwise(vlines):
        if a.page == b.page:
            d = round((b.top - a.top) * 2) / 2
            if 0.8 * body_size <= d <= 2.2 * body_size:
                diffs[d] += 1
    return diffs.most_common(1)[0][0] if diffs else body_size * 1.25


def _trailing_diary(v: VLine) -> str | None:
    """A diary number printed right-aligned on a heading line, in a run of its own."""
    if len(v.runs) < 2:
        return None
    dm = DIARY_LINE.match(v.runs[-1].text)
    return dm.group("diary") if dm else None


def _runs_on_from_part(vl: list[VLine], v: VLine, doc: DocLayout, pitch: float) -> bool:
    """Whether ``v`` continues the text of a labelled part or a list of stage lines above it
    (no gap between), rather than heading a block of its own."""
    i = v.index
    for _ in range(4):
        if i == 0:
            return False
        prev, cur = vl[i - 1], vl[i]
        if prev.page != cur.page or cur.top - prev.bottom > 0.75 * pitch:
            return False
        if match_stage(prev.runs[0].text) is not None or (
            len(prev.runs) >= 2 and prev.runs[0].x1 < doc.body_x - 2
            and abs(prev.runs[1].x0 - doc.body_x) < 15
        ):
            return True
        i -= 1
    return False


def find_markers(vl: list[VLine], doc: DocLayout, pitch: float = 12.0) -> list[Marker]:
    """Every line that looks like the start of a §, before contents lists are filtered."""
    out: list[Marker] = []
    # A published item page names its number in its header ("Esityslista 29.05.2017 Asianro
    # 4") and prints it bare above the title: that bare number is the item's marker.
    item_numbers = {int(m.group("num")) for v in vl[:40] if v.page <= 2
                    for m in [ITEM_NUMBER.search(v.text)] if m}
    for v in vl:
        first = v.runs[0].text
        if v.x0 > doc.body_x + 0.25 * doc.page_width:
            continue  # right-aligned: page numbers, attachment headers
        if len(v.runs) == 1 and first.isdigit() and int(first) in item_numbers:
            out.append(Marker(v.index, "sign", int(first), None))
            continue
        m = SIGN_FIRST.match(first)
        kind = "sign"
        if not m:
            m = NUM_FIRST.match(first)
            kind = "num"
        if m:
            rest = m.group("rest")
            runs = v.runs[1:-1] if _trailing_diary(v) else v.runs[1:]
            if rest is None and runs:
                rest = " ".join(r.text for r in runs)
            out.append(Marker(v.index, kind, int(m.group("num")), rest))
            continue
        stage = match_stage(first)
        if stage is None:
            continue
        # A stage line at the left edge heads a §; one in the text column does only when it
        # starts a block of its own (templates that indent the heading), not when it runs on
        # from a list of earlier handlings above it.
        if abs(v.x0 - doc.left_x) < 4 or (abs(v.x0 - doc.body_x) < 4
                                          and not _runs_on_from_part(vl, v, doc, pitch)):
            out.append(Marker(v.index, "stage", stage.number, None, stage))
    return out


def drop_contents(markers: list[Marker], vl: list[VLine]) -> list[Marker]:
    """Remove markers that belong to a contents list (front-page TOC, "Ärenden ... Sida")."""
    contents_pages: dict[int, float] = {}
    for v in vl:
        if is_contents_heading(v.runs[0].text) and v.page not in contents_pages:
            contents_pages[v.page] = v.top
    strong = [m for m in markers if m.kind in ("sign", "num")]
    toc: set[int] = set()
    for i, m in enumerate(strong):
        v = vl[m.index]
        if DOT_LEADER.search(v.text):
            toc.add(m.index)
            continue
        if v.page in contents_pages and v.top > contents_pages[v.page]:
            toc.add(m.index)
            continue
        # A dense run of markers on one page, each followed by at most a wrapped title line
        # or two; a short § ("Päätös" beside its text) between two markers is not a contents
        # list.
        near = 0
        for j in (i - 1, i + 1):
            if 0 <= j < len(strong):
                o = strong[j]
                lo, hi = sorted((o.index, m.index))
                between = vl[lo + 1 : hi]
                if vl[o.index].page == v.page and hi - lo <= 3 and not any(
                        len(b.runs) >= 2 and b.runs[0].x1 < b.runs[1].x0 - 6
                        and label_key(b.runs[0].text, fuzzy=True)[0] for b in between):
                    near += 1
        if near >= 1 and sum(1 for o in strong if vl[o.index].page == v.page) >= 3:
            toc.add(m.index)
    return [m for m in markers if m.index not in toc]


def choose_starts(markers: list[Marker], vl: list[VLine], info: DocInfo) -> list[Marker]:
    """The markers that start a §.

    §s are printed in one form, at one place: every § of a document starts with the same kind
    of line ("§ 45", "45 §" or "Kaupunginhallitus 4.3.2024 § 58") in one heading column, and
    their numbers run on. So the markers are grouped by form and column, each group's longest
    run of rising numbers is scored (consecutive numbers count more: a quoted rule
    "33 § Aloiteoikeus" or a sub-heading "8 § Kaupunginhallitus ..." breaks the run) and the
    best group wins. Stage lines count only for this meeting's date; on a tie the § signs win,
    because a document that prints both puts the stage line inside the §.
    """
    date = None
    if info.meeting.date is not None:
        d = info.meeting.date
        date = (d.year, d.month, d.day)
    stages = [m for m in markers if m.kind == "stage" and m.stage is not None]
    dates = Counter(m.stage.date for m in stages if m.stage and m.stage.date)
    if (date is None or date not in dates) and dates:
        top = max(dates.values())
        date = max(d for d, c in dates.items() if c == top)
    groups: dict[tuple[str, int], list[Marker]] = {}
    for m in markers:
        if m.kind == "stage" and (m.stage is None or m.stage.date != date):
            continue
        key = (m.kind, round(vl[m.index].x0 / 8))
        groups.setdefault(key, []).append(m)
    # Neighbouring columns are one column (a heading printed 1-2 points apart on some pages).
    merged: dict[tuple[str, int], list[Marker]] = {}
    for key in sorted(groups, key=lambda k: -len(groups[k])):
        kind, col = key
        target = next((k for k in merged if k[0] == kind and abs(k[1] - col) <= 1), key)
        merged.setdefault(target, []).extend(groups[key])
    best: list[Marker] = []
    best_score = (0.0, 0)
    for (kind, _), ms in merged.items():
        ms.sort(key=lambda m: m.index)
        chain, score = _best_chain(ms)
        rank = (score, 1 if kind in ("sign", "num") else 0)
        if rank > best_score:
            best, best_score = chain, rank
    return best


def _best_chain(markers: list[Marker]) -> tuple[list[Marker], float]:
    """The run of markers with rising § numbers that scores best: one point a marker and half
    a point more for each step to the next number."""
    n = len(markers)
    if n == 0:
        return [], 0.0
    score = [1.0] * n
    prev = [-1] * n
    for i in range(n):
        ni = markers[i].number or 0
        for j in range(i):
            nj = markers[j].number or 0
            if nj < ni:
                cand = score[j] + 1.0 + (0.5 if ni == nj + 1 else 0.0)
                if cand > score[i]:
                    score[i], prev[i] = cand, j
    i = max(range(n), key=lambda k: (score[k], -k))
    top = score[i]
    chain: list[Marker] = []
    while i != -1:
        chain.append(markers[i])
        i = prev[i]
    return chain[::-1], top


def find_appeal(vl: list[VLine], starts: list[Marker], doc: DocLayout) -> int | None:
    """Index where the appeal instructions begin, after the last §'s decision."""
    if not vl:
        return None
    after = starts[-1].index + 1 if starts else 0
    for v in vl[after:]:
        first = v.runs[0]
        heading = len(v.runs) == 1 and (first.bold or abs(first.x0 - doc.left_x) < 4)
        if heading and is_appeal_heading(first.text):
            return v.index
        # Any heading whose next line lists the §s it covers ("§66, §69, §70") opens the
        # appeal instructions, whatever the heading's wording.
        nxt = vl[v.index + 1] if v.index + 1 < len(vl) else None
        if heading and nxt is not None and nxt.page == v.page and SECTION_LIST.match(nxt.text):
            return v.index
    return None


def _pull_back(vl: list[VLine], index: int, floor: int) -> int:
    """Stage and diary lines just above a marker, on its page, belong to the new §."""
    i = index
    while i - 1 >= floor:
        prev = vl[i - 1]
        if prev.page != vl[index].page:
            break
        text = prev.text
        if match_stage(prev.runs[0].text) is not None or match_stage(text) is not None \
                or DIARY_LINE.match(text):
            i -= 1
            continue
        # "730/2017" over "00.01.01.00": the task class of the diary number above.
        if TASK_CLASS_LINE.match(text) and i - 2 >= floor and DIARY_LINE.match(vl[i - 2].text):
            i -= 1
            continue
        break
    return i


# A title wraps over a few lines; more lines in the title's font are text.
_MAX_TITLE_LINES = 4
_LABEL_COLON = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:")


def _is_label_row(v: VLine, doc: DocLayout) -> bool:
    """A margin label with its text beside it, or a line that starts with a known label."""
    first = v.runs[0]
    if label_key(first.text)[0]:
        return True
    lm = _LABEL_COLON.match(first.text)
    if lm and label_key(lm.group("label") + ":")[0]:
        return True
    return (len(v.runs) >= 2 and first.x1 < doc.body_x - 2
            and abs(v.runs[1].x0 - doc.body_x) < 15)


def _title_line(v: VLine, doc: DocLayout, x0: float) -> bool:
    """Could this line be part of a § title printed at the heading column ``x0``?"""
    if _is_label_row(v, doc) or _is_header_item(v) or RULE_LINE.match(v.text):
        return False
    if SIGN_FIRST.match(v.runs[0].text) or NUM_FIRST.match(v.runs[0].text):
        return False
    return abs(v.x0 - x0) < 6


def _right_edge(doc: DocLayout, page: int) -> float:
    """The right edge of the text on a page (the longest line's end)."""
    return doc.right_edges.get(page, doc.page_width)


def _wrapped(v: VLine, nxt: VLine, right: float) -> bool:
    """Whether line ``v`` ran on to ``nxt``: the first word of ``nxt`` would not have fitted
    at the end of ``v`` (a line that ends short ended there)."""
    first = nxt.runs[0].words[0]
    return v.runs[-1].x1 + 0.25 * first.size + (first.x1 - first.x0) > right - 1.0


def _title_above(vl: list[VLine], index: int, floor: int, doc: DocLayout, pitch: float) -> int:
    """Index of the first title line printed right above the line at ``index`` (the § line,
    or a diary number above it), or ``index`` when there is none.

    A title above its § line sits tight on it, at the same column, and the line above the
    title is far away (the previous § ends with a gap) or on another page.
    """
    here = vl[index]
    i = index
    # A page break may fall between a title and its § line (a word processor that does not
    # keep the title with the next line): the title then ends the page before.
    turned = index - 1 >= floor and vl[index - 1].page != here.page
    while i - 1 >= floor and index - i < _MAX_TITLE_LINES:
        prev = vl[i - 1]
        nxt = vl[i]
        if i == index and turned:
            if prev.page != here.page - 1:
                break
        elif prev.page != nxt.page or nxt.top - prev.bottom > 0.75 * pitch:
            break
        if not _title_line(prev, doc, here.x0):
            break
        if i < index and not _wrapped(prev, vl[i], _right_edge(doc, prev.page)):
            break  # a short line above the title ends something else
        i -= 1
    if i == index:
        return index
    j = i  # a diary number printed above the title belongs to the heading too
    while j - 1 >= floor and _is_header_item(vl[j - 1]) and vl[j - 1].page == vl[j].page \
            and vl[j].top - vl[j - 1].bottom < 0.75 * pitch:
        j -= 1
    if j - 1 >= floor:
        before = vl[j - 1]
        if before.page == vl[j].page and vl[j].top - before.bottom < 1.2 * pitch:
            return index  # the lines run on from the text above: not a heading
    return i


def _title_below(vl: list[VLine], j: int, end: int, doc: DocLayout, pitch: float,
                 x0: float) -> int:
    """How many lines from ``j`` form a title printed below the § line (at most three,
    tight together, the first one after at most two blank lines)."""
    n = 0
    while j + n < end and n < _MAX_TITLE_LINES:
        v = vl[j + n]
        prev = vl[j + n - 1]
        gap = v.top - prev.bottom
        # A page break may fall between the § line and its title.
        turned = n == 0 and v.page == prev.page + 1
        if not turned and (v.page != prev.page or gap > (2.6 if n == 0 else 0.75) * pitch):
            break
        if not _title_line(v, doc, x0 if n == 0 else vl[j].x0):
            break
        if n and (v.bold != vl[j].bold or abs(v.size - vl[j].size) > 0.6):
            break  # a title is set in one font
        if n and not _wrapped(prev, v, _right_edge(doc, v.page)):
            break  # the line above ended short: the title ended there
        if v.text.rstrip().endswith(":"):
            break
        n += 1
    return n


def _after_header(vl: list[VLine], index: int, end: int) -> int:
    """The first line after a § line and the diary or stage lines printed under it."""
    j = index + 1
    while j < end and _is_header_item(vl[j]) and vl[j].page == vl[index].page:
        j += 1
    return j


def title_side(vl: list[VLine], starts: list[Marker], doc: DocLayout, pitch: float) -> str:
    """Whether this document prints a §'s title above its § line or below it: the template
    does one or the other throughout, so the §s vote."""
    above = below = 0
    for k, m in enumerate(starts):
        if m.rest:
            continue
        end = starts[k + 1].index if k + 1 < len(starts) else len(vl)
        top = _pull_back(vl, m.index, starts[k - 1].index + 1 if k else 0)
        if _title_above(vl, top, starts[k - 1].index + 1 if k else 0, doc, pitch) < top:
            above += 1
        j = _after_header(vl, m.index, end)
        if _title_below(vl, j, end, doc, pitch, vl[m.index].x0):
            below += 1
    if above == below:
        return "above" if starts and starts[0].kind == "stage" else "below"
    return "above" if above > below else "below"


def lines_to_sections(
    pages: list[list[Line]], doc: DocLayout, settings: Settings, info: DocInfo
) -> tuple[list[Section], TextBlock | None, list[Warning_]]:
    """Split the document into §s and the appeal instructions."""
    vl = to_visual_lines(pages)
    warnings: list[Warning_] = []
    if not vl:
        return [], None, warnings
    pitch = line_pitch(vl, doc.body_size)
    for v in vl:
        edge = v.runs[-1].x1
        if edge > doc.right_edges.get(v.page, 0.0):
            doc.right_edges[v.page] = edge
    found = find_markers(vl, doc, pitch)
    markers = drop_contents(found, vl)
    starts = choose_starts(markers, vl, info)
    appeal_at = find_appeal(vl, starts, doc)
    end_all = appeal_at if appeal_at is not None else len(vl)

    appendix_pages = _appendix_pages(vl, doc)

    regions: list[Region] = []
    contents = [m for m in found if m.kind in ("sign", "num")] or _numbered_contents(vl)
    if not starts and len(contents) >= 3 and not any(m.kind == "stage" for m in found):
        # Every § marker is in a contents list (a meeting's index page): it prints no §.
        warnings.append(Warning_(
            code="contents_only",
            message=f"the document lists {len(contents)} §s but prints none of them",
            page=vl[contents[0].index].page,
        ))
        return [], None, warnings
    if not starts:
        # A single published item (Oulu, Vantaa): the whole text is one § without a number.
        regions.append(Region(Marker(0, "none", None), 0, end_all))
    else:
        bounds: list[int] = []
        titles: list[tuple[int, int] | None] = []
        floor = 0
        side = title_side(vl, starts, doc, pitch)
        for m in starts:
            begin = _pull_back(vl, m.index, floor)
            title_range = None
            if side == "above" and not m.rest:
                above = _title_above(vl, begin, floor, doc, pitch)
                if above < begin:
                    title_range = (above, begin)
                    begin = _pull_back(vl, above, floor)  # a diary number above the title
            bounds.append(begin)
            titles.append(title_range)
            floor = m.index + 1
        whole = False
        if (len(starts) == 1 and starts[0].kind == "stage" and bounds[0] == starts[0].index
                and titles[0] is None):
            bounds[0] = 0  # one item whose title and text precede its stage line
            whole = True
        for k, m in enumerate(starts):
            end = bounds[k + 1] if k + 1 < len(starts) else end_all
            regions.append(Region(m, bounds[k], max(end, m.index + 1), title=titles[k],
                                  whole=whole))

    sections: list[Section] = []
    for region in regions:
        sec, sec_warnings = region_to_section(vl, region, doc, settings, pitch, appendix_pages,
                                              side if starts else "below")
        sections.append(sec)
        warnings.extend(sec_warnings)

    appeal = None
    if appeal_at is not None:
        appeal = fields_stage.lines_to_block(
            [r for v in vl[appeal_at:] for r in v.runs], pitch, settings
        )
    return sections, appeal, warnings


_CONTENTS_ENTRY = re.compile(r"^(?P<num>\d{1,4})\s+\S")


def _numbered_contents(vl: list[VLine]) -> list[Marker]:
    """Entries of a contents table whose numbers have no § sign ("Pykälä Otsikko", then
    "125 Kokouksen laillisuus ..."), under its heading on the same page."""
    out: list[Marker] = []
    heading_page = None
    for v in vl:
        if is_contents_heading(v.runs[0].text):
            heading_page = v.page
            continue
        m = _CONTENTS_ENTRY.match(v.text)
        if heading_page == v.page and m:
            out.append(Marker(v.index, "num", int(m.group("num")), None))
    return out


def _appendix_pages(vl: list[VLine], doc: DocLayout) -> dict[int, str]:
    """Pages headed "Bilaga <body>, <date> § 49" (attachment pages printed after their §)."""
    out: dict[int, str] = {}
    for v in vl:
        if v.page in out or v.top > doc.page_height * 0.2:
            continue
        for r in v.runs:
            if r.x0 > doc.page_width * 0.4 and _APPENDIX_HEADER.match(r.text):
                out[v.page] = r.text
    return out


def _is_header_item(v: VLine) -> bool:
    text = v.text
    return bool(DIARY_LINE.match(text) or _HANDLERS.match(text) or match_stage(v.runs[0].text))


def region_to_section(
    vl: list[VLine],
    region: Region,
    doc: DocLayout,
    settings: Settings,
    pitch: float,
    appendix_pages: dict[int, str],
    side: str = "below",
) -> tuple[Section, list[Warning_]]:
    """One §: its header lines, then its labelled parts. ``side`` says whether the template
    prints titles above or below the § line."""
    m = region.marker
    lines = vl[region.start : region.end]
    warnings: list[Warning_] = []
    header_fields: list[tuple[str, str, VLine]] = []  # (label, key, line)
    diary: str | None = None
    title_parts: list[str] = []
    i = 0

    def header_item(v: VLine, before: bool) -> None:
        nonlocal diary
        dm = DIARY_LINE.match(v.text)
        if TASK_CLASS_LINE.match(v.text) and header_fields and header_fields[-1][1] == "diary" \
                and diary is not None and not task_class_of(diary):
            # The diary number's task class printed on the line below it.
            diary = f"{diary} {v.text.strip()}"
            header_fields.append(("", "diary", v))
            return
        if dm:
            if diary is None:
                diary = dm.group("diary")
            # Kept as a field too, with its printed label ("Dno") when there is one.
            header_fields.append((v.text[: dm.start("diary")].strip(), "diary", v))
        elif match_stage(v.runs[0].text) is not None or match_stage(v.text) is not None:
            # Above a "§ 125" line, stage lines are the processing history (Lapua).
            kind = "history" if before and m.kind in ("sign", "num") else "stage"
            header_fields.append((v.text, kind, v))
        elif before:
            header_fields.append((v.text, "history", v))
        else:
            header_fields.append((v.text, "handlers", v))

    if m.kind != "none" and not region.whole:
        # Lines pulled back above the marker: the title (when the template prints it there),
        # the diary number and the processing history.
        while i < len(lines) and lines[i].index < m.index:
            v = lines[i]
            if region.title and region.title[0] <= v.index < region.title[1]:
                title_parts.append(v.text)
            else:
                header_item(v, before=True)
            i += 1
        marker_line = lines[i]
        trailing = _trailing_diary(marker_line)
        if m.kind == "stage":
            header_fields.append((marker_line.runs[0].text, "stage", marker_line))
        if trailing is not None:
            header_item(VLine(runs=[marker_line.runs[-1]], index=marker_line.index), False)
        if m.rest:
            title_parts.append(m.rest)
        i += 1
        # A title printed on the § line may wrap: lines right below it in the same font.
        while m.rest and i < len(lines):
            v = lines[i]
            if v.page != marker_line.page or _is_header_item(v) or _is_label_row(v, doc):
                break
            if v.text.rstrip().endswith(":") or label_key(v.text, fuzzy=v.bold)[0]:
                break  # a bold label right below the title ("Ordförandes förslag:")
            if SIGN_FIRST.match(v.text) or NUM_FIRST.match(v.text):
                i += 1  # the number printed again in larger type ("14 §" under "14§ Title")
                continue
            if v.top - lines[i - 1].bottom > 0.75 * pitch or v.bold != marker_line.bold \
                    or abs(v.size - marker_line.size) > 0.6 \
                    or not _wrapped(lines[i - 1], v, _right_edge(doc, v.page)):
                break
            title_parts.append(v.text)
            i += 1
        # Stage line, diary number and handler initials right after the § line.
        while i < len(lines) and _is_header_item(lines[i]):
            header_item(lines[i], before=False)
            i += 1
        if not title_parts and side == "below" and i < len(lines):
            n = _title_below(vl, lines[i].index, region.end, doc, pitch, marker_line.x0)
            title_parts.extend(v.text for v in lines[i : i + n])
            i += n
            while i < len(lines) and _is_header_item(lines[i]):
                header_item(lines[i], before=False)
                i += 1
    else:
        # Unnumbered items: the title is the heading at the top of the item, below any
        # letterhead the running-header pass could not see (one-page items).
        while i < len(lines) and is_letterhead(lines[i].text):
            i += 1
        first_title = i
        while i < len(lines) and not _is_header_item(lines[i]):
            v = lines[i]
            heading = v.bold or v.size > doc.body_size + 0.5
            if not heading or (title_parts and (
                v.top - lines[i - 1].bottom > 1.5 * pitch or abs(v.x0 - lines[first_title].x0) > 20
            )):
                break
            title_parts.append(v.text)
            i += 1
        # Stage line, diary number and handler initials right after the title.
        while i < len(lines) and _is_header_item(lines[i]):
            header_item(lines[i], before=False)
            i += 1

    body = [v for v in lines[i:] if v.page not in appendix_pages]
    appendix = [v for v in lines[i:] if v.page in appendix_pages]
    parts = fields_stage.lines_to_fields(body, doc, settings, pitch)
    head = [
        fields_stage.make_field(label if key != "handlers" else "", key, [v], pitch, settings)
        for label, key, v in header_fields
    ]
    if appendix:
        by_page: dict[int, list[VLine]] = {}
        for v in appendix:
            by_page.setdefault(v.page, []).append(v)
        for page, vs in by_page.items():
            parts.append(
                fields_stage.make_field(appendix_pages[page], "appendix", vs, pitch, settings)
            )
    all_fields = head + parts

    title_text = ""
    for part in title_parts:
        title_text = join_hyphenated(title_text, part.strip())
    title = title_text.strip() or None
    page_set = sorted({v.page for v in lines})
    if title is None:
        warnings.append(Warning_(
            code="no_title",
            message=f"§ {m.number if m.number is not None else '?'} has no title",
            page=page_set[0] if page_set else None,
            section=m.number,
        ))
    sec = Section(number=m.number, title=title, diary_number=diary, pages=page_set,
                  fields=all_fields)
    fields_stage.fields_to_section(sec)
    if sec.diary_number and not sec.task_class:
        sec.task_class = task_class_of(sec.diary_number)
    return sec, warnings
