"""The raw pdfium calls of the fast backend (:mod:`hytedocs.pdf.pdfium_backend`), bound once
per process with plain C types, and the two page-wide look-ups made with them: the page's text
in one call, and its objects in content order. pypdfium2 is imported on first use only.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from ctypes import POINTER, c_double, c_float, c_int, c_uint, c_ulong, c_ushort, c_void_p
from typing import Any

_PAGEOBJ_TEXT = 1
_PAGEOBJ_IMAGE = 3
_PAGEOBJ_FORM = 5


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
