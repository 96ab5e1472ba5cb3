"""Stage 1, before the words: repair font subsets whose ToUnicode map lies about their glyphs.

Some producers (iText in Nykarleby's minutes) embed a fresh subset of the same font on every
page and write each subset's ToUnicode map with an off-by-one: after a ligature glyph ("tf",
"ti", "tt") has taken two letters of the text, every glyph first used later in the run is
mapped to the letter *before* its own, and the ligature itself to its first letter only. The
text layer then reads "Bildningsdirektör/t vvllvrdsscel" for "Bildningsdirektör/tf
välfärdschef", differently on every page.

The glyph outlines do not lie. One outline is one letter wherever it is used, so:

1. Subsets of one font (same name after the "ABCDEF+" tag) are compared glyph by glyph,
   keyed by the outline itself. A well-made file never maps one outline of a letter to two
   different texts; a font that does is repaired, and no other font is touched.
2. The glyphs whose text is in doubt (their subsets disagree, or one text is claimed by two
   outlines, as a ligature's is) are drawn from their outlines on one line, each between two
   copies of a glyph that is not in doubt (so that tesseract sees the x-height and tells "S"
   from "s"), and read by OCR.
3. What tesseract reads is trusted only when the subsets back it: it must be one of the texts
   the subsets gave, the same up to OCR's usual confusions (case, "0"/"o", "l"/"I"), or a
   typographic ligature that starts with one of them. Otherwise the most common text stays.
4. The corrected maps are appended to the PDF as an incremental update (new ToUnicode
   streams under the old object numbers), so every backend reads the corrected text. Files
   with a cross-reference stream or encryption are left as they are, with a warning.

Reading by OCR costs a second or two per damaged document, so readings are cached by outline
(``Settings.glyph_cache_dir``): a municipality's next file in the same fonts needs none.
Without tesseract the fonts are left as they are and the result says so in a warning.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DependencyError, HytedocsError
from ..models import Warning_
from ..settings import Settings
from ..vocabulary import OCR_CONFUSABLE, TYPOGRAPHIC_LIGATURES
from .source import OpenedSource, _page_list, looks_truncated

log = logging.getLogger(__name__)

Outline = list[list[tuple[float, float]]]
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# Letters tesseract reads best in the frame around a doubtful glyph: short, unambiguous.
_FRAME_LETTERS = "onmuaexr"
# ... and only a glyph whose subsets give it that letter this often.
_FRAME_MIN_SHARE = 0.75
_CACHE_FILE = "glyphs.json"
_BLANK = "blank-"
_CACHE_VERSION = 3


@dataclass
class SubsetFont:
    """One embedded subset: its pdfminer font object, and per character code the outline key
    and the text its ToUnicode map gives."""

    objid: int
    base: str
    font: Any
    pages: set[int] = field(default_factory=set)
    codes: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class FontRepair:
    """What was changed in one font (all its subsets), for the warning."""

    base: str
    subsets: int
    pages: set[int]
    changed: dict[str, tuple[str, str]]  # outline key -> (old text, new text)
    read: bool  # False when nothing could be changed
    # ToUnicode stream object id -> the subset's whole corrected map (code -> text).
    maps: dict[int, dict[int, str]] = field(default_factory=dict)
    # Why nothing was changed, when not for want of tesseract.
    why: str = ""


_SUBSET_FONT = re.compile(rb"/BaseFont\s*/([A-Z]{6})\+([^\s/<>\[\]()]+)")


def may_need_repair(data: bytes) -> bool:
    """Whether a font is embedded as several subsets (the only fonts this stage can check),
    from the raw bytes: most files are passed over without being parsed. Fonts hidden in
    compressed object streams count as maybe."""
    if b"/ObjStm" in data:
        return True
    if b"/BaseFont" not in data:
        return False  # no font outside object streams, and there are none: a scan
    tags: dict[bytes, set[bytes]] = {}
    for tag, base in _SUBSET_FONT.findall(data):
        tags.setdefault(base, set()).add(tag)
    return any(len(t) > 1 for t in tags.values())


def repair_source(opened: OpenedSource, settings: Settings) -> None:
    """Replace ``opened.data`` with the repaired PDF, and keep the repairs for the warnings
    in ``opened.extra["font_repairs"]``. A check that fails never costs the file."""
    if looks_truncated(opened):
        return  # appending would hide the truncation, which is reported on its own
    try:
        data, repairs = repair_pdf(opened.data, settings, opened.name)
    except HytedocsError:
        raise
    except Exception as exc:  # a font or xref this check cannot read: parse as printed
        log.warning("%s: font check skipped: %s", opened.display_name, exc)
        return
    opened.data = data
    opened.extra["font_repairs"] = repairs


def repair_pdf(data: bytes, settings: Settings, file: str | None = None,
               ) -> tuple[bytes, list[FontRepair]]:
    """The PDF with corrected ToUnicode maps appended, and what was repaired. Returns the
    input unchanged when no font needs it or the file cannot be updated this way."""
    from pdfminer.pdfdocument import PDFDocument, PDFXRef
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if not may_need_repair(data):
        return data, []
    doc = PDFDocument(PDFParser(io.BytesIO(data)), password=settings.password or "")
    trailer = doc.xrefs[0].get_trailer() if doc.xrefs else {}
    # An appended plain xref section cannot extend these; their fonts are only checked.
    unwritable = (
        "the file is encrypted" if "Encrypt" in trailer
        else "" if doc.xrefs and isinstance(doc.xrefs[0], PDFXRef)
        else "the file's cross-reference stream takes no appended plain update"
    )
    pages = ((i, page.resources) for i, page in enumerate(PDFPage.create_pages(doc), start=1))
    repairs = find_repairs(PDFResourceManager(caching=True), pages, settings, file, unwritable)
    maps = {objid: m for r in repairs for objid, m in r.maps.items()}
    if not maps:
        return data, repairs
    return incremental_update(data, doc, trailer, maps), repairs


def tounicode_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap for one-byte codes (bfchar entries, at most 100 per block)."""
    items = sorted((c, t) for c, t in mapping.items() if t and 0 <= c <= 0xFF)
    out = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <FF>", "endcodespacerange",
    ]
    for start in range(0, len(items), 100):
        block = items[start:start + 100]
        out.append(f"{len(block)} beginbfchar")
        out += [f"<{c:02X}> <{t.encode('utf-16-be').hex().upper()}>" for c, t in block]
        out.append("endbfchar")
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(out).encode("ascii")


