"""Speed and memory of hytedocs against its text sources, on a directory of PDFs.

Reports pages per second, best of ``--repeat`` runs in one process, for:

  (a) pdfplumber ``extract_words`` alone (what the default backend calls),
  (b) ``hytedocs.parse(nlp=False)`` with the default backend,
  (c) pypdfium2 character extraction alone (text and loose box of every character),
  (d) ``hytedocs.parse(nlp=False, backend="pdfium")``,
  (e) ``hytedocs.parse()`` with themes (NLP),
  (f) ``pdftotext -layout`` (poppler), for reference,

the time ratios b/a and d/c, a cProfile of (b) by hytedocs module, and the peak memory
(ru_maxrss, measured in a fresh subprocess) of ``parse(nlp=False)`` on the largest file.

    python benchmarks/speed.py                       # whole corpus, best of 3
    python benchmarks/speed.py --repeat 1 --limit 5  # quick look
    python benchmarks/speed.py --generated 100 --skip ef --no-memory
        # also 100 margin-family documents per producer, from seeds nobody tunes on

With ``--generated N`` the same stages run on N documents drawn by the margin-family generator
(``fixtures/family``, seeds from ``--gen-start``, 10,000 up by default: the seeds nobody looks at
while tuning) in each producer, and a table sets each stage's share of the structure time
(``parse(nlp=False)`` self time outside pdfplumber and pdfminer, by hytedocs package) on the
generated documents beside its share on the corpus, so that a stage that grows with document
shape shows.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real"
FALLBACK_CORPUS = Path("/work/shared/corpus/real")


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def run_pdfplumber(files: list[Path]) -> None:
    import pdfplumber

    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words(extra_attrs=["fontname", "size"])
                page.close()


def run_pypdfium2(files: list[Path]) -> None:
    import pypdfium2 as pdfium

    for path in files:
        doc = pdfium.PdfDocument(str(path))
        for page in doc:
            textpage = page.get_textpage()
            n = textpage.count_chars()
            textpage.get_text_range(0, n)
            for i in range(n):
                textpage.get_charbox(i, loose=True)
            textpage.close()
            page.close()
        doc.close()


def run_parse(files: list[Path], **kwargs: object) -> None:
    import hytedocs

    for path in files:
        hytedocs.parse(path, **kwargs)  # type: ignore[arg-type]


NLP_SNIPPET = """
import os, sys, time
import hytedocs
files = sys.argv[2:]
hytedocs.parse(min(files, key=os.path.getsize))  # loads the models, untimed
best = float("inf")
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    for path in files:
        hytedocs.parse(path)
    best = min(best, time.perf_counter() - start)
print(best)
"""


def run_nlp(files: list[Path], repeat: int, timeout: float) -> float:
    """Stage (e) in a subprocess, so that a slow or hanging NLP model cannot stall the run.
    The models are loaded by an untimed parse of the smallest file first."""
    out = subprocess.run(
        [sys.executable, "-c", NLP_SNIPPET, str(repeat), *map(str, files)], check=True,
        capture_output=True, text=True, timeout=timeout,
    )
    return float(out.stdout.strip().splitlines()[-1])


def run_pdftotext(files: list[Path]) -> None:
    for path in files:
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def best_of(fn: Callable[[], None], repeat: int, budget: float) -> tuple[float, int]:
    """The best wall time of up to ``repeat`` runs; stop repeating once ``budget`` seconds are
    spent (a slow stage is then reported from fewer runs)."""
    best = float("inf")
    spent = 0.0
    runs = 0
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best = min(best, took)
        spent += took
        runs += 1
        if spent > budget:
            break
    return best, runs


def module_of(filename: str) -> str:
    """A profile entry's bucket: the hytedocs module, or the library it lives in."""
    norm = filename.replace(os.sep, "/")
    if "/hytedocs/" in norm:
        tail = norm.split("/hytedocs/", 1)[1]
        return "hytedocs." + tail.removesuffix(".py").replace("/", ".")
    for lib in ("pdfplumber", "pdfminer", "pypdfium2", "pydantic", "spacy", "libvoikko",
                "re", "unicodedata"):
        if f"/{lib}/" in norm or norm.endswith(f"/{lib}.py"):
            return lib
    if norm.startswith("~") or norm.startswith("<"):
        return "builtins"
    return "other"


