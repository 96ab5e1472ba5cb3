"""OCR for pages without a usable text layer (the optional extra ``hytedocs[ocr]``).

Each page that needs it is rendered with pdfium (already a dependency) and read by the
``tesseract`` program with the Finnish and Swedish models, whose TSV output gives every word
with its box. The words become ordinary :class:`~hytedocs.pdf.source.Word` objects on a page
marked ``ocr=True``, so the later stages need no OCR branch. Running tesseract per page, rather than
``ocrmypdf`` over the whole file, reads only the pages that need it and keeps the word boxes
without a round trip through a rewritten PDF.

System packages: ``apt-get install tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe``
(Debian/Ubuntu), ``brew install tesseract tesseract-lang`` (macOS).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from ..errors import DependencyError, ParseTimeoutError
from ..models import TextBlock, Warning_
from ..settings import Settings
from ..vocabulary import SECTION_SIGN
from .garbled import garbled_pages, garbled_warnings
from .limits import Deadline, current_deadline
from .source import UNMAPPED_TEXT, OpenedSource, PageWords, Word, _page_list, looks_truncated

# Render resolution for OCR: tesseract reads body text best at about 300 dpi.
OCR_DPI = 300
# Tesseract models tried, in order; the ones installed are used together.
OCR_LANGUAGES = ("fin", "swe")
# Word boxes below this tesseract confidence (0-100) are noise: specks, rules, stamps.
OCR_MIN_CONFIDENCE = 30.0
# Font name given to OCR words; "-Bold" is added to words printed in bold.
OCR_FONT = "OCR"
# Grey level (0 black - 255 white) below which a rendered pixel is ink.
OCR_INK_LEVEL = 128
# A word whose mean stroke is this many times the page's median stroke is bold: measured on a
# rendered Vantaa page, bold words run 1.6-2.2 times the median and regular ones 0.85-1.25.
OCR_BOLD_STROKE_RATIO = 1.4
# Words the Finnish/Swedish models may have made of "§ 15" or "39 §" (see
# fix_section_signs), and what the English model's re-reading must then look like.
OCR_SIGN_FIRST = re.compile(r"8\d{1,3}")
OCR_SIGN_LAST = re.compile(r"\d{1,3}8")
OCR_YEAR = re.compile(r"(?:19|20)\d\d")
OCR_READ_SIGN_FIRST = re.compile(r"§\s*(\d{1,3})")
OCR_READ_SIGN_LAST = re.compile(r"(\d{1,3})\s*§")

TESSERACT_INSTALL = (
    "OCR needs the tesseract program with the Finnish and Swedish models: "
    "'apt-get install tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe' (Debian/Ubuntu), "
    "'brew install tesseract tesseract-lang' (macOS), or the UB Mannheim installer on Windows"
)


@functools.lru_cache(maxsize=1)
def tesseract_languages() -> str:
    """The ``-l`` argument for tesseract; raises :class:`DependencyError` when OCR is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise DependencyError(TESSERACT_INSTALL)
    try:
        listed = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise DependencyError(f"{TESSERACT_INSTALL} ({exc})") from exc
    langs = [lang for lang in OCR_LANGUAGES if lang in listed]
    if not langs:
        raise DependencyError(f"{TESSERACT_INSTALL} (installed models: {' '.join(listed[4:])})")
    return "+".join(langs)


def ocr_available() -> bool:
    """True when tesseract and a Finnish or Swedish model are installed."""
    try:
        tesseract_languages()
    except DependencyError:
        return False
    return True


def _stroke_widths(ink: Any, boxes: list[tuple[int, int, int, int]]) -> list[float]:
    """Mean horizontal stroke width, in pixels, of the ink inside each (left, top, right,
    bottom) box: ink pixels divided by the ink runs that cross the box's rows."""
    out: list[float] = []
    for left, top, right, bottom in boxes:
        cell = ink[top:bottom, left:right]
        if cell.size == 0:
            out.append(0.0)
            continue
        runs = int((cell[:, 1:] & ~cell[:, :-1]).sum()) + int(cell[:, 0].sum())
        out.append(float(cell.sum()) / runs if runs else 0.0)
    return out


