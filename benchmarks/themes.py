"""HYTE themes against the labelled set v2: both halves, per theme, per language, per role.

    python benchmarks/themes.py                   # tuning half only (what you tune on)
    python benchmarks/themes.py --split both      # the tuning and the test half side by side
    python benchmarks/themes.py --errors          # each error on the tuning half
    python benchmarks/themes.py --classifier lexicon   # the lexicon's hand-set roles alone
    python benchmarks/themes.py --compare         # lexicon, combined and learned classifiers
    python benchmarks/themes.py --timing          # time the corpus with and without NLP

The labelled set is ``benchmarks/data/labelled_v2.jsonl`` (guide: ``labelling_guide_v2.md``):
one § per line with its file, § number, title, language, split (``tune`` / ``test``, by
document) and gold themes, each ``primary`` or ``mentioned``. It was labelled by reading the §s
before the tagger was tuned on it. The test half is never tuned on: ``--errors`` lists the
tuning half's errors only, and the test half's figures are for reporting.

The text of a §: real documents are parsed with hytedocs (``nlp=False``) and the § is the one
with the labelled number and title; generated documents (``generated:<seed>:<file>``) are
rendered with the family generator into ``--generated`` first. A § the parser does not find
(the generated margin layouts, whose § cuts the parser gets wrong) is rebuilt from the
labelled ``body``, the text as the labeller cut it; how many were is printed.

Figures:

* **primary**: gold = the labelled primary themes, predicted = the themes whose role is
  ``primary``; micro precision / recall / F1 and per theme.
* **primary+mentioned**: every labelled and every predicted theme, whatever the role.
* **none**: of the §s labelled with no theme at all, the share given no theme at all (and, of
  those with no primary theme, the share given no primary theme).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hytedocs import parse  # noqa: E402
from hytedocs.models import Field_, Minutes, Section, TextBlock  # noqa: E402
from hytedocs.nlp import annotate_sections, engine  # noqa: E402
from hytedocs.settings import Settings  # noqa: E402
from hytedocs.text import fold  # noqa: E402
from hytedocs.vocabulary import LABELS  # noqa: E402

LABELLED = ROOT / "benchmarks" / "data" / "labelled_v2.jsonl"
CORPUS = Path("/work/shared/corpus/real")
FIXTURES = ROOT / "fixtures" / "real"
GENERATED = Path("/tmp/hytedocs_generated")
LABELLED_PDFS = ROOT / "benchmarks" / "data" / "labelled_generated"
SPLITS = ("tune", "test")
# A parsed § is the labelled one when their titles are at least this alike.
TITLE_MATCH = 0.8
# Supports below this are printed but not held to the per-theme F1 bar.
MIN_SUPPORT = 5
PRIMARY = "primary"
# A "preparer" part longer than this many words is the case text.
PREPARER_WORDS = 15


# --- § text ----------------------------------------------------------------------------------

def _family_dirs() -> list[Path]:
    return [ROOT / "fixtures" / "family"]


def render_generated(rows: list[dict[str, Any]], out: Path) -> None:
    """Render the generated documents of the labelled set (family generator, reportlab)."""
    # The PDFs the labeller read are kept (the generator has changed since); render the rest.
    wanted = {int(r["file"].split(":")[1]) for r in rows if r["file"].startswith("generated:")
              and not (LABELLED_PDFS / r["file"].split(":", 2)[2]).exists()}
    missing = [s for s in sorted(wanted)
               if not any(out.glob(f"family_{s:05d}_*.pdf"))]
    if not missing:
        return
    family = next((d for d in _family_dirs() if (d / "__init__.py").exists()), None)
    if family is None:
        print("no family generator found: generated §s come from their labelled text",
              file=sys.stderr)
        return
    sys.path.insert(0, str(family.parent))
    import family as generator  # type: ignore[import-not-found]

    out.mkdir(parents=True, exist_ok=True)
    generator.render_many(missing, "reportlab", out)


def pdf_path(name: str, generated: Path) -> Path:
    if name.startswith("generated:"):
        kept = LABELLED_PDFS / name.split(":", 2)[2]
        return kept if kept.exists() else generated / name.split(":", 2)[2]
    for base in (CORPUS, FIXTURES):
        if (base / name).exists():
            return base / name
    return CORPUS / name


def parsed(path: Path, cache: Path | None) -> Minutes | None:
    if cache is not None:
        hit = cache / (path.stem + ".json")
        if hit.exists() and hit.stat().st_mtime >= path.stat().st_mtime:
            return Minutes.model_validate_json(hit.read_text(encoding="utf-8"))
    try:
        minutes = parse(path, nlp=False)
    except Exception as exc:  # a benchmark reports a failing file and goes on
        print(f"  {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / (path.stem + ".json")).write_text(minutes.model_dump_json(), encoding="utf-8")
    return minutes


def _same_title(a: str | None, b: str | None) -> bool:
    fa, fb = fold(a or ""), fold(b or "")
    return bool(fa) and (fa == fb or difflib.SequenceMatcher(None, fa, fb).ratio() >= TITLE_MATCH)


def match_section(row: dict[str, Any], minutes: Minutes | None) -> Section | None:
    if minutes is None:
        return None
    for sec in minutes.sections:
        if sec.number == row["section"] and _same_title(sec.title, row["title"]):
            return sec
    if row["section"] is None and len(minutes.sections) == 1:
        return minutes.sections[0]
    return None


def _label_key(label: str) -> str | None:
    low = fold(label).rstrip(":").strip()
    last = low.rsplit(" ", 1)[-1]
    for key, names in LABELS.items():
        for name in names:
            if low == name or (name.startswith("* ") and last == name[2:]):
                return key
    if low.endswith(("ehdotus", "förslag")):
        return "proposal"
    if low.endswith(("päätös", "beslut")):
        return "decision"
    return None


_MARGIN = re.compile(r"^(\S(?:.*?\S)?)(?:\s{2,}(\S.*))?$")
_HEADING = re.compile(r"^\s*(?:\d+\s*§|§\s*\d+|dno\b|dnr\b)", re.IGNORECASE)


def body_section(row: dict[str, Any]) -> Section:
    """A § rebuilt from its labelled text: ``Label:`` lines, or a margin-label layout."""
    layout = "\n" + " " * 8 in row["body"] or re.search(r"^\S.*\S\s{3,}\S", row["body"], re.M)
    parts = _margin_parts(row) if layout else _colon_parts(row["body"])
    # "Beredning" names the preparer in some layouts and heads the case text in others.
    parts = [(label, "text" if key == "preparer" and len(text.split()) > PREPARER_WORDS
              else key, text) for label, key, text in parts]
    fields = [Field_(label=label, key=key, block=TextBlock(text=text.strip()))
              for label, key, text in parts if text.strip()]
    by_key = {f.key: f.block for f in reversed(fields)}
    prep = [f.block.text for f in fields if f.key in ("text", "preparation")]
    return Section(number=row["section"], title=row["title"], fields=fields,
                   preparation=TextBlock(text="\n\n".join(prep)) if prep else None,
                   proposal=by_key.get("proposal"), decision=by_key.get("decision"))


def _colon_parts(body: str) -> list[tuple[str, str | None, str]]:
    out: list[tuple[str, str | None, str]] = [("", "text", "")]
    for line in body.split("\n"):
        key = _label_key(line) if line.endswith(":") and len(line) < 60 else None
        if key is not None:
            out.append((line.rstrip(":"), key, ""))
        else:
            label, k, text = out[-1]
            out[-1] = (label, k, text + line + "\n")
    return [(lbl, "text" if k == "preparation" else k, t) for lbl, k, t in out]


def _margin_parts(row: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    out: list[tuple[str, str | None, str]] = []
    pending = ""
    title = fold(row["title"])
    for line in row["body"].split("\n"):
        if not line.strip():
            if out:
                out[-1] = (out[-1][0], out[-1][1], out[-1][2] + "\n\n")
            continue
        if _HEADING.match(line) or (fold(line.strip()) and fold(line.strip()) in title):
            continue
        if not line[0].isspace():
            m = _MARGIN.match(line)
            if m is None:
                continue
            label, value = m.group(1), m.group(2)
            if value is None:
                pending = f"{pending} {label}".strip()
                continue
            label = f"{pending} {label}".strip()
            pending = ""
            key = _label_key(label)
            out.append((label, "text" if key == "preparation" else key, value + "\n"))
        elif out:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + line.strip() + "\n")
    # A paragraph is one line in the parser's blocks: join the wrapped lines of each.
    return [(lbl, k, re.sub(r"(?<!\n)\n(?!\n)(?!\s*(?:[-•▪]|\d+[.)])\s)", " ", t))
            for lbl, k, t in out]


@dataclass
class Case:
    row: dict[str, Any]
    section: Section
    source: str  # "pdf" or "labels"


def load_cases(rows: list[dict[str, Any]], source: str, generated: Path,
               cache: Path | None) -> list[Case]:
    render_generated(rows, generated)
    docs: dict[str, Minutes | None] = {}
    out: list[Case] = []
    for row in rows:
        sec = None
        if source == "pdf":
            name = row["file"]
            if name not in docs:
                path = pdf_path(name, generated)
                docs[name] = parsed(path, cache) if path.exists() else None
            sec = match_section(row, docs[name])
        if sec is not None:
            out.append(Case(row, sec.model_copy(deep=True), "pdf"))
        else:
            out.append(Case(row, body_section(row), "labels"))
    return out


# --- tagging and figures -----------------------------------------------------------------------

def tag(cases: list[Case], settings: Settings) -> dict[int, dict[str, str]]:
    """Predicted {theme: role} per case index; one annotate call per document, as parse does."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        groups[(c.row["file"], c.row["language"])].append(i)
    out: dict[int, dict[str, str]] = {}
    for (_file, language), indexes in groups.items():
        secs = [cases[i].section for i in indexes]
        annotate_sections(secs, language, settings)
        for i, sec in zip(indexes, secs, strict=True):
            out[i] = {t.id: t.role.value for t in sec.themes}
    return out


