"""Text cleaning shared by every stage: one place decides what a clean string is."""

from __future__ import annotations

import re
import unicodedata

from .vocabulary import HYPHEN_KEEP_NEXT, ZERO_WIDTH

_STRIP = str.maketrans(dict.fromkeys(ZERO_WIDTH, None))
_VOWELS = frozenset("aeiouyäöå")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DASHES = str.maketrans({"\u2015": "\u2013", "\u2010": "-", "\u2011": "-"})
# pdfminer's placeholder for a glyph it cannot map to Unicode.
_CID = re.compile(r"\(cid:\d+\)")


def _unwanted_class() -> re.Pattern[str]:
    """One character class of every Cc control (but newline and tab), Cf format (zero-width
    and friends), Co private-use (unmapped glyphs) and Cs surrogate code point, built once:
    a regex removes them in C instead of a Python test per character."""
    ranges: list[tuple[int, int]] = []
    # Format characters live in planes 0, 1 and 14; private use and surrogates are fixed
    # blocks, so only those planes are scanned (the whole range costs half a second).
    planes = [*range(0x10000), *range(0x10000, 0x20000), *range(0xE0000, 0xF0000)]
    for cp in planes:
        if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Co", "Cs") and cp not in (9, 10):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    ranges += [(0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]  # supplementary private use
    parts = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{parts}]+")


_UNWANTED = _unwanted_class()


# Any character _STRIP or _DASHES changes: str.translate with a dict costs microseconds
# per string even when nothing is replaced, a regex search a fraction of that.
_TRANSLATED = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in sorted({*_STRIP, *_DASHES})) + "]"
)


def clean_text(text: str) -> str:
    """Remove zero-width, control and private-use characters; fold runs of spaces."""
    if not text.isascii() and _TRANSLATED.search(text) is not None:
        text = text.translate(_STRIP).translate(_DASHES)
    if "(cid:" in text:
        text = _CID.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if text.isprintable():
        # No Cc, Cf, Co or Cs character, no tab and no space but U+0020: both substitutions
        # below would change nothing but a double space, and they cost microseconds.
        if "  " in text:
            text = _SPACES.sub(" ", text)
        return text.strip(" ")
    text = _UNWANTED.sub("", text)
    return _SPACES.sub(" ", text).strip(" ")


def join_hyphenated(left: str, right: str) -> str:
    """Join two lines where ``left`` may end in a hyphen that breaks a word.

    "lag-" + "ligt" -> "lagligt"; "sosiaali-" + "ja terveys" keeps "sosiaali- ja terveys";
    "Kulttuuri-" + "Nuoriso" keeps the hyphen because a capital starts a new word.
    """
    if not left:
        return right
    if not right:
        return left
    if left.endswith(("–", "—")) and len(left) > 1 and left[-2].isalnum() and right[0].isalnum():
        return left + right  # a range broken after its dash: "2020–" + "2021"
    if left.endswith("-") and len(left) > 1 and left[-2].isalnum():
        first = right.split(" ", 1)[0].lower().strip(",.;:")
        if "@" in first:
            return left + right  # an e-mail address keeps its hyphen ("ann-" + "sofie@...")
        if first in HYPHEN_KEEP_NEXT:
            return left + " " + right  # "sosiaali- ja terveys": a shared compound part
        if not right[0].islower() or (left[-2] == right[0] and left[-2] in _VOWELS):
            # "Latva-Rasku", "517-519", and Finnish compounds whose parts meet on the same
            # vowel keep their hyphen: "Tasa-arvolaki", "linja-auto".
            return left + right
        return left[:-1] + right
    return left + " " + right


def fold(text: str) -> str:
    """Lower case with spaces folded: the key used to compare labels and headings."""
    return _SPACES.sub(" ", clean_text(text)).lower().strip()
