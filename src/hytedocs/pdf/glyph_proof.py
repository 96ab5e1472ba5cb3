"""Font repair, the proof: a glyph's new text is kept only when the printed page confirms it.

The subsets' votes and the OCR of lone glyphs (:mod:`~hytedocs.pdf.glyph_reading`) propose a
new text for some codes of some ToUnicode maps. Both can be wrong in the same way: when most
pages of a file shift their maps alike, most subsets agree on the wrong letter, and a lone
digit drawn on its own is easily misread. So every proposed change is checked on the words
the file prints with it:

1. **Where the glyph is printed.** The file is opened by pdfium with *probe* maps: every code
   of a map that would change is mapped to two private-use characters that name the stream
   and the code. pdfium's text page then tells, for every character it reads, which glyph of
   which subset it is and where it is printed, at the cost of one text page per page (no
   content stream is interpreted in Python).
2. **What is printed there.** The words holding a changed glyph are rendered from the file as
   it is (only their boxes, at a size where tesseract reads body text well) and read by
   tesseract in one run. Not every word is read: each change gets a few words of its own
   (every word that holds a digit or "§": dates, diary numbers and § numbers), and each page
   a few; a word is read once, whatever pages print it, and its reading is cached by the
   outlines it is drawn with.
3. **The verdict.** For each word read, the change is judged by the word with and without it
   (the file's other accepted changes applied to both): a reading closer to the word with
   the change confirms it, one closer to the word without refutes it. A change stands only
   with a confirmation and no refutation, so nothing, digits least of all, is changed on the
   subsets' evidence alone. A glyph that draws nothing becomes a space on its outline's
   evidence (nothing is printed there).
4. **The page.** For each page whose map changes, the OCR of its changed words is compared
   with its text before and after; a page the repair would make agree less keeps its
   printed text (``font_repair_refused``).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import heapq
import io
import logging
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from ctypes import byref, c_void_p
from dataclasses import dataclass, field
from typing import Any

from ..errors import DependencyError
from ..settings import Settings
from ..vocabulary import OCR_CONFUSABLE, OCR_DASHES
from .glyph_outlines import _BLANK
from .glyph_reading import _GlyphCache, _NoOcr
from .pdfium_api import _api, _handle, _page_text

log = logging.getLogger(__name__)

# Probe characters: the first names the stream (its index), the second the code. Both are in
# the Basic Multilingual Plane's private-use area; pdfium drops probe texts outside it.
_STREAM_BASE = 0xE000
_CODE_BASE = 0xF700
MAX_PROBED_STREAMS = _CODE_BASE - _STREAM_BASE
_PROBE_OR_CHAR = re.compile("[\ue000-\uf6ff][\uf700-\uf7ff]|.", re.S)

# Around a word's box, for the crop: a little air, less than the space to the next word
# (a space is about 0.2 box heights).
_PAD_X = 0.12
_PAD_Y = 0.04

# Render scales beyond these are pointless (a word in 4 pt or 40 pt type).
_MIN_SCALE = 1.0
_MAX_SCALE = 12.0

# The OCR sheet: crops side by side, lines of at most this many pixels, with gaps of these
# many line heights between crops and between lines (tesseract must not join two crops;
# with a gap of a whole line height it reads dashes into it).
_SHEET_WIDTH = 2400
# ... and at most this many words a sheet (a bounded image, whatever the file).
_SHEET_WORDS = 200
_GAP_X = 0.5
_GAP_Y = 0.6

_READINGS_FILE = "words.json"

_NUMERIC = re.compile(r"[0-9§]")

Item = str | tuple[int, int]  # a character as pdfium reads it, or (stream, code) of a probe


@dataclass
class StreamPlan:
    """One ToUnicode stream whose map would change: its map as printed, the outline key of
    every code, and the proposed new text of the codes that change."""

    objid: int
    font: str
    original: dict[int, str]
    keys: dict[int, str]
    proposed: dict[int, str]
    pages: set[int] = field(default_factory=set)


Change = tuple[str, str, str]  # (outline key, old text, new text): one claim about one shape


@dataclass(slots=True)
class PrintedWord:
    """One printed word holding a probed glyph: page, box in page space (left, bottom,
    right, top; None when its ends are on two lines) and its characters."""

    page: int
    box: tuple[float, float, float, float] | None
    items: tuple[Item, ...]


@dataclass
class Verdict:
    """What the printed page said about one change."""

    confirmed: int = 0
    refuted: int = 0
    unread: int = 0


@dataclass
class Proof:
    """The outcome: which (stream, code) changes are applied, and why the others are not."""

    applied: dict[int, dict[int, str]]
    refused: dict[Change, Verdict]  # changes the printed words did not confirm
    refused_streams: dict[int, float]  # stream -> agreement lost (edit distance), page check
    verdicts: dict[Change, Verdict]
    words_read: int = 0  # distinct words rendered and read by OCR (cache misses)
    words_judged: int = 0  # distinct words whose reading was used
    seconds: float = 0.0  # the whole check, probe to verdict


def change_of(plan: StreamPlan, code: int) -> Change:
    return (plan.keys.get(code, ""), plan.original.get(code, ""), plan.proposed[code])


def _is_blank(key: str) -> bool:
    return key.split(":", 1)[-1].startswith(_BLANK)


# --- where the glyphs are printed ------------------------------------------------------------

def probe_maps(plans: Sequence[StreamPlan]) -> dict[int, dict[int, str]]:
    """The probe map of every planned stream: each code of its font as two private-use
    characters, the stream's index and the code."""
    out: dict[int, dict[int, str]] = {}
    for index, plan in enumerate(plans[:MAX_PROBED_STREAMS]):
        codes = {*plan.original, *plan.keys}
        out[plan.objid] = {c: chr(_STREAM_BASE + index) + chr(_CODE_BASE + c)
                           for c in codes if 0 <= c <= 0xFF}
    return out


