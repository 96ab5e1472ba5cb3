"""Shared fixtures and the golden-file switch.

Golden files are regenerated only on request: ``pytest --regen-golden``. A missing golden file
is a failure, never a silent pass.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Glyph readings (glyphs.py) are cached per user; the tests start from an empty cache so that
# every run reads the glyphs as a first parse would.
os.environ["HYTEDOCS_CACHE_DIR"] = tempfile.mkdtemp(prefix="hytedocs-glyphs-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REAL = FIXTURES / "real"
RENDERED = FIXTURES / "rendered"
# The small real fixtures most tests reach for.
VANTAA = REAL / "vantaa_kaupunginhallitus_2017-03-20_item-10.pdf"
OULU = REAL / "oulu_kaupunginhallitus_2017-03_item_ouka-1472-02.02.02-2017.pdf"
TARKASTUS = REAL / "lapua_tarkastuslautakunta_2024-04-17_poytakirja.pdf"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Rewrite fixtures/**/*.golden.json from the current parser output.",
    )


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))
