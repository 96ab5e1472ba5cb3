"""Stage 1: PDF -> words. The default backend (pdfplumber) and the choice of backend.

The page record and the interface every backend fills are in :mod:`hytedocs.pdf.source`; the
fast backend (pypdfium2, loaded only when chosen) is :mod:`hytedocs.pdf.pdfium_backend`.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from ..errors import DamagedPdfError, ResourceLimitError
from ..settings import Settings
from ..text import clean_text
from .source import (
    OpenedSource,
    PageWords,
    Word,
    WordSource,
    classify_open_error,
    set_producer,
)


class PdfplumberSource:
    """The default backend: pdfplumber's words with font name and size."""

    def __init__(self, opened: OpenedSource, settings: Settings) -> None:
        import pdfplumber

        self.opened = opened
        self.settings = settings
        try:
            self._pdf = pdfplumber.open(io.BytesIO(opened.data), password=settings.password or "")
        except Exception as exc:  # every library error becomes a typed one
            raise classify_open_error(
                exc, opened.name, password=bool(settings.password)
            ) from exc
        try:
            self._pages = self._pdf.pages
            info = self._pdf.metadata or {}
        except Exception as exc:  # every library error becomes a typed one
            self.close()
            raise classify_open_error(
                exc, opened.name, password=bool(settings.password)
            ) from exc
        producer = info.get("Producer") if isinstance(info, dict) else None
        set_producer(opened, clean_text(_as_text(producer)) if producer else None, settings)
        opened.page_count = len(self._pages)
        if opened.page_count == 0:
            self.close()
            raise DamagedPdfError(
                "the PDF has no pages (broken cross-reference table?)", file=opened.name
            )

    def pages(self) -> Iterator[PageWords]:
        deadline = self.opened.extra.get("deadline")
        for index, page in enumerate(self._pages, start=1):
            if deadline is not None:
                deadline.current_page = index  # type: ignore[attr-defined]
            try:
                yield self._read(page, index)
            finally:
                # pdfplumber caches layout objects per page; closing keeps memory flat.
                page.close()

    def _read(self, page: object, number: int) -> PageWords:
        from pdfplumber.page import Page

        assert isinstance(page, Page)
        name = self.opened.name
        try:
            width, height = float(page.width), float(page.height)
            # Checked before pdfminer lays the page out: a huge page can hold huge content.
            if not (width * height <= self.settings.max_page_area):
                raise ResourceLimitError(
                    f"page area {width:.0f} x {height:.0f} pt is over the limit of "
                    f"{self.settings.max_page_area:.0f} pt²",
                    file=name, page=number,
                )
            chars = len(page.chars)
            if chars > self.settings.max_chars_per_page:
                raise ResourceLimitError(
                    f"{chars} characters on one page is over the limit of "
                    f"{self.settings.max_chars_per_page}",
                    file=name, page=number,
                )
            words = page.extract_words(
                extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False
            )
            images = len(page.images)
            rotation = int(getattr(page, "rotation", 0) or 0)
            out = [
                Word(
                    text=str(w["text"]),
                    x0=float(w["x0"]),
                    x1=float(w["x1"]),
                    top=float(w["top"]),
                    bottom=float(w["bottom"]),
                    fontname=_as_text(w.get("fontname")),
                    size=float(w.get("size") or 0.0),
                    page=number,
                )
                for w in words
            ]
        except Exception as exc:  # every library error becomes a typed one
            raise classify_open_error(exc, name, page=number) from exc
        return PageWords(
            number=number,
            width=width,
            height=height,
            words=out,
            chars=chars,
            images=images,
            rotation=rotation,
        )

    def close(self) -> None:
        # pdfplumber's close() walks the page tree again, so on a broken file it raises the
        # error that made the caller close it; that error is already being reported.
        with contextlib.suppress(Exception):
            self._pdf.close()


def _as_text(value: object) -> str:
    """A metadata or font name as text: pdfminer gives bytes, PSLiteral or str."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    name = getattr(value, "name", None)
    if isinstance(name, str | bytes):
        return _as_text(name)
    return str(value)


def open_word_source(opened: OpenedSource, settings: Settings) -> WordSource:
    """The backend named in the settings."""
    if settings.backend == "pdfium":
        from .pdfium_backend import PdfiumSource

        return PdfiumSource(opened, settings)
    return PdfplumberSource(opened, settings)