@dataclass
class Counts:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    none_total: int = 0
    none_right: int = 0
    sections: int = 0

    def micro(self) -> tuple[float, float, float]:
        return _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp else (0.0 if tp + fp + fn else float("nan"))
    return p, r, f


def count(cases: Iterable[tuple[dict[str, str], dict[str, str]]], primary_only: bool) -> Counts:
    c = Counts()
    for gold_roles, got_roles in cases:
        gold = {t for t, r in gold_roles.items() if r == PRIMARY or not primary_only}
        got = {t for t, r in got_roles.items() if r == PRIMARY or not primary_only}
        c.sections += 1
        for t in gold & got:
            c.tp[t] += 1
        for t in got - gold:
            c.fp[t] += 1
        for t in gold - got:
            c.fn[t] += 1
        if not gold:
            c.none_total += 1
            c.none_right += not got
    return c


def _fmt(x: float) -> str:
    return "   -  " if x != x else f"{x:6.2f}"


def print_table(title: str, counts: dict[str, Counts], none_label: str) -> None:
    """One block: micro figures per column (split or split/language), then per theme."""
    cols = list(counts)
    print(f"\n== {title}")
    print(f"{'':26}" + "".join(f"{c:>22}" for c in cols))
    print(f"{'':26}" + "".join(f"{'P     R     F1   n':>22}" for _ in cols))
    print(f"{'micro':26}" + "".join(_cell(*counts[c].micro(), counts[c].sections)
                                     for c in cols))
    print(f"{none_label:26}" + "".join(
        f"{_share(counts[c].none_right, counts[c].none_total):>22}" for c in cols))
    themes = sorted(set().union(*(set(c.tp) | set(c.fp) | set(c.fn) for c in counts.values())))
    for t in themes:
        cells = []
        for c in cols:
            k = counts[c]
            p, r, f = _prf(k.tp[t], k.fp[t], k.fn[t])
            cells.append(_cell(p, r, f, k.tp[t] + k.fn[t]))
        print(f"{t:26}" + "".join(cells))


