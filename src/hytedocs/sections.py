"""Stage 4: content lines -> sections (§). Work in progress."""

from __future__ import annotations

from .layout import DocLayout
from .lines import Line
from .meeting import DocInfo
from .models import Section, TextBlock, Warning_
from .settings import Settings


def lines_to_sections(
    pages: list[list[Line]], doc: DocLayout, settings: Settings, info: DocInfo
) -> tuple[list[Section], TextBlock | None, list[Warning_]]:
    return [], None, []
