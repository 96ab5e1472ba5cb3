"""Stage 1, the shared part: the input read into memory, and the word-source interface with
the page record every backend fills.

The layout stages see only :class:`Word` and :class:`PageWords`, never a PDF library, so a
backend can be swapped (``pdfplumber`` by default, ``pdfium`` for speed) without touching them.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

from ..errors import (
    DamagedPdfError,
    EncryptedPdfError,
    HytedocsError,
    NotAPdfError,
    ResourceLimitError,
)

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


def _page_list(pages: list[int]) -> str:
    """"3, 5-7, 9" from [3, 5, 6, 7, 9]."""
    out: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if p is not None:
            start = prev = p
    return ", ".join(out)
