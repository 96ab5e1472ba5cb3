"""Stage: the outcome of a § from its decision, the proposal, any vote and the § title.

Outcome conventions (the golden truth files follow the same ones):

- A decision that approves a proposal whose content is only to note something ("merkitsee ...
  tiedokseen", "antecknas för kännedom") is ``noted``; one that approves a proposal that
  chooses persons ("valitsee", "nimeää ... hyväksyjiksi", "utser") is ``election``. A proposal
  that notes and also does something else (a second numbered point, "ja lähettää asian
  edelleen ...") is ``approved_as_proposed``.
- A decision without any proposal to approve (the meeting declared lawful, the agenda approved,
  with no proposal printed) is ``other``. When a proposal to declare the meeting lawful is
  printed and the decision restates it, it is ``approved_as_proposed``.
- Otherwise the issue's list: approved_as_proposed, amended, counter_proposal, rejected, tabled,
  returned, noted, election, other.

Outcome rules, in order (see :data:`~hytedocs.vocabulary.OUTCOME_PHRASES`):

1. A decision that records a fact about the meeting itself ("totesi kokouksen lailliseksi ja
   päätösvaltaiseksi") is ``other``, or ``approved_as_proposed`` when the proposal said the same.
2. A vote won by the side that was not the presenter's proposal is ``counter_proposal``, unless
   the winning side sent the matter back (``returned``) or tabled it (``tabled``).
3. ``tabled``, ``returned``, ``rejected``, ``counter_proposal`` and ``amended`` phrases.
4. ``election`` phrases ("valittiin", "utsågs").
5. A decision that explicitly accepts the proposal ("hyväksyi ... ehdotuksen", "Päätösehdotus
   hyväksyttiin") approves it: ``election`` / ``noted`` / ``approved_as_proposed`` by what the
   proposal says (above).
6. ``noted`` phrases ("merkitsi tiedoksi").
7. With no proposal, what is left is ``other``. With one, any other approving verb or a decision
   that restates the proposal approves it (as in 5); a decision naming the role an election
   proposal asked to fill is ``election``; a narrative decision on a proposal only to note a
   report is ``noted``; what is left is ``other``.
"""

from __future__ import annotations

import re

from ..models import (
    Outcome,
    Vote,
)
from ..text import clean_text, fold
from ..vocabulary import (
    ACCEPT_VERBS,
    ACCEPTED_WORDS,
    AMENDMENT_NOUNS,
    APPROVAL_OF_PROPOSAL_PHRASES,
    COUNTER_STEMS,
    DAMAGED_APPROVAL_STEMS,
    ELECTION_PROPOSAL_STEMS,
    ELECTION_PROPOSAL_VERBS,
    ELECTION_ROLE_WORDS,
    GLUED_APPROVED_WORDS,
    GLUED_NOTED_WORDS,
    LAPSED_WORDS,
    MEETING_FACT_STEMS,
    NOTING_EXTRA_ACTIONS,
    NOTING_PROPOSAL_OBJECTS,
    NOTING_PROPOSAL_VERBS,
    OUTCOME_OTHER_PHRASES,
    OUTCOME_PHRASES,
    PERSON_ROLE_STEMS,
    PROPOSAL_NOUNS,
    REJECTED_WORDS,
)
from .phrases import _any_phrase, sentences

# Share of the proposal's own content words (those not in the § title) a decision must repeat
# to count as restating it. Half: damaged text layers (Nykarleby) garble a word or two of short
# proposals, and a decision that restates one often rewords the rest.
_RESTATE_SHARE = 0.5



def _content_words(text: str) -> set[str]:
    # Inflected verbs differ between proposal and decision ("päättää"/"päätti"): compare stems.
    return {w[:6] for w in re.findall(r"[\wåäö]{4,}", fold(text))}



def _stem_in(stem: str, stems: set[str]) -> bool:
    """A short word's stem matches a longer one it begins ("torg" / "torget")."""
    return stem in stems or any(len(stem) < 6 and o.startswith(stem) for o in stems)