def printed_words(probe_pdf: bytes, plans: Sequence[StreamPlan], pages: Iterable[int],
                  password: str | None = None) -> list[PrintedWord]:
    """The words on the given pages (1-based) that hold a probed glyph, from pdfium's text
    page of the file with the probe maps: runs of characters between whitespace (pdfium puts
    a space where a gap is), cut at every glyph that draws nothing."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    api = _api()
    streams = [p.objid for p in plans[:MAX_PROBED_STREAMS]]
    blank = {(p.objid, c) for p in plans for c, k in p.keys.items() if _is_blank(k)}
    words: list[PrintedWord] = []
    pdf = pdfium.PdfDocument(probe_pdf, password=password)
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            textpage = page.get_textpage()
            try:
                handle = _handle(textpage)
                count = int(api.count_chars(handle))
                text = _page_text(api, handle, count) if count else ""
                runs = [run for start, end in _probed_tokens(text)
                        for run in _runs(text, start, end, streams, blank)]
                # The bare per-character call takes the text page as a c_void_p.
                boxes = _run_boxes(api, c_void_p(handle), raw.FS_RECTF(), runs)
                words.extend(PrintedWord(number, box, items)
                             for (_, _, items), box in zip(runs, boxes, strict=True))
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return words


def _probed_tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every whitespace-free run of the page text with a probe character."""
    out = []
    for match in re.finditer(r"\S+", text):
        token = match.group()
        if any(_CODE_BASE <= ord(ch) <= _CODE_BASE + 0xFF for ch in token):
            out.append(match.span())
    return out


def _runs(text: str, start: int, end: int, streams: list[int], blank: set[tuple[int, int]],
          ) -> list[tuple[int, int, tuple[Item, ...]]]:
    """The token's words with a probed glyph: (first index, last index, characters), cut
    at the glyphs that draw nothing (they separate what is printed around them)."""
    out: list[tuple[int, int, tuple[Item, ...]]] = []
    items: list[Item] = []
    first = last = start
    probed = False
    for match in _PROBE_OR_CHAR.finditer(text, start, end):
        pair = match.group()
        item: Item = pair
        if len(pair) == 2 and ord(pair[0]) - _STREAM_BASE < len(streams):
            item = (streams[ord(pair[0]) - _STREAM_BASE], ord(pair[1]) - _CODE_BASE)
            if item in blank:
                if probed:
                    out.append((first, last, tuple(items)))
                items, probed, first = [], False, match.end()
                continue
            probed = True
        elif len(pair) == 2:  # not a probe after all: two characters
            items.append(pair[0])
            item = pair[1]
        items.append(item)
        last = match.end() - 1
    if probed:
        out.append((first, last, tuple(items)))
    return out


