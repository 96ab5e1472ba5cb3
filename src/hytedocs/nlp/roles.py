"""The learned part of theme tagging: a linear role model over the lexicon's evidence.

The lexicon finds the candidate themes of a § and sorts their matches into channels (title,
proposal and decision, case text, enumerations, names in passing; see :mod:`.themes`). The
hand-set rules of :func:`.themes.ordinary_roles` turn those into roles with thresholds; the
role model instead weighs the same evidence with weights learned from the tuning half of the
labelled set (``benchmarks/train_themes.py`` writes ``data/theme_roles.json``): one logistic
model for "the § is about it" (primary) and one for "it is there at all" (primary or
mentioned). Its features describe where and how strongly a theme is found, never which theme
it is or which words found it, so that what it learns holds for themes and bodies it saw little
of. The lexicon's evidence sentences remain the explanation of every theme it keeps.

The model is a few dozen numbers in a JSON file inside the package: no download, no extra
dependency (the dot product is plain Python; training uses numpy, a dependency of spaCy).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import HytedocsError
from ..models import ThemeRole
from .kinds import ELECTION, NOTICES, PERSONNEL

MODEL_FILE = "theme_roles.json"

# The features, in the model file's order. Weights are log-scaled so that one more mention
# counts for less the more there are.
FEATURES = (
    "bias", "title", "decision", "body", "enum", "passing", "score", "share_plain",
    "share_total", "carried", "leader", "lemmas", "sentences", "length", "specific",
    "item_best", "long_item", "notices", "election", "personnel", "swedish", "themes",
    "title_lead",
)


@dataclass(frozen=True)
class Candidate:
    """What the lexicon found for one theme in one § (filled by :mod:`.themes`)."""

    title: float
    decision: float
    body: float
    enum: float
    passing: float
    plain_score: float
    share_plain: float
    share_total: float
    carried: float
    leader: bool
    lemmas: int
    sentences: int
    content: int
    specific: bool
    item_best: float
    long_item: bool
    title_lead: float  # title weight / the strongest theme's title weight
    total_score: float  # all its evidence per length_norm_tokens content words

    @property
    def total(self) -> float:
        """All its evidence, in passing or not."""
        return self.title + self.decision + self.body + self.enum + self.passing


def features(c: Candidate, kind: str, language: str, n_themes: int) -> list[float]:
    return [
        1.0, math.log1p(c.title), math.log1p(c.decision), math.log1p(c.body),
        math.log1p(c.enum), math.log1p(c.passing), min(c.plain_score, 5.0), c.share_plain,
        c.share_total, min(c.carried, 1.0), float(c.leader), math.log1p(c.lemmas),
        math.log1p(c.sentences), math.log1p(c.content / 50.0), float(c.specific),
        math.log1p(c.item_best), float(c.long_item), float(kind == NOTICES),
        float(kind == ELECTION), float(kind == PERSONNEL), float(language == "sv"),
        math.log1p(n_themes), c.title_lead,
    ]


@dataclass(frozen=True)
class RoleModel:
    primary: tuple[float, ...]
    any: tuple[float, ...]
    primary_threshold: float
    any_threshold: float

    def role(self, x: list[float]) -> ThemeRole | None:
        if _sigmoid(_dot(self.primary, x)) >= self.primary_threshold:
            return ThemeRole.primary
        if _sigmoid(_dot(self.any, x)) >= self.any_threshold:
            return ThemeRole.mentioned
        return None


def _dot(w: tuple[float, ...], x: list[float]) -> float:
    return sum(a * b for a, b in zip(w, x, strict=True))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_path() -> Path:
    return Path(str(resources.files("hytedocs") / "data" / MODEL_FILE))


@lru_cache(maxsize=4)
def load_role_model(path: str | None = None) -> RoleModel:
    """The role model in ``path`` (default: the one shipped in the package)."""
    where = Path(path) if path else model_path()
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HytedocsError(f"cannot read the theme role model: {exc}", file=str(where)) from exc
    if data.get("features") != list(FEATURES):
        raise HytedocsError("the theme role model was trained on other features; retrain it "
                            "with benchmarks/train_themes.py", file=str(where))
    return RoleModel(tuple(data["primary"]), tuple(data["any"]),
                     float(data["primary_threshold"]), float(data["any_threshold"]))
