"""§ splitting on real documents of every layout family, and nothing lost on the way."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import hytedocs
from hytedocs.models import Minutes
from hytedocs.pdf.reader import read_pages
from hytedocs.settings import Settings
from hytedocs.structure.layout import remove_running_lines
from hytedocs.structure.lines import words_to_lines

from .conftest import REAL, RENDERED


@cache
def parse(path: Path) -> Minutes:
    return hytedocs.parse(path, nlp=False)


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf", list(range(12, 23))),
        ("lapua_tarkastuslautakunta_2024-04-17_poytakirja.pdf", list(range(15, 20))),
        ("nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf", list(range(39, 50))),
        ("oulu_kaupunginhallitus_2017-03_item_ouka-1472-02.02.02-2017.pdf", [None]),
        ("vantaa_kaupunginhallitus_2017-03-20_item-10.pdf", [10]),
    ],
)
def test_section_numbers(name: str, numbers: list[int | None]) -> None:
    assert [s.number for s in parse(REAL / name).sections] == numbers


def test_contents_list_is_not_a_section() -> None:
    m = parse(REAL / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf")
    # The front page lists "§ 12 ... § 22"; the §s themselves start on page 4.
    assert m.sections[0].pages == [4]
    assert m.section(15).pages == [7, 8]


def test_appeal_pages_are_not_a_section() -> None:
    m = parse(REAL / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf")
    assert m.appeal is not None and m.appeal.pages == [18, 19, 20]
    assert m.appeal.text.startswith("Muutoksenhakukielto")
    assert m.section(22).pages == [17]


def test_attachment_pages_stay_with_their_section() -> None:
    m = parse(REAL / "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf")
    appendix = [f for f in m.section(49).fields if f.key == "appendix"]
    assert [f.block.pages for f in appendix] == [[22], [23]]
    assert appendix[0].label == "Bilaga Välfärdsnämnden, 15.09.2022 § 49"
    assert m.section(49).decision is not None
    assert m.section(49).decision.text == "Antecknades för kännedom."  # as printed (glyphs.py)


def test_number_before_sign_and_title_on_its_line() -> None:
    m = parse(REAL / "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf")
    s = m.section(42)
    assert s.title == "Presentation av verksamheten: International Club 2022"
    assert s.diary_number == "NKBY/497/12.03.01/2022"


def test_stage_line_sections_take_the_title_above() -> None:
    m = parse(RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf")
    s = m.section(91)
    assert s.title == (
        "Hyvinvoinnin ja terveyden edistämisen vuosineuvottelujen 2023 toteutuminen ja tulos"
    )
    assert s.fields[0].key == "stage" and s.fields[0].label == "hyvoltk 21.11.2023 § 91"


def _letters(text: str | None) -> int:
    return sum(ch.isalpha() for ch in text or "")


@pytest.mark.parametrize(
    ("path", "first_page", "appeal_page"),
    [
        (REAL / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf", 4, 18),
        (RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf", 2, 9),
        (REAL / "oulu_kaupunginvaltuusto_2017-02_item_ouka-1499-12.00.02-2016.pdf", 1, None),
        # Budget tables whose row names start in the label column (golden review B).
        (REAL / "oulu_kaupunginhallitus_2017-03_item_ouka-899-02.06.01.04-2017_word.pdf", 1, None),
        (REAL / "nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf", 4, None),
    ],
    ids=lambda v: getattr(v, "stem", v),
)
def test_nothing_in_a_section_is_dropped(path: Path, first_page: int,
                                         appeal_page: int | None) -> None:
    """Every letter printed in the §s' pages (running headers aside) is in the model."""
    settings = Settings(nlp=False)
    _, pages = read_pages(path, settings)
    lines = [words_to_lines(p, settings) for p in pages]
    content, _running = remove_running_lines(lines, pages, settings)
    last = appeal_page - 1 if appeal_page else len(pages)
    printed = sum(_letters(ln.text) for page in content[first_page - 1 : last] for ln in page)
    m = parse(path)
    kept = 0
    for s in m.sections:
        kept += _letters(s.title)  # the diary number is a field too
        for f in s.fields:
            kept += _letters(f.label) + _letters(f.block.text)
    assert kept == printed
