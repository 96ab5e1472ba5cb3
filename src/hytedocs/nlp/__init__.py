"""NLP stage: HYTE themes, entities and summaries (see the themes issue)."""

from __future__ import annotations

from ..models import Minutes
from ..settings import Settings


def annotate_minutes(minutes: Minutes, settings: Settings) -> None:
    """Tag themes, entities and summaries on every § in place."""