def _cell(p: float, r: float, f: float, n: int) -> str:
    return f"{_fmt(p)}{_fmt(r)}{_fmt(f)}{n:4}"


def _share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.2f}" if total else "-"


def done_when(test: Counts, anyc: Counts) -> list[str]:
    """The issue's bar on a half: primary micro P >= 0.85, R >= 0.80, F1 >= 0.65 per theme of
    support >= 5, no theme at all for >= 90 % of the §s labelled with none."""
    p, r, _f = test.micro()
    none = anyc.none_right / anyc.none_total if anyc.none_total else float("nan")
    out = [f"micro precision {p:.3f} {'>=' if p >= 0.85 else '<'} 0.85",
           f"micro recall {r:.3f} {'>=' if r >= 0.80 else '<'} 0.80",
           f"no theme -> none {none:.3f} {'>=' if none >= 0.90 else '<'} 0.90"]
    for t in sorted(set(test.tp) | set(test.fn)):
        support = test.tp[t] + test.fn[t]
        if support >= MIN_SUPPORT:
            f1 = _prf(test.tp[t], test.fp[t], test.fn[t])[2]
            out.append(f"{t} F1 {f1:.2f} {'>=' if f1 >= 0.65 else '<'} 0.65 (support {support})")
    return out


def print_errors(cases: list[Case], got: dict[int, dict[str, str]]) -> None:
    for i, c in enumerate(cases):
        if c.row["split"] != "tune":
            continue  # the test half's errors are never shown (they would be tuned on)
        gold, pred = c.row["themes"], got[i]
        wrong = {t for t in set(gold) | set(pred) if gold.get(t) != pred.get(t)}
        if not wrong:
            continue
        head = f"{c.row['file'][:46]} § {c.row['section']} [{c.source}] {c.row['title'][:60]}"
        print(head)
        for t in sorted(wrong):
            ev = next((x for x in c.section.themes if x.id == t), None)
            why = f" score={ev.score} | {ev.evidence[0].text[:100]}" if ev and ev.evidence else ""
            print(f"    {t:24} gold={gold.get(t, '-'):9} got={pred.get(t, '-'):9}{why}")


