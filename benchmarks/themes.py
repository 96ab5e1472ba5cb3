"""Theme tagging against the hand-labelled set: precision and recall per theme and micro-averaged.

    python benchmarks/themes.py                 # evaluate (parser's §s; falls back to text dumps)
    python benchmarks/themes.py --source dumps  # evaluate on §s cut from /tmp/dumps/*.txt
    python benchmarks/themes.py --timing        # also time the corpus with and without NLP
    python benchmarks/themes.py --errors        # list each false positive and false negative

The labelled set is ``benchmarks/data/themes_labelled.jsonl``: one § per line with its file,
§ number, title and gold theme ids, labelled by reading the text before the matcher was tuned
(guidelines in ``benchmarks/data/themes_labelling.md``). The seed § is read from its copy in
``fixtures/seed`` (copied from shared/seed; or ``--seed-dir``).

Sources of § text: ``pdf`` parses ``fixtures/real/<file>`` with hytedocs; ``dumps`` cuts the §
from the text dump of the same PDF (one line per visual line, as written by the corpus tools).
``auto`` uses the parser when it returns §s for the file, the dump otherwise.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hytedocs import parse  # noqa: E402
from hytedocs.models import Section, TextBlock  # noqa: E402
from hytedocs.nlp import (  # noqa: E402
    annotate_sections,
    engine,
)
from hytedocs.settings import Settings  # noqa: E402
from hytedocs.text import fold  # noqa: E402
from hytedocs.vocabulary import LABELS  # noqa: E402

LABELLED = ROOT / "benchmarks" / "data" / "themes_labelled.jsonl"
FIXTURES = ROOT / "fixtures" / "real"
DUMPS = Path("/tmp/dumps")
SEED_DIR = ROOT / "fixtures" / "seed"  # a copy of shared/seed
CORPUS = Path("/work/shared/corpus/real")

_DUMP_LINE = re.compile(r"^\s*(\d+) x\s+([\d.]+) (\S+) ([\d.]+) \| (.*)$")
_PAGE = re.compile(r"^==== page (\d+)")
# Dump lines nearer the top than this are the running header.
_HEADER_BOTTOM = 60
# A vertical step larger than this many body line heights starts a new paragraph.
_PARAGRAPH_STEP = 1.3


# --- § text from a dump ----------------------------------------------------------------------

def _label_key(line: str) -> str | None:
    low = fold(line).rstrip(":")
    for key in ("proposal", "decision", "preparer", "attachments"):
        if low in LABELS[key]:
            return key
    return None


def dump_sections(path: Path) -> dict[int, Section]:
    """§s cut from a text dump: title, preparation, proposal and decision with pages."""
    lines: list[tuple[int, int, float, str, str]] = []
    page = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = _PAGE.match(raw)
        if m:
            page = int(m.group(1))
            continue
        m = _DUMP_LINE.match(raw)
        if m and int(m.group(1)) > _HEADER_BOTTOM:
            lines.append((page, int(m.group(1)), float(m.group(2)), m.group(3),
                          m.group(5).replace("\u200b", "").strip()))
    out: dict[int, Section] = {}
    i = 0
    while i < len(lines):
        page, _top, x, font, text = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if re.fullmatch(r"§ \d+", text) and "Bold" in font and nxt is not None \
                and abs(nxt[2] - x) < 1 and "Bold" in nxt[3]:
            number = int(text.split()[1])
            j = i + 2
            title = nxt[4]
            # Wrapped titles continue in bold on the next lines.
            while j < len(lines) and "Bold" in lines[j][3] and _label_key(lines[j][4]) is None \
                    and lines[j][1] - lines[j - 1][1] < 20:
                title += " " + lines[j][4]
                j += 1
            k = j
            while k < len(lines) and not (re.fullmatch(r"§ \d+", lines[k][4])
                                          and "Bold" in lines[k][3]):
                k += 1
            out[number] = _section_from_lines(number, title, page, lines[j:k])
            i = k
            continue
        i += 1
    return out


def _section_from_lines(number: int, title: str, page: int,
                        body: list[tuple[int, int, float, str, str]]) -> Section:
    parts: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    current = "preparation"
    skip = 0
    for pg, top, _x, _font, text in body:
        key = _label_key(text)
        if key in ("proposal", "decision"):
            current = key
            continue
        if key in ("preparer", "attachments"):
            skip = 3 if key == "preparer" else 9
            continue
        if skip and (("@" in text) or (len(text) < 70 and not text.endswith("."))
                     or re.match(r"^\d+ ", text)):
            skip = skip - 1 if "@" not in text else 1
            continue
        skip = 0
        if text.startswith(("Esittelijä:", "Esittelijä ")):
            continue
        parts[current].append((pg, top, text))
    pages = sorted({pg for pg, *_ in body} | {page})

    def block(key: str) -> TextBlock | None:
        rows = parts.get(key)
        if not rows:
            return None
        paragraphs: list[str] = []
        steps = [b[1] - a[1] for a, b in itertools.pairwise(rows) if a[0] == b[0]]
        line_step = statistics.median(steps) if steps else 15
        prev = None
        for pg, top, text in rows:
            new = prev is None or (pg != prev[0] and prev[2].endswith((".", ":"))) or \
                (pg == prev[0] and top - prev[1] > _PARAGRAPH_STEP * line_step) or \
                re.match(r"^(\d+[.)]|[-•▪·])\s", text) is not None
            if new:
                paragraphs.append(text)
            else:
                paragraphs[-1] += " " + text
            prev = (pg, top, text)
        return TextBlock(text="\n".join(paragraphs), pages=sorted({r[0] for r in rows}))

    return Section(number=number, title=title, pages=pages, preparation=block("preparation"),
                   proposal=block("proposal"), decision=block("decision"))


def seed_section(path: Path) -> Section:
    """The seed § (plain text with labels at line starts)."""
    text = path.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    title = next(ln for ln in lines if ln)
    parts: dict[str, list[str]] = defaultdict(list)
    current = None
    for ln in lines:
        head = ln.split(" ", 1)
        word = fold(head[0])
        if word in ("päätös", "päätösehdotus", "valmistelu", "esittelijä", "toimivalta",
                    "valmistelija", "tiedoksianto"):
            current = word
            ln = head[1] if len(head) > 1 else ""
        if current and ln:
            parts[current].append(ln)

    def block(key: str) -> TextBlock | None:
        rows = parts.get(key)
        if not rows:
            return None
        joined = "\n".join(rows)
        joined = re.sub(r"\n(?![▪•\d])", " ", joined)
        return TextBlock(text=joined, pages=[1])

    return Section(number=91, title=title, pages=[1], preparation=block("valmistelu"),
                   proposal=block("päätösehdotus"), decision=block("päätös"))


# --- evaluation ------------------------------------------------------------------------------

def load_sections(rows: list[dict], source: str, seed_dir: Path) -> list[Section | None]:
    cache: dict[str, dict[int, Section]] = {}
    out: list[Section | None] = []
    for row in rows:
        if row.get("source") == "seed":
            out.append(seed_section(seed_dir / row["file"]))
            continue
        name = row["file"]
        if name not in cache:
            cache[name] = _file_sections(name, source)
        out.append(cache[name].get(row["section"]))
    return out


def _file_sections(name: str, source: str) -> dict[int, Section]:
    if source in ("pdf", "auto"):
        minutes = parse(FIXTURES / name, nlp=False)
        found = {s.number: s for s in minutes.sections if s.number is not None}
        if found or source == "pdf":
            return found
    return dump_sections(DUMPS / (Path(name).stem + ".txt"))


def evaluate(rows: list[dict], sections: list[Section | None], settings: Settings,
             show_errors: bool) -> dict[str, float]:
    present = [(r, s) for r, s in zip(rows, sections, strict=True) if s is not None]
    missing = [r for r, s in zip(rows, sections, strict=True) if s is None]
    for r in missing:
        print(f"missing: {r['file']} § {r['section']}", file=sys.stderr)
    secs = [s for _r, s in present]
    start = time.perf_counter()
    annotate_sections(secs, "fi", settings)
    elapsed = time.perf_counter() - start
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for row, sec in present:
        gold = set(row["themes"])
        got = {t.id for t in sec.themes}
        for t in got & gold:
            tp[t] += 1
        for t in got - gold:
            fp[t] += 1
            if show_errors:
                ev = next(x for x in sec.themes if x.id == t)
                print(f"FP {t:24} {row['file'][:40]} § {row['section']} "
                      f"score={ev.score} n={ev.mentions} | {ev.evidence[0].text[:90]}")
        for t in gold - got:
            fn[t] += 1
            if show_errors:
                print(f"FN {t:24} {row['file'][:40]} § {row['section']} {row['title'][:60]}")
    print(f"\n{len(present)} §s evaluated ({len(missing)} missing), NLP {elapsed:.1f} s\n")
    print(f"{'theme':26} {'gold':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6}")
    for theme in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[theme] / (tp[theme] + fp[theme]) if tp[theme] + fp[theme] else float("nan")
        r = tp[theme] / (tp[theme] + fn[theme]) if tp[theme] + fn[theme] else float("nan")
        print(f"{theme:26} {tp[theme] + fn[theme]:4} {tp[theme]:4} {fp[theme]:4} "
              f"{fn[theme]:4} {p:6.2f} {r:6.2f}")
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision = TP / (TP + FP) if TP + FP else 0.0
    recall = TP / (TP + FN) if TP + FN else 0.0
    print(f"\nmicro: precision {precision:.3f}  recall {recall:.3f}  "
          f"(tp {TP}, fp {FP}, fn {FN})")
    return {"precision": precision, "recall": recall}


def timing(files: list[Path]) -> None:
    """Parse every file with and without NLP; print both totals and the ratio."""
    engine.pipeline("fi")  # model load is once per process, not per document
    engine.pipeline("sv")
    totals = {False: 0.0, True: 0.0}
    sections = 0
    for f in files:
        for nlp in (False, True):
            start = time.perf_counter()
            try:
                m = parse(f, nlp=nlp)
            except Exception as exc:
                print(f"  {f.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                break
            totals[nlp] += time.perf_counter() - start
            if nlp:
                sections += len(m.sections)
    ratio = totals[True] / totals[False] if totals[False] else float("nan")
    print(f"\ntiming over {len(files)} files ({sections} §s): without NLP {totals[False]:.1f} s, "
          f"with NLP {totals[True]:.1f} s, ratio {ratio:.2f}x "
          f"(model loads: {engine.load_counts})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", choices=("auto", "pdf", "dumps"), default="auto")
    ap.add_argument("--seed-dir", type=Path, default=SEED_DIR)
    ap.add_argument("--errors", action="store_true", help="list false positives and negatives")
    ap.add_argument("--timing", action="store_true", help="time the corpus with/without NLP")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--themes-file", default=None)
    args = ap.parse_args()
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    settings = Settings(themes_file=args.themes_file)
    sections = load_sections(rows, args.source, args.seed_dir)
    evaluate(rows, sections, settings, args.errors)
    if args.timing:
        timing(sorted(args.corpus.glob("*.pdf")))


if __name__ == "__main__":
    main()
