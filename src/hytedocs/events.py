"""Stage: what happened to each § (outcome, participation, votes, prior handlings, references).

Pure functions over the text of a parsed § and the meeting's details. The § parser hands over
every labelled part in document order; stage lines ("Kaupunginhallitus, 09.06.2025, § 228")
split them into handlings, and only the last handling — this meeting's — gives the outcome,
the participation events and the votes. Earlier handlings become ``prior_handlings``.

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

Participation comes from the § text of this meeting's handling, from names printed under a
disqualification label ("Esteellisyys: Arto Ylitalo"), and from participant-list notes that name
§s ("klockan 16.00–16.50, §10–13": left during § 13).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from .meeting import DocInfo, first_last, name_classes, parse_stage_line
from .models import (
    DecisionReference,
    DocumentKind,
    Field_,
    LegalReference,
    Minutes,
    Outcome,
    Participation,
    ParticipationEvent,
    PriorHandling,
    RollCallVote,
    Section,
    TextBlock,
    Vote,
    VoteProposal,
    Warning_,
)
from .patterns import find_date as _date
from .settings import DEFAULT_NAME_MATCH_RATIO
from .text import clean_text, fold
from .vocabulary import (
    ACCEPT_VERBS,
    APPROVAL_OF_PROPOSAL_PHRASES,
    BODY_ENDINGS,
    CHAPTER_WORDS,
    COUNTER_PROPOSAL_WORDS,
    COUNTER_STEMS,
    DAMAGED_APPROVAL_STEMS,
    DISQUALIFICATION_REASONS,
    DISSENT_WORDS,
    ELECTION_PROPOSAL_STEMS,
    ELECTION_PROPOSAL_VERBS,
    ELECTION_ROLE_WORDS,
    GLUED_APPROVED_WORDS,
    GLUED_NOTED_WORDS,
    LABELS,
    LAPSED_WORDS,
    LAW_OWNER_WORDS,
    LAW_WORDS,
    LIST_CONJUNCTIONS,
    NOTE_END_WORDS,
    NOTE_START_WORDS,
    NOTING_EXTRA_ACTIONS,
    NOTING_PROPOSAL_OBJECTS,
    NOTING_PROPOSAL_VERBS,
    ORIGINAL_PROPOSAL_NAME,
    OUTCOME_OTHER_PHRASES,
    OUTCOME_PHRASES,
    PARTICIPATION_NOT_PERSON,
    PARTICIPATION_PHRASES,
    PERSON_PRONOUNS,
    PERSON_ROLE_STEMS,
    PROPOSAL_CONTENT_OPENERS,
    PROPOSAL_NOUNS,
    PROPOSAL_VERBS,
    ROLL_CALL_LABELS,
    SECONDED_WORDS,
    SUBSECTION_WORDS,
    SURNAME_STEM_CHANGES,
    TITLE_ENDINGS,
    VOTE_ABSENT,
    VOTE_BLANK,
    VOTE_MEANS_PATTERNS,
    VOTE_NO,
    VOTE_WORDS,
    VOTE_YES,
)

# Keys of the labelled parts whose text can record what people did during the handling.
_EVENT_KEYS = frozenset({"decision", "disqualification", "minutes_note", "processing"})
# Share of the proposal's own content words (those not in the § title) a decision must repeat
# to count as restating it. Half: damaged text layers (Nykarleby) garble a word or two of short
# proposals, and a decision that restates one often rewords the rest.
_RESTATE_SHARE = 0.5
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”(])")
_NAME_TOKEN = r"[A-ZÅÄÖÜÉ][a-zåäöüéèáíóúëï'’]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöüéèáíóú'’]+)*"
_NAME_RUN = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}")
_CONJ = "|".join(re.escape(w) for w in LIST_CONJUNCTIONS)
_OPENERS = "|".join(re.escape(w) for w in PROPOSAL_CONTENT_OPENERS)
_DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
# What stands between two references of one list: "§ 363, 27.1.2021", "§ 18 ja 8.6.2021".
_LIST_GAP = re.compile(rf"\s*(?:,\s*|\s(?:{_CONJ})\s+)")
_REF = re.compile(rf"(?P<date>{_DATE})(?:\s*,?\s*(?:§\s*(?P<n1>\d{{1,4}})|(?P<n2>\d{{1,4}})\s?§))?")


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The compiled whole-word pattern of a phrase: built once, not escaped and looked up in
    the regex cache on each of the thousands of calls per document."""
    return re.compile(rf"(?<![\wåäö]){re.escape(phrase)}(?![\wåäö])")


