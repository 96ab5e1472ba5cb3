"""Stage: what happened to each § (outcome, participation, votes, prior handlings, references).

Pure functions over the text of a parsed § and the meeting's details. The § parser hands over
every labelled part in document order; stage lines ("Kaupunginhallitus, 09.06.2025, § 228")
split them into handlings, and only the last handling — this meeting's — gives the outcome,
the participation events and the votes. Earlier handlings become ``prior_handlings``.

Each job has its own module: :mod:`.handlings`, :mod:`.participation` (with name resolution),
:mod:`.votes`, :mod:`.outcome` and :mod:`.references`; this one fills a § from them.
"""

from __future__ import annotations

from ..models import (
    DecisionKind,
    DocumentKind,
    Field_,
    Minutes,
    Outcome,
    Section,
    Vote,
    Warning_,
)
from ..text import fold
from ..vocabulary import (
    DISSENT_WORDS,
)
from .fields import split_decider_line, split_presenter_line
from .handlings import _last, prior_handlings
from .meeting import DocInfo
from .outcome import classify_kind, classify_outcome, find_riders
from .participation import (
    _known_people,
    closest_participant,
    disqualified_by_label,
    note_events,
    participation_events,
)
from .phrases import _any_phrase, sentences
from .references import decision_references, legal_references
from .votes import dissents, parse_vote

# Keys of the labelled parts whose text can record what people did during the handling.
_EVENT_KEYS = frozenset({"decision", "disqualification", "minutes_note", "processing"})


# --- the § ------------------------------------------------------------------------------------


def annotate_section(section: Section, info: DocInfo) -> None:
    """Fill the event fields of one § in place."""
    if section.presenter is not None and section.presenter.name:
        section.presenter.name = (
            closest_participant(section.presenter.name, info) or section.presenter.name
        )
    known = _known_people(section, info)
    priors, own = prior_handlings(section, info)
    section.prior_handlings = priors
    if priors:
        # The § parser picks the last proposal and decision; make sure they are this
        # meeting's, not an earlier body's.
        own_prop, own_dec = _last(own, "proposal"), _last(own, "decision")
        prior_blocks = {id(b) for p in priors for b in (p.proposal, p.decision) if b}
        if own_prop is not None or id(section.proposal) in prior_blocks:
            section.proposal = own_prop
            if own_prop is not None:
                leading, section.proposal = split_presenter_line(own_prop)
                if leading is not None and not _last(own, "presenter"):
                    section.presenter = leading
        if own_dec is not None or id(section.decision) in prior_blocks:
            section.decision = split_decider_line(own_dec) if own_dec is not None else None

    texts = [(f.block.text, f.block.pages[0] if f.block.pages else None)
             for f in own if f.key in _EVENT_KEYS and f.block.text]
    section.participation = participation_events(texts, known)
    extra = note_events(info).get(section.number, []) if section.number is not None else []
    for ev in extra:
        if not any(q.name == ev.name and q.event == ev.event for q in section.participation):
            section.participation.append(ev)
    for f in own:
        if f.key == "disqualification" and f.block.text.strip():
            for ev in disqualified_by_label(f.block.text,
                                            f.block.pages[0] if f.block.pages else None, known):
                if not any(q.name == ev.name and q.event == ev.event
                           for q in section.participation):
                    section.participation.append(ev)

    vote_text = "\n\n".join(t for t, _ in texts)
    vote = parse_vote(vote_text, known) if vote_text else None
    if vote is None and vote_text:
        # A dissent recorded without the vote itself ("X jätti eriävän mielipiteen") still
        # belongs with the votes: a Vote that carries only the dissenters.
        who = dissents(vote_text, known)
        if who:
            vote = Vote(dissents=who, text=" ".join(
                s for s in sentences(vote_text) if _any_phrase(fold(s), DISSENT_WORDS)))
    section.votes = [vote] if vote else []

    if info.kind in (DocumentKind.minutes, DocumentKind.extract):
        decide(section, own, info.meeting.body)

    body_text = "\n".join(f.block.text for f in section.fields
                          if f.key not in ("stage", "history", "preparer", "presenter"))
    own_refs = {(p.body, p.date, p.number) for p in priors}
    section.references = [r for r in decision_references(body_text)
                          if (r.body, r.date, r.number) not in own_refs]
    section.legal_refs = legal_references(body_text)
    if not section.legal_references:
        section.legal_references = list(dict.fromkeys(r.text for r in section.legal_refs))


def decide(section: Section, own: list[Field_], body: str | None) -> None:
    """Fill what this meeting did with a § of minutes: its outcome, its kind of decision and its
    riders, from the § and the labelled parts of this meeting's handling (``own``)."""
    proposal = section.proposal.text if section.proposal else None
    if section.decision is not None and section.decision.text.strip():
        discussion = "\n\n".join(f.block.text for f in own if f.key == "processing")
        section.outcome = classify_outcome(section.decision.text, proposal, section.votes,
                                           section.title, discussion or None)
    else:
        # No decision printed: a § that only reports ("Muut asiat", "Seuraava kokous") had
        # nothing proposed; one with a proposal and no decision cannot tell.
        section.outcome = Outcome.other if proposal else Outcome.no_proposal
    decided = section.decision.text if section.decision else None
    section.decision_kind = (classify_kind(decided, proposal, section.title, body)
                             if (decided or "").strip() or proposal else DecisionKind.other)
    section.riders = find_riders([f.block for f in own
                                  if f.key in ("decision", "processing") and f.block.text])


def check_minutes(minutes: Minutes) -> None:
    """Every § of minutes has a decision, or a warning that says it has none."""
    if minutes.kind not in (DocumentKind.minutes, DocumentKind.extract):
        return
    for sec in minutes.sections:
        if sec.decision is None or not sec.decision.text.strip():
            minutes.warnings.append(Warning_(
                code="no_decision",
                message=f"§ {sec.number if sec.number is not None else '?'} "
                f"({sec.title or 'untitled'}) has no decision",
                page=sec.pages[0] if sec.pages else None,
                section=sec.number,
            ))
