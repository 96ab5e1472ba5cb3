"""Word conventions shared by the digest and the report.

Named styles (so that the navigation pane and the table of contents work), a TOC field, page
numbers in the footer, the proofing language on the styles, core properties, tables that span
the text width and repeat their header row. Everything goes through python-docx; raw XML is
used only where python-docx has no API (fields, language, header-row repeat).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import HytedocsError
from ..settings import Settings
from .safety import check_template, verified_save

# A4 with the margins of a typical Finnish municipal letter; used only without a template,
# because a template's own page setup is part of its look.
DEFAULT_PAGE_WIDTH_CM = 21.0
DEFAULT_PAGE_HEIGHT_CM = 29.7
DEFAULT_MARGIN_CM = 2.2
# Heading levels listed in the table of contents; level 3 marks parts of one § and would make
# the contents page as long as the document.
DEFAULT_TOC_LEVELS = 2
HEADER_FILL = "E7EEF5"
# The OPC core properties (title, subject, keywords) are limited to 255 characters.
CORE_PROPERTY_MAX = 255
# The paragraph style of table cells, and its size when this module creates it.
TABLE_TEXT_STYLE = "Table Text"
DEFAULT_TABLE_FONT_PT = 9
# The fallback table style, created when a template has none (Word's own name for it).
FALLBACK_TABLE_STYLE = "Table Grid"

_HEADING_SIZES = {1: 16, 2: 13, 3: 11}
_EMU_PER_TWIP = 635
# Children of w:rPr / w:settings that must come after the element we insert (OOXML order).
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_RPR_AFTER_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                  "w:eastAsianLayout", "w:specVanish", "w:oMath")
_SETTINGS_AFTER_UPDATE = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                          "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                          "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                          "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                          "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                          "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def open_document(template: str | Path | None, settings: Settings | None = None) -> Document:
    """A new document: python-docx's default, or the template with its body emptied.

    The template keeps its styles, page setup, headers and footers (logo included); only the
    body text is removed, because it is sample content, not part of the look. It is checked
    first (:func:`~hytedocs.writers.safety.check_template`: size, zip ratio, no DTD).
    """
    if template is None:
        doc = docx.Document()
        for section in doc.sections:
            section.page_width = Cm(DEFAULT_PAGE_WIDTH_CM)
            section.page_height = Cm(DEFAULT_PAGE_HEIGHT_CM)
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Cm(DEFAULT_MARGIN_CM))
        return doc
    path = Path(template)
    data = check_template(path, settings)
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise HytedocsError(f"cannot open the Word template ({exc})", file=str(path)) from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def text_width(doc: Document) -> Emu:
    """Width between the margins of the last section, where new content goes."""
    section = doc.sections[-1]
    width = section.page_width or Cm(DEFAULT_PAGE_WIDTH_CM)
    left = section.left_margin if section.left_margin is not None else Cm(DEFAULT_MARGIN_CM)
    right = section.right_margin if section.right_margin is not None else Cm(DEFAULT_MARGIN_CM)
    return Emu(int(width) - int(left) - int(right))


def ensure_styles(doc: Document) -> str:
    """Make sure Heading 1-3 exist (a template may lack them); return the table style name."""
    names = {s.name for s in doc.styles}
    for level in (1, 2, 3):
        name = f"Heading {level}"
        if name in names:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.next_paragraph_style = doc.styles["Normal"]
        style.font.bold = True
        style.font.size = Pt(_HEADING_SIZES[level])
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        # The outline level is what puts a heading in the navigation pane and the TOC.
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)
    if TABLE_TEXT_STYLE not in names:
        # Table cells get their own named style, smaller than body text so that dates and
        # body names fit their columns; a template may define it to restyle every table.
        style = doc.styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(DEFAULT_TABLE_FONT_PT)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.line_spacing = 1.0
    if "Title" not in names:
        style = doc.styles.add_style("Title", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(22)
        style.font.bold = True
    return table_style(doc)


def table_style(doc: Document) -> str:
    """The template's own table style if it defines one, else Table Grid (created if missing)."""
    table_styles = [s for s in doc.styles if s.type == WD_STYLE_TYPE.TABLE]
    custom = [s for s in table_styles if s.element.get(qn("w:customStyle")) in ("1", "true")]
    if custom:
        return str(custom[0].name)
    if any(s.name == FALLBACK_TABLE_STYLE for s in table_styles):
        return FALLBACK_TABLE_STYLE
    style = doc.styles.add_style(FALLBACK_TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "808080")
        borders.append(el)
    tbl_pr.append(borders)
    return FALLBACK_TABLE_STYLE


