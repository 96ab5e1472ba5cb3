"""Batch parsing: many PDFs into one archive, in parallel, resumable, one bad file never
stopping the others.

The parent process finds the inputs, skips the ones whose sha256 the archive holds, hands
the rest to an engine and writes each result as it arrives (one transaction per document).
Engines:

* ``local``: a pebble process pool. A worker that crashes or runs past the timeout is killed
  and replaced, and only its own file fails (the standard library's ProcessPoolExecutor
  fails every task in flight when one worker dies). Each worker loads the NLP models once, in
  the pool's initializer.
* ``dask``: the same work on a Dask distributed cluster (``hytedocs[dask]``). A
  ``WorkerPlugin`` gives every Dask worker a one-process pebble pool with the models loaded
  once; each task runs its parse there under the timeout, so a hanging or crashing parse
  never takes the Dask worker (and the unrelated tasks it holds) down with it.

Workers send back the document's JSON, never live objects, so the transport is the same
for both engines and nothing but plain data is pickled.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import gc
import glob
import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from pebble import ProcessExpired, ProcessPool

from .errors import (
    ALL_ERRORS,
    DamagedPdfError,
    HytedocsError,
    ParseTimeoutError,
    ResourceLimitError,
)
from .guard import limit_memory
from .settings import DEFAULT_WORKER_MAX_TASKS, Settings

if TYPE_CHECKING:
    from .archive import Archive

Engine = Literal["local", "dask"]

PDF_SUFFIX = ".pdf"
_GLOB_CHARS = frozenset("*?[")
# A worker killed by this signal was most likely chosen by the kernel's out-of-memory killer.
_SIGKILL = 9
_HASH_CHUNK = 1 << 20
_PLUGIN_NAME = "hytedocs-parse"
# The parse checks settings.max_seconds itself and fails with the page it was on; the worker
# is killed only when it overstays that by this much (a page that never returns).
_KILL_GRACE = 5.0
_PARENT_POLL_SECONDS = 0.5

Payload = dict[str, Any]
ResultCallback = Callable[["FileResult"], None]


# --- inputs ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Inputs:
    """What the INPUT arguments name: the files to parse, and patterns that matched nothing."""

    files: list[Path] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def discover_inputs(inputs: Sequence[str | os.PathLike[str]]) -> Inputs:
    """Expand folders (recursively, ``*.pdf``), globs and list files into PDF paths.

    A list file is any named file that is neither a ``.pdf`` nor starts like a PDF: one path,
    folder or glob a line, relative to the list's folder, ``#`` starting a comment. A path that
    does not exist is kept, so that the batch records it as a failure instead of forgetting it.
    Paths are made absolute and given once, in input order (folders and globs sorted).
    """
    found = Inputs()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        path = path.absolute()
        if path not in seen:
            seen.add(path)
            found.files.append(path)

    def expand(item: str, base: Path | None, allow_list: bool) -> None:
        path = Path(item) if base is None or os.path.isabs(item) else base / item
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() == PDF_SUFFIX and child.is_file():
                    add(child)
        elif path.is_file():
            if allow_list and path.suffix.lower() != PDF_SUFFIX and not _looks_like_pdf(path):
                for line in path.read_text(encoding="utf-8").splitlines():
                    entry = line.strip()
                    if entry and not entry.startswith("#"):
                        expand(entry, path.parent, allow_list=False)
            else:
                add(path)
        elif _GLOB_CHARS & set(str(path)):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                found.unmatched.append(item)
            for match in matches:
                expand(match, None, allow_list=False)
        else:
            add(path)

    for item in inputs:
        expand(os.fspath(item), None, allow_list=True)
    return found


def _looks_like_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def file_sha256(path: Path) -> str:
    """The same digest ``parse`` stores in ``Minutes.source.sha256``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- the work one worker does ---------------------------------------------------------------

_worker_settings: Settings | None = None
_worker_error: Payload | None = None


def init_worker(settings_json: str) -> None:
    """Pool initializer: read the settings once and load the NLP models once per process.

    An error here (a missing model, say) is kept and returned for every file this worker
    gets: raising would make the pool restart the worker forever.
    """
    global _worker_settings, _worker_error
    _exit_with_parent()
    try:
        _worker_settings = Settings.model_validate_json(settings_json)
        if _worker_settings.nlp:
            from .nlp.engine import pipeline
            from .nlp.taxonomy import load_taxonomy

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


def _exit_with_parent() -> None:
    """Exit when the process that started this worker is gone.

    A batch killed by SIGKILL cannot stop its workers, and each would otherwise finish its
    current file (for up to the timeout) for nobody.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="hytedocs-parent-watch", daemon=True).start()


def parse_file(path: str) -> Payload:
    """Parse one file in a worker; returns the document's JSON or the error, as plain data."""
    if _worker_error is not None:
        return {**_worker_error, "file": path}
    from .pipeline import parse

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


