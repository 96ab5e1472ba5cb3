"""The command line, through typer's test runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hytedocs.cli import app
from hytedocs.errors import NotAPdfError

from .conftest import VANTAA

runner = CliRunner()


def test_parse_writes_json_to_stdout() -> None:
    result = runner.invoke(app, ["parse", str(VANTAA), "--no-nlp", "--compact"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sections"][0]["number"] == 10
    assert len(result.stdout.strip().splitlines()) == 1


def test_parse_out_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "vantaa.json"
    result = runner.invoke(app, ["parse", str(VANTAA), "--no-nlp", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["source"]["pages"] == 1


def test_error_is_one_line_with_its_exit_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "tyhja.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(bad)])
    assert result.exit_code == NotAPdfError.exit_code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "Traceback" not in result.output


def test_help_lists_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "NotAPdfError" in result.stdout


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "Minutes"


def test_parse_repairs_fonts_unless_told_not_to() -> None:
    from .conftest import REAL

    pdf = str(REAL / "nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf")
    titles = {}
    for flag in ("--repair-fonts", "--no-repair-fonts"):
        result = runner.invoke(app, ["parse", pdf, "--no-nlp", "--compact", flag])
        assert result.exit_code == 0, result.output
        titles[flag] = {s["number"]: s["title"] for s in json.loads(result.stdout)["sections"]}
    assert titles["--repair-fonts"][20] == 'Nationella kampanjen "Miljoner soppåsar"'
    assert titles["--no-repair-fonts"][20] == 'Nationella kampaaneen "Mileone sopapassa"'


def test_not_minutes_and_force_minutes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hytedocs.errors import NotMinutesError

    from .hostile import english_report

    report = tmp_path / "sales.pdf"
    report.write_bytes(english_report())
    refused = runner.invoke(app, ["parse", str(report), "--no-nlp", "--compact"])
    assert refused.exit_code == NotMinutesError.exit_code
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "no word of municipal vocabulary" in lines[0]
    assert "--force-minutes parses it anyway" in lines[0]
    forced = runner.invoke(app, ["parse", str(report), "--no-nlp", "--compact",
                                 "--force-minutes"])
    assert forced.exit_code == 0, forced.output
    data = json.loads(forced.stdout)
    # What it was before the check: an "extract" of one untitled § (the wrong answer,
    # now only on request).
    assert data["source"]["pages"] == 3 and data["kind"] == "extract"
    assert [s["number"] for s in data["sections"]] == [None]
    assert {w["code"] for w in data["warnings"]} == {"no_title", "no_decision"}
