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
    NUM_FIRST,
    SECTION_LIST,
    SIGN_FIRST,
    StageLine,
    is_appeal_heading,
    is_contents_heading,
    is_letterhead,
    label_key,
    match_stage,
    task_class_of,
)
from ..settings import Settings
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


def line_pitch(vlines: list[VLine], body_size: float) -> float:
    """The usual distance between baselines of body text (the most common one)."""
    diffs: Counter[float] = Counter()
    for a, b in itertools.pairwise(vlines):
        if a.page == b.page:
            d = round((b.top - a.top) * 2) / 2
            if 0.8 * body_size <= d <= 2.2 * body_size:
                diffs[d] += 1
    return diffs.most_common(1)[0][0] if diffs else body_size * 1.25


def find_markers(vl: list[VLine], doc: DocLayout) -> list[Marker]:
    """Every line that looks like the start of a §, before contents lists are filtered."""
    out: list[Marker] = []
    for v in vl:
        first = v.runs[0].text
        if v.x0 > doc.body_x + 0.25 * doc.page_width:
            continue  # right-aligned: page numbers, attachment headers
        m = SIGN_FIRST.match(first)
        kind = "sign"
        if not m:
            m = NUM_FIRST.match(first)
            kind = "num"
        if m:
            rest = m.group("rest")
            if rest is None and len(v.runs) > 1:
                rest = " ".join(r.text for r in v.runs[1:])
            out.append(Marker(v.index, kind, int(m.group("num")), rest))
            continue
        stage = match_stage(first)
        if stage is not None and abs(v.x0 - doc.left_x) < 4:
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
        # A dense run of markers on one page, each followed by at most a wrapped title line.
        near = 0
        for j in (i - 1, i + 1):
            if 0 <= j < len(strong):
                o = strong[j]
                if vl[o.index].page == v.page and abs(o.index - m.index) <= 3:
                    near += 1
        if near >= 1 and sum(1 for o in strong if vl[o.index].page == v.page) >= 3:
            toc.add(m.index)
    return [m for m in markers if m.index not in toc]


def choose_starts(markers: list[Marker], vl: list[VLine], info: DocInfo) -> list[Marker]:
    """The markers that start a §: strong ones if any, else this meeting's stage lines."""
    strong = [m for m in markers if m.kind in ("sign", "num")]
    if strong:
        # §s are printed in one heading column; a "123 § Jatkokokous" quoted from the
        # administrative rules inside a § sits in the text column.
        xs = Counter(round(vl[m.index].x0 / 4) for m in strong)
        column = xs.most_common(1)[0][0] * 4
        return _increasing([m for m in strong if abs(vl[m.index].x0 - column) <= 8])
    stages = [m for m in markers if m.kind == "stage" and m.stage is not None]
    if not stages:
        return []
    date = None
    if info.meeting.date is not None:
        d = info.meeting.date
        date = (d.year, d.month, d.day)
    dates = Counter(m.stage.date for m in stages if m.stage and m.stage.date)
    if date is None or date not in dates:
        if not dates:
            return []
        top = max(dates.values())
        date = max(d for d, c in dates.items() if c == top)
    return _increasing([m for m in stages if m.stage is not None and m.stage.date == date])


def _increasing(markers: list[Marker]) -> list[Marker]:
    """The longest run of markers whose § numbers rise in reading order.

    A lower or repeated number is an appeal list entry or a reference; a stray higher one
    (a quoted rule) must not hide the real §s after it, so this is the longest increasing
    subsequence, not a greedy pass.
    """
    n = len(markers)
    if n == 0:
        return []
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        ni = markers[i].number or 0
        for j in range(i):
            if (markers[j].number or 0) < ni and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=lambda k: (best[k], -k))
    chain: list[Marker] = []
    while i != -1:
        chain.append(markers[i])
        i = prev[i]
    return chain[::-1]


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
        if match_stage(prev.runs[0].text) is not None or DIARY_LINE.match(text):
            i -= 1
            continue
        break
    return i


def _title_above(vl: list[VLine], index: int, floor: int, doc: DocLayout, pitch: float) -> int:
    """For a stage-line marker: heading lines right above it (bold or larger than body)."""
    i = index
    while i - 1 >= floor and index - i < 4:
        prev = vl[i - 1]
        if prev.page != vl[index].page:
            break
        heading = prev.bold or prev.size > doc.body_size + 0.5
        if not heading or vl[i].top - prev.bottom > 2.5 * pitch:
            break
        i -= 1
    return i


