"""Train the learned theme model on the tuning half, choosing everything by cross-validation.

    python benchmarks/learn_themes.py --cache /tmp/themes_cache       # choose, fit, write
    python benchmarks/learn_themes.py --dry-run                       # the choice only

Only the tuning half of ``labelled_v2.jsonl`` is read. Its §s are split into FOLDS folds by
document (a document's §s are never in two folds); for every feature set, regularisation and
minimum of training examples, one logistic regression per theme is fitted on the other folds
and gives out-of-fold probabilities. Every way of combining those with the lexicon
(:func:`hytedocs.nlp.learned.combine`; the lexicon alone is one of them) and every threshold
is scored on those out-of-fold predictions: primary micro F1, among the variants that leave
at least NONE_TARGET of the §s labelled with no theme without one. The best is fitted on the
whole tuning half and written to ``src/hytedocs/data/theme_model.json``. The test half is
judged afterwards, once, by ``benchmarks/themes.py --split both``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import themes as bench
from textcat import matrix

from hytedocs.models import ThemeRole
from hytedocs.nlp import section_sentences
from hytedocs.nlp.analysis import Analysed, analyse_sentences
from hytedocs.nlp.kinds import section_kind
from hytedocs.nlp.learned import (
    COMBINES,
    FEATURE_SETS,
    PERSONNEL_RULES,
    capped,
    combine,
    model_path,
    text_features,
)
from hytedocs.settings import Settings

FOLDS = 5
# Fold assignments: the documents are dealt into folds in this many shuffled orders and the
# figures averaged, so that one lucky split does not choose the model.
REPEATS = 3
LAMBDAS = (0.3, 1.0, 3.0, 10.0)
MIN_DFS = (2, 3)
MIN_POSITIVES = (3, 6)
PRIMARY_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
KEEP_THRESHOLDS = (0.0, 0.02, 0.05, 0.1, 0.15)
NONE_TARGET = 0.90
PRIMARY = ThemeRole.primary.value


def fit_dual(k: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """L2 logistic regression in sample space: w = X^T a, so only the §s' kernel K = X X^T
    is needed (far fewer §s than words). Newton's method on a; the bias (column 0 of X) is
    penalised with the rest, which with n << d keeps it identifiable."""
    a = np.zeros(len(y))
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(k @ a, -30, 30)))
        s = p * (1 - p) + 1e-9
        # grad = K (p - y + lam a), Hessian = K S K + lam K: the step solves (S K + lam I) d =
        # p - y + lam a.
        step = np.linalg.solve(s[:, None] * k + lam * np.eye(len(y)), p - y + lam * a)
        a -= step
        if np.abs(step).max() < 1e-8:
            break
    return a


def vocabulary(feats: list[set[str]], min_df: int) -> list[str]:
    df = Counter(w for f in feats for w in f)
    return sorted(w for w, n in df.items() if n >= min_df)


def modelled(golds: list[dict[str, str]], min_pos: int) -> list[str]:
    positives = Counter(t for g in golds for t, r in g.items() if r == PRIMARY)
    return sorted(t for t, n in positives.items() if n >= min_pos)


def labels(golds: list[dict[str, str]], theme: str) -> np.ndarray:
    return np.array([g.get(theme) == PRIMARY for g in golds], dtype=float)


def out_of_fold(feats: list[set[str]], golds: list[dict[str, str]], files: list[str],
                min_df: int, repeat: int) -> dict[tuple[float, int], list[dict[str, float]]]:
    """(lambda, min_positives) -> out-of-fold probabilities of every §, one fold assignment."""
    fold = folds_of(files, repeat)
    out: dict[tuple[float, int], list[dict[str, float]]] = {
        (lam, mp): [{} for _ in feats] for lam in LAMBDAS for mp in MIN_POSITIVES}
    for f in range(FOLDS):
        train = [i for i, d in enumerate(files) if fold[d] != f]
        held = [i for i, d in enumerate(files) if fold[d] == f]
        vocab = {w: j for j, w in enumerate(vocabulary([feats[i] for i in train], min_df))}
        xt, xh = matrix([feats[i] for i in train], vocab), matrix([feats[i] for i in held], vocab)
        k, kh = xt @ xt.T, xh @ xt.T
        tg = [golds[i] for i in train]
        for lam in LAMBDAS:
            fitted = {t: fit_dual(k, labels(tg, t), lam) for t in modelled(tg, min(MIN_POSITIVES))}
            for mp in MIN_POSITIVES:
                keep = modelled(tg, mp)
                for t in keep:
                    p = 1.0 / (1.0 + np.exp(-np.clip(kh @ fitted[t], -30, 30)))
                    for i, v in zip(held, p, strict=True):
                        out[(lam, mp)][i][t] = float(v)
    return out


def fit(feats: list[set[str]], golds: list[dict[str, str]], lam: float, min_df: int,
        min_pos: int) -> tuple[list[str], dict[str, np.ndarray]]:
    """The vocabulary and, per theme with min_pos primary §s, its weights (bias first)."""
    vocab = vocabulary(feats, min_df)
    x = matrix(feats, {w: j for j, w in enumerate(vocab)})
    k = x @ x.T
    return vocab, {t: x.T @ fit_dual(k, labels(golds, t), lam) for t in modelled(golds, min_pos)}


def folds_of(files: list[str], repeat: int) -> dict[str, int]:
    order = sorted(set(files))
    np.random.default_rng(repeat).shuffle(order)
    return {f: i % FOLDS for i, f in enumerate(order)}


def variants(oof: list[list[dict[str, float]]], lexicon: list[dict[str, ThemeRole]],
             kinds: list[str], golds: list[dict[str, str]],
             results: list[tuple[tuple[float, ...], dict[str, Any]]],
             config: dict[str, Any]) -> None:
    """Score every combination with the lexicon and every threshold on these out-of-fold
    probabilities (one list per fold assignment; the figures are their mean)."""
    for how, th, keep, personnel in itertools.product(
            COMBINES, PRIMARY_THRESHOLDS, KEEP_THRESHOLDS, PERSONNEL_RULES):
        runs = []
        for probs in oof:
            preds = [{t: r.value for t, r in capped(
                combine(probs[i], lexicon[i], how, th, keep), kinds[i], personnel).items()}
                for i in range(len(golds))]
            runs.append(score(golds, preds))
        mean = tuple(float(np.mean([r[j] for r in runs])) for j in range(4))
        results.append((mean, {**config, "combine": how, "primary_threshold": th,
                               "keep_threshold": keep, "personnel": personnel}))


def score(golds: list[dict[str, str]], preds: list[dict[str, str]]) -> tuple[float, ...]:
    pairs = list(zip(golds, preds, strict=True))
    prim, anyc = bench.count(pairs, True), bench.count(pairs, False)
    p, r, f = prim.micro()
    none = anyc.none_right / anyc.none_total if anyc.none_total else 1.0
    return f, p, r, none


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="do not write the model")
    ap.add_argument("--out", type=Path, default=model_path())
    ap.add_argument("--generated", type=Path, default=bench.GENERATED)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--top", type=int, default=15, help="print this many best variants")
    ap.add_argument("--only", type=json.loads, default=None,
                    help="fit this variant (JSON, as printed) without the search")
    args = ap.parse_args()
    rows = [json.loads(line) for line in bench.LABELLED.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    rows = [r for r in rows if r["split"] == "tune"]  # the test half is never read here
    cases = bench.load_cases(rows, "pdf", args.generated, args.cache)
    lexicon_raw = bench.tag(cases, Settings(theme_classifier="lexicon"))
    kinds = [section_kind(c.section) for c in cases]
    analysed: list[list[Analysed]] = [
        analyse_sentences(section_sentences(c.section), c.row["language"], 64) for c in cases]
    golds = [c.row["themes"] for c in cases]
    files = [c.row["file"] for c in cases]
    lexicon = [{t: ThemeRole(r) for t, r in lx.items()} for lx in
               (lexicon_raw[i] for i in range(len(cases)))]
    print(f"{len(cases)} §s of the tuning half in {len(set(files))} documents")
    lex_scores = [score(golds, [{t: r.value for t, r in capped(lexicon[i], kinds[i], p).items()}
                                for i in range(len(cases))]) for p in ("cap", "none")]
    print("lexicon alone (personnel cap / none): " + " | ".join(
        "F1 {:.3f} P {:.3f} R {:.3f} none {:.3f}".format(*s) for s in lex_scores))

    results: list[tuple[tuple[float, ...], dict[str, Any]]] = []
    for feature_set, marks in itertools.product(FEATURE_SETS, (False, True)) \
            if args.only is None else ():
        feats = [text_features(a, feature_set, marks) for a in analysed]
        for min_df in MIN_DFS:
            per_repeat = [out_of_fold(feats, golds, files, min_df, r) for r in range(REPEATS)]
            for lam, min_pos in itertools.product(LAMBDAS, MIN_POSITIVES):
                oof = [rep[(lam, min_pos)] for rep in per_repeat]
                variants(oof, lexicon, kinds, golds, results, {
                    "feature_set": feature_set, "decision_marks": marks, "lambda": lam,
                    "min_df": min_df, "min_positives": min_pos})
        print(f"  {feature_set} marks={marks}: {len(results)} variants scored", flush=True)
    if args.only is not None:
        results = [((float("nan"),) * 4, args.only)]
    ok = [r for r in results if r[0][3] >= NONE_TARGET or args.only is not None]
    ok.sort(key=lambda r: -r[0][0])
    print(f"\n{len(ok)} of {len(results)} variants keep {NONE_TARGET} of no-theme §s free; best "
          "by out-of-fold primary F1 (mean of the repeats):")
    for (f, p, r, none), v in ok[:args.top]:
        print(f"  F1 {f:.3f} P {p:.3f} R {r:.3f} none {none:.3f}  {v}")
    (f, p, r, none), best = ok[0]
    feats = [text_features(a, best["feature_set"], best["decision_marks"]) for a in analysed]
    vocab, weights = fit(feats, golds, best["lambda"], best["min_df"], best["min_positives"])
    model = {
        "feature_set": best["feature_set"], "decision_marks": best["decision_marks"],
        "combine": best["combine"], "primary_threshold": best["primary_threshold"],
        "keep_threshold": best["keep_threshold"], "personnel": best["personnel"],
        "vocab": vocab,
        "themes": {t: {"bias": round(float(w[0]), 5),
                       "weights": [round(float(v), 5) for v in w[1:]]}
                   for t, w in weights.items()},
        "trained": {"on": "benchmarks/data/labelled_v2.jsonl, split = tune",
                    "by": "benchmarks/learn_themes.py", "sections": len(cases),
                    "documents": len(set(files)), "date": dt.date.today().isoformat(),
                    "lambda": best["lambda"], "min_df": best["min_df"],
                    "min_positives": best["min_positives"],
                    "cross_validated": {"f1": round(f, 3), "precision": round(p, 3),
                                        "recall": round(r, 3), "none": round(none, 3),
                                        "folds": FOLDS, "repeats": REPEATS}},
    }
    if not args.dry_run:
        args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n",
                            encoding="utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
