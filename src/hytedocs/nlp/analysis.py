"""Run spaCy over the sentences of a document and keep what the later steps read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..vocabulary import BODY_ENDINGS, NOT_ROLE_ENDINGS, TITLE_ENDINGS
from . import engine
from .lemmas import finnish_keys, swedish_keys
from .sentences import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Parts of speech that carry content (for summaries and the length of a §).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# Single-word body and title endings; a token ending in one names a person's job or a deciding
# body and is no evidence of a theme ("hyvinvointikoordinaattori", "liikuntalautakunta").
_ROLE_ENDINGS = tuple(sorted({e for e in (*TITLE_ENDINGS, *BODY_ENDINGS) if " " not in e},
                             key=len, reverse=True))
_COORDINATORS = frozenset({"ja", "tai", "sekä", "eli", "och", "eller", "samt", ","})
# Swedish has no trained POS tagger here: a word this long is taken as content.
_SV_CONTENT_CHARS = 4


@dataclass(frozen=True)
class Token:
    text: str
    lemma: str
    pos: str
    case: str | None
    keys: frozenset[str]
    role: bool  # names a job title or a deciding body
    content: bool
    ent: str = ""  # the model's entity label ("" outside entities)


@dataclass
class Analysed:
    sentence: Sentence
    tokens: list[Token]
    doc: Doc


def analyse_sentences(
    sentences: list[Sentence], language: str, batch_size: int
) -> list[Analysed]:
    """spaCy over every sentence, in one batched pass."""
    if not sentences:
        return []
    nlp = engine.pipeline(language)
    docs = nlp.pipe((s.text for s in sentences), batch_size=batch_size)
    return [Analysed(s, _tokens(doc, language), doc) for s, doc in zip(sentences, docs,
                                                                        strict=True)]


def iter_content_lemmas(tokens: Iterable[Token]) -> Iterator[str]:
    for t in tokens:
        if t.content and not t.role:
            yield t.lemma


def _tokens(doc: Doc, language: str) -> list[Token]:
    out: list[Token] = []
    for tok in doc:
        text = tok.text
        lemma = (tok.lemma_ or text).lower()
        if language == "fi":
            keys = finnish_keys(text, lemma) if tok.is_alpha or "-" in text or ":" in text \
                else frozenset({text.lower()})
            pos = tok.pos_
            content = pos in CONTENT_POS and len(text) > 1
        else:
            keys = swedish_keys(text, lemma)
            pos = tok.pos_ or ("X" if tok.is_alpha else "PUNCT")
            content = tok.is_alpha and len(text) >= _SV_CONTENT_CHARS and not tok.is_stop
        case = _case(tok)
        out.append(Token(text, lemma, pos, case, keys, is_role_word(lemma, text), content,
                         tok.ent_type_))
    return _share_coordinated_heads(out)


def _case(tok: Any) -> str | None:
    values = tok.morph.get("Case")
    return values[0] if values else None


@lru_cache(maxsize=200_000)
def is_role_word(lemma: str, text: str) -> bool:
    """The word itself names a job title or a deciding body (cached: minutes repeat their
    titles and bodies on every page)."""
    low = text.lower()
    if any(lemma.endswith(e) or low.endswith(e) for e in NOT_ROLE_ENDINGS):
        return False
    return any(lemma.endswith(e) or low.endswith(e) for e in _ROLE_ENDINGS)


def _share_coordinated_heads(tokens: list[Token]) -> list[Token]:
    """Spread the role mark to the words that belong to a title or body name.

    "musiikkiopiston rehtori": a genitive right before a title names what the person heads.
    "liikunta- ja nuorisotoimenpäällikkö": spaCy splits off the hyphen of the cut-off first
    word, which shares the head word's role.
    """
    out = list(tokens)

    def mark(i: int) -> None:
        t = out[i]
        out[i] = Token(t.text, t.lemma, t.pos, t.case, t.keys, True, t.content, t.ent)

    for i in range(len(out) - 2, -1, -1):
        if out[i + 1].role and out[i].case == "Gen" and out[i].pos in ("NOUN", "PROPN") \
                and out[i].text[:1].islower():
            mark(i)
    for i, tok in enumerate(out):
        if tok.role or i + 1 >= len(out) or out[i + 1].text != "-":
            continue
        for nxt in out[i + 2:i + 7]:
            if nxt.text.lower() in _COORDINATORS or nxt.text == "-" or nxt.text.endswith("-"):
                continue
            if nxt.role:
                mark(i)
            break
    return out
