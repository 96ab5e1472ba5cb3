"""Stage 1, fast backend: PDF -> words from pypdfium2's characters.

``Settings(backend="pdfium")`` selects this source. It reads each character's origin, advance
width and font from pdfium and groups the characters into words with the rules of pdfplumber's
``extract_words`` as the default backend calls it (x_tolerance 3, y_tolerance 3, no blank
characters, no text flow): runs of characters sharing orientation, font name and size, in
content order; within a run, lines clustered by ``top``; within a line, characters sorted left
to right and cut at whitespace or at a gap wider than the tolerance. Boxes follow pdfminer's
definition, not the glyph outline: from the origin to the origin plus the /Widths advance, and
from the font's descent to descent plus the font size, in pdfplumber's top-left coordinates
(``top = page height - y``, MediaBox and /Rotate handled as pdfminer and pdfplumber do).
Ligatures are expanded as pdfplumber does ("ﬁ" -> "fi"); pdfium's line-end hyphen mark is a
plain "-" again, and a glyph without Unicode is pdfminer's "(cid:N)".

pdfium's text page is not the content stream, so four things are put back: the stream order
of characters (pdfium moves some text objects to their place in the line; pdfplumber's font
runs follow the stream); the lone space glyphs pdfium leaves out (they cut words); the pen
position, summed in doubles from the /Widths advances and TJ adjustments as pdfminer sums it
(pdfium's float32 origins only check the sum); and pdfminer's font facts. pdfium drops the
subset tag ("ABCDEF+") of simple TrueType fonts, knows no AFM aliases ("Arial" is "Helvetica"
to pdfminer) and keeps /Descent as an integer, so each page's font resources and MediaBox are
read with pdfminer's parser (no layout analysis, no content stream). pdfium's loose box also
covers the glyph outline, so it only checks the advance; a font whose ToUnicode map gives two
glyphs one letter (pdfium then looks up the wrong glyph's width) falls back to the box.

Deliberate differences from the pdfplumber backend (on the 33-file corpus of 101,392 words, 76
words are not in both outputs, all in Nykarleby PDFs; the 23 fixtures give identical models
but for a few box coordinates one 0.01 pt rounding step apart):

* Characters pdfium *generates* (spaces and line breaks it infers between text runs) are
  dropped: they are not in the PDF.
* A text object's start, and a pen position that cannot be summed (character spacing, odd TJ
  values), is pdfium's float32 origin rounded to 1/10000 pt; a PDF number with more decimals
  (394.57501) comes out as 394.575, so a box rounded to 0.01 pt can land one step from
  pdfplumber's when the value sits on the 0.005 boundary.
* A soft hyphen at a line end comes back as "-" (pdfium marks every line-end hyphen alike).
* When one page uses two subsets of one TrueType font ("AAAAAA+Calibri", "BAAAAA+Calibri"),
  their characters all get the name of the subset matching pdfium's embedded flag.
* Words in fonts with broken ToUnicode maps, whose advances come from pdfium's loose box, can
  be cut differently (Nykarleby's Word exports).
* On a page turned by a quarter (/Rotate 90 or 270), pdfminer's per-character size (the box
  height, there the advance) splits words at nearly every letter; this backend follows, with
  about 1 % of those fragments cut differently.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Callable, Iterator
from ctypes import POINTER, byref, c_double, c_float, c_int, c_uint, c_ulong, c_ushort, c_void_p
from operator import itemgetter
from typing import Any

from ..errors import DamagedPdfError, EncryptedPdfError, HytedocsError, ResourceLimitError
from ..settings import Settings
from ..text import clean_text
from .source import OpenedSource, PageWords, Word, classify_open_error

# pdfplumber's extract_words defaults, which the default backend uses.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# pdfplumber.utils.text.LIGATURES: expanded in word text, one character box each.
LIGATURES = {
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb06": "st",
    "\ufb05": "st",
}
_PLACES = 4  # decimals kept from pdfium's float32 coordinates
# pdfium's own marks: a hyphen at a line end, and the characters it may have generated.
_HYPHEN_MARK = "\ufffe"
_MAYBE_GENERATED = frozenset(" \r\n\x02\ufffe")
_MATRIX_PLACES = 6
_SAME = 0.01  # pt: two of pdfium's float32 coordinates this close are one
# A glyph outline may overhang its advance (italics, substituted fonts) by at most this much.
_MAX_OVERHANG_EM = 0.25
# pt: pdfium's origin and the pen position summed in doubles agree this closely (float32).
_SNAP = 0.0003
_FPDF_ERR_PASSWORD = 4  # fpdfview.h
_FPDF_ERR_SECURITY = 6
_PAGEOBJ_TEXT = 1
_PAGEOBJ_IMAGE = 3
_PAGEOBJ_FORM = 5

# One character as the word builder needs it:
# (text, x0, x1, top, bottom, upright, fontname, size).
Char = tuple[str, float, float, float, float, bool, str, float]
_Transform = Callable[[float, float], tuple[float, float]]
_X0 = itemgetter(1)
_FIRST = itemgetter(0)
Box = tuple[float, ...]


def _proto(fn: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The same pdfium function with plain C types: pointers come back as ints, and calls skip
    pypdfium2's pointer-type checks, which dominate the cost of a per-character loop."""
    address = int(ctypes.cast(fn, c_void_p).value or 0)
    prototype: Callable[..., Any] = ctypes.CFUNCTYPE(restype, *argtypes)(address)
    return prototype


