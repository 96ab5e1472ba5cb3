"""Stage: votes recorded in a § (counts, roll calls, what each side stood for) and the
proposals voted on, with their movers and seconders; dissents."""

from __future__ import annotations

import re

from ..models import (
    RollCallVote,
    Vote,
    VoteProposal,
)
from ..text import clean_text, fold
from ..vocabulary import (
    COUNTER_PROPOSAL_WORDS,
    COUNTER_STEMS,
    DISSENT_WORDS,
    LAPSED_WORDS,
    ORIGINAL_PROPOSAL_NAME,
    PROPOSAL_CONTENT_OPENERS,
    PROPOSAL_VERBS,
    ROLL_CALL_LABELS,
    SECONDED_WORDS,
    VOTE_ABSENT,
    VOTE_BLANK,
    VOTE_MEANS_PATTERNS,
    VOTE_NO,
    VOTE_WORDS,
    VOTE_YES,
)
from .names import first_last
from .participation import name_spans, names_in, resolve_name
from .phrases import _CONJ, _NAME_TOKEN, _any_phrase, sentences

_OPENERS = "|".join(re.escape(w) for w in PROPOSAL_CONTENT_OPENERS)



def _count(text: str, words: tuple[str, ...], upper: bool) -> int | None:
    for w in words:
        label = w.upper() if upper else w
        flags = 0 if upper else re.I
        m = re.search(rf"(?<!\d)(\d+)\s*{re.escape(label)}(?![\wåäö])(?:\s*-\s*ään|\s*-?\s*röst)?",
                      text, flags)
        if m:
            return int(m.group(1))
        m = re.search(rf"(?<![\wåäö]){re.escape(label)}(?:[-–\s]*(?:ääniä|ääntä|röster))?"
                      rf"\s*[:=]?\s*(\d+)(?!\s*§)", text, flags)
        if m:
            return int(m.group(1))
    return None



def _roll_call(text: str, known: list[str]) -> list[RollCallVote]:
    """ "JAA: Hakala Jari, Heikkinen Sari" paragraphs: how each member voted."""
    out: list[RollCallVote] = []
    for para in re.split(r"\n\s*\n", text):
        flat = clean_text(para.replace("\n", " "))
        for side, labels in ROLL_CALL_LABELS.items():
            for lab in labels:
                pat = rf"(?<![\wåäö]){re.escape(lab.upper())}\s*(?:\(\d+\))?\s*:\s*([^:]+?)" \
                      rf"(?=\s+[A-ZÅÄÖ]{{2,}}\s*(?:\(\d+\))?\s*:|$)"
                m = re.search(pat, flat)
                if not m:
                    continue
                for part in re.split(rf",\s*|\s+(?:{_CONJ})\s+", m.group(1)):
                    part = part.strip(" .")
                    if re.fullmatch(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}", part):
                        name = resolve_name(part, known) or resolve_name(first_last(part), known)
                        out.append(RollCallVote(name=name or part, vote=side))
                break
    return out



