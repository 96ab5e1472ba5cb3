"""The theme taxonomy: read from TOML (built-in ``data/themes.toml`` or a user file).

The file format is documented at the top of ``data/themes.toml``. A user file replaces the
built-in taxonomy, or extends it when it says ``extends = "builtin"``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import HytedocsError

BUILTIN = "builtin"
# Where a context term looks for its requires / unless words.
SCOPES = ("sentence", "section")
LANGUAGES = ("fi", "sv")
_SCORING_DEFAULTS: dict[str, float] = {
    "title_weight": 3.0,
    "decision_weight": 1.5,
    "body_weight": 1.0,
    "weak_weight": 0.5,
    "length_norm_tokens": 50.0,
    "length_norm_power": 1.0,
    "min_weight": 2.0,
    "min_share": 0.2,
    "max_evidence": 3.0,
    "passing_weight": 0.5,
    "model_min_weight": 1.0,
    "model_min_score": 0.3,
    "primary_title": 3.0,
    "primary_decision": 2.0,
    "primary_score": 2.5,
    "primary_share": 0.3,
    "paragraph_weight": 4.0,
    "paragraph_tokens": 15.0,
    "paragraph_share": 0.3,
    "paragraph_lead": 0.5,
    "item_weight": 1.0,
    "long_item_tokens": 60.0,
}


def matches_pattern(w: str, keys: frozenset[str] | set[str]) -> bool:
    """One lexicon word (exact, ``prefix*``, ``*suffix`` or ``*infix*``) against a token's keys."""
    if w.startswith("*") and w.endswith("*") and len(w) > 2:
        core = w[1:-1]
        return any(core in k for k in keys)
    if w.endswith("*"):
        prefix = w[:-1]
        return any(k.startswith(prefix) for k in keys)
    if w.startswith("*"):
        suffix = w[1:]
        return any(k.endswith(suffix) for k in keys)
    return w in keys


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a sequence of words, each exact or an affix pattern.

    A term with ``requires`` counts only in a sentence that also has one of those words; one
    with ``unless`` only in a sentence that has none of them (same patterns as terms).
    """

    words: tuple[str, ...]
    weight: float
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    # A word that shows the theme is touched but never what the § is about ("viemäriverkosto"
    # in a sewer-connection §): it counts as a mention in passing wherever it is printed.
    passing: bool = False
    # Where ``requires`` and ``unless`` are looked for: the sentence, or the whole §
    # ("koulukuljetus" is about safety in a § that discusses dangerous routes).
    scope: str = "sentence"

    def matches_word(self, i: int, keys: frozenset[str]) -> bool:
        return matches_pattern(self.words[i], keys)

    @property
    def contextual(self) -> bool:
        return bool(self.requires or self.unless)

    def context_holds(self, sentence_keys: set[str]) -> bool:
        """The sentence (all keys of its other tokens) gives this term its theme sense."""
        if self.requires and not any(matches_pattern(w, sentence_keys) for w in self.requires):
            return False
        return not any(matches_pattern(w, sentence_keys) for w in self.unless)


@dataclass(frozen=True)
class ThemeDef:
    id: str
    labels: dict[str, str]
    description: str
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    # Its words count inside organisation names too: the name says what kind of organisation
    # it is (an association, a parish, the wellbeing county), see themes.toml.
    names: bool = False
    # Per language: words (patterns) that never give this theme, whatever term they contain
    # ("kouluikäinen" is an age, not a school; "toimintakulttuuri" is no culture).
    excepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The theme's ``weight``: above 1 for themes with a specific vocabulary.
    terms_weight: float = 1.0

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.id


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[ThemeDef, ...]
    scoring: dict[str, float]

    def by_id(self, theme_id: str) -> ThemeDef:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)


def builtin_path() -> Path:
    return Path(str(resources.files("hytedocs") / "data" / "themes.toml"))


def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy in ``path`` (or the built-in one), parsed once per path."""
    return _load(str(Path(path).resolve()) if path else BUILTIN)


