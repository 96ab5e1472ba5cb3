"""Which tokens of a sentence are inside the name of an organisation, company, association or
deciding body.

A theme word inside a name ("Mielenterveysyhdistys Tuki ry", "Lapuan Kotiasunnot Oy",
"Musiikkioppilaitosten Liitto", "Kauhajärven koulu") says who someone is, not what the § is
about: the theme scorer counts it as a mention in passing. Two sources:

* a name with a legal form or an association word at its end (``NAME_FORM_HEADS``: ry, oy,
  rf, ab, säätiö, liitto, yhdistys, förening...) and the capitalised words before it;
* the Finnish model's ORG entities of two or more words with a proper noun ("Kauhajärven
  koulu"), except the municipality itself ("Lapuan kaupunki");
* the words after "för" in a Swedish body's name ("rådet för funktionshindrade"); Finnish
  body names are one word and marked as job titles and bodies are (:mod:`.analysis`).

In a title only the first kind counts: "Lapuan kaupunginkirjaston tilojen käyttösäännöt" is
about the library, while "Lapuan Kotiasunnot Oy:n yhtiökokous" is not about housing.
"""

from __future__ import annotations

from ..vocabulary import NAME_FORM_HEADS, ORGANIZATION_WORDS
from .analysis import Analysed, Token

# Longest name, in tokens, before its head word.
MAX_NAME_TOKENS = 4
_HEADS = tuple(sorted(NAME_FORM_HEADS, key=len, reverse=True))


def name_tokens(analysed: Analysed, *, model: bool = True) -> frozenset[int]:
    """Indexes of the tokens inside organisation names; ``model=False``: rule names only."""
    tokens = analysed.tokens
    out: set[int] = set()
    for i, tok in enumerate(tokens):
        if not _is_form_head(tok):
            continue
        start = i
        while start > 0 and i - start < MAX_NAME_TOKENS and _capitalised(tokens, start - 1):
            start -= 1
        if start < i or tok.text[:1].isupper():
            out.update(range(start, i + 1))
    # Swedish body names go on after "för": "rådet för funktionshindrade", "nämnden för
    # personer med funktionsnedsättning".
    for i, tok in enumerate(tokens[:-1]):
        if tok.role and tokens[i + 1].text.lower() == "för":
            j = i + 2
            while j < len(tokens) and j - i - 2 < MAX_NAME_TOKENS and tokens[j].text.isalpha():
                out.add(j)
                j += 1
    if model:
        for ent in analysed.doc.ents:
            if ent.label_ != "ORG" or ent.end - ent.start < 2:
                continue
            span = tokens[ent.start:ent.end]
            if any(t.role for t in span) or not any(t.pos == "PROPN" for t in span):
                continue
            if span[-1].lemma.lower() in ORGANIZATION_WORDS:
                continue
            out.update(range(ent.start, ent.end))
    return frozenset(out)


def _is_form_head(tok: Token) -> bool:
    low = tok.text.lower().split(":", 1)[0]
    lemma = tok.lemma.lower()
    return tok.text[:1].isalpha() and any(
        w == h or (len(h) > 3 and w.endswith(h)) for w in (low, lemma) for h in _HEADS)


def _capitalised(tokens: list[Token], i: int) -> bool:
    """A word of a name: capitalised and not the first word of the sentence (unless the model
    calls it a proper noun)."""
    tok = tokens[i]
    if not tok.text[:1].isupper() or not tok.text[:1].isalpha():
        return False
    return i > 0 or tok.pos == "PROPN"


_JOINERS = frozenset({"ja", "tai", "sekä", "och", "eller", "samt", "-", ",", "/"})


def person_title_tokens(tokens: list[Token]) -> frozenset[int]:
    """Indexes of the job titles that belong to a named person ("kuuli liikunta- ja
    nuorisotoimenpäällikkö Niko Savinaista", "musiikkiopiston rehtori Riina Holkkola"): who is
    present or heard says nothing about the matter, so these words do not count at all. A job
    title without a name ("musiikkiopiston rehtorin viran täyttäminen") is the matter itself."""
    out: set[int] = set()
    i = 0
    while i < len(tokens):
        if not tokens[i].role:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and (tokens[j + 1].role or (
                tokens[j + 1].text.lower() in _JOINERS and j + 2 < len(tokens)
                and tokens[j + 2].role)):
            j += 1
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.text[:1].isalpha() and \
                (nxt.pos == "PROPN" or nxt.ent == "PERSON" or not nxt.pos or nxt.pos == "X"):
            out.update(range(i, j + 1))
        i = j + 1
    return frozenset(out)
