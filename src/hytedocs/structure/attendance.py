"""Stage: the participants, the people of the front matter's attendance lists ("Saapuvilla
olleet jäsenet", "Beslutande"), with their roles, notes, attendance and who stood in for whom.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..models import AttendanceStatus, Language, Participant
from ..text import clean_text, fold
from ..vocabulary import (
    CHECKBOX_EMPTY,
    CHECKBOX_TICKED,
    DEFAULT_MEMBER_ROLE,
    DEFAULT_SUBSTITUTE_ROLE,
    MEETING_ROLES,
    PARTICIPANT_NOTE_WORDS,
    SUBSTITUTE_ROLES,
    TITLE_ENDINGS,
)
from .front_matter import _Block, _column_kind, _is_rule, _strip_checkbox
from .lines import Line

# A person's name as printed in a list: two to four capitalised words, hyphens allowed.
_NAME = re.compile(r"^[A-ZÅÄÖÜÉ][\w'’\-]+(?:[ ][A-ZÅÄÖÜÉ][\w'’\-]+){1,3}$")

# A gap wider than this many line heights ends a list of participants.
_LIST_GAP = 2.5


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
    # "Ann-Sofie Nyström ledamot", "Stefan Hakala skoldirektör": a role or job title printed
    # after the name without a comma (a column gap too narrow to cut the run).
    tokens = name.split()
    k = len(tokens)
    while k > 2 and tokens[k - 1][:1].islower():
        k -= 1
    if k < len(tokens) and all(t[:1].isupper() for t in tokens[:k]):
        name, rest = " ".join(tokens[:k]), [" ".join(tokens[k:]), *rest]
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
