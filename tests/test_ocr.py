"""OCR of scanned and garbled pages with tesseract (the optional extra hytedocs[ocr]).

The scanned inputs are made in the test: real fixture pages rendered to images with pdftoppm
and wrapped into an image-only PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import hytedocs
from hytedocs.errors import DependencyError
from hytedocs.pdf import ocr
from hytedocs.pdf.garbled import score_pages
from hytedocs.pdf.ocr import mark_ocr_blocks, ocr_pages, tsv_to_words
from hytedocs.pdf.reader import read_pages
from hytedocs.pdf.source import Word
from hytedocs.settings import Settings

from .test_bad_inputs import TARKASTUS, VANTAA, scanned

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
VALFARD = REAL / "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf"
OCR = Settings(nlp=False, ocr=True)

needs_tesseract = pytest.mark.skipif(
    not ocr.ocr_available(), reason="tesseract with fin/swe models is not installed"
)

TSV = "\n".join([
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
    "4\t1\t1\t1\t1\t0\t100\t200\t400\t50\t-1\t",
    "5\t1\t1\t1\t1\t1\t100\t210\t150\t35\t95.1\tPäätös",
    "5\t1\t1\t1\t1\t2\t300\t205\t200\t45\t91.0\thyväksyttiin",
    "5\t1\t1\t1\t1\t3\t520\t205\t20\t20\t12.0\t~",
])


def test_tsv_to_words_uses_line_boxes_and_drops_noise() -> None:
    words = tsv_to_words(TSV, 3, 0.5)
    assert [w.text for w in words] == ["Päätös", "hyväksyttiin"]
    assert {(w.top, w.bottom) for w in words} == {(100.0, 125.0)}  # the line's box, halved
    assert (words[0].x0, words[0].x1) == (50.0, 125.0)
    assert words[0].size == 25.0
    assert words[0].page == 3
    assert not words[0].bold


def test_tsv_to_words_marks_thick_strokes_bold() -> None:
    header = TSV.splitlines()[0]
    rows = [f"5\t1\t1\t1\t1\t{n}\t{100 * n}\t100\t60\t30\t90\tsana{n}" for n in range(1, 6)]
    ink = np.zeros((200, 700), dtype=bool)
    for n in range(1, 6):
        for stroke in range(100 * n, 100 * n + 60, 10):
            # Word 3 is drawn with 4 px strokes, the others with 2 px.
            ink[100:130, stroke : stroke + (4 if n == 3 else 2)] = True
    words = tsv_to_words("\n".join([header, *rows]), 1, 1.0, ink)
    assert [w.bold for w in words] == [False, False, True, False, False]
    assert words[2].fontname == "OCR-Bold"


def test_missing_tesseract_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    ocr.tesseract_languages.cache_clear()
    try:
        with pytest.raises(DependencyError, match="apt-get install tesseract-ocr"):
            ocr.tesseract_languages()
        assert not ocr.ocr_available()
    finally:
        ocr.tesseract_languages.cache_clear()


@needs_tesseract
def test_scanned_page_is_read(tmp_path: Path) -> None:
    minutes = hytedocs.parse(scanned(VANTAA, tmp_path), settings=OCR)
    warnings = [w for w in minutes.warnings if w.code == "ocr_pages"]
    assert len(warnings) == 1
    assert warnings[0].message.endswith(": 1")
    text = minutes.model_dump_json()
    assert "valtiovarainministeriölle parlamentaarisen" in text
    # parse() marks every block of the one-page scan as read by OCR.
    blocks = [f.block for s in minutes.sections for f in s.fields]
    assert blocks and all(b.ocr for b in blocks)
    assert mark_ocr_blocks(minutes, {1}) > 0
    assert '"ocr":false' not in minutes.model_dump_json()


@needs_tesseract
@pytest.mark.slow
def test_scanned_minutes_give_the_same_sections(tmp_path: Path) -> None:
    # Done-when of the robustness issue: every page of a Lapua minutes as an image only.
    original = hytedocs.parse(TARKASTUS, settings=Settings(nlp=False))
    read = hytedocs.parse(scanned(TARKASTUS, tmp_path, "1-8"), settings=OCR)
    assert [(s.number, s.title) for s in read.sections] == [
        (s.number, s.title) for s in original.sections
    ]
    assert [s.number for s in original.sections] == [15, 16, 17, 18, 19]


@needs_tesseract
def test_ocr_repairs_a_garbled_page() -> None:
    # The text layer as the file has it (glyphs.py would repair its fonts first).
    opened, pages = read_pages(VALFARD, Settings(nlp=False, repair_fonts=False))
    before = {s.page: s.share for s in score_pages(pages, 0.0)}
    assert before[24] > 0.8
    assert ocr_pages(opened, pages, [24], Settings(nlp=False)) == [24]
    assert pages[23].ocr
    after = {s.page: s.share for s in score_pages(pages, 0.0)}
    assert after[24] < 0.1
    assert "ANVISNING FÖR BEGÄRAN OM OMPRÖVNING" in " ".join(w.text for w in pages[23].words)


@needs_tesseract
def test_ocr_garbled_rereads_only_the_garbled_page() -> None:
    pdf = REAL / "nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf"
    as_printed = Settings(nlp=False, repair_fonts=False)
    plain = hytedocs.parse(pdf, settings=as_printed)
    assert [w.page for w in plain.warnings if w.code == "garbled_text"] == [9]
    read = hytedocs.parse(pdf, settings=as_printed.model_copy(
        update={"ocr": True, "ocr_garbled": True}))
    assert not [w for w in read.warnings if w.code == "garbled_text"]
    assert [w.message.rsplit(": ", 1)[1] for w in read.warnings if w.code == "ocr_pages"] == ["9"]


def _words(*texts: str) -> list[Word]:
    return [Word(text=t, x0=10.0 * i, x1=10.0 * i + 8, top=100.0, bottom=112.0,
                 fontname="OCR", size=12.0, page=1) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("texts", "index", "found"),
    [
        (("815", "Kokouksen"), 0, (0, 0, True)),
        (("8", "16", "Pöytäkirjan"), 0, (0, 1, True)),
        (("398", "Sammanträdets"), 0, (0, 0, False)),
        (("39", "8", "Sammanträdets"), 1, (0, 1, False)),
        (("2018",), 0, None),  # a year
        (("8", "kpl"), 0, None),
        (("88888",), 0, None),
        (("1234",), 0, None),
    ],
)
def test_section_sign_suspects(texts: tuple[str, ...], index: int,
                               found: tuple[int, int, bool] | None) -> None:
    assert ocr._section_suspect(_words(*texts), index) == found


@needs_tesseract
def test_swedish_section_numbers_read_by_ocr() -> None:
    # Nykarleby prints "39 §"; the Swedish model alone reads it as "398".
    opened, pages = read_pages(VALFARD, Settings(nlp=False))
    ocr_pages(opened, pages, [3], Settings(nlp=False))
    texts = [w.text for w in pages[2].words]
    start = texts.index("Sammanträdets")
    assert texts[start - 2 : start] == ["39", "§"]