def compare(cases: list[Case], splits: tuple[str, ...], settings: Settings) -> None:
    """Primary themes of the lexicon (hand-set roles), the combined tagger (the lexicon's
    evidence weighed by the learned role model) and the two learned text classifiers of
    textcat.py, trained on the tuning half; their tuning-half figures are out of fold."""
    import textcat

    from hytedocs.nlp import section_sentences
    from hytedocs.nlp.analysis import analyse_sentences
    from hytedocs.nlp.kinds import ROUTINE, section_kind

    runs: dict[str, dict[int, dict[str, str]]] = {}
    for clf in ("lexicon", "combined", "learned"):
        runs[clf] = tag(cases, settings.model_copy(update={"theme_classifier": clf}))
    analysed = [analyse_sentences(section_sentences(c.section), c.row["language"], 64)
                for c in cases]
    tune = [i for i, c in enumerate(cases) if c.row["split"] == "tune"]
    golds = [cases[i].row["themes"] for i in tune]
    groups = [cases[i].row["file"] for i in tune]

    def f1(gold: list[dict[str, str]], pred: list[dict[str, str]]) -> float:
        return count(zip(gold, pred, strict=True), True).micro()[2]

    learned: list[tuple[str, list[Any], Any]] = [
        ("learned: lemmas", [textcat.lemma_features(a) for a in analysed], textcat.fit),
        ("learned: vectors", [textcat.vector_features(a) for a in analysed],
         textcat.fit_vectors)]
    for name, feats, fitter in learned:
        lam, th, oof = textcat.select([feats[i] for i in tune], golds, groups, fitter, f1)
        model = fitter([feats[i] for i in tune], golds, lam, th)
        pred = model.predict(feats)
        for k, i in enumerate(tune):
            pred[i] = oof[k]
        routine = [section_kind(c.section) == ROUTINE for c in cases]
        runs[f"{name} (lambda {lam}, threshold {th})"] = {
            i: ({} if routine[i] else p) for i, p in enumerate(pred)}
    print("\n== lexicon, combined and learned: primary themes (tuning half of learned models "
          "out of fold; of the role model in sample, see train_themes.py for out of fold)")
    print(f"{'':44}" + "".join(f"{sp:>28}" for sp in splits))
    print(f"{'':44}" + "".join(f"{'P     R     F1   none':>28}" for _ in splits))
    for name, got in runs.items():
        cells = []
        for sp in splits:
            pick = [(c.row["themes"], got[i]) for i, c in enumerate(cases)
                    if c.row["split"] == sp]
            prim, anyc = count(pick, True), count(pick, False)
            p, r, f = prim.micro()
            none = anyc.none_right / anyc.none_total if anyc.none_total else float("nan")
            cells.append(f"{_fmt(p)}{_fmt(r)}{_fmt(f)}{_fmt(none)}    ")
        print(f"{name:44}" + "".join(f"{c:>28}" for c in cells))


