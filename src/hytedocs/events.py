"""Stage: what happened to each § (outcome, participation, votes, prior handlings, references).

Pure functions over the text of a parsed § and the meeting's details.
"""

from __future__ import annotations

from .meeting import DocInfo
from .models import DocumentKind, Minutes, Section, Warning_


def annotate_section(section: Section, info: DocInfo) -> None:
    """Fill the event fields of one § in place."""


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
