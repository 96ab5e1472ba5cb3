"""Stage 1: PDF -> words. The word sources (backends) and the page record they fill.

The layout stages see only :class:`Word` and :class:`PageWords`, never a PDF library, so a
backend can be swapped (``pdfplumber`` by default, ``pdfium`` for speed) without touching them.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

from .errors import (
    DamagedPdfError,
    EncryptedPdfError,
    NotAPdfError,
    ResourceLimitError,
)
from .settings import Settings
from .text import clean_text

Source = str | os.PathLike[str] | bytes | IO[bytes]


@dataclass(slots=True, frozen=True)
class Word:
    """One word as the PDF draws it. Coordinates are points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    fontname: str
    size: float
    page: int  # 1-based

    @property
    def bold(self) -> bool:
        name = self.fontname.lower()
        return "bold" in name or "black" in name or "heavy" in name or name.endswith(",b")


@dataclass(slots=True)
class PageWords:
    """Everything the layout stages need from one page."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    chars: int = 0
    images: int = 0
    ocr: bool = False
    rotation: int = 0


@dataclass(slots=True)
class OpenedSource:
    """The input, read once into memory so that it can be hashed and reopened by any backend."""

    name: str | None
    data: bytes
    sha256: str
    producer: str | None = None
    page_count: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.name or "<bytes>"


def read_source(source: Source) -> OpenedSource:
    """Read a path, bytes or binary file object, and check that it looks like a PDF."""
    name: str | None
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            with open(name, "rb") as fh:
                data = fh.read()
        except FileNotFoundError as exc:
            raise NotAPdfError("file not found", file=name) from exc
        except IsADirectoryError as exc:
            raise NotAPdfError("is a directory, not a PDF", file=name) from exc
    else:
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        data = source.read()
    if not data.strip():
        raise NotAPdfError("the file is empty", file=name)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise NotAPdfError("not a PDF (no %PDF- header)", file=name)
    return OpenedSource(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


class WordSource(Protocol):
    """A backend: opens the document and yields its pages' words in page order."""

    def pages(self) -> Iterator[PageWords]: ...

    def close(self) -> None: ...


def _pdfminer_cause(exc: BaseException) -> BaseException:
    # pdfplumber wraps every pdfminer error in PdfminerException with the cause in args[0].
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(
        exc.args[0], BaseException
    ):
        return exc.args[0]
    return exc


def classify_open_error(exc: BaseException, name: str | None) -> Exception:
    """Turn a PDF library's exception into one of ours, naming the file."""
    cause = _pdfminer_cause(exc)
    cname = type(cause).__name__
    text = str(cause) or cname
    if "password" in cname.lower() or "encrypt" in text.lower() or "password" in text.lower():
        return EncryptedPdfError(
            "the PDF is encrypted; pass the right password (password=...)", file=name
        )
    if isinstance(cause, RecursionError):
        return DamagedPdfError("the PDF's object tree is self-referencing", file=name)
    if isinstance(cause, MemoryError):
        return ResourceLimitError("out of memory while reading the PDF", file=name)
    return DamagedPdfError(f"the PDF cannot be read ({cname}: {text[:200]})", file=name)


class PdfplumberSource:
    """The default backend: pdfplumber's words with font name and size."""

    def __init__(self, opened: OpenedSource, settings: Settings) -> None:
        import pdfplumber

        self.opened = opened
        self.settings = settings
        try:
            self._pdf = pdfplumber.open(io.BytesIO(opened.data), password=settings.password or "")
            self._pages = self._pdf.pages
        except Exception as exc:  # noqa: BLE001 - every library error becomes a typed one
            raise classify_open_error(exc, opened.name) from exc
        info = self._pdf.metadata or {}
        producer = info.get("Producer")
        opened.producer = clean_text(str(producer)) if producer else None
        opened.page_count = len(self._pages)

    def pages(self) -> Iterator[PageWords]:
        for index, page in enumerate(self._pages, start=1):
            try:
                yield self._read(page, index)
            finally:
                # pdfplumber caches layout objects per page; closing keeps memory flat.
                page.close()

    def _read(self, page: object, number: int) -> PageWords:
        from pdfplumber.page import Page

        assert isinstance(page, Page)
        try:
            words = page.extract_words(
                extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False
            )
            chars = len(page.chars)
            images = len(page.images)
        except Exception as exc:  # noqa: BLE001
            err = classify_open_error(exc, self.opened.name)
            if hasattr(err, "page"):
                err.page = number  # type: ignore[attr-defined]
            raise err from exc
        out = [
            Word(
                text=w["text"],
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
                fontname=str(w.get("fontname") or ""),
                size=float(w.get("size") or 0.0),
                page=number,
            )
            for w in words
        ]
        return PageWords(
            number=number,
            width=float(page.width),
            height=float(page.height),
            words=out,
            chars=chars,
            images=images,
            rotation=int(getattr(page, "rotation", 0) or 0),
        )

    def close(self) -> None:
        self._pdf.close()


def open_word_source(opened: OpenedSource, settings: Settings) -> WordSource:
    """The backend named in the settings."""
    if settings.backend == "pdfium":
        from .pdfium_backend import PdfiumSource

        return PdfiumSource(opened, settings)
    return PdfplumberSource(opened, settings)
