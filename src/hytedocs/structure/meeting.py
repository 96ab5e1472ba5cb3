"""Stage: the front matter -> meeting details, document kind and language.

Reads the lines before the first § (and the running header, which repeats the body and date).
The front matter is a set of labelled blocks ("Aika", "Saapuvilla olleet jäsenet", "Organ",
"Beslutande"...), found by :mod:`~hytedocs.structure.front_matter`; the attendance lists among
them are read by :mod:`~hytedocs.structure.attendance`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..models import AttendanceStatus, DocumentKind, Language, Meeting, Participant, Warning_
from ..patterns import DATE_RE, match_stage
from ..patterns import find_date as _date
from ..text import clean_text, fold
from ..vocabulary import (
    BODY_ENDINGS,
    DISPLAY_PHRASES,
    KIND_WORDS,
    LANGUAGE_HINTS,
    LIST_CONJUNCTIONS,
    MEETING_ROLES,
    ORGANIZATION_WORDS,
)
from .attendance import _is_name, _participants, parse_participant_line
from .front_matter import (
    _MAX_FRONT_PAGES,
    _SECTION_HEAD,
    _Block,
    _first_on_baseline,
    _is_rule,
    front_blocks,
    front_pages,
)
from .layout import DocLayout
from .lines import Line
from .names import _surname_first_votes, first_last

_TIME = re.compile(r"(?<![\d.])([012]?\d)[:.]([0-5]\d)(?![\d.]*\d{4})")
_WORD = re.compile(r"[a-zåäö]+")
_MEETING_NO = re.compile(r"(?<![\d./])(\d{1,3})\s?/\s?((?:19|20)\d{2})(?![\d/])")


@dataclass
class DocInfo:
    """What later stages need to know about the document as a whole."""

    meeting: Meeting
    kind: DocumentKind = DocumentKind.unknown
    language: Language = Language.fi
    warnings: list[Warning_] = field(default_factory=list)


def detect_language(lines: list[list[Line]]) -> Language:
    """Finnish or Swedish, by counting frequent function words."""
    counts: Counter[str] = Counter()
    for page in lines[:12]:
        for ln in page:
            for w in _WORD.findall(ln.text.lower()):
                for lang, hints in LANGUAGE_HINTS.items():
                    if w in hints:
                        counts[lang] += 1
    return Language.sv if counts["sv"] > counts["fi"] else Language.fi


def detect_kind(lines: list[list[Line]], doc: DocLayout) -> DocumentKind:
    """Minutes, agenda or extract, from the document's headings.

    Only the running header and short runs of the first page count: a sentence such as
    "Tarkastetaan ja hyväksytään pöytäkirja tämän pykälän osalta" must not make a single
    published item look like full minutes.
    """
    runs = [fold(ln.text) for ln in doc.running_lines[:12]]
    if lines:
        runs += [fold(ln.text) for ln in lines[0][:40] if len(ln.text.split()) <= 4]
    head = " ".join(runs)
    for kind in ("agenda", "extract", "minutes"):
        if any(re.search(rf"\b{re.escape(w)}\b", head) for w in KIND_WORDS[kind]):
            return DocumentKind(kind)
    return DocumentKind.unknown


# --- the meeting ------------------------------------------------------------------------------


def _times(text: str) -> list[str]:
    no_dates = DATE_RE.sub(" ", text)
    return [f"{int(h):02d}:{mi}" for h, mi in _TIME.findall(no_dates) if int(h) < 24]


def _block_text(block: _Block) -> str:
    return " ".join([block.rest, *(ln.text for ln in block.values)]).strip()


def _signs_in_role(ln: Line, lines: list[Line]) -> bool:
    """A name whose signature line below it names a meeting role ("Pekka Kivisaari" over
    "Puheenjohtaja § 125"): that person signs as acting chair or secretary, not as a checker."""
    for o in lines:
        if (o.page == ln.page and abs(o.x0 - ln.x0) <= 3 and o.top > ln.top
                and o.top - ln.bottom <= max(ln.height, 1.0)):
            words = fold(o.text).split()
            return bool(words) and words[0].strip(".,:") in MEETING_ROLES
    return False


def _first_paragraph(lines: list[Line]) -> list[Line]:
    """Lines up to the first vertical gap wider than two line heights or a page break."""
    out: list[Line] = []
    for ln in lines:
        if out:
            prev = out[-1]
            if ln.page != prev.page or ln.top - prev.bottom > 2 * max(prev.height, 1.0):
                break
        out.append(ln)
    return out


def _organization(
    running: list[Line], front: list[list[Line]], lines: list[list[Line]]
) -> str | None:
    """The municipality: a run ending in kaupunki / stad ..., from the running header first."""
    pat = re.compile(
        r"\b([A-ZÅÄÖ][\w\-]+)\s+(" + "|".join(re.escape(w) for w in ORGANIZATION_WORDS)
        # "Tulevaisuuden kunta -reformi": a phrase that modifies a compound is not a town.
        + r")\b(?!\s*[-–])"
    )
    for ln in running:
        text = ln.text.strip()
        if text.isupper():  # "KAISLALAN KAUPUNKI"
            text = text.capitalize()
        m = pat.fullmatch(text)
        if m:
            return m.group(0)
        # "Lapuan kaupunki   Tekninen lautakunta": the body's name after it in one run.
        m = pat.match(text)
        if m and fold(text[m.end():]).endswith(BODY_ENDINGS):
            return m.group(0)
    # Elsewhere a name must recur, so that a passing mention of a neighbour is not taken.
    for page in front:
        for ln in page:
            m = pat.fullmatch(ln.text.strip())
            if m:
                return m.group(0)
    counts: Counter[str] = Counter()
    for page in lines:
        for ln in page:
            for m in pat.finditer(ln.text):
                counts[m.group(0)] += 1
    if counts:
        name, n = counts.most_common(1)[0]
        if n >= 2:
            return name
    return None


def _cleanest(value: str, running: list[Line]) -> str:
    """The running header's spelling of a value when it repeats there: a damaged text layer
    garbles the cover ("Rådet för funktinnshndrade") more often than a line on every page."""
    counts = Counter(ln.text.strip() for ln in running
                     if SequenceMatcher(None, fold(ln.text), fold(value)).ratio() >= 0.8)
    if counts:
        best, n = counts.most_common(1)[0]
        if n >= 2:
            return best
    return value


def _body_from_running(running: list[Line], organization: str | None) -> str | None:
    """The body in the running header: the run printed under the organization, else a run
    that ends like a body's name."""
    first_page = [ln for ln in running if running and ln.page == running[0].page]
    org = next((ln for ln in first_page if organization and ln.text.strip() == organization), None)
    if org is not None:
        below = [ln for ln in first_page if ln.top > org.top and abs(ln.x0 - org.x0) < 3]
        if below:
            cand = min(below, key=lambda ln: ln.top).text.strip()
            if not any(ch.isdigit() for ch in cand):
                return cand
    for ln in first_page:
        text = ln.text.strip()
        # "Lapuan kaupunki   Tekninen lautakunta": one run when the gap is narrow.
        if organization and text.startswith(organization + " "):
            text = text[len(organization):].strip(" |•·–-,")
        t = fold(text)
        if not any(ch.isdigit() for ch in t) and t.endswith(BODY_ENDINGS):
            return text
    return None


