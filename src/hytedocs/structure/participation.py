"""Stage: what people did during a § (arrived, left, disqualified, heard...), and who they
are: names as printed in the § text resolved to the full names the meeting knows.

Participation comes from the § text of this meeting's handling, from names printed under a
disqualification label ("Esteellisyys: Arto Ylitalo"), and from participant-list notes that name
§s ("klockan 16.00–16.50, §10–13": left during § 13).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from typing import Any

from ..models import (
    Participation,
    ParticipationEvent,
    Section,
)
from ..settings import DEFAULT_NAME_MATCH_RATIO
from ..text import clean_text, fold
from ..vocabulary import (
    DISQUALIFICATION_REASONS,
    INFLECTED_NAME_CASES,
    NOTE_END_WORDS,
    NOTE_START_WORDS,
    OUTCOME_PHRASES,
    PARTICIPATION_NOT_PERSON,
    PARTICIPATION_PHRASES,
    PERSON_PRONOUNS,
    SURNAME_STEM_CHANGES,
    TITLE_ENDINGS,
)
from .meeting import DocInfo
from .names import first_last, name_classes
from .phrases import _NAME_TOKEN, _any_phrase, sentences

_NAME_RUN = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}")



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
        # The surname as printed first: "Mäkinen" is Merja Mäkinen, even when a Heikki Mäkilä
        # is also present (whose stem the case-form match below would also accept).
        exact = [n for n in known if n.split()[-1] == tokens[0]]
        if len(exact) == 1:
            return exact[0]
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
        # A surname that is also a word ("Peltola", "Koivula") stays when it names someone
        # the § or the participant list knows.
        while tokens and (_is_plain_word(tokens[0]) or _is_title(tokens[0])) and not (
            len(tokens) >= 2 and _resolve_either(" ".join(tokens), known)
        ) and not (len(tokens) == 1 and not _is_title(tokens[0])
                   and _resolve_either(tokens[0], known)):
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
    """The surname in its base form where the dictionary can tell it ("Kamusta" -> "Kamunen",
    "Mäkelää" -> "Mäkelä", "Nivukosken" -> "Nivukoski")."""
    from .names import voikko_analyser

    tokens = printed.split()
    v = voikko_analyser()
    if v is None or len(tokens) < 2:
        return printed
    base = _surname_base(tokens[-1], v.analyze)
    if base:
        tokens[-1] = base
    return " ".join(tokens)


def _surname_base(word: str, analyze: Callable[[str], list[dict[str, Any]]]) -> str | None:
    """The nominative of an inflected surname, or None when the dictionary cannot tell.

    A surname the dictionary knows gives its base form; a place name or a noun used as a
    surname ("Talvitietä") only when it is inflected. A surname it does not know as a whole
    ("Nivukoskea") is taken apart only when its end is an inflected noun the dictionary knows
    ("koskea" -> "koski"): the rest is kept as printed. A word it knows only in the
    nominative stays as printed."""
    found = analyze(word)
    for a in found:
        if a.get("CLASS") == "sukunimi" and a.get("BASEFORM"):
            return str(a["BASEFORM"])
    if any(a.get("SIJAMUOTO") == "nimento" for a in found):
        return None
    for a in found:
        if (a.get("CLASS") in ("paikannimi", "nimisana")
                and a.get("SIJAMUOTO") in INFLECTED_NAME_CASES and a.get("BASEFORM")):
            base = str(a["BASEFORM"])
            return base[:1].upper() + base[1:]
    if found or not word[:1].isupper():
        return None
    for i in range(2, len(word) - 3):
        for a in analyze(word[i:].lower()):
            if (a.get("CLASS") in ("nimisana", "paikannimi", "sukunimi")
                    and a.get("SIJAMUOTO") in INFLECTED_NAME_CASES and a.get("BASEFORM")):
                return word[:i] + str(a["BASEFORM"]).lower()
    return None


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
            if _any_phrase(f, OUTCOME_PHRASES["election"]):
                # "valitsi vuoden Nuoreksi toimijaksi X:n": the person was chosen, not heard,
                # and did not come or go; only a disqualification is still theirs.
                events = [e for e in events if e is ParticipationEvent.disqualified]
                if not events:
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



def closest_participant(printed: str, info: DocInfo) -> str | None:
    """The participant whose name a damaged text layer spells nearly alike.

    "Teresia Töterrann-ngströr" on a § page whose font lost glyphs is the
    "Teresia Tötterman-Engström" the cover page lists as presenter.
    """
    best, score = None, 0.0
    low = printed.lower()
    for p in info.meeting.participants:
        if p.name.lower() == low:
            return p.name
        matcher = SequenceMatcher(None, low, p.name.lower())
        # The quick ratios bound ratio() from above: a name they rule out cannot win.
        if matcher.real_quick_ratio() <= score or matcher.quick_ratio() <= score:
            continue
        ratio = matcher.ratio()
        if ratio > score and _surnames_alike(printed, p.name):
            best, score = p.name, ratio
    return best if score >= DEFAULT_NAME_MATCH_RATIO else None


def _surnames_alike(printed: str, known: str) -> bool:
    """Two people who share a first name are not one person: the surnames themselves must
    be nearly alike ("Töterrann-ngströr" / "Tötterman-Engström", not "Granqvist" /
    "Lindqvist")."""
    a, b = printed.split(), known.split()
    if not a or not b:
        return False
    ratio = SequenceMatcher(None, a[-1].lower(), b[-1].lower()).ratio()
    return ratio >= DEFAULT_NAME_MATCH_RATIO
