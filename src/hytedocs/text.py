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


def _keep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if ch in "\n\t":
        return True
    # Cc control, Cf format (zero-width and friends), Co private use (unmapped glyphs), Cs.
    return cat not in ("Cc", "Cf", "Co", "Cs")


def clean_text(text: str) -> str:
    """Remove zero-width, control and private-use characters; fold runs of spaces."""
    text = text.translate(_STRIP).translate(_DASHES)
    if "(cid:" in text:
        text = _CID.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = "".join(ch for ch in text if _keep(ch))
    else:
        text = "".join(ch for ch in text if ch >= " " or ch in "\n\t")
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
    if left.endswith("-") and len(left) > 1 and left[-2].isalnum():
        first = right.split(" ", 1)[0].lower().strip(",.;:")
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
