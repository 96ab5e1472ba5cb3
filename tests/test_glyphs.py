"""Repair of font subsets whose ToUnicode maps disagree with their glyphs (glyphs.py)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

import hytedocs
from hytedocs.pdf import glyph_proof, glyph_reading, glyphs, tounicode
from hytedocs.settings import Settings

from .conftest import REAL, ROOT, TARKASTUS
from .glyph_pdfs import DATE_PAGES, DEJAVU, SYNTHETIC_CASES, Page, build_pdf, codes_of, unbacked
from .test_ocr import needs_tesseract

sys.path.insert(0, str(ROOT / "benchmarks"))
import repair as repair_bench

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
    assert glyph_reading._backed_reading(read, Counter(counted)) == expected


def test_resolve_texts_gives_one_shape_one_text() -> None:
    votes = {
        "t": Counter({"t": 12}),
        "ti": Counter({"t": 5, "ti": 1}),  # the "ti" ligature, mostly mapped to "t"
        "a": Counter({"ä": 8, "v": 4}),
    }
    readings = {"t": "t", "ti": "t", "a": "ä"}
    assert glyph_reading.resolve_texts(votes, readings) == {"t": "t", "ti": "ti", "a": "ä"}


def test_doubtful_glyphs() -> None:
    votes = {
        "n": Counter({"n": 9, "-": 1}),  # subsets disagree
        "t1": Counter({"t": 12}),  # two outlines, one text
        "t2": Counter({"t": 11}),
        "o": Counter({"o": 12}),  # sure
        "comma": Counter({",": 3, ";": 1}),  # no letter: left alone
    }
    assert glyph_reading.doubtful_glyphs(votes) == ["n", "t1", "t2"]


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
    CMapParser(parsed, io.BytesIO(tounicode.tounicode_cmap(mapping))).run()
    assert parsed.cid2unichr == mapping


def test_ordinary_files_are_not_parsed_again() -> None:
    data = TARKASTUS.read_bytes()
    assert not glyphs.may_need_repair(data)
    assert glyphs.repair_pdf(data, Settings()) == (data, [])


@needs_tesseract
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


@needs_tesseract
@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_missing_map_entry_gets_its_glyph_text(backend: str) -> None:
    # One subset leaves the bold "r" out of its map: "Odföande Emilia Haveinen" before.
    minutes = hytedocs.parse(UNGDOM, settings=Settings(nlp=False, backend=backend))
    presenter = {s.number: s.presenter for s in minutes.sections}[20]
    assert presenter is not None
    assert (presenter.name, presenter.title) == ("Emilia Haverinen", "Ordförande")


def test_without_tesseract_the_file_still_parses(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    import hytedocs.pdf.ocr

    monkeypatch.setattr(hytedocs.pdf.ocr, "ocr_available", lambda: False)
    settings = Settings(nlp=False, glyph_cache_dir=str(tmp_path / "empty"))
    minutes = hytedocs.parse(VALFARD, settings=settings)
    assert [w.code for w in minutes.warnings][:2] == ["font_not_repaired", "font_not_repaired"]
    assert "tesseract" in minutes.warnings[0].message
    assert len(minutes.sections) == 11


@needs_tesseract
def test_repaired_text_is_no_longer_garbled() -> None:
    from hytedocs.pdf.garbled import score_pages
    from hytedocs.pdf.reader import read_pages

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


# --- Synthetic files: one font embedded as a subset per page, the iText way (glyph_pdfs.py). ---

needs_dejavu = pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans is not installed")
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")

SYNTHETIC = [
    ["PROTOKOLL 15.9.2022", "Välfärdsnämnden", "§ 40 Sammanträdets laglighet och beslutförhet",
     "Föredragande: Bildningsdirektör/tf välfärdschef",
     "Beslut: Mötet konstaterades lagligt och beslutfört."],
    ["§ 41 Budget för välfärd", "Föredragande: Bildningsdirektör/tf välfärdschef",
     "Beslut: Välfärdsnämnden godkände budgeten."],
    ["§ 42 Ärenden för kännedom", "Föredragande: Bildningsdirektör/tf välfärdschef",
     "Beslut: Nämnden antecknade ärendena för kännedom."],
    ["§ 43 Övriga ärenden", "Föredragande: Bildningsdirektör/tf välfärdschef",
     "Beslut: Inga övriga ärenden förelåg."],
]
# (§, title, decision) as printed.
SYNTHETIC_SECTIONS = [
    (40, "Sammanträdets laglighet och beslutförhet", "Mötet konstaterades lagligt och beslutfört."),
    (41, "Budget för välfärd", "Välfärdsnämnden godkände budgeten."),
    (42, "Ärenden för kännedom", "Nämnden antecknade ärendena för kännedom."),
    (43, "Övriga ärenden", "Inga övriga ärenden förelåg."),
]


def shifted_pages(bad: int = 1) -> list[Page]:
    """The four pages, page ``bad`` (0-based) with its map shifted from "ä" on: "välfärd" is
    written with "ä" mapped to "v", "l" to "ä", and so on to the end of its codes."""
    pages = [Page(lines) for lines in SYNTHETIC]
    pages[bad].shift_from = codes_of(SYNTHETIC[bad]).index("ä") + 1
    return pages


@pytest.fixture(scope="module")
def shifted_pdf() -> bytes:
    return build_pdf(shifted_pages())


def sections_of(minutes: hytedocs.Minutes) -> list[tuple[int | None, str | None, str | None]]:
    return [(s.number, s.title, s.decision.text if s.decision else None)
            for s in minutes.sections]


@needs_dejavu
def test_synthetic_subsets_with_right_maps_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build_pdf([Page(lines) for lines in SYNTHETIC[:2]])
    assert glyphs.may_need_repair(data)  # two subsets of one font: checked
    seen: list[dict[str, Counter[str]]] = []
    inconsistent = glyphs._inconsistent

    def spy(votes: dict[str, Counter[str]]) -> bool:
        seen.append(votes)
        return inconsistent(votes)

    monkeypatch.setattr(glyphs, "_inconsistent", spy)
    assert glyphs.repair_pdf(data, Settings()) == (data, [])
    # The outlines were compared, not passed over: every character of the two pages is one
    # outline with one text, voted for by each subset that has it ("ä", a composite, too).
    [votes] = seen
    both = set(codes_of(SYNTHETIC[0])) & set(codes_of(SYNTHETIC[1]))
    assert all(len(v) == 1 for v in votes.values())
    assert sorted((t, n) for v in votes.values() for t, n in v.items()) == sorted(
        (ch, 2 if ch in both else 1) for ch in {*codes_of(SYNTHETIC[0]), *codes_of(SYNTHETIC[1])})
    assert Counter({"ä": 2}) in votes.values()


@needs_dejavu
def test_synthetic_shift_garbles_the_text_unrepaired(shifted_pdf: bytes) -> None:
    minutes = hytedocs.parse(shifted_pdf, settings=Settings(nlp=False, repair_fonts=False))
    assert sections_of(minutes)[1] == (41, "Budget för vväfvrd", None)


@needs_dejavu
@needs_tesseract
@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_synthetic_shifted_subset_is_repaired(shifted_pdf: bytes, backend: str,
                                              tmp_path: Path) -> None:
    settings = Settings(nlp=False, backend=backend, glyph_cache_dir=str(tmp_path))
    minutes = hytedocs.parse(shifted_pdf, settings=settings)
    assert sections_of(minutes) == SYNTHETIC_SECTIONS
    assert {s.presenter.title for s in minutes.sections if s.presenter} == {
        "Bildningsdirektör/tf välfärdschef"}
    repaired = [w for w in minutes.warnings if w.code.startswith("font_")]
    assert [w.code for w in repaired] == ["font_repaired"]
    # The 17 codes of the shifted page from "ä" on, each given its own letter back.
    assert repaired[0].message == (
        "font DejaVuSans: its 4 subsets map glyphs to wrong letters (pages 1-4); 17 glyphs "
        "re-read from their shapes ('/'→'c', ':'→'i', 'F'→'a', 'V'→'m', 'a'→'n', 'b'→'.', "
        "'c'→'h', 'h'→'V')")
    assert repaired[0].page == 1
    # The second parse reads the glyphs from the cache, and reads the same.
    assert sections_of(hytedocs.parse(shifted_pdf, settings=settings)) == SYNTHETIC_SECTIONS


@needs_dejavu
@needs_tesseract
def test_synthetic_update_is_a_well_formed_incremental_update(shifted_pdf: bytes,
                                                              tmp_path: Path) -> None:
    data, repairs = glyphs.repair_pdf(shifted_pdf, Settings(glyph_cache_dir=str(tmp_path)))
    [repair] = repairs
    # Only the shifted page's ToUnicode stream is replaced (object 15: page 2's sixth object).
    assert sorted(repair.maps) == [15]
    assert data.startswith(shifted_pdf)
    tail = data[len(shifted_pdf):]
    old_startxref = int(shifted_pdf.rsplit(b"startxref", 1)[1].split()[0])
    match = re.fullmatch(
        rb"15 0 obj\n<< /Length (\d+) >>\nstream\n(.*)\nendstream\nendobj\n"
        rb"xref\n15 1\n(.{20})trailer\n<< (.*) >>\nstartxref\n(\d+)\n%%EOF\n", tail, re.S)
    assert match is not None
    length, cmap, entry, trailer, startxref = match.groups()
    assert int(length) == len(cmap)
    assert entry == f"{len(shifted_pdf):010d} 00000 n\r\n".encode()  # 20 bytes, generation 0
    assert data[int(startxref):].startswith(b"xref\n15 1\n")
    assert trailer.decode() == (
        f"/Size 28 /Prev {old_startxref} /Root 1 0 R /Info 3 0 R "
        "/ID [<0123456789abcdef0123456789abcdef> <fedcba9876543210fedcba9876543210>]")
    # qpdf, the strictest reader at hand, finds nothing wrong with the updated file.
    if shutil.which("qpdf"):
        path = tmp_path / "updated.pdf"
        path.write_bytes(data)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No syntax or stream encoding errors found" in check.stdout


@needs_dejavu
@needs_qpdf
@pytest.mark.parametrize(
    "qpdf_args",
    [["--object-streams=generate"], ["--encrypt", "", "owner", "256", "--"],
     ["--encrypt", "", "owner", "128", "--use-aes=y", "--"]],
    ids=["xref-stream", "aes256", "aes128"],
)
def test_synthetic_xref_stream_or_encrypted_is_left_as_is(
        shifted_pdf: bytes, qpdf_args: list[str], tmp_path: Path) -> None:
    source, converted = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(shifted_pdf)
    subprocess.run(["qpdf", *qpdf_args, str(source), str(converted)], check=True)
    data = converted.read_bytes()
    assert glyphs.may_need_repair(data)
    settings = Settings(nlp=False, glyph_cache_dir=str(tmp_path / "cache"))
    # Documented limitation: such files cannot take an appended plain update. The damage is
    # still found, and said.
    why = ("the file is encrypted" if "--encrypt" in qpdf_args
           else "the file's cross-reference stream takes no appended plain update")
    out, repairs = glyphs.repair_pdf(data, settings)
    assert out == data
    assert [(r.base, r.read, r.why, r.maps) for r in repairs] == [("DejaVuSans", False, why, {})]
    for backend in ("pdfplumber", "pdfium"):
        minutes = hytedocs.parse(data, settings=settings.model_copy(update={"backend": backend}))
        assert sections_of(minutes) == [
            SYNTHETIC_SECTIONS[0], (41, "Budget för vväfvrd", None), *SYNTHETIC_SECTIONS[2:]]
        warned = [w for w in minutes.warnings if w.code.startswith("font_")]
        assert [w.code for w in warned] == ["font_not_repaired"]
        assert f"), and {why}; words in this font may be misspelt" in warned[0].message


@needs_dejavu
@needs_tesseract
def test_a_shared_tounicode_stream_is_not_rewritten_for_one_font(tmp_path: Path) -> None:
    # Page 2's font uses page 1's ToUnicode stream, whose codes are not its own: page 2 reads
    # wrong, and a map corrected for it would make page 1, which reads right, wrong.
    data = build_pdf([Page(lines) for lines in SYNTHETIC], share_tounicode=True)
    settings = Settings(nlp=False, glyph_cache_dir=str(tmp_path))
    updated, repairs = glyphs.repair_pdf(data, settings)
    assert [(r.base, r.subsets, r.read, r.maps) for r in repairs] == [("DejaVuSans", 4, True, {})]
    assert updated == data
    # Page 1 reads as printed (page 2, unreadable, runs on into its decision).
    number, title, decision = sections_of(hytedocs.parse(data, settings=settings))[0]
    assert (number, title) == SYNTHETIC_SECTIONS[0][:2]
    assert decision is not None and decision.split("\n\n")[0] == SYNTHETIC_SECTIONS[0][2]


@pytest.mark.parametrize(
    ("votes", "readings"),
    [
        # Three subsets against one shifted; OCR reads the "l" as "å", which folds to the
        # "ä" the shifted subset gave it: the "ä" shape owns "ä", so the "l" stays "l".
        ({"ä": {"ä": 3, "v": 1}, "l": {"l": 3, "ä": 1}}, {"ä": "ä", "l": "å"}),
        ({"l": {"l": 3, "ä": 1}, "ä": {"ä": 3, "v": 1}}, {"ä": "ä", "l": "å"}),
        # Two subsets, one shifted: a tie that the exact reading breaks.
        ({"ä": {"ä": 1, "v": 1}, "l": {"l": 1, "ä": 1}}, {"ä": "ä", "l": "å"}),
        ({"l": {"l": 1, "ä": 1}, "ä": {"ä": 1, "v": 1}}, {"ä": "ä", "l": "å"}),
    ],
)
def test_a_loosely_backed_misreading_does_not_take_a_letter(
        votes: dict[str, dict[str, int]], readings: dict[str, str]) -> None:
    counted = {key: Counter(texts) for key, texts in votes.items()}
    assert glyph_reading.resolve_texts(counted, readings) == {"ä": "ä", "l": "l"}


def test_a_shape_left_on_a_taken_text_gets_no_stray_letter() -> None:
    # An unknown ligature that every subset but one maps to "t", read by OCR as "t": it
    # keeps "t" rather than the one shifted subset's "k".
    votes = {"t": Counter({"t": 12}), "tz": Counter({"t": 10, "k": 1})}
    assert glyph_reading.resolve_texts(votes, {"t": "t", "tz": "t"}) == {"t": "t", "tz": "t"}


def test_tounicode_cmap_writes_surrogate_pairs_and_skips_two_byte_codes() -> None:
    from pdfminer.cmapdb import CMapParser, FileUnicodeMap

    cmap = tounicode.tounicode_cmap({1: "𝐀", 2: "ﬁ", 3: "fi", 0x1FF: "x", 4: ""})
    assert b"<01> <D835DC00>" in cmap
    parsed = FileUnicodeMap()
    CMapParser(parsed, io.BytesIO(cmap)).run()
    assert parsed.cid2unichr == {1: "𝐀", 2: "ﬁ", 3: "fi"}


def test_glyph_cache_survives_a_corrupt_file(tmp_path: Path) -> None:
    settings = Settings(glyph_cache_dir=str(tmp_path))
    path = tmp_path / "glyphs.json"
    for text in ("{not json", "[1, 2]", '{"version": 3}', '{"version": 3, "glyphs": [1]}',
                 "\udcff".encode("utf-8", "surrogatepass").decode("latin-1")):
        path.write_text(text, "latin-1")
        assert glyph_reading._GlyphCache.open(settings).data == {}
    # Values that are not readings are dropped, not handed to the resolver as readings.
    # (A number there once made every later repair fail on "5".strip().)
    path.write_text(json.dumps({"version": 3, "glyphs": {"o|a": "ä", "o|b": 5, "o|c": None}}))
    assert glyph_reading._GlyphCache.open(settings).data == {"o|a": "ä"}
    votes = {"a": Counter({"ä": 2, "v": 1}), "o": Counter({"o": 9})}
    assert glyph_reading.read_glyphs(["a"], votes, {}, settings) == {"a": "ä"}  # no OCR needed


def test_glyph_cache_write_failure_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = glyph_reading._GlyphCache(tmp_path / "glyphs.json", {})

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", full_disk)
    cache.update("f", {"a": "ä"})  # logged, not raised
    assert list(tmp_path.iterdir()) == []
    assert cache.get("f", "a") == "ä"


@needs_dejavu
def test_a_failing_tesseract_leaves_the_font_with_a_warning(
        shifted_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hytedocs.pdf.ocr
    from hytedocs.errors import DependencyError

    def broken(*args: object, **kwargs: object) -> str:
        raise DependencyError("tesseract failed (Error: Illegal min or max specification!)")

    monkeypatch.setattr(hytedocs.pdf.ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(hytedocs.pdf.ocr, "run_tesseract", broken)
    settings = Settings(nlp=False, glyph_cache_dir=str(tmp_path))
    minutes = hytedocs.parse(shifted_pdf, settings=settings)
    assert [w.code for w in minutes.warnings if w.code.startswith("font_")] == [
        "font_not_repaired"]
    assert sections_of(minutes)[1] == (41, "Budget för vväfvrd", None)


@needs_dejavu
@needs_tesseract
def test_the_update_keeps_the_generation_of_the_replaced_stream(shifted_pdf: bytes,
                                                                tmp_path: Path) -> None:
    # The shifted page's ToUnicode stream (object 15) as generation 3: same byte lengths.
    at = shifted_pdf.index(b"\n15 0 obj\n") + 1
    data = (shifted_pdf[:at] + b"15 3 obj" + shifted_pdf[at + 8:]).replace(
        b"/ToUnicode 15 0 R", b"/ToUnicode 15 3 R").replace(
        f"{at:010d} 00000 n".encode(), f"{at:010d} 00003 n".encode())
    assert len(data) == len(shifted_pdf)
    updated, repairs = glyphs.repair_pdf(data, Settings(glyph_cache_dir=str(tmp_path)))
    assert sorted(repairs[0].maps) == [15]
    tail = updated[len(data):]
    assert tail.startswith(b"15 3 obj\n")
    assert f"xref\n15 1\n{len(data):010d} 00003 n\r\ntrailer\n".encode() in tail
    text = pdfium.PdfDocument(updated)[1].get_textpage().get_text_range()
    assert text.split("\r\n")[0] == "§ 41 Budget för välfärd"


# --- Digits: why a printed 389 came out 382 (glyph_reading.py) ------------------------------

def test_a_digit_most_subsets_shift_is_not_given_its_neighbours_text() -> None:
    # Nykarleby personalsektionen 28.3.2023: six of eleven subsets give the "8" the text of
    # the "2" before it (the running header prints the date first on every page). Read
    # right, the "8" is an 8 against the majority; misread (a lone "8" between letters came
    # out "s"), it keeps each subset's own text. Before, it became "2" in all of them.
    votes = {"8": Counter({"2": 6, "8": 5}), "2": Counter({"2": 12}), "s": Counter({"s": 12})}
    read = {"2": "2", "s": "s"}
    assert glyph_reading.resolve_texts(votes, {**read, "8": "8"}) == {"8": "8", **read}
    assert glyph_reading.resolve_texts(votes, {**read, "8": "s"}) == read
    # Without an "s" in the font, the misreading is not taken for a missing letter either.
    del votes["s"]
    assert glyph_reading.resolve_texts(votes, {"8": "s", "2": "2"}) == {"2": "2"}


def test_an_exact_reading_owns_a_text_before_the_majority() -> None:
    # The "§" that three shifted subsets of five call "3": the "3" shape, read "3", owns
    # "3"; the "§" (unread) keeps its subsets' own texts instead of taking the "3".
    votes = {"three": Counter({"3": 2, "0": 3}), "section": Counter({"§": 2, "3": 3})}
    assert glyph_reading.resolve_texts(votes, {"three": "3", "section": ""}) == {"three": "3"}
    # OCR reads "§" as "8" (the Finnish and Swedish models): that backs the "§".
    assert glyph_reading.resolve_texts(votes, {"three": "3", "section": "8"}) == {
        "three": "3", "section": "§"}


def test_digits_are_doubted_and_a_digit_only_disagreement_is_found() -> None:
    votes = {"9": Counter({"2": 3, "9": 2}), "2": Counter({"2": 5}), ".": Counter({".": 5})}
    assert glyph_reading.doubtful_glyphs(votes) == ["9", "2"]
    assert glyphs._inconsistent(votes)
    assert not glyphs._inconsistent({"2": Counter({"2": 5}), ",": Counter({",": 2, ";": 1})})


# --- The proof on the printed page (glyph_proof.py) -----------------------------------------

@pytest.mark.parametrize(
    ("read", "text", "expected"),
    [
        ("28.3.2023", "28.3.2023", 0.0),
        ("28.3.2023", "22.3.2023", 1.0),  # a digit is a digit: no half price
        ("Bildningsdirektör/tf", "Bildningsdirektör/t", 1.0),
        ("ﬁnns", "finns", 0.0),  # ligature characters spelt out
        ("Ilagligt", "llagligt", 0.5),  # "I"/"l", a confusion OCR makes
        ("2022–2023", "2022-2023", 0.5),  # dashes differ by length only
        ("utser", "u ser", 1.0),  # a space inside a printed word is not printed
        ("utser", " utser ", 0.0),
    ],
)
def test_distance(read: str, text: str, expected: float) -> None:
    assert glyph_proof.distance(read, text) == expected


# What the OCR of every changed word says, per synthetic case (benchmarks/repair.py, all words
# read, not the gate's sample): printed lines wrong before and after the repair, words
# changed, confirmed, refuted, and words with a digit whose digits the repair changed.
SYNTHETIC_FIGURES = {
    "shift_one_page": (3, 0, 8, 8, 0, 0),
    "date_majority": (9, 0, 25, 24, 0, 17),
    "digits_only": (3, 0, 6, 6, 0, 6),
    "shift_onto_digits": (3, 0, 12, 12, 0, 2),
    "letters_majority": (6, 0, 16, 16, 0, 0),
}


@needs_dejavu
@needs_tesseract
@pytest.mark.parametrize("name", sorted(SYNTHETIC_CASES))
def test_synthetic_case_is_repaired_and_every_change_is_printed(name: str) -> None:
    pages = SYNTHETIC_CASES[name]
    # Each letter a shifted page maps wrong is printed right on another page, so comparing
    # the subsets can find every one of them.
    assert unbacked(pages) == set()
    figures = repair_bench.measure(build_pdf(pages), name, [p.lines for p in pages], timed=False)
    assert figures is not None
    assert (figures.lines_wrong_before, figures.lines_wrong_after, figures.words_changed,
            figures.confirmed, figures.refuted, figures.digits_changed) == SYNTHETIC_FIGURES[name]
    # No digit changed from its printed form, and nothing left refused.
    assert figures.digits_changed_not_printed == 0
    assert figures.digits_changed_confirmed == figures.digits_changed
    assert figures.glyph_changes_refused == 0


@needs_dejavu
@needs_tesseract
def test_synthetic_date_and_diary_numbers_read_as_printed(tmp_path: Path) -> None:
    # The issue's file: 29.5.2023 came out as another date, NKBY/389 as NKBY/382.
    data = build_pdf(SYNTHETIC_CASES["date_majority"])
    minutes = hytedocs.parse(data, settings=Settings(nlp=False, glyph_cache_dir=str(tmp_path)))
    assert str(minutes.meeting.date) == "2023-05-29"
    assert [(s.number, s.title) for s in minutes.sections] == [
        (31, "Tjänster NKBY/389/00.02.00/2023"), (32, "Löner NKBY/390/00.02.00/2023"),
        (33, "Avtal NKBY/399/00.02.00/2023"), (34, "Rekrytering NKBY/401/00.02.00/2023"),
        (35, "Övriga ärenden")]
    assert [w.code for w in minutes.warnings] == ["font_repaired"]


def _page_lines(data: bytes) -> list[list[str]]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range().split("\r\n") for i in range(len(pdf))]
    finally:
        pdf.close()


def _majority_nine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolve the "9" of the date case by its subsets' majority, as glyphs.py did: "2"."""
    resolve = glyphs.resolve_texts

    def by_majority(votes: dict[str, Counter[str]], readings: dict[str, str]) -> dict[str, str]:
        texts = resolve(votes, readings)
        for key, counted in votes.items():
            if counted == Counter({"2": 3, "9": 2}):
                texts[key] = "2"
        return texts

    monkeypatch.setattr(glyphs, "resolve_texts", by_majority)


