"""Learned multi-label text classifiers for HYTE themes, to compare with the lexicon.

Two linear models, one L2-regularised logistic regression per theme (one against the rest,
numpy, Newton's method), trained on the tuning half only, in seconds (nothing is shipped):

* ``lemmas``: every content lemma of a § (its title's lemmas also as ``T:lemma``) is a
  binary feature;
* ``vectors``: the mean of the Finnish model's word vectors over the § 's content words (the
  title's three times), normalised: what spaCy's ``textcat_multilabel`` reads from
  ``spacy-fi-experimental-web-md``, in a linear model that trains on a few hundred §s.

A theme is predicted primary when its probability reaches a threshold; the regularisation and
the threshold are chosen by cross-validation over the tuning half's documents (``select``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from hytedocs.nlp import engine
from hytedocs.nlp.analysis import Analysed
from hytedocs.nlp.sentences import TITLE

# A lemma seen in fewer tuning §s than this is not a feature.
MIN_DF = 2
# Themes with fewer primary §s in the tuning half than this get no model (never predicted).
MIN_POSITIVES = 2


LAMBDAS = (0.3, 1.0, 3.0)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)
FOLDS = 5


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


def vector_features(analysed: list[Analysed]) -> np.ndarray:
    """Mean word vector of the content words (title words three times), unit length."""
    vocab = engine.pipeline("fi").vocab
    vectors = vocab.vectors
    rows = []
    for a in analysed:
        weight = 3.0 if a.sentence.part == TITLE else 1.0
        for t in a.tokens:
            if not t.content or t.role:
                continue
            for s in (t.lemma, t.text.lower()):
                if s in vocab.strings and vocab.strings[s] in vectors:
                    rows.append(vectors[vocab.strings[s]] * weight)
                    break
    if not rows:
        return np.zeros(vectors.shape[1])
    mean: np.ndarray = np.mean(rows, axis=0)
    return mean / (np.linalg.norm(mean) + 1e-9)


@dataclass
class VectorModel:
    themes: list[str]
    weights: np.ndarray  # themes x (1 + dims)
    threshold: float

    def predict(self, feats: list[np.ndarray]) -> list[dict[str, str]]:
        x = np.hstack([np.ones((len(feats), 1)), np.array(feats)])
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ self.weights.T, -30, 30)))
        return [{t: "primary" for t, v in zip(self.themes, row, strict=True)
                 if v >= self.threshold} for row in p]


def fit_vectors(feats: list[np.ndarray], golds: list[dict[str, str]], lam: float,
                threshold: float) -> VectorModel:
    x = np.hstack([np.ones((len(feats), 1)), np.array(feats)])
    positives = Counter(t for g in golds for t, r in g.items() if r == "primary")
    themes = sorted(t for t, n in positives.items() if n >= MIN_POSITIVES)
    weights = np.array([_fit_one(x, np.array([g.get(t) == "primary" for g in golds],
                                             dtype=float), lam) for t in themes])
    return VectorModel(themes, weights.reshape(len(themes), x.shape[1]), threshold)


Fitter = Callable[[list, list[dict[str, str]], float, float], "TextModel | VectorModel"]


def select(feats: list, golds: list[dict[str, str]], groups: list[str], fitter: Fitter,
           score: Callable[[list[dict[str, str]], list[dict[str, str]]], float]
           ) -> tuple[float, float, list[dict[str, str]]]:
    """(lambda, threshold, out-of-fold predictions) with the best cross-validated score, folds
    by document."""
    files = sorted(set(groups))
    fold = [files.index(g) % FOLDS for g in groups]
    best: tuple[float, float, float, list[dict[str, str]]] = (LAMBDAS[0], THRESHOLDS[0], -1.0,
                                                              [])
    for lam in LAMBDAS:
        preds: dict[float, list[dict[str, str]]] = {t: [{} for _ in feats] for t in THRESHOLDS}
        for k in range(FOLDS):
            train = [i for i, f in enumerate(fold) if f != k]
            held = [i for i, f in enumerate(fold) if f == k]
            if not train or not held:
                continue
            model = fitter([feats[i] for i in train], [golds[i] for i in train], lam, 0.5)
            for th in THRESHOLDS:
                model.threshold = th
                for i, p in zip(held, model.predict([feats[i] for i in held]), strict=True):
                    preds[th][i] = p
        for th in THRESHOLDS:
            value = score(golds, preds[th])
            if value > best[2]:
                best = (lam, th, value, preds[th])
    return best[0], best[1], best[3]
