"""Per-field accuracy against the hand-labelled truth files (the issue's targets)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .test_golden import parsed

sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy


@pytest.fixture(scope="module")
def figures() -> dict[str, tuple[int, int]]:
    def parse(pdf: Path) -> dict[str, Any]:
        return parsed(pdf)

    result, _errors = accuracy.measure(parse)
    return result


@pytest.mark.parametrize(
    ("field", "target"),
    [
        ("number", 0.98),
        ("title", 0.98),
        ("diary_number", 0.98),
        ("presenter", 0.98),
        ("proposal_start", 0.95),
        ("decision_start", 0.95),
    ],
)
def test_section_field_accuracy(figures: dict[str, tuple[int, int]], field: str,
                                target: float) -> None:
    right, total = figures[field]
    assert total > 100
    assert right / total >= target, f"{field}: {right}/{total}"

