"""The compiled vocabulary: § markers, stage lines, diary numbers, labels."""

from __future__ import annotations

import pytest

from hytedocs.patterns import (
    DIARY_LINE,
    NUM_FIRST,
    SIGN_FIRST,
    edit1,
    is_appeal_heading,
    is_letterhead,
    label_key,
    match_stage,
    parse_date,
    strip_label_punct,
    task_class_of,
)


@pytest.mark.parametrize(
    ("text", "body", "date", "number"),
    [
        ("Kaupunginhallitus, 03.06.2024, § 177", "Kaupunginhallitus", (2024, 6, 3), 177),
        ("Kaupunginhallitus, § 177,03.06.2024", "Kaupunginhallitus", (2024, 6, 3), 177),
        ("hyvoltk 21.11.2023 § 91", "hyvoltk", (2023, 11, 21), 91),
        ("Hyvinvointilautakunta 14.3.2024 § 23", "Hyvinvointilautakunta", (2024, 3, 14), 23),
        ("Stadsfullmäktige 8.9.2022, 43 §", "Stadsfullmäktige", (2022, 9, 8), 43),
        ("Kaupunginhallitus 20.3.2017 § 10", "Kaupunginhallitus", (2017, 3, 20), 10),
    ],
)
def test_stage_lines(text: str, body: str, date: tuple[int, int, int], number: int) -> None:
    st = match_stage(text)
    assert st is not None
    assert (st.body, st.date, st.number) == (body, date, number)


@pytest.mark.parametrize(
    "text",
    [
        "Kuntalain 103 §:n 2 momentin mukaan lautakunta on päätösvaltainen",
        "Hyvinvointilautakunta päättää merkitä asian tiedoksi 21.11.2023",
        "Hallintosääntö 23 §",
    ],
)
def test_sentences_are_not_stage_lines(text: str) -> None:
    assert match_stage(text) is None


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("§ 125", 125, None),
        ("§ 12 Kokouksen laillisuus", 12, "Kokouksen laillisuus"),
        ("§15", 15, None),
    ],
)
def test_sign_first(text: str, number: int, rest: str | None) -> None:
    m = SIGN_FIRST.match(text)
    assert m is not None and int(m.group("num")) == number and m.group("rest") == rest


@pytest.mark.parametrize(
    ("text", "matches"),
    [("42 § Presentation av verksamheten", True), ("42 §", True), ("23 §:n mukaan", False)],
)
def test_num_first(text: str, matches: bool) -> None:
    assert bool(NUM_FIRST.match(text)) is matches


@pytest.mark.parametrize(
    ("text", "diary", "task_class"),
    [
        ("539/00.04.01/2023", "539/00.04.01/2023", "00.04.01"),
        ("NKBY/497/12.03.01/2022", "NKBY/497/12.03.01/2022", "12.03.01"),
        ("Dno OUKA/1499/12.00.02/2016", "OUKA/1499/12.00.02/2016", "12.00.02"),
        ("LAPDno-2024-406", "LAPDno-2024-406", None),
        ("VD/1545/00.04.00/2017", "VD/1545/00.04.00/2017", "00.04.00"),
        # Tampere writes a colon after the prefix; some systems print no task class.
        ("TRE:4787/10.03.01/2016", "TRE:4787/10.03.01/2016", "10.03.01"),
        ("KAI:417/00.01.01/2024", "KAI:417/00.01.01/2024", "00.01.01"),
        ("Dnro KOU/123/2024", "KOU/123/2024", None),
        ("ESP/1234/00.01.00/2024", "ESP/1234/00.01.00/2024", "00.01.00"),
    ],
)
def test_diary_numbers(text: str, diary: str, task_class: str | None) -> None:
    m = DIARY_LINE.match(text)
    assert m is not None and m.group("diary") == diary
    assert task_class_of(diary) == task_class


@pytest.mark.parametrize(
    ("text", "fuzzy", "key"),
    [
        ("Päätös", False, "decision"),
        ("Päätös:", False, "decision"),
        ("Ehdotus", False, "proposal"),
        ("Päätösehdotus", False, "proposal"),
        ("Valmistelija / lisätiedot:", False, "preparer"),
        ("Valmistelijat/ Lisätietojen antaja", False, "preparer"),
        ("Kaupunginjohtajan ehdotus:", False, "proposal"),
        ("Välfärdsnämndens beslut:", False, "decision"),
        ("Ordförandes förslag:", False, "proposal"),
        ("Tiedoksianto", False, "notified"),
        ("Toimivalta", False, "authority"),
        ("Kaupunginhallituksen päätösehdotus", True, "proposal"),
        # The Nykarleby text layer drops and swaps glyphs: one edit away still reads.
        ("Bildningsdirektör/tf välfärdschef Teresia Tötermann lörslag:i", True, "proposal"),
        # A slash between two titles is no word: seven words and an owner.
        ("Tf välfärdschef/rektor för arbetarinstitutet Heidi Kronqvists förslag", True,
         "proposal"),
    ],
)
def test_known_labels(text: str, fuzzy: bool, key: str) -> None:
    assert label_key(text, fuzzy=fuzzy) == (True, key)


@pytest.mark.parametrize(
    "text",
    ["Hyväksyttiin esitys.", "Kaupunginjohtajan ehdotus hyväksyttiin", "Lisäselvitys", ""],
)
def test_not_labels(text: str) -> None:
    assert label_key(text) == (False, None)


def test_strip_label_punct() -> None:
    assert strip_label_punct("Päätös:") == "Päätös"
    assert strip_label_punct("Vvllvrdsnvmndens beslut:i") == "Vvllvrdsnvmndens beslut"


@pytest.mark.parametrize(("a", "b", "close"), [("lörslag", "förslag", True),
                                                ("beslui", "beslut", True),
                                                ("bnsilre", "beslut", False)])
def test_edit1(a: str, b: str, close: bool) -> None:
    assert edit1(a, b) is close


def test_headings_and_letterheads() -> None:
    assert is_appeal_heading("Muutoksenhakukielto")
    assert is_appeal_heading("ANVISNING FÖR BEGÄRAN OM OMPRÖVNING OCH BESVÄR")
    assert not is_appeal_heading("Muutoksenhakuohje: 7.4. Oikaisuvaatimus- ja valituskielto")
    assert is_letterhead("Oulun kaupunki") and is_letterhead("Päivämäärä")
    assert not is_letterhead("Oulun kaupungin talouden seuranta 1.1.-28.2.2017")


def test_parse_date() -> None:
    assert parse_date("klo 16:27, 18.02.2025") == (2025, 2, 18)
    assert parse_date("31.13.2025") is None