def _meeting_number(running: list[Line], front: list[list[Line]]) -> str | None:
    for ln in [*running, *(ln for p in front[:1] for ln in p)]:
        m = _MEETING_NO.search(ln.text)
        if m and not DATE_RE.search(ln.text[max(0, m.start() - 6): m.end() + 1]):
            return f"{m.group(1)}/{m.group(2)}"
    return None


def find_stage_lines(
    lines: list[list[Line]], left_x: float | None = None
) -> list[tuple[str, dt.date | None, int | None]]:
    """Processing-history lines that stand alone at the left edge, as (body, date, § number).

    A stage line printed as the value of a label ("Päätöshistoria  Kaupunginhallitus 20.3.2017
    § 66") lists an earlier handling, not this document's meeting, and is skipped.
    """
    out: list[tuple[str, dt.date | None, int | None]] = []
    for page in lines:
        for ln in page:
            if left_x is not None and (abs(ln.x0 - left_x) > 4 or not _first_on_baseline(ln, page)):
                continue
            parsed = parse_stage_line(ln.text)
            if parsed:
                out.append(parsed)
    return out


def parse_stage_line(text: str) -> tuple[str, dt.date | None, int | None] | None:
    """"Kaupunginhallitus, 09.06.2025, § 228" -> ("Kaupunginhallitus", 2025-06-09, 228)."""
    st = match_stage(clean_text(text))
    if st is None:
        return None
    date = None
    if st.date is not None:
        try:
            date = dt.date(*st.date)
        except ValueError:
            date = None
    return st.body, date, st.number


def _pages_before_sections(lines: list[list[Line]], n_front: int) -> list[list[Line]]:
    """The front pages and the unlabelled pages after them up to the first one with a § heading:
    a cover may go on with a page of bare sentences ("Det justerade protokollet publiceras på
    www.nykarleby.fi 19.5.2023") that carries no label to tie it to the front matter."""
    out = lines[:n_front]
    for page in lines[n_front:_MAX_FRONT_PAGES]:
        if any(_SECTION_HEAD.match(ln.text) for ln in page):
            break
        out.append(page)
    return out


_KIND_DATE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(w) for ws in KIND_WORDS.values() for w in ws)
    + r")\s+(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?\d{4})", re.IGNORECASE)


def _from_page_header(mt: Meeting, page: list[Line]) -> None:
    """A published item page has no front matter; its header names the body and the meeting
    ("Toimielimet | Kaupunginhallitus | Pöytäkirja 08.05.2017 | Avaa haku")."""
    for ln in page[:30]:
        for seg in (s.strip() for s in ln.text.split("|")):
            m = _KIND_DATE.search(seg)
            if mt.date is None and m:
                mt.date = _date(m.group("date"))
            words = seg.split()
            if (mt.body is None and 1 <= len(words) <= 4 and not any(c.isdigit() for c in seg)
                    and fold(seg).endswith(BODY_ENDINGS)):
                mt.body = seg


