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
from dataclasses import dataclass

from ..models import TextBlock
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


def block_sentences(block: TextBlock | None, part: str) -> list[Sentence]:
    """The sentences of one text block, in order."""
    if block is None or not block.text.strip():
        return []
    text = block.text
    pages = block.pages
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        start = text.find(line, pos)
        pos = start + len(line)
        for offset, sent in _split_line(line):
            cleaned = sent.strip()
            if len(cleaned) < 2:
                continue
            middle = start + offset + len(sent) // 2
            out.append(Sentence(cleaned, _page_at(pages, middle, len(text)), part))
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
