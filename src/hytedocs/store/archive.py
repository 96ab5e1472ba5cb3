"""The SQLite archive of parsed minutes: tables to query, full-text search over the §s, and the
record of files that failed.

One document is written in one transaction, so a batch killed at any moment leaves every
document either complete or absent; a re-run skips the documents whose sha256 is stored. Each
document's full JSON is kept next to the tables, and each §'s JSON too, so that queries return
:class:`~hytedocs.models.Section` objects without re-parsing anything.

The schema has a version (table ``schema_version``). Opening an older archive upgrades it step
by step through ``_MIGRATIONS``; to change the schema, add a step from the current version and
raise ``ARCHIVE_SCHEMA_VERSION``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import HytedocsError, InvalidInputError
from ..models import Minutes, Outcome, Section, first_error
from ..settings import DEFAULT_MAX_JSON_MB
from ..structure.upgrade import upgrade_minutes_json
from ..text import fold
from . import search as fts
from .archive_schema import _V1, V4_FTS

ARCHIVE_SCHEMA_VERSION = 4

SNIPPET_MARKS = ("«", "»")

def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


def _theme_roles(db: sqlite3.Connection) -> None:
    """Version 2: each theme's role (primary or mentioned). Themes stored before roles existed
    were all counted as what the § is about, which is what "primary" means."""
    db.execute("ALTER TABLE themes ADD COLUMN role TEXT NOT NULL DEFAULT 'primary'")
    db.execute("CREATE INDEX themes_role ON themes(theme, role)")


def _decision_kinds(db: sqlite3.Connection) -> None:
    """Version 3: results of model schema 2.0, which says how the decision relates to the
    proposal (``outcome``) apart from what kind of decision it is (``decision_kind``). Stored
    1.x results are read again from their own stored text (structure/upgrade.py), never
    translated from the old outcome."""
    db.execute("ALTER TABLE sections ADD COLUMN decision_kind TEXT")
    db.execute("CREATE INDEX sections_decision_kind ON sections(decision_kind)")
    old = db.execute(
        "SELECT id, json FROM documents WHERE model_schema NOT LIKE '2.%'").fetchall()
    for doc_id, text in old:
        try:
            data = upgrade_minutes_json(json.loads(text))
        except (ValueError, TypeError):
            # A row that is not a stored result (broken JSON): kept as it is; reading it
            # gives the typed error that names it.
            continue
        db.execute("UPDATE documents SET json = ?, model_schema = ? WHERE id = ?",
                   (json.dumps(data, ensure_ascii=False), data["schema_version"], doc_id))
        for position, sec in enumerate(data.get("sections") or []):
            db.execute(
                "UPDATE sections SET outcome = ?, decision_kind = ?, json = ? "
                "WHERE document_id = ? AND position = ?",
                (sec.get("outcome"), sec.get("decision_kind"),
                 json.dumps(sec, ensure_ascii=False), doc_id, position))


def _whole_sections(db: sqlite3.Connection) -> None:
    """Version 4: every field of the §, as printed and as base forms (store/search.py). The
    index is rebuilt from each §'s stored JSON, in its document's language."""
    db.execute("DROP TABLE IF EXISTS sections_fts")
    db.execute(V4_FTS)
    rows = db.execute(
        "SELECT s.id, s.json, d.language FROM sections s "
        "JOIN documents d ON d.id = s.document_id ORDER BY s.id").fetchall()
    for sec_id, text, language in rows:
        try:
            sec = Section.model_validate_json(text)
        except ValueError:
            # A row that does not read back stays out of the index; reading it gives the
            # typed error that names it.
            continue
        _index_section(db, sec_id, sec, language)


# _MIGRATIONS[n] upgrades an archive at version n to version n + 1 (0 is an empty file).
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _create_v1, 1: _theme_roles, 2: _decision_kinds, 3: _whole_sections}


@dataclass(frozen=True, slots=True)
class Failure:
    """A file the batch could not parse, with the error's code (``HytedocsError.code``)."""

    file: str
    sha256: str | None
    code: str
    message: str
    page: int | None
    section: int | None
    failed_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One § found by :meth:`Archive.search`, best first; ``snippet`` marks the hits with «»
    in the printed words of ``field_label`` (the field's label as printed; ``field_key`` its
    canonical key, ``"title"`` or ``"themes"``)."""

    section: Section
    rank: float
    snippet: str
    body: str | None
    date: dt.date | None
    number: int | None
    title: str | None
    file: str | None
    sha256: str
    field_key: str | None = None
    field_label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "snippet": self.snippet,
            "field_key": self.field_key,
            "field_label": self.field_label,
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "number": self.number,
            "title": self.title,
            "file": self.file,
            "sha256": self.sha256,
            "section": self.section.model_dump(mode="json"),
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(value: dt.date | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


class Archive:
    """A SQLite archive of parsed minutes.

    >>> archive = Archive("archive.sqlite")                          # doctest: +SKIP
    >>> archive.sections(theme="loneliness", body="hyvinvointi")     # doctest: +SKIP

    The file is created when missing (``create=False`` raises instead). Only one process should
    write at a time; readers may query while a batch writes (the journal is in WAL mode).

    ``readonly=True`` (what ``report`` and ``search`` use) opens an existing archive through
    SQLite's ``mode=ro`` URI: nothing, not even the journal mode, is written to the file. A
    file that exists is written to only once it is known to be a hytedocs archive (or an empty
    database): an SQLite file of another program is refused before anything touches it.
    Every row read back is checked: a broken one raises
    :class:`~hytedocs.errors.InvalidInputError` naming it.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True,
                 readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        name = str(path)
        exists = os.path.lexists(self.path)
        if (not create or readonly) and not exists:
            raise HytedocsError("no archive here (run `hytedocs batch` first)", file=name)
        if exists:
            _check_file(self.path, name, empty_ok=not readonly)
        try:
            if exists and self.path.stat().st_size > 0:
                # Before anything is written: is it ours?
                with contextlib.closing(_connect_readonly(self.path)) as probe:
                    _check_schema(probe, name)
            if readonly:
                self._conn = _connect_readonly(self.path)
                _check_readable(self._conn, name)
                return
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=60)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            # A commit survives a killed process with NORMAL; only a power cut can lose the last
            # few, and it still leaves the file consistent.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(self._conn, name)
        except sqlite3.DatabaseError as exc:
            raise InvalidInputError(f"not a hytedocs archive: {exc}", file=name) from exc

    # --- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so two writers queue instead of failing
        # half-way through a document.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return _version(self._conn)

    # --- writing --------------------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        """True when a document with this sha256 is stored."""
        row = self._conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def known_hashes(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT sha256 FROM documents")}

    def add(
        self, minutes: Minutes, *, replace: bool = False, file: str | None = None
    ) -> int | None:
        """Store one parsed document in one transaction; returns its id.

        A document whose sha256 is stored already is skipped (returns None) unless ``replace``;
        one stored from the same file with other content is replaced.
        ``file`` is the input path the failure record is keyed by (default: the parsed name);
        a stored document clears that file's earlier failure.
        """
        sha = minutes.source.sha256
        key = file or minutes.source.file
        with self._transaction() as db:
            row = db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                if not replace:
                    return None
                self._delete(row[0])
            # The same path with other content is a corrected file: it replaces the old one,
            # or both versions would answer every query.
            for (old,) in db.execute(
                "SELECT id FROM documents WHERE file = ? AND sha256 != ?",
                (minutes.source.file, sha),
            ).fetchall():
                self._delete(old)
            doc_id = _insert_document(db, minutes)
            db.execute("DELETE FROM failures WHERE sha256 = ? OR file = ?", (sha, key))
        return doc_id

    def add_failure(
        self, error: HytedocsError, *, file: str, sha256: str | None = None
    ) -> None:
        """Record (or replace) the failure of one input file."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO failures "
                "(file, sha256, code, message, page, section, failed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (file, sha256, error.code, error.reason, error.page, error.section, _now()),
            )

    def remove(self, sha256: str) -> bool:
        """Delete one document and everything derived from it; True when it was stored."""
        with self._transaction() as db:
            row = db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                return False
            self._delete(row[0])
        return True

    def _delete(self, doc_id: int) -> None:
        # FTS5 tables take no foreign keys, so their rows go first, by hand.
        self._conn.execute(
            "DELETE FROM sections_fts WHERE rowid IN "
            "(SELECT id FROM sections WHERE document_id = ?)",
            (doc_id,),
        )
        self._conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    # --- reading --------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """A damaged database (or a row that does not read back) as a typed error."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise InvalidInputError(f"the archive cannot be read ({exc})",
                                    file=str(self.path)) from exc

    def _row(self, model: type[_Model], text: object, what: str) -> _Model:
        if not isinstance(text, str | bytes):
            raise InvalidInputError(
                f"{what}: its stored JSON is missing or over {DEFAULT_MAX_JSON_MB} MB",
                file=str(self.path))
        try:
            return model.model_validate_json(text)
        except ValueError as exc:  # pydantic's ValidationError, bad JSON
            raise InvalidInputError(f"{what} does not read back ({first_error(exc)})",
                                    file=str(self.path)) from exc

    def document(self, sha256: str) -> Minutes:
        """The stored document with this sha256; raises KeyError when absent."""
        with self._reading():
            row = self._conn.execute(
                f"SELECT {_JSON_IF_SMALL}, file FROM documents WHERE sha256 = ?",
                (_MAX_ROW_BYTES, sha256),
            ).fetchone()
        if row is None:
            raise KeyError(sha256)
        return self._row(Minutes, row[0], f"the document of {row[1] or sha256}")

    def documents(self) -> Iterator[Minutes]:
        """Every stored document, by meeting date then file."""
        with self._reading():
            # The ids first, each document then on its own: only one is in memory at a time.
            ids = self._conn.execute(
                "SELECT d.id FROM documents d LEFT JOIN meetings m ON m.document_id = d.id "
                "ORDER BY m.date, d.file"
            ).fetchall()
        for (doc_id,) in ids:
            with self._reading():
                row = self._conn.execute(
                    f"SELECT {_JSON_IF_SMALL}, file, sha256 FROM documents WHERE id = ?",
                    (_MAX_ROW_BYTES, doc_id),
                ).fetchone()
            if row is not None:
                yield self._row(Minutes, row[0], f"the document of {row[1] or row[2]}")

    def failures(self) -> list[Failure]:
        with self._reading():
            rows = self._conn.execute(
                "SELECT file, sha256, code, message, page, section, failed_at FROM failures "
                "ORDER BY file"
            ).fetchall()
        return [Failure(*r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Row counts of every table: a quick check that nothing is lost or duplicated."""
        tables = ("documents", "meetings", "sections", "fields", "participants",
                  "participation", "votes", "themes", "failures", "sections_fts")
        return {
            t: int(self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in tables
        }

    def sections(
        self,
        *,
        theme: str | None = None,
        body: str | None = None,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
        outcome: Outcome | str | None = None,
        limit: int | None = None,
        mentioned: bool = False,
    ) -> list[Section]:
        """The §s that pass every given filter, by meeting date, body and § number.

        ``theme`` matches a theme id or a part of its label, ``body`` a part of the body's name
        (both ignore case); the dates are inclusive ISO dates. ``theme`` finds the §s about
        the theme (primary); ``mentioned=True`` also those that only mention it.
        """
        where, params = _filters(theme, body, date_from, date_to, outcome, mentioned)
        sql = (
            f"SELECT {_SECTION_JSON_IF_SMALL}, d.file, s.number FROM sections s "
            "JOIN documents d ON d.id = s.document_id "
            "LEFT JOIN meetings m ON m.document_id = d.id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY m.date, m.body, s.number, d.file, s.position"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._reading():
            rows = self._conn.execute(sql, [_MAX_ROW_BYTES, *params]).fetchall()
        return [self._row(Section, r[0], _section_name(r[1], r[2])) for r in rows]

    def search(
        self,
        query: str,
        *,
        theme: str | None = None,
        body: str | None = None,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
        outcome: Outcome | str | None = None,
        limit: int = 20,
        mentioned: bool = False,
    ) -> list[SearchHit]:
        """Full-text search over every field of the §s and the labels of the themes each § is
        about, each word as printed and as its base forms.

        ``liikuntapaikka``, ``liikuntapaikkojen`` and ``liikuntapaikoilla`` find the same §s
        (Voikko's base forms; for Swedish the lookup lemmatizer), ``paikka`` finds
        ``liikuntapaikkojen`` through its compound part. ``"a b"`` is a printed phrase,
        ``-word`` excludes, ``prefix*`` and ``AND``/``OR``/``NOT`` work as in FTS5; text that
        is not valid syntax is searched as plain words. Hits are ranked by one BM25 over both
        (a title, proposal or decision hit, and a word as printed, rank higher). The ``theme``
        filter keeps §s about the theme (primary); ``mentioned=True`` also those that only
        mention it.
        """
        if not query.strip():
            raise HytedocsError("the search query is empty", file=str(self.path))
        analyser = self._analyser()
        expression = fts.match_expression(query, analyser)
        if not expression:
            raise HytedocsError(f"the search query {query!r} has no word to look for "
                                "(only exclusions or punctuation)", file=str(self.path))
        where, params = _filters(theme, body, date_from, date_to, outcome, mentioned)
        start, end = SNIPPET_MARKS
        n = len(fts.PRINTED)
        marks = ", ".join(f"highlight(sections_fts, {i}, ?, ?)" for i in range(2 * n))
        sql = (
            f"SELECT {_SECTION_JSON_IF_SMALL}, "
            "bm25(sections_fts, {w}) AS rank, sections_fts.layout, "
            "m.body, m.date, s.number, s.title, d.file, d.sha256, {marks} "
            "FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid "
            "JOIN documents d ON d.id = s.document_id "
            "LEFT JOIN meetings m ON m.document_id = d.id "
            "WHERE sections_fts MATCH ?{extra} ORDER BY rank LIMIT ?"
        ).format(
            w=", ".join(str(x) for x in fts.WEIGHTS),
            marks=marks,
            extra="".join(" AND " + w for w in where),
        )
        head = [_MAX_ROW_BYTES] + [start, end] * (2 * n)
        with self._reading():
            try:
                rows = self._conn.execute(sql, [*head, expression, *params, limit]).fetchall()
            except sqlite3.OperationalError:
                # Only the query's operators can be wrong here ("a OR", "(b"): search its
                # words without them.
                plain = fts.match_expression(query, analyser, plain=True)
                rows = self._conn.execute(sql, [*head, plain, *params, limit]).fetchall()
        return [self._hit(r) for r in rows]

    def _analyser(self) -> fts.Analyser:
        with self._reading():
            swedish = self._conn.execute(
                "SELECT 1 FROM documents WHERE language = 'sv' LIMIT 1").fetchone()
        return fts.Analyser(swedish=swedish is not None)

    def _hit(self, r: Any) -> SearchHit:
        what = _section_name(r[7], r[5])
        try:
            date = dt.date.fromisoformat(r[4]) if r[4] else None
            rank = -float(r[1])
            snip = fts.snippet(r[9:], r[2], SNIPPET_MARKS)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"{what} does not read back ({exc})",
                                    file=str(self.path)) from exc
        return SearchHit(section=self._row(Section, r[0], what), rank=rank, snippet=snip.text,
                         body=r[3], date=date, number=r[5], title=r[6], file=r[7], sha256=r[8],
                         field_key=snip.field_key, field_label=snip.field_label)

    def snapshot(self) -> dict[str, Any]:
        """The archive's content without ids and timestamps, to compare two archives."""
        docs = {
            sha: text for sha, text in self._conn.execute("SELECT sha256, json FROM documents")
        }
        failures = sorted(
            (f.file, f.code, f.page) for f in self.failures()
        )
        counts = self.counts()
        return {"documents": docs, "failures": failures, "counts": counts}


_Model = TypeVar("_Model", Minutes, Section)
# A stored JSON only when it is small enough to read back (else NULL, which is refused).
_JSON_IF_SMALL = "CASE WHEN length(json) <= ? THEN json END"
_SECTION_JSON_IF_SMALL = "CASE WHEN length(s.json) <= ? THEN s.json END"


def _section_name(file: object, number: object) -> str:
    sign = f"§ {number}" if number is not None else "a §"
    return f"{sign} of {file}" if file else sign


def _filters(
    theme: str | None,
    body: str | None,
    date_from: dt.date | str | None,
    date_to: dt.date | str | None,
    outcome: Outcome | str | None,
    mentioned: bool = False,
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if body:
        where.append("m.body_key LIKE ? ESCAPE '\\'")
        params.append("%" + _like_escape(fold(body)) + "%")
    if date_from is not None:
        where.append("m.date >= ?")
        params.append(_iso(date_from))
    if date_to is not None:
        where.append("m.date <= ?")
        params.append(_iso(date_to))
    if outcome is not None:
        where.append("s.outcome = ?")
        params.append(Outcome(outcome).value)
    if theme:
        where.append(
            "EXISTS (SELECT 1 FROM themes t WHERE t.section_id = s.id "
            "AND (t.theme = ? OR t.label_key LIKE ? ESCAPE '\\')"
            + ("" if mentioned else " AND t.role = 'primary'") + ")"
        )
        params.extend([theme, "%" + _like_escape(fold(theme)) + "%"])
    return where, params


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _insert_document(db: sqlite3.Connection, minutes: Minutes) -> int:
    src, mtg = minutes.source, minutes.meeting
    cur = db.execute(
        "INSERT INTO documents (sha256, file, pages, producer, kind, language, model_schema, "
        "warnings, parsed_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            src.sha256, src.file, src.pages, src.producer, minutes.kind.value,
            minutes.language.value, minutes.schema_version, len(minutes.warnings), _now(),
            minutes.model_dump_json(),
        ),
    )
    doc_id = int(cur.lastrowid or 0)
    db.execute(
        "INSERT INTO meetings (document_id, organization, body, body_key, body_abbreviation, "
        "meeting_number, date, start_time, end_time, place, public_display) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id, mtg.organization, mtg.body, fold(mtg.body) if mtg.body else None,
            mtg.body_abbreviation, mtg.meeting_number, _iso(mtg.date), mtg.start_time,
            mtg.end_time, mtg.place, mtg.public_display,
        ),
    )
    db.executemany(
        "INSERT INTO participants (document_id, position, name, role, status, substitute_for, "
        "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, i, p.name, p.role, p.status.value, p.substitute_for, p.note)
            for i, p in enumerate(mtg.participants)
        ],
    )
    _insert_themes(db, doc_id, None, minutes)
    for position, sec in enumerate(minutes.sections):
        _insert_section(db, doc_id, position, sec)
    return doc_id


def _insert_section(db: sqlite3.Connection, doc_id: int, position: int, sec: Section) -> None:
    cur = db.execute(
        "INSERT INTO sections (document_id, position, number, title, diary_number, task_class, "
        "first_page, outcome, decision_kind, summary, json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id, position, sec.number, sec.title, sec.diary_number, sec.task_class,
            sec.pages[0] if sec.pages else None, sec.outcome.value if sec.outcome else None,
            sec.decision_kind.value if sec.decision_kind else None,
            sec.summary, sec.model_dump_json(),
        ),
    )
    sec_id = int(cur.lastrowid or 0)
    db.executemany(
        "INSERT INTO fields (section_id, position, label, key, text, first_page) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (sec_id, i, f.label, f.key, f.block.text, f.block.pages[0] if f.block.pages else None)
            for i, f in enumerate(sec.fields)
        ],
    )
    db.executemany(
        "INSERT INTO participation (section_id, name, event, reason, text, page) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(sec_id, p.name, p.event.value, p.reason, p.text, p.page) for p in sec.participation],
    )
    db.executemany(
        "INSERT INTO votes (section_id, position, yes, no, blank, absent, yes_means, no_means, "
        "winner, text, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (sec_id, i, v.yes, v.no, v.blank, v.absent, v.yes_means, v.no_means, v.winner,
             v.text, v.model_dump_json())
            for i, v in enumerate(sec.votes)
        ],
    )
    _insert_themes(db, doc_id, sec_id, sec)
    (language,) = db.execute("SELECT language FROM documents WHERE id = ?", (doc_id,)).fetchone()
    _index_section(db, sec_id, sec, language)


