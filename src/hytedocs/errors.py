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
    code = "not_a_pdf"
    exit_code = 3


class EncryptedPdfError(HytedocsError):
    code = "encrypted"
    exit_code = 4


class DamagedPdfError(HytedocsError):
    code = "damaged"
    exit_code = 5


class NoTextLayerError(HytedocsError):
    code = "no_text_layer"
    exit_code = 6


class ParseTimeoutError(HytedocsError):
    code = "timeout"
    exit_code = 7


class ResourceLimitError(HytedocsError):
    code = "resource_limit"
    exit_code = 8


class NotMinutesError(HytedocsError):
    code = "not_minutes"
    exit_code = 9


class DependencyError(HytedocsError):
    """An optional system dependency (voikko, tesseract, the spaCy model) is missing."""

    code = "missing_dependency"
    exit_code = 10


ALL_ERRORS: tuple[type[HytedocsError], ...] = (
    NotAPdfError,
    EncryptedPdfError,
    DamagedPdfError,
    NoTextLayerError,
    ParseTimeoutError,
    ResourceLimitError,
    NotMinutesError,
    DependencyError,
)
