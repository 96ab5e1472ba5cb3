"""Every word the font repair changes, checked against the printed page.

Usage::

    python benchmarks/repair.py [PDF_OR_DIR ...] [--no-synthetic] [--json] [--show N]

With no paths it measures ``fixtures/real`` and the shared corpus (``../shared/corpus/real``,
when present), each file once, and the synthetic cases of ``tests/glyph_pdfs.py``.

For every file whose fonts ``glyphs.py`` repairs (every file with a planned change, applied or
refused), every word of the repaired fonts whose text the repair changed is rendered from the
file (its box only) and read by tesseract, all of them, not the gate's sample:

* **confirmed**: the reading is closer to the repaired word than to the word as the file's
  text layer had it; **refuted**: closer to the original; **cannot tell**: as close to both,
  or too far from both (tesseract lost the word).
* **number tokens**: every word of those fonts with a digit in its repaired (or original)
  text is read too, and its digits compared with the reading's. A token whose digits the
  repair changed and the reading does not show is a digit changed from its printed form;
  the Done-when of issue 14 is that there are none.

It also states what the gate (``glyph_proof.py``) costs per repaired file, in CPU seconds
(tesseract's included; the wall clock grows with whatever else shares the machine): with
empty caches (first parse on a machine) and with warm ones (the word readings cached), and
both as a share of the file's ``hytedocs.parse(nlp=False)``; and the whole font check's CPU
seconds over all files measured. Files the repair does not touch are counted; the gate never
runs on them. Synthetic cases also report the printed lines whose
text is wrong before and after the repair (their printed text is known).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

CORPORA = [ROOT / "fixtures" / "real", ROOT.parent / "shared" / "corpus" / "real"]

_DIGITS = re.compile(r"\d")


@dataclass
class FileFigures:
    name: str
    pages: int = 0
    words_changed: int = 0
    confirmed: int = 0
    refuted: int = 0
    tie: int = 0
    unread: int = 0
    number_tokens: int = 0
    number_tokens_unread: int = 0
    digits_as_printed: int = 0
    digits_changed: int = 0
    digits_changed_confirmed: int = 0
    digits_changed_not_printed: int = 0  # the repair changed digits, the reading disagrees
    digits_differ_unchanged: int = 0  # text layer and reading disagree; the repair did not
    glyph_changes_applied: int = 0
    glyph_changes_refused: int = 0
    pages_refused: int = 0
    gate_words_read: int = 0
    gate_cold_s: float = 0.0
    gate_warm_s: float = 0.0
    repair_cold_s: float = 0.0
    parse_s: float = 0.0
    lines_wrong_before: int | None = None
    lines_wrong_after: int | None = None
    refuted_words: list[tuple[int, str, str, str]] = field(default_factory=list)
    digit_problems: list[tuple[int, str, str, str]] = field(default_factory=list)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (tesseract): unlike the wall
    clock they do not grow when other jobs share the machine."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _GateClock:
    """The CPU seconds spent in the gate (glyphs.check_on_page), however it is called."""

    def __init__(self) -> None:
        from hytedocs.pdf import glyphs

        self.seconds = 0.0
        self._inner = glyphs.check_on_page
        glyphs.check_on_page = self  # type: ignore[assignment]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = _cpu()
        try:
            return self._inner(*args, **kwargs)
        finally:
            self.seconds += _cpu() - started


_CLOCK: _GateClock | None = None

# The font check (glyphs.repair_pdf) of every file measured, touched or not: CPU seconds with
# empty caches and with warm ones.
FONT_CHECK = {"cold": 0.0, "warm": 0.0, "files": 0}


def measure(data: bytes, name: str, printed: list[list[str]] | None = None,
            timed: bool = True) -> FileFigures | None:
    """The figures of one PDF, or None when the repair does not touch it. ``printed``: the
    lines of each page as printed, for a synthetic file; ``timed=False`` skips the second
    repair and the parse that only time the gate (tests/test_glyphs.py)."""
    import hytedocs
    from hytedocs.pdf import glyph_proof as gp
    from hytedocs.pdf import glyphs
    from hytedocs.settings import Settings

    global _CLOCK
    if _CLOCK is None:
        _CLOCK = _GateClock()
    clock = _CLOCK
    with tempfile.TemporaryDirectory(prefix="hytedocs-repair-bench-") as cache:
        settings = Settings(nlp=False, glyph_cache_dir=cache)
        started, gate = _cpu(), clock.seconds
        repaired, repairs = glyphs.repair_pdf(data, settings, name)
        repair_cold, gate_cold = _cpu() - started, clock.seconds - gate
        plans = [plan for r in repairs for plan in r.plans]
        proofs = [r.proof for r in repairs if r.proof is not None]
        gate_warm = parse_s = repair_warm = 0.0
        if timed:
            # Warm: the same file again, its glyph and word readings cached.
            started, gate = _cpu(), clock.seconds
            glyphs.repair_pdf(data, settings, name)
            repair_warm, gate_warm = _cpu() - started, clock.seconds - gate
            FONT_CHECK["cold"] += repair_cold
            FONT_CHECK["warm"] += repair_warm
            FONT_CHECK["files"] += 1
        if not plans or not proofs:
            return None
        if timed:
            started = _cpu()
            hytedocs.parse(data, settings=settings)
            parse_s = _cpu() - started
    proof = proofs[0]
    figures = FileFigures(name, gate_cold_s=gate_cold, gate_warm_s=gate_warm,
                          repair_cold_s=repair_cold, parse_s=parse_s,
                          gate_words_read=proof.words_read)
    figures.glyph_changes_applied = sum(len(r.changed) for r in repairs)
    figures.glyph_changes_refused = sum(len(r.refused) for r in repairs)
    figures.pages_refused = len({p for r in repairs for p in r.refused_pages})
    by_stream = {p.objid: p for p in plans}
    applied = {(s, c) for s, codes in proof.applied.items() for c in codes}
    words = _words(data, plans)
    figures.pages = _page_count(data)
    texts = [(gp.word_text(w, by_stream, set()), gp.word_text(w, by_stream, applied))
             for w in words]
    wanted = [i for i, (before, after) in enumerate(texts)
              if before != after or _DIGITS.search(before + after)]
    readings = _read(data, [words[i] for i in wanted])
    digits_read: dict[int, str | None] = {}
    # The Finnish and Swedish models read a printed "§" as "8" (ocr.py re-reads such words
    # with the English model too): a word with a "§" whose reading has an "8" instead is
    # read again that way for the digit check.
    signs = [n for n, i in enumerate(wanted) if "§" in "".join(texts[i])
             and "8" in (readings[n] or "") and "§" not in (readings[n] or "")]
    for n, again in zip(signs, _read(data, [words[wanted[n]] for n in signs], "eng"),
                        strict=True):
        digits_read[n] = again
    for n, (i, read) in enumerate(zip(wanted, readings, strict=True)):
        before, after = texts[i]
        page = words[i].page
        if before != after:
            figures.words_changed += 1
            verdict = _verdict(read, before, after)
            setattr(figures, verdict, getattr(figures, verdict) + 1)
            if verdict == "refuted":
                figures.refuted_words.append((page, before, after, read or ""))
        if not _DIGITS.search(before + after):
            continue
        figures.number_tokens += 1
        read = digits_read.get(n, read)
        if not read:
            figures.number_tokens_unread += 1
            continue
        had, has, seen = (_DIGITS.findall(t) for t in (before, after, read))
        if has == seen:
            figures.digits_as_printed += 1
        elif had == has:
            figures.digits_differ_unchanged += 1
            figures.digit_problems.append((page, before, after, read))
        if had != has:
            figures.digits_changed += 1
            if has == seen:
                figures.digits_changed_confirmed += 1
            else:
                figures.digits_changed_not_printed += 1
                figures.digit_problems.append((page, before, after, read))
    if printed is not None:
        figures.lines_wrong_before = _wrong_lines(data, printed)
        figures.lines_wrong_after = _wrong_lines(repaired, printed)
    return figures


def _words(data: bytes, plans: Sequence[Any]) -> list[Any]:
    """Every printed word of the planned streams, from a probe of the file."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from hytedocs.pdf import glyph_proof as gp
    from hytedocs.pdf.tounicode import incremental_update

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    trailer = doc.xrefs[0].get_trailer()
    probe = incremental_update(data, doc, trailer, gp.probe_maps(plans))
    pages = set().union(*(p.pages for p in plans))
    return gp.printed_words(probe, plans, pages)


