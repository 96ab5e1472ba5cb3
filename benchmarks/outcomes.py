"""How the decision relates to the proposal, what kind of decision it is, riders and participation,
scored against the hand-labelled set ``benchmarks/data/labelled_v2.jsonl``.

Usage::

    python benchmarks/outcomes.py [--split tune|test|both] [--show-errors] [--cache DIR]

The labels were made by a reader who had not seen the outcome rules (see
``benchmarks/data/labelling_guide_v2.md``), split by document into a tuning and a test half
before anything was tuned. The figures to report are the test half's; ``--show-errors`` lists
the tuning half's mistakes only, so that nobody tunes on the test half by reading it.

Each labelled § is found in the parse (``nlp=False``) by its number and title. The generated
documents of the set (``generated:<seed>:<file>``) are the PDFs the labeller read, kept in
``benchmarks/data/labelled_generated/`` because the family generator has changed since.
Departures are the outcomes that say the body did not simply adopt the proposal: every one of
them must be found. ``heard`` precision counts the heard events the parser reports that the
labels also hold (same person, same event).
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hytedocs import Minutes, parse  # noqa: E402
from hytedocs.models import Section  # noqa: E402
from hytedocs.text import fold  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "labelled_v2.jsonl"
GENERATED = ROOT / "benchmarks" / "data" / "labelled_generated"
CORPUS = (ROOT.parent / "shared" / "corpus" / "real", ROOT / "fixtures" / "real")
DEPARTURES = ("amended", "counter_proposal", "rejected", "tabled", "returned")
# A parsed § is the labelled one when their titles are at least this alike.
TITLE_MATCH = 0.8


def pdf_path(name: str) -> Path | None:
    if name.startswith("generated:"):
        path = GENERATED / name.split(":", 2)[2]
        return path if path.exists() else None
    return next((base / name for base in CORPUS if (base / name).exists()), None)


def parsed(path: Path, cache: Path | None) -> Minutes | None:
    hit = cache / f"{path.stem}.json" if cache else None
    if hit is not None and hit.exists() and hit.stat().st_mtime >= path.stat().st_mtime:
        return Minutes.model_validate_json(hit.read_text(encoding="utf-8"))
    try:
        minutes = parse(path, nlp=False)
    except Exception as exc:  # a benchmark reports a failing file and goes on
        print(f"  {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    if hit is not None:
        hit.parent.mkdir(parents=True, exist_ok=True)
        hit.write_text(minutes.model_dump_json(), encoding="utf-8")
    return minutes


def _alike(a: str | None, b: str | None) -> bool:
    fa, fb = fold(a or ""), fold(b or "")
    return bool(fa) and (fa == fb or difflib.SequenceMatcher(None, fa, fb).ratio() >= TITLE_MATCH)


def match(row: dict[str, Any], minutes: Minutes | None) -> Section | None:
    if minutes is None:
        return None
    for sec in minutes.sections:
        if sec.number == row["section"] and _alike(sec.title, row["title"]):
            return sec
    if row["section"] is None and len(minutes.sections) == 1:
        return minutes.sections[0]
    return next((s for s in minutes.sections if s.number == row["section"]), None)


@dataclass
class Tally:
    n: int = 0
    missing: int = 0
    outcome: int = 0
    kind: int = 0
    riders: int = 0
    departures: collections.Counter[str] = field(default_factory=collections.Counter)
    found: collections.Counter[str] = field(default_factory=collections.Counter)
    events_got: collections.Counter[str] = field(default_factory=collections.Counter)
    events_right: collections.Counter[str] = field(default_factory=collections.Counter)
    events_want: collections.Counter[str] = field(default_factory=collections.Counter)
    errors: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(fold(text).strip(" .:\"'”").split())


def score(row: dict[str, Any], sec: Section | None, t: Tally) -> None:
    t.n += 1
    want_out, want_kind = row["outcome"], row["decision_kind"]
    where = f"{row['file']} § {row['section']} {row['title'][:50]!r}"
    if want_out in DEPARTURES:
        t.departures[want_out] += 1
    want_ev = {(p["name"], p["event"]) for p in row["participation"]}
    for _, ev in want_ev:
        t.events_want[ev] += 1
    if sec is None:
        t.missing += 1
        t.errors.append(f"{where}: § not found")
        return
    got_out = sec.outcome.value if sec.outcome else None
    got_kind = sec.decision_kind.value if sec.decision_kind else None
    t.outcome += got_out == want_out
    t.kind += got_kind == want_kind
    if want_out in DEPARTURES and got_out == want_out:
        t.found[want_out] += 1
    got_riders = sorted(_norm(r.text) for r in sec.riders)
    want_riders = sorted(_norm(r) for r in row["riders"])
    t.riders += got_riders == want_riders
    got_ev = {(p.name, p.event.value) for p in sec.participation}
    for name, ev in got_ev:
        t.events_got[ev] += 1
        t.events_right[ev] += (name, ev) in want_ev
    if got_out != want_out:
        t.errors.append(f"{where}: outcome {got_out} (want {want_out})")
    if got_kind != want_kind:
        t.errors.append(f"{where}: decision_kind {got_kind} (want {want_kind})")
    if got_riders != want_riders:
        t.errors.append(f"{where}: riders {got_riders} (want {want_riders})")
    if got_ev != want_ev:
        t.errors.append(f"{where}: participation +{sorted(got_ev - want_ev)} "
                        f"-{sorted(want_ev - got_ev)}")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "    – (0/0)"


def report(name: str, t: Tally) -> None:
    print(f"\n{name}: {t.n} labelled §s of minutes, {t.missing} not found by number")
    print(f"  outcome        {_pct(t.outcome, t.n)}")
    print(f"  decision_kind  {_pct(t.kind, t.n)}")
    print(f"  riders         {_pct(t.riders, t.n)}")
    for d in DEPARTURES:
        print(f"  {d:<15}recall {_pct(t.found[d], t.departures[d])}")
    for ev in ("heard", "disqualified", "left", "arrived"):
        print(f"  {ev:<15}precision {_pct(t.events_right[ev], t.events_got[ev])}"
              f"   recall {_pct(t.events_right[ev], t.events_want[ev])}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", choices=("tune", "test", "both"), default="both")
    ap.add_argument("--show-errors", action="store_true",
                    help="list the tuning half's mistakes (never the test half's)")
    ap.add_argument("--cache", type=Path, help="keep parsed JSON here between runs")
    args = ap.parse_args()
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if r["outcome"] is not None]
    splits = ("tune", "test") if args.split == "both" else (args.split,)
    docs: dict[str, Minutes | None] = {}
    for split in splits:
        tally = Tally()
        for row in (r for r in rows if r["split"] == split):
            if row["file"] not in docs:
                path = pdf_path(row["file"])
                docs[row["file"]] = parsed(path, args.cache) if path else None
                if path is None:
                    print(f"  {row['file']}: not found", file=sys.stderr)
            score(row, match(row, docs[row["file"]]), tally)
        report({"tune": "tuning half", "test": "test half"}[split], tally)
        if args.show_errors and split == "tune":
            print("\n".join("    " + e for e in tally.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
