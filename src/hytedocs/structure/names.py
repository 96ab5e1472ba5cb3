"""Shared by the stages: personal names with the Finnish dictionary (voikko): word classes,
and the "Last First" order some lists print."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def voikko_analyser() -> Any:
    """The Finnish morphological analyser, or None when libvoikko or its dictionary is missing."""
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception:  # an absent shared library raises OSError, a missing dictionary others
        return None


@lru_cache(maxsize=8192)
def name_classes(word: str) -> frozenset[str]:
    """Voikko's word classes of a word ("etunimi", "sukunimi", "nimisana"...); empty when
    the analyser is missing or does not know the word."""
    v = voikko_analyser()
    if v is None:
        return frozenset()
    return frozenset(str(a.get("CLASS")) for a in v.analyze(word))


def _surname_first_votes(names: list[str], context: str) -> int:
    """Positive when the names are printed "Last First" ("Lindvall Mikael").

    Evidence: the reversed name printed elsewhere on the page (signatures use "First Last"), and
    which word the Finnish dictionary knows as a first name.
    """
    votes = 0
    for name in names:
        parts = name.split()
        if len(parts) < 2:
            continue
        first, last = parts[0], parts[-1]
        if f"{last} {first}" in context:
            votes += 2
        elif name in context.replace(name, "", 1):
            votes -= 1
        c_first, c_last = name_classes(first), name_classes(last)
        if "etunimi" in c_last and "etunimi" not in c_first:
            votes += 1
        elif "etunimi" in c_first and "etunimi" not in c_last:
            votes -= 1
    return votes


def first_last(name: str) -> str:
    """"Lindvall Mikael" -> "Mikael Lindvall"; the surname is the first word."""
    parts = name.split()
    return " ".join([*parts[1:], parts[0]]) if len(parts) >= 2 else name
