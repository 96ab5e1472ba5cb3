"""Batch, the ``dask`` engine: the same work on a Dask distributed cluster (``hytedocs[dask]``).

A ``WorkerPlugin`` gives every Dask worker a one-process pebble pool with the models loaded
once; each task runs its parse there under the timeout, so a hanging or crashing parse never
takes the Dask worker (and the unrelated tasks it holds) down with it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from typing import Any

from pebble import ProcessPool

from ..errors import HytedocsError
from ..settings import Settings
from .pool import _KILL_GRACE, _error_payload, _future_payload, init_worker, parse_file
from .results import FileResult, Job, Payload, _result

_PLUGIN_NAME = "hytedocs-parse"


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
        from ..errors import DependencyError

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
