"""Font repair, the reading side: which glyphs are in doubt, their outlines drawn and read by
OCR (cached by outline), and the text each glyph gets (see :mod:`hytedocs.pdf.glyphs`).
"""

from __future__ import annotations

import io
import json
import logging
import os
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from ..errors import DependencyError
from ..settings import Settings
from ..vocabulary import OCR_CONFUSABLE, TYPOGRAPHIC_LIGATURES
from .glyph_outlines import _BLANK, GlyphRef

log = logging.getLogger(__name__)


# Letters tesseract reads best in the frame around a doubtful glyph: short, unambiguous.
_FRAME_LETTERS = "onmuaexr"

# ... and only a glyph whose subsets give it that letter this often.
_FRAME_MIN_SHARE = 0.75

# A doubtful digit is framed by a sure digit ("080"): between letters tesseract read a lone
# Calibri "8" as "s" ("oso"), between digits every digit right. Not "1", read as "l".
_FRAME_DIGITS = "023456789"

_CACHE_FILE = "glyphs.json"

_CACHE_VERSION = 3


def _has_alnum(text: str) -> bool:
    # Digits count: a shifted map moves them onto their neighbours as it moves letters.
    return any(ch.isalnum() for ch in text)


def doubtful_glyphs(votes: dict[str, Counter[str]]) -> list[str]:
    """Outline keys whose text is in doubt: the subsets disagree on it, or another outline of
    the font has the same text (a ligature mapped to its first letter, or a shifted letter)."""
    owners: Counter[str] = Counter(v.most_common(1)[0][0] for v in votes.values())
    return [
        key for key, texts in votes.items()
        if not _is_blank(key) and any(_has_alnum(t) for t in texts)
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
        # The shape OCR read as exactly this text owns it, before the shape most subsets
        # give it: when most pages are shifted alike, most subsets give the "9" the "2"'s
        # text (two subsets, one shifted, give both shapes the text once).
        owner = max(keys, key=lambda k: (not ligatures[k],
                                         readings.get(k, "").strip() == text, votes[k][text]))
        for key in keys:
            if key == owner:
                continue
            if ligatures[key]:
                texts[key] = max(ligatures[key], key=lambda t: votes[key][t])
            elif _unclaimed_reading(readings.get(key, ""), texts) and (
                    not readings[key].strip().isalpha()
                    or any(ch.isalpha() for t in votes[key] for ch in t)):
                # A letter read where every subset gives a digit is OCR's misreading of a
                # lone digit ("8" as "s", "0" as "o"), not a missing letter.
                texts[key] = readings[key].strip()
            elif (free := _unclaimed_text(votes[key], texts, key)) is not None:
                # A misreading backed only loosely (OCR's "å" for an "l" backs the "ä" one
                # shifted subset gave it) must not outvote the subsets: the text is taken,
                # so the shape gets the likeliest text its subsets gave that is still free.
                texts[key] = free
            elif not any(ch.isalpha() for ch in text):
                # No ligature starts with a digit or a sign: a second shape of "2" is another
                # digit that most subsets shifted onto "2". Giving it "2" in every subset
                # made a printed "389" read "322"; each subset keeps its own text instead.
                del texts[key]
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
                 if n == most and t not in taken and _has_alnum(t)), None)


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
    letter = _frame_glyph(votes, set(keys))
    digit = _frame_glyph(votes, set(keys), _FRAME_DIGITS)
    frames = {k: digit if votes[k].most_common(1)[0][0].isdigit() else letter for k in keys}
    cache = _GlyphCache.open(settings)
    wanted = [k for k in keys if cache.get(frames[k], k) is None]
    if wanted:
        found = _ocr(wanted, frames, outlines, settings)
        for frame in set(frames.values()):
            cache.update(frame, {k: v for k, v in found.items() if frames[k] == frame})
    return {k: cache.get(frames[k], k) or "" for k in keys}


def _frame_glyph(votes: dict[str, Counter[str]], doubtful: set[str],
                 letters: str = _FRAME_LETTERS) -> str | None:
    """A glyph to frame the doubtful ones with: one of ``letters``, preferably one no subset
    doubts, else the one the subsets agree on most."""
    def confidence(key: str) -> tuple[bool, float, int]:
        texts = votes[key]
        top = texts.most_common(1)[0][1]
        return (key not in doubtful, top / sum(texts.values()), top)

    frames = [k for k, texts in votes.items() if texts.most_common(1)[0][0] in letters
              and texts.most_common(1)[0][1] / sum(texts.values()) >= _FRAME_MIN_SHARE]
    return max(frames, key=confidence, default=None)


def _ocr(keys: list[str], frames: dict[str, str | None], outlines: dict[str, GlyphRef],
         settings: Settings) -> dict[str, str]:
    from .ocr import ocr_available, run_tesseract

    if not ocr_available():
        raise _NoOcr
    png, height, spans = specimen_image(keys, frames, outlines, settings.glyph_em_px)
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


def specimen_image(keys: list[str], frames: dict[str, str | None],
                   outlines: dict[str, GlyphRef], em: int) -> tuple[bytes, int, dict[str, Span]]:
    """A PNG with one line per doubtful glyph, framed by its frame glyph ("oXo", "0X0"): on
    its own line each gets its own x-height and case. Returns the PNG, its height, and each
    glyph's box in pixels (left, right, top, bottom)."""
    from PIL import Image, ImageChops, ImageDraw

    margin = int(em * _MARGIN_EMS)
    line = int(em * _LINE_EMS)

    def advance(key: str) -> int:
        return int(outlines[key].advance * em) + 1

    width = 2 * margin + max(
        advance(k) + (2 * advance(f) if (f := frames.get(k)) else 0) for k in keys)
    height = 2 * margin + line * len(keys)
    page = Image.new("1", (width, height), 0)
    spans: dict[str, Span] = {}
    for row, key in enumerate(keys):
        tile = Image.new("1", (width, line), 0)
        x = float(margin)
        frame = frames.get(key)
        for part in ([frame, key, frame] if frame else [key]):
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
    """OCR readings by (frame outline, glyph outline), in a JSON file shared by all parses;
    also the readings of printed words (glyph_proof.py), by size and outlines, in another."""

    def __init__(self, path: Path | None, data: dict[str, str]) -> None:
        self.path = path
        self.data = data

    @classmethod
    def open(cls, settings: Settings, name: str = _CACHE_FILE) -> _GlyphCache:
        folder = cache_dir(settings)
        if folder is None:
            return cls(None, {})
        path = folder / name
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
