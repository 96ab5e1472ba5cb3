"""The typed result of parsing one minutes PDF.

The JSON names here are a contract with other tools: rename nothing, add freely. Every model
forbids unknown keys so that a typo in a consumer's fixture fails loudly. Page numbers are
1-based, as printed by PDF viewers. Bounding boxes are ``[x0, top, x1, bottom]`` in PDF points
with the origin at the page's top-left corner (pdfplumber's convention).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "2.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class DocumentKind(StrEnum):
    """What kind of document the PDF is."""

    minutes = "minutes"  # pöytäkirja / protokoll: decisions have been made
    agenda = "agenda"  # esityslista, kokouskutsu / föredragningslista, kallelse
    extract = "extract"  # pöytäkirjanote / protokollsutdrag, or a single published item
    unknown = "unknown"


class Language(StrEnum):
    fi = "fi"
    sv = "sv"


class Outcome(StrEnum):
    """How this meeting's decision relates to the proposal printed for it (minutes only).

    This says nothing about *what* was decided; that is :class:`DecisionKind`. The two are
    read from the text separately: neither is ever inferred from the other.

    - ``approved_as_proposed``: adopted unchanged, also when a counter-proposal lost a vote or a
      rider was adopted beside it. "Päätösehdotus hyväksyttiin." / "Förslaget godkändes."
    - ``amended``: the proposal was changed at the meeting and adopted so. "Esittelijä teki
      muutetun päätösehdotuksen: ..." / "Godkändes med den ändringen att ..."
    - ``counter_proposal``: a counter-proposal won, by a vote or without one. "Lautakunta
      hyväksyi äänin 6–3 Niemisen vastaehdotuksen." / "Nämnden godkände Forsmans motförslag."
    - ``rejected``: the proposal was rejected and nothing took its place. "Ehdotus hylättiin."
      / "Förslaget avslogs."
    - ``tabled``: "Asia jätettiin pöydälle." / "Ärendet bordlades."
    - ``returned``: sent back for preparation. "Asia palautettiin uudelleen valmisteltavaksi."
      / "Ärendet återremitterades."
    - ``no_proposal``: no proposal was printed for this meeting. "Pöytäkirjantarkastajiksi
      valittiin ..." under a bare Päätös / "Till protokolljusterare utsågs ..." under Beslut.
    - ``other``: withdrawn, not competent, or the text does not tell.
    """

    approved_as_proposed = "approved_as_proposed"
    amended = "amended"
    counter_proposal = "counter_proposal"
    rejected = "rejected"
    tabled = "tabled"
    returned = "returned"
    no_proposal = "no_proposal"
    other = "other"


# Outcomes in which the body did not simply adopt what was proposed.
DEPARTURES: frozenset[Outcome] = frozenset({
    Outcome.amended, Outcome.counter_proposal, Outcome.rejected, Outcome.tabled, Outcome.returned,
})


class DecisionKind(StrEnum):
    """What kind of decision the body took (minutes only), whatever its relation to the proposal.

    - ``approval``: the body decides the matter itself (a plan, a grant, a fee, a contract).
      "Lautakunta hyväksyi avustukset liitteen mukaisesti." / "Nämnden godkänner avgifterna."
    - ``noting``: for information. "Merkitään tiedoksi." / "Antecknas för kännedom."
    - ``election``: persons to a body, a group or a role. "Pöytäkirjantarkastajiksi valittiin
      A ja B." / "Till ledamot i äldrerådet utsågs C."
    - ``statement``: a statement to another authority. "Lautakunta antaa liitteen mukaisen
      lausunnon." / "Nämnden ger följande utlåtande."
    - ``referral``: sent on to another body for its decision. "Kaupunginhallitus esittää
      valtuustolle, että ..." / "Stadsstyrelsen föreslår för fullmäktige att ..."
    - ``appointment``: a person hired or appointed to a post. "Valitaan liikuntasihteerin
      virkaan X." / "Till befattningen som rektor anställs Y."
    - ``other``: the meeting declared lawful, the agenda approved, procedural decisions.
    """

    approval = "approval"
    noting = "noting"
    election = "election"
    statement = "statement"
    referral = "referral"
    appointment = "appointment"
    other = "other"


class AttendanceStatus(StrEnum):
    present = "present"
    absent = "absent"
    substitute = "substitute"
    # Listed in an agenda's invitation ("Osallistujat" of a Kokouskutsu): attendance is unknown.
    invited = "invited"


class ParticipationEvent(StrEnum):
    left = "left"
    arrived = "arrived"
    disqualified = "disqualified"
    heard = "heard"


class TextBlock(_Model):
    """A run of text from the PDF.

    ``text`` is cleaned: zero-width and control characters removed, words hyphenated across a
    line break joined, paragraphs separated by one blank line.
    """

    text: str
    pages: list[int] = Field(
        default_factory=list, fail_fast=True, description="1-based pages the text spans."
    )
    bbox: list[float] | None = Field(
        default=None, fail_fast=True,
        description="[x0, top, x1, bottom] of the block's first line, in points."
    )
    ocr: bool = Field(default=False, description="True when the text was read by OCR.")


class Warning_(_Model):
    """Something the parser noticed but could not resolve; the result is still usable."""

    code: str
    message: str
    page: int | None = None
    section: int | None = None


class Source(_Model):
    file: str | None = Field(description="File name as given, or null for bytes input.")
    sha256: str
    pages: int
    producer: str | None = None


class Person(_Model):
    """A person as printed, names normalised to "First Last" order."""

    name: str | None = None
    title: str | None = Field(default=None, description="Job title or role as printed.")


class Preparer(_Model):
    """Valmistelija / Beredare: the official who prepared the item and answers questions."""

    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None


class Participant(_Model):
    name: str
    role: str | None = Field(default=None, description="Role as printed (puheenjohtaja, jäsen...).")
    status: AttendanceStatus = AttendanceStatus.present
    substitute_for: str | None = None
    note: str | None = Field(default=None, description="Further text printed with the name.")


class Meeting(_Model):
    organization: str | None = Field(
        default=None, description="Municipality, e.g. Lapuan kaupunki."
    )
    body: str | None = Field(default=None, description="The deciding body (toimielin / organ).")
    body_abbreviation: str | None = None
    meeting_number: str | None = Field(default=None, description='As printed, e.g. "2/2025".')
    date: dt.date | None = None
    start_time: str | None = Field(default=None, description='"HH:MM"')
    end_time: str | None = Field(default=None, description='"HH:MM"')
    place: str | None = None
    participants: list[Participant] = Field(default_factory=list, fail_fast=True)
    minutes_checkers: list[str] = Field(
        default_factory=list, fail_fast=True,
        description="Pöytäkirjan tarkastajat / protokolljusterare.",
    )
    public_display: str | None = Field(
        default=None, description="When and where the minutes are on public display (nähtävänä)."
    )


class Field_(_Model):
    """One labelled part of a §, exactly as printed.

    ``key`` is the canonical name (``proposal``, ``decision``, ...) or null when the label is not
    in the vocabulary; the text is kept either way.
    """

    label: str
    key: str | None = None
    block: TextBlock
    parent: str | None = Field(
        default=None,
        description="Label of the part this one is printed inside, e.g. the earlier handling "
        '"Kaupunginhallituksen käsittely" whose own Esittelijä/Päätös sit in its text column.',
    )


class LegalReference(_Model):
    law: str | None = None
    section: str | None = None
    subsection: str | None = None
    text: str


class DecisionReference(_Model):
    """A reference to another body's decision: body, date and § number."""

    body: str | None = None
    date: dt.date | None = None
    number: int | None = None
    text: str | None = None


