"""Typed errors. Every message names the file, and the page and § where they are known."""

from __future__ import annotations


class HytedocsError(Exception):
    """Base class of every error hytedocs raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        page: int | None = None,
        section: int | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.page = page
        self.section = section
        super().__init__(self._format())

    def _format(self) -> str:
        where = [self.file or "<input>"]
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.section is not None:
            where.append(f"§ {self.section}")
        return f"{', '.join(where)}: {self.reason}"


class NotAPdfError(HytedocsError):
    """The input is missing, empty, or not a PDF (no ``%PDF-`` header)."""

    code = "not_a_pdf"
    exit_code = 3


class EncryptedPdfError(HytedocsError):
    """The PDF is encrypted and no password, or the wrong one, was given; or its encryption is not
    supported."""

    code = "encrypted"
    exit_code = 4


class DamagedPdfError(HytedocsError):
    """The PDF is broken beyond recovery: no pages, a self-referencing or too deeply nested object
    tree, or data the PDF library cannot read."""

    code = "damaged"
    exit_code = 5


class NoTextLayerError(HytedocsError):
    """No page has text: a scanned file without OCR (``settings.ocr``), or blank pages."""

    code = "no_text_layer"
    exit_code = 6


class ParseTimeoutError(HytedocsError):
    """The parse took longer than ``settings.max_seconds``."""

    code = "timeout"
    exit_code = 7


class ResourceLimitError(HytedocsError):
    """A limit in the settings was hit: pages, page area, characters per page, a decompression
    bomb, or memory (``max_memory_mb``)."""

    code = "resource_limit"
    exit_code = 8


class NotMinutesError(HytedocsError):
    """A valid PDF that is not minutes or an agenda."""

    code = "not_minutes"
    exit_code = 9


class DependencyError(HytedocsError):
    """An optional system dependency (voikko, tesseract, the spaCy model) is missing."""

    code = "missing_dependency"
    exit_code = 10


class InvalidInputError(HytedocsError):
    """An input other than the PDF is not what it should be: a Word template that is too big,
    a zip bomb or declares a DTD or entities; a JSON file too big or not a parse result; an
    SQLite file that is not a hytedocs archive, or an archive row that does not read back."""

    code = "invalid_input"
    exit_code = 11


ALL_ERRORS: tuple[type[HytedocsError], ...] = (
    NotAPdfError,
    EncryptedPdfError,
    DamagedPdfError,
    NoTextLayerError,
    ParseTimeoutError,
    ResourceLimitError,
    NotMinutesError,
    DependencyError,
    InvalidInputError,
)