def incremental_update(data: bytes, doc: Any, trailer: dict[str, Any],
                       streams: dict[int, dict[int, str]]) -> bytes:
    """``data`` with the given ToUnicode streams replaced, as a PDF incremental update: the
    original bytes stay as they are and a new cross-reference section points at the new
    objects (same object numbers), chained to the old one by /Prev."""
    prev = data.rfind(b"startxref")
    previous = int(data[prev + 9:].split()[0])
    body = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets: dict[int, tuple[int, int]] = {}
    for objid, mapping in sorted(streams.items()):
        generation = _generation(doc, objid)
        cmap = tounicode_cmap(mapping)
        offsets[objid] = (len(body), generation)
        body += f"{objid} {generation} obj\n<< /Length {len(cmap)} >>\nstream\n".encode()
        body += cmap + b"\nendstream\nendobj\n"
    xref = len(body)
    lines = ["xref"]
    for objid, (offset, generation) in sorted(offsets.items()):
        lines += [f"{objid} 1", f"{offset:010d} {generation:05d} n\r"]
    size = max(int(trailer.get("Size", 0) or 0), max(offsets) + 1)
    entries = [f"/Size {size}", f"/Prev {previous}"]
    for key in ("Root", "Info"):
        ref_id = getattr(trailer.get(key), "objid", None)
        if ref_id is not None:
            entries.append(f"/{key} {ref_id} {_generation(doc, ref_id)} R")
    ids = trailer.get("ID")
    if isinstance(ids, list) and all(isinstance(i, bytes) for i in ids):
        entries.append("/ID [" + " ".join(f"<{i.hex()}>" for i in ids) + "]")
    lines += ["trailer", "<< " + " ".join(entries) + " >>", "startxref", str(xref), "%%EOF", ""]
    body += "\n".join(lines).encode("ascii")
    return bytes(body)


def _generation(doc: Any, objid: int) -> int:
    for xref in doc.xrefs:
        try:
            stream, _, generation = xref.get_pos(objid)
        except KeyError:
            continue
        return 0 if stream is not None else int(generation)
    return 0


def base_name(name: str) -> str:
    """The font name without its subset tag: "BAAAAA+Calibri-Bold" -> "Calibri-Bold"."""
    return _SUBSET_TAG.sub("", name)


