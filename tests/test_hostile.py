"""Issue 15's hostile files, each through every entry point: ``hytedocs.parse()`` in a fresh
process, ``hytedocs parse`` on the command line, and ``hytedocs parse --isolate``. Each must
end with its typed error (or a result with its warning) in under a minute, with the peak
resident memory of the whole process tree under 1 GiB, and the command line must print one
line for an error and nothing for a success. Every case is measured in a child process under
a safety cap on its address space (see :mod:`tests.hostile`); the files are generated here,
a few kilobytes each (the bombs are repeated compressed blocks).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hytedocs import errors

from . import hostile
from .conftest import OULU

SECONDS = 60.0
PEAK_MB = 1024.0
ENTRIES = ("parse", "cli", "cli-isolate")


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every PDF class written once (the largest file is about 1 MB)."""
    folder = tmp_path_factory.mktemp("hostile")
    out: dict[str, Path] = {}
    for name, (make, _, _) in hostile.PDF_CLASSES.items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(make())
    return out


def _run(entry: str, path: Path, out: Path) -> hostile.Measured:
    if entry == "parse":
        return hostile.measure_parse(path)
    args = ["parse", str(path), "--no-nlp", "--compact", "--out", str(out)]
    return hostile.measure_cli([*args, "--isolate"] if entry == "cli-isolate" else args)


def _check(entry: str, measured: hostile.Measured, path: Path, out: Path, want: str,
           detail: str) -> None:
    """The outcome: one typed error line, or a result with the warning ``detail``."""
    assert not measured.timed_out
    assert measured.seconds < SECONDS, measured
    assert measured.peak_mb < PEAK_MB, measured
    if entry == "parse":
        line = measured.stdout.strip()
        assert "Traceback" not in measured.stderr, measured.stderr[-2000:]
        if want == "ok":
            assert line.startswith("ok "), line
            codes = line.split("|")[0].split()[1:]
            assert not detail or detail in codes, line
        else:
            assert line.startswith(f"{want} {path}"), line
            assert detail in line, line
        return
    lines = measured.stderr.strip().splitlines()
    if want == "ok":
        assert measured.returncode == 0, measured
        # The CLI says what it wrote and nothing else: no library's warnings.
        assert len(lines) == 1 and lines[0].startswith(f"wrote {out}"), lines
        result = json.loads(out.read_text(encoding="utf-8"))
        assert not detail or detail in {w["code"] for w in result["warnings"]}
        return
    assert measured.returncode == getattr(errors, want).exit_code, measured
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {path}") and detail in lines[0], lines[0]
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("name", list(hostile.PDF_CLASSES))
def test_hostile_pdf(cases: dict[str, Path], tmp_path: Path, name: str, entry: str) -> None:
    _, want, detail = hostile.PDF_CLASSES[name]
    out = tmp_path / "out.json"
    measured = _run(entry, cases[name], out)
    _check(entry, measured, cases[name], out, want, detail)


def test_an_oversized_producer_is_capped(cases: dict[str, Path]) -> None:
    measured = hostile.measure_parse(cases["big_info"])
    assert measured.stdout.strip().endswith("| " + "P" * 256)
    assert measured.peak_mb < 300, measured  # the 10 MB string is never decoded


@pytest.mark.slow
def test_owner_password_bomb(cases: dict[str, Path], tmp_path: Path) -> None:
    """A bomb in a file encrypted with an owner password only (readable by anyone): its
    streams are decrypted with the document's key before they are measured."""
    locked = tmp_path / "locked.pdf"
    if not hostile.encrypt_owner_only(cases["flate_flate_bomb"], locked):
        pytest.skip("qpdf is not installed")
    assert b"/Encrypt" in locked.read_bytes()
    for entry in ENTRIES:
        out = tmp_path / f"{entry}.json"
        _check(entry, _run(entry, locked, out), locked, out, "ResourceLimitError",
               "settings.max_stream_mb")


# --- things that are not files -----------------------------------------------------------------


def _not_files(folder: Path) -> dict[str, tuple[Path, str, str]]:
    fifo = folder / "fifo.pdf"
    os.mkfifo(fifo)
    zero = folder / "zero.pdf"
    zero.symlink_to("/dev/zero")
    sparse = folder / "sparse.pdf"
    with sparse.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(3 << 30)  # 3 GiB, a hole on disk
    return {
        "fifo": (fifo, "NotAPdfError", "not a regular file (a named pipe)"),
        "dev_zero": (zero, "NotAPdfError", "not a regular file (a device)"),
        "sparse": (sparse, "ResourceLimitError", "over the limit of 100 MiB "
                   "(settings.max_file_mb)"),
    }


@pytest.mark.parametrize("entry", ENTRIES)
def test_things_that_are_not_files(tmp_path: Path, entry: str) -> None:
    for path, want, detail in _not_files(tmp_path).values():
        out = tmp_path / "out.json"
        _check(entry, _run(entry, path, out), path, out, want, detail)
    assert (tmp_path / "sparse.pdf").stat().st_blocks * 512 < 1 << 20  # never filled in


