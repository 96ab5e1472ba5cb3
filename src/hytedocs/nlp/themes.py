"""Tag the HYTE themes of a § and say which it is about (primary) and which it only mentions.

Evidence (the constants are in the ``[scoring]`` table of the taxonomy file). Every token that
matches a theme's term is worth the term's weight times its theme's ``weight``: 1 for an
ordinary term, ``weak_weight`` for an ambiguous one; a context term (``fi_context``) counts
only in a sentence whose other words allow it. Where the token is printed decides what it shows:

* the **title** (``title_weight``), the **proposal** and the **decision** (``decision_weight``)
  say what the § is about; the case text counts ``body_weight``;
* an **enumeration** (bulleted or numbered lines, a run of short lines after a colon, a
  sentence that is a comma list) counts once per theme, at body weight, however many of its
  items name the theme: a list of priorities names many areas and is about none of them;
* a word inside an **organisation or company name**, a **job title** or a **body's name**
  ("Mielenterveysyhdistys Tuki ry", "musiikkiopiston rehtori", "vanhusneuvosto" in the text)
  is a mention in passing, worth ``passing_weight``; themes marked ``names = true`` (the kind
  of organisation is their subject: associations, the wellbeing county) count there in full;
* sentences that are mostly digits (budget tables flattened into text) are not evidence.

Repetition is sublinear: a lemma found n times adds its best single weight x (1 + ln n).

Roles, by the kind of § (:mod:`.kinds`):

* **ordinary**: a theme is ``primary`` when its title weight reaches ``primary_title``, its
  proposal and decision weight ``primary_decision``, its title, decision and case-text weight
  per ``length_norm_tokens`` content words ``primary_score`` (and ``primary_share`` of the
  strongest theme's), or when it carries paragraphs worth ``paragraph_share`` of the § (a
  paragraph of at least ``paragraph_tokens`` content words where it has ``paragraph_weight``
  and no other theme more): a long budget or plan § takes the themes of the sections it
  spends words on. Otherwise it is ``mentioned`` when all its evidence reaches ``min_weight``,
  its score ``Settings.theme_min_score`` and ``min_share`` of the strongest theme's;
* **notices** (notices, officials' decisions, minutes received, other matters): each item is
  scored on its own and gives its themes as mentioned when they reach ``item_weight`` in it;
  a theme that carries an item of at least ``long_item_tokens`` content words is primary;
* **election** and **personnel**: mentioned at most;
* **routine**: no themes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Evidence, Theme, ThemeRole
from .analysis import Analysed, Token, is_role_word
from .kinds import ELECTION, NOTICES, PERSONNEL, ROUTINE, title_kind
from .names import name_tokens, person_title_tokens
from .roles import Candidate, RoleModel, features
from .sentences import DECISION, PROPOSAL, TITLE
from .taxonomy import Taxonomy, Term, matches_pattern

# Longest evidence sentence kept whole.
MAX_EVIDENCE_CHARS = 300
# A sentence whose characters are more than this share digits is a table row.
MAX_DIGIT_SHARE = 0.2
# Shorter sentences are judged by their words alone ("Talousarvio 2025-2027").
MIN_TABLE_ROW_CHARS = 60
# Kinds of notice items that give no themes.
_NOT_WELFARE_ITEMS = frozenset({PERSONNEL, ELECTION, ROUTINE})


class _Channel:
    """Matched lemma -> (best single weight, occurrences), summed sublinearly."""

    __slots__ = ("lemmas",)

    def __init__(self) -> None:
        self.lemmas: dict[str, tuple[float, int]] = {}

    def add(self, lemma: str, weight: float) -> None:
        best, count = self.lemmas.get(lemma, (0.0, 0))
        self.lemmas[lemma] = (max(best, weight), count + 1)

    @property
    def weight(self) -> float:
        """Sublinear in repetition: a word said five times is not five pieces of evidence."""
        return sum(best * (1.0 + math.log(count)) for best, count in self.lemmas.values())


@dataclass
class _Hit:
    title: _Channel = field(default_factory=_Channel)
    decision: _Channel = field(default_factory=_Channel)
    body: _Channel = field(default_factory=_Channel)
    passing: _Channel = field(default_factory=_Channel)
    # enumeration id -> best weight found in it (one mention per enumeration)
    enums: dict[int, float] = field(default_factory=dict)
    # paragraph -> title/decision/body weight; item -> weight of everything but the title
    paras: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    items: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    # sentence index -> weight, for choosing the evidence
    sentences: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    mentions: int = 0

    @property
    def plain(self) -> float:
        return self.title.weight + self.decision.weight + self.body.weight

    @property
    def total(self) -> float:
        return self.plain + sum(self.enums.values()) + self.passing.weight


class Matcher:
    """The lexicon of one language compiled for fast lookup."""

    def __init__(self, taxonomy: Taxonomy, language: str) -> None:
        self.taxonomy = taxonomy
        self.excepts = {i: t.excepts.get(language, ()) for i, t in enumerate(taxonomy.themes)
                        if t.excepts.get(language)}
        self.exact: dict[str, list[tuple[int, Term]]] = defaultdict(list)
        self.affix: list[tuple[Term, int]] = []
        self.multi: list[tuple[Term, int]] = []
        # Which multi-word terms can start at a token: by exact first word, or by pattern.
        self.multi_exact_first: dict[str, list[int]] = defaultdict(list)
        self.multi_affix_first: list[int] = []
        for index, theme in enumerate(taxonomy.themes):
            for term in theme.terms.get(language, ()):
                if len(term.words) > 1:
                    first = term.words[0]
                    if "*" in first:
                        self.multi_affix_first.append(len(self.multi))
                    else:
                        self.multi_exact_first[first].append(len(self.multi))
                    self.multi.append((term, index))
                elif "*" in term.words[0]:
                    self.affix.append((term, index))
                else:
                    self.exact[term.words[0]].append((index, term))

    def token_hits(self, keys: frozenset[str]) -> dict[int, float]:
        """Theme index -> best term weight for one token (context terms left out)."""
        return {theme: term.weight for theme, term in _token_hits(self, keys)
                if not term.contextual}

    def sentence_hits(
        self, tokens: list[Token], section_keys: Callable[[], set[str]] | None = None,
    ) -> dict[int, list[tuple[str, float, int, bool]]]:
        """Theme index -> [(what matched, weight, token index, in passing)] for one sentence.

        A multi-word term is one match, keyed by the term; its tokens do not also count alone.
        "In passing": the token names a job title or a deciding body. ``section_keys`` gives
        the keys of the whole §, for context terms whose scope is the §.
        """
        hits: dict[int, list[tuple[str, float, int, bool]]] = defaultdict(list)
        covered: dict[int, set[int]] = defaultdict(set)
        context: set[str] | None = None

        def holds(term: Term, own: frozenset[str]) -> bool:
            nonlocal context
            if term.scope == "section" and section_keys is not None:
                return term.context_holds(section_keys() - own)
            context = context if context is not None else _keys(tokens)
            return term.context_holds(context - own)

        # Multi-word terms in lexicon order, each only where its first word matches.
        starts: dict[int, list[int]] = defaultdict(list)
        for i, tok in enumerate(tokens):
            if not tok.role:
                for k in _multi_starts(self, tok.keys):
                    starts[k].append(i)
        for k in sorted(starts):
            term, theme = self.multi[k]
            n = len(term.words)
            for i in starts[k]:
                window = tokens[i:i + n]
                if len(window) < n or any(t.role for t in window) or \
                        covered[theme] & set(range(i, i + n)):
                    continue
                if all(term.matches_word(j, t.keys) for j, t in enumerate(window) if j):
                    if term.contextual and not holds(term, frozenset()):
                        continue
                    hits[theme].append((" ".join(term.words), term.weight, i, term.passing))
                    covered[theme].update(range(i, i + n))
        for i, tok in enumerate(tokens):
            # A title or body name matches only when the lexicon names it as a whole
            # (vanhusneuvosto, nuorisovaltuusto), and then in passing; the modifier of a job
            # title ("musiikkiopiston rehtori", "liikunta- ja nuorisotoimenpäällikkö") names
            # who someone is and never counts.
            if tok.role:
                if not is_role_word(tok.lemma, tok.text):
                    continue
                keys = frozenset({tok.lemma, tok.text.lower()})
            else:
                keys = tok.keys
            best: dict[int, tuple[float, bool]] = {}
            for theme, term in _token_hits(self, keys):
                if i in covered[theme] or term.weight <= best.get(theme, (0.0, False))[0]:
                    continue
                if term.contextual and not holds(term, keys):
                    continue
                best[theme] = (term.weight, term.passing)
            for theme, (weight, passing) in best.items():
                hits[theme].append((tok.lemma, weight, i, tok.role or passing))
        return hits


def _keys(tokens: list[Token]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        out |= t.keys
    return out


@lru_cache(maxsize=200_000)
def _multi_starts(matcher: Matcher, keys: frozenset[str]) -> tuple[int, ...]:
    """The multi-word terms whose first word matches a token with these keys."""
    out = {k for key in keys for k in matcher.multi_exact_first.get(key, ())}
    out.update(k for k in matcher.multi_affix_first
               if matcher.multi[k][0].matches_word(0, keys))
    return tuple(sorted(out))


@lru_cache(maxsize=200_000)
def _token_hits(matcher: Matcher, keys: frozenset[str]) -> tuple[tuple[int, Term], ...]:
    out: list[tuple[int, Term]] = []
    for key in keys:
        out.extend(matcher.exact.get(key, ()))
    for term, theme in matcher.affix:
        if term.matches_word(0, keys):
            out.append((theme, term))
    if out and matcher.excepts:
        barred = {t for t, words in matcher.excepts.items()
                  if any(matches_pattern(w, keys) for w in words)}
        out = [(t, term) for t, term in out if t not in barred]
    return tuple(out)


_matchers: dict[tuple[int, str], Matcher] = {}


def matcher_for(taxonomy: Taxonomy, language: str) -> Matcher:
    key = (id(taxonomy), language)
    if key not in _matchers:
        _matchers[key] = Matcher(taxonomy, language)
    return _matchers[key]


@dataclass
class Found:
    """What the scorer found in one §: per theme its hits, and the sizes of the parts."""

    hits: dict[int, _Hit]
    content: int
    para_tokens: dict[int, int]
    item_tokens: dict[int, int]


def collect(analysed: list[Analysed], matcher: Matcher, kind: str) -> Found:
    """Every theme match of one § sorted into its channel (see the module docstring)."""
    scoring = matcher.taxonomy.scoring
    themes = matcher.taxonomy.themes
    part_weight = {TITLE: scoring["title_weight"], DECISION: scoring["decision_weight"],
                   PROPOSAL: scoring["decision_weight"]}
    body_weight, passing_weight = scoring["body_weight"], scoring["passing_weight"]
    in_passing_title = kind in (ELECTION, PERSONNEL, NOTICES)
    hits: dict[int, _Hit] = defaultdict(_Hit)
    content = 0
    para_tokens: dict[int, int] = defaultdict(int)
    item_tokens: dict[int, int] = defaultdict(int)
    skipped_items: dict[int, bool] = {}
    every_key: list[set[str]] = []

    def section_keys() -> set[str]:
        if not every_key:
            every_key.append(set().union(*(_keys(x.tokens) for x in analysed)))
        return every_key[0]

    for s_index, a in enumerate(analysed):
        sent = a.sentence
        n_content = sum(1 for t in a.tokens if t.content)
        content += n_content
        if sent.part != TITLE:
            para_tokens[sent.para] += n_content
            item_tokens[sent.item] += n_content
        if _is_table_row(sent.text) and sent.part != TITLE:
            continue
        if kind == NOTICES and sent.part != TITLE:
            # A notice item that is a personnel or election matter says nothing of welfare.
            if sent.item not in skipped_items:
                skipped_items[sent.item] = title_kind(sent.text) in _NOT_WELFARE_ITEMS
            if skipped_items[sent.item]:
                continue
        found = matcher.sentence_hits(a.tokens, section_keys)
        if not found:
            continue
        names = name_tokens(a, model=sent.part != TITLE) if a.doc is not None else frozenset()
        persons = person_title_tokens(a.tokens)
        pw = part_weight.get(sent.part, body_weight)
        for theme, matches in found.items():
            h = hits[theme]
            org_theme = themes[theme].names
            for key, weight, index, role in matches:
                if index in persons:
                    continue
                h.mentions += 1
                passing = (role and (sent.part != TITLE or not a.tokens[index].role)) or \
                    (index in names and not org_theme)
                if sent.part == TITLE and (in_passing_title or passing or sent.enum >= 0):
                    w = weight * pw
                    h.passing.add(key, w)
                elif passing:
                    w = weight * passing_weight
                    h.passing.add(key, w)
                elif sent.enum >= 0 and sent.part != TITLE:
                    w = weight * body_weight
                    h.enums[sent.enum] = max(w, h.enums.get(sent.enum, 0.0))
                else:
                    w = weight * pw
                    channel = h.title if sent.part == TITLE else \
                        h.decision if sent.part in (PROPOSAL, DECISION) else h.body
                    channel.add(key, w)
                    if sent.part != TITLE:
                        h.paras[sent.para] += w
                if sent.part != TITLE:
                    h.items[sent.item] += weight * (passing_weight if passing else body_weight)
                h.sentences[s_index] += w
    return Found(dict(hits), content, dict(para_tokens), dict(item_tokens))


def section_themes(
    analysed: list[Analysed], matcher: Matcher, language: str, min_score: float,
    kind: str = "ordinary", model: RoleModel | None = None,
) -> list[Theme]:
    """The themes of one §, primary first, then by score; ``model``: roles from the learned
    role model instead of the rules."""
    if kind == ROUTINE:
        return []
    scoring = matcher.taxonomy.scoring
    ev = collect(analysed, matcher, kind)
    if not ev.hits:
        return []
    if model is not None:
        specific = {i: t.terms_weight > 1.0 for i, t in enumerate(matcher.taxonomy.themes)}
        roles = model_roles(ev, scoring, specific, kind, language, model)
    else:
        roles = (notice_roles if kind == NOTICES else ordinary_roles)(ev, scoring, min_score)
    if kind in (ELECTION, PERSONNEL):
        roles = {t: ThemeRole.mentioned for t in roles}
    norm = _norm(ev.content, scoring)
    out: list[Theme] = []
    for theme_index, role in roles.items():
        h = ev.hits[theme_index]
        definition = matcher.taxonomy.themes[theme_index]
        out.append(Theme(
            id=definition.id,
            label=definition.label(language),
            score=round(h.total / norm, 3),
            mentions=h.mentions,
            role=role,
            evidence=_evidence(analysed, h, int(scoring["max_evidence"])),
        ))
    out.sort(key=lambda t: (t.role != ThemeRole.primary, -t.score, t.id))
    return out


def _norm(content: int, scoring: dict[str, float]) -> float:
    return float(max(1.0, (content / scoring["length_norm_tokens"])
                     ** scoring["length_norm_power"]))


def ordinary_roles(ev: Found, scoring: dict[str, float],
                   min_score: float) -> dict[int, ThemeRole]:
    norm = _norm(ev.content, scoring)
    strongest_plain = max((h.plain for h in ev.hits.values()), default=0.0)
    strongest = max((h.total for h in ev.hits.values()), default=0.0)
    carried = _carried(ev, scoring)
    out: dict[int, ThemeRole] = {}
    for theme, h in ev.hits.items():
        plain = h.plain
        if h.title.weight >= scoring["primary_title"] or \
                h.decision.weight >= scoring["primary_decision"] or \
                (plain / norm >= scoring["primary_score"] and
                 plain >= scoring["primary_share"] * strongest_plain) or \
                carried.get(theme, 0) >= scoring["paragraph_share"] * ev.content:
            out[theme] = ThemeRole.primary
        elif h.total >= scoring["min_weight"] and h.total / norm >= min_score and \
                h.total >= scoring["min_share"] * strongest:
            out[theme] = ThemeRole.mentioned
    return out


def _carried(ev: Found, scoring: dict[str, float]) -> dict[int, int]:
    """Theme -> content words of the paragraphs it carries: a paragraph of paragraph_tokens
    content words where it has paragraph_weight and paragraph_lead of the strongest theme's."""
    best: dict[int, float] = defaultdict(float)
    for h in ev.hits.values():
        for para, w in h.paras.items():
            best[para] = max(best[para], w)
    out: dict[int, int] = defaultdict(int)
    for theme, h in ev.hits.items():
        for para, w in h.paras.items():
            tokens = ev.para_tokens.get(para, 0)
            if w >= scoring["paragraph_weight"] and tokens >= scoring["paragraph_tokens"] and \
                    w >= scoring["paragraph_lead"] * best[para]:
                out[theme] += tokens
    return out


