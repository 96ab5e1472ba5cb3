"""Stage 2, before any structure is looked for: is this a municipal document at all?

A PDF may be valid and full of text and still not be minutes: an English sales report, or an
XFA form whose pages hold only Adobe's "Please wait..." (its content is XML the PDF libraries
do not draw). Such a file used to come out as "minutes" with a ``no_title`` warning; it now
raises :class:`~hytedocs.errors.NotMinutesError` when none of its words is municipal
vocabulary (``vocabulary.MUNICIPAL_WORDS`` and the body and municipality name endings) or
when it is a dynamic XFA form. ``Settings(require_minutes=False)`` (``--force-minutes``)
parses it anyway.
"""

from __future__ import annotations

import re

from ..errors import NotMinutesError
from ..pdf.source import OpenedSource, PageWords
from ..settings import Settings
from ..vocabulary import MUNICIPAL_ENDINGS, MUNICIPAL_WORDS

_LETTERS = re.compile(r"[^\W\d_]+")
_HOW_TO_FORCE = "settings.require_minutes=False or --force-minutes parses it anyway"


def is_municipal(pages: list[PageWords]) -> bool:
    """Whether any word of the pages is municipal vocabulary (the first one found ends it)."""
    for page in pages:
        for word in page.words:
            for part in _LETTERS.findall(word.text.lower()):
                if part in MUNICIPAL_WORDS or part.endswith(MUNICIPAL_ENDINGS):
                    return True
    return False


def require_minutes(pages: list[PageWords], opened: OpenedSource, settings: Settings) -> None:
    """Raise :class:`~hytedocs.errors.NotMinutesError` for a document that is not municipal
    (see the module's docstring); nothing when ``settings.require_minutes`` is off."""
    if not settings.require_minutes:
        return
    facts = opened.extra.get("scan")
    xfa = bool(getattr(facts, "xfa", False))
    dynamic = bool(getattr(facts, "xfa_dynamic", False))
    if xfa and (dynamic or not is_municipal(pages)):
        raise NotMinutesError(
            "an XFA form: its content is XML that only Adobe Reader draws, not text on the "
            f"PDF's pages; {_HOW_TO_FORCE}", file=opened.name,
        )
    if not is_municipal(pages):
        raise NotMinutesError(
            "no word of municipal vocabulary (no body, municipality, § label or document "
            f"kind): not minutes, an agenda or an extract; {_HOW_TO_FORCE}",
            file=opened.name,
        )
