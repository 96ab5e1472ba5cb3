"""Stage: what this meeting did with a §, in two answers, and the riders it adopted.

``outcome`` (:class:`~hytedocs.models.Outcome`) says how the decision relates to the proposal
printed for this meeting; ``decision_kind`` (:class:`~hytedocs.models.DecisionKind`) says what
kind of decision it is. They are read from the text separately: :func:`classify_outcome` never
looks at the kind, :func:`classify_kind` never at the outcome. The labelling guide
(``benchmarks/data/labelling_guide_v2.md``) fixes the conventions both follow.

Outcome rules, in order (see :data:`~hytedocs.vocabulary.OUTCOME_PHRASES`):

1. A decision that records a fact about the meeting itself ("totesi kokouksen lailliseksi ja
   päätösvaltaiseksi") is ``approved_as_proposed`` when a proposal said the same, else
   ``no_proposal``.
2. A vote won by the side that was not the presenter's proposal is ``counter_proposal``, unless
   the winning side sent the matter back (``returned``) or tabled it (``tabled``).
3. ``tabled``, ``returned``, ``rejected``, ``counter_proposal`` phrases; with a proposal,
   ``amended`` phrases, and a change to the proposal made by the presenter or accepted in the
   discussion (Käsittely).
4. With no proposal printed for this meeting: ``no_proposal``.
5. A decision that accepts the proposal, restates it, notes what it proposed to note or elects
   whom it proposed to elect: ``approved_as_proposed``; what is left is ``other``.
"""

from __future__ import annotations

import re

