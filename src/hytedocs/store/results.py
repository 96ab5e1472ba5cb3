"""Batch results: what a worker sends back (plain data), each file's outcome and the report of
one run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ALL_ERRORS, HytedocsError

Payload = dict[str, Any]

ResultCallback = Callable[["FileResult"], None]


def error_from_payload(payload: Payload) -> HytedocsError:
    """The typed error a worker reported (its class found by code)."""
    by_code = {cls.code: cls for cls in ALL_ERRORS}
    cls = by_code.get(str(payload.get("code")), HytedocsError)
    return cls(
        str(payload.get("message")), file=payload.get("file"), page=payload.get("page"),
        section=payload.get("section"),
    )


@dataclass(slots=True)
class FileResult:
    """One input file's outcome: the document's JSON, or the typed error."""

    file: str
    sha256: str | None
    json: str | None = None
    pages: int = 0
    seconds: float = 0.0
    error: HytedocsError | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class BatchReport:
    """What one run did. ``failures`` holds this run's failed files only."""

    files: int = 0
    skipped: int = 0
    parsed: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def failure_codes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.failures:
            code = f.error.code if f.error else HytedocsError.code
            counts[code] = counts.get(code, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class Job:
    path: Path
    sha256: str | None


def _result(job: Job, payload: Payload) -> FileResult:
    if payload.get("ok"):
        return FileResult(
            file=str(job.path), sha256=job.sha256, json=payload["json"],
            pages=int(payload["pages"]), seconds=float(payload.get("seconds", 0.0)),
        )
    return FileResult(
        file=str(job.path), sha256=job.sha256, seconds=float(payload.get("seconds", 0.0)),
        error=error_from_payload({**payload, "file": str(job.path)}),
    )
