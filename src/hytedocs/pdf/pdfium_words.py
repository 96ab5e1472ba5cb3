"""Word building for the fast backend (:mod:`hytedocs.pdf.pdfium_backend`): characters
grouped into words by the rules of pdfplumber's ``extract_words`` as the default backend calls
it (x_tolerance 3, y_tolerance 3, no blank characters, no text flow).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from .source import Word

# pdfplumber's extract_words defaults, which the default backend uses.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# pdfplumber.utils.text.LIGATURES: expanded in word text, one character box each.
LIGATURES = {
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb06": "st",
    "\ufb05": "st",
}
# One character as the word builder needs it:
# (text, x0, x1, top, bottom, upright, fontname, size).
Char = tuple[str, float, float, float, float, bool, str, float]
_X0 = itemgetter(1)


def _cluster_ids(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's cluster_list: the sorted distinct values, chained while each lies within
    the tolerance of the one before."""
    ids: dict[float, int] = {}
    cluster = -1
    last = 0.0
    for v in sorted(set(values)):
        if cluster < 0 or v > last + tolerance:
            cluster += 1
        ids[v] = cluster
        last = v
    return ids


def chars_to_words(chars: list[Char], page: int) -> list[Word]:
    """pdfplumber's ``extract_words`` on characters, with its word order."""
    words: list[Word] = []
    n = len(chars)
    start = 0
    while start < n:
        first = chars[start]
        upright, fontname, size = first[5], first[6], first[7]
        end = start + 1
        while end < n:
            c = chars[end]
            if c[7] != size or c[6] != fontname or c[5] != upright:
                break
            end += 1
        if upright:
            _upright_words(chars[start:end], page, words)
        else:
            _group_words(chars[start:end], page, words)
        start = end
    return words


def _upright_words(group: list[Char], page: int, out: list[Word]) -> None:
    """:func:`_group_words` for upright text, the common case, without per-word lists: a
    word's edges are kept as it grows (min and max over its characters, as in
    :func:`_merge`)."""
    tops = [c[3] for c in group]
    if max(tops) <= min(tops) + Y_TOLERANCE:
        # Then every top is within the tolerance of the next smaller one (rounding is
        # monotonic): _cluster_ids would find one line.
        lines = [group]
    else:
        ids = _cluster_ids(tops, Y_TOLERANCE)
        by_line: dict[int, list[Char]] = {}
        # Characters come line by line: look the line up only when the top changes.
        last: float | None = None
        bucket: list[Char] = []
        for c, c_top in zip(group, tops, strict=True):
            if c_top != last:
                last = c_top
                bucket = by_line.setdefault(ids[c_top], [])
            bucket.append(c)
        lines = [by_line[k] for k in sorted(by_line)]
    ligatures = LIGATURES
    append = out.append
    for line in lines:
        line.sort(key=_X0)
        parts: list[str] = []
        x0 = x1 = top = bottom = size = 0.0
        last_x0 = last_x1 = last_top = 0.0
        fontname = ""
        for t, cx0, cx1, ctop, cbottom, _, cfont, csize in line:
            if t.isspace():
                if parts:
                    append(Word("".join(parts), x0, x1, top, bottom, fontname, size, page))
                    parts = []
                continue
            if parts:
                if (cx0 < last_x0 or cx0 > last_x1 + X_TOLERANCE
                        or ctop - last_top > Y_TOLERANCE or last_top - ctop > Y_TOLERANCE):
                    append(Word("".join(parts), x0, x1, top, bottom, fontname, size, page))
                    parts = [ligatures.get(t, t)]
                    x0, x1, top, bottom, fontname, size = cx0, cx1, ctop, cbottom, cfont, csize
                else:
                    parts.append(ligatures.get(t, t))
                    if cx0 < x0:
                        x0 = cx0
                    if cx1 > x1:
                        x1 = cx1
                    if ctop < top:
                        top = ctop
                    if cbottom > bottom:
                        bottom = cbottom
            else:
                parts = [ligatures.get(t, t)]
                x0, x1, top, bottom, fontname, size = cx0, cx1, ctop, cbottom, cfont, csize
            last_x0, last_x1, last_top = cx0, cx1, ctop
        if parts:
            append(Word("".join(parts), x0, x1, top, bottom, fontname, size, page))


def _group_words(group: list[Any], page: int, out: list[Word]) -> None:
    """One run of same-font characters: lines, then words (pdfplumber's WordExtractor)."""
    upright = group[0][5]
    across_key = 3 if upright else 1  # lines cluster on top (or x0 for rotated text)
    ids = _cluster_ids([c[across_key] for c in group], Y_TOLERANCE if upright else X_TOLERANCE)
    if len(ids) == 1:
        lines = [group]
    else:
        by_line: dict[int, list[Char]] = {}
        for c in group:
            by_line.setdefault(ids[c[across_key]], []).append(c)
        lines = [by_line[k] for k in sorted(by_line)]
    # Along the line: x0..x1 for upright text, top..bottom for rotated; "across" compares
    # top (or x0) of neighbours.
    lo, hi, across = (1, 2, 3) if upright else (3, 4, 1)
    for line in lines:
        if upright:
            line.sort(key=lambda c: c[1])
        else:
            line.sort(key=lambda c: (c[3], c[4]))
        current: list[Any] = []
        for ch in line:
            if ch[0].isspace():
                if current:
                    out.append(_merge(current, page))
                    current = []
            elif current and (
                ch[lo] < current[-1][lo]
                or ch[lo] > current[-1][hi] + X_TOLERANCE
                or abs(ch[across] - current[-1][across]) > Y_TOLERANCE
            ):
                out.append(_merge(current, page))
                current = [ch]
            else:
                current.append(ch)
        if current:
            out.append(_merge(current, page))


def _merge(chars: list[Char], page: int) -> Word:
    first = chars[0]
    if len(chars) == 1:
        return Word(text=LIGATURES.get(first[0], first[0]), x0=first[1], x1=first[2],
                    top=first[3], bottom=first[4], fontname=first[6], size=first[7], page=page)
    return Word(
        text="".join([LIGATURES.get(c[0], c[0]) for c in chars]),
        x0=min([c[1] for c in chars]),
        x1=max([c[2] for c in chars]),
        top=min([c[3] for c in chars]),
        bottom=max([c[4] for c in chars]),
        fontname=first[6],
        size=first[7],
        page=page,
    )