def _run_boxes(api: Any, tp: c_void_p, rect: Any,
               runs: list[tuple[int, int, tuple[Item, ...]]],
               ) -> list[tuple[float, float, float, float] | None]:
    """Each run's box from its first and last character's loose boxes; None for a run
    whose ends are not on one line (it cannot be cut out as one word, and is not read)."""
    loose = api.bare_loose_box
    out: list[tuple[float, float, float, float] | None] = []
    for first, last, _ in runs:
        loose(tp, first, byref(rect))
        left, bottom, top = rect.left, rect.bottom, rect.top
        loose(tp, last, byref(rect))
        # A superscript ("m²") overlaps its line; a run that goes on at the next line
        # does not, or ends left of where it began.
        if rect.bottom >= top or rect.top <= bottom or rect.right < left:
            out.append(None)
            continue
        out.append((left, min(bottom, rect.bottom), rect.right, max(top, rect.top)))
    return out


def word_text(word: PrintedWord, plans: dict[int, StreamPlan],
              applied: set[tuple[int, int]] | None = None) -> str:
    """The word's text with the given (stream, code) changes applied (None: all proposed)."""
    out = []
    for item in word.items:
        if isinstance(item, str):
            out.append(item)
            continue
        plan = plans[item[0]]
        code = item[1]
        if code in plan.proposed and (applied is None or item in applied):
            out.append(plan.proposed[code])
        else:
            out.append(plan.original.get(code, ""))
    return "".join(out)


def identity(word: PrintedWord, plans: dict[int, StreamPlan]) -> str:
    """What the word looks like: the outline of each glyph (the same printed word in any
    subset), so that it is read once however often it is printed."""
    parts = [f"={item}" if isinstance(item, str) else plans[item[0]].keys.get(item[1], "?")
             for item in word.items]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest()


# --- what is printed there -------------------------------------------------------------------

def read_printed(pdf_data: bytes, words: Sequence[PrintedWord], settings: Settings,
                 password: str | None = None, languages: str | None = None,
                 ) -> list[str | None]:
    """Tesseract's reading of each word as the file prints it (None: the word could not be
    rendered), with the Finnish and Swedish models unless ``languages`` says otherwise. One
    tesseract run per sheet of words."""
    from .ocr import ocr_available

    if not words:
        return []
    if not ocr_available():
        raise _NoOcr
    crops = _render_words(pdf_data, words, settings.proof_line_px, password)
    out: list[str | None] = []
    for start in range(0, len(crops), _SHEET_WORDS):
        out.extend(_read_sheet(crops[start:start + _SHEET_WORDS], settings, languages))
    return out


def _read_sheet(crops: Sequence[Any], settings: Settings, languages: str | None,
                ) -> list[str | None]:
    from .ocr import run_tesseract

    sheet, places = _sheet(crops)
    if sheet is None:
        return [None] * len(crops)
    png = io.BytesIO()
    sheet.save(png, "PNG")
    try:
        tsv = run_tesseract(png.getvalue(), timeout=settings.max_seconds, languages=languages,
                            psm="6", output="tsv")
    except DependencyError as exc:
        log.warning("printed words not read: %s", exc)
        raise _NoOcr from exc
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
        x, y = left + width / 2, top + height / 2
        for index, place in places.items():
            if place[0] <= x <= place[2] and place[1] <= y <= place[3]:
                found[index].append((left, text))
                break
    # The crop is one printed word: what tesseract split is joined again.
    return [
        None if i not in places else normalized("".join(t for _, t in sorted(found.get(i, []))))
        for i in range(len(crops))
    ]