def _page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _read(data: bytes, words: Sequence[Any], languages: str | None = None,
          ) -> list[str | None]:
    from hytedocs.pdf import glyph_proof as gp
    from hytedocs.settings import Settings

    return gp.read_printed(data, words, Settings(nlp=False), languages=languages)


def _verdict(read: str | None, before: str, after: str) -> str:
    """The gate's measure, applied to the whole word: confirmed, refuted, tie or unread."""
    from hytedocs.pdf.glyph_proof import distance, normalized

    if not read:
        return "unread"
    with_it, without = distance(read, after), distance(read, before)
    worst = max(len(normalized(before)), len(normalized(after)), 1)
    if min(with_it, without) > max(1.0, 0.5 * worst):
        return "unread"
    return "confirmed" if with_it < without else "refuted" if with_it > without else "tie"


def _wrong_lines(data: bytes, printed: list[list[str]]) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    wrong = 0
    for number, lines in enumerate(printed):
        text = pdf[number].get_textpage().get_text_range().split("\r\n")
        wrong += sum(want != got for want, got in zip(lines, text, strict=False))
        wrong += abs(len(lines) - len(text))
    pdf.close()
    return wrong


def corpus_files(paths: Sequence[str]) -> list[Path]:
    found: dict[str, Path] = {}
    for entry in [Path(p) for p in paths] or [c for c in CORPORA if c.exists()]:
        for pdf in sorted(entry.rglob("*.pdf")) if entry.is_dir() else [entry]:
            found.setdefault(pdf.name, pdf)
    return sorted(found.values(), key=lambda p: p.name)


