"""Per-field accuracy of the parser against the hand-labelled truth files.

Usage::

    python benchmarks/accuracy.py [--backend pdfplumber|pdfium] [--json] [--show-errors]

The truth files (``fixtures/real/<stem>.truth.json``) were written by reading the documents,
not the parser's output. For every labelled § the script checks: number, title, diary number,
pages, presenter, the start of the proposal and of the decision, the outcome and the
participation events; and per document: kind, language and the meeting's date, body, number
and organization. It prints the share correct for each field.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"

SECTION_FIELDS = (
    "number",
    "title",
    "diary_number",
    "pages",
    "presenter",
    "proposal_start",
    "decision_start",
    "outcome",
    "participation",
)
DOCUMENT_FIELDS = ("kind", "language", "meeting.date", "meeting.body", "meeting.meeting_number",
                   "meeting.organization")


def _ws(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text).strip()


def _starts(parsed: dict[str, Any] | None, truth: str | None) -> bool:
    if truth is None:
        return parsed is None or not (parsed.get("text") or "").strip()
    if parsed is None:
        return False
    text = _ws(parsed.get("text")) or ""
    want = _ws(truth) or ""
    return text[: len(want)] == want


def _person(parsed: dict[str, Any] | None, truth: dict[str, Any] | None) -> bool:
    if truth is None or (truth.get("name") is None and truth.get("title") is None):
        return parsed is None or (parsed.get("name") is None and parsed.get("title") is None)
    if parsed is None:
        return False
    return bool(
        _ws(parsed.get("name")) == _ws(truth.get("name"))
        and (_ws(parsed.get("title")) or "").lower() == (_ws(truth.get("title")) or "").lower()
    )


def _events(parsed: list[dict[str, Any]], truth: list[dict[str, Any]]) -> bool:
    def key(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return sorted((_ws(i.get("name")) or "", i.get("event") or "") for i in items)

    return key(parsed) == key(truth)


def compare_section(parsed: dict[str, Any] | None, truth: dict[str, Any]) -> dict[str, bool]:
    """Which fields of one § are right."""
    if parsed is None:
        return {f: False for f in SECTION_FIELDS if f in truth}
    out: dict[str, bool] = {}
    for f in SECTION_FIELDS:
        if f not in truth:
            continue
        want = truth[f]
        if f == "number":
            out[f] = parsed.get("number") == want
        elif f in ("title", "diary_number"):
            out[f] = _ws(parsed.get(f)) == _ws(want)
        elif f == "pages":
            out[f] = parsed.get("pages") == want
        elif f == "presenter":
            out[f] = _person(parsed.get("presenter"), want)
        elif f == "proposal_start":
            out[f] = _starts(parsed.get("proposal"), want)
        elif f == "decision_start":
            out[f] = _starts(parsed.get("decision"), want)
        elif f == "outcome":
            out[f] = parsed.get("outcome") == want
        elif f == "participation":
            out[f] = _events(parsed.get("participation") or [], want or [])
    return out


def _dig(data: dict[str, Any], dotted: str) -> Any:
    cur: Any = data
    for part in dotted.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def compare_document(parsed: dict[str, Any], truth: dict[str, Any]) -> tuple[
    dict[str, list[bool]], list[str]
]:
    """Field -> list of right/wrong over the document's §s, and readable error lines."""
    results: dict[str, list[bool]] = defaultdict(list)
    errors: list[str] = []
    got = parsed.get("sections", [])
    by_number = {s.get("number"): s for s in got if s.get("number") is not None}
    unnumbered = [s for s in got if s.get("number") is None]
    for i, t in enumerate(truth.get("sections", [])):
        if t.get("number") is not None:
            p = by_number.get(t["number"])
        else:
            p = unnumbered[i] if i < len(unnumbered) else None
        for f, ok in compare_section(p, t).items():
            results[f].append(ok)
            if not ok:
                shown = None
                if p is not None:
                    if f in ("proposal_start", "decision_start"):
                        block = p.get(f.split("_")[0])
                        shown = (_ws(block.get("text")) or "")[:60] if block else None
                    else:
                        shown = p.get(f)
                errors.append(f"§{t.get('number')} {f}: want {t.get(f)!r} got {shown!r}")
    # §s the parser found that the truth does not have count against § numbers.
    truth_numbers = {t.get("number") for t in truth.get("sections", [])}
    for s in got:
        if s.get("number") is not None and s.get("number") not in truth_numbers:
            results["number"].append(False)
            errors.append(f"§{s.get('number')}: not in the truth file")
    for f in DOCUMENT_FIELDS:
        want = _dig(truth, f)
        have = _dig(parsed, f)
        if f == "meeting.date" and want is not None:
            have = str(have) if have is not None else None
        ok = _ws(str(have)) == _ws(str(want)) if want is not None else have is None
        results[f].append(ok)
        if not ok:
            errors.append(f"{f}: want {want!r} got {have!r}")
    return results, errors


def truth_files() -> list[Path]:
    return sorted(REAL.glob("*.truth.json"))


def measure(
    parse: Callable[[Path], dict[str, Any]],
) -> tuple[dict[str, tuple[int, int]], dict[str, list[str]]]:
    """(right, total) per field over every truth file, and the errors per file."""
    totals: dict[str, list[bool]] = defaultdict(list)
    errors: dict[str, list[str]] = {}
    for tf in truth_files():
        truth = json.loads(tf.read_text(encoding="utf-8"))
        pdf = REAL / truth["file"]
        parsed = parse(pdf)
        res, errs = compare_document(parsed, truth)
        for f, oks in res.items():
            totals[f].extend(oks)
        errors[pdf.name] = errs
    return {f: (sum(v), len(v)) for f, v in totals.items()}, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--backend", default="pdfplumber", choices=["pdfplumber", "pdfium"])
    ap.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    ap.add_argument("--show-errors", action="store_true", help="List every wrong field.")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    import hytedocs

    def parse(pdf: Path) -> dict[str, Any]:
        m = hytedocs.parse(pdf, nlp=False, backend=args.backend)
        return m.model_dump(mode="json")

    figures, errors = measure(parse)
    if args.json:
        print(json.dumps({f: {"right": r, "total": t, "share": r / t if t else None}
                          for f, (r, t) in figures.items()}, indent=2))
    else:
        print(f"{'field':28s} {'right':>6s} {'total':>6s} {'share':>7s}")
        for f, (r, t) in figures.items():
            print(f"{f:28s} {r:6d} {t:6d} {100 * r / t if t else 0:6.1f}%")
        print(f"({len(truth_files())} documents)")
    if args.show_errors:
        for name, errs in errors.items():
            for e in errs:
                print(f"{name}: {e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