# The stages as ``pipeline._parse`` calls them: (module, function, label). Functions imported
# inside a function are looked up at call time, so wrapping the module attribute times them.
STAGES = (
    ("hytedocs.pdf.limits", "check_streams", "pdf: stream check"),
    ("hytedocs.pdf.glyphs", "repair_source", "pdf: font check"),
    ("hytedocs.pipeline", "read_pages", "pdf: words (in all)"),
    ("hytedocs.pdf.ocr", "review_pages", "pdf: garbled-text review"),
    ("hytedocs.pipeline", "words_to_lines", "structure: lines"),
    ("hytedocs.structure.layout", "remove_running_lines", "structure: running lines"),
    ("hytedocs.structure.layout", "analyse", "structure: layout"),
    ("hytedocs.structure.meeting", "lines_to_meeting", "structure: meeting"),
    ("hytedocs.structure.sections", "lines_to_sections", "structure: sections"),
    ("hytedocs.pipeline", "annotate_section", "structure: fields and events"),
)


def stage_times(files: list[Path], backend: str = "pdfplumber") -> dict[str, float]:
    """Wall seconds spent in each stage of ``parse(nlp=False)`` over ``files`` (one run;
    "pdf: words (in all)" includes the stream and font checks), and the whole under "total"."""
    import importlib

    import hytedocs

    spent: dict[str, float] = defaultdict(float)
    saved: list[tuple[Any, str, Any]] = []

    def timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start
        return run

    for module_name, func, label in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, func)
        saved.append((module, func, original))
        setattr(module, func, timed(original, label))
    try:
        start = time.perf_counter()
        for path in files:
            hytedocs.parse(path, nlp=False, backend=backend)  # type: ignore[arg-type]
        spent["total"] = time.perf_counter() - start
    finally:
        for module, func, original in reversed(saved):
            setattr(module, func, original)
    return dict(spent)


def profile_parse(files: list[Path], backend: str, top: int) -> str:
    import hytedocs

    prof = cProfile.Profile()
    prof.enable()
    for path in files:
        hytedocs.parse(path, nlp=False, backend=backend)  # type: ignore[arg-type]
    prof.disable()
    stats = pstats.Stats(prof)
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1.0
    self_time: dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tt, _ct, _callers) in raw.items():
        self_time[module_of(filename)] += tt
    lines = [f"  self time by module ({backend} backend), total {total:.2f} s:"]
    for module, tt in sorted(self_time.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {module:32s} {tt:8.3f} s  {100 * tt / total:5.1f} %")
    # The stage functions, with everything they call (cumulative).
    stage_rows = []
    for (filename, _line, func), (_cc, nc, _tt, ct, _callers) in raw.items():
        if module_of(filename).startswith("hytedocs."):
            stage_rows.append((ct, nc, f"{module_of(filename)}.{func}"))
    stage_rows.sort(reverse=True)
    lines.append(f"  top {top} hytedocs functions by cumulative time:")
    for ct, nc, name in stage_rows[:top]:
        lines.append(f"    {name:60s} {ct:8.3f} s  {nc:8d} calls")
    return "\n".join(lines)


MEMORY_SNIPPET = """
import json, resource, sys

def hwm_kb():
    # VmHWM starts afresh at exec; ru_maxrss can carry the forking parent's peak over.
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

import hytedocs
before = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, hwm_kb())
hytedocs.parse(sys.argv[1], nlp=False, backend=sys.argv[2])
after = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, hwm_kb())
print(json.dumps({"import_kb": before[0], "peak_kb": after[0], "import_hwm_kb": before[1],
                  "peak_hwm_kb": after[1]}))
"""


def peak_memory(path: Path, backend: str) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SNIPPET, str(path), backend], check=True,
        capture_output=True, text=True,
    )
    result: dict[str, int] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def nlp_stage(args: argparse.Namespace, files: list[Path], pages: int,
              times: dict[str, float]) -> None:
    label = "parse() with NLP themes"
    if "e" in args.skip:
        print(f"(e) {label:32s} skipped")
        return
    if args.nlp_limit:
        files = files[: args.nlp_limit]
        pages = sum(page_count(f) for f in files)
        label += f" ({len(files)} files, {pages} pages)"
    try:
        seconds = run_nlp(files, args.nlp_repeat, args.nlp_timeout)
    except subprocess.TimeoutExpired:
        print(f"(e) {label:32s} over the {args.nlp_timeout:.0f} s limit (--nlp-timeout)")
        return
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or "").strip().splitlines()[-1:] or ["?"]
        print(f"(e) {label:32s} FAILED (NLP unavailable?): {tail[0][:200]}")
        return
    times["e"] = seconds
    print(f"(e) {label:32s} {seconds:8.2f} s  {pages / seconds:8.1f} pages/s"
          f"  (best of {args.nlp_repeat}, subprocess)")
    sys.stdout.flush()


