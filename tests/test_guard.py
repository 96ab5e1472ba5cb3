"""The guarded parse: a child process with a wall-clock timeout and a memory rlimit.

Misbehaving parses are simulated by replacing ``pipeline.parse`` before a 'fork' child starts
(the child inherits the replacement), except for the memory case, which runs the real parser
on a real decompression bomb with the stream check switched off."""

from __future__ import annotations

import io
import os
import signal
import sys
import time

import pytest

import hytedocs
from hytedocs import pipeline
from hytedocs.errors import (
    DamagedPdfError,
    NotAPdfError,
    ParseTimeoutError,
    ResourceLimitError,
)
from hytedocs.pdf import limits
from hytedocs.pdf.limits import Deadline
from hytedocs.settings import Settings
from hytedocs.store.guard import limit_memory, parse_guarded

from .conftest import VANTAA
from .test_bad_inputs import bomb, nested_page_tree

NO_NLP = Settings(nlp=False)

needs_fork = pytest.mark.skipif(
    sys.platform == "win32", reason="simulated misbehaviour needs the 'fork' start method"
)


def test_guarded_result_equals_plain_parse() -> None:
    plain = hytedocs.parse(VANTAA, settings=NO_NLP)
    guarded = parse_guarded(VANTAA, NO_NLP)
    assert guarded.model_dump() == plain.model_dump()
    assert guarded.source.file == str(VANTAA)


def test_guarded_bytes_and_file_object() -> None:
    data = VANTAA.read_bytes()
    assert parse_guarded(data, NO_NLP).source.sha256 == parse_guarded(
        io.BytesIO(data), NO_NLP
    ).source.sha256


def test_guarded_spawn_context() -> None:
    minutes = parse_guarded(VANTAA, NO_NLP, context="spawn")
    assert minutes.source.pages == 1


def test_typed_errors_cross_the_process_boundary() -> None:
    with pytest.raises(NotAPdfError, match="no %PDF- header") as info:
        parse_guarded(b"<html>ei pdf</html>", NO_NLP)
    assert info.value.file is None
    with pytest.raises(DamagedPdfError, match="nested") as damaged:
        parse_guarded(nested_page_tree(3000), NO_NLP)
    assert str(damaged.value).startswith("<input>: ")


@needs_fork
def test_hang_becomes_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*_args: object, **_kwargs: object) -> None:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # no in-process alarm can help
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(pipeline, "parse", hang)
    start = time.monotonic()
    with pytest.raises(ParseTimeoutError, match=r"1\.5 s") as info:
        parse_guarded(VANTAA, Settings(nlp=False, max_seconds=1.5), context="fork")
    assert info.value.file == str(VANTAA)
    assert 1.4 < time.monotonic() - start < 6


@needs_fork
def test_sudden_death_becomes_resource_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*_args: object, **_kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does

    monkeypatch.setattr(pipeline, "parse", die)
    with pytest.raises(ResourceLimitError, match="signal 9"):
        parse_guarded(VANTAA, NO_NLP, context="fork")


@needs_fork
def test_untyped_error_is_not_disguised(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*_args: object, **_kwargs: object) -> None:
        raise KeyError("bug in a stage")

    monkeypatch.setattr(pipeline, "parse", bug)
    with pytest.raises(RuntimeError, match="KeyError"):
        parse_guarded(VANTAA, NO_NLP, context="fork")


@needs_fork
def test_memory_rlimit_stops_a_real_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the stream check pdfminer inflates 1 GiB; the child's rlimit stops it.
    monkeypatch.setattr(limits, "check_streams", lambda *_a: None)
    start = time.monotonic()
    with pytest.raises(ResourceLimitError):
        parse_guarded(bomb(1024), Settings(nlp=False, max_memory_mb=200), context="fork")
    assert time.monotonic() - start < 30


@needs_fork
def test_limit_memory_is_relative_to_current_size() -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child() -> None:
        ok = limit_memory(64)
        try:
            bytearray(256 * 1024 * 1024)
            queue.put((ok, "allocated"))
        except MemoryError:
            queue.put((ok, "refused"))

    proc = ctx.Process(target=child)
    proc.start()
    result = queue.get(timeout=30)
    proc.join()
    assert result == (True, "refused")


def test_deadline_check() -> None:
    deadline = Deadline(0.01, "a.pdf")
    deadline.check(1)
    time.sleep(0.02)
    with pytest.raises(ParseTimeoutError, match=r"a\.pdf, page 3: gave up OCR"):
        deadline.check(3, doing="OCR")


def _pages_in_pool_worker(path: str) -> int:
    return parse_guarded(path, NO_NLP).source.pages


def test_guarded_parse_inside_a_daemonic_pool_worker() -> None:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(_pages_in_pool_worker, [str(VANTAA)]) == [1]


@pytest.mark.slow
@pytest.mark.nlp
def test_the_default_caps_hold_a_real_parse_with_the_models() -> None:
    """The largest fixture (50 pages), with the language models loaded inside the isolated
    child: the default cap with NLP (max_memory_nlp_mb, 1.5 GiB) is enough; the structure cap
    (1 GiB) is enough without."""
    from .conftest import REAL

    largest = REAL / "lapua_hyvinvointilautakunta_2025-04-29_poytakirja.pdf"
    with_nlp = parse_guarded(largest, Settings(nlp=True, max_seconds=240))
    assert with_nlp.source.pages == 50 and any(s.themes for s in with_nlp.sections)
    assert Settings().memory_cap_mb == 1536 and Settings(nlp=False).memory_cap_mb == 1024
    assert parse_guarded(largest, Settings(nlp=False)).source.pages == 50
