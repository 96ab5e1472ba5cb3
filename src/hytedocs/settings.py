"""Every tunable value, named once, validated once.

Geometry values are in PDF points (1/72 inch) or as multiples of the body font size, so that
they hold for any page size or font. Change them through :class:`Settings`, never by editing
the stages.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# --- layout -------------------------------------------------------------------------------
# Words closer than this many font sizes apart on one baseline belong to one text run; a wider
# gap starts a new run (a margin label and its value, or table columns).
DEFAULT_RUN_GAP_EM = 1.6
# Pieces of one word printed in two sizes of one font (small capitals) are one word when the
# gap between them is under this many font sizes.
DEFAULT_TOUCH_GAP_EM = 0.05
# A line repeated (digits ignored) on at least this share of pages, near the top or bottom edge,
# is a running header or footer.
DEFAULT_HEADER_MIN_SHARE = 0.5
# How far from the page edge (share of page height) running headers and footers may sit.
DEFAULT_HEADER_ZONE = 0.15
# A vertical gap larger than this many line heights starts a new paragraph.
DEFAULT_PARAGRAPH_GAP = 1.35
# Margin-column layout: the label column must end this many points before the value column.
DEFAULT_COLUMN_GUTTER = 6.0
# A word at the text column's edge starts the text when the gap before it is at least this
# many font sizes (and wider than the line's usual space): a label that nearly fills its column.
DEFAULT_LABEL_GAP_EM = 0.3
# How many label/value pairs on one baseline make a document a margin-column layout.
DEFAULT_MIN_MARGIN_LABELS = 2
# Longest label, in characters; a longer bold line is a heading inside the text, not a label.
DEFAULT_MAX_LABEL_CHARS = 90

# A name printed on a damaged text layer is taken for a participant's when the two are at least
# this alike (difflib ratio); 0.8 accepts a few lost glyphs, never another person.
DEFAULT_NAME_MATCH_RATIO = 0.8

# --- limits (robustness) --------------------------------------------------------------------
# Measured on the 33-file corpus (750 pages) and chosen so that a hostile file at every limit
# still ends in under a minute and under 1 GiB; README "Bad input" lists them all.
DEFAULT_MAX_PAGES = 3000
# One clock for the whole parse, from the first byte read to the model (NLP included).
DEFAULT_MAX_SECONDS = 60.0
DEFAULT_MAX_CHARS_PER_PAGE = 60_000
DEFAULT_MAX_PAGE_AREA = 4_000_000.0  # points²; A0 is about 3.6 million
# Address-space cap of an isolated parse (--isolate, batch workers), above what the process
# had mapped before it started; with the language models loaded in the same process the cap
# is DEFAULT_MAX_MEMORY_NLP_MB (measured: the Finnish model and Voikko map about 570 MB).
DEFAULT_MAX_MEMORY_MB = 1024
DEFAULT_MAX_MEMORY_NLP_MB = 1536
# The input file itself (read whole into memory; the corpus's largest is 3.8 MB).
DEFAULT_MAX_FILE_MB = 100
# Decoded bytes through every filter chain: one stream (the corpus's largest is a 3.3 MB
# image; a 600 dpi A4 colour scan is 104 MB), all the streams one page draws (contents, forms
# and, with OCR, images: 12 MB at most in the corpus), and all the streams of the document
# except images (which the PDF libraries decode only to draw a page; the corpus's largest
# document decodes to 25 MB, images included).
DEFAULT_MAX_STREAM_MB = 128
DEFAULT_MAX_PAGE_MB = 256
DEFAULT_MAX_DOCUMENT_MB = 512
# Content operators per page, every Form XObject invocation counting its form's operators
# again (the corpus's busiest page has about 6,700); pdfminer needs about 50 s and 2 GB per
# million text-show operators.
DEFAULT_MAX_OPERATORS = 100_000
# Fonts and colour spaces one page and its forms name; pdfminer spends about 2 ms on each font
# it sets up, so 10,000 fonts took it 35 s (the corpus has at most 10 on a page).
DEFAULT_MAX_FONTS = 1000
# How deep Form XObjects may draw one another (no corpus page draws a form from a form).
DEFAULT_MAX_XOBJECT_DEPTH = 12
# Characters kept of a document information string (Producer); the rest is dropped unread.
DEFAULT_MAX_INFO_CHARS = 256
# Word templates (.docx): the file, and everything its zip members inflate to.
DEFAULT_MAX_TEMPLATE_MB = 20
DEFAULT_MAX_TEMPLATE_INFLATED_MB = 200
# A parse result read back as JSON (`hytedocs summary FILE.json`, `report` over a folder, an
# archive's rows). The corpus's largest is 157 kB without themes; pydantic needs up to 55 MB of
# memory per MB of JSON of the wrong shape (measured: 16 MB of "[0,0,0,0]," took 880 MB).
DEFAULT_MAX_JSON_MB = 10
# A page is "garbled" when more than this share of its words are unknown to the spell checker;
# measured: the worst real Lapua page scores 0.20, corrupt Nykarleby pages 0.26 and up.
DEFAULT_GARBLED_UNKNOWN_SHARE = 0.25

# Glyphs of a font whose subsets disagree are drawn this many pixels to the em for OCR:
# tesseract reads isolated letters best at an x-height of about 30 px.
DEFAULT_GLYPH_EM_PX = 64
# Every change of a glyph's text is checked on printed words (glyph_proof.py): each word is
# rendered with its line box this many pixels high (tesseract reads body text best at a cap
# height of about 30 px)...
DEFAULT_PROOF_LINE_PX = 56
# ... and each change is read in at least this many words, each changed page in this many
# (every word with a digit or "§" is read whatever these say).
DEFAULT_PROOF_WORDS_PER_CHANGE = 2
DEFAULT_PROOF_WORDS_PER_PAGE = 2

# A batch worker is replaced after this many documents (model reload: a few seconds).
DEFAULT_WORKER_MAX_TASKS = 200

# --- NLP -----------------------------------------------------------------------------------
DEFAULT_NLP_BATCH_SIZE = 64
DEFAULT_THEME_MIN_SCORE = 0.3
DEFAULT_SUMMARY_SENTENCES = 3
# Who decides the roles of a §'s themes from the lexicon's evidence: "lexicon" with the
# hand-set thresholds of the taxonomy's [scoring] table, "combined" with the role model learned
# from the tuning half of the labelled set (data/theme_roles.json); see nlp/themes.py and
# nlp/roles.py. On the test half both find primary themes equally well (F1 0.67), and the
# lexicon leaves far more §s without a theme that should have none (0.89 against 0.73), so it
# is the default (benchmarks/themes.py --compare).
# "learned": the learned theme model (data/theme_model.json, nlp/learned.py) decides which
# themes a § is about, from all its words; the lexicon finds the evidence. Its best variant
# cross-validated over the tuning half's documents reached primary F1 0.73 (the lexicon 0.85,
# in sample), and on the test half P/R 0.57/0.57 against the lexicon's 0.66/0.70, so the
# lexicon stays the default (benchmarks/learn_themes.py, benchmarks/themes.py).
ThemeClassifier = Literal["combined", "lexicon", "learned"]
DEFAULT_THEME_CLASSIFIER: ThemeClassifier = "lexicon"

Backend = Literal["pdfplumber", "pdfium"]


class Settings(BaseModel):
    """Settings for one parse. Invalid combinations are rejected when the object is made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Backend = "pdfplumber"
    nlp: bool = True
    ocr: bool = Field(default=False, description="OCR pages without a text layer (needs [ocr]).")
    ocr_garbled: bool = Field(default=False, description="Also OCR pages with garbled text.")
    password: str | None = None
    repair_fonts: bool = Field(
        default=True,
        description="Re-read glyphs of font subsets whose text maps disagree (needs tesseract).",
    )
    glyph_cache_dir: str | None = Field(
        default=None,
        description="Folder for cached glyph readings; None: $HYTEDOCS_CACHE_DIR or "
        "~/.cache/hytedocs; '': no cache.",
    )
    glyph_em_px: int = Field(default=DEFAULT_GLYPH_EM_PX, ge=24, le=256)
    proof_line_px: int = Field(default=DEFAULT_PROOF_LINE_PX, ge=16, le=256)
    proof_words_per_change: int = Field(default=DEFAULT_PROOF_WORDS_PER_CHANGE, ge=1, le=100)
    proof_words_per_page: int = Field(default=DEFAULT_PROOF_WORDS_PER_PAGE, ge=0, le=100)

    run_gap_em: float = Field(default=DEFAULT_RUN_GAP_EM, gt=0.3, le=10)
    touch_gap_em: float = Field(default=DEFAULT_TOUCH_GAP_EM, ge=0, le=0.5)
    header_min_share: float = Field(default=DEFAULT_HEADER_MIN_SHARE, gt=0, le=1)
    header_zone: float = Field(default=DEFAULT_HEADER_ZONE, gt=0, lt=0.5)
    paragraph_gap: float = Field(default=DEFAULT_PARAGRAPH_GAP, gt=1, le=5)
    column_gutter: float = Field(default=DEFAULT_COLUMN_GUTTER, ge=0, le=100)
    min_margin_labels: int = Field(default=DEFAULT_MIN_MARGIN_LABELS, ge=1)
    label_gap_em: float = Field(default=DEFAULT_LABEL_GAP_EM, gt=0, le=5)
    max_label_chars: int = Field(default=DEFAULT_MAX_LABEL_CHARS, ge=5, le=400)

    max_pages: int = Field(default=DEFAULT_MAX_PAGES, ge=1)
    max_seconds: float = Field(default=DEFAULT_MAX_SECONDS, gt=0)
    max_chars_per_page: int = Field(default=DEFAULT_MAX_CHARS_PER_PAGE, ge=100)
    max_page_area: float = Field(default=DEFAULT_MAX_PAGE_AREA, gt=0)
    max_memory_mb: int = Field(default=DEFAULT_MAX_MEMORY_MB, ge=64)
    max_memory_nlp_mb: int = Field(default=DEFAULT_MAX_MEMORY_NLP_MB, ge=64)
    max_file_mb: float = Field(default=DEFAULT_MAX_FILE_MB, gt=0)
    max_stream_mb: float = Field(default=DEFAULT_MAX_STREAM_MB, gt=0)
    max_page_mb: float = Field(default=DEFAULT_MAX_PAGE_MB, gt=0)
    max_document_mb: float = Field(default=DEFAULT_MAX_DOCUMENT_MB, gt=0)
    max_operators: int = Field(default=DEFAULT_MAX_OPERATORS, ge=100)
    max_xobject_depth: int = Field(default=DEFAULT_MAX_XOBJECT_DEPTH, ge=1, le=100)
    max_fonts: int = Field(default=DEFAULT_MAX_FONTS, ge=10)
    max_info_chars: int = Field(default=DEFAULT_MAX_INFO_CHARS, ge=16)
    max_template_mb: float = Field(default=DEFAULT_MAX_TEMPLATE_MB, gt=0)
    max_template_inflated_mb: float = Field(default=DEFAULT_MAX_TEMPLATE_INFLATED_MB, gt=0)
    max_json_mb: float = Field(default=DEFAULT_MAX_JSON_MB, gt=0)
    require_minutes: bool = Field(
        default=True,
        description="Refuse a document with no municipal vocabulary at all, or an XFA form, "
        "with NotMinutesError (False: parse it anyway).",
    )
    garbled_unknown_share: float = Field(default=DEFAULT_GARBLED_UNKNOWN_SHARE, gt=0, lt=1)

    nlp_batch_size: int = Field(default=DEFAULT_NLP_BATCH_SIZE, ge=1)
    theme_min_score: float = Field(default=DEFAULT_THEME_MIN_SCORE, ge=0)
    summary_sentences: int = Field(default=DEFAULT_SUMMARY_SENTENCES, ge=1, le=10)
    themes_file: str | None = Field(default=None, description="A user theme taxonomy (TOML).")
    theme_classifier: ThemeClassifier = Field(
        default=DEFAULT_THEME_CLASSIFIER,
        description="lexicon: the taxonomy's hand-set thresholds weigh the lexicon's evidence; "
        "combined: the role model learned from the labelled set does; learned: the theme "
        "model learned from the labelled set decides the primary themes from all the words "
        "of a §, the lexicon gives the evidence.",
    )
    theme_model_file: str | None = Field(
        default=None, description="A role model of your own (benchmarks/train_themes.py).")
    theme_learned_file: str | None = Field(
        default=None,
        description="A learned theme model of your own (benchmarks/learn_themes.py).")

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.ocr_garbled and not self.ocr:
            raise ValueError("ocr_garbled needs ocr=True")
        return self

    @property
    def memory_cap_mb(self) -> int:
        """The memory cap of an isolated parse with these settings: the language models need
        their own share when the parse loads them."""
        return self.max_memory_nlp_mb if self.nlp else self.max_memory_mb