def lines_to_meeting(lines: list[list[Line]], doc: DocLayout) -> DocInfo:
    """The meeting's details from the front matter."""
    info = DocInfo(meeting=Meeting())
    info.language = detect_language(lines)
    info.kind = detect_kind(lines, doc)
    mt = info.meeting
    running = doc.running_lines
    front = front_pages(lines)
    blocks = front_blocks(front, doc.body_size)
    by_key: dict[str, list[_Block]] = {}
    for b in blocks:
        by_key.setdefault(b.key, []).append(b)

    mt.organization = _organization(running, front, lines)
    if "body" in by_key:
        mt.body = _cleanest(_block_text(by_key["body"][0]), running) or None
    if mt.body is None:
        mt.body = _body_from_running(running, mt.organization)
    mt.meeting_number = _meeting_number(running, front)

    if "time" in by_key:
        text = _block_text(by_key["time"][0])
        mt.date = _date(text)
        times = _times(text)
        if times:
            mt.start_time = times[0]
        if len(times) > 1:
            mt.end_time = times[1]
    if mt.date is None:
        for ln in running:
            d = _date(ln.text)
            if d:
                mt.date = d
                break
    if (mt.date is None or mt.body is None) and lines:
        _from_page_header(mt, lines[0])
    if "place" in by_key:
        pb = by_key["place"][0]
        place = " ".join([pb.rest, *(ln.text for ln in _first_paragraph(pb.values)
                                     if not _is_rule(ln.text))])
        mt.place = place.strip() or None

    # One line a line: a name must not be read across two lines ("Jessica Kronqvist" /
    # "Jessica Holmberg" holds "Kronqvist Jessica").
    context = "\n".join(ln.text for p in front for ln in p)
    pairs: list[tuple[Participant, str | None]] = []
    for key in ("members", "others", "absent"):
        for b in by_key.get(key, []):
            pairs += _participants(b, info.language)
    checkers: list[str] = []
    for b in by_key.get("checkers", []):
        # Small print below the checkers is a signing-service stamp listing every signer.
        top = max((v.size for v in b.values), default=0.0)
        texts = [b.rest] + [v.text for v in b.values
                            if v.size >= top - 0.5 and not _signs_in_role(v, b.values)]
        for line in texts:
            for chunk in re.split(rf"\s+(?:{'|'.join(LIST_CONJUNCTIONS)})\s+", line):
                parsed = parse_participant_line(chunk)
                name = parsed[0] if parsed else ""
                if _is_name(name) and name not in checkers:
                    checkers.append(name)
    doc_vote = _surname_first_votes([p.name for p, _ in pairs], context)
    flipped: dict[str, str] = {}
    for p, _ in pairs:
        vote = _surname_first_votes([p.name], context) or doc_vote
        if vote > 0:
            flipped[p.name] = first_last(p.name)
            p.name = flipped[p.name]
    pairs = [(p, flipped.get(s, s) if s else None) for p, s in pairs]
    for p, sub in pairs:
        p.substitute_for = sub
    # The same person may be listed twice when the cover repeats on a second page.
    seen: set[str] = set()
    for p, _ in pairs:
        if p.name not in seen:
            seen.add(p.name)
            mt.participants.append(p)
    if info.kind is DocumentKind.agenda:
        # An agenda's list ("Osallistujat" of a Kokouskutsu) says who is called, not who came.
        for p in mt.participants:
            if p.status in (AttendanceStatus.present, AttendanceStatus.substitute):
                p.status = AttendanceStatus.invited
    mt.minutes_checkers = checkers

    display = by_key.get("display")
    if display:
        text = " ".join(ln.text for ln in _first_paragraph(display[0].values)).strip()
        mt.public_display = text or None
    if mt.public_display is None:
        for page in _pages_before_sections(lines, len(front)):
            for i, ln in enumerate(page):
                if any(w in fold(ln.text) for w in DISPLAY_PHRASES):
                    para = _first_paragraph(page[i:])
                    mt.public_display = " ".join(x.text for x in para).strip()
                    break
            if mt.public_display:
                break

    stages = find_stage_lines(lines, doc.left_x)
    if info.kind is DocumentKind.unknown and not mt.participants:
        # A single published item ("asiakirja") prints no kind word and no attendance.
        info.kind = DocumentKind.extract
    if info.kind is DocumentKind.extract and stages:
        body, date, _number = stages[-1]
        mt.body = mt.body or body
        mt.date = mt.date or date
    for body, *_ in stages:
        # An abbreviation is printed in lower case in some stage lines ("hyvoltk 21.11.2023").
        if body.islower() and " " not in body and len(body) <= 10:
            mt.body_abbreviation = body
            break
    if info.kind in (DocumentKind.minutes, DocumentKind.agenda):
        missing = [k for k in ("body", "date") if getattr(mt, k) is None]
        if not mt.participants:
            missing.append("participants")
        if missing:
            info.warnings.append(Warning_(
                code="meeting_incomplete",
                message="the front matter gives no " + ", ".join(missing),
                page=1,
            ))
    return info
