"""Stage: references in a § text: earlier decisions cited by body, date and § number
("hyvinvointialueen lautakunta 12.10.2023 § 36"), and laws cited by section
("Kuntalain 103 §:n 2 momentin"), each name in its base form."""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import (
    DecisionReference,
    LegalReference,
)
from ..patterns import find_date as _date
from ..text import clean_text, fold
from ..vocabulary import (
    BODY_ENDINGS,
    CHAPTER_WORDS,
    LAW_OWNER_WORDS,
    LAW_WORDS,
    LIST_CONJUNCTIONS,
    SUBSECTION_WORDS,
    TITLE_ENDINGS,
)
from .phrases import _CONJ, _DATE

# What stands between two references of one list: "§ 363, 27.1.2021", "§ 18 ja 8.6.2021".
_LIST_GAP = re.compile(rf"\s*(?:,\s*|\s(?:{_CONJ})\s+)")

_REF = re.compile(rf"(?P<date>{_DATE})(?:\s*,?\s*(?:§\s*(?P<n1>\d{{1,4}})|(?P<n2>\d{{1,4}})\s?§))?")



@lru_cache(maxsize=8192)
def _base_form(word: str) -> str:
    from .names import voikko_analyser

    v = voikko_analyser()
    if v is not None:
        for a in v.analyze(word):
            if a.get("BASEFORM"):
                base = str(a["BASEFORM"])
                return base[0].upper() + base[1:] if word[:1].isupper() else base
    return word



def _swedish_genitive(word: str) -> str | None:
    """"Stadsstyrelsens" -> "Stadsstyrelsen" when the word without its -s names a body."""
    if word.endswith("s") and fold(word[:-1]).endswith(BODY_ENDINGS):
        return word[:-1]
    return None



def _is_body_word(word: str) -> bool:
    return (fold(word).endswith(BODY_ENDINGS) or fold(_base_form(word)).endswith(BODY_ENDINGS)
            or _swedish_genitive(word) is not None)



def _body_base(word: str) -> str:
    """A body's name in its base form: "Kaupunginhallituksen" -> "Kaupunginhallitus"."""
    if fold(word).endswith(BODY_ENDINGS):
        return word
    return _swedish_genitive(word) or _base_form(word)



def _is_name_case(word: str) -> bool:
    """Nominative or genitive: "hyvinvointilautakunta 7.8.2023", "lautakunnan 14.11.2024"."""
    from .names import voikko_analyser

    v = voikko_analyser()
    if v is None:
        return True
    return any(a.get("SIJAMUOTO") in ("nimento", "omanto") for a in v.analyze(word))



def _is_genitive(word: str) -> bool:
    from .names import voikko_analyser

    v = voikko_analyser()
    if v is None:
        return word.endswith("n")
    return any(a.get("SIJAMUOTO") == "omanto" for a in v.analyze(word))



def _office_holder(words: list[str]) -> list[str] | None:
    """The office-holder whose decision a date cites when the title stands right before it
    ("sivistys- ja hyvinvointijohtajan 10.10.2024 § 19" -> "sivistys- ja hyvinvointijohtaja"),
    with the compound parts joined to it by a conjunction ("sivistys- ja")."""
    last = words[-1]
    base = _base_form(last)
    # Genitive only: a nominative title before a date ends a list item ("Valinnan vahvistaminen /
    # Vesihuoltoinsinööri / 23.12.2024 § 38") rather than naming who decided.
    if _is_body_word(last) or not _is_genitive(last) or not fold(base).endswith(TITLE_ENDINGS):
        return None
    out = [base]
    j = len(words) - 2
    while j >= 1 and words[j] in LIST_CONJUNCTIONS and words[j - 1].endswith("-"):
        out[:0] = [words[j - 1], words[j]]
        j -= 2
    return out