@lru_cache(maxsize=16)
def _load(path: str) -> Taxonomy:
    builtin = _read(builtin_path())
    if path == BUILTIN:
        return _build(builtin, str(builtin_path()))
    user = _read(Path(path))
    if user.get("extends") == BUILTIN:
        return _build(_merge(builtin, user), path)
    if "extends" in user:
        raise HytedocsError(f'"extends" must be "{BUILTIN}", not {user["extends"]!r}', file=path)
    return _build(user, path)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise HytedocsError(f"cannot read the theme file: {exc}", file=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise HytedocsError(f"the theme file is not valid TOML: {exc}", file=str(path)) from exc


def _merge(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    themes = {t["id"]: dict(t) for t in base.get("theme", [])}
    for t in user.get("theme", []):
        tid = t.get("id")
        if tid in themes:
            if t.get("remove"):
                del themes[tid]
                continue
            merged = themes[tid]
            for key, value in t.items():
                if isinstance(value, list) and isinstance(merged.get(key), list):
                    merged[key] = merged[key] + [v for v in value if v not in merged[key]]
                else:
                    merged[key] = value
        elif not t.get("remove"):
            themes[tid] = dict(t)
    scoring = {**base.get("scoring", {}), **user.get("scoring", {})}
    return {"scoring": scoring, "theme": list(themes.values())}


def _build(data: dict[str, Any], source: str) -> Taxonomy:
    scoring = dict(_SCORING_DEFAULTS)
    for key, value in data.get("scoring", {}).items():
        if key not in scoring:
            raise HytedocsError(f"unknown scoring key {key!r}", file=source)
        if not isinstance(value, int | float) or value < 0:
            raise HytedocsError(f"scoring.{key} must be a number >= 0", file=source)
        scoring[key] = float(value)
    themes: list[ThemeDef] = []
    seen: set[str] = set()
    for raw in data.get("theme", []):
        tid = raw.get("id")
        if not isinstance(tid, str) or not tid:
            raise HytedocsError("every [[theme]] needs an id", file=source)
        if tid in seen:
            raise HytedocsError(f"theme id {tid!r} is given twice", file=source)
        seen.add(tid)
        labels = {lang: str(raw[f"{lang}_label"]) for lang in (*LANGUAGES, "en")
                  if raw.get(f"{lang}_label")}
        weight = raw.get("weight", 1.0)
        if not isinstance(weight, int | float) or weight <= 0:
            raise HytedocsError(f"theme {tid!r}: weight must be a number > 0", file=source)
        terms: dict[str, tuple[Term, ...]] = {}
        for lang in LANGUAGES:
            strong = _terms(raw.get(lang, []), float(weight), tid, source, lang)
            weak = _terms(raw.get(f"{lang}_weak", []), scoring["weak_weight"] * weight, tid,
                          source, lang)
            context = _context_terms(raw.get(f"{lang}_context", []), float(weight),
                                     scoring["weak_weight"], tid, source, lang)
            passing = tuple(Term(t.words, t.weight, passing=True) for t in _terms(
                raw.get(f"{lang}_passing", []), float(weight), tid, source, lang))
            terms[lang] = strong + weak + context + passing
        if not any(terms.values()):
            raise HytedocsError(f"theme {tid!r} has no terms", file=source)
        excepts = {lang: tuple(t.words[0] for t in _terms(raw.get(f"{lang}_except", []), 1.0,
                                                          tid, source, lang))
                   for lang in LANGUAGES}
        themes.append(ThemeDef(tid, labels, str(raw.get("description", "")), terms,
                               bool(raw.get("names", False)), excepts, float(weight)))
    if not themes:
        raise HytedocsError("the theme file defines no [[theme]]", file=source)
    return Taxonomy(tuple(themes), scoring)


# Swedish has no compound splitter here: a one-word Swedish term this long also matches inside
# a longer word ("tillgänglighet" in "Tillgänglighetsguiden").
SWEDISH_INFIX_CHARS = 7


def _words(value: str, lang: str) -> tuple[str, ...]:
    words = tuple(value.lower().split())
    if lang == "sv" and len(words) == 1 and "*" not in words[0] and \
            len(words[0]) >= SWEDISH_INFIX_CHARS:
        words = (f"*{words[0]}*",)
    return words


def _terms(values: Any, weight: float, tid: str, source: str, lang: str) -> tuple[Term, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise HytedocsError(f"theme {tid!r}: terms must be a list of strings", file=source)
    return tuple(Term(w, weight) for v in values if (w := _words(v, lang)))


def _context_terms(values: Any, weight: float, weak_weight: float, tid: str, source: str,
                   lang: str) -> tuple[Term, ...]:
    """``{term = "...", requires = [...], unless = [...], weak = false}`` entries."""
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise HytedocsError(f"theme {tid!r}: {lang}_context must be a list of tables",
                            file=source)
    out = []
    for v in values:
        term, requires, unless = v.get("term"), v.get("requires", []), v.get("unless", [])
        scope = v.get("scope", "sentence")
        lists_ok = all(isinstance(x, list) and all(isinstance(y, str) for y in x)
                       for x in (requires, unless))
        if not isinstance(term, str) or not term.strip() or not lists_ok or \
                not (requires or unless) or scope not in SCOPES or \
                set(v) - {"term", "requires", "unless", "weak", "scope"}:
            raise HytedocsError(f"theme {tid!r}: a {lang}_context entry needs a term, "
                                "requires and/or unless lists of words, and a scope of "
                                f"{' or '.join(SCOPES)}", file=source)
        w = weight * (weak_weight if v.get("weak", False) else 1.0)
        out.append(Term(_words(term, lang), w, tuple(x.lower() for x in requires),
                        tuple(x.lower() for x in unless), scope=scope))
    return tuple(out)