def _set_lang(rpr: Any, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_RPR_AFTER_LANG)
    lang.set(qn("w:val"), tag)


def set_language(doc: Document, tag: str) -> None:
    """Set the proofing language (e.g. fi-FI) on the document defaults and every style.

    Styles that name their own language (a template made in English Word says en-US) would
    otherwise override the default.
    """
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr, tag)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_lang(style.element.get_or_add_rPr(), tag)
    doc.core_properties.language = tag


def set_core_properties(doc: Document, *, title: str, subject: str, author: str,
                        keywords: str = "") -> None:
    props = doc.core_properties
    props.title = _clip(title)
    props.subject = _clip(subject)
    props.author = _clip(author)
    props.last_modified_by = _clip(author)
    props.keywords = _clip(keywords)
    props.comments = ""
    props.category = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1


def _clip(text: str) -> str:
    """Core properties hold at most CORE_PROPERTY_MAX characters; cut at a word boundary."""
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    cut = text[:CORE_PROPERTY_MAX - 1].rsplit(" ", 1)[0].rstrip(",;")
    return cut + "…"


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES ...) with ``placeholder`` as its cached result."""
    _begin_field(paragraph, instruction)
    paragraph.add_run(placeholder)
    _fld_char(paragraph, "end")


def add_toc(doc: Document, heading: str) -> Paragraph:
    """The title of the table of contents and an empty paragraph where :func:`finish_toc`
    puts the field once the headings are written."""
    title = doc.add_paragraph(heading)
    if "TOC Heading" in {s.name for s in doc.styles}:
        title.style = doc.styles["TOC Heading"]
    else:
        title.runs[0].bold = True
        title.runs[0].font.size = Pt(13)
    return doc.add_paragraph()


def _toc_style(doc: Document, level: int) -> Any:
    name = f"toc {level}"  # Word's built-in name, which its own TOC update uses
    if name not in {s.name for s in doc.styles}:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    return doc.styles[name]


def finish_toc(doc: Document, anchor: Paragraph, placeholder: str) -> None:
    """A TOC field over Heading 1..DEFAULT_TOC_LEVELS at ``anchor``.

    Its cached result lists the headings already (without page numbers), so that viewers that
    do not update fields, LibreOffice's PDF export among them, still show the contents; Word
    refreshes it, page numbers included, when the document is opened.
    """
    # Style ids, not python-docx's style objects: resolving each paragraph's style is slow.
    levels = {doc.styles[f"Heading {n}"].style_id: n for n in range(1, DEFAULT_TOC_LEVELS + 1)}
    entries = []
    for p in doc.element.body.iterchildren(qn("w:p")):
        style_id = p.style
        if style_id in levels:
            para = Paragraph(p, anchor._parent)
            if para.text.strip():
                entries.append((levels[style_id], para.text))
    _begin_field(anchor, f'TOC \\o "1-{DEFAULT_TOC_LEVELS}" \\h \\z \\u')
    if not entries:
        anchor.add_run(placeholder)
        _fld_char(anchor, "end")
        update_fields_on_open(doc)
        return
    last = anchor
    for i, (level, text) in enumerate(entries):
        para = anchor if i == 0 else _paragraph_after(last)
        para.style = _toc_style(doc, level)
        para.add_run(text)
        last = para
    _fld_char(last, "end")
    update_fields_on_open(doc)


def _paragraph_after(para: Paragraph) -> Paragraph:
    new = OxmlElement("w:p")
    para._p.addnext(new)
    return Paragraph(new, para._parent)


def _begin_field(paragraph: Paragraph, instruction: str) -> None:
    """A field's start and instruction; its cached result follows, then an "end" mark."""
    _fld_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _fld_char(paragraph, "separate")