def _phrase_in(text: str, phrase: str) -> bool:
    """Whole-word phrase match on folded text."""
    return _phrase_pattern(phrase).search(text) is not None


def _any_phrase(text: str, phrases: Iterable[str]) -> bool:
    return any(_phrase_in(text, p) for p in phrases)


def sentences(text: str) -> list[str]:
    """Split text into sentences; a line break inside a sentence is a space."""
    flat = clean_text(text.replace("\n", " "))
    return [s.strip() for s in _SENTENCE.split(flat) if s.strip()]


# --- handlings --------------------------------------------------------------------------------


def split_handlings(fields: list[Field_]) -> list[tuple[Field_ | None, list[Field_]]]:
    """The § split at its stage lines: (stage field or None for the part before the first
    stage line, the fields after it)."""
    out: list[tuple[Field_ | None, list[Field_]]] = [(None, [])]
    for f in fields:
        if f.key == "stage":
            out.append((f, []))
        else:
            out[-1][1].append(f)
    return out


def _last(fields: list[Field_], key: str) -> TextBlock | None:
    for f in reversed(fields):
        if f.key == key and f.block.text.strip():
            return f.block
    return None


def _own_index(handlings: list[tuple[Field_ | None, list[Field_]]], section: Section,
               info: DocInfo) -> int:
    """Which handling is this meeting's: the last stage line with this § number (and the
    meeting's date when known), else the last stage line."""
    best = len(handlings) - 1
    for i, (stage, _fs) in enumerate(handlings):
        if stage is None:
            continue
        parsed = parse_stage_line(stage.label)
        if parsed is None:
            continue
        _body, date, number = parsed
        if number == section.number and (info.meeting.date is None or date is None
                                         or date == info.meeting.date):
            best = i
    return best


def prior_handlings(section: Section, info: DocInfo) -> tuple[list[PriorHandling], list[Field_]]:
    """The earlier handlings of the matter and the fields of this meeting's own handling.

    Earlier handlings come from stage lines (each followed by its own fields), from parts printed
    inside an earlier body's block (``Field_.parent``, "Kaupunginhallituksen käsittely") and from
    history lists ("Päätöshistoria", "Tidigare behandling"), merged by body, date and number.
    """
    known = _known_people(section, info)
    top = [f for f in section.fields if f.parent is None]
    handlings = split_handlings(top)
    own = _own_index(handlings, section, info) if len(handlings) > 1 else 0
    out: list[PriorHandling] = []
    for i, (stage, fs) in enumerate(handlings):
        if stage is None or i == own:
            continue
        parsed = parse_stage_line(stage.label)
        if parsed is None:
            continue
        body, date, number = parsed
        _add_handling(out, PriorHandling(body=body, date=date, number=number, text=stage.label,
                                         proposal=_last(fs, "proposal"),
                                         decision=_last(fs, "decision")), known)
    own_stage = handlings[own][0]
    own_key = parse_stage_line(own_stage.label) if own_stage is not None else None
    this_meeting = (fold(info.meeting.body or ""), info.meeting.date)
    # A history list may end with this meeting's own handling.
    history = [r for r in _history_refs(section) if (r.body, r.date, r.number) != own_key
               and (fold(r.body or ""), r.date) != this_meeting]
    for parent, fs in _nested(section.fields).items():
        words = parent.split()
        body = _body_base(words[0]) if words and _is_body_word(words[0]) else parent
        # The block names the body only; the history list gives its date and § number.
        ref = next((r for r in reversed(history) if fold(r.body or "") == fold(body)), None)
        _add_handling(out, PriorHandling(
            body=body, date=ref.date if ref else None, number=ref.number if ref else None,
            text=parent, proposal=_last(fs, "proposal"), decision=_last(fs, "decision")), known)
    for ref in history:
        _add_handling(out, ref, known)
    out.sort(key=lambda p: p.date or dt.date.min)
    own_fields = handlings[own][1]
    # Fields printed before the first stage line (the item's own text) belong to every handling.
    return out, (handlings[0][1] + own_fields if own else own_fields)


def _nested(fields: list[Field_]) -> dict[str, list[Field_]]:
    out: dict[str, list[Field_]] = {}
    for f in fields:
        if f.parent is not None:
            out.setdefault(f.parent, []).append(f)
    return out


def _add_handling(out: list[PriorHandling], ph: PriorHandling, known: list[str]) -> None:
    """Add a handling, or fill the one already listed with the same body, date and number
    (a stage line repeated in a history list before the handling itself)."""
    if ph.decision is not None:
        ph.votes = [v for v in [parse_vote(ph.decision.text, known)] if v]
    key = (fold(ph.body or ""), ph.date, ph.number)
    same = next((p for p in out if (fold(p.body or ""), p.date, p.number) == key), None)
    if same is None:
        out.append(ph)
    elif same.decision is None and same.proposal is None:
        out[out.index(same)] = ph