def candidates(ev: Found, scoring: dict[str, float],
               specific: dict[int, bool]) -> dict[int, Candidate]:
    """What the role model reads of each theme's evidence (see :mod:`.roles`)."""
    norm = _norm(ev.content, scoring)
    strongest_plain = max((h.plain for h in ev.hits.values()), default=0.0)
    strongest = max((h.total for h in ev.hits.values()), default=0.0)
    strongest_title = max((h.title.weight for h in ev.hits.values()), default=0.0)
    leader = max(ev.hits, key=lambda t: (ev.hits[t].total, -t))
    carried = _carried(ev, scoring)
    item_leader: dict[int, tuple[float, int]] = {}
    for theme, h in ev.hits.items():
        for item, w in h.items.items():
            if w > item_leader.get(item, (0.0, -1))[0]:
                item_leader[item] = (w, theme)
    long_items = {theme for item, (w, theme) in item_leader.items()
                  if ev.item_tokens.get(item, 0) >= scoring["long_item_tokens"]
                  and w >= scoring["paragraph_weight"]}
    out: dict[int, Candidate] = {}
    for theme, h in ev.hits.items():
        plain = h.plain
        out[theme] = Candidate(
            title=h.title.weight, decision=h.decision.weight, body=h.body.weight,
            enum=sum(h.enums.values()), passing=h.passing.weight, plain_score=plain / norm,
            share_plain=plain / strongest_plain if strongest_plain else 0.0,
            share_total=h.total / strongest if strongest else 0.0,
            carried=carried.get(theme, 0) / ev.content if ev.content else 0.0,
            leader=theme == leader,
            lemmas=len({*h.title.lemmas, *h.decision.lemmas, *h.body.lemmas}),
            sentences=len(h.sentences), content=ev.content, specific=specific[theme],
            item_best=max(h.items.values(), default=0.0), long_item=theme in long_items,
            title_lead=h.title.weight / strongest_title if strongest_title else 0.0,
            total_score=h.total / norm)
    return out


