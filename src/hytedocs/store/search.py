"""The archive's full-text index of whole §s, as printed and as base forms, and the queries
and snippets over it.

Each § is one row of ``sections_fts``. The printed columns hold the title, this meeting's
proposal and decision, every other field of the § (each earlier handling, the case text, the
presenter, ...; one after the other) and the labels of the themes the § is about. The base-form
columns hold, for each printed column, the base forms and compound-part base forms of its
words (Voikko for Finnish, the Swedish lookup lemmatizer for Swedish): "liikuntapaikkojen"
stands there as ``liikunta liikuntapaikka paikka``. A query word is looked for as printed in the
printed columns and as its base forms in the base-form columns, in one FTS5 expression, so one
bm25 rank weighs both: a word as printed matches both kinds of column and ranks above a § that
only has another form of it, or the word as a compound part.

Snippets show printed words. The base-form text keeps, per printed column, how many keys each
printed token gave (``layout``), so a hit in the base forms points back to the printed word it
came from; the same layout names the field of the other-fields column a hit lies in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Section, ThemeRole
from ..nlp import lemmas

# Column order of sections_fts. The printed ones first, then their base forms in the same
# order, then the layout (not indexed).
PRINTED = ("title", "proposal", "decision", "other_fields", "themes")
BASE = ("title_base", "proposal_base", "decision_base", "other_base", "themes_base")
COLUMNS = (*PRINTED, *BASE, "layout")
# bm25 weights, in COLUMNS order. A hit in the title, the proposal, the decision or the labels
# of the themes the § is about says more than one in the rest of it; a base-form hit counts
# half of the same printed hit, so an exact form ranks first.
WEIGHTS = (4.0, 2.0, 2.0, 1.0, 3.0, 2.0, 1.0, 1.0, 0.5, 1.5, 0.0)
# Which field a hit names, in the order a snippet prefers them.
_PREFERENCE = (0, 1, 2, 4, 3)
_SNIPPET_BEFORE = 5
_SNIPPET_AFTER = 10
# What unicode61 reads as one token: letters and digits (punctuation, symbols and spaces part).
TOKEN = re.compile(r"[^\W_]+")
# Keys per token are written as one base-36 digit each in the layout.
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

Keys = Callable[[str], tuple[str, ...]]


def key_function(language: str) -> Keys:
    return lemmas.swedish_base_keys if language == "sv" else lemmas.finnish_base_keys


@dataclass(frozen=True, slots=True)
class Part:
    """One printed part of a § in the index: its text and the field it came from."""

    text: str
    key: str | None
    label: str


def parts(sec: Section) -> list[list[Part]]:
    """The § as the five printed columns, each a list of parts."""
    proposal = sec.proposal.text if sec.proposal else None
    decision = sec.decision.text if sec.decision else None
    columns: list[list[Part]] = [[] for _ in PRINTED]
    if sec.title:
        columns[0].append(Part(sec.title, "title", "title"))
    placed = {"proposal": False, "decision": False}
    for f in sec.fields:
        text = f.block.text
        if text == proposal and not placed["proposal"]:
            columns[1].append(Part(text, f.key, f.label))
            placed["proposal"] = True
        elif text == decision and not placed["decision"]:
            columns[2].append(Part(text, f.key, f.label))
            placed["decision"] = True
        else:
            columns[3].append(Part(text, f.key, f.label))
    # A § built without its fields (hand-made or from another tool) keeps its parts anyway.
    if proposal and not placed["proposal"]:
        columns[1].append(Part(proposal, "proposal", "proposal"))
    if decision and not placed["decision"]:
        columns[2].append(Part(decision, "decision", "decision"))
    # The preparation is mostly the case-text fields joined; only one that says more than
    # the fields (a hand-made §) is indexed on its own, or its words would count twice.
    if sec.preparation:
        stored = {w.lower() for p in columns[3] for w in TOKEN.findall(p.text)}
        if not {w.lower() for w in TOKEN.findall(sec.preparation.text)} <= stored:
            columns[3].insert(0, Part(sec.preparation.text, "preparation", "preparation"))
    # What the § is about, not what it names in passing, ranks a search hit.
    labels = " ".join(f"{t.label} {t.id}" for t in sec.themes if t.role == ThemeRole.primary)
    if labels:
        columns[4].append(Part(labels, "themes", "themes"))
    return columns


def index_row(sec: Section, language: str) -> tuple[str | None, ...]:
    """The values of sections_fts for one § (COLUMNS order, without the rowid)."""
    keys = key_function(language)
    printed: list[str | None] = []
    bases: list[str | None] = []
    counts: list[str] = []
    fields: list[list[object]] = []
    for i, column in enumerate(parts(sec)):
        text = "\n".join(p.text for p in column)
        printed.append(text or None)
        words: list[str] = []
        digits: list[str] = []
        for part in column:
            n = 0
            for token in TOKEN.findall(part.text):
                found = keys(token)[: len(_DIGITS) - 1]
                words.extend(found)
                digits.append(_DIGITS[len(found)])
                n += 1
            fields.append([i, part.key, part.label, n])
        bases.append(" ".join(words) or None)
        counts.append("".join(digits))
    layout = json.dumps({"counts": counts, "fields": fields}, ensure_ascii=False,
                        separators=(",", ":"))
    return (*printed, *bases, layout)


# --- queries ------------------------------------------------------------------------------

_QUERY_TOKEN = re.compile(r'-?"[^"]*"?|[()]|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _columns(names: Sequence[str]) -> str:
    return "{" + " ".join(names) + "}"


@dataclass(frozen=True, slots=True)
class Analyser:
    """How query words become base forms: Finnish always, Swedish when the archive holds
    Swedish documents (so a Finnish-only archive never loads the Swedish table)."""

    swedish: bool = True

    def keys(self, word: str) -> tuple[str, ...]:
        return _query_keys(word.lower(), self.swedish)


@lru_cache(maxsize=4096)
def _query_keys(word: str, swedish: bool) -> tuple[str, ...]:
    finnish = lemmas.finnish_query_keys(word)
    found = set(finnish)
    if swedish:
        found.update(lemmas.swedish_query_keys(word, known_finnish=bool(finnish)))
    return tuple(sorted(found))


def _word(word: str, analyser: Analyser) -> str:
    """One query word: as printed in the printed columns, as its base forms in the others.
    A word with inner punctuation ("sote-alue") is a printed phrase, as FTS5 reads it."""
    pieces = TOKEN.findall(word)
    if not pieces:
        return ""
    printed = f"{_columns(PRINTED)} : {_fts_string(' '.join(pieces))}"
    if len(pieces) > 1:
        return printed
    keys = analyser.keys(pieces[0])
    if not keys:
        return printed
    base = " OR ".join(_fts_string(k) for k in keys)
    return f"({printed} OR {_columns(BASE)} : ({base}))"


def _term(token: str, analyser: Analyser) -> str:
    if token.startswith('"'):
        # A quoted phrase matches as printed, word for word.
        phrase = " ".join(TOKEN.findall(token.strip('"')))
        return f"{_columns(PRINTED)} : {_fts_string(phrase)}" if phrase else ""
    if token.endswith("*") and TOKEN.fullmatch(token[:-1]):
        return f"{token[:-1]}*"
    return _word(token, analyser)


def match_expression(query: str, analyser: Analyser, *, plain: bool = False) -> str:
    """The FTS5 expression of a user's query.

    Words (each as printed or as a base form), ``"quoted phrases"`` (as printed), ``prefix*``,
    ``-word`` or ``-"a phrase"`` to exclude, and the operators AND, OR, NOT and parentheses.
    ``plain`` drops the operators and parentheses: the fallback when the user's syntax does
    not parse.
    """
    kept: list[str] = []
    excluded: list[str] = []
    for token in _QUERY_TOKEN.findall(query):
        if token in _OPERATORS or token in "()":
            if not plain:
                kept.append(token)
            continue
        if token.startswith("-") and len(token) > 1:
            term = _term(token[1:], analyser)
            if term:
                excluded.append(term)
            continue
        term = _term(token, analyser)
        if term:
            kept.append(term)
    expression = " ".join(kept)
    if excluded:
        if not expression:
            return ""
        expression = f"({expression})" + "".join(f" NOT {e}" for e in excluded)
    return expression


# --- snippets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    field_key: str | None
    field_label: str | None


def _marked(highlighted: str, start: str, end: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the marks, and the character ranges they enclosed."""
    plain: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    opened: int | None = None
    i = 0
    while i < len(highlighted):
        if highlighted.startswith(start, i):
            opened = length
            i += len(start)
            continue
        if highlighted.startswith(end, i) and opened is not None:
            ranges.append((opened, length))
            opened = None
            i += len(end)
            continue
        plain.append(highlighted[i])
        length += 1
        i += 1
    return "".join(plain), ranges