def measure(files: list[Path], pages: int, args: argparse.Namespace,
            nlp: bool = True) -> dict[str, float]:
    """Stages (a)-(f) on ``files``, best of ``args.repeat``, printed with their ratios."""
    stages: dict[str, tuple[str, Callable[[], None]]] = {
        "a": ("pdfplumber extract_words", lambda: run_pdfplumber(files)),
        "b": ("parse(nlp=False), pdfplumber", lambda: run_parse(files, nlp=False)),
        "c": ("pypdfium2 chars + boxes", lambda: run_pypdfium2(files)),
        "d": ("parse(nlp=False), pdfium",
              lambda: run_parse(files, nlp=False, backend="pdfium")),
        "e": ("parse() with NLP themes", lambda: None),  # run by nlp_stage, in a subprocess
        "f": ("pdftotext -layout", lambda: run_pdftotext(files)),
    }
    if shutil.which("pdftotext") is None:
        args.skip += "f"
    times: dict[str, float] = {}
    for key, (label, fn) in stages.items():
        if key == "e":
            if nlp:
                nlp_stage(args, files, pages, times)
            continue
        if key in args.skip:
            print(f"({key}) {label:32s} skipped")
            continue
        try:
            seconds, runs = best_of(fn, args.repeat, args.budget)
        except Exception as exc:
            print(f"({key}) {label:32s} FAILED: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        times[key] = seconds
        print(f"({key}) {label:32s} {seconds:8.2f} s  {pages / seconds:8.1f} pages/s"
              f"  (best of {runs})")
        sys.stdout.flush()

    def ratio(x: str, y: str, what: str) -> None:
        if x in times and y in times:
            print(f"{x}/{y} = {times[x] / times[y]:.2f}  ({what})")

    ratio("b", "a", "hytedocs on top of pdfplumber; target <= 1.15")
    ratio("d", "c", "hytedocs on top of pypdfium2 characters")
    ratio("b", "d", "pdfium backend speed-up over the default; target >= 5")
    if not args.nlp_limit:
        ratio("e", "b", "cost of the NLP stage")
    return times


def generated_documents(producer: str, seeds: list[int], folder: Path) -> list[Path]:
    """The margin-family PDFs of ``seeds`` by ``producer`` in ``folder``, drawn where missing."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
    import family

    have = {int(p.name.split("_")[1]): p for p in folder.glob("family_*.pdf")}
    todo = [s for s in seeds if s not in have]
    if todo:
        for pdf in family.render_many(todo, producer, folder):  # type: ignore[arg-type]
            have[int(pdf.name.split("_")[1])] = pdf
    return [have[s] for s in seeds]


def print_stage_table(sets: dict[str, tuple[int, dict[str, float]]]) -> None:
    """Milliseconds per page of each stage, one column per set of documents."""
    names = list(sets)
    print("\nstages of parse(nlp=False), pdfplumber backend, ms per page (one run each):")
    print(f"  {'stage':32s}" + "".join(f"{n:>14s}" for n in names))
    for _module, _func, label in (*STAGES, ("", "", "total")):
        row = [1000 * times.get(label, 0.0) / max(pages, 1) for pages, times in sets.values()]
        print(f"  {label:32s}" + "".join(f"{v:14.2f}" for v in row))
    for label, (pages, times) in sets.items():
        words = times.get("pdf: words (in all)", 0.0)
        rest = times["total"] - words
        print(f"  {label}: after the words, the structure takes {rest / times['total']:.0%} "
              f"of the parse ({1000 * rest / max(pages, 1):.2f} ms per page)")


def generated_sets(files: list[Path], args: argparse.Namespace) -> None:
    """Stages (a)-(d) on ``args.generated`` margin-family documents per producer, and the
    per-stage table beside the corpus's."""
    import tempfile

    seeds = list(range(args.gen_start, args.gen_start + args.generated))
    base = args.gen_dir or Path(tempfile.mkdtemp(prefix="hytedocs-speed-"))
    sets: dict[str, tuple[int, dict[str, float]]] = {
        "corpus": (sum(page_count(f) for f in files), stage_times(files))}
    for producer in [p.strip() for p in args.producers.split(",") if p.strip()]:
        try:
            pdfs = generated_documents(producer, seeds, base / producer)
        except Exception as exc:  # a producer that is not installed is reported, not fatal
            print(f"\ngenerated ({producer}): FAILED to draw: {type(exc).__name__}: {exc}")
            continue
        pages = sum(page_count(f) for f in pdfs)
        print(f"\ngenerated ({producer}): {len(pdfs)} documents, {pages} pages, seeds "
              f"{seeds[0]}-{seeds[-1]} in {base / producer}")
        measure(pdfs, pages, args, nlp=False)
        sets[producer] = (pages, stage_times(pdfs))
    print_stage_table(sets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="directory of PDFs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (best is kept)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--budget", type=float, default=600.0,
                        help="seconds after which a stage stops repeating")
    parser.add_argument("--nlp-repeat", type=int, default=1, help="runs of stage (e)")
    parser.add_argument("--nlp-limit", type=int, default=0,
                        help="stage (e) on the first N files only (0: all)")
    parser.add_argument("--profile-limit", type=int, default=5,
                        help="files in the cProfile run (0: all)")
    parser.add_argument("--nlp-timeout", type=float, default=900.0,
                        help="seconds allowed for stage (e) in all")
    parser.add_argument("--skip", default="", help="stages to skip, e.g. 'ef'")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--top", type=int, default=15, help="functions listed in the profile")
    parser.add_argument("--generated", type=int, default=0, metavar="N",
                        help="also N margin-family documents per producer (0: none)")
    parser.add_argument("--gen-start", type=int, default=10_000,
                        help="first generator seed (seeds below 10,000 are the tuning seeds)")
    parser.add_argument("--producers", default="reportlab,libreoffice,chromium",
                        help="producers of the generated documents, comma-separated")
    parser.add_argument("--gen-dir", type=Path, default=None,
                        help="keep the generated PDFs here and reuse those already there "
                             "(default: a temporary directory)")
    args = parser.parse_args(argv)

    corpus = args.corpus or (DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else FALLBACK_CORPUS)
    files = sorted(corpus.glob("*.pdf"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no PDFs in {corpus}", file=sys.stderr)
        return 2
    pages = sum(page_count(f) for f in files)
    print(f"corpus: {corpus.resolve()}  files: {len(files)}  pages: {pages}  "
          f"repeat: {args.repeat}  python: {sys.version.split()[0]}")

    # First, while this process is small: a forked child may report its parent's peak.
    if not args.no_memory:
        largest = max(files, key=lambda f: (page_count(f), f.stat().st_size))
        for backend in ("pdfplumber", "pdfium"):
            try:
                mem = peak_memory(largest, backend)
            except Exception as exc:
                print(f"peak memory ({backend}): FAILED: {exc}")
                continue
            print(f"peak memory, parse(nlp=False, backend={backend!r}) on {largest.name} "
                  f"({page_count(largest)} pages): ru_maxrss {mem['peak_kb'] / 1024:.0f} MB, "
                  f"VmHWM {mem['peak_hwm_kb'] / 1024:.0f} MB (after import: ru_maxrss "
                  f"{mem['import_kb'] / 1024:.0f} MB, VmHWM {mem['import_hwm_kb'] / 1024:.0f} "
                  "MB); target < 300 MB")

    measure(files, pages, args)
    if args.generated:
        generated_sets(files, args)

    if not args.no_profile:
        buf = io.StringIO()
        small = files[: args.profile_limit] if args.profile_limit else files
        print(f"\nprofile of parse(nlp=False) on {len(small)} files:")
        for backend in ("pdfplumber", "pdfium"):
            try:
                print(profile_parse(small, backend, args.top), file=buf)
            except Exception as exc:
                print(f"  {backend}: FAILED: {exc}", file=buf)
        print(buf.getvalue())

    return 0


if __name__ == "__main__":
    raise SystemExit(main())