def error_from_payload(payload: Payload) -> HytedocsError:
    """The typed error a worker reported (its class found by code)."""
    by_code = {cls.code: cls for cls in ALL_ERRORS}
    cls = by_code.get(str(payload.get("code")), HytedocsError)
    return cls(
        str(payload.get("message")), file=payload.get("file"), page=payload.get("page"),
        section=payload.get("section"),
    )


# --- results --------------------------------------------------------------------------------


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


# --- engines --------------------------------------------------------------------------------


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


def _dask_task(path: str, timeout: float) -> Payload:
    """One Dask task: the guarded parse in this worker's pebble process."""
    from distributed import get_worker

    plugin = get_worker().plugins[_PLUGIN_NAME]
    pool: ProcessPool = plugin.pool  # type: ignore[attr-defined]
    future = pool.schedule(parse_file, args=(path,), timeout=timeout + _KILL_GRACE)
    return _future_payload(future, path, timeout)


def _worker_plugin(settings_json: str) -> Any:
    """A WorkerPlugin that gives each Dask worker a one-process pool with the models loaded."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class ParsePlugin(WorkerPlugin):
        name = _PLUGIN_NAME

        def __init__(self, settings_json: str) -> None:
            self.settings_json = settings_json
            self.pool: ProcessPool | None = None

        def setup(self, worker: Any) -> None:
            self.pool = ProcessPool(
                max_workers=1,
                initializer=init_worker,
                initargs=(self.settings_json,),
                context=multiprocessing.get_context("spawn"),
            )

        def teardown(self, worker: Any) -> None:
            if self.pool is not None:
                self.pool.stop()  # type: ignore[no-untyped-call]
                self.pool.join()

    return ParsePlugin(settings_json)


def _daemonic() -> bool:
    return bool(multiprocessing.current_process().daemon)


def run_dask(
    jobs: Sequence[Job],
    settings: Settings,
    workers: int,
    timeout: float,
    scheduler: str | None = None,
) -> Iterator[FileResult]:
    """Parse ``jobs`` on a Dask cluster (a LocalCluster when no scheduler address is given).

    The workers must see the same paths (a shared file system) and have hytedocs installed.
    """
    if not jobs:
        return
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        from .errors import DependencyError

        raise DependencyError(
            "the dask engine needs the dask extra: pip install 'hytedocs[dask]'"
        ) from exc

    # Dask starts its worker processes as daemons by default, and a daemon may not start the
    # pebble process that guards each parse. Kept for the whole run: a worker the nanny
    # restarts reads the configuration again.
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = (
            None if scheduler else LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=min(workers, len(jobs)), threads_per_worker=1, processes=True,
                dashboard_address=None,
            )
        )
        client = Client(scheduler or cluster)  # type: ignore[no-untyped-call]
        try:
            if any(client.run(_daemonic).values()):
                raise HytedocsError(
                    "the Dask workers run as daemon processes and cannot start the parse "
                    "process; set distributed.worker.daemon to false in their configuration",
                    file=scheduler,
                )
            plugin = _worker_plugin(settings.model_dump_json())
            client.register_plugin(plugin, name=_PLUGIN_NAME)
            futures = {
                client.submit(_dask_task, str(job.path), timeout, pure=False, retries=0): job
                for job in jobs
            }
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                job = futures[future]
                try:
                    payload: Payload = future.result()
                except Exception as exc:  # a lost worker: this file fails, the others go on
                    payload = _error_payload(exc, str(job.path))
                yield _result(job, payload)
        finally:
            client.close()  # type: ignore[no-untyped-call]
            if cluster is not None:
                cluster.close()


# --- the batch ------------------------------------------------------------------------------


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_batch(
    inputs: Sequence[str | os.PathLike[str]] | Inputs,
    *,
    archive: Archive | None = None,
    jsonl: IO[str] | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
    timeout: float | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_result: ResultCallback | None = None,
) -> BatchReport:
    """Parse every input into ``archive`` (an :class:`~hytedocs.archive.Archive`) and/or
    ``jsonl``, skipping the files whose sha256 the archive holds unless ``force``.

    ``timeout`` defaults to ``settings.max_seconds``. ``on_start`` gets the number of files
    to parse, ``on_result`` every :class:`FileResult` (skipped files included) as it arrives.
    Failures are stored in the archive's ``failures`` table and listed in the report.

    The local engine starts its workers with the ``spawn`` method, so a script that calls this
    must guard its entry point with ``if __name__ == "__main__":``.
    """
    cfg = settings or Settings()
    limit = cfg.max_seconds if timeout is None else timeout
    cfg = cfg.model_copy(update={"max_seconds": limit})
    found = inputs if isinstance(inputs, Inputs) else discover_inputs(inputs)
    store = archive
    known = store.known_hashes() if store is not None and not force else set()

    report = BatchReport(files=len(found.files))
    started = time.perf_counter()

    def record(result: FileResult) -> None:
        if result.skipped:
            report.skipped += 1
        elif result.ok:
            report.parsed += 1
            report.pages += result.pages
        else:
            report.failures.append(result)
        if not result.skipped:
            _store(result, store, jsonl, replace=force)
        if on_result is not None:
            on_result(result)

    jobs: list[Job] = []
    queued: set[str] = set()
    early: list[FileResult] = []
    for path in found.files:
        try:
            sha = file_sha256(path)
        except OSError:
            # parse() names the problem (missing, a folder, unreadable) in the worker.
            jobs.append(Job(path, None))
            continue
        if sha in known or sha in queued:
            early.append(FileResult(file=str(path), sha256=sha, skipped=True))
        else:
            queued.add(sha)
            jobs.append(Job(path, sha))

    # Largest first: a big file started last would leave the other workers idle at the end.
    jobs.sort(key=_size, reverse=True)
    if on_start is not None:
        on_start(len(found.files))
    for result in early:
        record(result)
    n = workers or default_workers()
    results = (
        run_dask(jobs, cfg, n, limit, scheduler) if engine == "dask"
        else run_local(jobs, cfg, n, limit)
    )
    for result in results:
        record(result)
    report.seconds = time.perf_counter() - started
    return report


def _size(job: Job) -> int:
    try:
        return job.path.stat().st_size
    except OSError:
        return 0


def _store(
    result: FileResult, archive: Archive | None, jsonl: IO[str] | None, *, replace: bool
) -> None:
    from .models import Minutes

    if result.ok and result.json is not None:
        if archive is not None:
            archive.add(Minutes.model_validate_json(result.json), replace=replace, file=result.file)
        if jsonl is not None:
            jsonl.write(result.json + "\n")
            jsonl.flush()
        return
    error = result.error or HytedocsError("unknown failure", file=result.file)
    if archive is not None:
        archive.add_failure(error, file=result.file, sha256=result.sha256)
    if jsonl is not None:
        jsonl.write(json.dumps({
            "file": result.file, "sha256": result.sha256,
            "error": {"code": error.code, "message": error.reason, "page": error.page,
                      "section": error.section},
        }, ensure_ascii=False) + "\n")
        jsonl.flush()


# --- the progress display -------------------------------------------------------------------


class Progress:
    """A rich live bar: files and pages done, pages per second, ETA and failures so far.

    ``show`` None shows it only on a terminal. ``verbose`` prints one line per file as well.
    ``console`` is a rich Console (default: stderr).
    """

    def __init__(
        self, *, show: bool | None = None, verbose: bool = False, console: Any = None
    ) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True, soft_wrap=True)
        self.show = self.console.is_terminal if show is None else show
        self.verbose = verbose
        self.pages = 0
        self.failures = 0
        self._started = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def start(self, total: int) -> None:
        self._started = time.perf_counter()
        if not self.show:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("[bold]parsing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files  {task.fields[pages]} pages  {task.fields[rate]:.1f} pages/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
            console=self.console,
            transient=False,
        )
        self._task = self._bar.add_task("batch", total=total, pages=0, rate=0.0, failed="")
        self._bar.start()

    def update(self, result: FileResult) -> None:
        self.pages += result.pages
        if not result.ok:
            self.failures += 1
        if self.verbose:
            self._line(result)
        if self._bar is not None:
            elapsed = max(time.perf_counter() - self._started, 1e-9)
            failed = f"[red]{self.failures} failed" if self.failures else ""
            self._bar.update(
                self._task, advance=1, pages=self.pages, rate=self.pages / elapsed,
                failed=failed,
            )

    def _line(self, result: FileResult) -> None:
        name = Path(result.file).name
        if result.skipped:
            self.console.print(f"skip  {name} (already in the archive)", highlight=False)
        elif result.ok:
            self.console.print(
                f"ok    {name}: {result.pages} pages in {result.seconds:.1f} s", highlight=False
            )
        else:
            self.console.print(f"[red]fail[/red]  {result.error}", highlight=False)

    def summary(self, report: BatchReport) -> None:
        parts = [
            f"{report.parsed} parsed", f"{report.skipped} skipped",
            f"{len(report.failures)} failed",
            f"{report.pages} pages in {report.seconds:.1f} s "
            f"({report.pages_per_second:.1f} pages/s)",
        ]
        self.console.print("batch: " + ", ".join(parts), highlight=False)
        if report.failures:
            codes = ", ".join(f"{code} {n}" for code, n in report.failure_codes().items())
            self.console.print(f"failures by code: {codes}", highlight=False)
            for failure in report.failures[:_SUMMARY_FAILURES]:
                self.console.print(f"  {failure.error}", highlight=False, markup=False)
            more = len(report.failures) - _SUMMARY_FAILURES
            if more > 0:
                self.console.print(f"  … and {more} more (see the failures table)")


_SUMMARY_FAILURES = 10