from ..models import (
    DecisionKind,
    Outcome,
    TextBlock,
    Vote,
)
from ..text import clean_text, fold
from ..vocabulary import (
    ACCEPT_VERBS,
    ACCEPTED_WORDS,
    AMENDMENT_NOUNS,
    APPOINTMENT_STEMS,
    APPROVAL_OF_PROPOSAL_PHRASES,
    COUNTER_STEMS,
    DAMAGED_APPROVAL_STEMS,
    ELECTED_ROLE_STEMS,
    ELECTION_PROPOSAL_VERBS,
    ELECTION_ROLE_WORDS,
    FORWARD_FOR_INFORMATION,
    GENERIC_REFERRAL_TARGETS,
    GLUED_APPROVED_WORDS,
    GLUED_NOTED_WORDS,
    LAPSED_WORDS,
    MEETING_FACT_STEMS,
    NOT_ELECTION_STEMS,
    NOTICE_TITLE_WORDS,
    NOTING_EXTRA_ACTIONS,
    NOTING_PHRASES,
    NOTING_PROPOSAL_OBJECTS,
    NOTING_PROPOSAL_VERBS,
    OFFICIAL_SUBJECT_STEMS,
    OUTCOME_OTHER_PHRASES,
    OUTCOME_PHRASES,
    PERSON_ROLE_STEMS,
    PROCEDURAL_DECISION_PHRASES,
    PROCEDURAL_TITLE_WORDS,
    PROPOSAL_CHANGED_PHRASES,
    PROPOSAL_NOUNS,
    REFERRAL_BARE,
    REFERRAL_GENITIVES,
    REFERRAL_PURPOSES,
    REFERRAL_TARGETS,
    REFERRAL_VERBS,
    REJECTED_WORDS,
    RIDER_STEMS,
    STATEMENT_NOUNS,
    STATEMENT_TITLES,
    STATEMENT_VERBS,
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
    """How this meeting's decision relates to its proposal, from the decision text, the
    proposal, any vote, the § title and the record of the discussion (Käsittely)."""
    out = _classify(decision, proposal, votes, title)
    if out is Outcome.approved_as_proposed and discussion and (
            _amendment_accepted(discussion)
            or _any_phrase(fold(clean_text(discussion.replace("\n", " "))),
                           PROPOSAL_CHANGED_PHRASES)):
        return Outcome.amended
    return out


def _classify(decision: str, proposal: str | None = None,
              votes: list[Vote] | None = None, title: str | None = None) -> Outcome:
    d = fold(clean_text(decision.replace("\n", " ")))
    p = fold(clean_text((proposal or "").replace("\n", " ")))
    if _any_phrase(d, OUTCOME_OTHER_PHRASES):
        # The meeting declared lawful: a proposal to declare it so may have been printed.
        return (Outcome.approved_as_proposed
                if _any_phrase(p, OUTCOME_OTHER_PHRASES)
                or any(st in p for st in MEETING_FACT_STEMS)
                else Outcome.no_proposal)
    for v in votes or []:
        if v.winner == "no":
            if _any_phrase(d, OUTCOME_PHRASES["returned"]):
                return Outcome.returned
            if _any_phrase(d, OUTCOME_PHRASES["tabled"]):
                return Outcome.tabled
            return Outcome.counter_proposal
    for kind in ("tabled", "returned", "rejected", "counter_proposal"):
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
    if not p.strip():
        # Nothing was proposed for this meeting: an agenda "hyväksyttiin siten muutettuna"
        # changed no proposal.
        return Outcome.no_proposal
    if _any_phrase(d, OUTCOME_PHRASES["amended"]) or _any_phrase(d, PROPOSAL_CHANGED_PHRASES):
        return Outcome.amended
    if (_any_phrase(d, OUTCOME_PHRASES["election"]) and _elects(p)
            and _names_replaced(clean_text(decision.replace("\n", " ")),
                                clean_text((proposal or "").replace("\n", " ")))):
        return Outcome.amended
    if (_any_phrase(d, OUTCOME_PHRASES["election"]) or _any_phrase(d, OUTCOME_PHRASES["noted"])
            or any(w in d for w in ELECTION_ROLE_WORDS) or any(w in d for w in GLUED_NOTED_WORDS)):
        # Electing whom the proposal asked for, or noting what it asked to note, adopts it.
        return Outcome.approved_as_proposed
    # The decision names the proposal it accepts ("hyväksyi ehdotuksen", "Enligt förslag";
    # damaged: "Stadsdirektörensnförslagngodkändes", "-nligt förslag.").
    if (_any_phrase(d, APPROVAL_OF_PROPOSAL_PHRASES) or _ACCEPTED_PROPOSAL.search(d)
            or (any(w in d for w in GLUED_APPROVED_WORDS) and any(n in d for n in PROPOSAL_NOUNS))
            or any(len(ph) > 8 and ph[1:] in d for ph in APPROVAL_OF_PROPOSAL_PHRASES)):
        return Outcome.approved_as_proposed
    if (_any_phrase(d, OUTCOME_PHRASES["approved"]) or any(w in d for w in GLUED_APPROVED_WORDS)
            or any(w in d for w in DAMAGED_APPROVAL_STEMS) or _restates(d, p, title)):
        return Outcome.approved_as_proposed
    # What is left restates, fills in or reports on what the proposal asked for ("Vi tar del av
    # informationen" and the account of what was heard; "päättää saajan kokouksessa" and the
    # name): no departure is printed, so the proposal stood.
    return Outcome.approved_as_proposed


# --- what kind of decision ---------------------------------------------------------------------

_TARGET = re.compile(
    r"(?<![\wåäö])(?:" + "|".join(re.escape(v) for v in REFERRAL_VERBS) + r")(?![\wåäö])"
    r"((?:[\s,]+[\w\-–]+){0,6}?)[\s,]+(?:för\s+|-)?([\wåäö\-]*(?:"
    + "|".join(re.escape(t) for t in REFERRAL_TARGETS) + r"))(?![\wåäö])")

_CHECKERS = ("tarkast", "justera")

_NAME = re.compile(r"[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)? [A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ]"
                   r"[a-zåäö]+)?")


def classify_kind(decision: str | None, proposal: str | None = None,
                  title: str | None = None, body: str | None = None) -> DecisionKind:
    """What kind of decision the § holds, from the proposal printed for this meeting (what the
    body was asked to decide) or, when there is none, from the decision; ``body`` is this
    meeting's body, so that a matter proposed to it is not a referral."""
    d = fold(clean_text((decision or "").replace("\n", " ")))
    p = fold(clean_text((proposal or "").replace("\n", " ")))
    t = fold(title or "")
    text = p if p.strip() else d
    if _refers(text, fold(body or "")):
        return DecisionKind.referral
    if _any_phrase(d, OUTCOME_OTHER_PHRASES) or (
            not p.strip() and _any_phrase(d, PROCEDURAL_DECISION_PHRASES)):
        return DecisionKind.other
    if _any_phrase(t, STATEMENT_TITLES) or _gives_statement(text):
        return DecisionKind.statement
    elects = _elects(text) or ((any(c in t for c in _CHECKERS) or not p.strip()) and (
        _any_phrase(d, OUTCOME_PHRASES["election"]) and any(w in d for w in ELECTION_ROLE_WORDS)))
    if _appoints(text):
        return DecisionKind.appointment
    if elects:
        return DecisionKind.election
    if _any_phrase(t, PROCEDURAL_TITLE_WORDS):
        return DecisionKind.other
    if (_any_phrase(t, NOTICE_TITLE_WORDS) or _notes_all(text) or _any_phrase(text, NOTING_PHRASES)
            or (not p.strip() and any(w in d for w in GLUED_NOTED_WORDS))):
        return DecisionKind.noting
    return DecisionKind.approval


_GENITIVE_TARGET = re.compile(
    r"(?<![\wåäö])(?:" + "|".join(re.escape(v) for v in REFERRAL_VERBS) + r")(?![\wåäö])"
    r"(?:[\s,]+[\w\-–]+){0,6}?[\s,]+(?:-)?([\wåäö\-]*(?:"
    + "|".join(re.escape(t) for t in REFERRAL_GENITIVES) + r"))(?:[\s,]+[\w\-–]+){0,4}?"
    r"[\s,]+(?:" + "|".join(re.escape(t) for t in REFERRAL_PURPOSES) + r")(?![\wåäö])")


def _refers(text: str, body: str) -> bool:
    """The text sends the matter to a body other than this meeting's for its decision: a
    sentence whose subject is no official ("Sivistysjohtaja esittää lautakunnalle" proposes to
    this body) sends it to a named body that is not this one, or, naming none, is this body's
    own proposal on ("... ja esittää, että aloite todetaan loppuun käsitellyksi")."""
    for sent in sentences(text):
        for m in [*_TARGET.finditer(sent), *_GENITIVE_TARGET.finditer(sent)]:
            if _official_subject(sent[:m.start()]):
                continue
            target = m.group(m.lastindex or 1)
            if target in GENERIC_REFERRAL_TARGETS or not body:
                return True
            # Its stem, less a case ending: "kaupunginhallitukse(lle)" is "kaupunginhallitus".
            stem = re.sub(r"(?:lle|lta|n)$", "", target.lstrip("-")).split("-")[-1]
            if stem[:-3] not in body:
                return True
        if (body and not _TARGET.search(sent) and not _GENITIVE_TARGET.search(sent)
                and _any_phrase(sent, REFERRAL_BARE)):
            verb = min((sent.find(b) for b in REFERRAL_BARE if b in sent), default=0)
            if not _official_subject(sent[:max(verb, 0)]):
                return True
    return False


def _official_subject(before: str) -> bool:
    """The words just before the verb, in its own clause, name an official."""
    clause = re.split(r"[:;)]|\d[.)]\s", before)[-1].split()[-3:]
    return any(st in w for w in clause for st in OFFICIAL_SUBJECT_STEMS)


def _elects(text: str) -> bool:
    return any(_ELECTION_VERB.search(s) and any(r in s for r in ELECTED_ROLE_STEMS)
               and not any(n in s for n in NOT_ELECTION_STEMS) for s in sentences(text))


def _appoints(text: str) -> bool:
    """A sentence chooses a person for a post (virka, tehtävä, befattning)."""
    return any((_ELECTION_VERB.search(s) or "anställ" in s)
               and any(st in s for st in APPOINTMENT_STEMS) for s in sentences(text))


def _notes_all(text: str) -> bool:
    """Every item notes something; forwarding it "tiedoksi" as well is still noting."""
    items = _items(text)
    return bool(items) and all(_notes_item(i) or _notes_and_forwards(i) for i in items)


def _notes_and_forwards(item: str) -> bool:
    verb = _NOTING_VERB.search(item)
    if verb is None or not _any_phrase(item, NOTING_PROPOSAL_OBJECTS):
        return False
    rest = item[verb.end():]
    return _any_phrase(rest, NOTING_EXTRA_ACTIONS) and _any_phrase(
        rest[rest.find(" ", 10):], FORWARD_FOR_INFORMATION) and not _any_phrase(
        rest, ("hyväksyttäväksi", "päätettäväksi", "för beslut", "godkänner", "hyväksyy"))


def _gives_statement(text: str) -> bool:
    """A sentence that gives a statement: a statement noun with a verb of giving."""
    return any(any(n in s for n in STATEMENT_NOUNS) and _any_phrase(s, STATEMENT_VERBS)
               for s in sentences(text))


def _names_replaced(decision: str, proposal: str) -> bool:
    """An election decided with other persons than the proposal named: each person the decision
    names must be among the proposal's first names, compared by the start of the surname
    (case endings differ: "Heikkinen" / "Heikkisen")."""
    want = [n.split()[-1][:5] for n in _NAME.findall(proposal)]
    got = [n.split()[-1][:5] for n in _NAME.findall(decision)]
    return bool(want) and bool(got) and any(g not in want[:len(got)] for g in got)


# --- riders ------------------------------------------------------------------------------------

_RIDER = re.compile(r"(?<![\wåäö])(?:" + "|".join(re.escape(w) for w in RIDER_STEMS) + r")\w*",
                    re.IGNORECASE)


def find_riders(parts: list[TextBlock]) -> list[TextBlock]:
    """The riders (ponsi, kläm) of this meeting's handling, from its decision and discussion:
    the text after the colon that follows the rider word, to the end of its paragraph, or the
    sentence that holds the word when no colon follows it."""
    riders: list[TextBlock] = []
    for block in parts:
        for para in re.split(r"\n\s*\n", block.text):
            flat = clean_text(para.replace("\n", " "))
            m = _RIDER.search(flat)
            if m is None:
                continue
            colon = flat.find(":", m.end())
            stop = flat.find(". ", m.end())
            if colon >= 0 and (stop < 0 or colon < stop):
                text = flat[colon + 1:].strip().strip("\"”“")
            else:
                text = next((s for s in sentences(flat) if _RIDER.search(s)), flat)
            if text and not any(r.text == text for r in riders):
                riders.append(TextBlock(text=text, pages=list(block.pages)))
    return riders
