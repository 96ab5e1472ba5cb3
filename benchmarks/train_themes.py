"""Train the theme role model on the tuning half of the labelled set (never the test half).

    python benchmarks/train_themes.py              # cross-validate on the tuning half, then
                                                   # write src/hytedocs/data/theme_roles.json
    python benchmarks/train_themes.py --dry-run    # cross-validation figures only

Every theme the lexicon finds in a § of the tuning half is one example: its features
(:func:`hytedocs.nlp.roles.features`: where and how strongly it is found) and its label
(primary, mentioned, or not a theme of the §). Two L2-regularised logistic regressions are
fitted with Newton's method (numpy): primary against the rest, and primary-or-mentioned
against the rest. The regularisation and the two thresholds are chosen by cross-validation
over the tuning half's documents (a document's §s are never split between folds); the
figures printed are those out-of-fold predictions, gold themes the lexicon never found
counted as misses. Nothing of the test half is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import themes as bench

from hytedocs.models import ThemeRole
from hytedocs.nlp import section_sentences
from hytedocs.nlp.analysis import Analysed, analyse_sentences
from hytedocs.nlp.kinds import ELECTION, PERSONNEL, ROUTINE, section_kind
from hytedocs.nlp.roles import FEATURES, features, model_path
from hytedocs.nlp.taxonomy import load_taxonomy
from hytedocs.nlp.themes import candidates, collect, matcher_for, too_little

LAMBDAS = (0.1, 0.3, 1.0, 3.0, 10.0)
# Kinds of § whose themes are mentioned at most, whatever the model says (see nlp/kinds.py).
CAPPED = (ELECTION, PERSONNEL)
# case, theme id, features, gold, capped (election or personnel), below min_weight
Example = tuple[int, str, np.ndarray, str, bool, bool]
FOLDS = 5
MARGIN_SLACK = 0.01
# The bar for primary themes.
PRECISION_TARGET = 0.85
RECALL_TARGET = 0.80
# The mentioned threshold keeps at least this share of the §s labelled with no theme free of
# themes (the issue asks 0.90 of the test half; the margin is for §s not seen in training).
NONE_TARGET = 0.93


def analyse(cases: list[bench.Case]) -> list[list[Analysed]]:
    return [analyse_sentences(section_sentences(c.section), c.row["language"], 64)
            for c in cases]


def examples(cases: list[bench.Case], analysed: list[list[Analysed]]) -> list[Example]:
    """(case index, theme id, features, gold role or "", capped, floored) for every candidate
    theme; in
    election and personnel §s, where no theme is primary, a primary label counts as
    mentioned (the model never decides those)."""
    taxonomy = load_taxonomy(None)
    specific = {i: t.terms_weight > 1.0 for i, t in enumerate(taxonomy.themes)}
    out: list[Example] = []
    for index, (case, an) in enumerate(zip(cases, analysed, strict=True)):
        kind = section_kind(case.section)
        if kind == ROUTINE:
            continue
        language = case.row["language"]
        ev = collect(an, matcher_for(taxonomy, language), kind)
        if not ev.hits:
            continue
        found = candidates(ev, taxonomy.scoring, specific)
        for theme, cand in found.items():
            tid = taxonomy.themes[theme].id
            x = np.array(features(cand, kind, language, len(found)))
            gold = case.row["themes"].get(tid, "")
            if kind in CAPPED and gold == ThemeRole.primary.value:
                gold = ThemeRole.mentioned.value
            out.append((index, tid, x, gold, kind in CAPPED,
                        too_little(cand, taxonomy.scoring)))
    return out


def fit(x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], lam)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x.T * (p * (1 - p))) @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _sig(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return out


def predict_roles(ex: list[Example], px: np.ndarray, ax: np.ndarray, tp: float,
                  ta: float) -> list[str]:
    out = []
    for e, p, a in zip(ex, px, ax, strict=True):
        role = ThemeRole.primary.value if p >= tp else \
            ThemeRole.mentioned.value if a >= ta else ""
        if role == ThemeRole.mentioned.value and e[5]:
            role = ""  # too little evidence to be there at all (themes.model_roles)
        out.append(ThemeRole.mentioned.value if role and e[4] else role)
    return out


def figures(cases: list[bench.Case], ex: list[Example],
            roles: list[str]) -> tuple[bench.Counts, bench.Counts]:
    got: dict[int, dict[str, str]] = defaultdict(dict)
    for (index, tid, _x, _g, _c, _f), role in zip(ex, roles, strict=True):
        if role:
            got[index][tid] = role
    pairs = [(c.row["themes"], got.get(i, {})) for i, c in enumerate(cases)]
    return bench.count(pairs, True), bench.count(pairs, False)


def cross_validate(cases: list[bench.Case], ex: list[Example],
                   lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold P(primary) and P(any) for every example, folds by document."""
    files = sorted({c.row["file"] for c in cases})
    fold_of = {f: i % FOLDS for i, f in enumerate(files)}
    x = np.array([e[2] for e in ex])
    yp = np.array([e[3] == "primary" for e in ex], dtype=float)
    ya = np.array([e[3] != "" for e in ex], dtype=float)
    folds = np.array([fold_of[cases[e[0]].row["file"]] for e in ex])
    pp, pa = np.zeros(len(ex)), np.zeros(len(ex))
    for k in range(FOLDS):
        train, held = folds != k, folds == k
        pp[held] = _sig(x[held] @ fit(x[train], yp[train], lam))
        pa[held] = _sig(x[held] @ fit(x[train], ya[train], lam))
    return pp, pa