def _bare(fn: Any, restype: Any) -> Callable[..., Any]:
    """The same pdfium function with no argument types (see the untyped calls in _Api)."""
    address = int(ctypes.cast(fn, c_void_p).value or 0)
    prototype: Callable[..., Any] = ctypes.CFUNCTYPE(restype)(address)
    return prototype


class _Api:
    """The raw pdfium calls the per-character loop makes, bound once per process."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.count_chars = _proto(raw.FPDFText_CountChars, c_int, c_void_p)
        self.get_text = _proto(
            raw.FPDFText_GetText, c_int, c_void_p, c_int, c_int, POINTER(c_ushort)
        )
        self.get_unicode = _proto(raw.FPDFText_GetUnicode, c_uint, c_void_p, c_int)
        self.map_error = _proto(raw.FPDFText_HasUnicodeMapError, c_int, c_void_p, c_int)
        self.text_object = _proto(raw.FPDFText_GetTextObject, c_void_p, c_void_p, c_int)
        self.origin = _proto(
            raw.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, POINTER(c_double),
            POINTER(c_double),
        )
        self.loose_box = _proto(
            raw.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, POINTER(raw.FS_RECTF)
        )
        self.char_box = _proto(
            raw.FPDFText_GetCharBox, c_int, c_void_p, c_int, POINTER(c_double),
            POINTER(c_double), POINTER(c_double), POINTER(c_double),
        )
        self.font_size = _proto(raw.FPDFText_GetFontSize, c_double, c_void_p, c_int)
        self.char_matrix = _proto(
            raw.FPDFText_GetMatrix, c_int, c_void_p, c_int, POINTER(raw.FS_MATRIX)
        )
        self.obj_bounds = _proto(
            raw.FPDFPageObj_GetBounds, c_int, c_void_p, POINTER(c_float), POINTER(c_float),
            POINTER(c_float), POINTER(c_float),
        )
        self.obj_matrix = _proto(
            raw.FPDFPageObj_GetMatrix, c_int, c_void_p, POINTER(raw.FS_MATRIX)
        )
        self.obj_font_size = _proto(raw.FPDFTextObj_GetFontSize, c_int, c_void_p, POINTER(c_float))
        self.obj_font = _proto(raw.FPDFTextObj_GetFont, c_void_p, c_void_p)
        self.font_name = _proto(
            raw.FPDFFont_GetBaseFontName, c_ulong, c_void_p, ctypes.c_char_p, c_ulong
        )
        self.font_embedded = _proto(raw.FPDFFont_GetIsEmbedded, c_int, c_void_p)
        self.font_descent = _proto(
            raw.FPDFFont_GetDescent, c_int, c_void_p, c_float, POINTER(c_float)
        )
        self.glyph_width = _proto(
            raw.FPDFFont_GetGlyphWidth, c_int, c_void_p, c_uint, c_float, POINTER(c_float)
        )
        self.count_objects = _proto(raw.FPDFPage_CountObjects, c_int, c_void_p)
        self.get_object = _proto(raw.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
        self.object_type = _proto(raw.FPDFPageObj_GetType, c_int, c_void_p)
        self.form_count = _proto(raw.FPDFFormObj_CountObjects, c_int, c_void_p)
        self.form_object = _proto(raw.FPDFFormObj_GetObject, c_void_p, c_void_p, c_ulong)
        # Untyped prototypes for the calls made once per character: ctypes converts no
        # arguments, which halves the cost of a call. The caller must pass the text page as a
        # c_void_p (a plain int would be cut to a 32-bit C int), the index as an int and
        # the out-parameters with byref.
        self.bare_text_object = _bare(raw.FPDFText_GetTextObject, c_void_p)
        self.bare_origin = _bare(raw.FPDFText_GetCharOrigin, c_int)
        self.bare_loose_box = _bare(raw.FPDFText_GetLooseCharBox, c_int)
        self.bare_is_generated = _bare(raw.FPDFText_IsGenerated, c_int)


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


def _handle(obj: Any) -> int:
    """The address behind a pypdfium2 object (page or text page)."""
    return int(ctypes.cast(obj.raw, c_void_p).value or 0)


def _strip_tag(name: str) -> str:
    """"ABCDEF+Calibri" -> "Calibri": the subset tag is six capitals and a plus."""
    if len(name) > 7 and name[6] == "+" and name[:6].isupper() and name[:6].isalpha():
        return name[7:]
    return name


class _PdfminerFont:
    __slots__ = ("base", "descent", "fontname")

    def __init__(self, base: str, fontname: str, descent: float | None) -> None:
        self.base = base  # the /BaseFont
        self.fontname = fontname  # pdfminer's name: the descriptor's /FontName, or the AFM's
        self.descent = descent  # pdfminer's descent per 1000 em; None for Type3 fonts


class _PdfminerFonts:
    """pdfminer's name for each font of a page, read from the page resources without any
    layout analysis, for the fonts whose names pdfium does not keep as pdfminer has them."""

    def __init__(self, data: bytes, password: str | None) -> None:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        self._pages = PDFPage.create_pages(
            PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
        )
        self._seen: list[tuple[dict[str, list[_PdfminerFont]], Box | None]] = []

    def _get(self, index: int) -> tuple[dict[str, list[_PdfminerFont]], Box | None]:
        while len(self._seen) <= index:
            page = next(self._pages, None)
            if page is None:
                self._seen.append(({}, None))
                continue
            box = tuple(float(v) for v in page.mediabox)
            self._seen.append((_page_fonts(page.resources), box if len(box) == 4 else None))
        return self._seen[index]

    def page(self, index: int) -> dict[str, list[_PdfminerFont]]:
        return self._get(index)[0]

    def mediabox(self, index: int) -> Box | None:
        """The MediaBox as pdfminer reads it: pdfium has it only as 32-bit floats."""
        return self._get(index)[1]


def _page_fonts(resources: Any) -> dict[str, list[_PdfminerFont]]:
    """Untagged name -> pdfminer fonts, for the fonts of a page and of its form XObjects."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import resolve1, stream_value
    from pdfminer.psparser import PSLiteral

    def name(value: Any) -> str:
        value = resolve1(value)
        if isinstance(value, PSLiteral):
            return str(value.name)
        if isinstance(value, bytes):
            return value.decode("latin-1")
        return str(value) if value is not None else ""

    out: dict[str, list[_PdfminerFont]] = {}
    stack = [resources]
    seen: set[int] = set()
    while stack:
        res = resolve1(stack.pop())
        if not isinstance(res, dict) or id(res) in seen:
            continue
        seen.add(id(res))
        fonts = resolve1(res.get("Font"))
        for spec in fonts.values() if isinstance(fonts, dict) else ():
            spec = resolve1(spec)
            if not isinstance(spec, dict):
                continue
            base = name(spec.get("BaseFont"))
            subtype = name(spec.get("Subtype"))
            if subtype == "Type0":
                kids = resolve1(spec.get("DescendantFonts"))
                kid = resolve1(kids[0]) if isinstance(kids, list) and kids else {}
                spec = kid if isinstance(kid, dict) else {}
            descent: float | None = None
            if subtype in ("Type1", "MMType1", "TrueType", "") and base in FONT_METRICS:
                metrics = FONT_METRICS[base][0]
                fontname = str(metrics["FontName"])
                descent = float(metrics["Descent"])  # type: ignore[arg-type]
            else:
                descriptor = resolve1(spec.get("FontDescriptor"))
                if not isinstance(descriptor, dict):
                    descriptor = {}
                fontname = name(descriptor.get("FontName", "unknown"))
                value = resolve1(descriptor.get("Descent", 0))
                if subtype != "Type3" and isinstance(value, int | float):
                    descent = -abs(float(value))  # pdfminer forces /Descent negative
            out.setdefault(_strip_tag(base), []).append(_PdfminerFont(base, fontname, descent))
        xobjects = resolve1(res.get("XObject"))
        for xobj in xobjects.values() if isinstance(xobjects, dict) else ():
            try:
                stream = stream_value(xobj)
            except Exception:
                continue
            if name(stream.get("Subtype")) == "Form" and stream.get("Resources") is not None:
                stack.append(stream.get("Resources"))
    return out


