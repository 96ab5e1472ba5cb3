"""Stage: the front matter's layout, the pages before the first § and their labelled blocks.

A label sits at the left edge of the page and its value is everything after it on the same
baseline and on the following lines, up to the next label. Labels come from
:data:`~hytedocs.vocabulary.FRONT_LABELS` and are matched fuzzily because some producers drop
ligature letters ("Sammanträdestd").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..text import clean_text, fold
from ..vocabulary import (
    CHECKBOX_EMPTY,
    CHECKBOX_TICKED,
    FRONT_LABELS,
    MEMBER_COLUMNS,
)
from .lines import Line, body_font_size

_SECTION_HEAD = re.compile(r"^(§\s*\d+\b|\d+\s*§)")

# Label lines are short; longer lines at the left edge are text.
_MAX_LABEL_WORDS = 6

# How closely a printed label must match a vocabulary label (difflib ratio).
_LABEL_MATCH = 0.88

# A bold line alone at the label column is a heading by its look, so a damaged text layer that
# swaps several letters ("Elektrinhnk pritikilljunterhng") may still be matched, more loosely.
_BOLD_LABEL_MATCH = 0.7

# Blocks that list people.
_PEOPLE_KEYS = ("members", "others", "absent")

# The front matter never runs longer than this many pages.
_MAX_FRONT_PAGES = 4


def _match(text: str, labels: tuple[str, ...] | list[str]) -> float:
    """How well a folded text matches the best of some labels: 1.0 for an exact match."""
    best = 0.0
    for lab in labels:
        if text == lab:
            return 1.0
        # Short labels ("aika", "tid") only match exactly: fuzzy matching would take words.
        if len(lab) >= 8:
            # The length bound skips most labels before any comparison (and every label for a
            # text too long to pass any threshold: difflib is quadratic in the text's length);
            # the matcher for a label is built once (difflib indexes its second sequence).
            bound = 2 * min(len(text), len(lab)) / (len(text) + len(lab))
            if bound <= best or bound < _BOLD_LABEL_MATCH:
                continue
            sm = _matcher(lab)
            sm.set_seq1(text)
            if sm.quick_ratio() > best:
                best = max(best, sm.ratio())
    return best


@lru_cache(maxsize=1024)
def _matcher(label: str) -> SequenceMatcher[str]:
    return SequenceMatcher(None, "", label, autojunk=False)


@lru_cache(maxsize=8192)
def _label_key_exact(text: str, fuzzy: bool = True) -> str | None:
    t = fold(text).rstrip(":").strip()
    if not t or len(t.split()) > _MAX_LABEL_WORDS or any(ch.isdigit() for ch in t):
        return None
    if not fuzzy:
        return next((k for k, labels in FRONT_LABELS.items() if t in labels), None)
    scored = [(_match(t, labels), key) for key, labels in FRONT_LABELS.items()]
    score, key = max(scored)
    return key if score >= _LABEL_MATCH else None


@lru_cache(maxsize=8192)
def _loose_label_key(text: str) -> str | None:
    """The key of a whole-line label matched with :data:`_BOLD_LABEL_MATCH`."""
    t = fold(text).rstrip(":").strip()
    if not t or len(t.split()) > _MAX_LABEL_WORDS or any(ch.isdigit() for ch in t):
        return None
    score, key = max((_match(t, labels), key) for key, labels in FRONT_LABELS.items())
    return key if score >= _BOLD_LABEL_MATCH else None


def front_label(text: str) -> tuple[str, str] | None:
    """The front-matter key of a printed label and the value printed after it in the same run
    ("Ärenden 10§–19§", "Aika: 10.11.2025"), or None when the text is not a label."""
    key = _label_key_exact(text)
    if key is not None:
        return key, ""
    m = re.match(r"^([^\d:]{3,60}?)\s*(?::\s*|(?=\d))(.+)$", clean_text(text))
    if m:
        key = _label_key_exact(m.group(1))
        if key is not None:
            return key, m.group(2).strip()
    # A label and its value in one run when the gap between them is narrow
    # ("Pöytäkirjan tarkastajat Korhonen, Anne"): the longest label-like head wins.
    words = clean_text(text).split()
    for n in range(min(len(words) - 1, _MAX_LABEL_WORDS), 0, -1):
        if not words[n][:1].isupper():
            continue
        key = _label_key_exact(" ".join(words[:n]), fuzzy=False)
        if key is not None:
            return key, " ".join(words[n:])
    return None


_LONGEST_COLUMN = max(map(len, MEMBER_COLUMNS))


@lru_cache(maxsize=4096)  # a pure function of the text; every members table repeats its heads
def _column_kind(text: str) -> str | None:
    t = fold(text).rstrip(":")
    if len(t) > 2 * _LONGEST_COLUMN:
        return None  # no ratio can reach _LABEL_MATCH, and difflib is quadratic in len(t)
    best = max(MEMBER_COLUMNS, key=lambda lab: SequenceMatcher(None, t, lab).ratio())
    exact = MEMBER_COLUMNS.get(t)
    if exact:
        return exact
    return MEMBER_COLUMNS[best] if _match(t, [best]) >= _LABEL_MATCH else None


@dataclass
class _Block:
    key: str
    label: Line
    values: list[Line]
    rest: str = ""  # value text printed in the label's own run


def _labels_on(page: list[Line]) -> list[str]:
    found = (front_label(ln.text) for ln in page if _first_on_baseline(ln, page))
    return [f[0] for f in found if f]


def _is_contents_page(page: list[Line]) -> bool:
    """A page that only continues the contents list: "§ 60" lines and their titles."""
    heads = [ln for ln in page if _SECTION_HEAD.match(ln.text)]
    return bool(page) and bool(_SECTION_HEAD.match(page[0].text)) and all(
        ln.baseline_id in {h.baseline_id for h in heads} or ln.bold for ln in page)


def front_pages(lines: list[list[Line]]) -> list[list[Line]]:
    """The pages before the first §: the first page and the pages after it that carry
    front-matter labels, or that only continue the contents list of the page before."""
    out: list[list[Line]] = []
    last_key: str | None = None
    for i, page in enumerate(lines[:_MAX_FRONT_PAGES]):
        keys = _labels_on(page)
        if i > 0 and not keys and not (last_key == "items" and _is_contents_page(page)):
            break
        out.append(page)
        last_key = keys[-1] if keys else last_key
    return out


def _first_on_baseline(ln: Line, page: list[Line]) -> bool:
    """No other line of ``page`` starts left of ``ln`` on its baseline."""
    starts, _ = _baseline_index(page)
    return ln.x0 <= starts.get(ln.baseline_id, ln.x0)


# The last page indexed: its lines' leftmost start and count per baseline. Callers ask about
# every line of one page in turn; comparing each line with every other was quadratic (a page
# of 10,000 one-word lines took minutes).
_INDEXED: tuple[list[Line], int, dict[int, float], Counter[int]] | None = None


def _baseline_index(page: list[Line]) -> tuple[dict[int, float], Counter[int]]:
    global _INDEXED
    known = _INDEXED
    if known is not None and known[0] is page and known[1] == len(page):
        return known[2], known[3]
    starts: dict[int, float] = {}
    counts: Counter[int] = Counter()
    for o in page:
        counts[o.baseline_id] += 1
        if o.x0 < starts.get(o.baseline_id, float("inf")):
            starts[o.baseline_id] = o.x0
    _INDEXED = (page, len(page), starts, counts)
    return starts, counts


def front_blocks(pages: list[list[Line]], body_size: float = 0.0) -> list[_Block]:
    """Split the front matter into labelled blocks, continuing a block across a page break."""
    blocks: list[_Block] = []
    for page in pages:
        # Small print (a signing-service stamp in the corner) does not set the label column:
        # only lines in the page's own dominant size (or larger) do.
        page_size = body_font_size(page) if page else body_size
        sized = [ln for ln in page if ln.size >= min(body_size, page_size) - 0.5] or page
        if not sized:
            continue
        left = min(ln.x0 for ln in sized)
        for ln in page:
            found = None
            if _first_on_baseline(ln, page) and left - 3 <= ln.x0 <= left + 20:
                found = front_label(ln.text)
                if found is None and ln.bold and _only_run(ln, page):
                    key = _loose_label_key(ln.text)
                    found = (key, "") if key else None
            if found is not None:
                blocks.append(_Block(found[0], ln, [], found[1]))
            elif _strip_checkbox(ln.text)[1] is not None and (
                    not blocks or blocks[-1].key not in _PEOPLE_KEYS):
                # Tick-box rows ("[X] Caldén Anna, ordförande") are an attendance list whatever
                # heading stands above them: a damaged text layer garbles the heading
                # ("Benlutande irdhnarhe" for "Beslutande ordinarie") but not the boxes.
                blocks.append(_Block("members", ln, [ln]))
            elif blocks:
                blocks[-1].values.append(ln)
    return blocks


def _only_run(ln: Line, page: list[Line]) -> bool:
    return _baseline_index(page)[1][ln.baseline_id] == 1


def _strip_checkbox(text: str) -> tuple[str, bool | None]:
    t = text.strip()
    low = t.lower()
    for mark in CHECKBOX_TICKED:
        if low.startswith(mark):
            return t[len(mark):].strip(), True
    for mark in CHECKBOX_EMPTY:
        if low.startswith(mark):
            return t[len(mark):].strip(), False
    return t, None


def _is_rule(text: str) -> bool:
    return set(text.strip()) <= set("_-–. ")
