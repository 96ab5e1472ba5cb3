"""The meeting digest (kokouskooste / mötessammandrag): one minutes as a Word document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from docx.document import Document
from docx.shared import Pt

from ..models import DocumentKind, Language, Minutes, Section, Vote
from ..settings import Settings
from . import word
from .collect import (
    file_name,
    item_themes,
    minutes_items,
    page_span,
    recusals,
    section_heading,
    theme_summaries,
)
from .strings import LANGUAGE_TAGS, OUTCOME_COLOURS, UiLang, badge, check_lang, ui

_NONE = "–"


def format_date(date: dt.date | None) -> str:
    """Finnish and Swedish write 18.2.2025; so does the English digest, to match the source."""
    return f"{date.day}.{date.month}.{date.year}" if date else _NONE


def meeting_rows(minutes: Minutes, s: dict[str, str]) -> list[list[str]]:
    m = minutes.meeting
    time = "–".join(t for t in (m.start_time, m.end_time) if t)
    return [
        [s["organization"], m.organization or _NONE],
        [s["body"], m.body or _NONE],
        [s["number"], m.meeting_number or _NONE],
        [s["date"], format_date(m.date)],
        [s["time"], time or _NONE],
        [s["place"], m.place or _NONE],
    ]


def digest_title(minutes: Minutes, s: dict[str, str]) -> str:
    m = minutes.meeting
    what = " ".join(x for x in (m.body, m.meeting_number) if x)
    return f"{s['digest_title']}: {what}" if what else s["digest_title"]


def vote_lines(vote: Vote, s: dict[str, str]) -> list[str]:
    counts = (vote.yes, vote.no, vote.blank, vote.absent)
    parts: list[str] = []
    if any(c is not None for c in counts):
        parts.append(s["vote_counts"].format(
            yes=_n(vote.yes), no=_n(vote.no), blank=_n(vote.blank), absent=_n(vote.absent)))
    if vote.yes_means:
        parts.append(s["vote_yes_means"].format(text=vote.yes_means))
    if vote.no_means:
        parts.append(s["vote_no_means"].format(text=vote.no_means))
    if vote.winner:
        parts.append(s["vote_winner"].format(text=vote.winner))
    if not parts and vote.text:
        parts.append(vote.text)
    return ["; ".join(parts)] if parts else []


def _n(value: int | None) -> str:
    return _NONE if value is None else str(value)


def add_section(doc: Document, sec: Section, s: dict[str, str], lang: UiLang,
                source_file: str | None, mentioned: bool = False) -> None:
    doc.add_heading(section_heading(sec), level=2)

    if sec.outcome is not None:
        run = doc.add_paragraph().add_run(f" {badge(sec.outcome, lang, sec.decision_kind)} ")
        run.bold = True
        word.shade_run(run, OUTCOME_COLOURS[sec.outcome])

    if sec.presenter and (sec.presenter.name or sec.presenter.title):
        who = ", ".join(x for x in (sec.presenter.name, sec.presenter.title) if x)
        word.add_labelled(doc, s["presenter"], who)
    if sec.summary:
        para = word.add_labelled(doc, s["summary"], sec.summary)
        para.runs[-1].italic = True

    if sec.decision and sec.decision.text.strip():
        doc.add_heading(s["decision"], level=3)
        word.add_text(doc, sec.decision.text)
    elif sec.proposal and sec.proposal.text.strip():
        # An agenda has no decision yet; the proposal is what the body will decide on.
        doc.add_heading(s["proposal"], level=3)
        word.add_text(doc, sec.proposal.text)
    else:
        word.grey(doc.add_paragraph().add_run(s["no_decision"]))

    recused = recusals(sec)
    if recused:
        word.add_labelled(doc, s["recusals"], "; ".join(recused))
    for vote in sec.votes:
        for line in vote_lines(vote, s):
            word.add_labelled(doc, s["votes"], line)
        if vote.dissents:
            word.add_labelled(doc, s["dissents"], ", ".join(vote.dissents))
    about = item_themes(sec)
    if about:
        word.add_labelled(doc, s["themes"], ", ".join(t.label for t in about))
    if mentioned:
        passing = [t for t in sec.themes if t not in about]
        if passing:
            word.add_labelled(doc, s["themes_mentioned"], ", ".join(t.label for t in passing))
    where = page_span(sec.pages)
    if where:
        para = word.add_labelled(
            doc, s["source_pages"], f"{where} ({source_file})" if source_file else where)
        for r in para.runs:
            r.font.size = Pt(9)
            word.grey(r)


def write_digest(
    minutes: Minutes,
    path: str | Path | IO[bytes],
    *,
    template: str | Path | None = None,
    lang: str | None = None,
    settings: Settings | None = None,
    mentioned: bool = False,
) -> None:
    """Write a meeting digest of ``minutes`` as a .docx file.

    ``lang`` picks the UI language (fi, sv, en); by default the language of the minutes.
    ``template`` is a .docx whose styles, page setup, header and footer are used. Each § lists
    the themes it is about (primary); ``mentioned=True`` adds a line with those it only
    mentions and counts them in the closing table too.
    """
    ui_lang: UiLang = check_lang(lang) or ("sv" if minutes.language == Language.sv else "fi")
    s = ui(ui_lang)
    doc = word.open_document(template, settings)
    table_style = word.ensure_styles(doc)
    m = minutes.meeting
    title = digest_title(minutes, s)

    doc.add_paragraph(title, style="Title")
    sub = ", ".join(x for x in (m.organization, format_date(m.date) if m.date else None) if x)
    if sub:
        doc.add_paragraph(sub)
    toc = word.add_toc(doc, s["contents"])

    doc.add_heading(s["meeting"], level=1)
    word.add_table(doc, table_style, None, meeting_rows(minutes, s), widths=(1, 3))

    agenda = minutes.kind == DocumentKind.agenda
    doc.add_heading(s["sections_agenda" if agenda else "sections"], level=1)
    for sec in minutes.sections:
        add_section(doc, sec, s, ui_lang, file_name(minutes.source.file), mentioned)

    doc.add_heading(s["theme_matrix"], level=1)
    summaries = theme_summaries(minutes_items(minutes), mentioned=mentioned)
    if summaries:
        rows = [[t.label, ", ".join(_sign(i.section) for i in t.items), str(len(t.items))]
                for t in summaries]
        untagged = [sec for sec in minutes.sections if not item_themes(sec, mentioned)]
        if untagged:
            rows.append([s["untagged"], ", ".join(_sign(sec) for sec in untagged),
                         str(len(untagged))])
        word.add_table(doc, table_style, [s["theme"], s["section_sign_list"],
                                          s["section_count"]], rows, widths=(3, 5, 1))
    else:
        doc.add_paragraph(s["no_themes"])

    word.finish_toc(doc, toc, s["toc_placeholder"])
    word.add_page_numbers(doc, s["page_footer"])
    word.set_language(doc, LANGUAGE_TAGS[minutes.language])
    subject = ", ".join(x for x in (m.organization, m.body, m.meeting_number,
                                    format_date(m.date) if m.date else None) if x)
    word.set_core_properties(
        doc, title=title, subject=subject or s["digest_title"], author=s["author"],
        keywords=", ".join(t.label for t in summaries))
    word.save(doc, path)


def _sign(sec: Section) -> str:
    return f"§ {sec.number}" if sec.number is not None else "§"