class _TextObject:
    """What the words need from one pdfium text object, looked up once per object. Values are
    rounded back from pdfium's 32-bit floats so that the boxes come out of the same double
    arithmetic as pdfminer's (and round the same way in the models)."""

    __slots__ = ("advances", "d", "descent", "font", "fontname", "matrix", "scale", "simple",
                 "text_size", "top_offset", "upright")

    def __init__(self, font: int, fontname: str, text_size: float, descent: float,
                 matrix: tuple[float, float, float, float], upright: bool, simple: bool,
                 advances: dict[str, float]) -> None:
        self.font = font
        self.fontname = fontname
        self.text_size = text_size  # the Tf size, in text space
        self.descent = descent  # pdfminer's descent + rise, in text space (negative)
        self.top_offset = descent + text_size  # pdfminer's descent + rise + size
        self.matrix = matrix  # text space -> page space, without translation
        self.d = matrix[3]
        a, b = matrix[0], matrix[1]
        self.scale = a if b == 0 else (a * a + b * b) ** 0.5  # text -> page along the line
        self.upright = upright
        self.simple = simple  # axis-aligned and unmirrored: the fast path applies
        self.advances = advances  # character -> advance along the baseline, text space


class PdfiumSource:
    """The fast backend: pdfium's characters grouped into pdfplumber-equivalent words."""

    def __init__(self, opened: OpenedSource, settings: Settings) -> None:
        import pypdfium2 as pdfium

        self.opened = opened
        self.settings = settings
        self._api = _api()
        try:
            self._pdf = pdfium.PdfDocument(opened.data, password=settings.password)
        except Exception as exc:  # every library error becomes a typed one
            raise _open_error(exc, opened.name, None, bool(settings.password)) from exc
        try:
            count = len(self._pdf)
            meta = self._pdf.get_metadata_dict(skip_empty=True)
        except Exception as exc:  # every library error becomes a typed one
            self.close()
            raise _open_error(exc, opened.name, None, bool(settings.password)) from exc
        producer = meta.get("Producer")
        opened.producer = clean_text(producer) or None if producer else None
        opened.page_count = count
        if count == 0:
            self.close()
            raise DamagedPdfError(
                "the PDF has no pages (broken cross-reference table?)", file=opened.name
            )
        # font handle -> (pdfium's name, embedded?); pdfium keeps one handle per font object.
        self._fonts: dict[int, tuple[str, bool]] = {}
        self._advances: dict[tuple[int, float, float], dict[str, float]] = {}
        self._pdfminer: _PdfminerFonts | None = None
        self._pdfminer_broken = False
        self._page_index = 0

    def pages(self) -> Iterator[PageWords]:
        deadline = self.opened.extra.get("deadline")
        for index in range(len(self._pdf)):
            number = index + 1
            self._page_index = index
            if deadline is not None:
                deadline.current_page = number  # type: ignore[attr-defined]
            try:
                page = self._pdf[index]
            except Exception as exc:  # every library error becomes a typed one
                raise _open_error(exc, self.opened.name, number, False) from exc
            try:
                yield self._read(page, number)
            finally:
                page.close()

    def _read(self, page: Any, number: int) -> PageWords:
        name = self.opened.name
        miner = self._miner()
        try:
            box = miner.mediabox(self._page_index) if miner is not None else None
        except Exception:  # pdfminer's facts are a refinement: pdfium's stand
            box = None
        width, height, transform = _page_geometry(page, box)
        if not (width * height <= self.settings.max_page_area):
            raise ResourceLimitError(
                f"page area {width:.0f} x {height:.0f} pt is over the limit of "
                f"{self.settings.max_page_area:.0f} pt²",
                file=name, page=number,
            )
        try:
            textpage = page.get_textpage()
        except Exception as exc:  # every library error becomes a typed one
            raise _open_error(exc, name, number, False) from exc
        try:
            count = int(self._api.count_chars(_handle(textpage)))
            if count > self.settings.max_chars_per_page:
                raise ResourceLimitError(
                    f"{count} characters on one page is over the limit of "
                    f"{self.settings.max_chars_per_page}",
                    file=name, page=number,
                )
            order, images = _page_objects(self._api, _handle(page))
            chars = self._chars(_handle(textpage), height, transform, order)
        except HytedocsError:
            raise
        except Exception as exc:  # every library error becomes a typed one
            raise _open_error(exc, name, number, False) from exc
        finally:
            textpage.close()
        return PageWords(
            number=number,
            width=width,
            height=height,
            words=chars_to_words(chars, number),
            chars=len(chars),
            images=images,
            rotation=int(page.get_rotation()) % 360,
        )

    def _font(self, font: int) -> tuple[str, bool]:
        known = self._fonts.get(font)
        if known is None:
            api = self._api
            size = int(api.font_name(font, None, 0))
            buf = ctypes.create_string_buffer(max(size, 1))
            api.font_name(font, buf, size)
            known = (buf.value.decode("utf-8", "replace"), bool(api.font_embedded(font)))
            self._fonts[font] = known
        return known

    def _miner(self) -> _PdfminerFonts | None:
        if self._pdfminer is None and not self._pdfminer_broken:
            try:
                self._pdfminer = _PdfminerFonts(self.opened.data, self.settings.password)
            except Exception:  # pdfminer's facts are a refinement: pdfium's stand
                self._pdfminer_broken = True
        return self._pdfminer

    def _pdfminer_font(self, name: str, embedded: bool) -> _PdfminerFont | None:
        """pdfminer's view of the font pdfium calls ``name`` on the current page: its name
        (pdfium drops the subset tag of simple fonts and knows no AFM aliases) and its
        /Descent (pdfium keeps it as an integer)."""
        miner = self._miner()
        if miner is None:
            return None
        try:
            candidates = miner.page(self._page_index).get(_strip_tag(name), [])
        except Exception:
            return None
        if _strip_tag(name) != name:  # pdfium kept the tag: the name is exact
            for font in candidates:
                if font.base == name:
                    return font
        # pdfium dropped the tag: a tag means an embedded font, so prefer the candidate that
        # agrees on that.
        for font in candidates:
            if (_strip_tag(font.base) != font.base) == embedded:
                return font
        return candidates[0] if candidates else None

    def _text_object(self, tp: int, index: int, obj: int,
                     described: dict[tuple[int, float, float, float, float, float], _TextObject],
                     ) -> _TextObject:
        """The facts of the text object drawing character ``index``. ``described`` holds the
        page's objects by font, size and matrix: a page has dozens of text objects but only a
        few distinct ones, and the facts of one depend on nothing else on the page."""
        api = self._api
        font = int(api.obj_font(obj) or 0)
        # FPDFText_GetFontSize is the Tf size in text space; the character matrix (text matrix
        # times CTM) takes it to the page, as in pdfminer's LTChar.
        size = float(api.font_size(tp, index))
        m = api.raw.FS_MATRIX()
        api.char_matrix(tp, index, byref(m))
        key = (font, size, m.a, m.b, m.c, m.d)
        info = described.get(key)
        if info is None:
            info = described[key] = self._describe(font, round(size, _PLACES), m)
        return info

    def _describe(self, font: int, text_size: float, m: Any) -> _TextObject:
        api = self._api
        a, b, c, d = (round(float(v), _MATRIX_PLACES) for v in (m.a, m.b, m.c, m.d))
        fontname = ""
        pdfium_descent = c_float(0.0)
        per_mille: float | None = None
        if font:
            api.font_descent(font, c_float(text_size), byref(pdfium_descent))
            fontname, embedded = self._font(font)
            mined = self._pdfminer_font(fontname, embedded)
            if mined is not None:
                fontname, per_mille = mined.fontname, mined.descent
        # pdfminer: font.get_descent() * fontsize, with get_descent() = Descent * 0.001.
        descent = (
            per_mille * 0.001 * text_size if per_mille is not None
            else float(pdfium_descent.value)
        )
        upright = a * d > 0 and b * c <= 0  # pdfminer's LTChar.upright
        simple = b == 0 and c == 0 and a > 0 and d > 0
        key = (font, text_size, a)
        advances = self._advances.get(key)
        if advances is None:
            advances = self._advances[key] = {}
        return _TextObject(font, fontname, text_size, descent, (a, b, c, d), upright, simple,
                           advances)

    def _glyph_width(self, info: _TextObject, ch: str) -> float:
        """The /Widths advance of ``ch`` in text space, as pdfminer computes it (0 if
        unknown). pdfium looks the character code up from the Unicode value, which a font with
        a wrong ToUnicode map can send to another glyph; :meth:`_chars` checks it against the
        box."""
        width = c_float(0.0)
        code = 0x2D if ch == _HYPHEN_MARK else ord(ch)
        adv = 0.0
        size = info.text_size
        if size and info.font and self._api.glyph_width(info.font, code, c_float(size),
                                                        byref(width)):
            # Back to the /Widths entry, then pdfminer's textwidth * fontsize.
            per_mille = round(float(width.value) * 1000 / size, 2)
            adv = per_mille * 0.001 * size
        info.advances[ch] = adv
        return adv

    def _overhangs(self, tp: int, index: int, loose_right: float, ox: float, adv: float,
                   info: _TextObject) -> bool:
        """Whether the glyph outline, not the advance, makes the loose box's right edge
        (pdfium's loose box is the union of both) and overhangs ``adv`` plausibly. An
        outline far past the advance means ``adv`` is another glyph's width: a ToUnicode map
        that gives two glyphs one letter sent pdfium's reverse look-up astray."""
        left, right, bottom, top = c_double(), c_double(), c_double(), c_double()
        self._api.char_box(tp, index, byref(left), byref(right), byref(bottom), byref(top))
        if right.value < loose_right - _SAME:
            return False
        return right.value - (ox + adv) <= _MAX_OVERHANG_EM * info.text_size * info.d

    def _chars(self, tp: int, height: float, transform: _Transform | None,
               order: dict[int, int]) -> list[Char]:
        """The page's characters in content-stream order, which pdfplumber's runs of one font
        follow. pdfium's own order moves some text objects to their place in the line; the
        objects' order on the page restores the stream's (characters keep their order within
        an object)."""
        chars, segments = self._chars_pdfium_order(tp, height, transform, order)
        ats = [at for _, at in segments]
        if ats == sorted(ats):
            return chars
        # A stable sort of the runs is the stable sort of their characters.
        ends = [start for start, _ in segments[1:]] + [len(chars)]
        runs = sorted(zip(ats, segments, ends, strict=True), key=_FIRST)
        out: list[Char] = []
        for _, (start, _), end in runs:
            out += chars[start:end]
        return out

    def _chars_pdfium_order(self, tp: int, height: float, transform: _Transform | None,
                            order: dict[int, int]) -> tuple[list[Char], list[tuple[int, int]]]:
        """The characters in pdfium's order, and where each text object's characters start
        in the list with the object's place in content order (a run of characters may be
        empty)."""
        api = self._api
        n = int(api.count_chars(tp))
        segments: list[tuple[int, int]] = []
        if n <= 0:
            return [], segments
        segment = segments.append
        text = _page_text(api, tp, n)
        infos: dict[int, _TextObject] = {}
        described: dict[tuple[int, float, float, float, float, float], _TextObject] = {}
        x, y = c_double(), c_double()
        px, py = byref(x), byref(y)
        # The calls made for every character go through the untyped prototypes (see _Api):
        # the page handle as a c_void_p, the index as a plain int.
        tpv = c_void_p(tp)
        text_object, origin, loose_box = api.bare_text_object, api.bare_origin, api.bare_loose_box
        box = api.raw.FS_RECTF()
        pbox = byref(box)
        is_generated = api.bare_is_generated
        maybe_generated, hyphen_mark, same, snap = _MAYBE_GENERATED, _HYPHEN_MARK, _SAME, _SNAP
        out: list[Char] = []
        append = out.append
        fast = transform is None
        # The current text object's facts as locals: characters come in runs of one object.
        cur: int | None = 0  # no text object's address: the first character sets it
        info: _TextObject
        advances: dict[str, float] = {}
        scale = d_descent = d_top = 0.0
        simple = False
        fontname = ""
        # The last baseline's box edges, for the run of characters that shares it.
        last_yv: float | None = None
        top = bottom = size = 0.0
        # The text object whose pen position is summed, and its last character's place.
        run_obj, e0, run_next, run_ox, run_xt, run_e = 0, 0.0, 0.0, -1.0, 0.0, 0.0
        for i in range(n):
            ch = text[i]
            if ch in maybe_generated and is_generated(tpv, i):
                continue  # pdfium's guess, not in the PDF (its lost glyphs come back below)
            obj = text_object(tpv, i)
            if obj != cur:
                if obj is None:
                    continue
                cur = obj
                seen = infos.get(obj)
                if seen is None:
                    seen = infos[obj] = self._text_object(tp, i, obj, described)
                info = seen
                advances, scale, simple = info.advances, info.scale, info.simple
                d_descent, d_top = info.d * info.descent, info.d * info.top_offset
                fontname = info.fontname
                segment((len(out), order.get(obj, -1)))
                last_yv = None
            origin(tpv, i, px, py)
            ox = x.value
            adv_t = advances.get(ch)  # text space
            if adv_t is None:
                adv_t = self._glyph_width(info, ch)
            adv = scale * adv_t  # page space
            if simple:
                # The loose box spans origin .. origin + advance, widened to the outline.
                loose_box(tpv, i, pbox)
                loose = box.right - ox
                if adv > loose + same or not adv:
                    adv = loose  # a wrong ToUnicode map sent pdfium to another glyph
                    adv_t = loose / scale
                elif adv < loose - same and not self._overhangs(tp, i, box.right, ox, adv,
                                                                 info):
                    adv = loose
                    adv_t = loose / scale
                if ch < " " or ch == hyphen_mark:
                    ch = self._mark(tp, i, ch)
                if fast:
                    # pdfminer's LTChar: the matrix applied to (0, descent) and (advance,
                    # descent + size), with the pen position summed as pdfminer sums it
                    # (pdfium's float32 origin only checks it, or starts a new run).
                    if obj != run_obj:
                        run_obj, e0, xt = obj, round(ox, _PLACES), 0.0
                        e = e0
                    elif ox == run_ox:
                        # One glyph that pdfium splits into letters ("ti" from a ToUnicode
                        # map): pdfminer has one character there; the letters share its box.
                        xt, e = run_xt, run_e
                    else:
                        xt = run_next
                        e = xt * scale + e0
                        if abs(e - ox) > snap:
                            # A TJ adjustment: pdfminer moves the pen by n / 1000 em.
                            step = 0.001 * info.text_size
                            k = round((e - ox) / (scale * step))
                            xt = xt - k * step
                            e = xt * scale + e0
                            if not k or abs(e - ox) > snap:
                                # Something else moved the pen: start again.
                                e0, xt = round(ox, _PLACES), 0.0
                                e = e0
                    run_next = xt + adv_t
                    run_ox = ox
                    run_xt = xt
                    run_e = e
                    yv = y.value
                    if yv != last_yv:
                        last_yv = yv
                        f = round(yv, _PLACES)
                        y0 = d_descent + f
                        y1 = d_top + f
                        top, bottom, size = height - y1, height - y0, y1 - y0
                    append((ch, e, scale * adv_t + e, top, bottom, True, fontname, size))
                    continue
            elif ch < " " or ch == _HYPHEN_MARK:
                ch = self._mark(tp, i, ch)
            append(_general_char(ch, info, ox, y.value, adv, height, transform))
        # pdfium leaves lone space glyphs out of its text page (and guesses a space of its
        # own); pdfplumber keeps them, and they decide where words end.
        lost = self._lost_spaces(order, infos, height, transform)
        for c, at in lost:
            segment((len(out), at))
            append(c)
        return out, segments

    def _mark(self, tp: int, index: int, ch: str) -> str:
        """pdfium's stand-ins, back to pdfminer's text."""
        if ch == _HYPHEN_MARK:
            return "-"
        if self._api.map_error(tp, index):
            # No Unicode for the glyph: pdfium hands over the character code instead.
            return f"(cid:{ord(ch)})"
        return ch

    def _lost_spaces(self, order: dict[int, int], infos: dict[int, _TextObject],
                     height: float, transform: _Transform | None) -> list[tuple[Char, int]]:
        """Text objects that pdfium's text page left out: lone space glyphs (no outline, so
        an empty bounding box), which pdfminer keeps. They come back as spaces."""
        api = self._api
        out: list[tuple[Char, int]] = []
        known = {int(k) for k in infos}
        left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
        for obj, at in order.items():
            if obj in known:
                continue
            if not api.obj_bounds(obj, byref(left), byref(bottom), byref(right), byref(top)):
                continue
            if right.value - left.value > _SAME or top.value - bottom.value > _SAME:
                continue  # it has ink: not a space, and not ours to guess
            size = c_float(0.0)
            m = api.raw.FS_MATRIX()
            if not api.obj_font_size(obj, byref(size)) or not api.obj_matrix(obj, byref(m)):
                continue
            info = self._describe(int(api.obj_font(obj) or 0), round(float(size.value),
                                  _PLACES), m)
            adv_t = info.advances.get(" ")
            if adv_t is None:
                adv_t = self._glyph_width(info, " ")
            adv = info.scale * adv_t
            ox, oy = round(float(m.e), _PLACES), round(float(m.f), _PLACES)
            if info.simple and transform is None:
                d = info.matrix[3]
                y0 = d * info.descent + oy
                y1 = d * info.top_offset + oy
                char: Char = (" ", ox, adv + ox, height - y1, height - y0, True, info.fontname,
                              y1 - y0)
            else:
                char = _general_char(" ", info, ox, oy, adv, height, transform)
            out.append((char, at))
        return out

    def close(self) -> None:
        self._pdf.close()


