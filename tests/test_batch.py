"""Batch parsing: input discovery, crash isolation, resume, the engines and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from pebble import ProcessPool
from typer.testing import CliRunner

from hytedocs.cli import app
from hytedocs.errors import HytedocsError, ParseTimeoutError, ResourceLimitError
from hytedocs.settings import Settings
from hytedocs.store.archive import Archive
from hytedocs.store.batch import run_batch
from hytedocs.store.inputs import discover_inputs, file_sha256
from hytedocs.store.pool import _future_payload
from hytedocs.store.results import FileResult, error_from_payload

from .conftest import OULU, REAL, TARKASTUS, VANTAA

NO_NLP = Settings(nlp=False)


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """Two good PDFs (one in a subfolder) and three broken files."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(OULU, folder / OULU.name)
    shutil.copy(VANTAA, folder / "sub" / VANTAA.name)
    (folder / "notes.pdf").write_text("Pöytäkirja on nähtävänä verkossa.\n", encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(TARKASTUS.read_bytes()[:20_000])
    (folder / "readme.txt").write_text("not an input: folders give *.pdf only\n")
    return folder


def test_folders_globs_and_list_files(tmp_path: Path, mixed: Path) -> None:
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# the year's minutes\nin/sub\n\n{OULU}\nin/missing.pdf\n")
    found = discover_inputs([mixed, str(mixed / "*.pdf"), listing, str(tmp_path / "*.xyz")])
    names = [p.relative_to(tmp_path).as_posix() if p.is_relative_to(tmp_path) else p.name
             for p in found.files]
    assert names == [
        "in/empty.pdf", "in/notes.pdf", "in/" + OULU.name, "in/sub/" + VANTAA.name,
        "in/truncated.pdf", OULU.name, "in/missing.pdf",
    ]
    assert found.unmatched == [str(tmp_path / "*.xyz")]
    assert all(p.is_absolute() for p in found.files)


def test_good_files_reach_the_archive_and_broken_ones_the_failures(
    tmp_path: Path, mixed: Path
) -> None:
    arc = Archive(tmp_path / "a.sqlite")
    seen: list[FileResult] = []
    report = run_batch([mixed], archive=arc, settings=NO_NLP, workers=2, timeout=60,
                       on_result=seen.append)
    assert (report.files, report.parsed, report.skipped, len(report.failures)) == (5, 2, 0, 3)
    assert report.pages == 2
    assert report.failure_codes() == {"damaged": 1, "not_a_pdf": 2}
    assert len(seen) == 5
    assert arc.known_hashes() == {file_sha256(OULU), file_sha256(VANTAA)}
    failures = {Path(f.file).name: (f.code, f.message) for f in arc.failures()}
    assert failures == {
        "empty.pdf": ("not_a_pdf", "the file is empty"),
        "notes.pdf": ("not_a_pdf", "not a PDF (no %PDF- header)"),
        "truncated.pdf": ("damaged", "the PDF cannot be read (PSEOF: Unexpected EOF)"),
    }

    # A re-run skips what is stored and tries the failures again; nothing is duplicated.
    before = arc.snapshot()
    again = run_batch([mixed], archive=arc, settings=NO_NLP, workers=2, timeout=60)
    assert (again.parsed, again.skipped, len(again.failures)) == (0, 2, 3)
    assert arc.snapshot() == before

    forced = run_batch([mixed], archive=arc, settings=NO_NLP, workers=1, timeout=60,
                       force=True)
    assert (forced.parsed, forced.skipped) == (2, 0)
    assert arc.snapshot() == before


def test_a_file_given_twice_is_parsed_once(tmp_path: Path) -> None:
    copy = tmp_path / "copy.pdf"
    shutil.copy(VANTAA, copy)
    report = run_batch([VANTAA, copy], archive=Archive(tmp_path / "a.sqlite"),
                       settings=NO_NLP, workers=1, timeout=60)
    assert (report.parsed, report.skipped) == (1, 1)


def test_jsonl_streams_every_result(tmp_path: Path, mixed: Path) -> None:
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        run_batch([mixed / OULU.name, mixed / "empty.pdf"], jsonl=fh, settings=NO_NLP,
                  workers=1, timeout=60)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_kind = {"error" in line: line for line in lines}
    assert by_kind[False]["source"]["sha256"] == file_sha256(OULU)
    assert by_kind[True]["error"]["code"] == "not_a_pdf"
    assert by_kind[True]["file"] == str(mixed / "empty.pdf")


def test_a_crash_or_a_hang_fails_only_its_own_task() -> None:
    with ProcessPool(max_workers=2) as pool:
        futures = {
            "hang": pool.schedule(time.sleep, args=(30,), timeout=0.5),
            "exit": pool.schedule(os._exit, args=(3,)),
            "sigkill": pool.schedule(_kill_self),
            "ok": pool.schedule(sum, args=([1, 2],)),
        }
        payloads = {k: _future_payload(f, k + ".pdf", 0.5) for k, f in futures.items()}
    assert payloads["ok"] == 3
    timeout = error_from_payload(payloads["hang"])
    assert isinstance(timeout, ParseTimeoutError) and timeout.file == "hang.pdf"
    died = error_from_payload(payloads["exit"])
    assert type(died) is HytedocsError and "exit code 3" in died.reason
    assert isinstance(error_from_payload(payloads["sigkill"]), ResourceLimitError)


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_cli_batch_and_search(tmp_path: Path, mixed: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "a.sqlite"
    good = [str(mixed / OULU.name), str(mixed / "sub" / VANTAA.name)]
    result = runner.invoke(app, ["batch", *good, "--out", str(db), "--no-nlp", "-w", "2"])
    assert result.exit_code == 0, result.output
    assert "2 parsed, 0 skipped, 0 failed" in result.output

    result = runner.invoke(app, ["batch", str(mixed), "--out", str(db), "--no-nlp", "-v"])
    assert result.exit_code == 1
    assert "0 parsed, 2 skipped, 3 failed" in result.output
    assert "failures by code: damaged 1, not_a_pdf 2" in result.output

    hits = runner.invoke(app, ["search", "valtiovarainministeriölle", "--db", str(db), "--json"])
    assert hits.exit_code == 0, hits.output
    [hit] = json.loads(hits.stdout)
    assert (hit["body"], hit["date"], hit["number"], hit["file"]) == (
        "Kaupunginhallitus", "2017-03-20", 10, good[1]
    )
    assert "«valtiovarainministeriölle»" in hit["snippet"]
    shown = runner.invoke(app, ["search", "valtiovarainministeriölle", "--db", str(db)])
    assert "1. Kaupunginhallitus 2017-03-20 § 10 Kommentit" in shown.stdout

    assert runner.invoke(app, ["search", "x", "--db", str(db), "--outcome", "won"]).exit_code == 2
    assert runner.invoke(app, ["search", "x", "--db", str(db), "--from", "1.2.2025"]
                         ).exit_code == 2
    missing = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 1 and "no archive here" in missing.output
    assert runner.invoke(app, ["batch", str(mixed)]).exit_code == 2


def test_the_dask_engine_fills_the_same_archive(tmp_path: Path, mixed: Path) -> None:
    pytest.importorskip("distributed")
    local = Archive(tmp_path / "local.sqlite")
    run_batch([mixed], archive=local, settings=NO_NLP, workers=2, timeout=60)
    dask = Archive(tmp_path / "dask.sqlite")
    report = run_batch([mixed], archive=dask, settings=NO_NLP, workers=2, timeout=60,
                       engine="dask")
    assert (report.parsed, len(report.failures)) == (2, 3)
    assert dask.snapshot() == local.snapshot()


@pytest.mark.nlp
def test_a_worker_loads_the_model_once_before_its_first_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hytedocs.nlp import engine
    from hytedocs.store import pool

    # The memory cap is for worker processes; here it would cap the test session itself.
    capped: list[bool] = []
    monkeypatch.setattr(pool, "limit_memory", lambda mb: capped.append("fi" in engine._models))
    monkeypatch.setattr(pool, "die_with_parent", lambda parent, *, at_once: None)
    pool.init_worker(Settings(nlp=True).model_dump_json())
    assert pool._worker_error is None, pool._worker_error
    assert capped == [True]
    loads = dict(engine.load_counts)
    results = [pool.parse_file(str(f)) for f in (VANTAA, OULU, VANTAA)]
    assert [r["ok"] for r in results] == [True, True, True]
    assert engine.load_counts == loads
    assert json.loads(results[0]["json"])["sections"][0]["summary"]


def test_the_progress_bar_counts_files_pages_and_failures() -> None:
    import io

    from rich.console import Console

    from hytedocs.store.batch import Progress

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with Progress(show=True, console=console) as progress:
        progress.start(3)
        progress.update(FileResult(file="/a/x.pdf", sha256="1" * 64, json="{}", pages=8))
        progress.update(FileResult(file="/a/y.pdf", sha256="2" * 64, pages=0,
                                   error=HytedocsError("broken", file="/a/y.pdf")))
        progress.update(FileResult(file="/a/z.pdf", sha256="3" * 64, json="{}", pages=2))
    text = out.getvalue()
    assert "3/3 files  10 pages" in text
    assert "1 failed" in text


@pytest.mark.nlp
def test_search_finds_loneliness_in_the_welfare_committee(tmp_path: Path) -> None:
    pdf = REAL / "lapua_hyvinvointilautakunta_2025-01-22_poytakirja.pdf"
    arc = Archive(tmp_path / "a.sqlite")
    report = run_batch([pdf], archive=arc, settings=Settings(nlp=True), workers=1, timeout=300)
    assert report.ok
    hits = arc.search("yksinäisyys", body="hyvinvointilautakunta")
    assert [(h.date.isoformat() if h.date else None, h.number) for h in hits] == [
        ("2025-01-22", 4)
    ]
    assert [s.number for s in arc.sections(theme="loneliness_inclusion")] == [4]
