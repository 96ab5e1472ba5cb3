"""Stage: minutes stored by an older hytedocs, brought to the current schema without the PDF.

Schema 1.0 answered two questions in one ``outcome`` ("noted", "election"). Schema 2.0 keeps
them apart: ``outcome`` says how the decision relates to the proposal, ``decision_kind`` what
kind of decision it was, and ``riders`` holds the riders. Neither is translated from the old
value (an "election" says nothing of whether the proposal was changed): both are read again,
by the same rules as a fresh parse, from the text the old result stored, which holds every
labelled part of the §. Participation events are kept as stored.
"""

from __future__ import annotations

from typing import Any

from ..models import SCHEMA_VERSION, DocumentKind, Field_, Minutes
from ..patterns import match_stage
from .annotate import decide

_OLD_OUTCOMES = {"noted", "election"}


def upgrade_minutes_json(data: dict[str, Any]) -> dict[str, Any]:
    """A stored minutes JSON of schema 1.x as schema 2.0; a current one is returned unchanged."""
    if str(data.get("schema_version", "1.0")).split(".")[0] != "1":
        return data
    data = dict(data, schema_version=SCHEMA_VERSION)
    raw = [dict(s) for s in data.get("sections") or []]
    for item in raw:
        # Placeholders that validate; decide() below writes the real values.
        if item.get("outcome") in _OLD_OUTCOMES:
            item["outcome"] = None
    data["sections"] = raw
    minutes = Minutes.model_validate(data)
    if minutes.kind in (DocumentKind.minutes, DocumentKind.extract):
        for sec in minutes.sections:
            decide(sec, _own_fields(sec.fields), minutes.meeting.body)
    else:
        for sec in minutes.sections:
            sec.outcome = None
    return minutes.model_dump(mode="json")


def _own_fields(fields: list[Field_]) -> list[Field_]:
    """The labelled parts after the last stage line: this meeting's handling."""
    last = max((i for i, f in enumerate(fields)
                if f.key == "stage" or (f.label and match_stage(f.label))), default=-1)
    return fields[last + 1:]
