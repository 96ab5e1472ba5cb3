"""Cut the text of a § into sentences, each with the page it is printed on.

Minutes are full of lists, tables and label lines that have no full stop, so a line break ends
a sentence as well as ". " before a capital letter (unless the stop ends an abbreviation such
as "esim." or a number such as a date).

The page of a sentence: a block knows only the pages it spans, so a sentence is given the page at
the relative position of its middle in the block (a block over pages 3-4 puts its first half on
page 3). This is exact for one-page blocks and close for longer ones, whose lines fill the
pages evenly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import TextBlock
from ..patterns import BULLET
from ..vocabulary import SENTENCE_ABBREVIATIONS

# Which part of the § a sentence comes from; it decides the sentence's weight.
TITLE, BODY, DECISION, PROPOSAL, PRIOR = "title", "body", "decision", "proposal", "prior"

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“”(]?[A-ZÅÄÖ0-9])")
# Starts only where a word starts: from inside a long word it rescanned the word (quadratic).
_LAST_WORD = re.compile(r"(?<!\S)(\S+)\.$")
# Longest sentence kept whole; longer runs (tables flattened into one line) are cut.
MAX_SENTENCE_CHARS = 600


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int | None
    part: str
    # Where the sentence sits in its §, for scoring that reads the structure (set by
    # ``mark_structure``): its paragraph (a text line of the block), the enumeration it is an
    # item of (-1: none) and the numbered or bulleted item it belongs to (-1: none).
    para: int = 0
    enum: int = -1
    item: int = -1
    # The line it is printed on starts with a bullet or an item number.
    marked: bool = False


def block_sentences(block: TextBlock | None, part: str) -> list[Sentence]:
    """The sentences of one text block, in order; ``para`` is the line's index in the block."""
    if block is None or not block.text.strip():
        return []
    text = block.text
    pages = block.pages
    out: list[Sentence] = []
    pos = 0
    for index, line in enumerate(text.split("\n")):
        start = text.find(line, pos)
        pos = start + len(line)
        marked = BULLET.match(line.lstrip()) is not None
        for offset, sent in _split_line(line):
            cleaned = sent.strip()
            if len(cleaned) < 2:
                continue
            middle = start + offset + len(sent) // 2
            out.append(Sentence(cleaned, _page_at(pages, middle, len(text)), part, para=index,
                                marked=marked and offset == 0))
    return out


def text_sentences(text: str, page: int | None, part: str) -> list[Sentence]:
    """Sentences of a plain string printed on one page (a title)."""
    return block_sentences(TextBlock(text=text, pages=[page] if page else []), part)


def _split_line(line: str) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        head = line[start:m.start()].rstrip()
        if _ends_in_abbreviation(head):
            continue
        pieces.append((start, line[start:m.start()]))
        start = m.end()
    pieces.append((start, line[start:]))
    out: list[tuple[int, str]] = []
    for offset, piece in pieces:
        while len(piece) > MAX_SENTENCE_CHARS:
            cut = piece.rfind(" ", 0, MAX_SENTENCE_CHARS)
            cut = cut if cut > 0 else MAX_SENTENCE_CHARS
            out.append((offset, piece[:cut]))
            offset, piece = offset + cut, piece[cut:]
        out.append((offset, piece))
    return out


def _ends_in_abbreviation(head: str) -> bool:
    m = _LAST_WORD.search(head)
    if m is None:
        return False
    word = m.group(1).lower().lstrip("(\"“")
    # "17.8.2023." and "vuodelle 2025." end a sentence; "3." in "3. kohta" does not.
    if word.replace(".", "").isdigit():
        return "." not in word and len(word) <= 2
    return word in SENTENCE_ABBREVIATIONS


def _page_at(pages: list[int], pos: int, total: int) -> int | None:
    if not pages:
        return None
    if len(pages) == 1 or total <= 0:
        return pages[0]
    index = min(len(pages) - 1, int(len(pages) * pos / total))
    return pages[index]