def parse_vote(text: str, known: list[str]) -> Vote | None:
    """A vote recorded in a decision or processing text, or None when there was none.

    ``yes_means`` / ``no_means`` are what a JAA / EI vote stood for, as printed ("kaupunginjohtajan
    ehdotusta"); ``winner`` is "yes" or "no", the side with more votes (None on a tie or when
    the counts are not printed).
    """
    flat = clean_text(text.replace("\n", " "))
    f = fold(flat)
    if not _any_phrase(f, VOTE_WORDS) and not re.search(r"\bJAA\b|\bNEJ\b", flat):
        return None
    vote = Vote(
        yes=_count(flat, VOTE_YES, upper=True),
        no=_count(flat, VOTE_NO, upper=True),
        blank=_count(flat, VOTE_BLANK, upper=False),
        absent=_count(flat, VOTE_ABSENT, upper=False),
        text=flat,
    )
    for pat in VOTE_MEANS_PATTERNS:
        for m in re.finditer(pat, flat):
            what = m.group("what").strip(" ,.")
            if m.group("side").lower() in VOTE_YES and vote.yes_means is None:
                vote.yes_means = what
            elif m.group("side").lower() in VOTE_NO and vote.no_means is None:
                vote.no_means = what
    vote.roll_call = _roll_call(text, known)
    if vote.yes is None and vote.roll_call:
        vote.yes = sum(1 for r in vote.roll_call if r.vote == "yes")
        vote.no = sum(1 for r in vote.roll_call if r.vote == "no")
    if vote.yes is None and vote.no is None and not vote.roll_call:
        return None
    if vote.yes is not None and vote.no is not None and vote.yes != vote.no:
        vote.winner = "yes" if vote.yes > vote.no else "no"
    vote.proposals = _proposals(flat, known, vote)
    vote.dissents = [n for s in sentences(flat) if _any_phrase(fold(s), DISSENT_WORDS)
                     for n in names_in(s, known)]
    return vote



def _before(spans: list[tuple[str, int, int]], pos: int) -> str | None:
    """The last person named before a position in the sentence."""
    hits = [n for n, _a, end in spans if end <= pos]
    return hits[-1] if hits else None



def _proposals(flat: str, known: list[str], vote: Vote) -> list[VoteProposal]:
    """The presenter's proposal and each counter-proposal with its mover and seconder."""
    props: list[VoteProposal] = [VoteProposal(text=vote.yes_means or ORIGINAL_PROPOSAL_NAME,
                                                  original=True)]
    verbs = "|".join(re.escape(v) for v in PROPOSAL_VERBS)
    seconds = "|".join(re.escape(v) for v in SECONDED_WORDS)
    for sent in sentences(flat):
        f = fold(sent)
        spans = name_spans(sent, known)
        if _any_phrase(f, COUNTER_PROPOSAL_WORDS) and not _any_phrase(f, LAPSED_WORDS):
            # "X teki vastaehdotuksen": without a verb of proposing the sentence only mentions
            # one ("hyväksynyt Hanna Järvisen vastaehdotuksen").
            verb = re.search(rf"(?<![\wåäö])(?:{verbs})(?![\wåäö])", sent)
            mover = _before(spans, verb.start()) if verb else None
            if mover is None or any(p.mover == mover for p in props):
                continue
            seconder = None
            sec = re.search(rf"(?<![\wåäö])(?:{seconds})(?![\wåäö])", sent)
            if sec:
                # "Sini Syrjälän kannattamana": the seconder stands right before the word.
                seconder = _before(spans, sec.start())
                if seconder == mover:
                    seconder = None
            m = re.search(rf"(?<![\wåäö])(?:{_OPENERS})\s+(.+)$", sent)
            props.append(VoteProposal(text=(m.group(1) if m else sent).strip(" ."),
                                      mover=mover, seconder=seconder))
        elif _any_phrase(f, SECONDED_WORDS):
            sec = re.search(rf"(?<![\wåäö])(?:{seconds})(?![\wåäö])", sent)
            if sec is None:
                continue
            who = _before(spans, sec.start())
            whose = [n for n, a, _e in spans if a >= sec.end()]
            for p in props:
                if whose and p.mover == whose[0] and p.seconder is None and who != p.mover:
                    p.seconder = who
            counters = [p for p in props if not p.original and p.seconder is None]
            # "Jäsen Salo Riikka kannatti vastaehdotusta": the latest counter-proposal.
            if not whose and counters and who and who != counters[-1].mover and \
                    any(w in f for w in COUNTER_STEMS):
                counters[-1].seconder = who
    return props



def dissents(text: str, known: list[str]) -> list[str]:
    return [n for s in sentences(text) if _any_phrase(fold(s), DISSENT_WORDS)
            for n in names_in(s, known)]
