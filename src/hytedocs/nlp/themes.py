"""Tag themes on a § from the lexicon matches in its sentences.

Scoring (all constants are in the ``[scoring]`` table of the taxonomy file):

* every token that matches a theme's term is worth ``term weight x part weight``: 1 for an
  ordinary term, ``weak_weight`` for an ambiguous one; times ``title_weight`` in the title,
  ``decision_weight`` in the proposal or decision, ``body_weight`` elsewhere. A token counts
  once per theme; tokens that name a job title or a deciding body never count;
* repetition is sublinear: a lemma found n times adds its best single weight x (1 + ln n), so
  a § that repeats one phrase ("hyvinvoinnin ja terveyden edistäminen") does not drown the
  other themes it names;
* the sum is divided by ``max(1, (content_tokens / length_norm_tokens) ^ length_norm_power)``:
  a long case description mentions many areas in passing, a short one does not;
* every term is also multiplied by its theme's ``weight`` (2 for themes with a specific
  vocabulary, 1 for broad ones whose words name everyday services);
* the theme is kept when that score reaches ``Settings.theme_min_score``, its summed weight
  reaches ``min_weight``, and that weight is at least ``min_share`` of the strongest theme's
  in the same § (a § about sports grants that names a library in passing is not culture);
* sentences that are mostly digits (budget tables flattened into text) are not evidence: their
  words are unit names ("kirjasto, menot"), not what the § is about.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Evidence, Theme
from .analysis import Analysed, Token, is_role_word
from .sentences import DECISION, PROPOSAL, TITLE
from .taxonomy import Taxonomy, Term

# Longest evidence sentence kept whole.
MAX_EVIDENCE_CHARS = 300
# A sentence whose characters are more than this share digits is a table row.
MAX_DIGIT_SHARE = 0.2
# Shorter sentences are judged by their words alone ("Talousarvio 2025-2027").
MIN_TABLE_ROW_CHARS = 60


@dataclass
class _Hit:
    mentions: int = 0
    in_title: bool = False
    # matched lemma -> (best single weight, occurrences)
    lemmas: dict[str, tuple[float, int]] = field(default_factory=dict)
    # sentence index -> weight, for choosing the evidence
    sentences: dict[int, float] = field(default_factory=dict)

    def add(self, lemma: str, weight: float) -> None:
        best, count = self.lemmas.get(lemma, (0.0, 0))
        self.lemmas[lemma] = (max(best, weight), count + 1)
        self.mentions += 1

    @property
    def weight(self) -> float:
        """Sublinear in repetition: a word said five times is not five pieces of evidence."""
        return sum(best * (1.0 + math.log(count)) for best, count in self.lemmas.values())


class Matcher:
    """The lexicon of one language compiled for fast lookup."""

    def __init__(self, taxonomy: Taxonomy, language: str) -> None:
        self.taxonomy = taxonomy
        self.exact: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.affix: list[tuple[Term, int]] = []
        self.multi: list[tuple[Term, int]] = []
        for index, theme in enumerate(taxonomy.themes):
            for term in theme.terms.get(language, ()):
                if len(term.words) > 1:
                    self.multi.append((term, index))
                elif "*" in term.words[0]:
                    self.affix.append((term, index))
                else:
                    self.exact[term.words[0]].append((index, term.weight))

    def token_hits(self, keys: frozenset[str]) -> dict[int, float]:
        """Theme index -> best term weight for one token."""
        return dict(_token_hits(self, keys))

    def sentence_hits(self, tokens: list[Token]) -> dict[int, list[tuple[str, float, int]]]:
        """Theme index -> [(what matched, weight, first token index)] for one sentence.

        A multi-word term is one match, keyed by the term; its tokens do not also count alone.
        """
        hits: dict[int, list[tuple[str, float, int]]] = defaultdict(list)
        covered: dict[int, set[int]] = defaultdict(set)
        for term, theme in self.multi:
            n = len(term.words)
            for i in range(len(tokens) - n + 1):
                window = tokens[i:i + n]
                if any(t.role for t in window) or covered[theme] & set(range(i, i + n)):
                    continue
                if all(term.matches_word(j, t.keys) for j, t in enumerate(window)):
                    hits[theme].append((" ".join(term.words), term.weight, i))
                    covered[theme].update(range(i, i + n))
        for i, tok in enumerate(tokens):
            # A title or body name counts only when the lexicon names it as a whole
            # (vanhusneuvosto, nuorisovaltuusto), never through its parts.
            if tok.role:
                if not is_role_word(tok.lemma, tok.text):
                    continue  # a modifier of a title ("musiikkiopiston rehtori")
                keys = frozenset({tok.lemma, tok.text.lower()})
            else:
                keys = tok.keys
            for theme, weight in _token_hits(self, keys):
                if i not in covered[theme]:
                    hits[theme].append((tok.lemma, weight, i))
        return hits


@lru_cache(maxsize=200_000)
def _token_hits(matcher: Matcher, keys: frozenset[str]) -> tuple[tuple[int, float], ...]:
    best: dict[int, float] = {}
    for key in keys:
        for theme, weight in matcher.exact.get(key, ()):
            best[theme] = max(weight, best.get(theme, 0.0))
    for term, theme in matcher.affix:
        if term.matches_word(0, keys):
            best[theme] = max(term.weight, best.get(theme, 0.0))
    return tuple(best.items())


_matchers: dict[tuple[int, str], Matcher] = {}


def matcher_for(taxonomy: Taxonomy, language: str) -> Matcher:
    key = (id(taxonomy), language)
    if key not in _matchers:
        _matchers[key] = Matcher(taxonomy, language)
    return _matchers[key]


def section_themes(
    analysed: list[Analysed], matcher: Matcher, language: str, min_score: float
) -> list[Theme]:
    """The themes of one §, best first."""
    scoring = matcher.taxonomy.scoring
    part_weight = {TITLE: scoring["title_weight"], DECISION: scoring["decision_weight"],
                   PROPOSAL: scoring["decision_weight"]}
    hits: dict[int, _Hit] = defaultdict(_Hit)
    content = 0
    for s_index, a in enumerate(analysed):
        content += sum(1 for t in a.tokens if t.content)
        pw = part_weight.get(a.sentence.part, scoring["body_weight"])
        if _is_table_row(a.sentence.text) and a.sentence.part != TITLE:
            continue
        for theme, matches in matcher.sentence_hits(a.tokens).items():
            h = hits[theme]
            for key, weight, _index in matches:
                h.add(key, weight * pw)
            h.in_title = h.in_title or a.sentence.part == TITLE
            h.sentences[s_index] = h.sentences.get(s_index, 0.0) + \
                sum(w for _k, w, _i in matches) * pw
    norm = max(1.0, (content / scoring["length_norm_tokens"]) ** scoring["length_norm_power"])
    weights = {theme: h.weight for theme, h in hits.items()}
    strongest = max(weights.values(), default=0.0)
    leader = max(weights, key=lambda t: (weights[t], -t)) if weights else None
    report = leader is not None and matcher.taxonomy.themes[leader].report
    out: list[Theme] = []
    for theme_index, h in hits.items():
        weight = weights[theme_index]
        score = weight / norm
        if weight < scoring["min_weight"]:
            continue
        if not report and (score < min_score or weight < scoring["min_share"] * strongest):
            continue
        definition = matcher.taxonomy.themes[theme_index]
        out.append(Theme(
            id=definition.id,
            label=definition.label(language),
            score=round(score, 3),
            mentions=h.mentions,
            evidence=_evidence(analysed, h, int(scoring["max_evidence"])),
        ))
    out.sort(key=lambda t: (-t.score, t.id))
    return out


def _is_table_row(text: str) -> bool:
    return len(text) >= MIN_TABLE_ROW_CHARS and \
        sum(c.isdigit() for c in text) > MAX_DIGIT_SHARE * len(text)


def _evidence(analysed: list[Analysed], hit: _Hit, limit: int) -> list[Evidence]:
    ranked = sorted(hit.sentences.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[Evidence] = []
    seen: set[str] = set()
    for index, _w in ranked:
        sent = analysed[index].sentence
        text = _clip(sent.text)
        if text in seen:
            continue
        seen.add(text)
        out.append(Evidence(text=text, page=sent.page))
        if len(out) >= limit:
            break
    return out


def _clip(text: str) -> str:
    if len(text) <= MAX_EVIDENCE_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_EVIDENCE_CHARS)
    return text[:cut if cut > 0 else MAX_EVIDENCE_CHARS] + " …"


def document_themes(sections: list[list[Theme]], limit: int) -> list[Theme]:
    """Themes over the document: scores and mentions summed over its §s."""
    total: dict[str, Theme] = {}
    best: dict[str, list[tuple[float, Evidence]]] = defaultdict(list)
    for themes in sections:
        for t in themes:
            if t.id in total:
                agg = total[t.id]
                total[t.id] = agg.model_copy(update={"score": round(agg.score + t.score, 3),
                                                     "mentions": agg.mentions + t.mentions})
            else:
                total[t.id] = t.model_copy(update={"evidence": []})
            best[t.id].extend((t.score, e) for e in t.evidence[:1])
    out = []
    for tid, t in total.items():
        ev = [e for _s, e in sorted(best[tid], key=lambda se: -se[0])[:limit]]
        out.append(t.model_copy(update={"evidence": ev}))
    out.sort(key=lambda t: (-t.score, t.id))
    return out