def _open_error(exc: BaseException, name: str | None, page: int | None,
                password: bool) -> Exception:
    """A pypdfium2 error as one of ours. pdfium reports a missing or wrong password only by
    its error code, which :func:`classify_open_error` (made for pdfminer) cannot see."""
    code = getattr(exc, "err_code", None)
    if code == _FPDF_ERR_PASSWORD:
        reason = (
            "the password is wrong" if password
            else "the PDF is encrypted; pass its password (password=... or --password)"
        )
        return EncryptedPdfError(reason, file=name, page=page)
    if code == _FPDF_ERR_SECURITY:
        return EncryptedPdfError("the PDF's encryption is not supported", file=name, page=page)
    return classify_open_error(exc, name, page=page, password=password)


def _general_char(ch: str, info: _TextObject, ox: float, oy: float, adv: float, height: float,
                  transform: _Transform | None) -> Char:
    """A rotated, mirrored or skewed character: pdfminer's box is the bounding rectangle of
    the text-space box (advance by descent .. descent + size) mapped through the character's
    matrix and the page rotation."""
    a, b, c, d = info.matrix
    norm = (a * a + b * b) ** 0.5 or 1.0
    u_end = adv / norm  # the advance in text-space units
    lo = info.descent
    pts = [
        (ox + u * a + v * c, oy + u * b + v * d)
        for u in (0.0, u_end)
        for v in (lo, lo + info.text_size)
    ]
    upright = info.upright
    if transform is not None:
        pts = [transform(px, py) for px, py in pts]
        upright = _upright_after(info, transform)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    # pdfminer's LTChar.size is the box height for every horizontal font, rotated or not.
    return (ch, min(xs), max(xs), height - max(ys), height - min(ys), upright,
            info.fontname, round(max(ys) - min(ys), _PLACES))


