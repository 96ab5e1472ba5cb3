"""Time and memory limits for one parse, in a child process.

Plain :func:`hytedocs.parse` bounds what it can from inside: the file's size, every stream's
decoded size, the operators of a page, and one deadline over the whole parse (README, "Bad
input"). It cannot cap memory nor stop native code, so :func:`parse_guarded` runs the parse in
a child process with a wall-clock timeout and an address-space rlimit: no file can hang or
exhaust the calling process. The cap is ``settings.max_memory_mb`` (1 GiB), or
``settings.max_memory_nlp_mb`` (1.5 GiB) when the child loads the language models itself.
The child dies with its parent (``PR_SET_PDEATHSIG`` on Linux, and a thread that watches the
parent everywhere), so killing the caller never leaves a parse running for nobody.
:func:`limit_memory` is the same rlimit for a batch worker that is its own process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from multiprocessing.connection import Connection
from typing import Any, Literal

from .. import errors
from ..errors import HytedocsError, ParseTimeoutError, ResourceLimitError
from ..models import Minutes
from ..pdf.source import Source
from ..settings import Settings

Context = Literal["fork", "spawn", "forkserver"]

# How long a child gets to exit after it was told to stop, before it is killed.
_KILL_GRACE_SECONDS = 2.0


def _vm_bytes() -> int | None:
    """The process's current virtual memory size, or None where /proc is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def limit_memory(max_mb: int) -> bool:
    """Cap this process's address space at its current size plus ``max_mb`` MiB.

    The cap is relative because a worker forked from a process that has loaded spaCy already
    maps hundreds of MiB it will never touch; an absolute cap would count those. Returns False
    where rlimits are not available (Windows) or cannot be lowered.
    """
    try:
        import resource
    except ImportError:
        return False
    current = _vm_bytes() or 0
    want = current + max_mb * 1024 * 1024
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        return False
    return True


def _error_payload(exc: BaseException) -> tuple[str, str, str | None, int | None, int | None]:
    if isinstance(exc, HytedocsError):
        return (type(exc).__name__, exc.reason, exc.file, exc.page, exc.section)
    if isinstance(exc, MemoryError):
        return ("ResourceLimitError", "out of memory (settings.max_memory_mb)", None, None, None)
    if isinstance(exc, RecursionError):
        return ("DamagedPdfError", "the PDF's objects are nested too deeply", None, None, None)
    # An untyped error is a bug in hytedocs, not in the file: keep its type so it is seen.
    return ("", f"{type(exc).__name__}: {exc}", None, None, None)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_PARENT_POLL_SECONDS = 0.5


def die_with_parent(parent: int, *, at_once: bool = True) -> None:
    """End this process when ``parent`` (the process that started it) is gone: ``at_once``
    on Linux (the kernel sends SIGKILL), else within half a second (a watching thread).

    The kernel's signal follows the *thread* that started the child, so only a child whose
    starting thread waits for it (:func:`parse_guarded`) may ask for it; a pool's workers,
    started by the pool's own threads, rely on the watching thread."""
    import signal
    import threading
    import time

    if at_once and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request above took effect

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="hytedocs-parent-watch", daemon=True).start()


def _child(conn: Connection, source: str | bytes, settings: Settings, parent: int) -> None:
    """Body of the worker process: parse, then send back JSON or an error description."""
    try:
        die_with_parent(parent)
        limit_memory(settings.memory_cap_mb)
        from ..pipeline import parse

        minutes = parse(source, settings=settings)
        payload: tuple[str, Any] = ("ok", minutes.model_dump_json().encode("utf-8"))
    except BaseException as exc:  # the parent turns this into a typed error
        payload = ("error", _error_payload(exc))
    try:
        conn.send(payload)
    except MemoryError:
        conn.send(("error", _error_payload(MemoryError())))
    finally:
        conn.close()


def _rebuild(payload: tuple[str, str, str | None, int | None, int | None],
             name: str | None) -> BaseException:
    cls_name, reason, file, page, section = payload
    cls = getattr(errors, cls_name, None) if cls_name else None
    if isinstance(cls, type) and issubclass(cls, HytedocsError):
        return cls(reason, file=file or name, page=page, section=section)
    return RuntimeError(f"{name or '<bytes>'}: the parser failed unexpectedly: {reason}")


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.terminate()
        proc.join(_KILL_GRACE_SECONDS)
    if proc.is_alive():
        proc.kill()
        proc.join()


def default_context() -> Context:
    """'fork' where it exists (fast, nothing re-imported), else 'spawn'."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def parse_guarded(
    source: Source,
    settings: Settings | None = None,
    *,
    context: Context | None = None,
) -> Minutes:
    """Parse in a child process under ``settings.max_seconds`` and the memory cap
    (``settings.max_memory_mb``, ``settings.max_memory_nlp_mb`` with NLP).

    Raises :class:`ParseTimeoutError` when the clock runs out and :class:`ResourceLimitError`
    when the child runs out of memory or dies; every other failure arrives as the same
    :class:`~hytedocs.errors.HytedocsError` that :func:`hytedocs.parse` would raise. A bug
    that raises an untyped exception in the child is re-raised as :class:`RuntimeError`.
    Called from a daemonic process, which may not start one, it parses in-process.
    """
    cfg = settings or Settings()
    if multiprocessing.current_process().daemon:
        # A daemonic process (a multiprocessing.Pool worker) may not start children. It is
        # already apart from its caller, so parse here under the in-process deadline.
        from ..pipeline import parse

        return parse(source, settings=cfg)
    arg: str | bytes
    name: str | None
    if isinstance(source, bytes | bytearray | memoryview):
        arg, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        arg = name = os.fspath(source)
    else:
        # File objects cannot cross a process boundary: read them here.
        from ..pdf.source import read_source

        opened = read_source(source, cfg.max_file_mb)
        arg, name = opened.data, opened.name
    ctx: Any = multiprocessing.get_context(context or default_context())
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, arg, cfg, os.getpid()), daemon=True)
    proc.start()
    send.close()
    try:
        # The child sends exactly one message; read it before join() so that a large
        # result cannot block the child on a full pipe.
        if not receive.poll(cfg.max_seconds):
            if proc.is_alive():
                _stop(proc)
                raise ParseTimeoutError(
                    f"gave up after {cfg.max_seconds:g} s (settings.max_seconds)", file=name
                )
            raise _died(proc, name, cfg.memory_cap_mb)
        try:
            kind, body = receive.recv()
        except (EOFError, OSError) as exc:
            proc.join(_KILL_GRACE_SECONDS)
            raise _died(proc, name, cfg.memory_cap_mb) from exc
    finally:
        receive.close()
        _stop(proc)
    if kind == "ok":
        return Minutes.model_validate_json(body)
    raise _rebuild(body, name)


def _died(proc: Any, name: str | None, max_mb: int) -> HytedocsError:
    proc.join(_KILL_GRACE_SECONDS)
    code = proc.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return ResourceLimitError(
        f"the parser process died ({how}); it probably ran out of memory "
        f"(a cap of {max_mb} MiB: settings.max_memory_mb, or max_memory_nlp_mb with NLP)",
        file=name,
    )


__all__ = ["default_context", "die_with_parent", "limit_memory", "parse_guarded"]
