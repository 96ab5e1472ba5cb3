"""Batch, the ``local`` engine: a pebble process pool, and the work one worker does.

A worker that crashes or runs past the timeout is killed and replaced, and only its own file
fails (the standard library's ProcessPoolExecutor fails every task in flight when one worker
dies). Each worker loads the NLP models once, in the pool's initializer.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import gc
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence

from pebble import ProcessExpired, ProcessPool

from ..errors import (
    DamagedPdfError,
    HytedocsError,
    ParseTimeoutError,
    ResourceLimitError,
)
from ..settings import DEFAULT_WORKER_MAX_TASKS, Settings
from .guard import die_with_parent, limit_memory
from .results import FileResult, Job, Payload, _result

# A worker killed by this signal was most likely chosen by the kernel's out-of-memory killer.
_SIGKILL = 9

# The parse checks settings.max_seconds itself and fails with the page it was on; the worker
# is killed only when it overstays that by this much (a page that never returns).
_KILL_GRACE = 5.0

_worker_settings: Settings | None = None

_worker_error: Payload | None = None


def init_worker(settings_json: str) -> None:
    """Pool initializer: read the settings once and load the NLP models once per process.

    An error here (a missing model, say) is kept and returned for every file this worker
    gets: raising would make the pool restart the worker forever.
    """
    global _worker_settings, _worker_error
    # A batch killed by SIGKILL cannot stop its workers, and each would otherwise finish its
    # current file (for up to the timeout) for nobody.
    die_with_parent(os.getppid(), at_once=False)
    try:
        _worker_settings = Settings.model_validate_json(settings_json)
        if _worker_settings.nlp:
            from ..nlp.engine import pipeline
            from ..nlp.taxonomy import load_taxonomy

            # Finnish only: most minutes are Finnish, and the Swedish pipeline is a blank
            # one that loads in a moment when a Swedish document comes.
            pipeline("fi")
            load_taxonomy(_worker_settings.themes_file)
        # After the models: their mapped memory is not this worker's parse budget.
        limit_memory(_worker_settings.max_memory_mb)
        # The models live as long as the worker: keep the collection after each file from
        # walking their objects again and again.
        gc.freeze()
    except Exception as exc:
        _worker_error = _error_payload(exc, None)


def parse_file(path: str) -> Payload:
    """Parse one file in a worker; returns the document's JSON or the error, as plain data."""
    if _worker_error is not None:
        return {**_worker_error, "file": path}
    from ..pipeline import parse

    started = time.perf_counter()
    try:
        minutes = parse(path, settings=_worker_settings or Settings())
        payload: Payload = {
            "ok": True,
            "file": path,
            "json": minutes.model_dump_json(),
            "pages": minutes.source.pages,
        }
        del minutes
    except Exception as exc:
        payload = _error_payload(exc, path)
    _release_memory()
    return {**payload, "seconds": time.perf_counter() - started}


def _release_memory() -> None:
    """Give the memory of the last parse back to the system.

    A big document leaves glibc's heap grown and fragmented; without a trim, a long-running
    worker stays at its largest document's size (measured: 40-70 MB less per worker with the
    Finnish model loaded).
    """
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, say): nothing to trim
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
    return trim


_malloc_trim = _find_malloc_trim()


def _error_payload(exc: BaseException, path: str | None) -> Payload:
    if isinstance(exc, HytedocsError):
        return {
            "ok": False, "file": path, "code": exc.code, "message": exc.reason,
            "page": exc.page, "section": exc.section,
        }
    if isinstance(exc, MemoryError):
        return _error_payload(ResourceLimitError(
            "out of memory (settings.max_memory_mb)", file=path), path)
    if isinstance(exc, RecursionError):
        return _error_payload(DamagedPdfError(
            "the PDF's objects are nested too deeply", file=path), path)
    # Not a HytedocsError: a bug in hytedocs or a library, still one file's failure.
    return {
        "ok": False, "file": path, "code": HytedocsError.code,
        "message": f"{type(exc).__name__}: {exc}", "page": None, "section": None,
    }


def _future_payload(
    future: concurrent.futures.Future[Payload], path: str, timeout: float
) -> Payload:
    """The worker's answer, or the timeout or crash that replaced it, as a payload."""
    try:
        return future.result()
    except concurrent.futures.TimeoutError:
        exc: BaseException = ParseTimeoutError(
            f"no result within {timeout:g} s; the worker was stopped", file=path
        )
    except ProcessExpired as expired:
        if expired.exitcode == -_SIGKILL:
            exc = ResourceLimitError(
                "the worker was killed (SIGKILL, most likely out of memory)", file=path
            )
        else:
            exc = HytedocsError(
                f"the worker process died (exit code {expired.exitcode})", file=path
            )
    except Exception as other:
        exc = other
    return _error_payload(exc, path)


def _pool(workers: int, settings: Settings) -> ProcessPool:
    # spawn, not fork: the parent runs threads (the progress display, Dask's event loop), and
    # forking a threaded process can deadlock the child.
    return ProcessPool(
        max_workers=workers,
        # spaCy's string store grows with every new word it sees; a worker that retires after
        # this many documents keeps a years-long batch from growing without bound.
        max_tasks=DEFAULT_WORKER_MAX_TASKS,
        initializer=init_worker,
        initargs=(settings.model_dump_json(),),
        context=multiprocessing.get_context("spawn"),
    )


def run_local(
    jobs: Sequence[Job], settings: Settings, workers: int, timeout: float
) -> Iterator[FileResult]:
    """Parse ``jobs`` in a pebble pool; yields results as they finish."""
    if not jobs:
        return
    pool = _pool(min(workers, len(jobs)), settings)
    try:
        futures: dict[concurrent.futures.Future[Payload], Job] = {
            pool.schedule(parse_file, args=(str(job.path),), timeout=timeout + _KILL_GRACE): job
            for job in jobs
        }
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            yield _result(job, _future_payload(future, str(job.path), timeout))
    except BaseException:
        # An error, Ctrl-C or an abandoned generator: stop the workers, don't drain the queue.
        pool.stop()  # type: ignore[no-untyped-call]
        raise
    else:
        pool.close()  # type: ignore[no-untyped-call]
    finally:
        pool.join()
