"""Real Espoo Dynasty HTML pages printed by Chromium (``fixtures/espoo/``), against expected
JSON written by hand from the pages (issue 13). ``python fixtures/espoo/render.py`` re-prints
them (``make fixtures``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import hytedocs
from hytedocs.patterns import match_stage

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "fixtures"))

from family.score import section_checks

ESPOO = ROOT / "fixtures" / "espoo"
PDFS = sorted(ESPOO.glob("*.pdf"))
NOT_LABELS = frozenset({"stage", "handlers", "text", "diary", "appendix"})


def expected_of(pdf: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        pdf.with_name(pdf.stem + ".expected.json").read_text(encoding="utf-8"))
    return data


def test_all_five_pages_are_here() -> None:
    assert len(PDFS) == 5, "run python fixtures/espoo/render.py"


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem.split("_", 3)[-1] for p in PDFS])
def test_espoo_page(pdf: Path) -> None:
    want = expected_of(pdf)
    m = hytedocs.parse(pdf, nlp=False)
    assert m.kind.value == want["kind"]
    assert m.meeting.body == want["meeting"]["body"]
    assert str(m.meeting.date) == want["meeting"]["date"]
    if "contents" in want:
        assert m.sections == []
        (w,) = [w for w in m.warnings if w.code == "contents_only"]
        assert f"lists {len(want['contents'])} §s" in w.message
        return
    got = {s.number: s.model_dump(mode="json") for s in m.sections}
    assert list(got) == [s["number"] for s in want["sections"]]
    for ws in want["sections"]:
        gs = got[ws["number"]]
        wrong = [k for k, ok in section_checks(gs, ws).items() if not ok]
        assert not wrong, f"§ {ws['number']}: {wrong}"
        labels = [f["label"] for f in gs["fields"] if f["key"] not in NOT_LABELS
                  and f["label"] and not match_stage(f["label"])]
        assert labels == ws["labels"]
