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
from collections.abc import Callable, Iterator
from ctypes import byref, c_double, c_float, c_void_p
from operator import itemgetter
from typing import Any

from ..errors import DamagedPdfError, EncryptedPdfError, HytedocsError, ResourceLimitError
from ..settings import Settings
from ..text import clean_text
from .pdfium_api import _api, _handle, _page_objects, _page_text
from .pdfium_fonts import Box, _PdfminerFont, _PdfminerFonts, _strip_tag
from .pdfium_words import Char, chars_to_words
from .source import OpenedSource, PageWords, classify_open_error, set_producer

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

_Transform = Callable[[float, float], tuple[float, float]]
_FIRST = itemgetter(0)


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
        set_producer(opened, clean_text(producer) if producer else None, settings)
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