def _restates(decision: str, proposal: str, title: str | None) -> bool:
    """The decision repeats most of the proposal's content words.

    Words the proposal shares with the § title name the matter, not what is to be done about
    it ("RFF diskuterar ... samarbete med Äldrerådet" under "Fortsatt samarbete med
    Äldrerådet"), so they do not count unless nothing else is left.
    """
    pw, dw = _content_words(proposal), _content_words(decision)
    own = pw - _content_words(title or "")
    pw = own or pw
    return bool(pw) and sum(_stem_in(w, dw) for w in pw) >= _RESTATE_SHARE * len(pw)



_ACCEPT = "|".join(re.escape(w) for w in ACCEPT_VERBS)

_NOUNS = "|".join(re.escape(w) for w in PROPOSAL_NOUNS)

# "hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen", "Stadsdirektörens förslag godkändes".
_ACCEPTED_PROPOSAL = re.compile(
    rf"(?<![\wåäö])(?:(?:{_ACCEPT})\b[^.]{{0,80}}?(?<![\wåäö])(?:{_NOUNS})"
    rf"|(?:{_NOUNS})\s+(?:{_ACCEPT}))(?![\wåäö])"
)

# Items of a proposal: its sentences, and the numbered points of a list ("päättää 1. merkitä
# ... 2. antaa ohjeistuksen ...").
_ITEM_NUMBER = re.compile(r"(?:^|\s)\d{1,2}[.)](?=\s)")

_ELECTION_VERB = re.compile(
    r"(?<![\wåäö])(?:" + "|".join(re.escape(w) for w in ELECTION_PROPOSAL_VERBS)
    + r")(?![\wåäö])")

_NOTING_VERB = re.compile(
    r"(?<![\wåäö])(?:" + "|".join(re.escape(w) for w in NOTING_PROPOSAL_VERBS) + r")(?![\wåäö])")



def _items(proposal: str) -> list[str]:
    return [part.strip() for s in sentences(proposal) for part in _ITEM_NUMBER.split(s)
            if len(part.split()) >= 3]



def _notes_only(proposal: str) -> bool:
    """Every item of the proposal is to note something ("merkitsee ... tiedokseen")."""
    items = [fold(i) for i in _items(proposal)]
    return bool(items) and all(_notes_item(i) for i in items)



def _notes_item(item: str) -> bool:
    verb = _NOTING_VERB.search(item)
    return (verb is not None and _any_phrase(item, NOTING_PROPOSAL_OBJECTS)
            and not _any_phrase(item[verb.end():], NOTING_EXTRA_ACTIONS))



def _chooses_persons(proposal: str) -> bool:
    """The proposal elects or names people: an election verb in a sentence that names a
    person's role."""
    return any(_ELECTION_VERB.search(s) and any(r in s for r in PERSON_ROLE_STEMS)
               for s in (fold(x) for x in sentences(proposal)))



def _names_elected_role(decision: str, proposal: str) -> bool:
    """The decision names the role the proposal asked to fill ("utser protokolljusterare" ->
    "... valdes till protokolljusterare"): compared by stem, so a damaged layer still agrees."""
    dw = _content_words(decision)
    for m in _ELECTION_VERB.finditer(fold(proposal)):
        after = fold(proposal)[m.end():].split(".")[0].split()[:3]
        if any(len(w) >= 5 and w[:6] in dw for w in after):
            return True
    return False



def _approved(proposal: str) -> Outcome:
    """What approving the proposal decided: an election when the proposal chooses persons,
    ``noted`` when all it proposes is to note something, else ``approved_as_proposed``."""
    if _chooses_persons(proposal):
        return Outcome.election
    if _notes_only(proposal):
        return Outcome.noted
    return Outcome.approved_as_proposed



def _amendment_accepted(discussion: str) -> bool:
    """The record of the discussion says a change or addition to the proposal was accepted
    ("totesi kaupunginhallituksen ... hyväksyneen Elon muutosehdotuksen nro 3"; "voidaanko
    Elon lisäysehdotus yksimielisesti hyväksyä. ... totesi kaupunginhallituksen hyväksyneen
    sen.")."""
    sents = sentences(discussion)
    for i, sent in enumerate(sents):
        f = fold(sent)
        if not _any_phrase(f, ACCEPTED_WORDS) or _any_phrase(f, REJECTED_WORDS):
            continue
        here = any(n in f for n in AMENDMENT_NOUNS)
        before = i > 0 and any(n in fold(sents[i - 1]) for n in AMENDMENT_NOUNS)
        if here or before:
            return True
    return False