def page_fonts(pages: Iterable[tuple[int, Any]]) -> dict[int, tuple[Any, int]]:
    """Embedded TrueType subsets with a ToUnicode map, by object id: (font dict, first page).
    ``pages`` yields (page number, pdfminer resources) pairs."""
    from pdfminer.pdftypes import resolve1

    found: dict[int, tuple[Any, int]] = {}
    for number, resources in pages:
        fonts = resolve1(resolve1(resources or {}).get("Font")) or {}
        if not isinstance(fonts, dict):
            continue
        for ref in fonts.values():
            objid = getattr(ref, "objid", None)
            if objid is None or objid in found:
                continue
            spec = resolve1(ref)
            if isinstance(spec, dict) and _is_embedded_truetype(spec):
                found[objid] = (spec, number)
    return found


def _is_embedded_truetype(spec: dict[str, Any]) -> bool:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    if literal_name(spec.get("Subtype")) != "TrueType" or "ToUnicode" not in spec:
        return False
    descriptor = resolve1(spec.get("FontDescriptor"))
    return isinstance(descriptor, dict) and "FontFile2" in descriptor


def repeated_subsets(fonts: dict[int, tuple[Any, int]]) -> dict[str, list[int]]:
    """Font names embedded as two or more subsets: the only fonts that can be compared."""
    from pdfminer.psparser import literal_name

    by_base: dict[str, list[int]] = defaultdict(list)
    for objid, (spec, _) in fonts.items():
        by_base[base_name(str(literal_name(spec.get("BaseFont", ""))))].append(objid)
    return {base: ids for base, ids in by_base.items() if len(ids) > 1}


def find_repairs(rsrcmgr: Any, pages: Iterable[tuple[int, Any]], settings: Settings,
                 file: str | None = None, unwritable: str = "") -> list[FontRepair]:
    """Find fonts whose subsets disagree, and the corrected text map of each subset.
    ``pages`` yields (page number, pdfminer resources); ``rsrcmgr`` reads the fonts. With
    ``unwritable`` (why the file cannot take new maps) fonts are only found, not read."""
    fonts = page_fonts(pages)
    # Fonts per ToUnicode stream: a stream that several fonts share (files whose identical
    # objects were merged) may only be rewritten with a map right for all of them.
    readers = Counter(getattr(spec.get("ToUnicode"), "objid", None) for spec, _ in fonts.values())
    repairs: list[FontRepair] = []
    for base, ids in repeated_subsets(fonts).items():
        subsets = [s for s in (_read_subset(rsrcmgr, i, *fonts[i], base) for i in ids) if s]
        outlines: dict[str, GlyphRef] = {}
        for subset in subsets:
            _outline_keys(subset, fonts[subset.objid][0], outlines)
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for subset in subsets:
            for key, text in subset.codes.values():
                if text:
                    votes[key][text] += 1
        if not _inconsistent(votes):
            continue
        pages_of = set().union(*(s.pages for s in subsets))
        if unwritable:
            repairs.append(FontRepair(base, len(subsets), pages_of, {}, False, why=unwritable))
            continue
        doubtful = doubtful_glyphs(votes)
        try:
            readings = read_glyphs(doubtful, votes, outlines, settings)
        except _NoOcr:
            repairs.append(FontRepair(base, len(subsets), pages_of, {}, read=False))
            continue
        texts = resolve_texts(votes, readings)
        changed: dict[str, tuple[str, str]] = {}
        maps: dict[int, dict[int, str]] = {}
        wanted: dict[int, list[dict[int, str]]] = defaultdict(list)
        for subset in subsets:
            cmap = dict(subset.font.unicode_map.cid2unichr)
            for code, (key, old) in subset.codes.items():
                new = texts.get(key, old)
                if new != old:
                    cmap[code] = new
                    changed[key] = (old, new)
            stream = getattr(fonts[subset.objid][0].get("ToUnicode"), "objid", None)
            if stream is not None:
                wanted[stream].append(cmap)
                if cmap != subset.font.unicode_map.cid2unichr:
                    maps[stream] = cmap
        for stream, cmaps in wanted.items():
            # Rewriting a shared stream for one font would break the others (a font this
            # check did not read wants it as it is): such a stream is left alone.
            if stream in maps and (len(cmaps) < readers[stream]
                                   or any(c != cmaps[0] for c in cmaps)):
                log.info("%s: ToUnicode %d is shared by fonts that need different maps",
                         file, stream)
                del maps[stream]
        log.info("%s: font %s repaired, %d glyphs", file, base, len(changed))
        repairs.append(FontRepair(base, len(subsets), pages_of, changed, True, maps))
    return repairs


