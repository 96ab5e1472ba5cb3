"""The public API: sources, settings, schema, warnings."""

from __future__ import annotations

import io

import pytest
from pydantic import ValidationError

import hytedocs
from hytedocs import HytedocsError, Minutes, Settings
from hytedocs.errors import NotAPdfError

from .conftest import REAL, VANTAA


def test_public_names() -> None:
    assert set(hytedocs.__all__) >= {"parse", "Minutes", "HytedocsError", "write_digest",
                                      "write_theme_report", "schema"}


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "file"])
def test_sources(kind: str) -> None:
    data = VANTAA.read_bytes()
    source = {"path": VANTAA, "str": str(VANTAA), "bytes": data, "file": io.BytesIO(data)}[kind]
    m = hytedocs.parse(source, nlp=False)
    assert isinstance(m, Minutes)
    assert m.source.sha256 == "def024c1c102982d2aa3be20671770ebc3c77d6f813caaeeb426fa6770e19143"
    assert [s.number for s in m.sections] == [10]
    assert m.source.file == (None if kind in ("bytes", "file") else str(VANTAA))


def test_not_a_pdf_names_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "muistio.pdf"
    bad.write_text("tämä ei ole pdf")
    with pytest.raises(NotAPdfError) as err:
        hytedocs.parse(bad)
    assert isinstance(err.value, HytedocsError)
    assert str(bad) in str(err.value)


def test_settings_validate_themselves() -> None:
    with pytest.raises(ValidationError):
        Settings(paragraph_gap=0.5)
    with pytest.raises(ValidationError):
        Settings(ocr_garbled=True)
    with pytest.raises(ValidationError):
        Settings(unknown_option=1)  # type: ignore[call-arg]


def test_schema_is_json_schema() -> None:
    schema = hytedocs.schema()
    assert schema["title"] == "Minutes"
    assert {"schema_version", "source", "kind", "language", "meeting", "sections", "appeal",
            "warnings"} <= set(schema["properties"])
    assert schema["$defs"]["Section"]["additionalProperties"] is False


def test_minutes_without_decision_warns() -> None:
    m = hytedocs.parse(REAL / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf", nlp=False)
    missing = [w for w in m.warnings if w.code == "no_decision"]
    assert [(w.section, w.page) for w in missing] == [(20, 15), (21, 16)]
    assert all(s.decision for s in m.sections if s.number not in (20, 21))
