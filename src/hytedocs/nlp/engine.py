"""The language models: spaCy pipelines and the Voikko analyser, each loaded once per process.

Finnish uses ``spacy-fi-experimental-web-md`` (lemmas from its Voikko-backed lemmatizer, names
from its NER) with the dependency parser excluded: nothing here reads the parse, and leaving it
out makes the pipeline about 25 % faster. Swedish has no trained spaCy pipeline on PyPI, so it
uses ``spacy.blank("sv")`` with the lookup lemmatizer whose table ships in
``spacy-lookups-data``; it has no NER, so Swedish entities come from the rules alone.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import DependencyError

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage

FINNISH_MODEL = "spacy_fi_experimental_web_md"
# Components the Finnish model runs; the parser is excluded (see the module docstring).
FINNISH_EXCLUDE = ("parser",)

VOIKKO_INSTALL_HELP = (
    "the Finnish analyser Voikko is not installed. hytedocs needs the libvoikko library and its "
    "Finnish dictionary for lemmas and compound words. Install it with: "
    "Debian/Ubuntu: sudo apt-get install libvoikko1 voikko-fi; "
    "macOS: brew install libvoikko (the formula includes the Finnish dictionary); "
    "Windows: download the Voikko DLL and dictionary from https://voikko.puimula.org/windows.html, "
    "put libvoikko-1.dll on the PATH and the dictionary in %APPDATA%\\voikko. "
    "Then pip install libvoikko. Or parse with nlp=False (hytedocs parse --no-nlp)."
)

_lock = threading.RLock()
# Counts real model loads, so tests can check that a process loads each model once.
load_counts: dict[str, int] = {"fi": 0, "sv": 0, "voikko": 0}
_models: dict[str, Any] = {}


def voikko() -> Any:
    """The process-wide Voikko analyser for Finnish; raises DependencyError when missing."""
    handle = _models.get("voikko")
    if handle is not None:
        return handle
    with _lock:
        if "voikko" not in _models:
            try:
                import libvoikko

                handle = libvoikko.Voikko("fi")
            except (ImportError, OSError) as exc:
                raise DependencyError(f"{VOIKKO_INSTALL_HELP} ({exc})") from exc
            except Exception as exc:  # libvoikko raises a bare Exception for a missing dictionary
                raise DependencyError(f"{VOIKKO_INSTALL_HELP} ({exc})") from exc
            load_counts["voikko"] += 1
            _models["voikko"] = handle
    return _models["voikko"]


def pipeline(language: str) -> SpacyLanguage:
    """The spaCy pipeline for ``"fi"`` or ``"sv"``, loaded on first use."""
    if language not in ("fi", "sv"):
        raise ValueError(f"no pipeline for language {language!r}")
    nlp = _models.get(language)
    if nlp is not None:
        return nlp  # type: ignore[no-any-return]
    with _lock:
        if language not in _models:
            _models[language] = _load_finnish() if language == "fi" else _load_swedish()
            load_counts[language] += 1
    return _models[language]  # type: ignore[no-any-return]


def _load_finnish() -> SpacyLanguage:
    voikko()  # fail with the install help before spaCy fails with a less helpful message
    try:
        import spacy

        return spacy.load(FINNISH_MODEL, exclude=list(FINNISH_EXCLUDE))
    except OSError as exc:
        raise DependencyError(
            f"the Finnish spaCy model is missing: pip install spacy-fi-experimental-web-md ({exc})"
        ) from exc


def _load_swedish() -> SpacyLanguage:
    import spacy

    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    try:
        nlp.initialize()
    except (ValueError, OSError) as exc:
        raise DependencyError(
            f"the Swedish lemma tables are missing: pip install spacy-lookups-data ({exc})"
        ) from exc
    return nlp


@lru_cache(maxsize=200_000)
def analyse(word: str) -> tuple[dict[str, str], ...]:
    """Voikko's analyses of one Finnish word (cached: minutes repeat their vocabulary)."""
    return tuple(dict(a) for a in voikko().analyze(word))
