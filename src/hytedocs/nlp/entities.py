"""Entities of a §: persons with titles, organisations, places, dates, money and diary numbers.

The Finnish model's NER finds names but mislabels some (it tags the surname "Hepo-oja" as an
organisation and runs "Pirjo. Hyvinvointipäällikkö" into one person). Rules fix what it gets
wrong and add what it does not know:

* a capitalised name after a job title ("hyvinvointijohtaja Hepo-oja, Pirjo",
  "kuuli hyvinvointikoordinaattori Riina Turjaa") is a person with that title, whatever the
  NER said; NER persons are trimmed to their proper nouns;
* a phrase whose last word is an organisation head ("Lapuan tuomiokirkkoseurakunta",
  "Lapuan Sininauha ry") is an organisation; "hyvinvointialue" and "seurakunta" count even
  without a name;
* dates, money and diary numbers are read by patterns; a sum's purpose is the illative,
  allative or "varten" phrase of its sentence ("Hankintaan varataan 400 000 €" -> hankinta).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..models import Entity, Section
from ..vocabulary import (
    GENERIC_ORGANIZATIONS,
    LABELS,
    MONEY_NOT_PURPOSE,
    MONEY_SCALES,
    MONEY_UNITS,
    NAME_CASE_ENDINGS,
    ORGANIZATION_HEADS,
    PURPOSE_POSTPOSITIONS,
    TITLE_ENDINGS,
)
from .analysis import Analysed, Token

PERSON, ORGANIZATION, PLACE, DATE, MONEY, DIARY = (
    "person", "organization", "place", "date", "money", "diary_number")

_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?![\d])")
_UNITS = "|".join(re.escape(u) for u in sorted(MONEY_UNITS, key=len, reverse=True))
_SCALES = "|".join(re.escape(s) for s in sorted(MONEY_SCALES, key=len, reverse=True))
_MONEY = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+)(?:,(\d{1,2}))?\s*"
    rf"(?:({_SCALES})\.?\s*)?({_UNITS})(?!\w)",
    re.IGNORECASE,
)
_DIARY_WORDS = "|".join(re.escape(w) for w in LABELS["diary"])
_DIARY = re.compile(
    r"\b(?:[A-ZÅÄÖ]{2,}[Dd]no-\d{4}-\d+"
    r"|[a-zåäö]{3,}-\d+-\d{2}(?:\.\d{2}){0,4}-\d{4}"
    r"|\d{1,6}/\d{2}(?:\.\d{2}){1,4}/\d{4})\b"
    rf"|(?i:\b(?:{_DIARY_WORDS})\b)\.?:?\s*(\S+/\d{{4}})"
)
_TITLE_ENDINGS = tuple(sorted((t for t in TITLE_ENDINGS if " " not in t), key=len, reverse=True))
_ORG_HEADS = tuple(sorted(ORGANIZATION_HEADS, key=len, reverse=True))
_NER_KIND = {"PERSON": PERSON, "ORG": ORGANIZATION, "GPE": PLACE, "LOC": PLACE}
# A name after a title ends where the model sees a place or organisation ("Marika Tuiskula
# Lapuan kaupunginkirjastosta").
_NOT_PERSON_ENTS = frozenset({"GPE", "LOC", "ORG", "FAC"})
# Longest name or organisation, in tokens.
_MAX_NAME_TOKENS = 4
_MAX_DETAIL_CHARS = 120


def section_entities(section: Section, analysed: list[Analysed], language: str) -> list[Entity]:
    """Entities of one §, in reading order, each once."""
    found: list[Entity] = []
    first_page = section.pages[0] if section.pages else None
    people = [(p.name, p.title) for p in ([section.presenter] if section.presenter else [])]
    people += [(p.name, p.title) for p in section.preparers]
    for name, title in people:
        if name:
            found.append(Entity(text=name, type=PERSON, normalized=name, detail=title,
                                page=first_page))
    if section.diary_number:
        found.append(Entity(text=section.diary_number, type=DIARY,
                            normalized=section.diary_number.strip(),
                            page=section.pages[0] if section.pages else None))
    previous: Analysed | None = None
    for a in analysed:
        page = a.sentence.page
        text = a.sentence.text
        persons = list(_persons(a))
        taken = {i for _e, span in persons for i in span}
        found.extend(e.model_copy(update={"page": page}) for e, _span in persons)
        orgs = list(_organizations(a, taken))
        taken |= {i for _e, span in orgs for i in span}
        found.extend(e.model_copy(update={"page": page}) for e, _span in orgs)
        found.extend(e.model_copy(update={"page": page}) for e in _places(a, taken))
        found.extend(_dates(text, page))
        found.extend(_money(a, previous, page))
        found.extend(_diary_numbers(text, page))
        previous = a
    return _unique(found)


def _unique(entities: list[Entity]) -> list[Entity]:
    seen: set[tuple[str, str]] = set()
    out = []
    for e in entities:
        key = (e.type, (e.normalized or e.text).lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


# --- persons -------------------------------------------------------------------------------

def _is_title(tok: Token) -> bool:
    low = tok.lemma.lower()
    return tok.text[:1].isalpha() and any(low.endswith(t) for t in _TITLE_ENDINGS)


def _is_name(tok: Token) -> bool:
    t = tok.text
    return len(t) > 1 and t[0].isupper() and t.replace("-", "").isalpha() and \
        not _is_title(tok) and tok.pos in ("PROPN", "NOUN", "X", "")


def _persons(a: Analysed) -> Iterator[tuple[Entity, set[int]]]:
    tokens = a.tokens
    used: set[int] = set()
    # Rule: title followed by a name, "Surname, First" or "First Surname".
    for i, tok in enumerate(tokens):
        if not _is_title(tok) or i + 1 >= len(tokens) or not _is_name(tokens[i + 1]):
            continue
        span = [i + 1]
        j = i + 2
        if j + 1 < len(tokens) and tokens[j].text == "," and _is_name(tokens[j + 1]) and \
                tokens[j + 1].pos == "PROPN" and _ends_clause(tokens, j + 2):
            name = f"{_base_name(tokens[j + 1])} {_base_name(tokens[i + 1])}"
            span.append(j + 1)
        else:
            while j < len(tokens) and len(span) < _MAX_NAME_TOKENS - 1 and _is_name(tokens[j]) \
                    and tokens[j].ent not in _NOT_PERSON_ENTS:
                span.append(j)
                j += 1
            name = " ".join(_base_name(tokens[k]) for k in span)
        if len(span) == 1 and tokens[span[0]].pos != "PROPN":
            continue
        used.update(span)
        used.add(i)
        yield (Entity(text=" ".join(tokens[k].text for k in [i, *span]), type=PERSON,
                      normalized=name, detail=tok.lemma), {i, *span})
    # Model: PERSON spans not covered by a rule, trimmed to their proper nouns.
    for ent in a.doc.ents:
        if ent.label_ != "PERSON":
            continue
        idx = [k for k in range(ent.start, ent.end)
               if tokens[k].pos == "PROPN" and k not in used]
        if len(idx) < 2 or idx != list(range(idx[0], idx[-1] + 1)):
            continue
        used.update(idx)
        name = " ".join(_base_name(tokens[k]) for k in idx)
        title = tokens[idx[0] - 1].lemma if idx[0] > 0 and _is_title(tokens[idx[0] - 1]) else None
        yield (Entity(text=" ".join(tokens[k].text for k in idx), type=PERSON,
                      normalized=name, detail=title), set(idx))


def _ends_clause(tokens: list[Token], j: int) -> bool:
    return j >= len(tokens) or not tokens[j].text[:1].isupper() or tokens[j].text in (",", ".")


def _base_name(tok: Token) -> str:
    """A name in the nominative: the model's lemma, or the case ending removed by rule."""
    if tok.lemma and tok.lemma.lower() != tok.text.lower():
        return tok.lemma[:1].upper() + tok.lemma[1:]
    for ending, replacement in NAME_CASE_ENDINGS.get(tok.case or "", ()):
        if tok.text.endswith(ending) and len(tok.text) > len(ending) + 2:
            return tok.text[: len(tok.text) - len(ending)] + replacement
    return tok.text