@needs_dejavu
@needs_tesseract
def test_a_wrong_digit_the_subsets_agree_on_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    _majority_nine(monkeypatch)
    data = build_pdf(SYNTHETIC_CASES["date_majority"])
    updated, [repair] = glyphs.repair_pdf(data, Settings(glyph_cache_dir=str(tmp_path)))
    nine = [(c, pages) for c, pages in repair.refused.items() if c[1:] == ("9", "2")]
    assert [pages for _, pages in nine] == [{1, 5}]  # the two right pages keep their "9"
    assert repair.proof is not None
    verdict = repair.proof.verdicts[nine[0][0]]
    # "29.5.2023" (one printed word on both pages) and "NKBY/389/00.02.00/2023".
    assert (verdict.confirmed, verdict.refuted) == (0, 2)
    lines = _page_lines(updated)
    assert lines[0][:2] == DATE_PAGES[0][:2]
    assert lines[4][0] == DATE_PAGES[4][0]
    [refused] = [w for w in glyphs.repair_warnings([repair]) if w.code == "font_repair_refused"]
    assert refused.page == 1
    assert refused.message == (
        "font DejaVuSans: 1 glyph change was not made, as the printed words did not confirm "
        "it (pages 1, 5): '9'→'2' (2 refuted); words with these glyphs keep the text the file "
        "gives them")