def too_little(c: Candidate, scoring: dict[str, float]) -> bool:
    """Too little evidence for a theme to be there at all: under model_min_weight, or under
    model_min_score per length_norm_tokens words (one word in a long budget §)."""
    return c.total < scoring["model_min_weight"] or c.total_score < scoring["model_min_score"]


def model_roles(ev: Found, scoring: dict[str, float], specific: dict[int, bool], kind: str,
                language: str, model: RoleModel) -> dict[int, ThemeRole]:
    """Roles from the learned role model over the same evidence."""
    found = candidates(ev, scoring, specific)
    out: dict[int, ThemeRole] = {}
    for theme, c in found.items():
        role = model.role(features(c, kind, language, len(found)))
        if role == ThemeRole.mentioned and too_little(c, scoring):
            continue
        if role is not None:
            out[theme] = role
    return out


def notice_roles(ev: Found, scoring: dict[str, float],
                 min_score: float) -> dict[int, ThemeRole]:
    """Each item on its own: its themes are mentioned; one that carries a long item is primary."""
    del min_score  # an item is judged by its own weight, not by the length of the list
    leader: dict[int, tuple[float, int]] = {}
    for theme, h in ev.hits.items():
        for item, w in h.items.items():
            if w > leader.get(item, (0.0, -1))[0]:
                leader[item] = (w, theme)
    out: dict[int, ThemeRole] = {}
    for theme, h in ev.hits.items():
        if any(w >= scoring["item_weight"] for w in h.items.values()) or h.passing.lemmas:
            out[theme] = ThemeRole.mentioned
    for item, (w, theme) in leader.items():
        if ev.item_tokens.get(item, 0) >= scoring["long_item_tokens"] and \
                w >= scoring["paragraph_weight"]:
            out[theme] = ThemeRole.primary
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
        text = clip(sent.text)
        if text in seen:
            continue
        seen.add(text)
        out.append(Evidence(text=text, page=sent.page))
        if len(out) >= limit:
            break
    return out


