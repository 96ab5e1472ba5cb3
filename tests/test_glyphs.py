"""Repair of font subsets whose ToUnicode maps disagree with their glyphs (glyphs.py)."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import hytedocs
from hytedocs import glyphs
from hytedocs.settings import Settings

from .conftest import REAL, TARKASTUS

VALFARD = REAL / "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf"
UNGDOM = REAL / "nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf"


@pytest.mark.parametrize(
    ("read", "counted", "expected"),
    [
        ("c", {"s": 7, "c": 5}, "c"),  # OCR picks the minority text the subsets also gave
        ("E", {"-": 9, "E": 3}, "E"),
        ("S", {"S": 5}, "S"),
        ("s", {"S": 5}, "S"),  # case from the subsets
        ("0", {"o": 12}, "o"),  # OCR's 0/o confusion
        ("l", {"I": 2}, "I"),
        ("tf", {"t": 11}, "tf"),  # a ligature mapped to its first letter
        ("Ll", {"L": 4}, None),  # two letters that are no ligature: not backed
        ("K", {"a": 3}, None),  # a reading no subset backs is not trusted
        ("", {"a": 3}, None),
    ],
)
def test_backed_reading(read: str, counted: dict[str, int], expected: str | None) -> None:
    assert glyphs._backed_reading(read, Counter(counted)) == expected


def test_resolve_texts_gives_one_shape_one_text() -> None:
    votes = {
        "t": Counter({"t": 12}),
        "ti": Counter({"t": 5, "ti": 1}),  # the "ti" ligature, mostly mapped to "t"
        "a": Counter({"ä": 8, "v": 4}),
    }
    readings = {"t": "t", "ti": "t", "a": "ä"}
    assert glyphs.resolve_texts(votes, readings) == {"t": "t", "ti": "ti", "a": "ä"}


def test_doubtful_glyphs() -> None:
    votes = {
        "n": Counter({"n": 9, "-": 1}),  # subsets disagree
        "t1": Counter({"t": 12}),  # two outlines, one text
        "t2": Counter({"t": 11}),
        "o": Counter({"o": 12}),  # sure
        "comma": Counter({",": 3, ";": 1}),  # no letter: left alone
    }
    assert glyphs.doubtful_glyphs(votes) == ["n", "t1", "t2"]


@pytest.mark.parametrize(
    ("name", "base"),
    [("BAAAAA+Calibri-Bold", "Calibri-Bold"), ("Calibri", "Calibri"), ("AB+Arial", "AB+Arial")],
)
def test_base_name(name: str, base: str) -> None:
    assert glyphs.base_name(name) == base


def test_tounicode_cmap_round_trips_through_pdfminer() -> None:
    from pdfminer.cmapdb import CMapParser, FileUnicodeMap

    mapping = {1: "V", 2: "ä", 3: "tf", **{i: "x" for i in range(10, 150)}}
    parsed = FileUnicodeMap()
    CMapParser(parsed, io.BytesIO(glyphs.tounicode_cmap(mapping))).run()
    assert parsed.cid2unichr == mapping


def test_ordinary_files_are_not_parsed_again() -> None:
    data = TARKASTUS.read_bytes()
    assert not glyphs.may_need_repair(data)
    assert glyphs.repair_pdf(data, Settings()) == (data, [])


def test_nykarleby_fonts_are_repaired(tmp_path: Path) -> None:
    settings = Settings(nlp=False, glyph_cache_dir=str(tmp_path))
    data, repairs = glyphs.repair_pdf(VALFARD.read_bytes(), settings)
    assert [(r.base, r.subsets, r.read) for r in repairs] == [
        ("Calibri-Bold", 13, True), ("Calibri", 13, True)]
    # The new maps are an incremental update that pdfium (and so every reader) accepts.
    assert data.startswith(VALFARD.read_bytes())
    assert len(pdfium.PdfDocument(data)) == 25
    assert (tmp_path / "glyphs.json").exists()

    minutes = hytedocs.parse(VALFARD, settings=settings)
    titles = {s.number: s.presenter.title for s in minutes.sections if s.presenter}
    assert set(titles.values()) == {"Bildningsdirektör/tf välfärdschef"}
    assert sorted(titles) == list(range(40, 50))
    assert minutes.sections[0].title == "Sammanträdets laglighet och beslutförhet"
    codes = [w.code for w in minutes.warnings]
    assert codes == ["font_repaired", "font_repaired"]
    assert minutes.warnings[0].message.startswith(
        "font Calibri-Bold: its 13 subsets map glyphs to wrong letters (pages 1, 3-7, 11, "
        "14-15, 17, 19-20, 24); 23 glyphs re-read from their shapes ('-'→'E', ")


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_missing_map_entry_gets_its_glyph_text(backend: str) -> None:
    # One subset leaves the bold "r" out of its map: "Odföande Emilia Haveinen" before.
    minutes = hytedocs.parse(UNGDOM, settings=Settings(nlp=False, backend=backend))
    presenter = {s.number: s.presenter for s in minutes.sections}[20]
    assert presenter is not None
    assert (presenter.name, presenter.title) == ("Emilia Haverinen", "Ordförande")


def test_without_tesseract_the_file_still_parses(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    import hytedocs.ocr

    monkeypatch.setattr(hytedocs.ocr, "ocr_available", lambda: False)
    settings = Settings(nlp=False, glyph_cache_dir=str(tmp_path / "empty"))
    minutes = hytedocs.parse(VALFARD, settings=settings)
    assert [w.code for w in minutes.warnings][:2] == ["font_not_repaired", "font_not_repaired"]
    assert "tesseract" in minutes.warnings[0].message
    assert len(minutes.sections) == 11


def test_repaired_text_is_no_longer_garbled() -> None:
    from hytedocs.garbled import score_pages
    from hytedocs.pipeline import read_pages

    shares = {}
    for repair in (False, True):
        _, pages = read_pages(VALFARD, Settings(nlp=False, repair_fonts=repair))
        scores = score_pages(pages, 0.0)
        shares[repair] = sum(s.unknown for s in scores) / sum(s.words for s in scores)
    # Measured: 37.2% of the words unknown to Voikko and the Swedish word list before, 7.4%
    # after (names, abbreviations and compounds the lists lack).
    assert shares[False] > 0.35
    assert shares[True] < 0.08


def test_repair_can_be_turned_off() -> None:
    minutes = hytedocs.parse(VALFARD, settings=Settings(nlp=False, repair_fonts=False))
    assert not any(w.code.startswith("font_") for w in minutes.warnings)
    assert minutes.sections[0].title == "Sammanträdets laglighet och beslutfrhet"
