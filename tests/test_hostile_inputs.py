"""Issue 15 beyond PDFs: Word templates, JSON files and SQLite archives given to `summary`,
`report`, `search` and `batch`. Each ends in a typed error (one line, its exit code) or a
whole output, in a child process measured for time and peak memory, and no input file's bytes
change (hashed before and after)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from hytedocs.errors import HytedocsError, InvalidInputError, ResourceLimitError

from . import hostile
from .conftest import RENDERED, VANTAA

SECONDS = 60.0
PEAK_MB = 1024.0
HEINOLA = RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.stat().st_size < 1 << 30 \
        else f"{path.stat().st_size}:{path.stat().st_mtime_ns}"


def _refused(args: list[str], inputs: list[Path], out: Path, error: type[HytedocsError],
             detail: str) -> None:
    """The command fails with ``error`` in one line naming ``detail``, in time and memory;
    writes no output; leaves every input as it was."""
    before = {p: _sha(p) for p in inputs}
    siblings = {p: sorted(x.name for x in p.parent.iterdir()) for p in inputs}
    measured = hostile.measure_cli(args)
    assert measured.seconds < SECONDS and measured.peak_mb < PEAK_MB, measured
    lines = measured.stderr.strip().splitlines()
    assert measured.returncode == error.exit_code, measured
    assert len(lines) == 1 and lines[0].startswith("error: ") and detail in lines[0], lines
    assert not out.exists()
    assert {p: _sha(p) for p in inputs} == before
    # No journal, -wal or temporary file left next to an input either.
    assert {p: sorted(x.name for x in p.parent.iterdir()) for p in inputs} == siblings


@pytest.fixture(scope="module")
def minutes_json() -> str:
    """A rendered fixture parsed, as `hytedocs parse` writes it (structure only)."""
    import hytedocs
    from hytedocs.settings import Settings

    return hytedocs.parse(HEINOLA, settings=Settings(nlp=False)).model_dump_json()


@pytest.fixture()
def parsed(tmp_path: Path, minutes_json: str) -> Path:
    path = tmp_path / "heinola.json"
    path.write_text(minutes_json, encoding="utf-8")
    return path


# --- templates ---------------------------------------------------------------------------------


def test_template_declaring_an_entity(tmp_path: Path, parsed: Path) -> None:
    template = tmp_path / "pohja.docx"
    template.write_bytes(hostile.entity_docx())
    out = tmp_path / "out" / "kooste.docx"
    out.parent.mkdir()
    _refused(["summary", str(parsed), "-o", str(out), "--template", str(template)],
             [template, parsed], out, InvalidInputError, "declares a DTD or entities")


@pytest.mark.parametrize("lie", [False, True], ids=["honest", "lying-sizes"])
def test_zip_bomb_template(tmp_path: Path, parsed: Path, lie: bool) -> None:
    template = tmp_path / "pommi.docx"
    template.write_bytes(hostile.zip_bomb_docx(1024, lie=lie))
    assert template.stat().st_size < 2 << 20
    out = tmp_path / "out" / "kooste.docx"
    out.parent.mkdir()
    error, detail = ((ResourceLimitError, "inflates past the 1,000 bytes it declares") if lie
                     else (ResourceLimitError, "inflates to 1,024 MiB, over 200 MiB"))
    _refused(["summary", str(parsed), "-o", str(out), "--template", str(template)],
             [template, parsed], out, error, detail)


def test_template_that_is_not_a_file(tmp_path: Path, parsed: Path) -> None:
    fifo = tmp_path / "pohja.docx"
    os.mkfifo(fifo)
    out = tmp_path / "kooste.docx"
    measured = hostile.measure_cli(["summary", str(parsed), "-o", str(out), "--template",
                                    str(fifo)])
    assert measured.returncode == InvalidInputError.exit_code, measured
    assert "not a regular file (a named pipe)" in measured.stderr
    assert not out.exists()


def test_a_good_template_gives_a_whole_document(tmp_path: Path, parsed: Path) -> None:
    template = tmp_path / "pohja.docx"
    template.write_bytes(hostile.base_docx())
    out = tmp_path / "kooste.docx"
    measured = hostile.measure_cli(["summary", str(parsed), "-o", str(out), "--template",
                                    str(template)])
    assert measured.returncode == 0, measured
    import docx

    assert any("§ 91" in p.text for p in docx.Document(str(out)).paragraphs)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["heinola.json", "kooste.docx",
                                                          "pohja.docx"]


def test_a_document_that_does_not_reopen_is_never_written(tmp_path: Path) -> None:
    """What the entity template did before templates were checked: python-docx keeps the
    entity reference and drops its declaration, so the saved file does not open. The save
    reopens it, refuses, and leaves the target as it was."""
    import docx

    from hytedocs.writers.safety import verified_save

    doc = docx.Document(io.BytesIO(hostile.entity_docx()))
    target = tmp_path / "kooste.docx"
    target.write_bytes(b"the previous version")
    with pytest.raises(HytedocsError, match="does not open again"):
        verified_save(doc, target)
    assert target.read_bytes() == b"the previous version"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["kooste.docx"]
    stream = io.BytesIO()
    with pytest.raises(HytedocsError, match="does not open again"):
        verified_save(doc, stream)
    assert stream.getvalue() == b""


# --- JSON ----------------------------------------------------------------------------------------


def test_json_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "iso.json"
    with big.open("wb") as fh:
        fh.truncate(200 << 20)  # 200 MB of holes: never read
    out = tmp_path / "out" / "kooste.docx"
    out.parent.mkdir()
    _refused(["summary", str(big), "-o", str(out)], [big], out, ResourceLimitError,
             "over the limit of 10 MiB (settings.max_json_mb)")


def test_json_of_the_wrong_shape(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    with wrong.open("w") as fh:  # 7.8 MB: under the limit, read and refused
        fh.write('{"sections": [' + ",".join(["[0, 0, 0, 0]"] * 600_000) + "]}")
    out = tmp_path / "out" / "raportti.docx"
    out.parent.mkdir()
    _refused(["report", str(tmp_path), "-o", str(out)], [wrong], out, InvalidInputError,
             "not a hytedocs parse result")


def test_json_that_is_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "putki.json"
    os.mkfifo(fifo)
    out = tmp_path / "out" / "kooste.docx"
    out.parent.mkdir()
    measured = hostile.measure_cli(["summary", str(fifo), "-o", str(out)])
    assert measured.returncode == InvalidInputError.exit_code, measured
    assert "not a regular file (a named pipe)" in measured.stderr
    assert not out.exists()


# --- SQLite --------------------------------------------------------------------------------------


def _other_program(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        db.execute("INSERT INTO contacts VALUES ('Maija', '040 123')")
    return path


def test_report_and_search_on_another_programs_sqlite(tmp_path: Path) -> None:
    other = _other_program(tmp_path / "yhteystiedot.sqlite")
    out = tmp_path / "out" / "raportti.docx"
    out.parent.mkdir()
    _refused(["report", str(other), "-o", str(out)], [other], out, InvalidInputError,
             "not a hytedocs archive")
    _refused(["search", "maija", "--db", str(other)], [other], out, InvalidInputError,
             "not a hytedocs archive")


def test_batch_refuses_another_programs_sqlite_before_writing(tmp_path: Path) -> None:
    other = _other_program(tmp_path / "yhteystiedot.sqlite")
    out = tmp_path / "never.docx"
    _refused(["batch", str(VANTAA), "--out", str(other), "--no-nlp", "-q"], [other], out,
             InvalidInputError, "an SQLite file that is not a hytedocs archive")
    with sqlite3.connect(other) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_an_empty_file_is_not_turned_into_an_archive(tmp_path: Path) -> None:
    empty = tmp_path / "tyhja.sqlite"
    empty.write_bytes(b"")
    out = tmp_path / "out" / "raportti.docx"
    out.parent.mkdir()
    _refused(["report", str(empty), "-o", str(out)], [empty], out, InvalidInputError,
             "an empty file")
    _refused(["search", "x", "--db", str(empty)], [empty], out, InvalidInputError,
             "an empty file")
    assert empty.stat().st_size == 0


@pytest.fixture()
def archive(tmp_path: Path, minutes_json: str) -> Path:
    """An archive of one document, closed (its WAL checkpointed and gone)."""
    import hytedocs
    from hytedocs.store.archive import Archive

    path = tmp_path / "arkisto" / "a.sqlite"
    path.parent.mkdir()
    with Archive(path) as arc:
        arc.add(hytedocs.Minutes.model_validate_json(minutes_json))
    assert sorted(x.name for x in path.parent.iterdir()) == ["a.sqlite"]
    return path


def test_reading_an_archive_writes_nothing(archive: Path, tmp_path: Path) -> None:
    before = _sha(archive)
    out = tmp_path / "raportti.docx"
    report = hostile.measure_cli(["report", str(archive), "-o", str(out)])
    search = hostile.measure_cli(["search", "terveyden", "--db", str(archive), "--json"])
    assert report.returncode == 0 and search.returncode == 0, (report, search)
    assert json.loads(search.stdout)[0]["number"] == 91
    assert _sha(archive) == before
    assert sorted(x.name for x in archive.parent.iterdir()) == ["a.sqlite"]


@pytest.mark.parametrize(("table", "command", "detail"), [
    ("documents", "report", "the document of "),
    ("sections", "search", "§ 91 of "),
])
def test_a_broken_archive_row(archive: Path, tmp_path: Path, table: str, command: str,
                              detail: str) -> None:
    """`report` reads the documents' JSON, `search` the §s': a row broken by hand (or by a
    disk) is a typed error naming it, and the archive is left as it was."""
    with sqlite3.connect(archive) as db:
        db.execute(f"UPDATE {table} SET json = '{{\"sections\": [1, 2'")
        db.execute("PRAGMA journal_mode = DELETE")
    out = tmp_path / "out" / "raportti.docx"
    out.parent.mkdir()
    args = (["report", str(archive), "-o", str(out)] if command == "report"
            else ["search", "terveyden", "--db", str(archive)])
    _refused(args, [archive], out, InvalidInputError, detail)
    measured = hostile.measure_cli(args)
    assert "does not read back (1 error, first at the top: Invalid JSON: EOF" in measured.stderr


def test_a_damaged_database_file(archive: Path, tmp_path: Path) -> None:
    data = bytearray(archive.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the second page: tables' B-tree
    archive.write_bytes(bytes(data))
    out = tmp_path / "out" / "raportti.docx"
    out.parent.mkdir()
    _refused(["report", str(archive), "-o", str(out)], [archive], out, InvalidInputError,
             "archive")


def test_zip_members_are_read_back_whole(tmp_path: Path, parsed: Path) -> None:
    out = tmp_path / "kooste.docx"
    measured = hostile.measure_cli(["summary", str(parsed), "-o", str(out)])
    assert measured.returncode == 0, measured
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