def classify_outcome(decision: str, proposal: str | None = None,
                     votes: list[Vote] | None = None, title: str | None = None,
                     discussion: str | None = None) -> Outcome:
    """The outcome of a § from its decision text, the proposal, any vote, the § title and
    the record of the discussion (Käsittely)."""
    out = _classify(decision, proposal, votes, title)
    if out is Outcome.approved_as_proposed and discussion and _amendment_accepted(discussion):
        return Outcome.amended
    return out


def _classify(decision: str, proposal: str | None = None,
              votes: list[Vote] | None = None, title: str | None = None) -> Outcome:
    d = fold(clean_text(decision.replace("\n", " ")))
    p = fold(clean_text((proposal or "").replace("\n", " ")))
    if _any_phrase(d, OUTCOME_OTHER_PHRASES):
        # The meeting declared lawful: nothing was decided about a matter, unless a proposal
        # to declare it so was printed and the decision restates it.
        return (Outcome.approved_as_proposed
                if _any_phrase(p, OUTCOME_OTHER_PHRASES)
                or any(st in p for st in MEETING_FACT_STEMS)
                else Outcome.other)
    for v in votes or []:
        if v.winner == "no":
            if _any_phrase(d, OUTCOME_PHRASES["returned"]):
                return Outcome.returned
            if _any_phrase(d, OUTCOME_PHRASES["tabled"]):
                return Outcome.tabled
            return Outcome.counter_proposal
    for kind in ("tabled", "returned", "rejected", "counter_proposal", "amended"):
        if _any_phrase(d, OUTCOME_PHRASES[kind]):
            return Outcome(kind)
    # "on äänin 5–3 hyväksynyt Hanna Järvisen vastaehdotuksen", "hyväksyi yksimielisesti X:n
    # vastaehdotuksen": the counter-proposal was accepted, with or without a vote.
    stems = "|".join(re.escape(st) for st in COUNTER_STEMS)
    won = re.search(rf"(?<![\wåäö])(?:{_ACCEPT})\b[^.]{{0,80}}(?:{stems})", d)
    if won and not any(v.winner == "yes" for v in votes or []):
        start = d.rfind(". ", 0, won.start()) + 1
        end = d.find(". ", won.end())
        if not _any_phrase(d[start: end if end > 0 else len(d)], LAPSED_WORDS):
            return Outcome.counter_proposal
    # An election decides who, even when it also says it approved the proposal ("nimesi ...
    # varajäseniksi ... hyväksyi kaupunginjohtajan ehdotuksen").
    if _any_phrase(d, OUTCOME_PHRASES["election"]) or (
        any(w in d for w in ELECTION_ROLE_WORDS) and any(st in p for st in ELECTION_PROPOSAL_STEMS)
    ):
        return Outcome.election
    # The decision names the proposal it accepts ("hyväksyi ehdotuksen", "Enligt förslag";
    # damaged: "Stadsdirektörensnförslagngodkändes", "-nligt förslag.").
    if (_any_phrase(d, APPROVAL_OF_PROPOSAL_PHRASES) or _ACCEPTED_PROPOSAL.search(d)
            or (any(w in d for w in GLUED_APPROVED_WORDS) and any(n in d for n in PROPOSAL_NOUNS))
            or any(len(ph) > 8 and ph[1:] in d for ph in APPROVAL_OF_PROPOSAL_PHRASES)):
        return _approved(p)
    # Damaged text layers glue words ("Ärendetnantecknadesnförnkännedom"): substrings then.
    if _any_phrase(d, OUTCOME_PHRASES["noted"]) or any(w in d for w in GLUED_NOTED_WORDS):
        return Outcome.noted
    if not p.strip():
        # Without a proposal, an approving verb approved something else (the agenda): there
        # was no proposal to approve.
        return Outcome.other
    if (_any_phrase(d, OUTCOME_PHRASES["approved"]) or any(w in d for w in GLUED_APPROVED_WORDS)
            or any(w in d for w in DAMAGED_APPROVAL_STEMS) or _restates(d, p, title)):
        return _approved(p)
    if _chooses_persons(p) and _names_elected_role(d, p):
        return Outcome.election
    if _notes_only(p):
        # The proposal was only to note a report; the decision records what was reported.
        return Outcome.noted
    return Outcome.other