# --- enumerations and items ----------------------------------------------------------------
# An enumeration is at least this many consecutive list lines: bulleted or numbered lines, or
# short lines without a full stop after a line that ends with a colon ("Lapuan kaupunki:" and
# the services under it).
ENUM_MIN_ITEMS = 2
# An unmarked line is a list line when it has at most this many words and no full stop.
ENUM_SHORT_WORDS = 10
# A sentence that is itself a list ("mm. oppilaitokset, TE-toimisto, Kela, hyvinvointialue,
# poliisi"): at least this many comma-separated parts of at most ENUM_PART_WORDS words each.
INLINE_ENUM_PARTS = 4
ENUM_PART_WORDS = 5
TITLE_LIST_PARTS = 3
_INLINE_SPLIT = re.compile(r",\s*|\s+(?:ja|sekä|tai|och|samt|eller)\s+")


def mark_structure(sentences: list[Sentence]) -> list[Sentence]:
    """Number the paragraphs, enumerations and items of one §'s sentences (in reading order).

    Paragraph numbers run over the whole §. An item starts at a bulleted or numbered line and
    runs until the next one or the end of its part; the paragraphs of a part without markers
    are one item each (the entries of a notice list).
    """
    out: list[Sentence] = []
    para = -1
    enum = -1
    item = -1
    prev_key: tuple[str, int] | None = None
    paragraphs: list[list[int]] = []  # sentence indexes per paragraph
    marked_parts = {s.part for s in sentences if s.marked}
    for sent in sentences:
        key = (sent.part, sent.para)
        if key != prev_key:
            para += 1
            paragraphs.append([])
            if sent.marked or prev_key is None or prev_key[0] != sent.part or \
                    sent.part not in marked_parts:
                item += 1
            prev_key = key
        paragraphs[-1].append(len(out))
        out.append(replace(sent, para=para, item=item))
    # Enumerations: runs of list paragraphs.
    run: list[int] = []
    after_colon = False

    def close() -> None:
        nonlocal enum, run
        if len(run) >= ENUM_MIN_ITEMS:
            enum += 1
            for p in run:
                for i in paragraphs[p]:
                    out[i] = replace(out[i], enum=enum)
        run = []

    for p, idx in enumerate(paragraphs):
        first, last = out[idx[0]], out[idx[-1]]
        words = sum(len(out[i].text.split()) for i in idx)
        is_list = first.marked or (
            (after_colon or run) and words <= ENUM_SHORT_WORDS
            and not last.text.endswith((".", "!", "?")))
        if is_list and run and out[paragraphs[run[-1]][0]].part != first.part:
            close()
        if is_list:
            run.append(p)
        else:
            close()
        after_colon = last.text.endswith(":")
    close()
    for i, sent in enumerate(out):
        if sent.part == TITLE:
            if _is_title_list(sent.text):
                enum += 1
                out[i] = replace(sent, enum=enum)
        elif sent.enum < 0 and _is_inline_list(sent.text):
            enum += 1
            out[i] = replace(sent, enum=enum)
    return out


def _is_title_list(text: str) -> bool:
    """A title that coordinates several areas ("Liikunta-, nuoriso- ja kulttuuritoimen
    avustusten haun teema", "Kasvatuksen, koulutuksen ja vapaa-ajan toimialan avustukset"):
    at least TITLE_LIST_PARTS parts, all but the last of one or two words."""
    head = re.split(r"[/;]", text, maxsplit=1)[0]
    parts = [p for p in _INLINE_SPLIT.split(head.strip(" .")) if p.strip()]
    return len(parts) >= TITLE_LIST_PARTS and all(len(p.split()) <= 2 for p in parts[:-1])


def _is_inline_list(text: str) -> bool:
    """Most of the sentence is a run of short comma-separated parts; the first part may be the
    lead-in ("Yhteistyöverkostoon kuuluvat mm. oppilaitokset")."""
    body = text.split(":", 1)[1] if ":" in text else text
    parts = [p for p in _INLINE_SPLIT.split(body.strip(" .")) if p.strip()]
    return len(parts) >= INLINE_ENUM_PARTS and \
        all(len(p.split()) <= ENUM_PART_WORDS for p in parts[1:])