_HISTORY_ENTRY = re.compile(
    rf"(?P<body>[^\W\d][^\d§,.:;]{{1,80}}?)\s*,?\s+(?P<date>{_DATE})\s*,?\s*"
    r"(?:§\s*(?P<n1>\d{1,4})|(?P<n2>\d{1,4})\s?§)"
)


def _history_refs(section: Section) -> list[PriorHandling]:
    """Stage lines printed in a history block ("Päätöshistoria", "Tidigare behandling"), one a
    line or run together ("... 25.2.2016 § 32 Kaupunginhallitus 20.2.2017 § 53")."""
    out: list[PriorHandling] = []
    for f in section.fields:
        if f.key != "history":
            continue
        for raw in [f.label, *f.block.text.splitlines()]:
            line = raw.strip()
            parsed = parse_stage_line(line)
            if parsed:
                body, date, number = parsed
                if fold(body) not in LABELS["history"]:
                    out.append(PriorHandling(body=body, date=date, number=number, text=line))
                    continue
            for m in _HISTORY_ENTRY.finditer(line):
                body = m.group("body").strip()
                # "Päätöshistoria Kaupunginhallitus": the label printed in the same run.
                for label in sorted(LABELS["history"], key=len, reverse=True):
                    if fold(body).startswith(label + " "):
                        body = body[len(label):].strip(" :")
                        break
                num = m.group("n1") or m.group("n2")
                out.append(PriorHandling(body=body, date=_date(m.group("date")),
                                         number=int(num), text=m.group(0).strip()))
    return out


# --- people -----------------------------------------------------------------------------------


def _known_people(section: Section, info: DocInfo) -> list[str]:
    names: list[str] = [p.name for p in info.meeting.participants]
    names += [p.name for p in section.preparers if p.name]
    if section.presenter and section.presenter.name:
        names.append(section.presenter.name)
    return [n for n in dict.fromkeys(names) if n and len(n.split()) >= 2]