class PriorHandling(DecisionReference):
    """An earlier handling of the same matter, with its own proposal and decision."""

    proposal: TextBlock | None = None
    decision: TextBlock | None = None
    # Added for issue 3 (events.py): a vote taken in that earlier handling stays with it.
    votes: list[Vote] = Field(default_factory=list, fail_fast=True)


class Participation(_Model):
    """Something a person did during the handling of this §."""

    name: str
    event: ParticipationEvent
    reason: str | None = Field(default=None, description="E.g. intressijäävi for a recusal.")
    text: str = Field(description="The sentence it was read from.")
    page: int | None = None


class RollCallVote(_Model):
    name: str
    vote: str = Field(description='"yes", "no", "blank" or "absent".')


class VoteProposal(_Model):
    text: str
    mover: str | None = None
    seconder: str | None = None
    original: bool = Field(default=False, description="True for the presenter's proposal.")


class Vote(_Model):
    yes: int | None = None
    no: int | None = None
    blank: int | None = None
    absent: int | None = None
    yes_means: str | None = None
    no_means: str | None = None
    winner: str | None = None
    proposals: list[VoteProposal] = Field(default_factory=list, fail_fast=True)
    roll_call: list[RollCallVote] = Field(default_factory=list, fail_fast=True)
    dissents: list[str] = Field(
        default_factory=list, fail_fast=True, description="Eriävä mielipide: who left one."
    )
    text: str | None = None


class Evidence(_Model):
    text: str
    page: int | None = None


class ThemeRole(StrEnum):
    """How much of a § a theme is.

    ``primary``: the § is about it: its title, its proposal or decision, or a substantial part
    of the case text concerns it. ``mentioned``: it appears only in passing: one item of a list
    of priorities or notices, an organisation's name, a working group's remit.
    """

    primary = "primary"
    mentioned = "mentioned"