def _fld_char(paragraph: Paragraph, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(el)


def update_fields_on_open(doc: Document) -> None:
    """Ask Word to refresh fields (the TOC, page counts) when the file is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.insert_element_before(el, *_SETTINGS_AFTER_UPDATE)


def add_page_numbers(doc: Document, label: str) -> None:
    """"Sivu 3 (12)" in every footer that does not number its pages yet.

    The "page (pages)" form is the convention of Finnish and Swedish municipal documents.
    """
    for section in doc.sections:
        footer = section.footer
        if any(
            "PAGE" in (t.text or "")
            for t in footer._element.iter(qn("w:instrText"))
        ) or footer._element.find(".//" + qn("w:fldSimple")) is not None:
            continue
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        if para.text.strip():
            para = footer.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run(f"{label} ")
        add_field(para, "PAGE", "1")
        para.add_run(" (")
        add_field(para, "NUMPAGES", "1")
        para.add_run(")")


def _shading(fill: str) -> Any:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def shade_run(run: Any, fill: str) -> None:
    """Give a run a background fill (used for the outcome badge)."""
    run._r.get_or_add_rPr().insert_element_before(_shading(fill), *_RPR_AFTER_SHD)


def _shade_cell(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_shading(fill))


def add_table(
    doc: Document,
    style: str,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
) -> Table:
    """A table across the full text width, columns in the given proportions.

    Column widths add up to the text width, so no table is wider than the page; long cell
    text wraps. The header row repeats at the top of every page the table runs over.
    """
    ncols = len(widths)
    table: Table = doc.add_table(rows=(1 if header else 0) + len(rows), cols=ncols)
    table.style = doc.styles[style]
    table.autofit = False
    total = int(text_width(doc))
    # Word stores widths in twips; rounding down keeps the sum within the text width.
    col_widths = [Emu(int(total * w / sum(widths)) // _EMU_PER_TWIP * _EMU_PER_TWIP)
                  for w in widths]
    for col, width in zip(table.columns, col_widths, strict=True):
        col.width = width
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "pct")
    tbl_w.set(qn("w:w"), "5000")
    all_rows = ([list(header)] if header else []) + [list(r) for r in rows]
    for r, (row, values) in enumerate(zip(table.rows, all_rows, strict=True)):
        is_header = header is not None and r == 0
        if is_header:
            tr_pr = row._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
        for cell, width, value in zip(row.cells, col_widths, values, strict=True):
            cell.width = width
            set_cell_text(cell, value, bold=is_header)
            if is_header:
                _shade_cell(cell, HEADER_FILL)
    return table


def set_cell_text(cell: Any, text: str, *, bold: bool = False) -> None:
    """Cell text in the table text style; blank lines in ``text`` start new paragraphs."""
    parts = [p.strip() for p in text.split("\n\n")] if text else [""]
    first = cell.paragraphs[0]
    for i, part in enumerate(parts):
        para = first if i == 0 else cell.add_paragraph()
        para.style = TABLE_TEXT_STYLE
        run = para.add_run(part)
        run.bold = bold or None


def add_text(doc: Document, text: str, style: str | None = None) -> list[Paragraph]:
    """Paragraphs from text with blank-line paragraph breaks (TextBlock's convention)."""
    out = []
    for part in text.split("\n\n"):
        part = part.strip()
        if part:
            para = doc.add_paragraph(part, style=style)
            out.append(para)
    return out


def add_labelled(doc: Document, label: str, value: str) -> Paragraph:
    """"Label: value" with the label in bold."""
    para = doc.add_paragraph()
    para.add_run(f"{label}: ").bold = True
    para.add_run(value)
    return para


def grey(run: Any) -> None:
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def save(doc: Document, path: str | Path | IO[bytes]) -> None:
    """Write the document; it replaces ``path`` only once it has been reopened whole."""
    verified_save(doc, path)