def repair_warnings(repairs: list[FontRepair]) -> list[Warning_]:
    """One warning per font that was (or could not be) repaired."""
    out = []
    for r in repairs:
        where = _page_list(sorted(r.pages))
        if not r.read:
            why = r.why or "tesseract, which reads the glyphs, is missing or failed"
            out.append(Warning_(
                code="font_not_repaired",
                message=(f"font {r.base}: the text maps of its {r.subsets} subsets disagree "
                         f"(pages {where}), and {why}; words in this font may be misspelt"),
                page=min(r.pages),
            ))
        elif r.changed:
            shown = ", ".join(f"{old!r}→{new!r}" for old, new in
                              sorted(set(r.changed.values()))[:8])
            out.append(Warning_(
                code="font_repaired",
                message=(f"font {r.base}: its {r.subsets} subsets map glyphs to wrong letters "
                         f"(pages {where}); {len(r.changed)} glyphs re-read from their "
                         f"shapes ({shown})"),
                page=min(r.pages),
            ))
    return out


def _read_subset(rsrcmgr: Any, objid: int, spec: Any, page: int, base: str) -> SubsetFont | None:
    try:
        font = rsrcmgr.get_font(objid, spec)
    except Exception:  # a font pdfminer cannot read is left to the page's own error handling
        return None
    if getattr(font, "unicode_map", None) is None:
        return None
    return SubsetFont(objid=objid, base=base, font=font, pages={page})


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


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _inconsistent(votes: dict[str, Counter[str]]) -> bool:
    """True when one outline of a letter is given two different texts (spaces aside)."""
    return any(
        len({t.strip() for t in texts}) > 1 and any(_has_letter(t) for t in texts)
        for texts in votes.values()
    )


def doubtful_glyphs(votes: dict[str, Counter[str]]) -> list[str]:
    """Outline keys whose text is in doubt: the subsets disagree on it, or another outline of
    the font has the same text (a ligature mapped to its first letter, or a shifted letter)."""
    owners: Counter[str] = Counter(v.most_common(1)[0][0] for v in votes.values())
    return [
        key for key, texts in votes.items()
        if not _is_blank(key) and any(_has_letter(t) for t in texts)
        and (len(texts) > 1 or owners[texts.most_common(1)[0][0]] > 1)
    ]


def _is_blank(key: str) -> bool:
    return key.split(":", 1)[-1].startswith(_BLANK)


def resolve_texts(votes: dict[str, Counter[str]], readings: dict[str, str]) -> dict[str, str]:
    """The text of every outline: the most common ToUnicode text, unless the OCR reading of
    its shape picks another that the subsets back (see the module docstring)."""
    texts: dict[str, str] = {}
    for key, counted in votes.items():
        if not counted:
            continue
        backed = _backed_reading(readings.get(key, ""), counted)
        top = counted.most_common(2)
        spaces = [t for t, _ in counted.most_common() if t.isspace()]
        if _is_blank(key):
            # Nothing is drawn, so it is a space if any subset says so, whatever the rest say.
            if spaces:
                texts[key] = spaces[0]
        elif backed:
            texts[key] = backed
        elif len(top) == 1 or top[0][1] > top[1][1]:
            texts[key] = top[0][0]
        # A tie that OCR cannot break: each subset keeps its own text.
    # One text, two shapes: only one of them draws it. The others are ligatures the subsets
    # also mapped to their first letter, or letters shifted onto their neighbour's text; the
    # owner is the shape the subsets give that text most often.
    by_text: dict[str, list[str]] = defaultdict(list)
    for key, text in texts.items():
        by_text[text].append(key)
    for text, keys in by_text.items():
        if len(keys) < 2:
            continue
        ligatures = {
            key: [t for t in votes[key] if t in TYPOGRAPHIC_LIGATURES and t.startswith(text)]
            for key in keys
        }
        # On a tie in votes, the shape OCR read as exactly this text owns it (two subsets,
        # one shifted, give both shapes the text once).
        owner = max(keys, key=lambda k: (not ligatures[k], votes[k][text],
                                         readings.get(k, "").strip() == text))
        for key in keys:
            if key == owner:
                continue
            if ligatures[key]:
                texts[key] = max(ligatures[key], key=lambda t: votes[key][t])
            elif _unclaimed_reading(readings.get(key, ""), texts):
                texts[key] = readings[key].strip()
            elif (free := _unclaimed_text(votes[key], texts, key)) is not None:
                # A misreading backed only loosely (OCR's "å" for an "l" backs the "ä" one
                # shifted subset gave it) must not outvote the subsets: the text is taken,
                # so the shape gets the likeliest text its subsets gave that is still free.
                texts[key] = free
    return texts