def _base_hits(highlighted: str, counts: str, start: str) -> set[int]:
    """Printed token indexes whose base forms the base-form column marked."""
    hits: set[int] = set()
    position = 0
    boundaries: list[int] = []
    for digit in counts:
        position += _DIGITS.index(digit)
        boundaries.append(position)
    token = 0
    for k, word in enumerate(highlighted.split()):
        if start in word:
            while token < len(boundaries) and boundaries[token] <= k:
                token += 1
            if token < len(boundaries):
                hits.add(token)
    return hits


def snippet(highlights: Sequence[str | None], layout: str | None,
            marks: tuple[str, str]) -> Snippet:
    """The printed words around the first hit of the best field, hits marked, and the field.

    ``highlights`` are FTS5 highlight() of the printed columns then of the base-form columns.
    """
    start, end = marks
    info = json.loads(layout) if layout else {"counts": [], "fields": []}
    counts: list[str] = info.get("counts") or []
    n = len(PRINTED)
    found: dict[int, tuple[str, list[tuple[int, int]], set[int], set[int]]] = {}
    for column in _PREFERENCE:
        text = highlights[column]
        if not text:
            continue
        plain, ranges = _marked(text, start, end)
        spans = [m.span() for m in TOKEN.finditer(plain)]
        exact = {i for i, (a, b) in enumerate(spans) if any(a < y and x < b for x, y in ranges)}
        base = highlights[n + column]
        other: set[int] = set()
        if base and start in base and column < len(counts):
            other = _base_hits(base, counts[column], start)
        found[column] = (plain, spans, exact, other)
    # A field where the word stands as printed first, then one with another form of it.
    for exact_only in (True, False):
        for column, (plain, spans, exact, other) in found.items():
            hit = exact if exact_only else exact | other
            if not hit:
                continue
            hit |= other
            key, label, lo, hi = _field_of(info.get("fields") or [], column, min(hit), len(spans))
            return Snippet(_window(plain, spans, hit, (lo, hi), marks), key, label or None)
    return Snippet("", None, None)


