"""Stage 2: words -> lines.

A :class:`Line` here is one *run* of words on a baseline: where a line has a wide gap (a margin
label and its value, or table cells), it becomes several runs that share a baseline. Runs keep
reading order: top to bottom, then left to right.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from ..pdf.source import PageWords, Word, font_is_bold
from ..settings import Settings
from ..text import clean_text


@dataclass(slots=True)
class Line:
    """A run of words on one baseline, with its geometry and dominant font."""

    words: list[Word]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    size: float
    bold: bool
    baseline_id: int  # runs cut from one visual line share this id

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def bbox(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


_COUNT = itemgetter(1)
_TOP_X0 = attrgetter("top", "x0")
_X0 = attrgetter("x0")


def make_line(words: list[Word], baseline_id: int) -> Line:
    text = clean_text(" ".join([w.text for w in words]))
    # One pass for the edges, the size that carries the most characters (the first such in
    # word order, as Counter.most_common) and the bold share: a page has hundreds of runs.
    sizes: dict[float, int] = {}
    bold_chars = 0
    total = 0
    first = words[0]
    x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
    for w in words:
        n = len(w.text)
        key = round(w.size, 1)
        sizes[key] = sizes.get(key, 0) + n
        total += n
        if font_is_bold(w.fontname):
            bold_chars += n
        if w.x0 < x0:
            x0 = w.x0
        if w.x1 > x1:
            x1 = w.x1
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
    return Line(
        words=words,
        text=text,
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        page=first.page,
        size=max(sizes.items(), key=_COUNT)[0] if sizes else 0.0,
        bold=total > 0 and bold_chars * 2 > total,
        baseline_id=baseline_id,
    )


def words_to_lines(page: PageWords, settings: Settings, first_id: int = 0) -> list[Line]:
    """Group a page's words into runs, in reading order. Linear after one sort."""
    # A word of printable characters is kept as is; only the rest (zero-width spaces, glyphs
    # without Unicode) needs cleaning to see whether anything is left.
    words = [w for w in page.words if w.text.isprintable() or clean_text(w.text)]
    if not words:
        return []
    words.sort(key=_TOP_X0)
    # Cluster by vertical overlap: a word joins the current visual line when its middle lies
    # within the line's vertical extent. Superscripts and mixed font sizes stay on their line.
    visual: list[list[Word]] = []
    cur: list[Word] = []
    cur_top = cur_bottom = 0.0
    for w in words:
        mid = (w.top + w.bottom) / 2
        if cur and cur_top - 0.5 <= mid <= cur_bottom + 0.5:
            cur.append(w)
            cur_bottom = max(cur_bottom, w.bottom)
        else:
            if cur:
                visual.append(cur)
            cur = [w]
            cur_top, cur_bottom = w.top, w.bottom
    if cur:
        visual.append(cur)

    out: list[Line] = []
    bid = first_id
    for vline in visual:
        vline.sort(key=_X0)
        vline = _join_touching(vline, settings)
        run: list[Word] = [vline[0]]
        for w in vline[1:]:
            prev = run[-1]
            em = max(prev.size, w.size, 1.0)
            if w.x0 - prev.x1 > settings.run_gap_em * em:
                out.append(make_line(run, bid))
                run = [w]
            else:
                run.append(w)
        out.append(make_line(run, bid))
        bid += 1
    return out


def _join_touching(words: list[Word], settings: Settings) -> list[Word]:
    """One word from pieces that touch in one font: small capitals are set as a full-size
    capital and smaller ones ("P" + "ÄÄTÖS"), which the word extraction splits by size."""
    out = [words[0]]
    for w in words[1:]:
        prev = out[-1]
        if (w.fontname == prev.fontname and w.size != prev.size
                and -0.5 < w.x0 - prev.x1 < settings.touch_gap_em * min(w.size, prev.size)
                and prev.text[-1:].isalpha() and w.text[:1].isalpha()):
            out[-1] = dataclasses.replace(
                prev, text=prev.text + w.text, x1=w.x1, top=min(prev.top, w.top),
                bottom=max(prev.bottom, w.bottom), size=max(prev.size, w.size))
        else:
            out.append(w)
    return out


def body_font_size(lines: Iterable[Line]) -> float:
    """The font size carrying the most characters: the document's body text size."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def lines_text(lines: Sequence[Line]) -> str:
    """Plain text of runs, one visual line per text line (runs on a baseline joined by a tab)."""
    parts: list[str] = []
    prev_id: int | None = None
    for ln in lines:
        if prev_id is not None and ln.baseline_id == prev_id:
            parts.append("\t" + ln.text)
        else:
            if parts:
                parts.append("\n")
            parts.append(ln.text)
        prev_id = ln.baseline_id
    return "".join(parts)


@dataclass(slots=True)
class VLine:
    """A visual line: the runs that share one baseline, left to right."""

    runs: list[Line]
    index: int = 0

    @property
    def page(self) -> int:
        return self.runs[0].page

    @property
    def top(self) -> float:
        return self.runs[0].top

    @property
    def bottom(self) -> float:
        return max(r.bottom for r in self.runs)

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def text(self) -> str:
        return " ".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        return all(r.bold for r in self.runs)

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)


def to_visual_lines(pages: list[list[Line]]) -> list[VLine]:
    out: list[VLine] = []
    for lines in pages:
        for ln in lines:
            if out and out[-1].runs[-1].baseline_id == ln.baseline_id:
                out[-1].runs.append(ln)
            else:
                out.append(VLine(runs=[ln], index=len(out)))
    return out
