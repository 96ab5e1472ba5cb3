"""Stage 1: what the PDF libraries say while they read a file, kept as one warning on the
result instead of lines on stderr.

pdfminer logs a warning for every oddity it recovers from (one per font resource, one per
broken object), pdfplumber and pypdfium2 log or warn too (and so does hytedocs' own font
check); with no logging configured Python prints each of them on stderr, so a file with
10,000 odd fonts printed 10,000 lines. During a parse every record of these loggers goes to
the parse's :class:`Noise` (a context variable, so parses in other threads keep theirs apart)
and ends as one ``library_warnings`` warning. Handlers an application configured on the root
logger still receive the records.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import threading
import warnings
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..models import Warning_

LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "fontTools", "hytedocs")
# How many distinct messages the warning quotes, and how much of each.
_QUOTED = 3
_MESSAGE_CHARS = 160
# Distinct messages kept per parse (a hostile file can make every one unique).
_MAX_DISTINCT = 1000

_CURRENT: contextvars.ContextVar[Noise | None] = contextvars.ContextVar(
    "hytedocs_noise", default=None)
_installed = threading.Lock()
_ready = False
_show_original: Any = None


class Noise:
    """The messages of one parse, counted by (library, message)."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.total = 0

    def add(self, library: str, message: str) -> None:
        self.total += 1
        key = (library, " ".join(message.split())[:_MESSAGE_CHARS])
        if key in self.counts or len(self.counts) < _MAX_DISTINCT:
            self.counts[key] += 1

    def warning(self) -> Warning_ | None:
        """One warning that sums them up, or None when the libraries said nothing."""
        if not self.total:
            return None
        by_library = Counter[str]()
        for (library, _), n in self.counts.items():
            by_library[library] += n
        who = ", ".join(f"{lib} {n}" for lib, n in by_library.most_common())
        quoted = "; ".join(f"{lib}: {msg!r}" + (f" ({n}x)" if n > 1 else "")
                           for (lib, msg), n in self.counts.most_common(_QUOTED))
        return Warning_(
            code="library_warnings",
            message=f"{self.total} warning{'s' if self.total > 1 else ''} while the PDF was "
            f"read ({who}), e.g. {quoted}",
        )


class _Router(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        noise = _CURRENT.get()
        if noise is None:
            return  # outside a parse: dropped here (the root logger's handlers still run)
        try:
            message = record.getMessage()
        except Exception:  # a library's bad format string is still one message
            message = str(record.msg)
        noise.add(record.name.split(".")[0], message)


def _show(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
          line: Any = None) -> None:
    noise = _CURRENT.get()
    parts = set(os.path.normpath(filename).split(os.sep))
    library = next((lib for lib in LIBRARIES if lib in parts), None)
    if noise is not None and library is not None:
        noise.add(library, str(message))
        return
    _show_original(message, category, filename, lineno, file, line)


def _install() -> None:
    global _ready, _show_original
    with _installed:
        if _ready:
            return
        router = _Router(logging.WARNING)
        for name in LIBRARIES:
            logging.getLogger(name).addHandler(router)
        _show_original = warnings.showwarning
        warnings.showwarning = _show
        _ready = True


@contextlib.contextmanager
def captured() -> Iterator[Noise]:
    """Collect the libraries' log records and warnings of the code inside."""
    _install()
    noise = Noise()
    token = _CURRENT.set(noise)
    try:
        yield noise
    finally:
        _CURRENT.reset(token)
