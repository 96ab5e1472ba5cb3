"""The pdfium backend against the default one: same words, same models.

The backend rebuilds pdfplumber's words from pdfium's characters, so the reference is always
pdfplumber itself, run in the same test on the same real fixture (never stored numbers).
"""

from __future__ import annotations

import random
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pdfplumber.utils import extract_words

import hytedocs
from hytedocs.errors import DamagedPdfError, EncryptedPdfError
from hytedocs.pdf.pdfium_backend import PdfiumSource
from hytedocs.pdf.pdfium_words import Char, chars_to_words
from hytedocs.pdf.source import PageWords, Word, read_source
from hytedocs.pdf.words import PdfplumberSource
from hytedocs.settings import Settings

from .conftest import REAL, VANTAA

FIXTURES = sorted(REAL.glob("*.pdf"))
PAGES = 3  # pages per fixture in the word comparison
TOLERANCE = 0.5  # pt, for word boxes
# pdfium keeps positions as 32-bit floats: where a PDF number has more than four decimals (or
# an advance comes from pdfium's loose box), a model box rounded to 0.01 pt may land one step
# away from pdfplumber's. Everything else must be identical.
BBOX_ROUNDING = 0.0101

def _pages(source: PdfplumberSource | PdfiumSource, limit: int) -> Iterator[PageWords]:
    try:
        for page in source.pages():
            if page.number > limit:
                break
            yield page
    finally:
        source.close()


def _key(word: Word) -> tuple[str, float, float]:
    return (word.text, word.top, word.x0)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_words_match_pdfplumber(path: Path) -> None:
    settings = Settings(nlp=False)
    ref = list(_pages(PdfplumberSource(read_source(path), settings), PAGES))
    got = list(_pages(PdfiumSource(read_source(path), settings), PAGES))
    assert len(got) == len(ref)
    for a, b in zip(ref, got, strict=True):
        assert (b.number, b.width, b.height, b.rotation) == (a.number, a.width, a.height,
                                                             a.rotation)
        assert b.images == a.images
        words_a = sorted(a.words, key=_key)
        words_b = sorted(b.words, key=_key)
        assert [w.text for w in words_b] == [w.text for w in words_a], f"page {a.number}"
        for wa, wb in zip(words_a, words_b, strict=True):
            assert wb.fontname == wa.fontname, (a.number, wa.text)
            assert wb.size == pytest.approx(wa.size, abs=1e-3), (a.number, wa.text)
            for edge in ("x0", "x1", "top", "bottom"):
                assert getattr(wb, edge) == pytest.approx(getattr(wa, edge), abs=TOLERANCE), (
                    a.number, wa.text, edge)


def _same(a: object, b: object, path: str = "", *, box_step: bool = False) -> list[str]:
    """Where two model dumps differ; with ``box_step``, box coordinates may differ by one
    rounding step."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(a.keys() | b.keys()):
            out += _same(a.get(key), b.get(key), f"{path}.{key}", box_step=box_step)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        if box_step and path.endswith("bbox"):
            return [] if all(abs(x - y) <= BBOX_ROUNDING for x, y in zip(a, b, strict=True)) \
                else [f"{path}: {a} vs {b}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _same(x, y, f"{path}[{i}]", box_step=box_step)]
    return [] if a == b else [f"{path}: {str(a)[:60]!r} vs {str(b)[:60]!r}"]


SMALL = [p for p in FIXTURES if p.stem.startswith(("oulu_", "vantaa_", "lapua_tarkastus"))]


def _assert_same_model(path: Path) -> None:
    ref = hytedocs.parse(path, nlp=False).model_dump()
    got = hytedocs.parse(path, nlp=False, backend="pdfium").model_dump()
    assert got["sections"], "the parser found no sections: nothing to compare"
    differences = _same(ref, got, box_step=True)
    assert not differences, differences[:10]


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.stem)
def test_parse_same_model_small(path: Path) -> None:
    _assert_same_model(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_parse_same_model(path: Path) -> None:
    _assert_same_model(path)


# --- the word rules, against pdfplumber's own implementation ---------------------------------


def _char(text: str, x0: float, top: float, *, width: float = 5.0, size: float = 10.0,
          font: str = "AAAAAA+OpenSans", upright: bool = True) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size,
            "doctop": top, "upright": upright, "height": size, "width": width,
            "fontname": font, "size": size}


def _as_tuple(c: dict[str, Any]) -> Char:
    return (c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["upright"], c["fontname"],
            c["size"])


CASES: dict[str, list[dict[str, Any]]] = {
    "gap within tolerance joins": [_char("k", 0, 0), _char("y", 7.9, 0)],
    "gap over tolerance cuts": [_char("k", 0, 0), _char("y", 8.1, 0)],
    "space cuts even without gap": [_char("a", 0, 0), _char(" ", 5, 0), _char("b", 5, 0)],
    "zero-width space stays in the word": [_char("a", 0, 0), _char("\u200b", 5, 0, width=0),
                                           _char("b", 5, 0)],
    "font change starts a new run": [_char("§", 0, 0), _char("1", 5, 0, font="B+Bold")],
    "size change starts a new run": [_char("1", 0, 0), _char("2", 5, 0, size=8.0)],
    "ligature expands": [_char("\ufb01", 0, 0), _char("n", 5, 0)],
    "lines chain within y tolerance": [_char("a", 0, 0), _char("b", 20, 2.5),
                                       _char("c", 40, 5.0), _char("d", 5, 2.0)],
    "stream order is kept across runs": [_char("x", 50, 0), _char("y", 0, 20, font="B+Bold"),
                                         _char("z", 0, 0)],
    "backwards character cuts": [_char("a", 10, 0), _char("b", 15, 0), _char("c", 12, 0)],
    "rotated text reads top to bottom": [
        _char("u", 0, 10, upright=False), _char("p", 0, 0, upright=False),
        _char("q", 0, 30, upright=False),
    ],
}


def _both_word_lists(chars: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """(this backend's words, pdfplumber's words) from the same characters, as tuples."""
    ref = extract_words(chars, extra_attrs=["fontname", "size"], keep_blank_chars=False,
                        use_text_flow=False)
    got = chars_to_words([_as_tuple(c) for c in chars], page=1)
    return (
        [(w.text, w.x0, w.x1, w.top, w.bottom, w.fontname, w.size) for w in got],
        [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["fontname"], w["size"])
         for w in ref],
    )


@pytest.mark.parametrize("chars", list(CASES.values()), ids=list(CASES))
def test_chars_to_words_is_pdfplumbers(chars: list[dict[str, Any]]) -> None:
    got, ref = _both_word_lists(chars)
    assert got == ref


def _random_line_chars(rng: random.Random) -> list[dict[str, Any]]:
    """Characters on a few nearby lines, with spaces, ligatures, overlaps and font changes: the
    cases where the word rules' branches meet."""
    out = []
    for _ in range(rng.randint(1, 40)):
        text = rng.choice("abcxyz" + " \u00a0\u2003\ufb01")
        x0 = rng.choice([rng.uniform(0, 80), float(rng.randint(0, 30) * 2.5)])
        top = rng.choice([0.0, 0.0, 2.5, 3.0, 6.0, 20.0, rng.uniform(0, 10)])
        out.append(_char(text, x0, top, width=rng.choice([0.0, 2.5, 5.0, rng.uniform(0, 6)]),
                         size=rng.choice([10.0, 10.0, 8.0]), font=rng.choice(["A", "A", "B"])))
    return out