@needs_dejavu
@needs_tesseract
def test_a_page_the_repair_makes_worse_keeps_its_text(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    # Should a wrong change pass the word check (here: every change is let through), the page
    # check still finds the pages it makes read less like the printed page.
    _majority_nine(monkeypatch)
    monkeypatch.setattr(glyph_proof, "_stands", lambda verdict: True)
    data = build_pdf(SYNTHETIC_CASES["date_majority"])
    updated, [repair] = glyphs.repair_pdf(data, Settings(glyph_cache_dir=str(tmp_path)))
    assert repair.proof is not None
    assert sorted(repair.refused_pages) == [1, 5]
    lines = _page_lines(updated)
    assert lines[0] == _page_lines(data)[0] and lines[0][:2] == DATE_PAGES[0][:2]
    assert lines[4] == _page_lines(data)[4]
    warned = [w for w in glyphs.repair_warnings([repair]) if w.code == "font_repair_refused"]
    # Page 1 also prints the "A" that every change let through gives the other page's "§".
    assert [(w.page, w.message) for w in warned] == [
        (page, f"font DejaVuSans, page {page}: the repaired words agreed less with the printed "
               f"page than the file's own text, which the page keeps ({glyph_list})")
        for page, glyph_list in ((1, "'9'→'2', 'A'→'§'"), (5, "'9'→'2'"))]


@needs_dejavu
@needs_tesseract
def test_word_readings_are_cached(tmp_path: Path) -> None:
    data = build_pdf(SYNTHETIC_CASES["shift_one_page"])
    settings = Settings(glyph_cache_dir=str(tmp_path))
    proofs: list[Any] = []
    for _ in range(2):
        _, [repair] = glyphs.repair_pdf(data, settings)
        proofs.append(repair.proof)
    assert (tmp_path / "words.json").exists()
    assert [(p.words_read, p.words_judged) for p in proofs] == [(7, 7), (0, 7)]
    assert proofs[0].applied == proofs[1].applied


def test_probe_characters_name_stream_and_code() -> None:
    plan = glyph_proof.StreamPlan(40, "F", {1: "a", 2: "b"}, {1: "F:k1", 2: "F:blank-10"},
                                  {1: "ä"})
    maps = glyph_proof.probe_maps([plan])
    assert maps == {40: {1: "\ue000\uf701", 2: "\ue000\uf702"}}
    # A page's text: a plain word, then a word of the probe with a blank glyph in it (it
    # separates what is printed around it), and a stray private-use character.
    text = "ab " + maps[40][1] + "x" + maps[40][2] + maps[40][1] + " \ue005y"
    runs = [r for s, e in glyph_proof._probed_tokens(text)
            for r in glyph_proof._runs(text, s, e, [40], {(40, 2)})]
    assert runs == [(3, 5, ((40, 1), "x")), (8, 9, ((40, 1),))]