# --- organisations and places --------------------------------------------------------------

def _org_head(tok: Token) -> bool:
    low = tok.lemma.lower()
    return tok.text[:1].isalpha() and any(low == h or low.endswith(h) for h in _ORG_HEADS)


def _organizations(a: Analysed, taken: set[int]) -> Iterator[tuple[Entity, set[int]]]:
    tokens = a.tokens
    used = set(taken)
    for i, tok in enumerate(tokens):
        if i in used or not _org_head(tok):
            continue
        start = i
        # The name before the head: proper nouns only ("Lapuan", "Päijät-Hämeen"), so that a
        # capital at the start of a sentence ("Tässä", "Molemmat") is not taken for one.
        while start - 1 >= 0 and start - 1 not in used and i - start < _MAX_NAME_TOKENS - 1 \
                and tokens[start - 1].pos == "PROPN" and tokens[start - 1].text[:1].isupper():
            start -= 1
        named = start < i or (tok.pos == "PROPN" and tok.text[:1].isupper())
        if not named and (tok.role or tok.lemma.lower() not in GENERIC_ORGANIZATIONS):
            continue
        span = set(range(start, i + 1))
        used |= span
        text = " ".join(tokens[k].text for k in range(start, i + 1))
        norm = " ".join([*(tokens[k].text for k in range(start, i)), tok.lemma])
        yield Entity(text=text, type=ORGANIZATION, normalized=norm), span
    for ent in a.doc.ents:
        idx = range(ent.start, ent.end)
        if ent.label_ != "ORG" or any(k in used for k in idx):
            continue
        if any(_is_title(tokens[k]) or tokens[k].role for k in idx):
            continue
        # The model calls a lone surname after a title an ORG ("Hepo-oja"); the person rule
        # has taken those. Keep spans with a proper noun and more than one word, or an
        # organisation head word.
        has_name = any(tokens[k].pos == "PROPN" for k in idx)
        if not (_org_head(tokens[ent.end - 1]) or (has_name and len(idx) > 1)):
            continue
        used.update(idx)
        words = [tokens[k].text for k in idx]
        norm = " ".join([*words[:-1], tokens[ent.end - 1].lemma])
        yield Entity(text=ent.text, type=ORGANIZATION, normalized=norm), set(idx)