def decision_references(text: str) -> list[DecisionReference]:
    """"hyvinvointialueen lautakunta 12.10.2023 § 36" -> {body, date, number}."""
    out: list[DecisionReference] = []
    flat = clean_text(text.replace("\n", " "))
    prev: tuple[int, str | None] | None = None  # end and body of the reference before
    for m in _REF.finditer(flat):
        number = m.group("n1") or m.group("n2")
        # "päätökset 15.11.2016 § 363, 27.1.2021 § 18 ja 8.6.2021 § 61": a reference that
        # only a comma or a conjunction separates from the one before shares its body.
        listed = (prev is not None and prev[1] is not None
                  and _LIST_GAP.fullmatch(flat[prev[0]: m.start()]) is not None)
        list_body = prev[1] if listed and prev is not None else None
        prev = (m.end(), None)
        before = flat[max(0, m.start() - 160): m.start()]
        # The body is named in the same clause: a colon or a sentence end cuts the look-back
        # ("viranhaltijapäätökset: kansalaisopiston rehtori: 18.12.2024 § 1").
        before = re.split(r"[:;]|\.\s", before)[-1]
        words = re.findall(r"[\wåäö\-]+", before)
        # An office-holder's decisions are cited with their § number, never by date alone.
        holder = (_office_holder(words) if words and number
                  and re.search(r"[\wåäö]\s*$", before) else None)
        # With a § number the body may stand a few words back ("lautakunta on käsitellyt ...
        # kokouksessaan 12.10.2023 § 36"); without one it must stand right before the date.
        reach = 10 if number else 1
        body_i = None
        for i in range(len(words) - 1, max(-1, len(words) - 1 - reach), -1):
            if _is_body_word(words[i]):
                body_i = i
                break
        if holder is not None:
            body_words = holder
        elif list_body is not None:
            body_words = [list_body]
        elif body_i is None or (not number and not _is_name_case(words[body_i])):
            continue
        else:
            body_words = [_body_base(words[body_i])]
            if fold(body_words[0]) in BODY_ENDINGS:
                # "hyvinvoinnin ja terveyden edistämisen lautakunta": genitives before it.
                j = body_i - 1
                while j >= 0 and (_is_genitive(words[j]) or words[j] in ("ja", "och")) and \
                        body_i - j <= 6:
                    body_words.insert(0, words[j])
                    j -= 1
                while body_words and body_words[0] in ("ja", "och"):
                    body_words.pop(0)
        ref = DecisionReference(body=" ".join(body_words), date=_date(m.group("date")),
                                number=int(number) if number else None,
                                text=flat[max(0, m.start() - 60): m.end()].strip())
        prev = (m.end(), ref.body)
        key = (fold(ref.body or ""), ref.date, ref.number)
        if ref.date and not any((fold(r.body or ""), r.date, r.number) == key for r in out):
            out.append(ref)
    return out



_LAW_END = "|".join(sorted((re.escape(w) for w in LAW_WORDS), key=len, reverse=True))

_SUB = "|".join(re.escape(w.rstrip(".")) for w in SUBSECTION_WORDS)

_CHAP = "|".join(re.escape(w) for w in CHAPTER_WORDS)

_LAW_REF = re.compile(
    # "Kuntalain 103 §:n 2 momentin", "Hallintosäännön 16 luvun 120 §", "lagen 5 §"
    rf"(?<![\w\-])(?P<law>[\wåäöÅÄÖ\-]*(?:{_LAW_END}))\s+(?:(?P<ch>\d+)\s+(?:{_CHAP})\s+)?"
    rf"(?P<sec>\d+\s?[a-z]?)\s*§(?::\w+)?(?:\s*(?P<sub>\d+)\s*(?:{_SUB})\.?)?",
    re.I,
)

_LAIN_REF = re.compile(
    # "Lain sosiaali- ja terveydenhuollon järjestämisestä 7 § 4 mom."
    rf"\b(?P<law>[Ll]ain\s+(?:[\wåäö\-]+\s+){{1,6}}?)(?P<sec>\d+\s?[a-z]?)\s*§(?::\w+)?"
    rf"(?:\s*(?P<sub>\d+)\s*(?:{_SUB})\.?)?"
)



def legal_references(text: str) -> list[LegalReference]:
    """Legal references with the law's name in its base form."""
    flat = clean_text(text.replace("\n", " "))
    if "§" not in flat:
        return []  # both patterns need a "§"; without one the slow scans find nothing
    out: list[tuple[int, LegalReference]] = []
    spans: list[tuple[int, int]] = []
    for m in _LAIN_REF.finditer(flat):
        law = "Laki " + m.group("law").split(None, 1)[1].strip()
        out.append((m.start(), LegalReference(law=law, section=m.group("sec").replace(" ", ""),
                                  subsection=m.group("sub"), text=m.group(0).strip())))
        spans.append(m.span())
    for m in _LAW_REF.finditer(flat):
        if any(a <= m.start() < b for a, b in spans):
            continue
        word = m.group("law")
        law = _base_form(word)
        start = m.start()
        before = flat[:start].split()
        owners: list[str] = []
        while before and before[-1].lower() in LAW_OWNER_WORDS:
            owners.insert(0, before.pop())
        if owners and before and before[-1][:1].isupper() and before[-1].endswith("n"):
            owners.insert(0, before.pop())
        if owners:
            law = " ".join(owners) + " " + law.lower()
        text = (" ".join(owners) + " " + m.group(0)).strip()
        section = m.group("sec").replace(" ", "")
        out.append((start, LegalReference(law=law[0].upper() + law[1:], section=section,
                                          subsection=m.group("sub"), text=text)))
    return [r for _pos, r in sorted(out, key=lambda x: x[0])]
