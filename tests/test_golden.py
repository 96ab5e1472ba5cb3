"""Golden files: the whole parse of each real fixture, checked by hand, compared exactly.

Regenerate with ``pytest tests/test_golden.py --regen-golden`` and read the diff before
committing. The golden set is every fixture that has a hand-written truth file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import hytedocs

from .conftest import REAL

GOLDEN_SET = sorted(p for p in REAL.glob("*.pdf") if (REAL / f"{p.stem}.truth.json").exists())


@cache
def parsed(pdf: Path) -> dict[str, Any]:
    data = hytedocs.parse(pdf, nlp=False).model_dump(mode="json")
    data["source"]["file"] = pdf.name  # independent of where the checkout lives
    return data


def test_golden_set_is_large_enough() -> None:
    families = {p.name.split("_")[0] for p in GOLDEN_SET}
    assert len(GOLDEN_SET) >= 12
    assert families == {"lapua", "nykarleby", "oulu", "vantaa"}


@pytest.mark.parametrize("pdf", GOLDEN_SET, ids=lambda p: p.stem)
def test_golden(pdf: Path, regen_golden: bool) -> None:
    golden = pdf.with_name(f"{pdf.stem}.golden.json")
    got = parsed(pdf)
    if regen_golden:
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    assert golden.exists(), f"missing {golden.name}: run pytest --regen-golden and check it by hand"
    want = json.loads(golden.read_text(encoding="utf-8"))
    # Compare piece by piece so that a failure names the § and field that changed.
    for key in ("schema_version", "source", "kind", "language", "meeting", "appeal", "warnings"):
        assert got.get(key) == want.get(key), f"{pdf.name}: {key} differs"
    assert [s["number"] for s in got["sections"]] == [s["number"] for s in want["sections"]]
    for g, w in zip(got["sections"], want["sections"], strict=True):
        for field in w:
            assert g.get(field) == w[field], f"{pdf.name} § {w['number']}: {field} differs"
    assert got == want