def _page_geometry(page: Any, box: Box | None) -> tuple[float, float, _Transform | None]:
    """pdfplumber's page width and height (the MediaBox, turned by /Rotate) and the map from
    pdfium's page space to (x, y) with pdfplumber's ``top = height - y``. ``box`` is the
    MediaBox as pdfminer read it, if known."""
    own = tuple(round(float(v), _PLACES) for v in page.get_mediabox())
    if box is None or any(abs(a - b) > _SAME for a, b in zip(sorted(box[::2]) + sorted(
            box[1::2]), sorted(own[::2]) + sorted(own[1::2]), strict=True)):
        box = own  # pdfminer's page is not this one (a broken page tree): pdfium's stands
    x0, y0, x1, y1 = box
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rotation = int(page.get_rotation()) % 360
    if rotation in (90, 270):
        width, height = y1 - y0, x1 - x0
    else:
        width, height = x1 - x0, y1 - y0
    if rotation == 0:
        # pdfminer moves the MediaBox origin to (0, 0) and pdfplumber moves both axes back:
        # top = height - y in the PDF's own page space, nothing to map.
        return width, height, None
    # pdfminer's page CTM for the rotation, followed by pdfplumber's shift by the box origin.
    if rotation == 90:
        def turn(px: float, py: float) -> tuple[float, float]:
            return py, x1 + x0 - px
    elif rotation == 180:
        def turn(px: float, py: float) -> tuple[float, float]:
            return x1 + x0 - px, y1 + y0 - py
    else:
        def turn(px: float, py: float) -> tuple[float, float]:
            return y1 + y0 - py, px
    return width, height, turn