def _window(plain: str, spans: Sequence[tuple[int, int]], hit: set[int],
            field: tuple[int, int], marks: tuple[str, str]) -> str:
    """The printed words around the first hit, inside its field (``field`` is its token
    range), with the punctuation that ends the field."""
    start, end = marks
    first = min(hit)
    lo = max(field[0], first - _SNIPPET_BEFORE)
    hi = min(field[1] - 1, first + _SNIPPET_AFTER)
    out: list[str] = ["…"] if lo > field[0] else []
    cursor = spans[lo][0]
    for i in range(lo, hi + 1):
        a, b = spans[i]
        out.append(plain[cursor:a])
        out.append(f"{start}{plain[a:b]}{end}" if i in hit else plain[a:b])
        cursor = b
    if hi < field[1] - 1:
        out.append("…")
    else:
        tail = plain[cursor:spans[hi + 1][0]] if hi + 1 < len(spans) else plain[cursor:]
        out.append(tail.split("\n", 1)[0])
    return " ".join("".join(out).split())


def _field_of(fields: Iterable[Sequence[object]], column: int, token: int,
              total: int) -> tuple[str | None, str | None, int, int]:
    """The key and label of the field of ``column`` that holds ``token``, and its token
    range (the whole column when the layout does not say)."""
    seen = 0
    for col, key, label, count in fields:
        if col != column:
            continue
        if not isinstance(count, int):
            break
        if token < seen + count:
            return (str(key) if key is not None else None), str(label), seen, seen + count
        seen += count
    return None, None, 0, total
