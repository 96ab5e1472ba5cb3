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
   typographic ligature that starts with one of them. Otherwise the most common text stays;
   a shape split between two texts that nothing decides is offered the other one.
4. Every change so proposed is a claim, and the printed page judges it
   (:mod:`~hytedocs.pdf.glyph_proof`): the words that hold the glyph are rendered from the
   file and read by OCR, and the change is made only when they read closer to the repaired
   word than to the word as the map gave it; a page whose changed words would agree less
   with what is printed keeps its map. Subsets that agree on a wrong digit are common (every
   page's header prints the date first), so no digit is changed on their votes alone.
5. The corrected maps are appended to the PDF as an incremental update (new ToUnicode
   streams under the old object numbers), so every backend reads the corrected text. Files
   with a cross-reference stream or encryption are left as they are, with a warning.

Reading by OCR costs a second or two per damaged document, so readings are cached by outline
(``Settings.glyph_cache_dir``): a municipality's next file in the same fonts needs none.
Without tesseract the fonts are left as they are and the result says so in a warning.

This module finds the fonts and drives the repair; the outline keys are in
:mod:`~hytedocs.pdf.glyph_outlines`, the doubt, OCR and cache in
:mod:`~hytedocs.pdf.glyph_reading`, the check on the printed page in
:mod:`~hytedocs.pdf.glyph_proof`, and the appended update in :mod:`~hytedocs.pdf.tounicode`.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..errors import HytedocsError
from ..models import Warning_
from ..settings import Settings
from .glyph_outlines import GlyphRef, SubsetFont, _outline_keys
from .glyph_proof import Change, Proof, StreamPlan, change_of, check_on_page
from .glyph_reading import _has_alnum, _NoOcr, doubtful_glyphs, read_glyphs, resolve_texts
from .source import OpenedSource, _page_list, looks_truncated
from .tounicode import incremental_update

log = logging.getLogger(__name__)

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


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
    # The proposed changes, per ToUnicode stream, before the printed page was asked.
    plans: list[StreamPlan] = field(default_factory=list)
    # Changes the printed words did not confirm: (outline key, old, new) -> pages.
    refused: dict[Change, set[int]] = field(default_factory=dict)
    # Pages whose repair made the text agree less with the printed words -> (old, new).
    refused_pages: dict[int, set[tuple[str, str]]] = field(default_factory=dict)
    proof: Proof | None = None


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
    plans = [plan for r in repairs for plan in r.plans]
    if plans:
        try:
            proof = check_on_page(data, doc, trailer, plans, settings)
        except _NoOcr:
            for r in repairs:
                r.read, r.plans = False, []
            return data, repairs
        apply_proof(repairs, proof)
    maps = {objid: m for r in repairs for objid, m in r.maps.items()}
    if not maps:
        return data, repairs
    return incremental_update(data, doc, trailer, maps), repairs


def base_name(name: str) -> str:
    """The font name without its subset tag: "BAAAAA+Calibri-Bold" -> "Calibri-Bold"."""
    return _SUBSET_TAG.sub("", name)


def page_fonts(pages: Iterable[tuple[int, Any]], pages_of: dict[int, set[int]] | None = None,
               ) -> dict[int, tuple[Any, int]]:
    """Embedded TrueType subsets with a ToUnicode map, by object id: (font dict, first page).
    ``pages`` yields (page number, pdfminer resources) pairs; ``pages_of`` is given every
    page each font object is used on."""
    from pdfminer.pdftypes import resolve1

    found: dict[int, tuple[Any, int]] = {}
    for number, resources in pages:
        fonts = resolve1(resolve1(resources or {}).get("Font")) or {}
        if not isinstance(fonts, dict):
            continue
        for ref in fonts.values():
            objid = getattr(ref, "objid", None)
            if objid is not None and pages_of is not None:
                pages_of[objid].add(number)
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
    """Find fonts whose subsets disagree, and the text each of their subsets' codes would get
    (``FontRepair.plans``; nothing is changed until :func:`apply_proof`). ``pages`` yields
    (page number, pdfminer resources); ``rsrcmgr`` reads the fonts. With ``unwritable`` (why
    the file cannot take new maps) fonts are only found, not read."""
    pages_of: dict[int, set[int]] = defaultdict(set)
    fonts = page_fonts(pages, pages_of)
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
        # The first page of each subset, as the warnings name them.
        pages_all = set().union(*(s.pages for s in subsets))
        if unwritable:
            repairs.append(FontRepair(base, len(subsets), pages_all, {}, False, why=unwritable))
            continue
        doubtful = doubtful_glyphs(votes)
        try:
            readings = read_glyphs(doubtful, votes, outlines, settings)
        except _NoOcr:
            repairs.append(FontRepair(base, len(subsets), pages_all, {}, read=False))
            continue
        texts = resolve_texts(votes, readings)
        # A shape the subsets split between two texts that neither OCR nor the votes decide
        # is offered the other text in each subset: its printed words tell which is right.
        pairs = {key: tuple(counted) for key, counted in votes.items()
                 if key not in texts and len(counted) == 2 and any(map(_has_alnum, counted))}
        plans: dict[int, StreamPlan] = {}
        wanted: dict[int, list[dict[int, str]]] = defaultdict(list)
        for subset in subsets:
            original = dict(subset.font.unicode_map.cid2unichr)
            proposed = {code: new for code, (key, old) in subset.codes.items()
                        if (new := _proposal(key, old, texts, pairs)) != old}
            stream = getattr(fonts[subset.objid][0].get("ToUnicode"), "objid", None)
            if stream is None:
                continue
            wanted[stream].append({**original, **proposed})
            if proposed:
                plans[stream] = StreamPlan(
                    stream, base, original, {c: k for c, (k, _) in subset.codes.items()},
                    proposed, set(pages_of[subset.objid]))
        for stream, cmaps in wanted.items():
            # Rewriting a shared stream for one font would break the others (a font this
            # check did not read wants it as it is): such a stream is left alone.
            if stream in plans and (len(cmaps) < readers[stream]
                                    or any(c != cmaps[0] for c in cmaps)):
                log.info("%s: ToUnicode %d is shared by fonts that need different maps",
                         file, stream)
                del plans[stream]
        repairs.append(FontRepair(base, len(subsets), pages_all, {}, True,
                                  plans=list(plans.values())))
    return repairs


def apply_proof(repairs: list[FontRepair], proof: Proof) -> None:
    """Fill each repair's corrected maps with the changes the printed page confirmed, and
    what it refused."""
    for r in repairs:
        for plan in r.plans:
            applied = proof.applied.get(plan.objid, {})
            if applied:
                r.maps[plan.objid] = {**plan.original, **applied}
                for code in applied:
                    key, old, new = change_of(plan, code)
                    r.changed[key] = (old, new)
            for code in plan.proposed:
                change = change_of(plan, code)
                # A shape offered both of its subsets' texts: the words chose one, and the
                # other one's refusal is no news.
                chosen = (change[0], change[2], change[1]) in proof.verdicts and (
                    change[0], change[2], change[1]) not in proof.refused
                if change in proof.refused and not chosen:
                    r.refused.setdefault(change, set()).update(plan.pages)
            if plan.objid in proof.refused_streams:
                # The changes that would have been made on these pages.
                glyphs = {c[1:] for c in map(partial(change_of, plan), plan.proposed)
                          if c not in proof.refused}
                for page in plan.pages:
                    r.refused_pages.setdefault(page, set()).update(glyphs)
        if r.read:
            r.proof = proof


def repair_warnings(repairs: list[FontRepair]) -> list[Warning_]:
    """One warning per font that was (or could not be) repaired, one per font whose changes
    the printed words did not confirm, and one per page that keeps its printed text."""
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
            continue
        if r.changed:
            shown = ", ".join(f"{old!r}→{new!r}" for old, new in
                              sorted(set(r.changed.values()))[:8])
            out.append(Warning_(
                code="font_repaired",
                message=(f"font {r.base}: its {r.subsets} subsets map glyphs to wrong letters "
                         f"(pages {where}); {len(r.changed)} glyphs re-read from their "
                         f"shapes ({shown})"),
                page=min(r.pages),
            ))
        if r.refused:
            pages = sorted(set().union(*r.refused.values()))
            shown = ", ".join(
                f"{old!r}→{new!r} ({_evidence(r, (key, old, new))})"
                for key, old, new in sorted(r.refused, key=lambda c: (c[1], c[2]))[:8])
            out.append(Warning_(
                code="font_repair_refused",
                message=(f"font {r.base}: {_changes(len(r.refused))} not made, as the printed "
                         f"words did not confirm {'it' if len(r.refused) == 1 else 'them'} "
                         f"(pages {_page_list(pages)}): {shown}; words with these glyphs keep "
                         "the text the file gives them"),
                page=pages[0],
            ))
        for page, glyphs in sorted(r.refused_pages.items()):
            shown = ", ".join(f"{old!r}→{new!r}" for old, new in sorted(glyphs)[:8])
            out.append(Warning_(
                code="font_repair_refused",
                message=(f"font {r.base}, page {page}: the repaired words agreed less with the "
                         f"printed page than the file's own text, which the page keeps "
                         f"({shown})"),
                page=page,
            ))
    return out


def _changes(n: int) -> str:
    return "1 glyph change was" if n == 1 else f"{n} glyph changes were"


def _evidence(r: FontRepair, change: Change) -> str:
    verdict = r.proof.verdicts.get(change) if r.proof else None
    if verdict is None or not (verdict.confirmed or verdict.refuted or verdict.unread):
        return "no printed word tells"
    parts = [f"{n} {what}" for n, what in ((verdict.refuted, "refuted"),
                                            (verdict.confirmed, "confirmed"),
                                            (verdict.unread, "unread")) if n]
    return ", ".join(parts)


def _read_subset(rsrcmgr: Any, objid: int, spec: Any, page: int, base: str) -> SubsetFont | None:
    try:
        font = rsrcmgr.get_font(objid, spec)
    except Exception:  # a font pdfminer cannot read is left to the page's own error handling
        return None
    if getattr(font, "unicode_map", None) is None:
        return None
    return SubsetFont(objid=objid, base=base, font=font, pages={page})


def _proposal(key: str, old: str, texts: dict[str, str],
              pairs: dict[str, tuple[str, ...]]) -> str:
    if key in texts:
        return texts[key]
    pair = pairs.get(key, ())
    return pair[1 - pair.index(old)] if old in pair else old


def _inconsistent(votes: dict[str, Counter[str]]) -> bool:
    """True when one outline of a letter or digit is given two different texts (spaces
    aside)."""
    return any(
        len({t.strip() for t in texts}) > 1 and any(_has_alnum(t) for t in texts)
        for texts in votes.values()
    )