def _upright_after(info: _TextObject, transform: _Transform) -> bool:
    a, b, c, d = info.matrix
    ox, oy = transform(0.0, 0.0)
    ax, ay = transform(a, b)
    cx, cy = transform(c, d)
    a2, b2, c2, d2 = ax - ox, ay - oy, cx - ox, cy - oy
    return a2 * d2 > 0 and b2 * c2 <= 0


def _page_text(api: _Api, tp: int, n: int) -> str:
    """All characters of the page in one call; one call per character only if the lengths
    disagree (characters outside the Basic Multilingual Plane take two UTF-16 units)."""
    buf = (c_ushort * (n + 1))()
    got = int(api.get_text(tp, 0, n, buf))
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", "replace")
    if len(text) == n:
        return text
    return "".join(chr(api.get_unicode(tp, i) or 0xFFFD) for i in range(n))


def _page_objects(api: _Api, page: int) -> tuple[dict[int, int], int]:
    """Each text object's place in content order (form XObjects entered where they are
    drawn), and the number of image objects (as pdfplumber counts them, forms included)."""
    order: dict[int, int] = {}
    images = 0

    def walk(parent: int, count: int, getter: Callable[..., Any]) -> None:
        nonlocal images
        for i in range(count):
            obj = getter(parent, i)
            kind = api.object_type(obj)
            if kind == _PAGEOBJ_TEXT:
                order[obj] = len(order)
            elif kind == _PAGEOBJ_IMAGE:
                images += 1
            elif kind == _PAGEOBJ_FORM:
                walk(obj, int(api.form_count(obj)), api.form_object)

    walk(page, int(api.count_objects(page)), api.get_object)
    return order, images


