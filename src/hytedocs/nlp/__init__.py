"""NLP stage: HYTE themes, entities and summaries (see the themes issue).

``annotate_minutes`` runs once per document after the § structure is known:

1. every § is cut into sentences (title, preparation, proposal, decision, earlier handlings),
   each with its page (:mod:`.sentences`);
2. all sentences of the document go through spaCy in one batched ``nlp.pipe`` call
   (:mod:`.analysis`; Finnish model, or the Swedish lookup lemmatizer for Swedish minutes),
   and every token gets its lemma and compound parts from Voikko (:mod:`.lemmas`);
3. themes (:mod:`.themes`), entities (:mod:`.entities`) and the summary (:mod:`.summary`) of
   each § are read from those sentences; the document's themes sum its §s'.

The models load lazily, once per process (:mod:`.engine`).
"""

from __future__ import annotations

from ..models import Minutes, Section, Theme
from ..pdf.limits import check_deadline
from ..settings import Settings
from .analysis import Analysed, analyse_sentences
from .entities import section_entities
from .kinds import ROUTINE, section_kind
from .learned import learned_themes, load_theme_model
from .roles import load_role_model
from .sentences import (
    BODY,
    DECISION,
    PRIOR,
    PROPOSAL,
    TITLE,
    Sentence,
    block_sentences,
    mark_structure,
)
from .sentences import text_sentences as _title_sentences
from .summary import section_summary
from .taxonomy import load_taxonomy
from .themes import document_themes, matcher_for, section_themes

__all__ = ["annotate_minutes", "annotate_sections", "is_routine", "section_sentences"]

# Field keys whose text is read as part of the body besides preparation/proposal/decision.
_EXTRA_FIELD_KEYS = frozenset({"summary", "impact_assessment", "additional_info"})


def annotate_minutes(minutes: Minutes, settings: Settings) -> None:
    """Tag themes, entities and summaries on every § in place."""
    taxonomy = load_taxonomy(settings.themes_file)
    language = minutes.language.value
    per_section = annotate_sections(minutes.sections, language, settings)
    minutes.themes = document_themes(per_section, int(taxonomy.scoring["max_evidence"]))


def annotate_sections(sections: list[Section], language: str,
                      settings: Settings) -> list[list[Theme]]:
    """Fill themes, entities and summary of each § in place; return each §'s themes."""
    taxonomy = load_taxonomy(settings.themes_file)
    matcher = matcher_for(taxonomy, language)
    model = load_role_model(settings.theme_model_file) \
        if settings.theme_classifier == "combined" else None
    learned = load_theme_model(settings.theme_learned_file) \
        if settings.theme_classifier == "learned" else None
    plans = [section_sentences(sec) for sec in sections]
    flat = [s for plan in plans for s in plan]
    analysed = analyse_sentences(flat, language, settings.nlp_batch_size)
    out: list[list[Theme]] = []
    start = 0
    for sec, plan in zip(sections, plans, strict=True):
        check_deadline(sec.pages[0] if sec.pages else None, doing="tagging themes")
        mine: list[Analysed] = analysed[start:start + len(plan)]
        start += len(plan)
        kind = section_kind(sec)
        sec.themes = section_themes(mine, matcher, language, settings.theme_min_score, kind,
                                    model)
        if learned is not None:
            sec.themes = learned_themes(learned, mine, sec.themes, kind, taxonomy, language,
                                        int(taxonomy.scoring["max_evidence"]))
        sec.entities = section_entities(sec, mine, language)
        sec.summary = section_summary(sec, mine, settings.summary_sentences)
        out.append(sec.themes)
    return out


def is_routine(section: Section) -> bool:
    """A § about the meeting itself (legality, minutes checkers, agenda, meeting dates, budget
    follow-up): no themes."""
    return section_kind(section) == ROUTINE


def section_sentences(section: Section) -> list[Sentence]:
    """The sentences of one § that the NLP steps read, in reading order."""
    first_page = section.pages[0] if section.pages else None
    out: list[Sentence] = []
    if section.title:
        out += _title_sentences(section.title, first_page, TITLE)
    out += block_sentences(section.preparation, BODY)
    for f in section.fields:
        # Extra labelled parts, and text under labels the vocabulary does not know.
        if f.key in _EXTRA_FIELD_KEYS or f.key is None:
            out += block_sentences(f.block, BODY)
    out += block_sentences(section.proposal, PROPOSAL)
    out += block_sentences(section.decision, DECISION)
    for prior in section.prior_handlings:
        out += block_sentences(prior.proposal, PRIOR)
        out += block_sentences(prior.decision, PRIOR)
    return mark_structure(out)
