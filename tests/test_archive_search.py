"""The archive's search over whole §s, as printed and as base forms (archive schema 4)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from hytedocs.models import (
    DocumentKind,
    Field_,
    Language,
    Meeting,
    Minutes,
    Section,
    Source,
    TextBlock,
)
from hytedocs.store import archive as archive_mod
from hytedocs.store.archive import Archive

from .conftest import REAL


def _field(label: str, key: str | None, text: str) -> Field_:
    return Field_(label=label, key=key, block=TextBlock(text=text, pages=[1]))


def _sports_minutes() -> Minutes:
    """Three §s on sports grounds: the word in three forms, and "paikka" on its own."""
    fields = [
        [_field("Valmistelija", "preparer", "liikuntapäällikkö Anna Aho"),
         _field("", "text", "Kaupungin liikuntapaikoilla on käyttövuoroja vapaana."),
         _field("Ehdotus", "proposal", "Lautakunta vahvistaa vuorot."),
         _field("Päätös", "decision", "Ehdotus hyväksyttiin.")],
        [_field("Kaupunginhallitus 3.6.2025 § 177", "stage", "Kaupunginhallitus 3.6.2025 § 177"),
         _field("Ehdotus", "proposal", "Kaupunginhallitus esittää, että koulujen pihat "
                "avataan iltaisin."),
         _field("Ehdotus", "proposal", "Valtuusto hyväksyy esityksen."),
         _field("Päätös", "decision", "Hyväksyttiin.")],
        [_field("Ehdotus", "proposal", "Kokouksen paikka on kaupungintalo."),
         _field("Päätös", "decision", "Hyväksyttiin.")],
    ]
    titles = ["Liikuntapaikkojen käyttövuorot", "Koulujen pihat", "Kokouksen aika ja paikka"]
    sections = []
    for number, (title, parts) in enumerate(zip(titles, fields, strict=True), start=40):
        proposal = next(f.block for f in reversed(parts) if f.key == "proposal")
        decision = next(f.block for f in parts if f.key == "decision")
        sections.append(Section(number=number, title=title, pages=[1], fields=parts,
                                proposal=proposal, decision=decision))
    sections[0].title = "Käyttövuorojen jako"
    return Minutes(
        source=Source(file="liikunta.pdf", sha256="4" * 64, pages=1),
        kind=DocumentKind.minutes,
        meeting=Meeting(body="Hyvinvointilautakunta", date=dt.date(2025, 5, 6)),
        sections=sections,
    )


def _swedish_minutes() -> Minutes:
    return Minutes(
        source=Source(file="skola.pdf", sha256="5" * 64, pages=1),
        kind=DocumentKind.minutes, language=Language.sv,
        meeting=Meeting(body="Bildningsnämnden", date=dt.date(2025, 5, 7)),
        sections=[Section(number=7, title="Skolornas läsår", pages=[1],
                          fields=[_field("Förslag", "proposal", "Nämnden godkänner skolans "
                                         "läsårsplan.")])],
    )


@pytest.fixture()
def sports(tmp_path: Path) -> Archive:
    arc = Archive(tmp_path / "a.sqlite")
    arc.add(_sports_minutes())
    arc.add(_swedish_minutes())
    return arc


def test_every_form_of_a_word_finds_the_same_sections(sports: Archive) -> None:
    for query in ("liikuntapaikka", "liikuntapaikkojen", "liikuntapaikoilla", "Liikuntapaikat"):
        hits = sports.search(query)
        assert [h.number for h in hits] == [40], query
        # The snippet shows the word as printed, and says which field it stands in.
        assert hits[0].snippet == "Kaupungin «liikuntapaikoilla» on käyttövuoroja vapaana."
        assert (hits[0].field_key, hits[0].field_label) == ("text", None)


def test_a_compound_part_finds_and_ranks_below_the_word_itself(sports: Archive) -> None:
    hits = sports.search("paikka")
    # § 42 prints "paikka" in its title and proposal; § 40 only "liikuntapaikoilla".
    assert [h.number for h in hits] == [42, 40]
    assert hits[0].rank > hits[1].rank
    assert hits[0].snippet == "Kokouksen aika ja «paikka»" and hits[0].field_key == "title"


def test_a_hit_in_an_earlier_handling_names_its_field(sports: Archive) -> None:
    [hit] = sports.search("koulu")
    assert hit.number == 41 and hit.field_key == "title"
    [hit] = sports.search("iltaisin")
    # The earlier handling's proposal is not this meeting's: it is one of the other fields.
    assert (hit.field_key, hit.field_label) == ("proposal", "Ehdotus")
    # Five words before the hit, from inside the field only.
    assert hit.snippet == "…esittää, että koulujen pihat avataan «iltaisin»."
    [hit] = sports.search("valtuusto")
    assert (hit.number, hit.field_key) == (41, "proposal")
    assert hit.snippet == "«Valtuusto» hyväksyy esityksen."


def test_phrases_and_exclusions(sports: Archive) -> None:
    assert [h.number for h in sports.search('"koulujen pihat"')] == [41]
    # A phrase is matched as printed, word for word.
    assert sports.search('"koulun pihat"') == []
    assert {h.number for h in sports.search("hyväksyttiin -koulu")} == {40, 42}
    assert {h.number for h in sports.search('hyväksyttiin -"aika ja paikka"')} == {40, 41}
    assert {h.number for h in sports.search("paikka OR koulu")} == {40, 41, 42}
    with pytest.raises(Exception, match="no word to look for"):
        sports.search("-koulu")


def test_swedish_forms_find_the_same_section(sports: Archive) -> None:
    for query in ("skola", "skolans", "skolorna"):
        hits = sports.search(query)
        assert [(h.body, h.number) for h in hits] == [("Bildningsnämnden", 7)], query
    # The field where the query's own form stands comes first in the snippet.
    assert sports.search("skolans")[0].snippet == "Nämnden godkänner «skolans» läsårsplan."
    assert sports.search("skolorna")[0].snippet == "«Skolornas» läsår"


def test_an_archive_of_version_3_is_indexed_again_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    Archive(path).add(_sports_minutes())
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE sections_fts")
    db.execute("CREATE VIRTUAL TABLE sections_fts USING fts5(title, proposal, decision, "
               "preparation, themes, tokenize = 'unicode61 remove_diacritics 0')")
    db.execute("INSERT INTO sections_fts (rowid, title) SELECT id, title FROM sections")
    db.execute("DELETE FROM schema_version WHERE version = 4")
    db.close()
    with pytest.raises(Exception, match="older schema version 3"):
        Archive(path, readonly=True)
    arc = Archive(path)
    assert arc.schema_version == archive_mod.ARCHIVE_SCHEMA_VERSION == 4
    assert [h.number for h in arc.search("liikuntapaikka")] == [40]
    assert arc.counts()["sections_fts"] == 3


# --- the real fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    arc = Archive(tmp_path_factory.mktemp("real") / "a.sqlite")
    for golden in sorted(REAL.glob("*.golden.json")):
        arc.add(Minutes.model_validate_json(golden.read_text(encoding="utf-8")))
    return arc


def _found(arc: Archive, query: str) -> set[tuple[str, int | None]]:
    return {(Path(h.file or "").stem, h.number) for h in arc.search(query, limit=1000)}


# What schema 3 indexed: title, this meeting's proposal and decision, the preparation.
_OLD_COLUMNS = ("title", "proposal", "decision", "preparation")
PRINTED_QUERIES = (
    "koulujen", "koulu", "liikunta", "lautakunta", "päätös", "kaupunginhallitus", "hyväksyy",
    "esitys", "talousarvio", "kokous", "pöytäkirja", "jäsen", "nämnden", "beslut", "skolorna",
    "avustus", "valtuusto", "hyväksyi*", '"talousarvion toteutuminen"', "talousarvio -tilinpäätös",
    "kaupunginhallitus OR kaupunginvaltuusto", "sote-alue", "Lapuan", "2025", "oikaisuvaatimus",
)


def test_every_printed_query_still_finds_what_it_found(real: Archive) -> None:
    old = sqlite3.connect(":memory:")
    old.execute(f"CREATE VIRTUAL TABLE f USING fts5({', '.join(_OLD_COLUMNS)}, "
                "tokenize = 'unicode61 remove_diacritics 0')")
    names = {}
    for sec_id, file, number, text in real._conn.execute(
            "SELECT s.id, d.file, s.number, s.json FROM sections s "
            "JOIN documents d ON d.id = s.document_id"):
        sec = Section.model_validate_json(text)
        old.execute("INSERT INTO f (rowid, title, proposal, decision, preparation) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (sec_id, sec.title, *(b.text if b else None
                                          for b in (sec.proposal, sec.decision, sec.preparation))))
        names[sec_id] = (Path(file).stem, number)
    grew = 0
    for query in PRINTED_QUERIES:
        try:
            rows = old.execute("SELECT rowid FROM f WHERE f MATCH ?", (query,)).fetchall()
        except sqlite3.OperationalError:
            rows = old.execute("SELECT rowid FROM f WHERE f MATCH ?",
                               (" ".join(f'"{w}"' for w in query.split()),)).fetchall()
        before = {names[r] for (r,) in rows}
        after = _found(real, query)
        assert before <= after, (query, before - after)
        grew += after > before
    # The whole § and the base forms find more for most of them.
    assert grew == 23


def test_real_minutes_every_form_finds_the_same_sections(real: Archive) -> None:
    koulu = {("lapua_hyvinvointilautakunta_2025-01-22_poytakirja", 4),
             ("lapua_hyvinvointilautakunta_2025-01-22_poytakirja", 8),
             ("lapua_hyvinvointilautakunta_2025-02-18_poytakirja", 16),
             ("lapua_kaupunginhallitus_2025-04-07_poytakirja", 127),
             ("lapua_kaupunginvaltuusto_2025-09-01_poytakirja", 70),
             ("lapua_kaupunginvaltuusto_2025-09-01_poytakirja", 71),
             ("lapua_kaupunginvaltuusto_2025-11-10_esityslista", 76),
             *(("lapua_sivistyslautakunta_2024-12-18_poytakirja", n)
               for n in (135, 137, 140, 141, 142, 143))}
    for query in ("koulu", "koulujen", "kouluissa"):
        assert _found(real, query) == koulu, query
    # Checked in the text: "skolorna", "skolans"; the modal "ska", "skulle" of the other §s
    # (the lookup table's lemma "skola" for them too) does not count.
    skola = {("nykarleby_ungdomsfullmaktige_2023-05-09_protokoll", 20),
             ("nykarleby_ungdomsfullmaktige_2023-05-09_protokoll", 21),
             ("nykarleby_valfardsnamnden_2022-09-15_protokoll", 46)}
    for query in ("skola", "skolorna", "skolans"):
        assert _found(real, query) == skola, query