def clip(text: str) -> str:
    if len(text) <= MAX_EVIDENCE_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_EVIDENCE_CHARS)
    return text[:cut if cut > 0 else MAX_EVIDENCE_CHARS] + " …"


def document_themes(sections: list[list[Theme]], limit: int) -> list[Theme]:
    """Themes over the document: scores and mentions summed over its §s; primary when it is
    primary in at least one §."""
    total: dict[str, Theme] = {}
    best: dict[str, list[tuple[float, Evidence]]] = defaultdict(list)
    for themes in sections:
        for t in themes:
            if t.id in total:
                agg = total[t.id]
                role = ThemeRole.primary if ThemeRole.primary in (agg.role, t.role) \
                    else ThemeRole.mentioned
                total[t.id] = agg.model_copy(update={"score": round(agg.score + t.score, 3),
                                                     "mentions": agg.mentions + t.mentions,
                                                     "role": role})
            else:
                total[t.id] = t.model_copy(update={"evidence": []})
            best[t.id].extend((t.score, e) for e in t.evidence[:1])
    out = []
    for tid, t in total.items():
        ev = [e for _s, e in sorted(best[tid], key=lambda se: -se[0])[:limit]]
        out.append(t.model_copy(update={"evidence": ev}))
    out.sort(key=lambda t: (t.role != ThemeRole.primary, -t.score, t.id))
    return out