def test_batch_stores_the_good_file_next_to_pipes_and_devices(tmp_path: Path) -> None:
    bad = _not_files(tmp_path)
    good = tmp_path / "oulu.pdf"
    shutil.copy(OULU, good)
    archive = tmp_path / "a.sqlite"
    measured = hostile.measure_cli(["batch", str(good), *(str(p) for p, _, _ in bad.values()),
                                    "--out", str(archive), "--no-nlp", "--workers", "1", "-q"],
                                   timeout=120)
    assert measured.returncode == 1, measured  # some failed
    assert measured.seconds < SECONDS and measured.peak_mb < PEAK_MB, measured
    from hytedocs.store.archive import Archive

    with Archive(archive, readonly=True) as arc:
        assert [m.source.file for m in arc.documents()] == [str(good)]
        failures = {Path(f.file).name: (f.code, f.message) for f in arc.failures()}
    assert failures == {
        "fifo.pdf": ("not_a_pdf", "not a regular file (a named pipe, device or folder); only "
                     "files are read"),
        "zero.pdf": ("not_a_pdf", "not a regular file (a named pipe, device or folder); only "
                     "files are read"),
        "sparse.pdf": ("resource_limit", "the file is 3,072.0 MiB, over the limit of 100 MiB "
                       "(settings.max_file_mb)"),
    }


# --- noise -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "said"), [
    (21, "pdfminer: 'Data-loss while decompressing corrupted data'"),
    (35, 'pdfminer: "Could not get FontBBox from font descriptor'),
    (36, "pdfminer: 'Data-loss while decompressing corrupted data' (2x)"),
])
def test_a_damaged_file_prints_one_line(tmp_path: Path, seed: int, said: str) -> None:
    """Byte flips that make pdfminer warn on the way: the command line prints only what it
    wrote, and the warnings are in the result."""
    path = tmp_path / f"flipped{seed}.pdf"
    path.write_bytes(hostile.flipped_bytes(OULU.read_bytes(), seed=seed))
    out = tmp_path / f"flipped{seed}.json"
    measured = hostile.measure_cli(["parse", str(path), "--no-nlp", "--out", str(out)])
    assert measured.returncode == 0, measured
    assert measured.stderr.strip().splitlines() == [
        f"wrote {out} (1 §, {len(json.loads(out.read_text())['warnings'])} warnings)"]
    noise = [w for w in json.loads(out.read_text())["warnings"]
             if w["code"] == "library_warnings"]
    assert len(noise) == 1 and said in noise[0]["message"], noise


# --- an isolated child dies with its parent ----------------------------------------------------


def test_isolated_child_dies_with_its_killed_parent(tmp_path: Path) -> None:
    """SIGKILL the `hytedocs parse --isolate` process while its child parses: the child must
    be gone at once, not run on to its own deadline."""
    import psutil

    slow = tmp_path / "slow.pdf"
    # 24 MiB of NUL bytes in a content stream: within every budget, pdfminer needs about
    # 40 s for it; the default deadline is 60 s.
    slow.write_bytes(hostile.page_pdf([hostile.MUNICIPAL_STREAM, hostile.stream(
        hostile.zeros_flate(24), b"/Filter /FlateDecode ")]))
    proc = subprocess.Popen([sys.executable, "-m", "hytedocs", "parse", str(slow), "--no-nlp",
                             "--isolate"], env=hostile.child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        parent = psutil.Process(proc.pid)
        children: list[psutil.Process] = []
        for _ in range(200):
            children = parent.children(recursive=True)
            if children:
                break
            time.sleep(0.05)
        assert children, "the isolated child never started"
        time.sleep(1.0)  # well inside its parse
        assert all(c.is_running() for c in children)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        _, alive = psutil.wait_procs(children, timeout=3)
        assert not alive, f"still running after its parent was killed: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in psutil.Process().children(recursive=True):
            child.kill()


# --- one clock for the whole parse -------------------------------------------------------------


def _sleeping(seconds: float):  # type: ignore[no-untyped-def]
    def stage(*_args: object, **_kwargs: object) -> None:
        time.sleep(seconds)
        raise AssertionError("the deadline should have stopped this stage")

    return stage


def test_the_clock_covers_the_checks_before_any_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stream check runs inside the deadline (it used to run before the clock started)."""
    import hytedocs
    from hytedocs.pdf import limits
    from hytedocs.settings import Settings

    monkeypatch.setattr(limits, "check_streams", _sleeping(5))
    start = time.monotonic()
    with pytest.raises(errors.ParseTimeoutError,
                       match=r"gave up checking the streams after 0\.5 s"):
        hytedocs.parse(OULU, settings=Settings(nlp=False, max_seconds=0.5))
    assert time.monotonic() - start < 2


def test_the_clock_covers_the_structure_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage after the pages were read (it used to have no deadline at all)."""
    import hytedocs
    from hytedocs import pipeline
    from hytedocs.settings import Settings

    monkeypatch.setattr(pipeline.sections, "lines_to_sections", _sleeping(5))
    start = time.monotonic()
    with pytest.raises(errors.ParseTimeoutError, match=r"gave up finding the §s after 3 s"):
        hytedocs.parse(OULU, settings=Settings(nlp=False, max_seconds=3))
    assert time.monotonic() - start < 4.5


def test_tesseract_waits_no_longer_than_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The font repair's proof and OCR run tesseract; its wait ends with the parse's clock
    (outside the main thread no alarm would stop it), as the parse's typed timeout."""
    from hytedocs.pdf import limits, ocr

    waited: list[float] = []

    def run(argv: list[str], *, timeout: float, **_kwargs: object) -> None:
        waited.append(timeout)
        raise subprocess.TimeoutExpired(argv, timeout)

    monkeypatch.setattr(ocr.subprocess, "run", run)
    deadline = limits.Deadline(2.0, "x.pdf")
    with deadline.running():
        limits.check_deadline(doing="proofing the font repair")
        with pytest.raises(errors.ParseTimeoutError,
                           match=r"gave up proofing the font repair \(tesseract\) after 2 s"):
            ocr.run_tesseract(b"png", timeout=60.0, languages="fin")
    assert len(waited) == 1 and 1.0 < waited[0] <= 2.0
