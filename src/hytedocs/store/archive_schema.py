"""The archive's tables (schema version 1, and the whole-§ index of version 4), as SQL:
:mod:`hytedocs.store.archive` creates them and migrates older archives step by step."""

from __future__ import annotations

# Finnish ä and ö (and Swedish å) are letters of their own, not accented a and o: "tähti" and
# "tahti" are different words, so the tokenizer keeps diacritics (it still folds case).
_FTS_TOKENIZER = "unicode61 remove_diacritics 0"

_V1: tuple[str, ...] = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL, migrated_at TEXT NOT NULL)",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        file TEXT,
        pages INTEGER NOT NULL,
        producer TEXT,
        kind TEXT NOT NULL,
        language TEXT NOT NULL,
        model_schema TEXT NOT NULL,
        warnings INTEGER NOT NULL,
        parsed_at TEXT NOT NULL,
        json TEXT NOT NULL)""",
    """CREATE TABLE meetings (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        organization TEXT,
        body TEXT,
        body_key TEXT,
        body_abbreviation TEXT,
        meeting_number TEXT,
        date TEXT,
        start_time TEXT,
        end_time TEXT,
        place TEXT,
        public_display TEXT)""",
    "CREATE INDEX meetings_body ON meetings(body_key)",
    "CREATE INDEX meetings_date ON meetings(date)",
    """CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        number INTEGER,
        title TEXT,
        diary_number TEXT,
        task_class TEXT,
        first_page INTEGER,
        outcome TEXT,
        summary TEXT,
        json TEXT NOT NULL,
        UNIQUE (document_id, position))""",
    "CREATE INDEX sections_outcome ON sections(outcome)",
    """CREATE TABLE fields (
        id INTEGER PRIMARY KEY,
        section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        label TEXT NOT NULL,
        key TEXT,
        text TEXT NOT NULL,
        first_page INTEGER)""",
    "CREATE INDEX fields_section ON fields(section_id)",
    "CREATE INDEX fields_key ON fields(key)",
    """CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT,
        status TEXT NOT NULL,
        substitute_for TEXT,
        note TEXT)""",
    "CREATE INDEX participants_document ON participants(document_id)",
    "CREATE INDEX participants_name ON participants(name)",
    """CREATE TABLE participation (
        id INTEGER PRIMARY KEY,
        section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        event TEXT NOT NULL,
        reason TEXT,
        text TEXT NOT NULL,
        page INTEGER)""",
    "CREATE INDEX participation_section ON participation(section_id)",
    """CREATE TABLE votes (
        id INTEGER PRIMARY KEY,
        section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        yes INTEGER,
        no INTEGER,
        blank INTEGER,
        absent INTEGER,
        yes_means TEXT,
        no_means TEXT,
        winner TEXT,
        text TEXT,
        json TEXT NOT NULL)""",
    "CREATE INDEX votes_section ON votes(section_id)",
    """CREATE TABLE themes (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
        theme TEXT NOT NULL,
        label TEXT NOT NULL,
        label_key TEXT NOT NULL,
        score REAL NOT NULL,
        mentions INTEGER NOT NULL)""",
    "CREATE INDEX themes_theme ON themes(theme)",
    "CREATE INDEX themes_section ON themes(section_id)",
    "CREATE INDEX themes_document ON themes(document_id)",
    """CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL UNIQUE,
        sha256 TEXT,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        page INTEGER,
        section INTEGER,
        failed_at TEXT NOT NULL)""",
    "CREATE VIRTUAL TABLE sections_fts USING fts5("
    f"title, proposal, decision, preparation, themes, tokenize = '{_FTS_TOKENIZER}')",
)

# Version 4: the whole § as printed and as base forms (store/search.py names the columns).
# Named "<table>_fts" as sqlite-utils names FTS tables (Datasette looks for that name); serving
# it in Datasette is not tested yet.
V4_FTS = (
    "CREATE VIRTUAL TABLE sections_fts USING fts5("
    "title, proposal, decision, other_fields, themes, "
    "title_base, proposal_base, decision_base, other_base, themes_base, layout UNINDEXED, "
    f"tokenize = '{_FTS_TOKENIZER}')"
)
