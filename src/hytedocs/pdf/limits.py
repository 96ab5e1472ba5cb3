"""Stage 1, the limits of one parse: the wall-clock :class:`Deadline` of the whole parse, and
the check of the work a file asks for before a PDF library opens it (:mod:`.scan`).

:func:`hytedocs.parse` starts one :class:`Deadline` before it reads the first byte and keeps
it as the current one (a context variable) until the model is made. Every stage looks at it
between units of work with :func:`check_deadline`; in the main thread of a POSIX process a
SIGALRM alarm also stops code that never reaches a check (a page that never finishes). Neither
can cap memory or stop native code; :func:`hytedocs.store.guard.parse_guarded` does that in a
child process. The page count, page area and characters per page are checked as the pages are
read (:mod:`hytedocs.pdf.reader` and the backends).
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading
import time
from collections.abc import Iterator

from ..errors import ParseTimeoutError
from ..settings import Settings
from .source import OpenedSource

# How often the deadline alarm rings again after its first exception was swallowed.
_RING_AGAIN_SECONDS = 0.2

_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "hytedocs_deadline", default=None)


def check_streams(opened: OpenedSource, settings: Settings) -> object:
    """Measure the file's streams, pages and operators against the settings' bounds before a
    PDF library opens it; returns the :class:`~hytedocs.pdf.scan.ScanFacts`."""
    from .scan import check_document

    return check_document(opened, settings)


def current_deadline() -> Deadline | None:
    """The deadline of the parse running in this thread (or task), if any."""
    return _CURRENT.get()


def check_deadline(page: int | None = None, doing: str = "parsing") -> None:
    """Raise :class:`~hytedocs.errors.ParseTimeoutError` when the current parse is out of
    time; a stage calls it between units of work (pages, §s, blocks)."""
    deadline = _CURRENT.get()
    if deadline is not None:
        deadline.doing = doing
        if time.monotonic() > deadline.ends:
            raise deadline.error(page, doing)


class Deadline:
    """The wall-clock limit of one parse, checked between units of work."""

    def __init__(self, max_seconds: float, name: str | None) -> None:
        self.max_seconds = max_seconds
        self.name = name
        self.ends = time.monotonic() + max_seconds
        # The page being read, set by the word source, and the stage at its last check, so
        # that the alarm can name them.
        self.current_page: int | None = None
        self.doing = "reading"

    def check(self, page: int | None = None, doing: str = "reading") -> None:
        self.doing = doing
        if time.monotonic() > self.ends:
            raise self.error(page, doing)

    def error(self, page: int | None = None, doing: str = "reading") -> ParseTimeoutError:
        return ParseTimeoutError(
            f"gave up {doing} after {self.max_seconds:g} s (settings.max_seconds)",
            file=self.name, page=page,
        )

    @contextlib.contextmanager
    def running(self) -> Iterator[Deadline]:
        """Make this the current deadline (for :func:`check_deadline`) and arm its alarm."""
        token = _CURRENT.set(self)
        try:
            with self.alarm():
                yield self
        finally:
            _CURRENT.reset(token)

    @contextlib.contextmanager
    def alarm(self) -> Iterator[None]:
        """Interrupt the code inside when the deadline passes, even in the middle of a page.

        Uses SIGALRM, so it only arms in the main thread of a POSIX process whose SIGALRM is
        not in use by the caller; elsewhere it does nothing and :meth:`check` between pages
        (or :func:`~hytedocs.store.guard.parse_guarded`) has to do.
        """
        if (
            not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN)
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0
        ):
            yield
            return

        def _ring(_signum: int, _frame: object) -> None:
            # An exception raised inside a destructor or callback is swallowed by Python;
            # ringing again until the block is left makes sure one of them gets through.
            signal.setitimer(signal.ITIMER_REAL, _RING_AGAIN_SECONDS)
            raise self.error(self.current_page, self.doing)

        previous = signal.signal(signal.SIGALRM, _ring)
        try:
            signal.setitimer(signal.ITIMER_REAL, max(self.ends - time.monotonic(), 1e-3))
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