def lines_to_sections(
    pages: list[list[Line]], doc: DocLayout, settings: Settings, info: DocInfo
) -> tuple[list[Section], TextBlock | None, list[Warning_]]:
    """Split the document into §s and the appeal instructions."""
    vl = to_visual_lines(pages)
    warnings: list[Warning_] = []
    if not vl:
        return [], None, warnings
    pitch = line_pitch(vl, doc.body_size)
    markers = drop_contents(find_markers(vl, doc), vl)
    starts = choose_starts(markers, vl, info)
    appeal_at = find_appeal(vl, starts, doc)
    end_all = appeal_at if appeal_at is not None else len(vl)

    appendix_pages = _appendix_pages(vl, doc)

    regions: list[Region] = []
    if not starts:
        # A single published item (Oulu, Vantaa): the whole text is one § without a number.
        regions.append(Region(Marker(0, "none", None), 0, end_all))
    else:
        bounds: list[int] = []
        floor = 0
        for m in starts:
            begin = _pull_back(vl, m.index, floor)
            if m.kind == "stage":
                begin = _title_above(vl, begin, floor, doc, pitch)
            bounds.append(begin)
            floor = m.index + 1
        if len(starts) == 1 and starts[0].kind == "stage" and bounds[0] == starts[0].index:
            bounds[0] = 0  # one item whose title and text precede its stage line
        for k, m in enumerate(starts):
            end = bounds[k + 1] if k + 1 < len(starts) else end_all
            regions.append(Region(m, bounds[k], max(end, m.index + 1)))

    sections: list[Section] = []
    for region in regions:
        sec, sec_warnings = region_to_section(vl, region, doc, settings, pitch, appendix_pages)
        sections.append(sec)
        warnings.extend(sec_warnings)

    appeal = None
    if appeal_at is not None:
        appeal = fields_stage.lines_to_block(
            [r for v in vl[appeal_at:] for r in v.runs], pitch, settings
        )
    return sections, appeal, warnings


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
) -> tuple[Section, list[Warning_]]:
    """One §: its header lines, then its labelled parts."""
    m = region.marker
    lines = vl[region.start : region.end]
    warnings: list[Warning_] = []
    header_fields: list[tuple[str, str, VLine]] = []  # (label, key, line)
    diary: str | None = None
    title_parts: list[str] = []
    i = 0
    if m.kind in ("sign", "num"):
        # Lines pulled back above the marker: the processing history and the diary number.
        while i < len(lines) and lines[i].index < m.index:
            v = lines[i]
            dm = DIARY_LINE.match(v.text)
            if dm:
                diary = dm.group("diary")
                header_fields.append((v.text[: dm.start("diary")].strip(), "diary", v))
            else:
                header_fields.append((v.text, "history", v))
            i += 1
        marker_line = lines[i]
        if m.rest:
            title_parts.append(m.rest)
        i += 1
        # Title continuation: bold lines right below the marker.
        while i < len(lines):
            v = lines[i]
            if v.page != marker_line.page or not v.bold or _is_header_item(v):
                break
            if v.text.rstrip().endswith(":") or label_key(v.text)[0]:
                break  # a bold label right below the title ("Ordförandes förslag:")
            if SIGN_FIRST.match(v.text) or NUM_FIRST.match(v.text):
                i += 1  # the number printed again in larger type ("14 §" under "14§ Title")
                continue
            if v.top - lines[i - 1].bottom > 1.5 * pitch:
                break
            title_parts.append(v.text)
            i += 1
    else:
        # Stage-line and unnumbered items: the title is the heading at the top of the item,
        # below any letterhead the running-header pass could not see (one-page items).
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
        v = lines[i]
        dm = DIARY_LINE.match(v.text)
        if dm and diary is None:
            diary = dm.group("diary")
            # Kept as a field too, with its printed label ("Dno") when there is one.
            header_fields.append((v.text[: dm.start("diary")].strip(), "diary", v))
        elif match_stage(v.runs[0].text) is not None:
            header_fields.append((v.text, "stage", v))
        else:
            header_fields.append((v.text, "handlers", v))
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

    title = " ".join(title_parts).strip() or None
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
