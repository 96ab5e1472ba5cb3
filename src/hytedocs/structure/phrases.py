"""Shared by the event stages: sentence splitting, whole-word phrase matching on folded text,
and the regex pieces for names, list conjunctions and dates that the event modules build on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..text import clean_text
from ..vocabulary import (
    LIST_CONJUNCTIONS,
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”(])")

_NAME_TOKEN = r"[A-ZÅÄÖÜÉ][a-zåäöüéèáíóúëï'’]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöüéèáíóú'’]+)*"

_CONJ = "|".join(re.escape(w) for w in LIST_CONJUNCTIONS)

_DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"



@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The compiled whole-word pattern of a phrase: built once, not escaped and looked up in
    the regex cache on each of the thousands of calls per document."""
    return re.compile(rf"(?<![\wåäö]){re.escape(phrase)}(?![\wåäö])")



def _phrase_in(text: str, phrase: str) -> bool:
    """Whole-word phrase match on folded text."""
    return _phrase_pattern(phrase).search(text) is not None



def _any_phrase(text: str, phrases: Iterable[str]) -> bool:
    return any(_phrase_in(text, p) for p in phrases)



def sentences(text: str) -> list[str]:
    """Split text into sentences; a line break inside a sentence is a space."""
    flat = clean_text(text.replace("\n", " "))
    return [s.strip() for s in _SENTENCE.split(flat) if s.strip()]
