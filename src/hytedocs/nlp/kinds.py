"""What kind of § it is, as far as its themes are concerned, read from its title.

* ``routine``: the meeting itself, budget follow-up, invoice approvers, meeting dates: no themes;
* ``notices``: lists of notices, officials' decisions, minutes received, "muut asiat": each
  item is scored on its own and gives its themes as mentioned (primary only for an item
  treated at length); an item that is itself a personnel or election matter ("Musiikkiopiston
  rehtorin viran vahvistaminen") gives none;
* ``election``: persons chosen for a body or group: the body's or group's theme is mentioned,
  never primary;
* ``personnel``: pay, filling a post, leave, job evaluation, staff surveys: the themes of the
  post or workplace are mentioned, never primary;
* ``ordinary``: everything else.

The words are in :mod:`hytedocs.vocabulary`.
"""

from __future__ import annotations

import re

from ..models import Section
from ..text import fold
from ..vocabulary import (
    ELECTION_ROLE_STEMS,
    ELECTION_TITLE_STEMS,
    ELECTION_TITLE_WORDS,
    NOTICE_SECTION_PHRASES,
    PERSON_ROLE_STEMS,
    PERSONNEL_TITLE_STEMS,
    ROUTINE_SECTION_TITLES,
    SCHEDULE_TITLE_STEMS,
)

ROUTINE, NOTICES, ELECTION, PERSONNEL, ORDINARY = (
    "routine", "notices", "election", "personnel", "ordinary")

_ROLE_STEMS = (*PERSON_ROLE_STEMS, *ELECTION_ROLE_STEMS)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def section_kind(section: Section) -> str:
    return title_kind(section.title or "")


def title_kind(text: str) -> str:
    """The kind of a § with this title (also used for the items of a notice list)."""
    title = fold(text).strip(" .:")
    words = _WORD.findall(title)
    if any(title.startswith(t) for t in ROUTINE_SECTION_TITLES) or \
            any(stem in w for w in words for stem in SCHEDULE_TITLE_STEMS):
        return ROUTINE
    if any(p in title for p in NOTICE_SECTION_PHRASES):
        return NOTICES
    chooses = any(w in ELECTION_TITLE_WORDS or w.startswith(ELECTION_TITLE_STEMS) for w in words)
    if chooses and any(stem in w for w in words for stem in _ROLE_STEMS):
        return ELECTION
    if any(w.startswith(PERSONNEL_TITLE_STEMS) for w in words):
        return PERSONNEL
    return ORDINARY
