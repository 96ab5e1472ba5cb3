"""A 2-3 sentence extractive summary of a §: what the matter is, and what was decided.

Scoring of the preparation sentences (on lemmas, so inflection does not split a word's count):

* each content lemma (noun, proper noun, verb, adjective; not a job title or body name) gets its
  frequency in the whole § (title, preparation, proposal, decision);
* a sentence scores the sum of its distinct lemmas' frequencies divided by the square root of
  its content-token count (long sentences are not favoured just for length), plus
  ``TITLE_BONUS`` x the share of the title's lemmas it repeats, plus ``LEAD_BONUS`` for the
  first sentence of the preparation, which usually states the matter;
* sentences under ``MIN_CONTENT`` content tokens, or mostly digits (tables), are skipped.

The best ``n - 1`` sentences, in their printed order, are followed by the decision statement:
the decision itself, unless it only accepts the proposal ("Päätösehdotus hyväksyttiin.",
"hyväksyi sivistysjohtajan ehdotuksen"), in which case the proposal states what was decided.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..models import Outcome, Section
from ..text import fold
from ..vocabulary import (
    APPROVAL_OF_PROPOSAL_PHRASES,
    DECISION_RESULT_WORDS,
    OUTCOME_PHRASES,
    VOTING_PROCEDURE_WORDS,
)
from .analysis import Analysed, iter_content_lemmas
from .sentences import BODY, DECISION, PROPOSAL, TITLE

TITLE_BONUS = 2.0
LEAD_BONUS = 0.5
MIN_CONTENT = 4
MAX_DIGIT_SHARE = 0.3
# A proposal that opens with "Lautakunta:" continues in numbered items; join them up to this.
MAX_DECISION_CHARS = 450
# "hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen": an owner may stand between the verb
# and the noun of an approval phrase.
_OWNER = r"(?:\S+\s+){0,4}?"


def _approval_patterns() -> list[re.Pattern[str]]:
    out = []
    for phrase in APPROVAL_OF_PROPOSAL_PHRASES:
        words = [re.escape(w) for w in phrase.split()]
        out.append(re.compile(r"\b" + (r"\s+" + _OWNER).join(words) + r"\b"))
    return out


_APPROVALS = _approval_patterns()
_AMENDED = tuple(OUTCOME_PHRASES["amended"]) + tuple(OUTCOME_PHRASES["counter_proposal"])
# Words that name the proposal in a decision ("hyväksynyt päätösehdotuksen").
_PROPOSAL_WORDS = ("ehdotu", "esitykse", "förslag")
_LEADING_HEARD = re.compile(r"^.*?\b(?:kuuli|hördes)\b.*?\basiassa\b\s*(?:ja\s+)?", re.I)


def section_summary(section: Section, analysed: list[Analysed], n: int) -> str | None:
    """Two to ``n`` sentences: the matter, then what was decided."""
    decision = _decision_statement(section, analysed)
    body = [a for a in analysed if a.sentence.part == BODY]
    picked = _best_body_sentences(body, analysed, max(1, n - len(decision)))
    parts = [a.sentence.text for a in picked]
    parts.extend(decision)
    parts = [_end(p) for p in parts if p.strip()]
    return " ".join(parts) if parts else None


def _best_body_sentences(body: list[Analysed], analysed: list[Analysed],
                         k: int) -> list[Analysed]:
    freq = Counter(lemma for a in analysed for lemma in iter_content_lemmas(a.tokens))
    title = {lemma for a in analysed if a.sentence.part == TITLE
             for lemma in iter_content_lemmas(a.tokens)}
    scored: list[tuple[float, int]] = []
    for index, a in enumerate(body):
        lemmas = list(iter_content_lemmas(a.tokens))
        text = a.sentence.text
        digits = sum(c.isdigit() for c in text)
        if len(lemmas) < MIN_CONTENT or digits > MAX_DIGIT_SHARE * len(text):
            continue
        distinct = set(lemmas)
        score = sum(freq[lemma] for lemma in distinct) / math.sqrt(len(lemmas))
        if title:
            score += TITLE_BONUS * len(distinct & title) / len(title)
        if index == 0:
            score += LEAD_BONUS
        scored.append((score, index))
    best = sorted(scored, key=lambda si: (-si[0], si[1]))[:k]
    return [body[i] for _s, i in sorted(best, key=lambda si: si[1])]


def _decision_statement(section: Section, analysed: list[Analysed]) -> list[str]:
    """What was decided, as one or two sentences.

    The decision's result sentence is the last one that uses an outcome phrase ("Asia
    jätettiin pöydälle.", "... on äänin 6-3 hyväksynyt päätösehdotuksen."), else its first.
    When it only accepts the proposal, the proposal says what was decided; when it accepts the
    proposal with more to say (a vote), both are given.
    """
    decision = [a.sentence.text for a in analysed if a.sentence.part == DECISION]
    proposal = [a.sentence.text for a in analysed if a.sentence.part == PROPOSAL]
    if not decision:
        return [_statement(proposal)] if proposal else []
    result = _result_sentence(decision)
    if _only_accepts(section, result):
        return [_statement(proposal)] if proposal else [result]
    if proposal and _refers_to_proposal(section, result):
        return [_statement(proposal), result]
    return [_statement(decision[decision.index(result):])]


_RESULT_PHRASES = tuple(p for phrases in OUTCOME_PHRASES.values() for p in phrases) + \
    DECISION_RESULT_WORDS


def _result_sentence(decision: list[str]) -> str:
    for text in reversed(decision):
        folded = fold(text)
        if any(w in folded for w in VOTING_PROCEDURE_WORDS):
            continue
        if any(p in folded for p in _RESULT_PHRASES):
            return text
    return decision[0]


def _refers_to_proposal(section: Section, text: str) -> bool:
    folded = fold(text)
    return section.outcome in (None, Outcome.approved_as_proposed) and any(
        w in folded for w in _PROPOSAL_WORDS)


def _only_accepts(section: Section, decision: str) -> bool:
    """True when the decision says no more than "the proposal was approved"."""
    if section.outcome is not None and section.outcome != Outcome.approved_as_proposed:
        return False
    text = fold(decision)
    if any(p in text for p in _AMENDED):
        return False
    if not any(p.search(text) for p in _APPROVALS):
        return False
    # What is left once the approval and "heard X in the matter" are removed.
    rest = _LEADING_HEARD.sub("", text)
    for p in _APPROVALS:
        rest = p.sub("", rest)
    return len(re.findall(r"\w+", rest)) <= 3


def _statement(sentences: list[str]) -> str:
    """The first substantive sentence, with the items of a list it introduces."""
    first = sentences[0]
    if not first.rstrip().endswith(":") or len(sentences) == 1:
        return first
    out = first.rstrip()
    for nxt in sentences[1:]:
        if len(out) + len(nxt) + 1 > MAX_DECISION_CHARS:
            break
        out += " " + nxt.strip()
    return out


def _end(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?:" else text + "."
