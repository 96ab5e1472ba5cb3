"""The SQLite archive: tables, filters, full-text search, failures and schema migrations."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import hytedocs
from hytedocs.errors import DamagedPdfError, HytedocsError, NotAPdfError
from hytedocs.models import (
    DecisionKind,
    DocumentKind,
    Field_,
    Meeting,
    Minutes,
    Outcome,
    Participant,
    Participation,
    ParticipationEvent,
    Section,
    Source,
    TextBlock,
    Theme,
    ThemeRole,
    Vote,
)
from hytedocs.store import archive as archive_mod
from hytedocs.store.archive import Archive

from .conftest import TARKASTUS

LONELINESS = Theme(id="loneliness_inclusion", label="Yksinäisyys ja osallisuus", score=2.0,
                   mentions=2)
ACTIVITY = Theme(id="physical_activity", label="Liikunta", score=1.5, mentions=1)


def _block(text: str, page: int) -> TextBlock:
    return TextBlock(text=text, pages=[page])


def _welfare_minutes() -> Minutes:
    """Two §s in the shape of a Lapua welfare-committee meeting."""
    decision = _block("Ehdotus hyväksyttiin.", 5)
    return Minutes(
        source=Source(file="hyvinvointi.pdf", sha256="1" * 64, pages=9),
        kind=DocumentKind.minutes,
        meeting=Meeting(
            organization="Lapuan kaupunki", body="Hyvinvointilautakunta",
            date=dt.date(2025, 2, 18), meeting_number="2/2025",
            participants=[
                Participant(name="Anne Kallio", role="puheenjohtaja"),
                Participant(name="Jussi Hakala", role="jäsen"),
            ],
        ),
        sections=[
            Section(
                number=12, title="Ikäihmisten yksinäisyyden vähentäminen", pages=[4, 5],
                preparation=_block("Kaupunki hakee avustusta yksinäisyyden torjuntaan.", 4),
                proposal=_block("Lautakunta hyväksyy hankesuunnitelman.", 5),
                decision=decision, outcome=Outcome.approved_as_proposed,
                fields=[
                    Field_(label="Ehdotus", key="proposal",
                           block=_block("Lautakunta hyväksyy hankesuunnitelman.", 5)),
                    Field_(label="Päätös", key="decision", block=decision),
                ],
                participation=[Participation(
                    name="Jussi Hakala", event=ParticipationEvent.disqualified,
                    reason="intressijäävi", text="Jussi Hakala ilmoitti olevansa esteellinen.",
                    page=5,
                )],
                themes=[LONELINESS],
            ),
            Section(
                number=13, title="Liikuntapaikkojen käyttövuorot", pages=[6],
                decision=_block("Asia jätettiin pöydälle.", 6), outcome=Outcome.tabled,
                votes=[Vote(yes=6, no=3, winner="Puheenjohtajan ehdotus")],
                themes=[ACTIVITY],
            ),
        ],
    )


def _board_minutes() -> Minutes:
    return Minutes(
        source=Source(file="kh.pdf", sha256="2" * 64, pages=3),
        kind=DocumentKind.minutes,
        meeting=Meeting(body="Kaupunginhallitus", date=dt.date(2025, 4, 7)),
        sections=[Section(
            number=91, title="Järjestöavustukset", pages=[2],
            decision=_block("Kaupunginhallitus myönsi avustukset, jotka tukevat osallisuutta.", 2),
            outcome=Outcome.amended,
        )],
    )


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    arc = Archive(tmp_path / "a.sqlite")
    arc.add(_welfare_minutes())
    arc.add(_board_minutes())
    return arc


def test_every_table_gets_its_rows(archive: Archive) -> None:
    assert archive.counts() == {
        "documents": 2, "meetings": 2, "sections": 3, "fields": 2, "participants": 2,
        "participation": 1, "votes": 1, "themes": 2, "failures": 0, "sections_fts": 3,
    }
    assert archive.document("1" * 64) == _welfare_minutes()


def test_a_stored_sha256_is_skipped_unless_replaced(archive: Archive) -> None:
    assert archive.has("1" * 64)
    assert archive.add(_welfare_minutes()) is None
    assert archive.add(_welfare_minutes(), replace=True) is not None
    counts = archive.counts()
    assert (counts["documents"], counts["sections"], counts["sections_fts"]) == (2, 3, 3)


@pytest.mark.parametrize(
    ("filters", "numbers"),
    [
        ({}, [12, 13, 91]),
        ({"body": "HYVINVOINTI"}, [12, 13]),
        ({"body": "kaupunginhallitus"}, [91]),
        ({"theme": "loneliness_inclusion"}, [12]),
        ({"theme": "yksinäisyys"}, [12]),
        ({"outcome": "tabled"}, [13]),
        ({"outcome": Outcome.amended}, [91]),
        ({"date_from": "2025-03-01"}, [91]),
        ({"date_to": dt.date(2025, 2, 18)}, [12, 13]),
        ({"date_from": "2025-02-19", "date_to": "2025-04-06"}, []),
    ],
)
def test_sections_filters(archive: Archive, filters: dict[str, object], numbers: list[int]) -> None:
    sections = archive.sections(**filters)  # type: ignore[arg-type]
    assert [s.number for s in sections] == numbers
    assert all(isinstance(s, Section) for s in sections)


def test_sections_come_back_as_the_models_stored(archive: Archive) -> None:
    assert archive.sections(theme="liikunta") == [_welfare_minutes().sections[1]]


def test_search_finds_theme_labels_and_text(archive: Archive) -> None:
    hits = archive.search("yksinäisyys")
    assert [(h.body, h.date, h.number) for h in hits] == [
        ("Hyvinvointilautakunta", dt.date(2025, 2, 18), 12)
    ]
    assert "«Yksinäisyys»" in hits[0].snippet
    # A prefix reaches the inflected forms in the title and the preparation.
    assert [h.number for h in archive.search("yksinäisyy*")] == [12]
    assert {h.number for h in archive.search("osallisuu*")} == {12, 91}


def test_search_ranks_and_filters(archive: Archive) -> None:
    hits = archive.search("hyväksyi* OR avustu*")
    assert {h.number for h in hits} == {12, 91}
    assert hits == sorted(hits, key=lambda h: -h.rank)
    assert [h.number for h in archive.search("avustu*", body="kaupunginhallitus")] == [91]
    assert archive.search("avustu*", outcome="tabled") == []
    assert hits[0].to_dict()["section"]["number"] == hits[0].number


def test_text_that_is_not_fts_syntax_is_searched_as_words(archive: Archive) -> None:
    assert archive.search("sote-alue") == []
    assert [h.number for h in archive.search("hankesuunnitelman.")] == [12]


def test_an_empty_query_is_an_error(archive: Archive) -> None:
    with pytest.raises(HytedocsError, match="empty"):
        archive.search("  ")


def test_a_changed_file_replaces_its_old_version(archive: Archive) -> None:
    corrected = _welfare_minutes()
    corrected.source.sha256 = "3" * 64
    corrected.sections = corrected.sections[:1]
    archive.add(corrected)
    assert not archive.has("1" * 64)
    assert [s.number for s in archive.sections(body="hyvinvointi")] == [12]
    assert archive.counts()["documents"] == 2


def test_failures_are_recorded_once_and_cleared_by_success(tmp_path: Path) -> None:
    arc = Archive(tmp_path / "a.sqlite")
    arc.add_failure(NotAPdfError("the file is empty", file="x.pdf"), file="/d/x.pdf")
    arc.add_failure(
        DamagedPdfError("the PDF cannot be read", file="x.pdf", page=3), file="/d/x.pdf",
        sha256="1" * 64,
    )
    [failure] = arc.failures()
    assert (failure.file, failure.code, failure.message, failure.page) == (
        "/d/x.pdf", "damaged", "the PDF cannot be read", 3
    )
    arc.add(_welfare_minutes(), file="/d/x.pdf")
    assert arc.failures() == []


def test_a_document_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arc = Archive(tmp_path / "a.sqlite")
    real_insert = archive_mod._insert_section
    calls = []

    def failing_insert(db: sqlite3.Connection, doc_id: int, position: int, sec: Section) -> None:
        calls.append(position)
        if position == 1:
            raise RuntimeError("killed half-way")
        real_insert(db, doc_id, position, sec)

    monkeypatch.setattr(archive_mod, "_insert_section", failing_insert)
    with pytest.raises(RuntimeError):
        arc.add(_welfare_minutes())
    assert calls == [0, 1]
    assert set(arc.counts().values()) == {0}


def test_a_new_schema_version_migrates_an_old_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite"
    Archive(path).add(_welfare_minutes())

    def add_reviewed(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE sections ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")

    now = archive_mod.ARCHIVE_SCHEMA_VERSION
    monkeypatch.setattr(archive_mod, "_MIGRATIONS",
                        {**archive_mod._MIGRATIONS, now: add_reviewed})
    monkeypatch.setattr(archive_mod, "ARCHIVE_SCHEMA_VERSION", now + 1)
    arc = Archive(path)
    assert arc.schema_version == now + 1
    assert [n for (n,) in arc._conn.execute("SELECT reviewed FROM sections")] == [0, 0]
    assert [s.number for s in arc.sections()] == [12, 13]


def test_a_version_1_archive_gets_theme_roles(tmp_path: Path) -> None:
    """Themes stored before roles existed were what the § is about: they become primary."""
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    archive_mod._migrate(db, "old.sqlite", target=1)
    db.execute("INSERT INTO documents (sha256, pages, kind, language, model_schema, warnings, "
               "parsed_at, json) VALUES ('a', 1, 'minutes', 'fi', '1.0', 0, 'x', '{}')")
    db.execute("INSERT INTO themes (document_id, theme, label, label_key, score, mentions) "
               "VALUES (1, 'education', 'Kasvatus', 'kasvatus', 1.0, 1)")
    db.close()
    arc = Archive(path)
    assert arc.schema_version == archive_mod.ARCHIVE_SCHEMA_VERSION
    assert arc._conn.execute("SELECT theme, role FROM themes").fetchall() == [
        ("education", "primary")]


def test_a_version_2_archive_of_schema_1_results_is_read_again(tmp_path: Path) -> None:
    """Results stored under model schema 1.0 ("noted", "election" in one outcome) get 2.0's
    outcome and decision kind, read again from their stored text, when a batch opens them."""
    path = tmp_path / "old.sqlite"
    arc = Archive(path)
    arc.add(_welfare_minutes())
    now = {s.number: (s.outcome, s.decision_kind) for s in arc.sections()}
    arc.close()
    db = sqlite3.connect(path, isolation_level=None)
    (text,) = db.execute("SELECT json FROM documents").fetchone()
    old = json.loads(text)
    old["schema_version"] = "1.0"
    for sec in old["sections"]:
        del sec["decision_kind"], sec["riders"]
        sec["outcome"] = "noted" if sec["outcome"] == "approved_as_proposed" else sec["outcome"]
    db.execute("UPDATE documents SET json = ?, model_schema = '1.0'", (json.dumps(old),))
    for position, sec in enumerate(old["sections"]):
        db.execute("UPDATE sections SET json = ?, outcome = ? WHERE position = ?",
                   (json.dumps(sec), sec["outcome"], position))
    db.execute("DROP INDEX sections_decision_kind")
    db.execute("ALTER TABLE sections DROP COLUMN decision_kind")
    # Back to version 2: every later step runs again (3 reads the results again, 4 rebuilds
    # the search index from them).
    db.execute("DELETE FROM schema_version WHERE version >= 3")
    db.close()
    arc = Archive(path)
    assert arc.schema_version == archive_mod.ARCHIVE_SCHEMA_VERSION == 4
    # The hand-made §s carried no kind; reading their text again gives one.
    assert {n: o for n, (o, _k) in now.items()} == {12: Outcome.approved_as_proposed,
                                                   13: Outcome.tabled}
    assert {s.number: (s.outcome, s.decision_kind) for s in arc.sections()} == {
        12: (Outcome.approved_as_proposed, DecisionKind.approval),
        13: (Outcome.tabled, DecisionKind.approval)}
    assert arc._conn.execute("SELECT DISTINCT model_schema FROM documents").fetchall() == [
        ("2.0",)]
    assert sorted(arc._conn.execute("SELECT outcome, decision_kind FROM sections")) == [
        ("approved_as_proposed", "approval"), ("tabled", "approval")]


def test_theme_filters_and_search_use_primary_themes(tmp_path: Path) -> None:
    minutes = _welfare_minutes()
    minutes.sections[1].themes = [
        ACTIVITY, Theme(id="children_youth", label="Lapset ja nuoret", score=0.5, mentions=1,
                        role=ThemeRole.mentioned)]
    arc = Archive(tmp_path / "a.sqlite")
    arc.add(minutes)
    assert arc._conn.execute("SELECT theme, role FROM themes ORDER BY id").fetchall() == [
        ("loneliness_inclusion", "primary"), ("physical_activity", "primary"),
        ("children_youth", "mentioned")]
    assert arc.sections(theme="children_youth") == []
    assert [s.number for s in arc.sections(theme="children_youth", mentioned=True)] == [13]
    assert [s.number for s in arc.sections(theme="physical_activity")] == [13]
    # A mentioned theme's label is not searched as what the § is about.
    assert arc.search("nuoret") == []
    assert [h.number for h in arc.search("liikunta", theme="lapset", mentioned=True)] == [13]
    assert arc.search("liikunta", theme="lapset") == []


def test_an_archive_from_a_newer_hytedocs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite"
    Archive(path).close()
    now = archive_mod.ARCHIVE_SCHEMA_VERSION
    monkeypatch.setattr(archive_mod, "ARCHIVE_SCHEMA_VERSION", 0)
    with pytest.raises(HytedocsError, match=f"schema version {now}"):
        Archive(path)


def test_other_files_are_not_archives(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(HytedocsError, match="not a hytedocs archive"):
        Archive(other)
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words " * 50)
    with pytest.raises(HytedocsError, match="not a hytedocs archive"):
        Archive(text)
    with pytest.raises(HytedocsError, match="no archive here"):
        Archive(tmp_path / "missing.sqlite", create=False)


def test_a_real_parse_round_trips(tmp_path: Path) -> None:
    minutes = hytedocs.parse(TARKASTUS, nlp=False)
    arc = hytedocs.Archive(tmp_path / "a.sqlite")
    arc.add(minutes)
    assert arc.document(minutes.source.sha256) == minutes
    assert arc.sections() == minutes.sections
    assert arc.counts()["sections"] == len(minutes.sections)
    assert arc.counts()["fields"] == sum(len(s.fields) for s in minutes.sections)
