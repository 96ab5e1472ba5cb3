"""What the Word writers show, computed apart from the rendering: §s with their meeting, the
filters, per-theme statistics and the choice of key decisions."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HytedocsError, InvalidInputError
from ..models import (
    DEPARTURES,
    DecisionKind,
    Language,
    Minutes,
    ParticipationEvent,
    Section,
    TextBlock,
    Theme,
    ThemeRole,
    first_error,
)
from ..pdf.source import read_regular_file
from ..settings import Settings
from ..text import fold

# How many decisions per theme the report quotes; the rest are counted only.
DEFAULT_KEY_DECISIONS = 5
# Sentences quoted from a decision when the § has no summary.
DEFAULT_QUOTE_SENTENCES = 2
# File suffixes read as an archive made by `hytedocs batch`.
ARCHIVE_SUFFIXES = (".sqlite", ".sqlite3", ".db")

# Notings and procedural decisions rank below real decisions when the key decisions are chosen.
_ROUTINE = frozenset({DecisionKind.noting, DecisionKind.other})


@dataclass(frozen=True)
class Item:
    """One § with the meeting it was decided in."""

    section: Section
    organization: str | None
    body: str | None
    date: dt.date | None
    meeting_number: str | None
    source_file: str | None
    language: Language


@dataclass
class ThemeSummary:
    """Every § of one theme, with the statistics the report prints."""

    id: str
    label: str
    items: list[Item] = field(default_factory=list)

    @property
    def bodies(self) -> list[str]:
        return sorted({i.body for i in self.items if i.body})

    @property
    def months(self) -> list[tuple[int, int]]:
        return sorted({(i.date.year, i.date.month) for i in self.items if i.date})

    def score(self, item: Item) -> float:
        for theme in item.section.themes:
            if theme.id == self.id:
                return theme.score
        return 0.0


def section_heading(section: Section) -> str:
    """"§ 15 Title" as printed."""
    number = f"§ {section.number}" if section.number is not None else "§"
    return f"{number} {section.title}" if section.title else number


def minutes_items(minutes: Minutes) -> list[Item]:
    m = minutes.meeting
    return [
        Item(section=s, organization=m.organization, body=m.body, date=m.date,
             meeting_number=m.meeting_number, source_file=file_name(minutes.source.file),
             language=minutes.language)
        for s in minutes.sections
    ]


def file_name(file: str | None) -> str | None:
    """The name of the source file without its folder: the folder is the parser's machine's."""
    return Path(file).name if file else None


def recusals(section: Section) -> list[str]:
    """"Name (reason)" for everyone disqualified from the §."""
    out = []
    for p in section.participation:
        if p.event == ParticipationEvent.disqualified:
            out.append(f"{p.name} ({p.reason})" if p.reason else p.name)
    return out


def page_span(pages: Sequence[int]) -> str:
    """"3-4" or "7" from the 1-based pages of a §."""
    if not pages:
        return ""
    lo, hi = min(pages), max(pages)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def first_sentences(text: str, n: int) -> str:
    """The first ``n`` sentences of ``text`` (as the NLP stage cuts them), on one line."""
    from ..nlp.sentences import block_sentences

    sentences = block_sentences(TextBlock(text=text), "decision")[:n]
    return " ".join(" ".join(sent.text.split()) for sent in sentences)


def theme_matches(theme: Theme, wanted: Iterable[str]) -> bool:
    """A theme named by its id, or by any part of its label (as the archive matches it)."""
    tid, label = fold(theme.id), fold(theme.label)
    return any(fold(w) == tid or fold(w) in label for w in wanted)


def item_themes(section: Section, mentioned: bool = False) -> list[Theme]:
    """The themes a report counts for a §: those it is about (primary), or with ``mentioned``
    also those it names in passing."""
    return [t for t in section.themes if mentioned or t.role == ThemeRole.primary]


def filter_items(
    items: Iterable[Item],
    *,
    body: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    themes: Sequence[str] | None = None,
    mentioned: bool = False,
    departures: bool = False,
) -> list[Item]:
    """The §s that pass every given filter.

    ``body`` matches any part of the body's name, ignoring case ("hyvinvointi" finds
    Hyvinvointilautakunta). A date filter drops §s whose meeting date is unknown. ``themes``
    keeps §s with at least one of the themes, named by id or label, as a primary theme (with
    ``mentioned`` also as a mentioned one). ``departures`` keeps the §s whose decision departed
    from the proposal (amended, counter-proposal, rejected, tabled, returned).
    """
    out = []
    want_body = fold(body) if body else None
    for item in items:
        if want_body is not None and (not item.body or want_body not in fold(item.body)):
            continue
        if (date_from or date_to) and item.date is None:
            continue
        if date_from and item.date and item.date < date_from:
            continue
        if date_to and item.date and item.date > date_to:
            continue
        if themes and not any(theme_matches(t, themes)
                              for t in item_themes(item.section, mentioned)):
            continue
        if departures and item.section.outcome not in DEPARTURES:
            continue
        out.append(item)
    return out


def theme_summaries(
    items: Iterable[Item], themes: Sequence[str] | None = None, mentioned: bool = False
) -> list[ThemeSummary]:
    """Per theme, the §s about it (with ``mentioned`` also those that mention it); the most
    frequent theme first. With ``themes`` only those themes."""
    by_id: dict[str, ThemeSummary] = {}
    for item in items:
        for theme in item_themes(item.section, mentioned):
            if themes and not theme_matches(theme, themes):
                continue
            summary = by_id.setdefault(theme.id, ThemeSummary(id=theme.id, label=theme.label))
            summary.items.append(item)
    return sorted(by_id.values(), key=lambda s: (-len(s.items), s.label))


def key_items(summary: ThemeSummary, n: int = DEFAULT_KEY_DECISIONS) -> list[Item]:
    """The ``n`` most telling §s of a theme, in date order.

    Ranked by how strongly the § is about the theme; routine notes (merkitään tiedoksi) and
    §s without a decision rank last.
    """
    ranked = sorted(
        summary.items,
        key=lambda i: (
            i.section.decision_kind in _ROUTINE or i.section.decision is None,
            -summary.score(i),
            i.date or dt.date.max,
            i.section.number or 0,
        ),
    )
    chosen = ranked[:n]
    return sorted(chosen, key=lambda i: (i.date or dt.date.max, i.section.number or 0))


def quarter(date: dt.date) -> tuple[int, int]:
    return date.year, (date.month - 1) // 3 + 1


def quarter_counts(
    summaries: Sequence[ThemeSummary],
) -> tuple[list[tuple[int, int]], dict[str, list[int]]]:
    """Every quarter from the first to the last dated §, and per theme label its § counts."""
    dated = [quarter(i.date) for s in summaries for i in s.items if i.date]
    if not dated:
        return [], {}
    (y0, q0), (y1, q1) = min(dated), max(dated)
    quarters = []
    y, q = y0, q0
    while (y, q) <= (y1, q1):
        quarters.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    counts: dict[str, list[int]] = {}
    for s in summaries:
        c = Counter(quarter(i.date) for i in s.items if i.date)
        counts[s.label] = [c[qq] for qq in quarters]
    return quarters, counts


def document_language(items: Iterable[Item]) -> Language:
    """The language most of the quoted text is in."""
    c = Counter(i.language for i in items)
    return Language.sv if c[Language.sv] > c[Language.fi] else Language.fi


# --- reading the input of `hytedocs report` --------------------------------------------------


def load_minutes(path: str | Path, **parse_options: Any) -> list[Minutes]:
    """Every minutes in a folder of PDFs and parsed .json files (or one such file).

    A .json next to the PDF of the same name is used instead of parsing the PDF again.
    """
    from ..pipeline import parse

    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix.lower() in (".pdf", ".json"))
    elif os.path.lexists(root):  # a pipe or device too: reading it names the problem
        files = [root]
    else:
        raise HytedocsError("no such file or folder", file=str(root))
    parsed_stems = {p.stem for p in files if p.suffix.lower() == ".json"}
    out: list[Minutes] = []
    settings = parse_options.get("settings")
    for f in files:
        if f.suffix.lower() == ".json":
            out.append(read_json(f, settings))
        elif f.stem not in parsed_stems:
            out.append(parse(f, **parse_options))
    if not out:
        raise HytedocsError("no .pdf or .json minutes found", file=str(root))
    return out


def read_json(path: Path, settings: Settings | None = None) -> Minutes:
    """A Minutes saved by `hytedocs parse`: a regular file of at most
    ``settings.max_json_mb``, checked before it is parsed."""
    cfg = settings or Settings()
    data = read_regular_file(str(path), int(cfg.max_json_mb * 2**20), error=InvalidInputError,
                             setting="max_json_mb")
    try:
        return Minutes.model_validate_json(data)
    except ValueError as exc:
        raise InvalidInputError(f"not a hytedocs parse result ({first_error(exc)})",
                                file=str(path)) from exc


def is_archive(path: str | Path) -> bool:
    p = Path(path)
    return p.is_file() and p.suffix.lower() in ARCHIVE_SUFFIXES