def _unclaimed_reading(read: str, texts: dict[str, str]) -> bool:
    """Whether an OCR reading can stand alone: one glyph's worth (a character OCR does not
    confuse, or a ligature) that no other shape of the font already draws."""
    read = read.strip()
    if not (len(read) == 1 and read not in OCR_CONFUSABLE) and read not in TYPOGRAPHIC_LIGATURES:
        return False
    # Case counts here: "K" and "k" are two shapes of a font.
    return all(_fold(t, case=False) != _fold(read, case=False) for t in texts.values())


def _unclaimed_text(counted: Counter[str], texts: dict[str, str], key: str) -> str | None:
    """A text the subsets give this shape most often (alone or tied) that no other shape of
    the font draws. A rarer one is not taken: a ligature all subsets map to its first letter
    is better left so than given one shifted subset's stray letter."""
    taken = {t for k, t in texts.items() if k != key}
    most = counted.most_common(1)[0][1]
    return next((t for t, n in counted.most_common()
                 if n == most and t not in taken and _has_letter(t)), None)


def _fold(text: str, case: bool = True) -> str:
    # Marks go too: a lone "å" is often read as "ä"; the subsets' own texts decide which.
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text.casefold() if case else text)
                   if not unicodedata.combining(ch))
    return "".join(OCR_CONFUSABLE.get(ch, ch) for ch in bare)


def _backed_reading(read: str, counted: Counter[str]) -> str | None:
    read = read.strip()
    if not read:
        return None
    if read in counted:
        return read
    folded = [t for t in counted if _fold(t.strip()) == _fold(read)]
    if folded:
        return max(folded, key=lambda t: counted[t])
    if read in TYPOGRAPHIC_LIGATURES and any(
        len(t) == 1 and read.startswith(t) for t in counted
    ):
        return read
    # A lone ligature is often read as one of its letters ("ti" as "i").
    ligatures = [t for t in counted if t in TYPOGRAPHIC_LIGATURES and read in t]
    if ligatures:
        return max(ligatures, key=lambda t: counted[t])
    return None


class _NoOcr(Exception):
    pass


def read_glyphs(keys: list[str], votes: dict[str, Counter[str]], outlines: dict[str, GlyphRef],
                settings: Settings) -> dict[str, str]:
    """OCR readings of the doubtful glyphs, from the cache where it has them."""
    if not keys:
        return {}
    frame = _frame_glyph(votes, set(keys))
    cache = _GlyphCache.open(settings)
    wanted = [k for k in keys if cache.get(frame, k) is None]
    if wanted:
        cache.update(frame, _ocr(wanted, frame, outlines, settings))
    return {k: cache.get(frame, k) or "" for k in keys}


def _frame_glyph(votes: dict[str, Counter[str]], doubtful: set[str]) -> str | None:
    """A glyph to frame the doubtful ones with: a short letter, preferably one no subset
    doubts, else the one the subsets agree on most."""
    def confidence(key: str) -> tuple[bool, float, int]:
        texts = votes[key]
        top = texts.most_common(1)[0][1]
        return (key not in doubtful, top / sum(texts.values()), top)

    frames = [k for k, texts in votes.items() if texts.most_common(1)[0][0] in _FRAME_LETTERS
              and texts.most_common(1)[0][1] / sum(texts.values()) >= _FRAME_MIN_SHARE]
    return max(frames, key=confidence, default=None)


def _ocr(keys: list[str], frame: str | None, outlines: dict[str, GlyphRef],
         settings: Settings) -> dict[str, str]:
    from .ocr import ocr_available, run_tesseract

    if not ocr_available():
        raise _NoOcr
    png, height, spans = specimen_image(keys, frame, outlines, settings.glyph_em_px)
    try:
        boxes = run_tesseract(png, timeout=settings.max_seconds, psm="6", output="makebox")
    except DependencyError as exc:
        # A tesseract that fails on the specimen must not cost a file this optional check
        # only meant to improve: the font is left as it is, with the warning that says so.
        log.warning("glyphs not read: %s", exc)
        raise _NoOcr from exc
    found: dict[str, str] = {key: "" for key in keys}
    for line in boxes.splitlines():
        parts = line.rsplit(" ", 5)
        if len(parts) != 6:
            continue
        ch, x0, y0, x1, y1, _ = parts
        # Box files count y from the bottom of the image.
        x, y = (int(x0) + int(x1)) / 2, height - (int(y0) + int(y1)) / 2
        for key, (left, right, top, bottom) in spans.items():
            if left <= x <= right and top <= y <= bottom:
                found[key] += ch
                break
    return found