class Theme(_Model):
    """A HYTE theme the § concerns, with the sentences that show it."""

    id: str
    label: str
    score: float
    mentions: int
    role: ThemeRole = Field(
        default=ThemeRole.primary,
        description="primary: the § is about it; mentioned: it appears only in passing.",
    )
    evidence: list[Evidence] = Field(default_factory=list, fail_fast=True)


class Entity(_Model):
    text: str
    type: str = Field(description="person, organization, place, date, money or diary_number.")
    normalized: str | None = None
    detail: str | None = Field(default=None, description="Title for a person, purpose for money.")
    page: int | None = None


class Section(_Model):
    """One § (pykälä / paragraf) of the minutes.

    ``proposal`` is what the presenter proposed (Päätösehdotus / Ehdotus / Förslag); ``decision``
    is what the body decided (Päätös / Beslut). They differ when the body amended the proposal,
    voted, tabled it or sent it back. Both belong to this meeting's body; an earlier body's
    proposal and decision stay under ``prior_handlings``.
    """

    number: int | None = Field(description="§ number; null only for single items that print none.")
    title: str | None = None
    diary_number: str | None = Field(default=None, description="Dnro / Dno as printed.")
    task_class: str | None = Field(default=None, description="JHS 191 class, e.g. 00.04.01.")
    pages: list[int] = Field(default_factory=list, fail_fast=True)
    presenter: Person | None = Field(default=None, description="Esittelijä / föredragande.")
    preparers: list[Preparer] = Field(default_factory=list, fail_fast=True)
    preparation: TextBlock | None = Field(
        default=None, description="The case description (valmistelu, selostus, beredning)."
    )
    proposal: TextBlock | None = None
    decision: TextBlock | None = None
    authority: str | None = Field(default=None, description="Toimivalta: the rule giving power.")
    legal_references: list[str] = Field(default_factory=list, fail_fast=True)
    notified: list[str] = Field(
        default_factory=list, fail_fast=True, description="Tiedoksianto recipients."
    )
    attachments: list[str] = Field(default_factory=list, fail_fast=True)
    fields: list[Field_] = Field(default_factory=list, fail_fast=True)
    outcome: Outcome | None = Field(
        default=None, description="How the decision relates to the proposal (minutes only)."
    )
    decision_kind: DecisionKind | None = Field(
        default=None, description="What kind of decision was taken (minutes only)."
    )
    riders: list[TextBlock] = Field(
        default_factory=list, fail_fast=True,
        description="Ponsi / kläm: a wish adopted or proposed beside the decision, as printed.",
    )
    participation: list[Participation] = Field(default_factory=list, fail_fast=True)
    votes: list[Vote] = Field(default_factory=list, fail_fast=True)
    prior_handlings: list[PriorHandling] = Field(default_factory=list, fail_fast=True)
    references: list[DecisionReference] = Field(default_factory=list, fail_fast=True)
    legal_refs: list[LegalReference] = Field(
        default_factory=list, fail_fast=True, description="Structured form of the legal references."
    )
    themes: list[Theme] = Field(default_factory=list, fail_fast=True)
    entities: list[Entity] = Field(default_factory=list, fail_fast=True)
    summary: str | None = Field(default=None, description="2-3 sentence extractive summary.")


class Minutes(_Model):
    """A parsed minutes (or agenda) document."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    kind: DocumentKind = DocumentKind.unknown
    language: Language = Language.fi
    meeting: Meeting = Field(default_factory=Meeting)
    sections: list[Section] = Field(default_factory=list, fail_fast=True)
    appeal: TextBlock | None = Field(
        default=None, description="Appeal instructions (muutoksenhakuohjeet); not a §."
    )
    themes: list[Theme] = Field(
        default_factory=list, fail_fast=True, description="Themes over the document."
    )
    warnings: list[Warning_] = Field(default_factory=list, fail_fast=True)

    def section(self, number: int) -> Section:
        """The § with this number; raises KeyError when absent."""
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)


def schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Minutes`."""
    return Minutes.model_json_schema()


def first_error(exc: ValueError) -> str:
    """A validation error in one line: how many, and the first one's place and message (the
    list fields stop at their first bad item, so there are few)."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors(include_url=False)[0]
        except (IndexError, TypeError):
            return str(exc).splitlines()[0][:200]
        where = ".".join(str(part) for part in first.get("loc", ())) or "the top"
        count = exc.error_count() if hasattr(exc, "error_count") else 1
        return f"{count} error{'s' if count != 1 else ''}, first at {where}: {first['msg']}"[:300]
    return str(exc).splitlines()[0][:200]
