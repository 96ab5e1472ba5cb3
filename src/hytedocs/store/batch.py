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

The engines are :mod:`~hytedocs.store.pool` and :mod:`~hytedocs.store.dask_engine`, and the
inputs are found by :mod:`~hytedocs.store.inputs`. Workers send back the document's JSON, never
live objects, so the transport is the same for both engines and nothing but plain data is
pickled.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from ..errors import HytedocsError
from ..settings import Settings
from .dask_engine import run_dask
from .inputs import Inputs, discover_inputs, file_sha256
from .pool import run_local
from .results import BatchReport, FileResult, Job, ResultCallback

if TYPE_CHECKING:
    from .archive import Archive

Engine = Literal["local", "dask"]


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
    """Parse every input into ``archive`` (an :class:`~hytedocs.store.archive.Archive`) and/or
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
            sha = file_sha256(path, cfg.max_file_mb)
        except HytedocsError as exc:
            # Not a file that can be read (missing, a pipe, a device, too big): its failure is
            # recorded here, and the others go on.
            early.append(FileResult(file=str(path), sha256=None, error=exc))
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
    from ..models import Minutes

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