def tsv_to_words(tsv: str, number: int, scale: float, ink: Any | None = None) -> list[Word]:
    """Tesseract TSV -> words in points.

    Every word takes its line's top and bottom, so that the words of one printed line share a
    baseline for :func:`~hytedocs.structure.lines.words_to_lines`. OCR knows no fonts, but the
    layout stages read bold headings and labels; with the page's ``ink`` (a boolean pixel array) a
    word whose strokes are much wider than the page's typical stroke is marked bold.
    """
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines: dict[tuple[str, str, str], tuple[float, float]] = {}
    for row in rows:
        if row.get("level") == "4":
            key = (row["block_num"], row["par_num"], row["line_num"])
            top = float(row["top"])
            lines[key] = (top, top + float(row["height"]))
    kept: list[tuple[str, tuple[int, int, int, int], tuple[float, float]]] = []
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        if float(row.get("conf") or -1) < OCR_MIN_CONFIDENCE:
            continue
        left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
        span = lines.get(
            (row["block_num"], row["par_num"], row["line_num"]), (top, top + height)
        )
        kept.append((text, (left, top, left + width, top + height), span))
    strokes = _stroke_widths(ink, [box for _, box, _ in kept]) if ink is not None else []
    typical = statistics.median(strokes) if strokes else 0.0
    words: list[Word] = []
    for index, (text, (left, _top, right, _bottom), (line_top, line_bottom)) in enumerate(kept):
        bold = bool(typical) and strokes[index] > typical * OCR_BOLD_STROKE_RATIO
        words.append(Word(
            text=text,
            x0=left * scale,
            x1=right * scale,
            top=line_top * scale,
            bottom=line_bottom * scale,
            fontname=OCR_FONT + ("-Bold" if bold else ""),
            # A line box spans ascenders to descenders, about one font size.
            size=round((line_bottom - line_top) * scale, 1),
            page=number,
        ))
    return words


def run_tesseract(png: bytes, timeout: float, languages: str | None = None,
               psm: str = "3", output: str = "tsv") -> str:
    exe = shutil.which("tesseract") or "tesseract"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page; batch workers share
    args = [exe, "stdin", "stdout", "-l", languages or tesseract_languages(), "--psm", psm]
    # Never past the parse's own deadline: outside the main thread no alarm stops the wait.
    deadline = current_deadline()
    if deadline is not None:
        timeout = min(timeout, deadline.ends - time.monotonic())
    try:
        done = subprocess.run(
            [*args, output] if output else args,
            input=png, capture_output=True, timeout=max(timeout, 1.0), check=False, env=env,
        )
    except subprocess.TimeoutExpired as exc:
        if deadline is None:
            raise ParseTimeoutError(f"tesseract gave up after {max(timeout, 1.0):g} s") from exc
        raise deadline.error(deadline.current_page, f"{deadline.doing} (tesseract)") from exc
    if done.returncode != 0:
        raise DependencyError(
            f"tesseract failed ({done.stderr.decode('utf-8', 'replace').strip()[:200]})"
        )
    return done.stdout.decode("utf-8", "replace")


@functools.lru_cache(maxsize=1)
def _has_english() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return "eng" in listed


def _section_suspect(words: list[Word], index: int) -> tuple[int, int, bool] | None:
    """If ``words[index]`` may hold a "§" misread as "8": the range of words to read again
    (first, last) and whether the sign leads ("§ 15") or trails ("39 §")."""
    word = words[index]
    text = word.text

    def digits_on_line(other: int) -> bool:
        if not 0 <= other < len(words):
            return False
        near = words[other]
        return near.top == word.top and near.text.isdigit() and len(near.text) <= 4

    if text == "8":
        if digits_on_line(index + 1):
            return index, index + 1, True  # "8" "15"
        if digits_on_line(index - 1):
            return index - 1, index, False  # "39" "8"
        return None
    if OCR_YEAR.fullmatch(text):
        return None
    if OCR_SIGN_FIRST.fullmatch(text):
        return index, index, True  # "815"
    if OCR_SIGN_LAST.fullmatch(text):
        return index, index, False  # "398"
    return None


def fix_section_signs(words: list[Word], gray: Any, timeout: float) -> list[Word]:
    """Re-read words that may be a misread "§ 15" or "39 §".

    The Finnish and Swedish models read the "§" of a § number as "8": "§ 15" comes out as
    "815" or "8" "15", and "39 §" as "398" or "39" "8". The English model reads the sign.
    Each suspect is read again on its own with it and is changed only when that reading is
    the sign and the same number, so a real "815" stays. Suspects are few per page.
    """
    if not _has_english():
        return words
    pixels = OCR_DPI / 72
    changes: dict[int, list[Word]] = {}
    for index in range(len(words)):
        found = _section_suspect(words, index)
        if found is None or any(i in changes for i in range(found[0], found[1] + 1)):
            continue
        first, last, leads = found
        left, right = words[first], words[last]
        pad = int(left.size * pixels * 0.3)
        box = (max(int(left.x0 * pixels) - pad, 0), max(int(left.top * pixels) - pad, 0),
               int(right.x1 * pixels) + pad, int(right.bottom * pixels) + pad)
        png = io.BytesIO()
        gray.crop(box).save(png, format="PNG")
        again = run_tesseract(png.getvalue(), timeout, "eng", psm="7", output="").strip()
        match = (OCR_READ_SIGN_FIRST if leads else OCR_READ_SIGN_LAST).fullmatch(again)
        if match is None:
            continue
        number = match.group(1)
        if "".join(w.text for w in words[first : last + 1]) != (
            "8" + number if leads else number + "8"
        ):
            continue
        if first != last:  # two words: only the "8" changes
            sign = first if leads else last
            changes[sign] = [replace(words[sign], text=SECTION_SIGN)]
            continue
        width = (left.x1 - left.x0) / len(left.text)  # one digit's share of the box
        sign_word = replace(left, text=SECTION_SIGN, x0=left.x0, x1=left.x0 + width)
        number_word = replace(left, text=number, x0=left.x0 + width * 1.5)
        if not leads:
            sign_word = replace(left, text=SECTION_SIGN, x0=left.x1 - width)
            number_word = replace(left, text=number, x1=left.x1 - width * 1.5)
        changes[index] = [sign_word, number_word] if leads else [number_word, sign_word]
    if not changes:
        return words
    out: list[Word] = []
    for index, word in enumerate(words):
        out.extend(changes.get(index, [word]))
    return out


