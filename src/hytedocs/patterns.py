"""Compiled forms of the vocabulary, built once at import.

The words live in :mod:`hytedocs.vocabulary`; this module only turns them into regular
expressions and lookup tables, so that no stage compiles a pattern per call.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .text import fold
from .vocabulary import (
    APPEAL_HEADINGS,
    CONTENTS_HEADINGS,
    ITEM_NUMBER_WORDS,
    LABELS,
    LETTERHEAD_WORDS,
    ORGANIZATION_WORDS,
    OWNER_ENDINGS,
)

DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")

# "§ 125" alone, or "§ 12 Title" (a contents line, or a § heading that carries its title).
SIGN_FIRST = re.compile(r"^§\s*(?P<num>\d{1,4})(?:\s+(?P<rest>\S.*))?$")
# "42 §" or "42 § Title" (Swedish and some Finnish systems print the number first).
NUM_FIRST = re.compile(r"^(?P<num>\d{1,4})\s?§(?:\s+(?P<rest>[^\s:].*))?$")
# A stage line: the body, the date and the § number of one handling, in any of the orders the
# systems print ("Kaupunginhallitus, 03.06.2024, § 177", "Kaupunginhallitus, § 177,03.06.2024",
# "hyvoltk 21.11.2023 § 91", "Stadsfullmäktige 8.9.2022, 43 §").
STAGE = re.compile(
    r"^(?P<body>[^\W\d][\w.\- /&]{1,80}?)\s*,?\s+"
    r"(?:"
    rf"(?P<d1>{DATE})\s*,?\s*§\s*(?P<n1>\d{{1,4}})"
    rf"|§\s*(?P<n2>\d{{1,4}})\s*,\s*(?P<d2>{DATE})"
    rf"|(?P<d3>{DATE})\s*,?\s*(?P<n3>\d{{1,4}})\s?§"
    # "Kaupunginhallitus 105 § 10.4.2017": Espoo's Dynasty history table.
    rf"|(?P<n4>\d{{1,4}})\s?§\s*,?\s*(?P<d4>{DATE})"
    r")\s*$"
)
# Diary numbers: "539/00.04.01/2023", "NKBY/497/12.03.01/2022", "OUKA/1499/12.00.02/2016",
# "VD/1545/00.04.00/2017", "LAPDno-2024-406", "Dnro 123/2023".
# "TRE:4787/10.03.01/2016" (Tampere writes a colon after the prefix), "KOU/123/2024" (a prefix,
# a number and a year, no task class).
DIARY = re.compile(
    r"(?P<diary>"
    r"(?:[A-ZÅÄÖ]{2,12}[/:])?\d{1,6}/\d{2}(?:\.\d{2}){1,4}/\d{4}"
    r"|[A-ZÅÄÖ]{2,12}(?:Dno|DNO|dno)-\d{4}-\d{1,6}"
    r"|[A-ZÅÄÖ]{2,12}/\d{1,6}/\d{4}"
    r"|\d{1,6}/\d{4}(?:\s+\d{2}(?:\.\d{2}){1,4})?"
    r")"
)
DIARY_LINE = re.compile(rf"^(?:(?:dno|dnro|dnr|diaarinumero)\.?:?\s*)?{DIARY.pattern}\s*$", re.I)
# A task class printed alone on the line below its diary number ("730/2017" / "00.01.01.00").
TASK_CLASS_LINE = re.compile(r"^\d{2}(?:\.\d{2}){1,4}$")
# "Pöytäkirja 08.05.2017 Pykälä 127", "Esityslista 29.05.2017 Asianro 4": the number of the one
# item a published page holds.
ITEM_NUMBER = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(w) for w in ITEM_NUMBER_WORDS)
    + r")\.?\s*(?P<num>\d{1,4})\s*$",
    re.IGNORECASE,
)
TASK_CLASS = re.compile(r"(?<![\d.])\d{2}(?:\.\d{2}){1,4}(?![\d.])")
# "§66, §69, §70" or "§ 124": the list of §s an appeal instruction covers.
SECTION_LIST = re.compile(r"^(?:§\s?\d{1,4}(?:\s*[-–]\s*\d{1,4})?[,;]?\s*)+$")
RULE_LINE = re.compile(r"^[_\-–—=.\s]{4,}$")
DOT_LEADER = re.compile(r"\.{5,}|(?:\. ){4,}")
BULLET = re.compile(r"^(?:[-–—•▪●○◦■□*]|\d{1,2}[).]|[a-zåäö]\))(?:\s|$)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "044 797 8577", "+358 40 123 4567", "(09) 816 24853".
PHONE = re.compile(r"(?<![\w/.])(?:\+?\d|\(0\d{1,3}\)\s?\d)[\d ]{5,}\d(?![\w/.])")
PHONE_WORD = re.compile(
    r"(?:^|(?<=[\s,]))(?:(?:puh|puhelin|tel|telefon|gsm|mob)\b\.?|p\.)\s*[:,]?\s*", re.I
)


def parse_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the first Finnish-style date in ``text``."""
    m = DATE_RE.search(text)
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return year, month, day


