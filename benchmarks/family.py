"""Per-field accuracy of the parser on generated margin-label minutes, per PDF producer.

Usage::

    python benchmarks/family.py [--n 300] [--start 10000]
                                [--producers reportlab,libreoffice,chromium]
                                [--jobs 2] [--show-errors] [--keep DIR [--reuse]] [--json]

Draws ``--n`` documents from the seeds ``--start`` … ``--start + n - 1`` with the family generator
(``fixtures/family``), renders each with every producer, parses it with
``hytedocs.parse(nlp=False)`` and prints, per producer, the share of §s right in each field
and the seeds of the failures, so that any failure can be redrawn
(``python -m family render SEED --producer P --out DIR`` from ``fixtures/``).

Seeds below 10,000 are the tuning seeds; the figures to report are those from 10,000 up, which
nobody looks at while tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

import family  # noqa: E402
from family.score import FIELDS, Tally  # noqa: E402


def parse_one(pdf: str) -> tuple[str, dict[str, Any] | None, str | None]:
    import hytedocs

    try:
        m = hytedocs.parse(pdf, nlp=False)
        return pdf, m.model_dump(mode="json"), None
    except Exception as exc:  # a failure is a finding, reported with its seed
        return pdf, None, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"


def run(producer: str, seeds: list[int], folder: Path, jobs: int, reuse: bool = False) -> Tally:
    t0 = time.perf_counter()
    have = {int(p.name.split("_")[1]): p for p in folder.glob("family_*.pdf")} if reuse else {}
    todo = [s for s in seeds if s not in have]
    made = {int(p.name.split("_")[1]): p
            for p in family.render_many(todo, producer, folder)} if todo else {}  # type: ignore[arg-type]
    pdfs = [made.get(s) or have[s] for s in seeds]
    t1 = time.perf_counter()
    tally = Tally()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for pdf, parsed, err in pool.map(parse_one, [str(p) for p in pdfs], chunksize=4):
            path = Path(pdf)
            exp = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
            if err is not None:
                tally.errors.append((path.stem, err))
            tally.add(path.stem, exp, parsed)
    t2 = time.perf_counter()
    print(f"{producer}: {len(seeds)} documents rendered in {t1 - t0:.0f} s, parsed in "
          f"{t2 - t1:.0f} s", file=sys.stderr)
    return tally


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--start", type=int, default=10_000)
    ap.add_argument("--producers", default=",".join(family.PRODUCERS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--max-errors", type=int, default=60)
    ap.add_argument("--keep", type=Path, help="render into this folder and keep the files")
    ap.add_argument("--reuse", action="store_true",
                    help="with --keep: parse documents already rendered there instead of "
                         "rendering them again (the generator must not have changed)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    seeds = list(range(args.start, args.start + args.n))
    producers = [p.strip() for p in args.producers.split(",") if p.strip()]
    results: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for prod in producers:
            results[prod] = run(prod, seeds, base / prod, args.jobs, args.reuse)
    if args.json:
        print(json.dumps({p: {f: t.share(f) for f in FIELDS} for p, t in results.items()},
                         indent=1))
        return 0
    label = "tuning" if args.start + args.n <= 10_000 else "test"
    print(f"\nseeds {args.start}–{args.start + args.n - 1} ({label}), "
          f"{args.n} documents per producer\n")
    print(f"| field | {' | '.join(producers)} |")
    print("|---|" + "---|" * len(producers))
    for f in FIELDS:
        cells = []
        for p in producers:
            t = results[p]
            cells.append(f"{100 * t.share(f):.1f}% ({t.right[f]}/{t.total[f]})")
        print(f"| {f} | {' | '.join(cells)} |")
    for p, t in results.items():
        failed = sorted({m.seed for m in t.misses} | {int(s.split('_')[1]) for s, _ in t.errors})
        print(f"\n{p}: {len(t.misses)} wrong values in {len(failed)} documents; "
              f"{len(t.errors)} parse errors")
        if failed:
            print("  seeds: " + " ".join(map(str, failed[:200])))
        if args.show_errors:
            for stem, err in t.errors[: args.max_errors]:
                print(f"  ERROR {stem}: {err.splitlines()[0]}")
            for m in t.misses[: args.max_errors]:
                print(f"  {m.seed} § {m.section} {m.field}:\n     want {m.want!r}\n     got  "
                      f"{m.got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
