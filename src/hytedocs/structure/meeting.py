"""Stage: the front matter -> meeting details, document kind and language.

Reads the lines before the first § (and the running header, which repeats the body and date).
The front matter is a set of labelled blocks ("Aika", "Saapuvilla olleet jäsenet", "Organ",
"Beslutande"...): a label sits at the left edge of the page and its value is everything after it
on the same baseline and on the following lines, up to the next label. Labels come from
:data:`~hytedocs.vocabulary.FRONT_LABELS` and are matched fuzzily because some producers drop
ligature letters ("Sammanträdestd").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ..models import AttendanceStatus, DocumentKind, Language, Meeting, Participant, Warning_
from ..patterns import DATE_RE, match_stage
from ..patterns import find_date as _date
from ..text import clean_text, fold
from ..vocabulary import (
    BODY_ENDINGS,
    CHECKBOX_EMPTY,
    CHECKBOX_TICKED,
    DEFAULT_MEMBER_ROLE,
    DEFAULT_SUBSTITUTE_ROLE,
    DISPLAY_PHRASES,
    FRONT_LABELS,
    KIND_WORDS,
    LANGUAGE_HINTS,
    LIST_CONJUNCTIONS,
    MEETING_ROLES,
    MEMBER_COLUMNS,
    ORGANIZATION_WORDS,
    PARTICIPANT_NOTE_WORDS,
    SUBSTITUTE_ROLES,
    TITLE_ENDINGS,
)
from .layout import DocLayout
from .lines import Line, body_font_size

_TIME = re.compile(r"(?<![\d.])([012]?\d)[:.]([0-5]\d)(?![\d.]*\d{4})")
_WORD = re.compile(r"[a-zåäö]+")
_MEETING_NO = re.compile(r"(?<![\d./])(\d{1,3})\s?/\s?((?:19|20)\d{2})(?![\d/])")
_SECTION_HEAD = re.compile(r"^(§\s*\d+\b|\d+\s*§)")
# A person's name as printed in a list: two to four capitalised words, hyphens allowed.
_NAME = re.compile(r"^[A-ZÅÄÖÜÉ][\w'’\-]+(?:[ ][A-ZÅÄÖÜÉ][\w'’\-]+){1,3}$")
# Label lines are short; longer lines at the left edge are text.
_MAX_LABEL_WORDS = 6
# How closely a printed label must match a vocabulary label (difflib ratio).
_LABEL_MATCH = 0.88
# A bold line alone at the label column is a heading by its look, so a damaged text layer that
# swaps several letters ("Elektrinhnk pritikilljunterhng") may still be matched, more loosely.
_BOLD_LABEL_MATCH = 0.7
# Blocks that list people.
_PEOPLE_KEYS = ("members", "others", "absent")
# A gap wider than this many line heights ends a list of participants.
_LIST_GAP = 2.5
# The front matter never runs longer than this many pages.
_MAX_FRONT_PAGES = 4


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


# --- labels -----------------------------------------------------------------------------------


def _match(text: str, labels: tuple[str, ...] | list[str]) -> float:
    """How well a folded text matches the best of some labels: 1.0 for an exact match."""
    best = 0.0
    for lab in labels:
        if text == lab:
            return 1.0
        # Short labels ("aika", "tid") only match exactly: fuzzy matching would take words.
        if len(lab) >= 8:
            # The length bound skips most labels before any comparison; the matcher for a
            # label is built once (difflib indexes its second sequence).
            if 2 * min(len(text), len(lab)) / (len(text) + len(lab)) <= best:
                continue
            sm = _matcher(lab)
            sm.set_seq1(text)
            if sm.quick_ratio() > best:
                best = max(best, sm.ratio())
    return best


@lru_cache(maxsize=1024)
def _matcher(label: str) -> SequenceMatcher[str]:
    return SequenceMatcher(None, "", label, autojunk=False)


@lru_cache(maxsize=8192)
def _label_key_exact(text: str, fuzzy: bool = True) -> str | None:
    t = fold(text).rstrip(":").strip()
    if not t or len(t.split()) > _MAX_LABEL_WORDS or any(ch.isdigit() for ch in t):
        return None
    if not fuzzy:
        return next((k for k, labels in FRONT_LABELS.items() if t in labels), None)
    scored = [(_match(t, labels), key) for key, labels in FRONT_LABELS.items()]
    score, key = max(scored)
    return key if score >= _LABEL_MATCH else None


@lru_cache(maxsize=8192)
def _loose_label_key(text: str) -> str | None:
    """The key of a whole-line label matched with :data:`_BOLD_LABEL_MATCH`."""
    t = fold(text).rstrip(":").strip()
    if not t or len(t.split()) > _MAX_LABEL_WORDS or any(ch.isdigit() for ch in t):
        return None
    score, key = max((_match(t, labels), key) for key, labels in FRONT_LABELS.items())
    return key if score >= _BOLD_LABEL_MATCH else None


def front_label(text: str) -> tuple[str, str] | None:
    """The front-matter key of a printed label and the value printed after it in the same run
    ("Ärenden 10§–19§", "Aika: 10.11.2025"), or None when the text is not a label."""
    key = _label_key_exact(text)
    if key is not None:
        return key, ""
    m = re.match(r"^([^\d:]{3,60}?)\s*(?::\s*|(?=\d))(.+)$", clean_text(text))
    if m:
        key = _label_key_exact(m.group(1))
        if key is not None:
            return key, m.group(2).strip()
    # A label and its value in one run when the gap between them is narrow
    # ("Pöytäkirjan tarkastajat Korhonen, Anne"): the longest label-like head wins.
    words = clean_text(text).split()
    for n in range(min(len(words) - 1, _MAX_LABEL_WORDS), 0, -1):
        if not words[n][:1].isupper():
            continue
        key = _label_key_exact(" ".join(words[:n]), fuzzy=False)
        if key is not None:
            return key, " ".join(words[n:])
    return None


@lru_cache(maxsize=4096)  # a pure function of the text; every members table repeats its heads
def _column_kind(text: str) -> str | None:
    t = fold(text).rstrip(":")
    best = max(MEMBER_COLUMNS, key=lambda lab: SequenceMatcher(None, t, lab).ratio())
    exact = MEMBER_COLUMNS.get(t)
    if exact:
        return exact
    return MEMBER_COLUMNS[best] if _match(t, [best]) >= _LABEL_MATCH else None


@dataclass
class _Block:
    key: str
    label: Line
    values: list[Line]
    rest: str = ""  # value text printed in the label's own run


def _labels_on(page: list[Line]) -> list[str]:
    found = (front_label(ln.text) for ln in page if _first_on_baseline(ln, page))
    return [f[0] for f in found if f]


def _is_contents_page(page: list[Line]) -> bool:
    """A page that only continues the contents list: "§ 60" lines and their titles."""
    heads = [ln for ln in page if _SECTION_HEAD.match(ln.text)]
    return bool(page) and bool(_SECTION_HEAD.match(page[0].text)) and all(
        ln.baseline_id in {h.baseline_id for h in heads} or ln.bold for ln in page)


def front_pages(lines: list[list[Line]]) -> list[list[Line]]:
    """The pages before the first §: the first page and the pages after it that carry
    front-matter labels, or that only continue the contents list of the page before."""
    out: list[list[Line]] = []
    last_key: str | None = None
    for i, page in enumerate(lines[:_MAX_FRONT_PAGES]):
        keys = _labels_on(page)
        if i > 0 and not keys and not (last_key == "items" and _is_contents_page(page)):
            break
        out.append(page)
        last_key = keys[-1] if keys else last_key
    return out


def _first_on_baseline(ln: Line, page: list[Line]) -> bool:
    return not any(o.baseline_id == ln.baseline_id and o.x0 < ln.x0 for o in page)


def front_blocks(pages: list[list[Line]], body_size: float = 0.0) -> list[_Block]:
    """Split the front matter into labelled blocks, continuing a block across a page break."""
    blocks: list[_Block] = []
    for page in pages:
        # Small print (a signing-service stamp in the corner) does not set the label column:
        # only lines in the page's own dominant size (or larger) do.
        page_size = body_font_size(page) if page else body_size
        sized = [ln for ln in page if ln.size >= min(body_size, page_size) - 0.5] or page
        if not sized:
            continue
        left = min(ln.x0 for ln in sized)
        for ln in page:
            found = None
            if _first_on_baseline(ln, page) and left - 3 <= ln.x0 <= left + 20:
                found = front_label(ln.text)
                if found is None and ln.bold and _only_run(ln, page):
                    key = _loose_label_key(ln.text)
                    found = (key, "") if key else None
            if found is not None:
                blocks.append(_Block(found[0], ln, [], found[1]))
            elif _strip_checkbox(ln.text)[1] is not None and (
                    not blocks or blocks[-1].key not in _PEOPLE_KEYS):
                # Tick-box rows ("[X] Caldén Anna, ordförande") are an attendance list whatever
                # heading stands above them: a damaged text layer garbles the heading
                # ("Benlutande irdhnarhe" for "Beslutande ordinarie") but not the boxes.
                blocks.append(_Block("members", ln, [ln]))
            elif blocks:
                blocks[-1].values.append(ln)
    return blocks


def _only_run(ln: Line, page: list[Line]) -> bool:
    return not any(o.baseline_id == ln.baseline_id and o is not ln for o in page)


# --- names ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def voikko_analyser() -> Any:
    """The Finnish morphological analyser, or None when libvoikko or its dictionary is missing."""
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception:  # an absent shared library raises OSError, a missing dictionary others
        return None


@lru_cache(maxsize=8192)
def name_classes(word: str) -> frozenset[str]:
    """Voikko's word classes of a word ("etunimi", "sukunimi", "nimisana"...); empty when
    the analyser is missing or does not know the word."""
    v = voikko_analyser()
    if v is None:
        return frozenset()
    return frozenset(str(a.get("CLASS")) for a in v.analyze(word))


def _surname_first_votes(names: list[str], context: str) -> int:
    """Positive when the names are printed "Last First" ("Lindvall Mikael").

    Evidence: the reversed name printed elsewhere on the page (signatures use "First Last"), and
    which word the Finnish dictionary knows as a first name.
    """
    votes = 0
    for name in names:
        parts = name.split()
        if len(parts) < 2:
            continue
        first, last = parts[0], parts[-1]
        if f"{last} {first}" in context:
            votes += 2
        elif name in context.replace(name, "", 1):
            votes -= 1
        c_first, c_last = name_classes(first), name_classes(last)
        if "etunimi" in c_last and "etunimi" not in c_first:
            votes += 1
        elif "etunimi" in c_first and "etunimi" not in c_last:
            votes -= 1
    return votes


def first_last(name: str) -> str:
    """"Lindvall Mikael" -> "Mikael Lindvall"; the surname is the first word."""
    parts = name.split()
    return " ".join([*parts[1:], parts[0]]) if len(parts) >= 2 else name


# --- participants -----------------------------------------------------------------------------


def _strip_checkbox(text: str) -> tuple[str, bool | None]:
    t = text.strip()
    low = t.lower()
    for mark in CHECKBOX_TICKED:
        if low.startswith(mark):
            return t[len(mark):].strip(), True
    for mark in CHECKBOX_EMPTY:
        if low.startswith(mark):
            return t[len(mark):].strip(), False
    return t, None


def _is_note(part: str) -> bool:
    low = fold(part)
    if any(ch.isdigit() for ch in low) and not re.match(r"^\d\.\s", low):
        return True
    words = set(re.split(r"[\s(),]+", low))
    return any(w in words or (" " in w and w in low) for w in PARTICIPANT_NOTE_WORDS)


def _is_title_word(token: str) -> bool:
    t = fold(token).strip(".,;:()")
    return t in MEETING_ROLES or any(t.endswith(end) for end in TITLE_ENDINGS)


def _comma_name(parts: list[str]) -> list[str]:
    """["Virtanen", "Matti", "puheenjohtaja"] -> ["Matti Virtanen", "puheenjohtaja"]: the
    "Last, First" order some systems print."""
    if len(parts) >= 2:
        last, first = parts[0].split(), parts[1].split()
        if (len(last) == 1 and len(first) == 1 and _NAME.match(f"{first[0]} {last[0]}")
                and not _is_title_word(first[0]) and not _is_title_word(last[0])):
            return [f"{first[0]} {last[0]}", *parts[2:]]
    return parts


def parse_participant_line(text: str) -> tuple[str, str | None, str | None] | None:
    """"Riina Turja, Hyvinvointikoordinaattori, saapui 16:29, poistui 18:07" ->
    (name, role, note). The role is a meeting role when one is printed ("esittelijä"),
    otherwise the job title; the other parts become the note."""
    text = clean_text(text).strip(" ,;")
    if not text:
        return None
    # Bracketed remarks are notes: "Hellsten Jean, viceordförande (distans)",
    # "varajäsen (Nurmi, Eeva)".
    notes: list[str] = []
    for m in re.finditer(r"\(([^)]*)\)", text):
        inner = [p.strip() for p in m.group(1).split(",") if p.strip()]
        notes.append(", ".join(_comma_name(inner)))
    text = re.sub(r"\s*\([^)]*\)", "", text).strip(" ,")
    parts = _comma_name([p.strip() for p in re.split(r",\s*", text) if p.strip()])
    if not parts:
        return None
    name = parts[0]
    rest = parts[1:]
    titles = [p for p in rest if not _is_note(p)]
    notes = [p for p in rest if _is_note(p)] + notes
    role = next((p for p in titles if fold(p) in MEETING_ROLES), None)
    if role is None and titles:
        role = titles[0]
    other_titles = [p for p in titles if p is not role]
    note = ", ".join(other_titles + notes) or None
    if not name or not re.search(r"[^\W\d]", name):
        return None
    return name, role, note


def _is_name(text: str) -> bool:
    return bool(_NAME.match(text.strip()))


def _rows(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for ln in lines:
        if rows and rows[-1][0].baseline_id == ln.baseline_id:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _cells(ln: Line) -> list[tuple[float, str]]:
    """A run cut at tick boxes inside it ("[X] Frostdahl-Blomqvist Siw, ordförande [ ] Palm
    Maria" when the gap between two columns is narrow), each cell with its estimated x."""
    text = ln.text
    marks = "|".join(re.escape(m) for m in (*CHECKBOX_TICKED, *CHECKBOX_EMPTY))
    starts = [m.start() for m in re.finditer(marks, text, re.I) if m.start() > 0]
    if not starts:
        return [(ln.x0, text)]
    bounds = [0, *starts, len(text)]
    width = (ln.x1 - ln.x0) / max(len(text), 1)
    return [(ln.x0 + a * width, text[a:b].strip()) for a, b in pairwise(bounds)]


def _merge_role_runs(row: list[Line]) -> list[tuple[float, str, bool | None]]:
    """Cells of one row as participant texts: a run that is no name ("puheenjohtaja" in a role
    column) belongs to the name before it."""
    out: list[tuple[float, str, bool | None]] = []
    for ln in row:
        for x, cell in _cells(ln):
            text, ticked = _strip_checkbox(cell)
            first = re.split(r",\s*|\s*\(", text, maxsplit=1)[0].strip()
            if out and ticked is None and not _is_name(first):
                prev_x, prev_text, prev_ticked = out[-1]
                out[-1] = (prev_x, f"{prev_text}, {text}", prev_ticked)
            else:
                out.append((x, text, ticked))
    return out


def _participants(block: _Block, lang: Language) -> list[tuple[Participant, str | None]]:
    """People of one block, each with the raw name of the member they stand in for."""
    status = {"absent": AttendanceStatus.absent}.get(block.key, AttendanceStatus.present)
    out: list[tuple[Participant, str | None]] = []
    columns: list[tuple[float, str]] = []
    values: list[Line] = []
    for ln in block.values:
        if _is_rule(ln.text):
            break  # a rule closes the list
        prev = values[-1] if values else block.label
        # A wide gap on the same page closes the list too: what follows is another block whose
        # label was not recognised (corrupt text layers garble labels, not layout).
        if (ln.page == prev.page and ln.top - prev.bottom > _LIST_GAP * max(prev.height, 1.0)
                and _column_kind(ln.text) is None):
            break
        values.append(ln)
    for row in _rows(values):
        kinds = [_column_kind(ln.text) for ln in row]
        if all(kinds):
            columns = [(ln.x0, k) for ln, k in zip(row, kinds, strict=True) if k]
            continue
        row_member: str | None = None
        row_member_ticked: bool | None = None
        for x0, text, ticked in _merge_role_runs(row):
            parsed = parse_participant_line(text)
            if parsed is None:
                continue
            name, role, note = parsed
            if not _is_name(name):
                continue
            column = "member"
            if columns:
                column = min(columns, key=lambda c: abs(c[0] - x0))[1]
            st = status
            if ticked is False:
                if column == "substitute":
                    continue  # a substitute who did not come is not a participant
                st = AttendanceStatus.absent
            substitute_for = None
            if column == "substitute":
                st = AttendanceStatus.substitute
                role = role or DEFAULT_SUBSTITUTE_ROLE[lang.value]
                if row_member is not None and row_member_ticked is False:
                    substitute_for = row_member
            elif block.key == "members":
                role = role or DEFAULT_MEMBER_ROLE[lang.value]
                row_member, row_member_ticked = name, ticked
            if st is AttendanceStatus.present and role and fold(role) in SUBSTITUTE_ROLES:
                st = AttendanceStatus.substitute
            if st is AttendanceStatus.substitute and note and substitute_for is None:
                # "varajäsen (Ville Heinonen)": the member sat in for, printed in brackets.
                parts = [p for p in note.split(", ") if p]
                named = next((p for p in parts if _is_name(p)), None)
                if named:
                    substitute_for = named
                    parts.remove(named)
                    note = ", ".join(parts) or None
            out.append((Participant(name=name, role=role, status=st, note=note), substitute_for))
    return out


# --- the meeting ------------------------------------------------------------------------------



def _times(text: str) -> list[str]:
    no_dates = DATE_RE.sub(" ", text)
    return [f"{int(h):02d}:{mi}" for h, mi in _TIME.findall(no_dates) if int(h) < 24]


def _block_text(block: _Block) -> str:
    return " ".join([block.rest, *(ln.text for ln in block.values)]).strip()


def _is_rule(text: str) -> bool:
    return set(text.strip()) <= set("_-–. ")


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
        t = fold(ln.text)
        if not any(ch.isdigit() for ch in t) and t.endswith(BODY_ENDINGS):
            return ln.text.strip()
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
    if "place" in by_key:
        pb = by_key["place"][0]
        place = " ".join([pb.rest, *(ln.text for ln in _first_paragraph(pb.values)
                                     if not _is_rule(ln.text))])
        mt.place = place.strip() or None

    context = " ".join(ln.text for p in front for ln in p)
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