def find_date(text: str | None) -> dt.date | None:
    """The first Finnish-style date ("21.11.2023", "8. 9. 2022") in ``text`` as a date."""
    ymd = parse_date(text) if text else None
    if ymd is None:
        return None
    try:
        return dt.date(*ymd)
    except ValueError:  # 31.2.2025
        return None


@dataclass(frozen=True, slots=True)
class StageLine:
    body: str
    date: tuple[int, int, int] | None
    number: int


def match_stage(text: str) -> StageLine | None:
    m = STAGE.match(text.strip())
    if not m:
        return None
    date_text = m.group("d1") or m.group("d2") or m.group("d3") or m.group("d4")
    num = m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4")
    body = m.group("body").strip(" ,")
    # A sentence that happens to end in a date and a § is not a stage line.
    if len(body.split()) > 6:
        return None
    return StageLine(body=body, date=parse_date(date_text), number=int(num))


def _norm_label(text: str) -> str:
    s = fold(text)
    s = re.sub(r"\s*/\s*", " / ", s)
    return s


_EXACT: dict[str, str] = {}
_OWNED: dict[str, str] = {}  # last word -> key, for "* ehdotus" style labels
for _key, _labels in LABELS.items():
    for _label in _labels:
        if _label.startswith("* "):
            _OWNED[_label[2:]] = _key
        else:
            _EXACT[_norm_label(_label)] = _key
_APPEAL = {fold(h) for h in APPEAL_HEADINGS}
_CONTENTS = {fold(h) for h in CONTENTS_HEADINGS}
_TRAILING_JUNK = re.compile(r"[:;.]\s*\S?$")


def strip_label_punct(text: str) -> str:
    """"Päätös:" -> "Päätös"; "beslut:i" -> "beslut" (a stray glyph after the colon)."""
    t = text.strip()
    if _TRAILING_JUNK.search(t) and ":" in t[-3:]:
        t = t[: t.rfind(":")]
    return t.strip(" :")


def edit1(a: str, b: str) -> bool:
    """True when a and b differ by at most one substitution, insertion or deletion."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=4096)
def label_key(text: str, *, fuzzy: bool = False) -> tuple[bool, str | None]:
    """Whether ``text`` (a whole run, colon optional) is a known label, and its key.

    Returns (True, key) for a vocabulary label, (False, None) otherwise. A label with an owner
    ("Kaupunginjohtajan ehdotus") must end in a colon, or ``fuzzy`` must be set (the caller saw
    a bold heading), so that a sentence like "Hyväksyttiin esitys." is not taken for one. With
    ``fuzzy`` a label
    whose last word is one edit away from an owned-label keyword also matches; this reads the
    Nykarleby family's damaged text layer ("lörslag:" for "förslag:").
    """
    stripped = strip_label_punct(text)
    norm = _norm_label(stripped)
    if not norm or text.rstrip().endswith("."):
        return False, None
    if norm in _EXACT:
        return True, _EXACT[norm]
    # "Bildningsdirektör/tf välfärdschef": the slash joins two titles, it is not a word.
    words = [w for w in norm.split(" ") if w != "/"]
    colon = stripped != text.strip()
    if 2 <= len(words) <= 8 and (colon or fuzzy):
        last = re.sub(r"[^\wåäö]", "", words[-1])
        owner = words[-2].strip(",")
        key = _OWNED.get(last)
        if key is None and fuzzy and len(last) >= 5:
            for kw, k in _OWNED.items():
                if len(kw) >= 5 and edit1(last, kw):
                    key = k
                    break
        if key is not None and (owner.endswith(OWNER_ENDINGS) or fuzzy):
            return True, key
    return False, None


def is_appeal_heading(text: str) -> bool:
    return fold(strip_label_punct(text)) in _APPEAL


def is_letterhead(text: str) -> bool:
    """"Oulun kaupunki", "Päivämäärä": letterhead lines, not content."""
    folded = fold(text)
    words = folded.split()
    if not words or len(words) > 3:
        return False
    return folded in LETTERHEAD_WORDS or words[-1].endswith(ORGANIZATION_WORDS)


def is_contents_heading(text: str) -> bool:
    return fold(strip_label_punct(text)) in _CONTENTS


def task_class_of(diary: str | None) -> str | None:
    """The JHS 191 class inside a diary number: "00.04.01" from "539/00.04.01/2023"."""
    if not diary:
        return None
    m = TASK_CLASS.search(diary)
    return m.group(0) if m else None
