"""pdfminer's facts about the fonts of each page, for the fast backend
(:mod:`hytedocs.pdf.pdfium_backend`): pdfium drops the subset tag of simple TrueType fonts,
knows no AFM aliases and keeps /Descent as an integer, so each page's font resources and
MediaBox are read with pdfminer's parser (no layout analysis, no content stream).
"""

from __future__ import annotations

import io
from typing import Any

Box = tuple[float, ...]


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