def _places(a: Analysed, taken: set[int]) -> Iterator[Entity]:
    for ent in a.doc.ents:
        if _NER_KIND.get(ent.label_) != PLACE or any(k in taken for k in range(ent.start,
                                                                                 ent.end)):
            continue
        lemma = " ".join(a.tokens[k].lemma for k in range(ent.start, ent.end))
        yield Entity(text=ent.text, type=PLACE, normalized=lemma[:1].upper() + lemma[1:])


# --- dates, money, diary numbers ------------------------------------------------------------

def _dates(text: str, page: int | None) -> Iterator[Entity]:
    for m in _DATE.finditer(text):
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
        yield Entity(text=m.group(0), type=DATE, normalized=day.isoformat(), page=page)


def _money(a: Analysed, previous: Analysed | None, page: int | None) -> Iterator[Entity]:
    """Sums in euros. The purpose is read from the sentence, else from the one before it
    ("Kaupunki hakee avustusta etsivään nuorisotyöhön. Haettava summa on 60 000 euroa.")."""
    text = a.sentence.text
    for m in _MONEY.finditer(text):
        whole = re.sub(r"[ \u00a0.]", "", m.group(1))
        cents = m.group(2) or ""
        scale = MONEY_SCALES.get((m.group(3) or "").lower(), 1)
        amount = float(f"{whole}.{cents or 0}") * scale
        value = f"{amount:.2f}".rstrip("0").rstrip(".")
        purpose = _purpose(a)
        if purpose is None and previous is not None and \
                previous.sentence.part == a.sentence.part and not _MONEY.search(
                    previous.sentence.text):
            purpose = _purpose(previous)
        yield Entity(text=m.group(0).strip(), type=MONEY, normalized=f"{value} EUR",
                     detail=purpose, page=page)


def _purpose(a: Analysed) -> str | None:
    """What a sum in this sentence is for: its illative/allative/"varten" noun phrase."""
    tokens = a.tokens
    for i, tok in enumerate(tokens):
        is_case = tok.case in ("Ill", "All") and tok.pos in ("NOUN", "PROPN")
        is_post = i + 1 < len(tokens) and tokens[i + 1].lemma in PURPOSE_POSTPOSITIONS and \
            tok.pos in ("NOUN", "VERB")
        if not (is_case or is_post) or tok.lemma in MONEY_NOT_PURPOSE or tok.role:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].text[:1].isdigit():
            continue  # "vuodelle 2025", "ajalle 1.6.2025"
        start = i
        while start > 0 and tokens[start - 1].pos in ("ADJ", "NOUN", "PROPN", "VERB") and \
                tokens[start - 1].case in ("Gen", tok.case) and i - start < 3:
            start -= 1
        phrase = " ".join(t.text for t in tokens[start:i + 1])
        if is_post:
            phrase += " " + tokens[i + 1].text
        return phrase[:_MAX_DETAIL_CHARS]
    return None


def _diary_numbers(text: str, page: int | None) -> Iterator[Entity]:
    for m in _DIARY.finditer(text):
        value = (m.group(1) or m.group(0)).strip()
        yield Entity(text=m.group(0).strip(), type=DIARY, normalized=value, page=page)
