"""Garbled text layers: scored by the share of words neither Finnish (voikko) nor Swedish
(spaCy's Swedish word list) knows."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import hytedocs
from hytedocs.errors import DependencyError
from hytedocs.pdf import garbled
from hytedocs.pdf.garbled import garbled_pages, scorable_words, score_pages, score_words
from hytedocs.pdf.reader import read_pages
from hytedocs.settings import Settings

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
VALFARD = REAL / "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf"
LAPUA = sorted(REAL.glob("lapua_*.pdf"))
NO_NLP = Settings(nlp=False)
# The text layer as the file has it: glyphs.py would repair these fonts first.
AS_PRINTED = Settings(nlp=False, repair_fonts=False)


def test_scorable_words_skip_names_numbers_and_short_words() -> None:
    words = scorable_words(["Kaupunginhallitus päätti hyväksyä ehdotuksen,", "Lapua 2025 ja §"])
    assert words == ["päätti", "hyväksyä", "ehdotuksen"]
    # A hyphenated compound is one word; a dangling "sosiaali-" loses its hyphen.
    assert scorable_words(["sosiaali- ja terveys-palvelut"]) == ["sosiaali", "terveys-palvelut"]


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("hyvinvointilautakunta päätti merkitä tiedoksi talousarvion toteutumisen", 0),
        ("nämnden beslutade godkänna förslaget och protokollet justerades", 0),
        # Swedish compounds missing from the word list split into two known words.
        ("välfärdsnämnden konstaterade sammanträdets laglighet", 0),
        # Nykarleby's appeal page, as its text layer has it.
        ("eftersom besut medanm emdans gäluuer beredamnmg euuer verss äluungee", 8),
    ],
)
def test_score_words(text: str, unknown: int) -> None:
    words = scorable_words([text])
    assert score_words(1, words, 0.0).unknown == unknown


@pytest.fixture(scope="module")
def valfard_pages() -> list[object]:
    return read_pages(VALFARD, AS_PRINTED)[1]


def test_nykarleby_corrupt_pages_are_flagged(valfard_pages: list) -> None:  # type: ignore[type-arg]
    flagged = {s.page: s for s in garbled_pages(valfard_pages, NO_NLP)}
    # Pages 24-25 are the appeal instructions, unreadable substitution gibberish.
    assert {24, 25} <= set(flagged)
    assert flagged[24].share > 0.8
    assert flagged[25].share > 0.8
    # The cover page (clean names and headings) is not.
    assert 1 not in flagged


def test_nykarleby_parse_warns_with_score() -> None:
    minutes = hytedocs.parse(VALFARD, settings=AS_PRINTED)
    warned = {w.page: w.message for w in minutes.warnings if w.code == "garbled_text"}
    assert 24 in warned
    assert "are not Finnish or Swedish" in warned[24]
    assert "%" in warned[24]


@pytest.mark.slow
def test_no_lapua_page_is_flagged() -> None:
    scored = 0
    for pdf in LAPUA:
        pages = read_pages(pdf, NO_NLP)[1]
        scores = score_pages(pages, 0.0)
        scored += len(scores)
        worst = max(scores, key=lambda s: s.share)
        assert worst.share <= NO_NLP.garbled_unknown_share, (pdf.name, worst)
        assert not garbled_pages(pages, NO_NLP)
    assert scored > 150


@pytest.fixture()
def no_voikko(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "libvoikko", None)
    garbled._voikko.cache_clear()
    garbled.known_finnish.cache_clear()
    yield
    garbled._voikko.cache_clear()
    garbled.known_finnish.cache_clear()


def test_missing_voikko_says_how_to_install(no_voikko: None) -> None:
    with pytest.raises(DependencyError) as info:
        score_words(1, ["kaupunki"], 0.0)
    message = str(info.value)
    assert "apt-get install libvoikko1 voikko-fi" in message
    assert "brew install libvoikko" in message
    assert "Windows" in message
    assert info.value.exit_code == 10
