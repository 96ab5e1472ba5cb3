"""The learned theme classifier: one linear model per theme over the words of a §.

The lexicon (:mod:`.themes`) says where a theme is named; it cannot tell a § about a theme
from one that names it in a different sense, in a list or in a name, without rules written for
each case, and the rules written on the tuning half did not hold on the test half. The learned
model reads every content lemma of a § and its compound parts (the title's also marked as
title words) and gives each theme the probability that the § is about it: one L2-regularised
logistic regression per theme, trained on the tuning half of the labelled set by
``benchmarks/learn_themes.py``, which also chooses the features, the regularisation, the
thresholds and how the model and the lexicon are combined, by cross-validation over the
tuning half's documents. The weights ship in the package (``data/theme_model.json``): a
vocabulary and one weight row per theme, read with the standard library; scoring a § is a
sum over its features. Nothing is downloaded.

How the two are combined (``combine`` in the model file, see :func:`combine`): the model decides
which themes are primary; the lexicon finds the candidates and keeps its evidence sentences as
the explanation, and themes the model has too few examples of keep the lexicon's role.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import HytedocsError
from ..models import Evidence, Theme, ThemeRole
from .analysis import Analysed
from .kinds import ELECTION, PERSONNEL, ROUTINE
from .sentences import DECISION, PROPOSAL, TITLE
from .taxonomy import Taxonomy
from .themes import clip

MODEL_FILE = "theme_model.json"
# Feature sets: "lemmas" reads each content word's lemma, "keys" also its compound parts
# (Voikko's word bases for Finnish, the lookup splits for Swedish).
FEATURE_SETS = ("lemmas", "keys")
# A key shorter than this is a case ending or a split artefact, not a word.
MIN_KEY_CHARS = 3
TITLE_MARK = "T:"
DECISION_MARK = "D:"


def text_features(analysed: Iterable[Analysed], feature_set: str = "keys",
                  decision_marks: bool = False) -> set[str]:
    """The features of one §: its content words (``feature_set``), each also as ``T:word``
    in the title and, with ``decision_marks``, as ``D:word`` in the proposal or decision.
    Words of job titles and deciding bodies are left out: they say who acts, not about
    what."""
    out: set[str] = set()
    for a in analysed:
        part = a.sentence.part
        mark = TITLE_MARK if part == TITLE else \
            DECISION_MARK if decision_marks and part in (PROPOSAL, DECISION) else ""
        for t in a.tokens:
            if not t.content or t.role:
                continue
            words = {t.lemma} if feature_set == "lemmas" else \
                {k for k in t.keys if len(k) >= MIN_KEY_CHARS} | {t.lemma}
            for w in words:
                if w.isalpha():
                    out.add(w)
                    if mark:
                        out.add(mark + w)
    return out


@dataclass(frozen=True)
class ThemeModel:
    """Per theme a bias and a weight per feature; how to combine it with the lexicon."""

    feature_set: str
    decision_marks: bool
    vocab: dict[str, int]
    themes: dict[str, tuple[float, tuple[float, ...]]]  # id -> (bias, weights)
    combine: str
    primary_threshold: float
    keep_threshold: float
    personnel: str

    def probabilities(self, feats: set[str]) -> dict[str, float]:
        index = [self.vocab[f] for f in feats if f in self.vocab]
        return {tid: _sigmoid(bias + sum(w[i] for i in index))
                for tid, (bias, w) in self.themes.items()}

    def roles(self, feats: set[str], lexicon: dict[str, ThemeRole],
              kind: str) -> dict[str, ThemeRole]:
        """The roles of a § with these features whose lexicon roles are ``lexicon``."""
        return capped(combine(self.probabilities(feats), lexicon, self.combine,
                              self.primary_threshold, self.keep_threshold), kind, self.personnel)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


COMBINES = ("model", "and")
# Election and personnel §s: "cap" keeps their themes as mentioned, "none" drops them.
PERSONNEL_RULES = ("cap", "none")


def combine(probs: dict[str, float], lexicon: dict[str, ThemeRole], how: str,
            primary_threshold: float, keep_threshold: float) -> dict[str, ThemeRole]:
    """Roles from the model's probabilities (one per theme it knows) and the lexicon's roles.

    A theme the model knows is primary when its probability reaches ``primary_threshold``
    (with ``how = "and"`` only when the lexicon found it too, so that it has evidence); a
    theme the lexicon found and the model does not make primary is mentioned when its
    probability reaches ``keep_threshold``, and dropped under it. A theme the model does not
    know keeps the lexicon's role.
    """
    out = {tid: role for tid, role in lexicon.items() if tid not in probs}
    for tid, p in probs.items():
        found = tid in lexicon
        if p >= primary_threshold and (found or how == "model"):
            out[tid] = ThemeRole.primary
        elif found and p >= keep_threshold:
            out[tid] = ThemeRole.mentioned
    return out


def capped(roles: dict[str, ThemeRole], kind: str, personnel: str) -> dict[str, ThemeRole]:
    """What the kind of § allows (:mod:`.kinds`): routine §s no themes; elections and
    personnel §s mentioned themes at most (``personnel = "cap"``) or none (``"none"``)."""
    if kind == ROUTINE:
        return {}
    if kind in (ELECTION, PERSONNEL):
        return {} if personnel == "none" else dict.fromkeys(roles, ThemeRole.mentioned)
    return roles


def learned_themes(model: ThemeModel, analysed: list[Analysed], lexicon: list[Theme],
                   kind: str, taxonomy: Taxonomy, language: str,
                   max_evidence: int) -> list[Theme]:
    """The themes of one §: the lexicon's (with their evidence), their roles from the model.

    A theme the model makes primary that the lexicon did not find (``combine = "model"``)
    gets as evidence the sentences whose words weigh most for it in the model, and its
    probability as score."""
    feats = text_features(analysed, model.feature_set, model.decision_marks)
    roles = model.roles(feats, {t.id: t.role for t in lexicon}, kind)
    out = [t.model_copy(update={"role": roles[t.id]}) for t in lexicon if t.id in roles]
    known = {t.id for t in lexicon}
    labels = {t.id: t for t in taxonomy.themes}
    for tid, role in roles.items():
        if tid in known or tid not in labels:
            continue
        probs = model.probabilities(feats)
        out.append(Theme(id=tid, label=labels[tid].label(language), score=round(probs[tid], 3),
                         mentions=0, role=role,
                         evidence=_model_evidence(model, analysed, tid, max_evidence)))
    out.sort(key=lambda t: (t.role != ThemeRole.primary, -t.score, t.id))
    return out


def _model_evidence(model: ThemeModel, analysed: list[Analysed], tid: str,
                    limit: int) -> list[Evidence]:
    weights = model.themes[tid][1]
    ranked: list[tuple[float, int]] = []
    for i, a in enumerate(analysed):
        feats = text_features([a], model.feature_set, model.decision_marks)
        w = sum(weights[model.vocab[f]] for f in feats if f in model.vocab)
        if w > 0:
            ranked.append((-w, i))
    out: list[Evidence] = []
    for _w, i in sorted(ranked)[:limit]:
        sent = analysed[i].sentence
        out.append(Evidence(text=clip(sent.text), page=sent.page))
    return out


def model_path() -> Path:
    return Path(str(resources.files("hytedocs") / "data" / MODEL_FILE))


@lru_cache(maxsize=4)
def load_theme_model(path: str | None = None) -> ThemeModel:
    """The learned theme model in ``path`` (default: the one shipped in the package)."""
    where = Path(path) if path else model_path()
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        vocab = {w: i for i, w in enumerate(data["vocab"])}
        themes = {tid: (float(v["bias"]), tuple(float(x) for x in v["weights"]))
                  for tid, v in data["themes"].items()}
        model = ThemeModel(data["feature_set"], bool(data["decision_marks"]), vocab, themes,
                           data["combine"], float(data["primary_threshold"]),
                           float(data["keep_threshold"]), data["personnel"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HytedocsError(f"cannot read the theme model: {exc}", file=str(where)) from exc
    if model.feature_set not in FEATURE_SETS or model.combine not in COMBINES or \
            model.personnel not in PERSONNEL_RULES or \
            any(len(w) != len(vocab) for _b, w in themes.values()):
        raise HytedocsError("the theme model does not fit this version of hytedocs; retrain "
                            "it with benchmarks/learn_themes.py", file=str(where))
    return model
