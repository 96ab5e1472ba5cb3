"""Stage: the front matter -> meeting details, document kind and language.

Reads the lines before the first § (and the running header, which repeats the body and date).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .layout import DocLayout
from .lines import Line
from .models import DocumentKind, Language, Meeting, Warning_
from .text import fold
from .vocabulary import KIND_WORDS, LANGUAGE_HINTS

_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_WORD = re.compile(r"[a-zåäö]+")


@dataclass
class DocInfo:
    """What later stages need to know about the document as a whole."""

    meeting: Meeting
    kind: DocumentKind = DocumentKind.unknown
    language: Language = Language.fi
    warnings: list[Warning_] = field(default_factory=list)


def detect_language(lines: list[list[Line]]) -> Language:
    """Finnish or Swedish, by counting frequent function words."""
    counts: Counter[str] = Counter()
    for page in lines[:12]:
        for ln in page:
            for w in _WORD.findall(ln.text.lower()):
                for lang, hints in LANGUAGE_HINTS.items():
                    if w in hints:
                        counts[lang] += 1
    return Language.sv if counts["sv"] > counts["fi"] else Language.fi


def detect_kind(lines: list[list[Line]], doc: DocLayout) -> DocumentKind:
    """Minutes, agenda or extract, from the words of the first page and the running header."""
    head = " ".join(fold(ln.text) for ln in doc.running_lines[:12])
    if lines:
        head += " " + " ".join(fold(ln.text) for ln in lines[0][:30])
    for kind in ("agenda", "extract", "minutes"):
        if any(re.search(rf"\b{re.escape(w)}\b", head) for w in KIND_WORDS[kind]):
            return DocumentKind(kind)
    return DocumentKind.unknown


def lines_to_meeting(lines: list[list[Line]], doc: DocLayout) -> DocInfo:
    """The meeting's details from the front matter."""
    info = DocInfo(meeting=Meeting())
    info.language = detect_language(lines)
    info.kind = detect_kind(lines, doc)
    return info
