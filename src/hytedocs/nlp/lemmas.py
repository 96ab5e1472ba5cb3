"""Lemmas and compound parts of a word: what the theme lexicon is compared with.

Finnish writes compounds as one word and inflects every part of a noun phrase, so a lexicon of
inflected strings would never end. Each token is reduced to a set of *keys*: its spaCy lemma,
its surface form, Voikko's base form, and the base form of every part of the compound.
"työllisyydenhoitoon" gives {työllisyydenhoito, työllisyys, hoito, ...}; "liikkumiskoutsien",
whose head no dictionary knows, is split by probing which prefix Voikko accepts as the first part
of a compound, giving {liikkumis, liikkua, ...}.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import engine

# Voikko's STRUCTURE marks the start of each compound part with "=".
_PART_MARK = "="
# A known word used to test whether a prefix can start a compound ("liikkumis" + "talo").
_PROBE_HEAD = "talo"
# Words shorter than this are not worth splitting.
_MIN_COMPOUND = 7
_MIN_PART = 3
_WORDBASE = re.compile(r"\+([^()+]*)\(([^()]*)\)")
_SPLIT_HYPHEN = re.compile(r"[-‐–]")


def finnish_keys(word: str, lemma: str) -> frozenset[str]:
    """Every key of one Finnish token (lower case)."""
    return _finnish_keys(word.lower(), lemma.lower())


@lru_cache(maxsize=200_000)
def _finnish_keys(word: str, lemma: str) -> frozenset[str]:
    keys = {word, lemma}
    # "HVA:n", "EU:n": the case ending after a colon is not part of the word.
    if ":" in word:
        keys.add(word.split(":", 1)[0])
    pieces = [p for p in _SPLIT_HYPHEN.split(word.split(":", 1)[0]) if p]
    for piece in pieces if len(pieces) > 1 else [word]:
        keys.add(piece)
        keys.update(_word_keys(piece))
    return frozenset(k for k in keys if k)


@lru_cache(maxsize=200_000)
def _word_keys(word: str) -> frozenset[str]:
    analyses = engine.analyse(word)
    if not analyses:
        return _probe_compound(word) if len(word) >= _MIN_COMPOUND else frozenset()
    keys: set[str] = set()
    for a in analyses:
        base = a.get("BASEFORM", "").lower().replace(_PART_MARK, "")
        if base:
            keys.add(base)
        keys.update(_wordbases(a.get("WORDBASES", "")))
        parts = _surface_parts(word, a.get("STRUCTURE", ""))
        if len(parts) > 1:
            for part in parts:
                keys.add(part)
                keys.update(_part_bases(part))
    return frozenset(keys)


def _wordbases(wordbases: str) -> set[str]:
    """Lexeme bases from Voikko's WORDBASES ("+työ(työ)+hoito(hoito)"); derivations skipped."""
    out = set()
    for _morph, base in _WORDBASE.findall(wordbases):
        if base and not base.startswith("+"):
            out.add(base.lower())
    return out


def _surface_parts(word: str, structure: str) -> list[str]:
    """Split ``word`` where Voikko's STRUCTURE starts a new compound part."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    for mark in structure:
        if mark == _PART_MARK:
            if current:
                parts.append("".join(current))
                current = []
            continue
        if i < len(word):
            current.append(word[i])
            i += 1
    if current:
        parts.append("".join(current))
    return [p.strip("-") for p in parts if p.strip("-")]


@lru_cache(maxsize=100_000)
def _part_bases(part: str) -> frozenset[str]:
    """Base forms of one compound part ("työllisyyden" -> työllisyys)."""
    return frozenset(
        a["BASEFORM"].lower().replace(_PART_MARK, "") for a in engine.analyse(part)
        if a.get("BASEFORM")
    )


def _probe_compound(word: str) -> frozenset[str]:
    """Keys of a word Voikko does not know, from the longest prefix that starts a compound.

    "liikkumiskoutsien": Voikko does not know "koutsi", but it accepts "liikkumistalo", so
    "liikkumis" is a compound's first part and its bases (liikkua) become keys.
    """
    for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
        first = word[:cut]
        probe = engine.analyse(first + _PROBE_HEAD)
        if not probe:
            continue
        keys = {first}
        for a in probe:
            for base in _wordbases(a.get("WORDBASES", "")):
                if base != _PROBE_HEAD:
                    keys.add(base)
            parts = _surface_parts(first + _PROBE_HEAD, a.get("STRUCTURE", ""))
            for part in parts[:-1]:
                keys.add(part)
                keys.update(_part_bases(part))
        return frozenset(keys)
    return frozenset()


def swedish_keys(word: str, lemma: str) -> frozenset[str]:
    """Keys of a Swedish token: surface and lookup lemma (compounds match by affix terms)."""
    return frozenset(k for k in (word.lower(), lemma.lower()) if k)

