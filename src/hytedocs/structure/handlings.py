"""Stage: the handlings of a §. Stage lines ("Kaupunginhallitus, 09.06.2025, § 228") split its
labelled parts into handlings; only the last one, this meeting's, gives the outcome, the
participation events and the votes, and the earlier ones become ``prior_handlings``.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import (
    Field_,
    PriorHandling,
    Section,
    TextBlock,
)
from ..patterns import find_date as _date
from ..text import fold
from ..vocabulary import (
    LABELS,
)
from .meeting import DocInfo, parse_stage_line
from .participation import _known_people
from .phrases import _DATE
from .references import _body_base, _is_body_word
from .votes import parse_vote


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
    matched = False
    for i, (stage, _fs) in enumerate(handlings):
        if stage is None:
            continue
        parsed = parse_stage_line(stage.label)
        if parsed is None:
            continue
        _body, date, number = parsed
        if number == section.number and (info.meeting.date is None or date is None
                                         or date == info.meeting.date):
            best, matched = i, True
    if not matched and section.number is not None and any(
            f.key in ("proposal", "decision") for f in handlings[0][1]):
        # No stage line names this §: the handling printed first is this meeting's (Espoo
        # prints the earlier handlings after it, under "Päätöshistoria").
        return 0
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
    heading_fields: list[Field_] = []
    for i, (stage, fs) in enumerate(handlings):
        if stage is None or i == own:
            continue
        parsed = parse_stage_line(stage.label)
        if parsed is None:
            continue
        body, date, number = parsed
        if (number == section.number and date is not None and date == info.meeting.date
                and i < own):
            # The § heading printed as a stage line ("tekltk 16.4.2024 § 36") above the
            # earlier handlings: this meeting's, not an earlier one.
            heading_fields += fs
            continue
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
    own_fields = heading_fields + handlings[own][1]
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