def timing(files: list[Path]) -> None:
    """Parse every file with and without NLP; print both totals and the ratio."""
    engine.pipeline("fi")  # model load is once per process, not per document
    engine.pipeline("sv")
    totals = {False: 0.0, True: 0.0}
    for f in files:
        for nlp in (False, True):
            start = time.perf_counter()
            try:
                parse(f, nlp=nlp)
            except Exception as exc:  # report and go on
                print(f"  {f.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                break
            totals[nlp] += time.perf_counter() - start
    ratio = totals[True] / totals[False] if totals[False] else float("nan")
    print(f"\ntiming over {len(files)} files: without NLP {totals[False]:.1f} s, "
          f"with NLP {totals[True]:.1f} s, ratio {ratio:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--split", choices=("tune", "test", "both"), default="tune")
    ap.add_argument("--source", choices=("pdf", "labels"), default="pdf",
                    help="pdf: parse the documents (default); labels: the labelled text")
    ap.add_argument("--classifier", choices=("combined", "lexicon", "learned"), default=None,
                    help="who decides the roles (default: the settings' default)")
    ap.add_argument("--compare", action="store_true",
                    help="also compare lexicon, combined and learned text classifiers")
    ap.add_argument("--errors", action="store_true", help="list the tuning half's errors")
    ap.add_argument("--timing", action="store_true", help="time the corpus with/without NLP")
    ap.add_argument("--generated", type=Path, default=GENERATED)
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep parsed documents (nlp=False) as JSON here")
    ap.add_argument("--themes-file", default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args()
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    splits = SPLITS if args.split == "both" else (args.split,)
    rows = [r for r in rows if r["split"] in splits]
    extra = {"theme_classifier": args.classifier} if args.classifier else {}
    settings = Settings(themes_file=args.themes_file, **extra)
    cases = load_cases(rows, args.source, args.generated, args.cache)
    start = time.perf_counter()
    got = tag(cases, settings)
    elapsed = time.perf_counter() - start
    sources = Counter(c.source for c in cases)
    print(f"{len(cases)} §s ({dict(sources)}), tagged in {elapsed:.1f} s, "
          f"classifier {settings.theme_classifier}")
    figures: dict[str, Any] = {}
    tables: dict[bool, dict[str, Counts]] = {}
    for title, primary_only, none_label in (
            ("primary themes", True, "no primary -> no primary"),
            ("primary + mentioned", False, "no theme -> no theme")):
        cols: dict[str, Counts] = {}
        for sp in splits:
            for lang in (None, "fi", "sv"):
                pick = [(c.row["themes"], got[i]) for i, c in enumerate(cases)
                        if c.row["split"] == sp and (lang is None or c.row["language"] == lang)]
                cols[sp + (f"/{lang}" if lang else "")] = count(pick, primary_only)
        print_table(title, cols, none_label)
        tables[primary_only] = cols
        figures[title] = {k: {"micro": v.micro(), "none": [v.none_right, v.none_total],
                              "sections": v.sections} for k, v in cols.items()}
    for sp in splits:
        print(f"\ndone-when on the {sp} half: "
              + "; ".join(done_when(tables[True][sp], tables[False][sp])))
    if args.errors:
        print_errors(cases, got)
    if args.compare:
        compare(cases, splits, settings)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if args.timing:
        timing(sorted(CORPUS.glob("*.pdf")))


if __name__ == "__main__":
    main()
