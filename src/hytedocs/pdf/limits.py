"""Stage 1, the limits of one parse: decompression bombs refused before a PDF library
inflates them, and the wall-clock :class:`Deadline`.

Plain :func:`hytedocs.parse` keeps a :class:`Deadline`: checked between pages, and, in the main
thread of a POSIX process, a SIGALRM alarm that stops a page that never finishes. Neither can
cap memory or stop native code; :func:`hytedocs.store.guard.parse_guarded` does that in a child
process. The page count, page area and characters per page are checked as the pages are read
(:mod:`hytedocs.pdf.reader` and the backends).
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
import zlib
from collections.abc import Iterator

from ..errors import ParseTimeoutError, ResourceLimitError
from ..settings import Settings
from .source import OpenedSource

# How often the deadline alarm rings again after its first exception was swallowed.
_RING_AGAIN_SECONDS = 0.2

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
    :mod:`hytedocs.store.guard`.
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


class Deadline:
    """The wall-clock limit of one parse, checked between units of work (pages)."""

    def __init__(self, max_seconds: float, name: str | None) -> None:
        self.max_seconds = max_seconds
        self.name = name
        self.ends = time.monotonic() + max_seconds
        # The page being read, set by the word source, so that the alarm can name it.
        self.current_page: int | None = None

    def check(self, page: int | None = None, doing: str = "reading") -> None:
        if time.monotonic() > self.ends:
            raise self.error(page, doing)

    def error(self, page: int | None = None, doing: str = "reading") -> ParseTimeoutError:
        return ParseTimeoutError(
            f"gave up {doing} after {self.max_seconds:g} s (settings.max_seconds)",
            file=self.name, page=page,
        )

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
            raise self.error(self.current_page)

        previous = signal.signal(signal.SIGALRM, _ring)
        try:
            signal.setitimer(signal.ITIMER_REAL, max(self.ends - time.monotonic(), 1e-3))
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