def _margin(prim: bench.Counts) -> float:
    """How far the primary figures clear the issue's bar, on the weaker side: the operating
    point is chosen to meet precision and recall together, not to maximise F1."""
    p, r, _f = prim.micro()
    return min(p - PRECISION_TARGET, r - RECALL_TARGET)


def choose(cases: list[bench.Case], ex: list[Example],
           pp: np.ndarray, pa: np.ndarray) -> tuple[float, float, float]:
    """The primary threshold that clears PRECISION_TARGET and RECALL_TARGET by the widest
    margin, then the mentioned threshold with the best primary+mentioned F1 that keeps
    NONE_TARGET of the §s labelled with none free of themes."""
    best = (-1.0, 0.5, 0.5)
    for tp in np.arange(0.2, 0.81, 0.05):
        prim, _ = figures(cases, ex, predict_roles(ex, pp, pa, tp, 2.0))
        margin = _margin(prim)
        if margin > best[0]:
            best = (margin, float(tp), 0.5)
    f1p, tp, _ = best
    best_any = (-1.0, 0.5)
    for ta in np.arange(0.2, 0.81, 0.05):
        _, anyc = figures(cases, ex, predict_roles(ex, pp, pa, tp, ta))
        f1 = anyc.micro()[2]
        none = anyc.none_right / anyc.none_total if anyc.none_total else 1.0
        if f1 > best_any[0] and none >= NONE_TARGET:
            best_any = (f1, float(ta))
    return f1p, tp, best_any[1]


def train(cases: list[bench.Case], analysed: list[list[Analysed]]) -> dict[str, Any]:
    ex = examples(cases, analysed)
    print(f"{len(cases)} §s of the tuning half, {len(ex)} candidate themes")
    results = []
    for lam in LAMBDAS:
        pp, pa = cross_validate(cases, ex, lam)
        _f1, tp, ta = choose(cases, ex, pp, pa)
        prim, anyc = figures(cases, ex, predict_roles(ex, pp, pa, tp, ta))
        p, r, f = prim.micro()
        print(f"  lambda {lam:5}: out-of-fold primary P {p:.3f} R {r:.3f} F1 {f:.3f} "
              f"(thresholds {tp:.2f} / {ta:.2f}); primary+mentioned F1 {anyc.micro()[2]:.3f}; "
              f"no theme -> none {anyc.none_right}/{anyc.none_total}")
        results.append((_margin(prim), lam, tp, ta, prim, anyc))
    # The most regularised model within MARGIN_SLACK of the best margin: differences that small
    # are noise on a few hundred §s, and a smoother model holds better on §s it has not seen.
    top = max(r[0] for r in results)
    _m, lam, tp, ta, prim, anyc = max((r for r in results if r[0] >= top - MARGIN_SLACK),
                                      key=lambda r: r[1])
    x = np.array([e[2] for e in ex])
    wp = fit(x, np.array([e[3] == "primary" for e in ex], dtype=float), lam)
    wa = fit(x, np.array([e[3] != "" for e in ex], dtype=float), lam)
    p, r, f = prim.micro()
    return {
        "features": list(FEATURES),
        "primary": [round(float(v), 6) for v in wp],
        "any": [round(float(v), 6) for v in wa],
        "primary_threshold": round(tp, 3),
        "any_threshold": round(ta, 3),
        "trained": {
            "on": "benchmarks/data/labelled_v2.jsonl, split = tune",
            "sections": len(cases), "examples": len(ex), "lambda": lam,
            "date": dt.date.today().isoformat(),
            "cross_validated_primary": {"precision": round(p, 3), "recall": round(r, 3),
                                        "f1": round(f, 3)},
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="do not write the model")
    ap.add_argument("--out", type=Path, default=model_path())
    ap.add_argument("--generated", type=Path, default=bench.GENERATED)
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    rows = [json.loads(line) for line in bench.LABELLED.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    rows = [r for r in rows if r["split"] == "tune"]
    cases = bench.load_cases(rows, "pdf", args.generated, args.cache)
    model = train(cases, analyse(cases))
    if not args.dry_run:
        args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