def _render_words(pdf_data: bytes, words: Sequence[PrintedWord], line_px: int,
                  password: str | None) -> list[Any]:
    """Each word's box rendered from the file (None for a word on a turned page or outside
    it), scaled so that its line box is ``line_px`` high."""
    import pypdfium2 as pdfium

    crops: list[Any] = [None] * len(words)
    by_page: dict[int, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        by_page[word.page].append(index)
    pdf = pdfium.PdfDocument(pdf_data, password=password)
    try:
        for number, indices in sorted(by_page.items()):
            page = pdf[number - 1]
            try:
                if page.get_rotation() % 360:
                    continue  # text pages and renderings turn differently: not read
                left, bottom, right, top = page.get_bbox()
                for index in indices:
                    box = words[index].box
                    if box is None:
                        continue
                    x0, y0, x1, y1 = box
                    height = y1 - y0
                    if height <= 0 or x1 <= x0:
                        continue
                    scale = min(max(line_px / height, _MIN_SCALE), _MAX_SCALE)
                    cut = (max(x0 - _PAD_X * height - left, 0.0),
                           max(y0 - _PAD_Y * height - bottom, 0.0),
                           max(right - x1 - _PAD_X * height, 0.0),
                           max(top - y1 - _PAD_Y * height, 0.0))
                    if cut[0] + cut[2] >= right - left or cut[1] + cut[3] >= top - bottom:
                        continue
                    try:
                        bitmap = page.render(scale=scale, crop=cut, grayscale=True,
                                             draw_annots=False, may_draw_forms=False)
                    except ValueError:  # a box off the page
                        continue
                    crops[index] = bitmap.to_pil().convert("L")
            finally:
                page.close()
    finally:
        pdf.close()
    return crops


def _sheet(crops: Sequence[Any]) -> tuple[Any, dict[int, tuple[float, float, float, float]]]:
    """The crops laid out in lines on one white sheet, and each crop's place on it (left,
    top, right, bottom, with half the gap around it)."""
    from PIL import Image

    present = [(i, c) for i, c in enumerate(crops) if c is not None]
    if not present:
        return None, {}
    line = max(c.height for _, c in present)
    gap_x, gap_y = int(line * _GAP_X), int(line * _GAP_Y)
    margin = line
    rows: list[list[tuple[int, Any]]] = [[]]
    width = margin
    for index, crop in present:
        if rows[-1] and width + crop.width + margin > _SHEET_WIDTH:
            rows.append([])
            width = margin
        rows[-1].append((index, crop))
        width += crop.width + gap_x
    sheet_width = max(
        margin * 2 + sum(c.width for _, c in row) + gap_x * (len(row) - 1) for row in rows)
    sheet_height = margin * 2 + len(rows) * line + (len(rows) - 1) * gap_y
    sheet = Image.new("L", (sheet_width, sheet_height), 255)
    places: dict[int, tuple[float, float, float, float]] = {}
    y = margin
    for row in rows:
        x = margin
        for index, crop in row:
            top = y + (line - crop.height) // 2
            sheet.paste(crop, (x, top))
            places[index] = (x - gap_x / 2, y - gap_y / 2, x + crop.width + gap_x / 2,
                             y + line + gap_y / 2)
            x += crop.width + gap_x
        y += line + gap_y
    return sheet, places


def normalized(text: str) -> str:
    """A text as compared with a reading: ligature characters spelt out, no space at the
    ends. A space inside stays: the word is printed without one (a reading has none)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@functools.lru_cache(maxsize=65536)  # the same words are compared again in every round
def distance(read: str, text: str) -> float:
    """Edit distance from an OCR reading to a text; a substitution OCR often makes (case,
    accents, "0"/"o", "l"/"I") costs half."""
    a, b = normalized(read), normalized(text)
    if a == b:
        return 0.0
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        cur = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, start=1):
            sub = 0.0 if ca == cb else 0.5 if _fold(ca) == _fold(cb) else 1.0
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
        prev = cur
    return prev[-1]


@functools.lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    if ch in OCR_DASHES:
        return "-"
    bare = "".join(c for c in unicodedata.normalize("NFD", ch.casefold())
                   if not unicodedata.combining(c))
    return "".join(OCR_CONFUSABLE.get(c, c) for c in bare)


# --- the verdict -----------------------------------------------------------------------------

@dataclass
class _Occurrence:
    word: PrintedWord
    ident: str
    items: list[tuple[int, int]]  # its probed glyphs whose text would change
    numeric: bool


def check_on_page(data: bytes, doc: Any, trailer: dict[str, Any], plans: Sequence[StreamPlan],
                  settings: Settings) -> Proof:
    """Judge the planned changes of ``data`` (pdfminer's ``doc`` and ``trailer`` of it) on
    its printed words."""
    from .tounicode import incremental_update

    started = time.perf_counter()
    probe = incremental_update(data, doc, trailer, probe_maps(plans))
    pages = set().union(*(p.pages for p in plans))
    words = printed_words(probe, plans, pages, settings.password)
    proof = prove(plans, words, data, settings, settings.password)
    proof.seconds = time.perf_counter() - started
    return proof


def prove(plans: Sequence[StreamPlan], words: Sequence[PrintedWord], pdf_data: bytes,
          settings: Settings, password: str | None = None) -> Proof:
    """Judge every proposed change on the printed words (see the module docstring)."""
    by_stream = {p.objid: p for p in plans}
    changes: dict[tuple[int, int], Change] = {
        (p.objid, code): change_of(p, code) for p in plans for code in p.proposed}
    # A glyph that draws nothing is a space on its outline's evidence: nothing is printed.
    free = {ref for ref, (key, _, new) in changes.items() if _is_blank(key) and new.isspace()}
    gated = {ref: c for ref, c in changes.items() if ref not in free}
    occurrences = []
    for word in words:
        refs = [item for item in word.items if isinstance(item, tuple) and item in gated]
        if not refs:
            continue
        before, after = word_text(word, by_stream, set()), word_text(word, by_stream)
        occurrences.append(_Occurrence(word, identity(word, by_stream), refs,
                                       bool(_NUMERIC.search(before + after))))
    chosen = _choose(occurrences, gated, settings)
    cache = _GlyphCache.open(settings, _READINGS_FILE)
    size = str(settings.proof_line_px)
    wanted = [ident for ident in chosen if cache.get(size, ident) is None]
    # Any print of a word will do, one that can be cut out as one box first.
    first: dict[str, PrintedWord] = {}
    for occ in occurrences:
        if occ.ident not in first or first[occ.ident].box is None:
            first[occ.ident] = occ.word
    readings: dict[str, str] = {}
    if wanted:
        got = read_printed(pdf_data, [first[i] for i in wanted], settings, password)
        cache.update(size, {i: r for i, r in zip(wanted, got, strict=True) if r is not None})
    for ident in chosen:
        reading = cache.get(size, ident)
        if reading is not None:
            readings[ident] = reading
    judged = [occ for occ in occurrences if occ.ident in readings]

    accepted = set(gated.values())
    verdicts: dict[Change, Verdict] = {}
    for round_ in range(8):
        verdicts = _verdicts(judged, readings, gated, accepted, by_stream, free)
        keep = {c for c in gated.values() if _stands(verdicts.get(c))}
        if round_ >= 3:
            keep &= accepted  # from the fourth round on only refusals: it must settle
        if keep == accepted:
            break
        accepted = keep
    applied_refs = free | {ref for ref, c in gated.items() if c in accepted}
    # The page check: the text of each stream's judged words with and without its changes.
    lost: dict[int, float] = {}
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for occ in judged:
        read = readings[occ.ident]
        if _unreadable(read, occ, by_stream, applied_refs):
            continue
        before = word_text(occ.word, by_stream, set())
        after = word_text(occ.word, by_stream, applied_refs)
        for stream in {ref[0] for ref in occ.items}:
            totals[stream][0] += distance(read, before)
            totals[stream][1] += distance(read, after)
    for stream, (before_d, after_d) in totals.items():
        if after_d > before_d:
            lost[stream] = after_d - before_d
    applied: dict[int, dict[int, str]] = defaultdict(dict)
    for stream, code in applied_refs:
        if stream not in lost:
            applied[stream][code] = by_stream[stream].proposed[code]
    refused = {c: verdicts.get(c, Verdict()) for c in set(gated.values()) - accepted}
    return Proof(dict(applied), refused, lost, verdicts, len(wanted), len(readings))


def _choose(occurrences: Sequence[_Occurrence], gated: dict[tuple[int, int], Change],
            settings: Settings) -> list[str]:
    """The words to read: every word with a digit or "§"; then, word by word, the one that
    gives most changes (and pages) still short of evidence their next word, shorter words
    first (tesseract's time goes with the letters)."""
    by_ident: dict[str, list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_ident[occ.ident].append(occ)
    covers: dict[str, set[Change]] = {
        i: {gated[ref] for occ in occs for ref in occ.items} for i, occs in by_ident.items()}
    streams: dict[str, set[int]] = {
        i: {ref[0] for occ in occs for ref in occ.items} for i, occs in by_ident.items()}
    length = {i: len(occs[0].word.items) for i, occs in by_ident.items()}
    chosen = [i for i, occs in by_ident.items() if any(o.numeric for o in occs)]
    need_change: dict[Change, int] = defaultdict(lambda: settings.proof_words_per_change)
    need_stream: dict[int, int] = defaultdict(lambda: settings.proof_words_per_page)

    def take(ident: str) -> None:
        for c in covers[ident]:
            need_change[c] -= 1
        for s in streams[ident]:
            need_stream[s] -= 1

    def key(ident: str) -> tuple[int, int, int, str]:
        return (-sum(need_change[c] > 0 for c in covers[ident]),
                -sum(need_stream[s] > 0 for s in streams[ident]), length[ident], ident)

    for ident in chosen:
        take(ident)
    # Greedy, lazily: a word's gain only falls as others are taken, so a word whose gain,
    # computed again, still leads the heap is the best one.
    heap = [key(i) for i in set(by_ident) - set(chosen)]
    heapq.heapify(heap)
    while heap:
        stale = heapq.heappop(heap)
        fresh = key(stale[3])
        if fresh[:2] == (0, 0):
            continue
        if heap and fresh > heap[0]:
            heapq.heappush(heap, fresh)
            continue
        chosen.append(fresh[3])
        take(fresh[3])
    return chosen


def _unreadable(read: str, occ: _Occurrence, plans: dict[int, StreamPlan],
                applied: set[tuple[int, int]]) -> bool:
    """A reading too far from both texts to say anything (tesseract lost the word)."""
    before = normalized(word_text(occ.word, plans, set()))
    after = normalized(word_text(occ.word, plans, applied | set(occ.items)))
    if not normalized(read):
        return True
    worst = max(len(before), len(after), 1)
    return min(distance(read, before), distance(read, after)) > max(1.0, 0.5 * worst)


def _verdicts(judged: Sequence[_Occurrence], readings: dict[str, str],
              gated: dict[tuple[int, int], Change], accepted: set[Change],
              plans: dict[int, StreamPlan], free: set[tuple[int, int]]) -> dict[Change, Verdict]:
    """Per change: the words (once each) whose reading is closer with it, without it, or
    too far from both."""
    applied = free | {ref for ref, c in gated.items() if c in accepted}
    out: dict[Change, Verdict] = defaultdict(Verdict)
    seen: set[tuple[str, Change]] = set()
    for occ in judged:
        read = readings[occ.ident]
        unreadable: bool | None = None
        for change in {gated[ref] for ref in occ.items}:
            # Each printed word counts once per change, however often it is printed.
            if (occ.ident, change) in seen:
                continue
            seen.add((occ.ident, change))
            mine = {ref for ref in occ.items if gated[ref] == change}
            verdict = out[change]
            if unreadable is None:
                unreadable = _unreadable(read, occ, plans, applied)
            if unreadable:
                verdict.unread += 1
                continue
            with_it = distance(read, word_text(occ.word, plans, applied | mine))
            without = distance(read, word_text(occ.word, plans, applied - mine))
            if with_it < without:
                verdict.confirmed += 1
            elif with_it > without:
                verdict.refuted += 1
    return dict(out)


def _stands(verdict: Verdict | None) -> bool:
    return verdict is not None and verdict.confirmed > 0 and verdict.refuted == 0
