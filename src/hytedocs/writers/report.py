"""The theme report (teemaraportti / temarapport): many meetings, grouped by HYTE theme."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from docx.document import Document
from docx.shared import Emu

from ..errors import HytedocsError
from ..models import Minutes
from ..settings import Settings
from . import word
from .chart import quarter_chart
from .collect import (
    DEFAULT_QUOTE_SENTENCES,
    Item,
    document_language,
    filter_items,
    first_sentences,
    is_archive,
    item_themes,
    key_items,
    load_minutes,
    minutes_items,
    page_span,
    quarter_counts,
    section_heading,
    theme_summaries,
)
from .digest import format_date
from .strings import LANGUAGE_TAGS, UiLang, check_lang, ui

ReportInput = Iterable[Minutes] | str | Path | Any


def _as_date(value: dt.date | str | None, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise HytedocsError(f"{what} must be a date as YYYY-MM-DD, not {value!r}") from exc


def report_items(source: ReportInput, settings: Settings | None = None) -> list[Item]:
    """Every § of the input: Minutes objects, a folder or file, or an archive (opened
    read-only)."""
    if isinstance(source, str | Path):
        if is_archive(source):
            from ..store.archive import Archive

            with Archive(source, readonly=True) as archive:
                return archive_items(archive)
        return [i for m in load_minutes(source, settings=settings) for i in minutes_items(m)]
    if isinstance(source, Minutes):
        return minutes_items(source)
    if hasattr(source, "documents"):
        return archive_items(source)
    return [i for m in source for i in minutes_items(m)]


def archive_items(archive: Any) -> list[Item]:
    """The §s of an archive made by `hytedocs batch`, with their meetings.

    Whole documents are read rather than ``Archive.sections`` because the report needs each
    §'s meeting (body, date, source file) too.
    """
    return [i for m in archive.documents() for i in minutes_items(m)]


def _month(ym: tuple[int, int]) -> str:
    return f"{ym[1]}/{ym[0]}"


def _span(items: Sequence[Item], s: dict[str, str]) -> str:
    dates = [i.date for i in items if i.date]
    if not dates:
        return s["unknown_date"]
    return f"{format_date(min(dates))}–{format_date(max(dates))}"


def _filters_text(s: dict[str, str], body: str | None, date_from: dt.date | None,
                  date_to: dt.date | None, themes: Sequence[str] | None) -> str:
    parts = []
    if body:
        parts.append(f"{s['filter_body']} “{body}”")
    if date_from:
        parts.append(f"{s['filter_from']} {format_date(date_from)}")
    if date_to:
        parts.append(f"{s['filter_to']} {format_date(date_to)}")
    if themes:
        parts.append(f"{s['filter_theme']} " + ", ".join(themes))
    return "; ".join(parts) if parts else s["no_filters"]


def _meeting_rows(items: Sequence[Item]) -> list[list[str]]:
    seen: dict[tuple[str | None, dt.date | None, str | None], list[Item]] = {}
    for i in items:
        seen.setdefault((i.source_file, i.date, i.body), []).append(i)
    rows = []
    for (source, date, body), its in sorted(
        seen.items(), key=lambda kv: (kv[0][1] or dt.date.max, kv[0][0] or "")
    ):
        rows.append([format_date(date), body or "–", its[0].meeting_number or "–",
                     str(len(its)), source or "–"])
    return rows


def _quote(item: Item) -> str:
    sec = item.section
    if sec.summary:
        return sec.summary
    block = sec.decision or sec.proposal
    return first_sentences(block.text, DEFAULT_QUOTE_SENTENCES) if block else ""


def _key_table(doc: Document, style: str, items: Sequence[Item], s: dict[str, str]) -> None:
    rows = [[format_date(i.date), i.body or "–", f"§ {i.section.number}"
             if i.section.number is not None else "§", "", _source(i, s)] for i in items]
    table = word.add_table(doc, style, [s["date"], s["body"], "§", s["matter"],
                                        s["source_file"]], rows, widths=(2.5, 4.0, 1.3, 5.6, 3.2))
    for row, item in zip(table.rows[1:], items, strict=True):
        cell = row.cells[3]
        title = item.section.title or section_heading(item.section)
        cell.paragraphs[0].add_run(title).bold = True
        quote = _quote(item)
        if quote:
            cell.add_paragraph(quote, style=word.TABLE_TEXT_STYLE)


def _source(item: Item, s: dict[str, str]) -> str:
    pages = page_span(item.section.pages)
    name = item.source_file or "–"
    return f"{name}, {s['page_abbr']} {pages}" if pages else name


def write_theme_report(
    minutes_list_or_archive: ReportInput,
    path: str | Path | IO[bytes],
    *,
    body: str | None = None,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    themes: Sequence[str] | None = None,
    template: str | Path | None = None,
    lang: str | None = "fi",
    settings: Settings | None = None,
    mentioned: bool = False,
    departures: bool = False,
) -> None:
    """Write a report of decisions per HYTE theme over many meetings as a .docx file.

    The input is a list of :class:`~hytedocs.models.Minutes`, an archive made by
    ``hytedocs batch``, or a path to a folder of PDFs and parsed .json files. ``body``,
    ``date_from``, ``date_to`` and ``themes`` (ids or labels) narrow the §s reported. A § counts
    for the themes it is about (primary); ``mentioned=True`` counts it also for those it only
    mentions.
    """
    ui_lang: UiLang = check_lang(lang) or "fi"
    s = ui(ui_lang)
    start = _as_date(date_from, "date_from")
    end = _as_date(date_to, "date_to")
    all_items = report_items(minutes_list_or_archive, settings)
    items = filter_items(all_items, body=body, date_from=start, date_to=end, themes=themes,
                         mentioned=mentioned, departures=departures)
    summaries = theme_summaries(items, themes, mentioned)

    doc = word.open_document(template, settings)
    table_style = word.ensure_styles(doc)
    bodies = sorted({i.body for i in items if i.body})
    title = s["report_title"]
    doc.add_paragraph(title, style="Title")
    subtitle = ", ".join([*bodies, _span(items, s)]) if items else s["no_sections"]
    doc.add_paragraph(subtitle)
    toc = word.add_toc(doc, s["contents"])

    doc.add_heading(s["material"], level=1)
    n_minutes = len({(i.source_file, i.date, i.body) for i in items})
    doc.add_paragraph(s["material_text"].format(minutes=n_minutes, sections=len(items),
                                                span=_span(items, s)))
    word.add_labelled(doc, s["filters"], _filters_text(s, body, start, end, themes))
    if items:
        doc.add_heading(s["meetings"], level=2)
        word.add_table(doc, table_style, [s["date"], s["body"], s["number"], s["section_count"],
                                          s["source_file"]], _meeting_rows(items),
                       widths=(2.5, 4.1, 1.8, 1.6, 6.6))

    doc.add_heading(s["overview"], level=1)
    if summaries:
        rows = [[t.label, str(len(t.items)), ", ".join(t.bodies) or "–",
                 ", ".join(_month(m) for m in t.months) or "–"] for t in summaries]
        untagged = [i for i in items if not item_themes(i.section, mentioned)]
        if untagged and not themes:
            months = sorted({(i.date.year, i.date.month) for i in untagged if i.date})
            rows.append([s["untagged"], str(len(untagged)),
                         ", ".join(sorted({i.body for i in untagged if i.body})) or "–",
                         ", ".join(_month(m) for m in months) or "–"])
        word.add_table(doc, table_style, [s["theme"], s["section_count"], s["bodies"],
                                          s["months"]], rows, widths=(3.5, 1.5, 4, 5))
    else:
        doc.add_paragraph(s["no_themes"] if items else s["no_sections"])

    doc.add_heading(s["chart"], level=1)
    quarters, counts = quarter_counts(summaries)
    if quarters:
        png = quarter_chart(
            [s["quarter"].format(q=q, year=y) for y, q in quarters], counts,
            x_label=s["chart_x"], y_label=s["chart_y"], other_label=s["chart_other"])
        doc.add_picture(io.BytesIO(png), width=Emu(int(word.text_width(doc))))
    else:
        doc.add_paragraph(s["chart_empty"])

    doc.add_heading(s["key_decisions"], level=1)
    for t in summaries:
        doc.add_heading(t.label, level=2)
        doc.add_paragraph(s["theme_stats"].format(
            count=len(t.items), bodies=", ".join(t.bodies) or "–",
            months=", ".join(_month(m) for m in t.months) or "–"))
        _key_table(doc, table_style, key_items(t), s)
    if not summaries:
        doc.add_paragraph(s["no_themes"] if items else s["no_sections"])

    word.finish_toc(doc, toc, s["toc_placeholder"])
    word.add_page_numbers(doc, s["page_footer"])
    word.set_language(doc, LANGUAGE_TAGS[document_language(items)])
    word.set_core_properties(
        doc, title=f"{title}: {subtitle}", subject=s["report_subject"], author=s["author"],
        keywords=", ".join(t.label for t in summaries))
    word.save(doc, path)
