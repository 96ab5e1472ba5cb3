"""The whole parse, one stage after another: PDF -> words -> lines -> blocks -> sections ->
fields -> models. Each stage lives in its own package (pdf/, structure/, nlp/); this one only
wires them."""

from __future__ import annotations

from typing import Any

from .errors import HytedocsError, NoTextLayerError
from .models import Minutes, Source, Warning_
from .pdf.limits import Deadline, check_deadline
from .pdf.noise import captured
from .pdf.reader import read_pages
from .pdf.source import UNMAPPED_TEXT, _page_list, source_name
from .pdf.source import Source as InputSource
from .settings import Backend, Settings
from .structure import annotate_section, check_minutes, layout, meeting, sections
from .structure.lines import Line, words_to_lines
from .structure.relevance import require_minutes


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    base = settings or Settings()
    given = {k: v for k, v in overrides.items() if v is not None}
    return base.model_copy(update=given) if given else base


def parse(
    source: InputSource,
    *,
    settings: Settings | None = None,
    nlp: bool | None = None,
    backend: Backend | None = None,
    password: str | None = None,
) -> Minutes:
    """Parse one minutes or agenda PDF into a validated :class:`~hytedocs.models.Minutes`.

    ``source`` is a path, ``bytes`` or a binary file object. ``nlp``, ``backend`` and
    ``password`` override the same fields of ``settings``. Raises a subclass of
    :class:`~hytedocs.errors.HytedocsError` for input that cannot be parsed; problems that
    leave a usable result are listed in ``Minutes.warnings`` instead.

    One clock (``settings.max_seconds``) covers the whole parse, from the first byte read to
    the model; the file's size, streams, operators and pages are bounded by the settings
    before a PDF library opens it (README, "Bad input"). What the PDF libraries log is one
    ``library_warnings`` warning of the result.
    """
    cfg = _settings(settings, {"nlp": nlp, "backend": backend, "password": password})
    with Deadline(cfg.max_seconds, source_name(source)).running(), captured() as noise:
        minutes = _parse(source, cfg)
        said = noise.warning()
        if said is not None:
            minutes.warnings.append(said)
    return minutes


def _parse(source: InputSource, cfg: Settings) -> Minutes:
    opened, pages = read_pages(source, cfg)
    name = opened.name
    warnings: list[Warning_] = []
    from .pdf.ocr import review_pages  # garbled text layers, and OCR when settings.ocr

    warnings.extend(review_pages(opened, pages, cfg))

    page_lines: list[list[Line]] = []
    next_id = 0
    for page in pages:
        check_deadline(page.number, doing="making lines")
        lines = words_to_lines(page, cfg, next_id)
        next_id += len(lines) + 1
        page_lines.append(lines)

    empty = [p.number for p, ls in zip(pages, page_lines, strict=True) if not ls]
    if len(empty) == len(pages):
        if any(p.unmapped for p in pages):
            raise NoTextLayerError(f"{UNMAPPED_TEXT}; read it with OCR: ocr=True or --ocr",
                                   file=name)
        if any(p.images for p in pages):
            raise NoTextLayerError(
                "no page has a text layer (scanned?); read it with OCR: ocr=True or --ocr, "
                "with tesseract installed (hytedocs[ocr])",
                file=name,
            )
        raise NoTextLayerError("the PDF has no text and no images", file=name)
    scanned = [p.number for p, ls in zip(pages, page_lines, strict=True) if not ls and p.images]
    if scanned:
        warnings.append(Warning_(
            code="scanned_pages",
            message=(f"pages without a text layer were skipped (OCR reads them: ocr=True or "
                     f"--ocr): {_page_list(scanned)}"),
            page=scanned[0],
        ))
    require_minutes(pages, opened, cfg)

    try:
        content, running = layout.remove_running_lines(page_lines, pages, cfg)
        doc = layout.analyse(content, pages, cfg, running)
        info = meeting.lines_to_meeting(content, doc)
        check_deadline(doing="finding the §s")
        secs, appeal, sec_warnings = sections.lines_to_sections(content, doc, cfg, info)
        warnings.extend(sec_warnings)
        for sec in secs:
            check_deadline(sec.pages[0] if sec.pages else None, doing="reading the §s")
            annotate_section(sec, info)
    except HytedocsError as exc:
        if exc.file is None:
            exc.file = name
            exc.args = (exc._format(),)
        raise

    minutes = Minutes(
        source=Source(
            file=name, sha256=opened.sha256, pages=len(pages), producer=opened.producer
        ),
        kind=info.kind,
        language=info.language,
        meeting=info.meeting,
        sections=secs,
        appeal=appeal,
        warnings=warnings + info.warnings,
    )
    check_minutes(minutes)
    ocr_pages = {p.number for p in pages if p.ocr}  # before the pages are released
    if ocr_pages:
        from .pdf.ocr import mark_ocr_blocks

        mark_ocr_blocks(minutes, ocr_pages)
    if cfg.nlp:
        from .nlp import annotate_minutes

        # The words and lines of every page are no longer needed; let them go before the
        # language model's own memory peak.
        del pages, page_lines, content, running, doc
        check_deadline(doing="tagging themes")
        annotate_minutes(minutes, cfg)
    return minutes