def _surname_matches(known: str, printed: str) -> bool:
    """"Kamunen" ~ "Kamusta", "Talvitie" ~ "Talvitietä", "Turja" ~ "Turjaa"."""
    k, p = known.lower(), printed.lower()
    if p == k or (p.startswith(k) and len(p) - len(k) <= 3):
        return True
    for end, stem in SURNAME_STEM_CHANGES:
        if k.endswith(end) and p.startswith(k[: -len(end)] + stem) and len(p) - len(k) <= 2:
            return True
    # Consonant gradation and stem changes: a long shared prefix.
    common = 0
    for a, b in zip(k, p, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(4, len(k) - 2) and abs(len(p) - len(k)) <= 3


def resolve_name(printed: str, known: list[str]) -> str | None:
    """The full name of a person printed as "Riina Turjaa", "Mäkilä" or "Mika Kamusta"."""
    tokens = printed.split()
    if not tokens:
        return None
    if len(tokens) == 1:
        hits = [n for n in known if _surname_matches(n.split()[-1], tokens[0])]
        return hits[0] if len(hits) == 1 else None
    first, last = " ".join(tokens[:-1]), tokens[-1]
    for n in known:
        parts = n.split()
        if " ".join(parts[:-1]) == first and _surname_matches(parts[-1], last):
            return n
    return None


def _is_first_name(token: str) -> bool:
    parts = token.split("-")
    return any("etunimi" in name_classes(p) for p in parts if p)


def _is_plain_word(token: str) -> bool:
    """A capitalised word that is an ordinary word (sentence start, title), not a name."""
    classes = name_classes(token)
    if not classes:
        return False
    return not classes & {"etunimi", "sukunimi"}


def _resolve_either(printed: str, known: list[str]) -> str | None:
    return resolve_name(printed, known) or resolve_name(first_last(printed), known)


def name_spans(sentence: str, known: list[str]) -> list[tuple[str, int, int]]:
    """People named in a sentence with where they stand, resolved to full names where the §
    or the participant list knows them."""
    out: list[tuple[str, int, int]] = []
    for m in _NAME_RUN.finditer(sentence):
        tokens = m.group(0).split()
        start = m.start()
        # Drop leading ordinary words ("Esteellisenä", "Hyvinvointipäällikkö").
        while tokens and (_is_plain_word(tokens[0]) or _is_title(tokens[0])) and not (
            len(tokens) >= 2 and _resolve_either(" ".join(tokens), known)
        ):
            start = sentence.index(tokens[1], start + len(tokens[0])) if len(tokens) > 1 else start
            tokens = tokens[1:]
        if not tokens:
            continue
        printed = " ".join(tokens)
        # "Laine Mikko": some minutes print the surname first in the text too.
        full = _resolve_either(printed, known)
        # "Lapuan Voimistelijat": capitalised words that are no person.
        if (full is None and len(tokens) >= 2 and not _is_first_name(tokens[0])
                and not any(printed.startswith(k.split()[0] + " ") for k in known)):
            continue
        if full is None and len(tokens) == 1:
            continue
        out.append((full or _nominative_name(printed), start, m.end()))
    return out


def names_in(sentence: str, known: list[str]) -> list[str]:
    """The distinct people named in a sentence, in order."""
    return list(dict.fromkeys(n for n, _a, _b in name_spans(sentence, known)))


def _is_title(token: str) -> bool:
    t = token.lower()
    return any(t.endswith(end) for end in TITLE_ENDINGS)


def _nominative_name(printed: str) -> str:
    """The surname in its base form where the dictionary knows it ("Kamusta" -> "Kamunen")."""
    from .meeting import voikko_analyser

    tokens = printed.split()
    v = voikko_analyser()
    if v is not None and len(tokens) >= 2:
        for a in v.analyze(tokens[-1]):
            if a.get("CLASS") == "sukunimi" and a.get("BASEFORM"):
                tokens[-1] = str(a["BASEFORM"])
                break
    return " ".join(tokens)


# --- participation ----------------------------------------------------------------------------


def _events_of(sentence_folded: str) -> list[ParticipationEvent]:
    found = [ParticipationEvent(k) for k, ps in PARTICIPATION_PHRASES.items()
             if _any_phrase(sentence_folded, ps)]
    if ParticipationEvent.disqualified in found:
        return [ParticipationEvent.disqualified]
    if ParticipationEvent.heard in found:
        return [ParticipationEvent.heard]
    return found


def participation_events(texts: Iterable[tuple[str, int | None]], known: list[str]
                         ) -> list[Participation]:
    """Participation events from the text of one handling: (text, page) pairs."""
    out: list[Participation] = []
    for text, page in texts:
        previous: list[str] = []
        for sent in sentences(text):
            f = fold(sent)
            events = _events_of(f)
            names = names_in(sent, known)
            if not names and set(re.findall(r"[\wåäö]+", f)) & PERSON_PRONOUNS:
                names = previous
            if names:
                previous = names
            if not events or not names:
                continue
            if _any_phrase(f, PARTICIPATION_NOT_PERSON) and not any(n in known for n in names):
                continue
            reason = next((r for r in DISQUALIFICATION_REASONS if r in f), None)
            for name in names:
                for ev in events:
                    p = Participation(name=name, event=ev, text=sent, page=page,
                                      reason=reason if ev is ParticipationEvent.disqualified
                                      else None)
                    # One event of a kind per person and handling: a decision that says
                    # "kuuli X:ää" and a note that X "oli paikalla" record the same thing.
                    if not any(q.name == p.name and q.event == p.event for q in out):
                        out.append(p)
    return out


def disqualified_by_label(text: str, page: int | None, known: list[str]) -> list[Participation]:
    """People named under a disqualification label ("Esteellisyys: Arto Ylitalo"): the label
    itself says what happened, so a bare name is a ``disqualified`` event.

    Only a block that says nothing else counts: one with its own event sentences ("Esteellisenä
    poistui ... Tiina Lassila. Sihteerinä ... toimi Mika Kamunen") is read sentence by sentence
    by :func:`participation_events`, and the other names in it did something else.
    """
    f = fold(clean_text(text.replace("\n", " ")))
    if _events_of(f):
        return []
    reason = next((r for r in DISQUALIFICATION_REASONS if r in f), None)
    flat = clean_text(text.replace("\n", " "))
    return [Participation(name=n, event=ParticipationEvent.disqualified, reason=reason,
                          text=flat, page=page) for n in names_in(flat, known)]


_NOTE_SECTIONS = re.compile(r"§\s*(\d{1,4})((?:\s*(?:[-–—,]|och|ja|sekä|samt)\s*\d{1,4})*)")
_NOTE_TIME_RANGE = re.compile(r"(\d{1,2})[.:](\d{2})\s*[-–—]\s*(\d{1,2})[.:](\d{2})")


def note_events(info: DocInfo) -> dict[int, list[Participation]]:
    """Events printed in the participant list rather than in the §s: "Emilia Ingman,
    planläggningschef, klockan 16.00–16.50, §10–13" left during § 13.

    Only notes that name §s are placed; a bare time ("poistui 17:18") cannot be tied to a §.
    """
    out: dict[int, list[Participation]] = {}
    start = info.meeting.start_time
    for person in info.meeting.participants:
        note = person.note or ""
        m = _NOTE_SECTIONS.search(note)
        if not m:
            continue
        numbers = [int(m.group(1))] + [int(n) for n in re.findall(r"\d{1,4}", m.group(2))]
        first, last = min(numbers), max(numbers)
        folded = fold(note)
        words = set(folded.replace(",", " ").split())
        rng = _NOTE_TIME_RANGE.search(note)
        # A time range that begins after the meeting began means the person came later.
        late = bool(rng and start and f"{int(rng.group(1)):02d}:{rng.group(2)}" > start)
        text = ", ".join(x for x in (person.name, person.role, note) if x)
        if words & set(NOTE_START_WORDS) or late:
            out.setdefault(first, []).append(Participation(
                name=person.name, event=ParticipationEvent.arrived, text=text))
        if words & set(NOTE_END_WORDS) or rng:
            out.setdefault(last, []).append(Participation(
                name=person.name, event=ParticipationEvent.left, text=text))
    return out


# --- votes ------------------------------------------------------------------------------------


def _count(text: str, words: tuple[str, ...], upper: bool) -> int | None:
    for w in words:
        label = w.upper() if upper else w
        flags = 0 if upper else re.I
        m = re.search(rf"(\d+)\s*{re.escape(label)}(?![\wåäö])(?:\s*-\s*ään|\s*-?\s*röst)?",
                      text, flags)
        if m:
            return int(m.group(1))
        m = re.search(rf"(?<![\wåäö]){re.escape(label)}(?:[-–\s]*(?:ääniä|ääntä|röster))?"
                      rf"\s*[:=]?\s*(\d+)(?!\s*§)", text, flags)
        if m:
            return int(m.group(1))
    return None


def _roll_call(text: str, known: list[str]) -> list[RollCallVote]:
    """ "JAA: Hakala Jari, Heikkinen Sari" paragraphs: how each member voted."""
    out: list[RollCallVote] = []
    for para in re.split(r"\n\s*\n", text):
        flat = clean_text(para.replace("\n", " "))
        for side, labels in ROLL_CALL_LABELS.items():
            for lab in labels:
                pat = rf"(?<![\wåäö]){re.escape(lab.upper())}\s*(?:\(\d+\))?\s*:\s*([^:]+?)" \
                      rf"(?=\s+[A-ZÅÄÖ]{{2,}}\s*(?:\(\d+\))?\s*:|$)"
                m = re.search(pat, flat)
                if not m:
                    continue
                for part in re.split(rf",\s*|\s+(?:{_CONJ})\s+", m.group(1)):
                    part = part.strip(" .")
                    if re.fullmatch(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}", part):
                        name = resolve_name(part, known) or resolve_name(first_last(part), known)
                        out.append(RollCallVote(name=name or part, vote=side))
                break
    return out


def parse_vote(text: str, known: list[str]) -> Vote | None:
    """A vote recorded in a decision or processing text, or None when there was none.

    ``yes_means`` / ``no_means`` are what a JAA / EI vote stood for, as printed ("kaupunginjohtajan
    ehdotusta"); ``winner`` is "yes" or "no", the side with more votes (None on a tie or when
    the counts are not printed).
    """
    flat = clean_text(text.replace("\n", " "))
    f = fold(flat)
    if not _any_phrase(f, VOTE_WORDS) and not re.search(r"\bJAA\b|\bNEJ\b", flat):
        return None
    vote = Vote(
        yes=_count(flat, VOTE_YES, upper=True),
        no=_count(flat, VOTE_NO, upper=True),
        blank=_count(flat, VOTE_BLANK, upper=False),
        absent=_count(flat, VOTE_ABSENT, upper=False),
        text=flat,
    )
    for pat in VOTE_MEANS_PATTERNS:
        for m in re.finditer(pat, flat):
            what = m.group("what").strip(" ,.")
            if m.group("side").lower() in VOTE_YES and vote.yes_means is None:
                vote.yes_means = what
            elif m.group("side").lower() in VOTE_NO and vote.no_means is None:
                vote.no_means = what
    vote.roll_call = _roll_call(text, known)
    if vote.yes is None and vote.roll_call:
        vote.yes = sum(1 for r in vote.roll_call if r.vote == "yes")
        vote.no = sum(1 for r in vote.roll_call if r.vote == "no")
    if vote.yes is None and vote.no is None and not vote.roll_call:
        return None
    if vote.yes is not None and vote.no is not None and vote.yes != vote.no:
        vote.winner = "yes" if vote.yes > vote.no else "no"
    vote.proposals = _proposals(flat, known, vote)
    vote.dissents = [n for s in sentences(flat) if _any_phrase(fold(s), DISSENT_WORDS)
                     for n in names_in(s, known)]
    return vote


def _before(spans: list[tuple[str, int, int]], pos: int) -> str | None:
    """The last person named before a position in the sentence."""
    hits = [n for n, _a, end in spans if end <= pos]
    return hits[-1] if hits else None


def _proposals(flat: str, known: list[str], vote: Vote) -> list[VoteProposal]:
    """The presenter's proposal and each counter-proposal with its mover and seconder."""
    props: list[VoteProposal] = [VoteProposal(text=vote.yes_means or ORIGINAL_PROPOSAL_NAME,
                                                  original=True)]
    verbs = "|".join(re.escape(v) for v in PROPOSAL_VERBS)
    seconds = "|".join(re.escape(v) for v in SECONDED_WORDS)
    for sent in sentences(flat):
        f = fold(sent)
        spans = name_spans(sent, known)
        if _any_phrase(f, COUNTER_PROPOSAL_WORDS) and not _any_phrase(f, LAPSED_WORDS):
            # "X teki vastaehdotuksen": without a verb of proposing the sentence only mentions
            # one ("hyväksynyt Hanna Järvisen vastaehdotuksen").
            verb = re.search(rf"(?<![\wåäö])(?:{verbs})(?![\wåäö])", sent)
            mover = _before(spans, verb.start()) if verb else None
            if mover is None or any(p.mover == mover for p in props):
                continue
            seconder = None
            sec = re.search(rf"(?<![\wåäö])(?:{seconds})(?![\wåäö])", sent)
            if sec:
                # "Sini Syrjälän kannattamana": the seconder stands right before the word.
                seconder = _before(spans, sec.start())
                if seconder == mover:
                    seconder = None
            m = re.search(rf"(?<![\wåäö])(?:{_OPENERS})\s+(.+)$", sent)
            props.append(VoteProposal(text=(m.group(1) if m else sent).strip(" ."),
                                      mover=mover, seconder=seconder))
        elif _any_phrase(f, SECONDED_WORDS):
            sec = re.search(rf"(?<![\wåäö])(?:{seconds})(?![\wåäö])", sent)
            if sec is None:
                continue
            who = _before(spans, sec.start())
            whose = [n for n, a, _e in spans if a >= sec.end()]
            for p in props:
                if whose and p.mover == whose[0] and p.seconder is None and who != p.mover:
                    p.seconder = who
            counters = [p for p in props if not p.original and p.seconder is None]
            # "Jäsen Salo Riikka kannatti vastaehdotusta": the latest counter-proposal.
            if not whose and counters and who and who != counters[-1].mover and \
                    any(w in f for w in COUNTER_STEMS):
                counters[-1].seconder = who
    return props


def dissents(text: str, known: list[str]) -> list[str]:
    return [n for s in sentences(text) if _any_phrase(fold(s), DISSENT_WORDS)
            for n in names_in(s, known)]


# --- outcome ----------------------------------------------------------------------------------


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


def classify_outcome(decision: str, proposal: str | None = None,
                     votes: list[Vote] | None = None, title: str | None = None) -> Outcome:
    """The outcome of a § from its decision text, the proposal, any vote and the § title."""
    d = fold(clean_text(decision.replace("\n", " ")))
    p = fold(clean_text((proposal or "").replace("\n", " ")))
    if _any_phrase(d, OUTCOME_OTHER_PHRASES):
        # The meeting declared lawful: nothing was decided about a matter, unless a proposal
        # to declare it so was printed and the decision restates it.
        return (Outcome.approved_as_proposed if _any_phrase(p, OUTCOME_OTHER_PHRASES)
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


# --- references -------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _base_form(word: str) -> str:
    from .meeting import voikko_analyser

    v = voikko_analyser()
    if v is not None:
        for a in v.analyze(word):
            if a.get("BASEFORM"):
                base = str(a["BASEFORM"])
                return base[0].upper() + base[1:] if word[:1].isupper() else base
    return word


def _swedish_genitive(word: str) -> str | None:
    """"Stadsstyrelsens" -> "Stadsstyrelsen" when the word without its -s names a body."""
    if word.endswith("s") and fold(word[:-1]).endswith(BODY_ENDINGS):
        return word[:-1]
    return None


def _is_body_word(word: str) -> bool:
    return (fold(word).endswith(BODY_ENDINGS) or fold(_base_form(word)).endswith(BODY_ENDINGS)
            or _swedish_genitive(word) is not None)


def _body_base(word: str) -> str:
    """A body's name in its base form: "Kaupunginhallituksen" -> "Kaupunginhallitus"."""
    if fold(word).endswith(BODY_ENDINGS):
        return word
    return _swedish_genitive(word) or _base_form(word)


def _is_name_case(word: str) -> bool:
    """Nominative or genitive: "hyvinvointilautakunta 7.8.2023", "lautakunnan 14.11.2024"."""
    from .meeting import voikko_analyser

    v = voikko_analyser()
    if v is None:
        return True
    return any(a.get("SIJAMUOTO") in ("nimento", "omanto") for a in v.analyze(word))


def _is_genitive(word: str) -> bool:
    from .meeting import voikko_analyser

    v = voikko_analyser()
    if v is None:
        return word.endswith("n")
    return any(a.get("SIJAMUOTO") == "omanto" for a in v.analyze(word))


def _office_holder(words: list[str]) -> list[str] | None:
    """The office-holder whose decision a date cites when the title stands right before it
    ("sivistys- ja hyvinvointijohtajan 10.10.2024 § 19" -> "sivistys- ja hyvinvointijohtaja"),
    with the compound parts joined to it by a conjunction ("sivistys- ja")."""
    last = words[-1]
    base = _base_form(last)
    # Genitive only: a nominative title before a date ends a list item ("Valinnan vahvistaminen /
    # Vesihuoltoinsinööri / 23.12.2024 § 38") rather than naming who decided.
    if _is_body_word(last) or not _is_genitive(last) or not fold(base).endswith(TITLE_ENDINGS):
        return None
    out = [base]
    j = len(words) - 2
    while j >= 1 and words[j] in LIST_CONJUNCTIONS and words[j - 1].endswith("-"):
        out[:0] = [words[j - 1], words[j]]
        j -= 2
    return out


def decision_references(text: str) -> list[DecisionReference]:
    """"hyvinvointialueen lautakunta 12.10.2023 § 36" -> {body, date, number}."""
    out: list[DecisionReference] = []
    flat = clean_text(text.replace("\n", " "))
    prev: tuple[int, str | None] | None = None  # end and body of the reference before
    for m in _REF.finditer(flat):
        number = m.group("n1") or m.group("n2")
        # "päätökset 15.11.2016 § 363, 27.1.2021 § 18 ja 8.6.2021 § 61": a reference that
        # only a comma or a conjunction separates from the one before shares its body.
        listed = (prev is not None and prev[1] is not None
                  and _LIST_GAP.fullmatch(flat[prev[0]: m.start()]) is not None)
        list_body = prev[1] if listed and prev is not None else None
        prev = (m.end(), None)
        before = flat[max(0, m.start() - 160): m.start()]
        # The body is named in the same clause: a colon or a sentence end cuts the look-back
        # ("viranhaltijapäätökset: kansalaisopiston rehtori: 18.12.2024 § 1").
        before = re.split(r"[:;]|\.\s", before)[-1]
        words = re.findall(r"[\wåäö\-]+", before)
        # An office-holder's decisions are cited with their § number, never by date alone.
        holder = (_office_holder(words) if words and number
                  and re.search(r"[\wåäö]\s*$", before) else None)
        # With a § number the body may stand a few words back ("lautakunta on käsitellyt ...
        # kokouksessaan 12.10.2023 § 36"); without one it must stand right before the date.
        reach = 10 if number else 1
        body_i = None
        for i in range(len(words) - 1, max(-1, len(words) - 1 - reach), -1):
            if _is_body_word(words[i]):
                body_i = i
                break
        if holder is not None:
            body_words = holder
        elif list_body is not None:
            body_words = [list_body]
        elif body_i is None or (not number and not _is_name_case(words[body_i])):
            continue
        else:
            body_words = [_body_base(words[body_i])]
            if fold(body_words[0]) in BODY_ENDINGS:
                # "hyvinvoinnin ja terveyden edistämisen lautakunta": genitives before it.
                j = body_i - 1
                while j >= 0 and (_is_genitive(words[j]) or words[j] in ("ja", "och")) and \
                        body_i - j <= 6:
                    body_words.insert(0, words[j])
                    j -= 1
                while body_words and body_words[0] in ("ja", "och"):
                    body_words.pop(0)
        ref = DecisionReference(body=" ".join(body_words), date=_date(m.group("date")),
                                number=int(number) if number else None,
                                text=flat[max(0, m.start() - 60): m.end()].strip())
        prev = (m.end(), ref.body)
        key = (fold(ref.body or ""), ref.date, ref.number)
        if ref.date and not any((fold(r.body or ""), r.date, r.number) == key for r in out):
            out.append(ref)
    return out


_LAW_END = "|".join(sorted((re.escape(w) for w in LAW_WORDS), key=len, reverse=True))
_SUB = "|".join(re.escape(w.rstrip(".")) for w in SUBSECTION_WORDS)
_CHAP = "|".join(re.escape(w) for w in CHAPTER_WORDS)
_LAW_REF = re.compile(
    # "Kuntalain 103 §:n 2 momentin", "Hallintosäännön 16 luvun 120 §", "lagen 5 §"
    rf"(?<![\w\-])(?P<law>[\wåäöÅÄÖ\-]*(?:{_LAW_END}))\s+(?:(?P<ch>\d+)\s+(?:{_CHAP})\s+)?"
    rf"(?P<sec>\d+\s?[a-z]?)\s*§(?::\w+)?(?:\s*(?P<sub>\d+)\s*(?:{_SUB})\.?)?",
    re.I,
)
_LAIN_REF = re.compile(
    # "Lain sosiaali- ja terveydenhuollon järjestämisestä 7 § 4 mom."
    rf"\b(?P<law>[Ll]ain\s+(?:[\wåäö\-]+\s+){{1,6}}?)(?P<sec>\d+\s?[a-z]?)\s*§(?::\w+)?"
    rf"(?:\s*(?P<sub>\d+)\s*(?:{_SUB})\.?)?"
)


def legal_references(text: str) -> list[LegalReference]:
    """Legal references with the law's name in its base form."""
    flat = clean_text(text.replace("\n", " "))
    if "§" not in flat:
        return []  # both patterns need a "§"; without one the slow scans find nothing
    out: list[tuple[int, LegalReference]] = []
    spans: list[tuple[int, int]] = []
    for m in _LAIN_REF.finditer(flat):
        law = "Laki " + m.group("law").split(None, 1)[1].strip()
        out.append((m.start(), LegalReference(law=law, section=m.group("sec").replace(" ", ""),
                                  subsection=m.group("sub"), text=m.group(0).strip())))
        spans.append(m.span())
    for m in _LAW_REF.finditer(flat):
        if any(a <= m.start() < b for a, b in spans):
            continue
        word = m.group("law")
        law = _base_form(word)
        start = m.start()
        before = flat[:start].split()
        owners: list[str] = []
        while before and before[-1].lower() in LAW_OWNER_WORDS:
            owners.insert(0, before.pop())
        if owners and before and before[-1][:1].isupper() and before[-1].endswith("n"):
            owners.insert(0, before.pop())
        if owners:
            law = " ".join(owners) + " " + law.lower()
        text = (" ".join(owners) + " " + m.group(0)).strip()
        section = m.group("sec").replace(" ", "")
        out.append((start, LegalReference(law=law[0].upper() + law[1:], section=section,
                                          subsection=m.group("sub"), text=text)))
    return [r for _pos, r in sorted(out, key=lambda x: x[0])]


# --- the § ------------------------------------------------------------------------------------


def closest_participant(printed: str, info: DocInfo) -> str | None:
    """The participant whose name a damaged text layer spells nearly alike.

    "Teresia Töterrann-ngströr" on a § page whose font lost glyphs is the
    "Teresia Tötterman-Engström" the cover page lists as presenter.
    """
    best, score = None, 0.0
    low = printed.lower()
    for p in info.meeting.participants:
        matcher = SequenceMatcher(None, low, p.name.lower())
        # The quick ratios bound ratio() from above: a name they rule out cannot win.
        if matcher.real_quick_ratio() <= score or matcher.quick_ratio() <= score:
            continue
        ratio = matcher.ratio()
        if ratio > score:
            best, score = p.name, ratio
    return best if score >= DEFAULT_NAME_MATCH_RATIO else None


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
        if own_dec is not None or id(section.decision) in prior_blocks:
            section.decision = own_dec

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

    if info.kind in (DocumentKind.minutes, DocumentKind.extract) and section.decision:
        section.outcome = classify_outcome(
            section.decision.text, section.proposal.text if section.proposal else None,
            section.votes, section.title,
        )

    body_text = "\n".join(f.block.text for f in section.fields
                          if f.key not in ("stage", "history", "preparer", "presenter"))
    own_refs = {(p.body, p.date, p.number) for p in priors}
    section.references = [r for r in decision_references(body_text)
                          if (r.body, r.date, r.number) not in own_refs]
    section.legal_refs = legal_references(body_text)
    if not section.legal_references:
        section.legal_references = list(dict.fromkeys(r.text for r in section.legal_refs))


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
