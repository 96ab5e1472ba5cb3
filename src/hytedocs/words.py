"""Stage 1: PDF -> words. The word sources (backends) and the page record they fill.

The layout stages see only :class:`Word` and :class:`PageWords`, never a PDF library, so a
backend can be swapped (``pdfplumber`` by default, ``pdfium`` for speed) without touching them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

from .errors import (
    DamagedPdfError,
    EncryptedPdfError,
    HytedocsError,
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
        return font_is_bold(self.fontname)


@functools.lru_cache(maxsize=4096)  # a document has a handful of fonts and many words
def font_is_bold(fontname: str) -> bool:
    """Whether a font name says bold ("Calibri-Bold", "Verdana,Bold", "Arial Black")."""
    name = fontname.lower()
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
        except OSError as exc:
            raise NotAPdfError(f"the file cannot be read ({exc.strerror or exc})",
                               file=name) from exc
    else:
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        raw: object = source.read()
        if not isinstance(raw, bytes | bytearray):
            raise NotAPdfError("the file object must be opened in binary mode ('rb')", file=name)
        data = bytes(raw)
    if not data.strip():
        raise NotAPdfError("the file is empty", file=name)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise NotAPdfError("not a PDF (no %PDF- header)", file=name)
    return OpenedSource(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


def looks_truncated(opened: OpenedSource) -> bool:
    """True when the file does not end with ``%%EOF``: pdfminer then rebuilds what it can
    find, so pages or text may be missing without any error."""
    return b"%%EOF" not in opened.data[-1024:]


class WordSource(Protocol):
    """A backend: opens the document and yields its pages' words in page order."""

    def pages(self) -> Iterator[PageWords]: ...

    def close(self) -> None: ...


def _pdfminer_cause(exc: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's errors in PdfminerException (and a RecursionError while
    # opening in MalformedPDFException), with the cause in args[0].
    if (
        type(exc).__name__ in ("PdfminerException", "MalformedPDFException")
        and exc.args
        and isinstance(exc.args[0], BaseException)
    ):
        return exc.args[0]
    return exc


def classify_open_error(
    exc: BaseException, name: str | None, *, page: int | None = None, password: bool = False
) -> Exception:
    """Turn a PDF library's exception into one of ours, naming the file (and page if known).

    ``password`` says whether the caller gave a password, so that a wrong one and a missing
    one get different messages.
    """
    cause = _pdfminer_cause(exc)
    if isinstance(cause, HytedocsError):  # our own (a deadline alarm) through pdfplumber
        if page is not None and cause.page is None:
            cause.page = page
            cause.args = (cause._format(),)
        return cause
    cname = type(cause).__name__
    text = str(cause)
    lowered = text.lower()
    if cname == "PDFPasswordIncorrect" or (
        "password" in cname.lower() and not isinstance(cause, RecursionError | MemoryError)
    ):
        # pdfminer raises this with an empty message (AES-256 included).
        reason = (
            "the password is wrong"
            if password
            else "the PDF is encrypted; pass its password (password=... or --password)"
        )
        return EncryptedPdfError(reason, file=name, page=page)
    if cname == "PDFEncryptionError" or "encrypt" in lowered:
        return EncryptedPdfError(
            f"the PDF's encryption is not supported ({text[:200] or cname})", file=name, page=page
        )
    if isinstance(cause, RecursionError) or "recursion depth" in lowered:
        return DamagedPdfError(
            "the PDF's object tree is self-referencing or nested too deeply", file=name, page=page
        )
    if isinstance(cause, MemoryError):
        return ResourceLimitError("out of memory while reading the PDF", file=name, page=page)
    return DamagedPdfError(
        f"the PDF cannot be read ({cname}: {text[:200] or 'no message'})", file=name, page=page
    )


# A single stream may inflate to at most this share of the memory budget: pdfminer holds the
# raw and the inflated bytes together with the objects parsed from them, so the inflated
# stream must stay a fraction of the whole.
STREAM_SHARE_OF_MEMORY = 8
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_INFLATE_CHUNK = 1 << 20
# DEFLATE's largest possible expansion (a 258-byte match per two bits, RFC 1951): a stream
# shorter than limit / this cannot be a bomb, so it need not be inflated to know it.
_DEFLATE_MAX_RATIO = 1032


def _inflated_size(data: bytes, start: int, end: int, limit: int) -> int:
    """Bytes that a Flate stream at ``data[start:end]`` inflates to, counted up to ``limit``
    without keeping them; 0 for a stream that is not Flate-compressed."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        for pos in range(start, end, _INFLATE_CHUNK):
            out = inflater.decompress(data[pos : min(pos + _INFLATE_CHUNK, end)], _INFLATE_CHUNK)
            total += len(out)
            while inflater.unconsumed_tail and not inflater.eof and total <= limit:
                out = inflater.decompress(inflater.unconsumed_tail, _INFLATE_CHUNK)
                if not out:
                    break  # no progress: zlib wants more input
                total += len(out)
            if total > limit or inflater.eof:
                break
    except zlib.error:
        pass  # not Flate, or corrupt: pdfminer decides what to make of it
    return total


def check_streams(opened: OpenedSource, settings: Settings) -> None:
    """Refuse decompression bombs before a PDF library inflates them.

    Every stream is inflated once, in chunks that are counted and dropped, so a 1 MiB stream
    that inflates to 1 GiB costs a fraction of a second here instead of gigabytes of memory
    in pdfminer. Only Flate is checked; other filters are left to the memory rlimit of
    :mod:`hytedocs.guard`.
    """
    limit = settings.max_memory_mb * 1024 * 1024 // STREAM_SHARE_OF_MEMORY
    data = opened.data
    pos = 0
    while (match := _STREAM_START.search(data, pos)) is not None:
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        if (end - start) * _DEFLATE_MAX_RATIO <= limit:
            pos = max(end, start)
            continue
        size = _inflated_size(data, start, end, limit)
        if size > limit:
            raise ResourceLimitError(
                f"a compressed stream at byte {start} inflates to over {limit // 2**20} MiB "
                "(decompression bomb?)",
                file=opened.name,
            )
        pos = max(end, start)


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
        opened.producer = clean_text(_as_text(producer)) or None if producer else None
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