def synthetic() -> list[tuple[str, bytes, list[list[str]]]]:
    from tests.glyph_pdfs import DEJAVU, SYNTHETIC_CASES, build_pdf

    if not DEJAVU.exists():
        return []
    return [(f"synthetic:{name}", build_pdf(pages), [p.lines for p in pages])
            for name, pages in SYNTHETIC_CASES.items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("paths", nargs="*", help="PDF files or folders (default: the corpus)")
    ap.add_argument("--no-synthetic", action="store_true", help="Skip the synthetic cases.")
    ap.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    ap.add_argument("--show", type=int, default=10,
                    help="List this many refuted words and digit disagreements per file.")
    args = ap.parse_args(argv)

    cases: list[tuple[str, bytes, list[list[str]] | None]] = [
        (p.name, p.read_bytes(), None) for p in corpus_files(args.paths)]
    if not args.no_synthetic:
        cases += synthetic()
    results: list[FileFigures] = []
    untouched = 0
    for name, data, printed in cases:
        got = measure(data, name, printed)
        if got is None:
            untouched += 1
            continue
        results.append(got)
        print(f"measured {name}", file=sys.stderr)
    if args.json:
        print(json.dumps({"untouched": untouched, "files": [asdict(r) for r in results]},
                         indent=1, ensure_ascii=False))
        return 0
    head = (f"{'file':58s} {'pages':>5s} {'changed':>7s} {'conf':>5s} {'refut':>5s} "
            f"{'tell?':>5s} {'nums':>5s} {'dchg':>4s} {'dbad':>4s} {'gate1':>6s} {'gate2':>6s} "
            f"{'parse':>6s}")
    print(head)
    for r in results:
        print(f"{r.name[:58]:58s} {r.pages:5d} {r.words_changed:7d} {r.confirmed:5d} "
              f"{r.refuted:5d} {r.tie + r.unread:5d} {r.number_tokens:5d} {r.digits_changed:4d} "
              f"{r.digits_changed_not_printed:4d} {r.gate_cold_s:6.2f} {r.gate_warm_s:6.2f} "
              f"{r.parse_s:6.2f}")
    print(f"({untouched} files the repair does not touch; the gate does not run on them)")
    print(f"font check (glyphs.repair_pdf) of all {FONT_CHECK['files']} files: "
          f"{FONT_CHECK['cold']:.2f} CPU s with empty caches, {FONT_CHECK['warm']:.2f} warm; "
          f"the gate's part: {sum(r.gate_cold_s for r in results):.2f} and "
          f"{sum(r.gate_warm_s for r in results):.2f}")
    print("changed: words whose text the repair changed; conf/refut/tell?: what the OCR of "
          "each printed word says (tell?: cannot tell, ties and unread); nums: words with a "
          "digit; dchg: of them, digits the repair changed; dbad: digits changed that the "
          "printed word does not show; gate1/gate2: CPU seconds of the gate (tesseract "
          "included) with empty and warm caches; parse: CPU seconds of parse(nlp=False), "
          "warm caches")
    for r in results:
        print(f"\n{r.name}: {r.glyph_changes_applied} glyph changes applied, "
              f"{r.glyph_changes_refused} refused, {r.pages_refused} pages refused; "
              f"gate read {r.gate_words_read} words; ties {r.tie}, unread {r.unread}; "
              f"number tokens unread {r.number_tokens_unread}, digits as printed "
              f"{r.digits_as_printed}, text layer and OCR disagree without the repair "
              f"{r.digits_differ_unchanged}; gate/parse {r.gate_cold_s / r.parse_s:.2f} cold, "
              f"{r.gate_warm_s / r.parse_s:.2f} warm"
              + (f"; printed lines wrong {r.lines_wrong_before} -> {r.lines_wrong_after}"
                 if r.lines_wrong_before is not None else ""))
        for page, before, after, read in r.refuted_words[:args.show]:
            print(f"  refuted p{page}: {before!r} -> {after!r}, printed {read!r}")
        for page, before, after, read in r.digit_problems[:args.show]:
            print(f"  digits p{page}: {before!r} -> {after!r}, printed {read!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
