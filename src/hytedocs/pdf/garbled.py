"""Garbled text layers: pages whose text is not real Finnish or Swedish.

PDFs made with fonts that are not embedded (the Nykarleby Tweb family) render correctly but
carry a corrupt text layer: ligatures dropped, letters swapped, whole runs of substitution
gibberish. Such a page is scored by the share of its words that no spell checker knows.

Finnish words are checked with voikko (libvoikko + the voikko-fi dictionary), which knows
inflection and compounds. voikko has no Swedish dictionary, so Swedish words are looked up in
a word list: every form and lemma of spaCy's Swedish lemma table (spacy-lookups-data, about
740,000 forms) plus the Swedish function words in ``data/sv_function_words.txt``, which the
lemma table lacks. Swedish compounds ("välfärdsnämnden") are accepted when they split into
two known words, with an optional linking "s". The Swedish list is loaded only for pages
that Finnish alone does not explain, so Finnish documents never pay for it. A word counts as
known when either language knows it, so a bilingual page (a Swedish protocol with a Finnish
signing stamp) is not penalised.

Only lower-case words of four or more letters are scored: capitalised words are mostly names,
which no dictionary knows, and short tokens are abbreviations and units. Measured with the
default threshold (0.35) on the corpus: 0 of 427 scored Lapua pages flagged (the worst scores
0.20); 19 of 97 scored Nykarleby pages flagged, the appeal pages at 0.87-0.95.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import json
import re
import sys
from array import array
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DependencyError
from ..models import Warning_
from ..settings import Settings
from .source import PageWords

# Only words of letters, at least this long, are scored: short tokens are too often
# abbreviations, initials or unit symbols to say anything about the text layer.
MIN_WORD_CHARS = 4
# A page needs this many scorable words before its score means anything.
MIN_PAGE_WORDS = 25

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

VOIKKO_INSTALL = (
    "the voikko spell checker is missing: install it with "
    "'apt-get install libvoikko1 voikko-fi' (Debian/Ubuntu), "
    "'brew install libvoikko' plus the voikko-fi dictionary (macOS), or on Windows the "
    "libvoikko DLL and dictionary from https://voikko.puimula.org/windows.html; "
    "then 'pip install libvoikko'"
)


@dataclass(frozen=True, slots=True)
class PageScore:
    """How much of one page's text no dictionary knows."""

    page: int
    words: int
    unknown: int

    @property
    def share(self) -> float:
        return self.unknown / self.words if self.words else 0.0


@functools.lru_cache(maxsize=1)
def _voikko() -> Any:
    try:
        import libvoikko
    except ImportError as exc:
        raise DependencyError(VOIKKO_INSTALL) from exc
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as exc:
        raise DependencyError(VOIKKO_INSTALL + f" ({exc})") from exc


_SV_HASHES = "sv_words.u64"


