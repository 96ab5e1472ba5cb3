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

from ..vocabulary import SWEDISH_MODAL_LEMMAS
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


# --- the search index's keys (store/search.py): base forms only, no surface strings --------

_TOKEN_CHARS = re.compile(r"[^\W_]+")


def finnish_base_keys(word: str) -> tuple[str, ...]:
    """What the archive's base-form index holds for one printed Finnish token: Voikko's base
    forms and the base forms of its compound parts (lower case, each one FTS token).
    "liikuntapaikkojen" gives (liikunta, liikuntapaikka, paikka); "käden" gives (käsi,). A word
    Voikko does not know gives nothing: its printed form is in the other index already."""
    return _finnish_base_keys(word.lower())


@lru_cache(maxsize=200_000)
def _finnish_base_keys(word: str) -> tuple[str, ...]:
    if not word or word.isdigit():
        return ()
    keys: set[str] = set()
    for a in engine.analyse(word):
        base = a.get("BASEFORM", "").lower().replace(_PART_MARK, "")
        keys.update(_TOKEN_CHARS.findall(base))
        parts = _surface_parts(word, a.get("STRUCTURE", ""))
        if len(parts) > 1:
            for part in parts:
                for part_base in _part_bases(part):
                    keys.update(_TOKEN_CHARS.findall(part_base))
    return tuple(sorted(keys))


def finnish_query_keys(word: str) -> tuple[str, ...]:
    """The base forms a Finnish query word asks for. A word printed in one of its base forms
    asks for that lexeme only ("tuli" the fire, not "tulla"); an inflected one for all of its
    readings ("koulujen" -> koulu). Compound parts are not added: "liikuntapaikka" must not find
    every "paikka"."""
    word = word.lower()
    bases: set[str] = set()
    for a in engine.analyse(word):
        base = a.get("BASEFORM", "").lower().replace(_PART_MARK, "")
        bases.update(_TOKEN_CHARS.findall(base))
    if word in bases:
        return (word,)
    return tuple(sorted(bases))


@lru_cache(maxsize=1)
def _swedish_table() -> dict[str, str]:
    """spaCy's Swedish lookup lemmatizer table, read straight from ``spacy-lookups-data`` so
    that neither spaCy nor a pipeline is loaded for it (0.4 s, once per process)."""
    import gzip
    import json
    from importlib import resources

    try:
        source = resources.files("spacy_lookups_data") / "data" / "sv_lemma_lookup.json.gz"
        with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            table: dict[str, str] = json.load(text)
    except (ImportError, OSError, ValueError) as exc:
        from ..errors import DependencyError

        raise DependencyError(
            f"the Swedish lemma tables are missing: pip install spacy-lookups-data ({exc})"
        ) from exc
    lowered = {k.lower(): v.lower() for k, v in table.items()}
    lowered.update(SWEDISH_MODAL_LEMMAS)
    return lowered


@lru_cache(maxsize=1)
def _swedish_lemmas() -> frozenset[str]:
    return frozenset(_swedish_table().values())


def swedish_base_keys(word: str) -> tuple[str, ...]:
    """The Swedish lookup lemma of a printed token ("skolans" -> skola), and the word itself
    when it is a lemma of its own or the table does not list it: the table sends some base
    forms elsewhere ("plan" -> plana, "nämnd" -> nämna), and a base form must still find its
    inflections. Numbers give nothing."""
    word = word.lower()
    if not word or word.isdigit():
        return ()
    table = _swedish_table()
    keys = set(_TOKEN_CHARS.findall(table.get(word, word)))
    if word in _swedish_lemmas():
        keys.add(word)
    return tuple(sorted(keys))


def swedish_query_keys(word: str, *, known_finnish: bool) -> tuple[str, ...]:
    """The Swedish lemma a query word asks for. A word that is a lemma of its own asks for
    that lexeme only ("nämnd" the committee, not "nämna"), as a Finnish base form does; an
    inflected one for its table lemma; a word the table does not list for itself, unless
    Voikko knows it (so a Finnish word asks for no Swedish lemma of the same spelling)."""
    word = word.lower()
    lemma = _swedish_table().get(word)
    if word in _swedish_lemmas():
        return tuple(_TOKEN_CHARS.findall(word))
    if lemma is not None:
        return tuple(_TOKEN_CHARS.findall(lemma))
    return () if known_finnish else tuple(_TOKEN_CHARS.findall(word))
