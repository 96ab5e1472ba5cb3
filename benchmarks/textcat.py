"""A learned multi-label text classifier for HYTE themes, to compare with the lexicon.

A linear model on lemma features: every content lemma of a § (its title's lemmas also as
``T:lemma``, Swedish and Finnish alike) is a binary feature; one L2-regularised logistic
regression per theme (one against the rest, numpy, Newton's method on the dual-free primal
with a dense matrix: the tuning half has a few thousand lemmas). A theme is predicted primary
when its probability reaches the threshold chosen by cross-validation over the tuning half's
documents. It is trained on the tuning half only (``fit``), in seconds, so nothing needs to
be shipped for the comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from hytedocs.nlp.analysis import Analysed
from hytedocs.nlp.sentences import TITLE

# A lemma seen in fewer tuning §s than this is not a feature.
MIN_DF = 2
# Themes with fewer primary §s in the tuning half than this get no model (never predicted).
MIN_POSITIVES = 2


def lemma_features(analysed: list[Analysed]) -> set[str]:
    out: set[str] = set()
    for a in analysed:
        title = a.sentence.part == TITLE
        for t in a.tokens:
            if t.content and not t.role and t.lemma.isalpha():
                out.add(t.lemma)
                if title:
                    out.add("T:" + t.lemma)
    return out


@dataclass
class TextModel:
    vocab: dict[str, int]
    themes: list[str]
    weights: np.ndarray  # themes x (1 + vocab)
    threshold: float

    def proba(self, feats: Iterable[set[str]]) -> np.ndarray:
        x = matrix(list(feats), self.vocab)
        z = np.clip(x @ self.weights.T, -30, 30)
        out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return out

    def predict(self, feats: list[set[str]]) -> list[dict[str, str]]:
        p = self.proba(feats)
        return [{t: "primary" for t, v in zip(self.themes, row, strict=True)
                 if v >= self.threshold} for row in p]


def matrix(feats: list[set[str]], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(vocab) + 1))
    x[:, 0] = 1.0
    for i, f in enumerate(feats):
        for w in f:
            j = vocab.get(w)
            if j is not None:
                x[i, j + 1] = 1.0
    return x


def _fit_one(x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    # Dual form of the Newton step (n << d): solve in sample space.
    w = np.zeros(x.shape[1])
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        s = p * (1 - p) + 1e-9
        grad = x.T @ (p - y) + lam * w
        # (X^T S X + lam I)^-1 g via Woodbury: (1/lam)(g - X^T (S^-1 lam + X X^T)^-1 X g)
        k = x @ x.T + np.diag(lam / s)
        step = (grad - x.T @ np.linalg.solve(k, x @ grad)) / lam
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def fit(feats: list[set[str]], golds: list[dict[str, str]], lam: float,
        threshold: float) -> TextModel:
    df = Counter(w for f in feats for w in f)
    vocab = {w: i for i, w in enumerate(sorted(w for w, n in df.items() if n >= MIN_DF))}
    x = matrix(feats, vocab)
    positives = Counter(t for g in golds for t, r in g.items() if r == "primary")
    themes = sorted(t for t, n in positives.items() if n >= MIN_POSITIVES)
    weights = np.array([_fit_one(x, np.array([g.get(t) == "primary" for g in golds],
                                             dtype=float), lam) for t in themes])
    return TextModel(vocab, themes, weights.reshape(len(themes), x.shape[1]), threshold)