def word_hash(word: str) -> int:
    """A stable 64-bit hash (the built-in one changes from run to run)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class SortedHashes:
    """Membership of words by their stable hashes, in a sorted array of 8-byte integers:
    700,000 Swedish words in 6 MB instead of the 240 MB that loading them as strings needs
    in every batch worker. A 64-bit collision is far rarer than a misread word."""

    def __init__(self, values: array[int]) -> None:
        self.values = values

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        h = word_hash(word)
        i = bisect.bisect_left(self.values, h)
        return i < len(self.values) and self.values[i] == h


def swedish_word_hashes() -> array[int]:
    """The sorted hashes of every Swedish form and lemma of spaCy's lookup table plus the
    function words; ``python -m hytedocs.pdf.garbled`` writes them to data/sv_words.u64."""
    try:
        import spacy_lookups_data
    except ImportError as exc:
        raise DependencyError(
            "the Swedish word list needs spacy-lookups-data: "
            "pip install 'spacy-lookups-data>=1.0.5,<1.1'"
        ) from exc
    path = Path(spacy_lookups_data.__file__).parent / "data" / "sv_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        table: dict[str, str] = json.load(fh)
    words = {w.lower() for w in table} | {v.lower() for v in table.values()}
    del table
    function_words = resources.files("hytedocs") / "data" / "sv_function_words.txt"
    words.update(
        line.strip() for line in function_words.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return array("Q", sorted({word_hash(w) for w in words}))


@functools.lru_cache(maxsize=1)
def _swedish_words() -> SortedHashes:
    shipped = resources.files("hytedocs") / "data" / _SV_HASHES
    values = array("Q")
    if shipped.is_file():
        values.frombytes(shipped.read_bytes())
        if sys.byteorder != "little":
            values.byteswap()
    else:  # a source checkout without the data file: build it in memory
        values = swedish_word_hashes()
    return SortedHashes(values)


def require_voikko() -> None:
    """Raise :class:`DependencyError` with install instructions when voikko is missing."""
    _voikko()


@functools.lru_cache(maxsize=200_000)
def known_finnish(word: str) -> bool:
    return bool(_voikko().spell(word))


def _known_swedish(word: str, lexicon: SortedHashes) -> bool:
    if word in lexicon:
        return True
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if tail in lexicon and (head in lexicon or (head.endswith("s") and head[:-1] in lexicon)):
            return True
    return False


def scorable_words(texts: list[str]) -> list[str]:
    """The words of a page that are worth a dictionary look-up, lower-cased."""
    out: list[str] = []
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            # Capitalised words are mostly names, which no dictionary knows; gibberish runs
            # are mostly lower case, so leaving names out sharpens the score both ways.
            if len(word) >= MIN_WORD_CHARS and word[0].islower():
                out.append(word.lower())
    return out


def score_words(page: int, words: list[str], threshold: float) -> PageScore:
    """Score one page's words: unknown = known to neither Finnish nor Swedish.

    Swedish can only lower the share, so it is consulted only when Finnish alone leaves the
    page over ``threshold``.
    """
    unknown_fi = [w for w in words if not known_finnish(w)]
    if not words or len(unknown_fi) / len(words) <= threshold:
        return PageScore(page=page, words=len(words), unknown=len(unknown_fi))
    lexicon = _swedish_words()
    unknown = sum(
        1 for w in unknown_fi if not all(_known_swedish(p, lexicon) for p in w.split("-"))
    )
    return PageScore(page=page, words=len(words), unknown=unknown)


def score_pages(pages: list[PageWords], threshold: float) -> list[PageScore]:
    """A score for every page with enough words to judge; shorter pages are left out.

    Scores at or under ``threshold`` may count Finnish only (see :func:`score_words`).
    """
    out: list[PageScore] = []
    for page in pages:
        words = scorable_words([w.text for w in page.words])
        if len(words) >= MIN_PAGE_WORDS:
            out.append(score_words(page.number, words, threshold))
    return out


def garbled_pages(pages: list[PageWords], settings: Settings) -> list[PageScore]:
    """Pages whose unknown-word share is over ``settings.garbled_unknown_share``."""
    limit = settings.garbled_unknown_share
    return [s for s in score_pages(pages, limit) if s.share > limit]


def garbled_warnings(scores: list[PageScore]) -> list[Warning_]:
    """One ``garbled_text`` warning per garbled page, with its score."""
    return [
        Warning_(
            code="garbled_text",
            message=(
                f"the text layer looks corrupt: {s.unknown} of {s.words} words "
                f"({s.share:.0%}) are not Finnish or Swedish; re-read it with OCR (--ocr-garbled)"
            ),
            page=s.page,
        )
        for s in scores
    ]


if __name__ == "__main__":
    # Regenerate the shipped hash file after a spacy-lookups-data upgrade.
    target = Path(__file__).parent.parent / "data" / _SV_HASHES
    hashes = swedish_word_hashes()
    if sys.byteorder != "little":
        hashes.byteswap()
    target.write_bytes(hashes.tobytes())
    print(f"wrote {target} ({len(hashes)} words)")