def _index_section(db: sqlite3.Connection, sec_id: int, sec: Section, language: str) -> None:
    db.execute(
        f"INSERT INTO sections_fts (rowid, {', '.join(fts.COLUMNS)}) "
        f"VALUES (?{', ?' * len(fts.COLUMNS)})",
        (sec_id, *fts.index_row(sec, language)),
    )


def _insert_themes(
    db: sqlite3.Connection, doc_id: int, sec_id: int | None, owner: Minutes | Section
) -> None:
    db.executemany(
        "INSERT INTO themes (document_id, section_id, theme, label, label_key, score, mentions, "
        "role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, sec_id, t.id, t.label, fold(t.label), t.score, t.mentions, t.role.value)
            for t in owner.themes
        ],
    )


# A stored JSON longer than this is not read back (it would be held whole in memory).
_MAX_ROW_BYTES = DEFAULT_MAX_JSON_MB * 2**20


def _check_file(path: Path, name: str, *, empty_ok: bool) -> None:
    """Only a regular file is an archive (a named pipe would block SQLite forever)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InvalidInputError(f"the archive cannot be read ({exc.strerror or exc})",
                                file=name) from exc
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInputError("not a hytedocs archive (not a regular file)", file=name)
    if info.st_size == 0 and not empty_ok:
        raise InvalidInputError("not a hytedocs archive (an empty file)", file=name)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``). With no writer about (no -wal or -shm file next
    to it) it is also ``immutable``: SQLite would otherwise create those two files beside an
    archive in WAL mode, just to read it."""
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
    if not any(os.path.lexists(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=60)


def _check_schema(conn: sqlite3.Connection, name: str) -> None:
    """A hytedocs archive, or an SQLite file with no tables at all; anything else is
    another program's file and is refused before anything is written to it."""
    if _version(conn) == 0 and conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchone():
        raise InvalidInputError("an SQLite file that is not a hytedocs archive; it was left "
                                "as it is", file=name)


def _check_readable(conn: sqlite3.Connection, name: str) -> None:
    version = _version(conn)
    if version == 0:
        raise InvalidInputError("not a hytedocs archive (no hytedocs tables)", file=name)
    if version > ARCHIVE_SCHEMA_VERSION:
        raise InvalidInputError(
            f"the archive has schema version {version}; this hytedocs reads up to "
            f"{ARCHIVE_SCHEMA_VERSION} (upgrade hytedocs)", file=name)
    if version < ARCHIVE_SCHEMA_VERSION:
        raise InvalidInputError(
            f"the archive has the older schema version {version}; `hytedocs batch` with it "
            "as --out upgrades it (reading never writes to it)", file=name)


def _version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _migrate(
    conn: sqlite3.Connection,
    name: str,
    target: int | None = None,
    migrations: dict[int, Callable[[sqlite3.Connection], None]] | None = None,
) -> None:
    """Bring the archive to ``target`` one version at a time, each step in one transaction."""
    target = ARCHIVE_SCHEMA_VERSION if target is None else target
    steps = _MIGRATIONS if migrations is None else migrations
    current = _version(conn)
    if current > target:
        raise HytedocsError(
            f"the archive has schema version {current}; this hytedocs reads up to {target} "
            "(upgrade hytedocs)",
            file=name,
        )
    if current == 0 and conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchone():
        raise HytedocsError("an SQLite file that is not a hytedocs archive", file=name)
    while current < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if _version(conn) != current:
                conn.execute("ROLLBACK")
                current = _version(conn)
                continue
            steps[current](conn)
            conn.execute(
                "INSERT INTO schema_version (version, migrated_at) VALUES (?, ?)",
                (current + 1, _now()),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        current += 1