def ocr_pages(
    opened: OpenedSource, pages: list[PageWords], numbers: list[int], settings: Settings
) -> list[int]:
    """Replace the words of the given pages with OCR words, in place; returns the pages read."""
    if not numbers:
        return []
    import numpy as np
    import pypdfium2 as pdfium

    tesseract_languages()
    deadline = opened.extra.get("deadline")
    if not isinstance(deadline, Deadline):
        deadline = Deadline(settings.max_seconds, opened.name)
    by_number = {p.number: p for p in pages}
    done: list[int] = []
    pdf = pdfium.PdfDocument(opened.data, password=settings.password)
    try:
        for number in numbers:
            deadline.check(number, doing="OCR")
            pdf_page = pdf[number - 1]
            try:
                image: Any = pdf_page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            finally:
                pdf_page.close()
            gray = image.convert("L")
            png = io.BytesIO()
            gray.save(png, format="PNG")
            try:
                tsv = run_tesseract(png.getvalue(), max(deadline.ends - time.monotonic(), 1.0))
            except subprocess.TimeoutExpired as exc:
                raise ParseTimeoutError(
                    f"OCR gave up after {settings.max_seconds:g} s (settings.max_seconds)",
                    file=opened.name, page=number,
                ) from exc
            page = by_number[number]
            found = tsv_to_words(tsv, number, 72 / OCR_DPI, np.asarray(gray) < OCR_INK_LEVEL)
            page.words = fix_section_signs(
                found, gray, max(deadline.ends - time.monotonic(), 1.0)
            )
            page.chars = sum(len(w.text) for w in page.words)
            page.ocr = True
            done.append(number)
    finally:
        pdf.close()
    return done


def review_pages(
    opened: OpenedSource, pages: list[PageWords], settings: Settings
) -> list[Warning_]:
    """Check the file's end and every page's text layer; with ``settings.ocr``, OCR the pages
    that have none (and, with ``settings.ocr_garbled``, the garbled ones). Updates ``pages``
    in place and returns the warnings to report."""
    garbled = garbled_pages(pages, settings)
    warnings: list[Warning_] = []
    if looks_truncated(opened):
        warnings.append(Warning_(
            code="truncated_file",
            message="the file does not end with %%EOF (truncated?); pages or text may be missing",
        ))
    if settings.ocr:
        targets = [p.number for p in pages if not p.words and (p.images or p.unmapped)]
        if settings.ocr_garbled:
            targets = sorted({*targets, *(g.page for g in garbled)})
            garbled = []
        read = ocr_pages(opened, pages, targets, settings)
        if read:
            warnings.append(Warning_(
                code="ocr_pages",
                message=f"pages read by OCR; check names and numbers: {_page_list(read)}",
                page=read[0],
            ))
    from .glyphs import repair_warnings

    warnings[:0] = repair_warnings(opened.extra.get("font_repairs") or [])  # type: ignore[arg-type]
    warnings.extend(garbled_warnings(garbled))
    unmapped = [p.number for p in pages if p.unmapped and not p.words]
    if unmapped and len(unmapped) < len(pages):
        warnings.append(Warning_(
            code="unmapped_text",
            message=f"pages skipped: {UNMAPPED_TEXT} (OCR reads them: ocr=True or --ocr): "
            f"{_page_list(unmapped)}",
            page=unmapped[0],
        ))
    return warnings


def mark_ocr_blocks(model: BaseModel, ocr_pages: set[int]) -> int:
    """Set ``ocr=True`` on every :class:`~hytedocs.models.TextBlock` in ``model`` that spans
    a page read by OCR; returns how many were marked. Call it on the finished result."""
    if not ocr_pages:
        return 0
    marked = 0
    stack: list[object] = [model]
    while stack:
        item = stack.pop()
        if isinstance(item, TextBlock):
            if ocr_pages.intersection(item.pages):
                item.ocr = True
                marked += 1
        elif isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return marked