# Image geometry, in ems of the glyph size: baseline from the top, line height, margin.
_BASELINE_EMS = 1.6
_LINE_EMS = 2.3
_MARGIN_EMS = 0.8
_SLACK_PX = 2

Span = tuple[float, float, float, float]


def specimen_image(keys: list[str], frame: str | None, outlines: dict[str, GlyphRef],
                   em: int) -> tuple[bytes, int, dict[str, Span]]:
    """A PNG with one line per doubtful glyph, framed by ``frame`` ("oXo"): on its own line
    each gets its own x-height and case. Returns the PNG, its height, and each glyph's box
    in pixels (left, right, top, bottom)."""
    from PIL import Image, ImageChops, ImageDraw

    margin = int(em * _MARGIN_EMS)
    line = int(em * _LINE_EMS)

    def advance(key: str) -> int:
        return int(outlines[key].advance * em) + 1

    frame_width = advance(frame) if frame else 0
    width = 2 * margin + 2 * frame_width + max(advance(k) for k in keys)
    height = 2 * margin + line * len(keys)
    page = Image.new("1", (width, height), 0)
    spans: dict[str, Span] = {}
    for row, key in enumerate(keys):
        tile = Image.new("1", (width, line), 0)
        x = float(margin)
        for part in ([frame, key, frame] if frame else [key]):
            assert part is not None
            glyph = Image.new("1", (width, line), 0)
            for contour in outlines[part].contours():
                # Even-odd filling by XOR draws counters (the hole of "o") as holes.
                mask = Image.new("1", (width, line), 0)
                ImageDraw.Draw(mask).polygon(
                    [(x + px * em, em * _BASELINE_EMS - py * em) for px, py in contour], fill=1)
                glyph = ImageChops.logical_xor(glyph, mask)
            tile = ImageChops.logical_or(tile, glyph)
            if part is key:
                top = margin + row * line
                spans[key] = (x - _SLACK_PX, x + advance(key) + _SLACK_PX, top, top + line)
            x += advance(part)
        page.paste(tile, (0, margin + row * line))
    buf = io.BytesIO()
    ImageChops.invert(page.convert("L")).save(buf, "PNG")
    return buf.getvalue(), height, spans


class _GlyphCache:
    """OCR readings by (frame outline, glyph outline), in a JSON file shared by all parses."""

    def __init__(self, path: Path | None, data: dict[str, str]) -> None:
        self.path = path
        self.data = data

    @classmethod
    def open(cls, settings: Settings) -> _GlyphCache:
        folder = cache_dir(settings)
        if folder is None:
            return cls(None, {})
        path = folder / _CACHE_FILE
        try:
            stored = json.loads(path.read_text("utf-8"))
            data = stored["glyphs"] if stored.get("version") == _CACHE_VERSION else {}
        except (OSError, ValueError, KeyError, AttributeError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        # A hand-edited or foreign file may hold other values; a reading must be a string
        # (a number here made every later check of the font fail).
        return cls(path, {k: v for k, v in data.items() if isinstance(v, str)})

    def get(self, frame: str | None, key: str) -> str | None:
        return self.data.get(f"{frame}|{key}")

    def update(self, frame: str | None, readings: dict[str, str]) -> None:
        self.data.update({f"{frame}|{k}": v for k, v in readings.items()})
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole and renamed: batch workers may write at once; the last one wins.
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"version": _CACHE_VERSION, "glyphs": self.data}, fh)
                os.replace(tmp, self.path)
            except OSError:
                # A full disk must not leave a stray temporary file behind at every parse.
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:  # a read-only home: the readings are just not kept
            log.warning("glyph cache not written to %s: %s", self.path, exc)


def cache_dir(settings: Settings) -> Path | None:
    """Where glyph readings are kept: ``settings.glyph_cache_dir``, else $HYTEDOCS_CACHE_DIR,
    else the user's cache folder; "" turns the cache off."""
    chosen = settings.glyph_cache_dir
    if chosen is None:
        chosen = os.environ.get("HYTEDOCS_CACHE_DIR")
    if chosen is None:
        root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(root) / "hytedocs"
    return Path(chosen) if chosen else None
