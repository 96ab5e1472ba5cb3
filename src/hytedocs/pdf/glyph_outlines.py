"""Font repair, the font side: the outline key of every glyph of an embedded TrueType subset
(the same in every subset of one font), and its outline as polygons for drawing.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Any

Outline = list[list[tuple[float, float]]]

_BLANK = "blank-"


@dataclass
class SubsetFont:
    """One embedded subset: its pdfminer font object, and per character code the outline key
    and the text its ToUnicode map gives."""

    objid: int
    base: str
    font: Any
    pages: set[int] = field(default_factory=set)
    codes: dict[int, tuple[str, str]] = field(default_factory=dict)


class GlyphRef:
    """Where to draw one outline from, when it has to be read: its font and glyph name."""

    def __init__(self, glyph_set: Any, name: str, units: float) -> None:
        self.glyph_set, self.name, self.units = glyph_set, name, units
        self.advance = glyph_set[name].width / units

    def contours(self) -> Outline:
        from fontTools.pens.recordingPen import DecomposingRecordingPen

        pen = DecomposingRecordingPen(self.glyph_set)
        self.glyph_set[self.name].draw(pen)
        return _flatten(pen.value, self.units)


def _outline_keys(subset: SubsetFont, spec: Any, outlines: dict[str, GlyphRef]) -> None:
    """Fill ``subset.codes`` with (outline key, ToUnicode text) per code of the subset."""
    from fontTools.ttLib import TTFont
    from pdfminer.pdftypes import resolve1

    data = resolve1(resolve1(spec["FontDescriptor"])["FontFile2"]).get_data()
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # subset fonts often carry odd timestamps and names
    try:
        tt = TTFont(io.BytesIO(data), lazy=True)
        glyf = tt["glyf"]
        glyph_set = tt.getGlyphSet()
        units = float(tt["head"].unitsPerEm) or 1000.0
        code_glyphs = _code_glyphs(tt)
    except Exception:  # an unreadable font program: nothing to compare
        return
    finally:
        quiet.setLevel(level)
    cid2unichr = subset.font.unicode_map.cid2unichr
    memo: dict[str, bytes | None] = {}
    for code, glyph in code_glyphs.items():
        try:
            digest = _glyph_digest(glyf, glyph, memo)
        except Exception:  # a broken glyph program: leave this code alone
            continue
        if digest is None:
            # A glyph with no outline draws no letter; it is told apart by its width.
            key = f"{subset.base}:{_BLANK}{glyph_set[glyph].width}" if glyph in glyph_set else ""
            if not key:
                continue
        else:
            key = f"{subset.base}:{digest.hex()}"
        # A code the map leaves out is kept too (as ""): it gets its outline's text.
        subset.codes[code] = (key, cid2unichr.get(code) or "")
        if key not in outlines:
            outlines[key] = GlyphRef(glyph_set, glyph, units)


def _glyph_digest(glyf: Any, name: str, memo: dict[str, bytes | None],
                  depth: int = 0) -> bytes | None:
    """A digest of a glyph's outline that is the same in every subset: the glyph's own bytes
    for a simple glyph; for a composite ("ä" = "a" + dieresis, whose parts are named by
    subset-specific glyph ids), the digests of its parts and their offsets."""
    if name in memo:
        return memo[name]
    memo[name] = None  # also stops a composite that names itself
    glyph = glyf.glyphs.get(name)
    if glyph is None:
        return None
    # Unexpanded glyphs keep their bytes; an expanded one compiles back to the same bytes.
    raw: bytes = glyph.data if hasattr(glyph, "data") else glyph.compile(glyf)
    if len(raw) < 10:
        return None  # no outline at all
    contours = int.from_bytes(raw[:2], "big", signed=True)
    if contours >= 0:
        # The last contour's end point index: fewer than 3 points in all draw no area (some
        # fonts give the space a stray point).
        end = 10 + 2 * contours
        points = int.from_bytes(raw[end - 2:end], "big") + 1 if contours else 0
        digest = hashlib.blake2b(raw, digest_size=8).digest() if points >= 3 else None
    elif depth > 8:
        digest = None
    else:
        parts = [
            repr((_glyph_digest(glyf, c.glyphName, memo, depth + 1), c.x, c.y,
                  getattr(c, "transform", None))).encode()
            for c in glyf[name].components
        ]
        digest = hashlib.blake2b(b"|".join(parts), digest_size=8).digest()
    memo[name] = digest
    return digest


def _code_glyphs(tt: Any) -> dict[int, str]:
    """Character code -> glyph name, as a PDF reader maps a simple TrueType font without
    /Encoding: the (3,0) symbol table at 0xF000 + code, else the (1,0) Mac table."""
    out: dict[int, str] = {}
    for table in tt["cmap"].tables:
        if (table.platformID, table.platEncID) == (3, 0):
            for code, glyph in table.cmap.items():
                out.setdefault(code & 0xFF if code >= 0xF000 else code, glyph)
    for table in tt["cmap"].tables:
        if (table.platformID, table.platEncID) == (1, 0):
            for code, glyph in table.cmap.items():
                out.setdefault(code, glyph)
    return out


def _flatten(commands: list[tuple[str, tuple[Any, ...]]], units: float,
             steps: int = 6) -> Outline:
    """Pen commands -> closed polygons in em units (quadratic and cubic curves as segments)."""
    contours: Outline = []
    current: list[tuple[float, float]] = []

    def em(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] / units, p[1] / units)

    for op, args in commands:
        if op == "moveTo":
            current = [em(args[0])]
        elif op == "lineTo":
            current.append(em(args[0]))
        elif op == "qCurveTo":
            points = [em(p) for p in args if p is not None]
            start = current[-1] if current else points[-1]
            # Implied on-curve points sit midway between two off-curve points.
            for i, ctrl in enumerate(points[:-1]):
                end = points[-1] if i == len(points) - 2 else (
                    (ctrl[0] + points[i + 1][0]) / 2, (ctrl[1] + points[i + 1][1]) / 2)
                for s in range(1, steps + 1):
                    t = s / steps
                    current.append((
                        (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * ctrl[0] + t * t * end[0],
                        (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * ctrl[1] + t * t * end[1],
                    ))
                start = end
            if len(points) == 1:
                current.append(points[0])
        elif op == "curveTo":
            p1, p2, p3 = (em(p) for p in args)
            p0 = current[-1]
            for s in range(1, steps + 1):
                t = s / steps
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                current.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
        elif op in ("closePath", "endPath"):
            if len(current) >= 3:
                contours.append(current)
            current = []
    return contours