def _cluster_ids(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's cluster_list: the sorted distinct values, chained while each lies within
    the tolerance of the one before."""
    ids: dict[float, int] = {}
    cluster = -1
    last = 0.0
    for v in sorted(set(values)):
        if cluster < 0 or v > last + tolerance:
            cluster += 1
        ids[v] = cluster
        last = v
    return ids


def chars_to_words(chars: list[Char], page: int) -> list[Word]:
    """pdfplumber's ``extract_words`` on characters, with its word order."""
    words: list[Word] = []
    n = len(chars)
    start = 0
    while start < n:
        first = chars[start]
        upright, fontname, size = first[5], first[6], first[7]
        end = start + 1
        while end < n:
            c = chars[end]
            if c[7] != size or c[6] != fontname or c[5] != upright:
                break
            end += 1
        if upright:
            _upright_words(chars[start:end], page, words)
        else:
            _group_words(chars[start:end], page, words)
        start = end
    return words


def _upright_words(group: list[Char], page: int, out: list[Word]) -> None:
    """:func:`_group_words` for upright text, the common case, without per-word lists: a
    word's edges are kept as it grows (min and max over its characters, as in
    :func:`_merge`)."""
    tops = [c[3] for c in group]
    if max(tops) <= min(tops) + Y_TOLERANCE:
        # Then every top is within the tolerance of the next smaller one (rounding is
        # monotonic): _cluster_ids would find one line.
        lines = [group]
    else:
        ids = _cluster_ids(tops, Y_TOLERANCE)
        by_line: dict[int, list[Char]] = {}
        # Characters come line by line: look the line up only when the top changes.
        last: float | None = None
        bucket: list[Char] = []
        for c, c_top in zip(group, tops, strict=True):
            if c_top != last:
                last = c_top
                bucket = by_line.setdefault(ids[c_top], [])
            bucket.append(c)
        lines = [by_line[k] for k in sorted(by_line)]
    ligatures = LIGATURES
    append = out.append
    for line in lines:
        line.sort(key=_X0)
        parts: list[str] = []
        x0 = x1 = top = bottom = size = 0.0
        last_x0 = last_x1 = last_top = 0.0
        fontname = ""
        for t, cx0, cx1, ctop, cbottom, _, cfont, csize in line:
            if t.isspace():
                if parts:
                    append(Word("".join(parts), x0, x1, top, bottom, fontname, size, page))
                    parts = []
                continue
            if parts:
                if (cx0 < last_x0 or cx0 > last_x1 + X_TOLERANCE
                        or ctop - last_top > Y_TOLERANCE or last_top - ctop > Y_TOLERANCE):
                    append(Word("".join(parts), x0, x1, top, bottom, fontname, size, page))
                    parts = [ligatures.get(t, t)]
                    x0, x1, top, bottom, fontname, size = cx0, cx1, ctop, cbottom, cfont, csize
                else:
                    parts.append(ligatures.get(t, t))
                    if cx0 < x0:
                        x0 = cx0
                    if cx1 > x1:
                        x1 = cx1
                    if ctop < top:
                        top = ctop
                    if cbottom > bottom:
                        bottom = cbottom
            else:
                parts = [ligatures.get(t, t)]
                x0, x1, top, bottom, fontname, size = cx0, cx1, ctop, cbottom, cfont, csize
            last_x0, last_x1, last_top = cx0, cx1, ctop
        if parts:
            append(Word("".join(parts), x0, x1, top, bottom, fontname, size, page))


def _group_words(group: list[Any], page: int, out: list[Word]) -> None:
    """One run of same-font characters: lines, then words (pdfplumber's WordExtractor)."""
    upright = group[0][5]
    across_key = 3 if upright else 1  # lines cluster on top (or x0 for rotated text)
    ids = _cluster_ids([c[across_key] for c in group], Y_TOLERANCE if upright else X_TOLERANCE)
    if len(ids) == 1:
        lines = [group]
    else:
        by_line: dict[int, list[Char]] = {}
        for c in group:
            by_line.setdefault(ids[c[across_key]], []).append(c)
        lines = [by_line[k] for k in sorted(by_line)]
    # Along the line: x0..x1 for upright text, top..bottom for rotated; "across" compares
    # top (or x0) of neighbours.
    lo, hi, across = (1, 2, 3) if upright else (3, 4, 1)
    for line in lines:
        if upright:
            line.sort(key=lambda c: c[1])
        else:
            line.sort(key=lambda c: (c[3], c[4]))
        current: list[Any] = []
        for ch in line:
            if ch[0].isspace():
                if current:
                    out.append(_merge(current, page))
                    current = []
            elif current and (
                ch[lo] < current[-1][lo]
                or ch[lo] > current[-1][hi] + X_TOLERANCE
                or abs(ch[across] - current[-1][across]) > Y_TOLERANCE
            ):
                out.append(_merge(current, page))
                current = [ch]
            else:
                current.append(ch)
        if current:
            out.append(_merge(current, page))


def _merge(chars: list[Char], page: int) -> Word:
    first = chars[0]
    if len(chars) == 1:
        return Word(text=LIGATURES.get(first[0], first[0]), x0=first[1], x1=first[2],
                    top=first[3], bottom=first[4], fontname=first[6], size=first[7], page=page)
    return Word(
        text="".join([LIGATURES.get(c[0], c[0]) for c in chars]),
        x0=min([c[1] for c in chars]),
        x1=max([c[2] for c in chars]),
        top=min([c[3] for c in chars]),
        bottom=max([c[4] for c in chars]),
        fontname=first[6],
        size=first[7],
        page=page,
    )