def test_chars_to_words_is_pdfplumbers_on_random_lines() -> None:
    rng = random.Random(8)
    for _ in range(500):
        chars = _random_line_chars(rng)
        got, ref = _both_word_lists(chars)
        assert got == ref, chars


# --- errors -----------------------------------------------------------------------------------



@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    out = tmp_path_factory.mktemp("enc") / "salattu.pdf"
    subprocess.run(["qpdf", "--encrypt", "salasana", "omistaja", "256", "--", str(VANTAA),
                    str(out)], check=True)
    return out


def test_encrypted_without_password(encrypted: Path) -> None:
    with pytest.raises(EncryptedPdfError, match="pass its password"):
        PdfiumSource(read_source(encrypted), Settings(nlp=False))


def test_encrypted_with_wrong_password(encrypted: Path) -> None:
    with pytest.raises(EncryptedPdfError, match="password is wrong"):
        PdfiumSource(read_source(encrypted), Settings(nlp=False, password="väärä"))


def test_encrypted_with_right_password(encrypted: Path) -> None:
    settings = Settings(nlp=False, password="salasana")
    got = [w.text for p in _pages(PdfiumSource(read_source(encrypted), settings), 1)
           for w in p.words]
    ref = [w.text for p in _pages(PdfplumberSource(read_source(VANTAA), settings), 1)
           for w in p.words]
    assert got == ref


def test_garbage_after_header_is_damaged() -> None:
    with pytest.raises(DamagedPdfError, match="cannot be read"):
        PdfiumSource(read_source(b"%PDF-1.7\n" + bytes(range(256)) * 8), Settings(nlp=False))


# --- /Rotate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotated_page(degrees: int, tmp_path: Path) -> None:
    """pdfminer turns a /Rotate page into display space; so does the pdfium backend. On a
    quarter turn the upright text becomes vertical, where pdfminer's per-character font size
    (the box height, here the advance) splits words at nearly every letter; the backend
    follows that too, apart from a few advance widths that differ in the last float bit."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    turned = tmp_path / f"rot{degrees}.pdf"
    subprocess.run(["qpdf", f"--rotate=+{degrees}", str(VANTAA), str(turned)], check=True)
    settings = Settings(nlp=False)
    (ref,) = _pages(PdfplumberSource(read_source(turned), settings), 1)
    (got,) = _pages(PdfiumSource(read_source(turned), settings), 1)
    assert (got.width, got.height, got.rotation) == (ref.width, ref.height, ref.rotation)
    texts_ref = sorted(w.text for w in ref.words)
    texts_got = sorted(w.text for w in got.words)
    if degrees == 180:
        assert texts_got == texts_ref
        for wa, wb in zip(sorted(ref.words, key=_key), sorted(got.words, key=_key),
                          strict=True):
            assert (wb.x0, wb.top) == pytest.approx((wa.x0, wa.top), abs=TOLERANCE)
    else:
        common = sum((Counter(texts_ref) & Counter(texts_got)).values())
        assert common >= 0.98 * len(texts_ref)
