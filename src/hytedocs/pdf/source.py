"""Stage 1, the shared part: the input read into memory, and the word-source interface with
the page record every backend fills.

The layout stages see only :class:`Word` and :class:`PageWords`, never a PDF library, so a
backend can be swapped (``pdfplumber`` by default, ``pdfium`` for speed) without touching them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Protocol

from ..errors import (
    DamagedPdfError,
    EncryptedPdfError,
    HytedocsError,
    NotAPdfError,
    ResourceLimitError,
)

if TYPE_CHECKING:
    from ..settings import Settings

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
    # The page's text is in fonts without a Unicode map: only (cid:N) codes came out, so its
    # words were dropped (OCR reads the page).
    unmapped: bool = False


UNMAPPED_TEXT = ("the text is in fonts without a Unicode map (only (cid:N) codes come out of "
                 "the PDF)")
_CID_ONLY = re.compile(r"(?:\(cid:[0-9]+\))+")


def drop_unmapped(page: PageWords) -> None:
    """Drop the words of a page whose text is mostly glyph codes without Unicode: "(cid:12)
    (cid:7)" is no text, and counted as text it would hide the page from OCR."""
    if not page.words:
        return
    codes = sum(1 for w in page.words if _CID_ONLY.fullmatch(w.text))
    if codes * 2 > len(page.words):
        page.words = []
        page.unmapped = True


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


def source_name(source: Source) -> str | None:
    """The file name of a source, before anything is read (None for bytes)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return None
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def read_regular_file(
    path: str, limit: int | None, *, error: type[HytedocsError] = NotAPdfError,
    setting: str = "max_file_mb",
) -> bytes:
    """The bytes of the regular file at ``path``, refused past ``limit`` bytes.

    Only a regular file is read: a named pipe would block forever and a device (a symlink to
    /dev/zero) never ends; the file is opened without blocking and checked before a byte is
    read. A file over the limit (a sparse 3 GiB file) is refused by its size, unread.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise error("file not found", file=path) from exc
    except IsADirectoryError as exc:
        raise error("is a directory, not a file", file=path) from exc
    except OSError as exc:
        raise error(f"the file cannot be read ({exc.strerror or exc})", file=path) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error("is a directory, not a file", file=path)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"not a regular file ({_file_kind(info.st_mode)}); only files are read",
                        file=path)
        if limit is not None and info.st_size > limit:
            raise ResourceLimitError(
                f"the file is {info.st_size / 2**20:,.1f} MiB, over the limit of "
                f"{limit / 2**20:g} MiB (settings.{setting})", file=path,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read() if limit is None else fh.read(limit + 1)
    except OSError as exc:
        raise error(f"the file cannot be read ({exc.strerror or exc})", file=path) from exc
    finally:
        if fd >= 0:
            os.close(fd)
    if limit is not None and len(data) > limit:  # it grew while it was read
        raise ResourceLimitError(
            f"the file is over the limit of {limit / 2**20:g} MiB (settings.{setting})",
            file=path,
        )
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_source(source: Source, max_mb: float | None = None) -> OpenedSource:
    """Read a path, bytes or binary file object, and check that it looks like a PDF.

    ``max_mb`` (``settings.max_file_mb``) refuses larger input before it is read; a path must
    name a regular file (see :func:`read_regular_file`).
    """
    limit = None if max_mb is None else int(max_mb * 2**20)
    name: str | None
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        data = read_regular_file(name, limit)
    else:
        name = source_name(source)
        raw: object = source.read() if limit is None else source.read(limit + 1)
        if not isinstance(raw, bytes | bytearray):
            raise NotAPdfError("the file object must be opened in binary mode ('rb')", file=name)
        data = bytes(raw)
    if limit is not None and len(data) > limit:
        raise ResourceLimitError(
            f"the input is over the limit of {limit / 2**20:g} MiB (settings.max_file_mb)",
            file=name,
        )
    if not data or data.isspace():  # isspace(), unlike strip(), copies nothing
        raise NotAPdfError("the file is empty", file=name)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise NotAPdfError("not a PDF (no %PDF- header)", file=name)
    return OpenedSource(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


def set_producer(opened: OpenedSource, producer: str | None, settings: Settings) -> None:
    """The document's Producer as a backend read it, cut to ``settings.max_info_chars``; for
    an information dictionary the stream check found oversized (and hid from the libraries),
    the check's own capped reading."""
    facts = opened.extra.get("scan")
    if getattr(facts, "info_oversized", False):
        producer = getattr(facts, "producer", None)
    opened.producer = producer[: settings.max_info_chars] or None if producer else None


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
