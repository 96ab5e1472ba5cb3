"""Meeting front matter: labels, participant lines, stage lines, and real-PDF cover pages.

The real-PDF tests run the stages up to ``meeting.lines_to_meeting`` (words, lines, running
headers, layout), so they do not depend on the § parser. The attendance lists were counted by
hand from the PDFs; Lapua's KV 1.9.2025 minutes confirm their own count in § 64 ("paikalla oli
32 valtuutettua ja 2 varavaltuutettua").
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from hytedocs.models import AttendanceStatus, DocumentKind, Language
from hytedocs.pdf.reader import read_pages
from hytedocs.settings import Settings
from hytedocs.structure import layout
from hytedocs.structure.attendance import parse_participant_line
from hytedocs.structure.front_matter import _loose_label_key, front_label
from hytedocs.structure.lines import words_to_lines
from hytedocs.structure.meeting import DocInfo, lines_to_meeting, parse_stage_line
from hytedocs.structure.names import first_last

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


@functools.cache
def front(name: str, repair_fonts: bool = True) -> DocInfo:
    cfg = Settings(nlp=False, repair_fonts=repair_fonts)
    _opened, pages = read_pages(REAL / name, cfg)
    page_lines = []
    next_id = 0
    for page in pages:
        lines = words_to_lines(page, cfg, next_id)
        next_id += len(lines) + 1
        page_lines.append(lines)
    content, running = layout.remove_running_lines(page_lines, pages, cfg)
    doc = layout.analyse(content, pages, cfg, running)
    return lines_to_meeting(content, doc)


# --- units --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("Aika", "time"),
    ("Paikka", "place"),
    ("Saapuvilla olleet jäsenet", "members"),
    ("Muut saapuvilla olleet", "others"),
    ("Poissa", "absent"),
    ("Pöytäkirjan nähtävänäolo", "display"),
    ("Organ", "body"),
    ("Sammanträdestd", "time"),  # Nykarleby's text layer drops the "ti" ligature
    ("Elektroniska underskrifer", "signatures"),
    ("Övriga närvarande", "others"),
    ("Beslutande", "members"),
])
def test_front_label(text: str, key: str) -> None:
    assert front_label(text) == (key, "")


@pytest.mark.parametrize(("text", "expected"), [
    ("Ärenden 10§–19§", ("items", "10§–19§")),
    ("Pöytäkirjan tarkastajat Korhonen, Anne", ("checkers", "Korhonen, Anne")),
])
def test_front_label_with_value_in_run(text: str, expected: tuple[str, str]) -> None:
    assert front_label(text) == expected


@pytest.mark.parametrize("text", ["Matti Kangas", "Hyvinvointilautakunta hyväksyi esityslistan.",
                                  "Pöytäkirjan tarkastajat Antti Peltola"])
def test_not_a_front_label(text: str) -> None:
    result = front_label(text)
    assert result is None or result[1]  # never a bare label


@pytest.mark.parametrize(("line", "expected"), [
    ("Riina Turja, Hyvinvointikoordinaattori, saapui 16:29, poistui 18:07",
     ("Riina Turja", "Hyvinvointikoordinaattori", "saapui 16:29, poistui 18:07")),
    ("Mika Kamunen, Sivistys- ja hyvinvointijohtaja, esittelijä",
     ("Mika Kamunen", "esittelijä", "Sivistys- ja hyvinvointijohtaja")),
    ("Helena Lahtinen, etänä, Kaupunginhallituksen edustaja",
     ("Helena Lahtinen", "Kaupunginhallituksen edustaja", "etänä")),
    ("Kai Pöntinen, 1. varapuheenjohtaja", ("Kai Pöntinen", "1. varapuheenjohtaja", None)),
    ("Hellsten Jean, viceordförande (distans)", ("Hellsten Jean", "viceordförande", "distans")),
    ("Wingren Emil, media- och kulturkoordinator, t.o.m. kl. 18.45 § 42 och 43 (del)",
     ("Wingren Emil", "media- och kulturkoordinator", "t.o.m. kl. 18.45 § 42 och 43, del")),
    ("Virtanen, Matti, puheenjohtaja", ("Matti Virtanen", "puheenjohtaja", None)),
    ("Rantanen, Päivi, varajäsen (Nurmi, Eeva)", ("Päivi Rantanen", "varajäsen", "Eeva Nurmi")),
])
def test_parse_participant_line(line: str, expected: tuple[str, str | None, str | None]) -> None:
    assert parse_participant_line(line) == expected


def test_first_last() -> None:
    assert first_last("Lindvall Mikael") == "Mikael Lindvall"
    assert first_last("Tötterman-Engström Teresia") == "Teresia Tötterman-Engström"


@pytest.mark.parametrize(("line", "expected"), [
    ("Kaupunginhallitus, 09.06.2025, § 228", ("Kaupunginhallitus", dt.date(2025, 6, 9), 228)),
    ("Kaupunginhallitus 20.3.2017 § 10", ("Kaupunginhallitus", dt.date(2017, 3, 20), 10)),
    ("Välfärdsnämnden 15.9.2022, 42 §", ("Välfärdsnämnden", dt.date(2022, 9, 15), 42)),
    ("Stadsfullmäktige 8.9.2022, 43 §", ("Stadsfullmäktige", dt.date(2022, 9, 8), 43)),
    ("Hyvinvointilautakunta, § 108,28.08.2024", ("Hyvinvointilautakunta", dt.date(2024, 8, 28),
                                                 108)),
    ("hyvoltk 21.11.2023 § 91", ("hyvoltk", dt.date(2023, 11, 21), 91)),
])
def test_parse_stage_line(line: str, expected: tuple[str, dt.date, int]) -> None:
    assert parse_stage_line(line) == expected


# --- real PDFs ------------------------------------------------------------------------------

MEETINGS = [
    ("lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf", DocumentKind.minutes, Language.fi,
     "Lapuan kaupunki", "Hyvinvointilautakunta", "2/2025", dt.date(2025, 2, 18), "16:27", "18:17",
     "Kaupungintalo, valtuustosali"),
    ("lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf", DocumentKind.minutes, Language.fi,
     "Lapuan kaupunki", "Kaupunginvaltuusto", "5/2025", dt.date(2025, 9, 1), "17:00", "17:55",
     "Kaupungintalo, kaupunginvaltuuston sali"),
    ("lapua_kaupunginhallitus_2025-04-07_poytakirja.pdf", DocumentKind.minutes, Language.fi,
     "Lapuan kaupunki", "Kaupunginhallitus", "6/2025", dt.date(2025, 4, 7), "17:00", "18:16",
     "Kaupungintalo, kaupunginhallituksen kokoushuone"),
    ("lapua_kaupunginvaltuusto_2025-11-10_esityslista.pdf", DocumentKind.agenda, Language.fi,
     "Lapuan kaupunki", "Kaupunginvaltuusto", None, dt.date(2025, 11, 10), "17:00", None,
     "Kaupungintalo, kaupunginvaltuuston sali"),
    ("nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf", DocumentKind.minutes, Language.sv,
     "Nykarleby stad", "Välfärdsnämnden", "5/2022", dt.date(2022, 9, 15), "18:00", "19:37",
     "Stadshuset, stadsstyrelsens rum"),
    ("nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf", DocumentKind.minutes, Language.sv,
     None, "Ungdomsfullmäktige", "3/2023", dt.date(2023, 5, 9), "16:15", "17:22",
     "Stadshuset, Topeliusesplanaden 7 och som e-möte"),
    ("vantaa_kaupunginhallitus_2017-03-20_item-10.pdf", DocumentKind.extract, Language.fi,
     None, "Kaupunginhallitus", None, dt.date(2017, 3, 20), None, None, None),
]


@pytest.mark.parametrize(("name", "kind", "lang", "org", "body", "number", "date", "start", "end",
                          "place"), MEETINGS, ids=[m[0].split("_")[1] + m[0][-20:-4]
                                                  for m in MEETINGS])
def test_meeting_details(name: str, kind: DocumentKind, lang: Language, org: str | None,
                         body: str, number: str | None, date: dt.date, start: str | None,
                         end: str | None, place: str | None) -> None:
    info = front(name)
    mt = info.meeting
    assert (info.kind, info.language) == (kind, lang)
    assert (mt.organization, mt.body, mt.meeting_number, mt.date) == (org, body, number, date)
    assert (mt.start_time, mt.end_time, mt.place) == (start, end, place)


def _people(name: str, repair_fonts: bool = True) -> list[tuple[str, str | None, str]]:
    return [(p.name, p.role, p.status.value)
            for p in front(name, repair_fonts).meeting.participants]


def test_attendance_lapua_hyvinvointilautakunta() -> None:
    people = _people("lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf")
    assert people == [
        ("Matti Kangas", "puheenjohtaja", "present"),
        ("Juha Hella", "jäsen", "present"),
        ("Eila Huhta", "jäsen", "present"),
        ("Eeva-Maria Latva-Rasku", "jäsen", "present"),
        ("Susanna Suokko", "jäsen", "present"),
        ("Matti Rinnankoski", "jäsen", "present"),
        ("Teija Ylimäki", "jäsen", "present"),
        ("Helena Lahtinen", "Kaupunginhallituksen edustaja", "present"),
        ("Netta Nyrhilä", "Nuorisovaltuuston edustaja", "present"),
        ("Riina Holkkola", "Musiikkiopiston vt.rehtori", "present"),
        ("Päivi Pippola", "Kirjastotoimenpäällikkö", "present"),
        ("Niko Savinainen", "Liikunta- ja nuorisotoimenpäällikkö", "present"),
        ("Mari Takamaa", "Kansalaisopiston rehtori", "present"),
        ("Heli Talvitie", "Kulttuuripäällikkö", "present"),
        ("Riina Turja", "Hyvinvointikoordinaattori", "present"),
        ("Mika Kamunen", "esittelijä", "present"),
        ("Tiina Lassila", "sihteeri", "present"),
        ("Sami Kuula", "1. varapuheenjohtaja", "absent"),
        ("Antti-Jussi Kivistö", None, "absent"),
    ]
    mt = front("lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf").meeting
    assert mt.participants[9].note == "saapui 16:45, poistui 18:07"
    assert mt.minutes_checkers == ["Matti Rinnankoski", "Teija Ylimäki"]
    assert mt.public_display == "Lapuan kaupungin verkkosivuilla 24.2.2025"


def test_attendance_lapua_valtuusto_across_page_break() -> None:
    mt = front("lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf").meeting
    by_status: dict[str, list[str]] = {}
    for p in mt.participants:
        by_status.setdefault(p.status.value, []).append(p.name)
    # § 64 of the same minutes: 32 councillors and 2 deputies present at the roll call.
    assert len(by_status["present"]) == 32 + 7  # councillors + the 7 other attendees
    assert by_status["substitute"] == ["Tero Ala-Nissilä", "Ismo Jäätteenmäki"]
    # "Poissa" is the last line of page 2; its names are on page 3.
    assert by_status["absent"] == ["Rauno Latvala", "Ville Maunumaa", "Harri Seppälä"]
    assert mt.minutes_checkers == ["Jesse Häyhä", "Simo Ikola"]


def test_attendance_nykarleby_checkboxes_and_columns() -> None:
    mt = front("nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf").meeting
    people = [(p.name, p.role, p.status, p.substitute_for) for p in mt.participants]
    present, absent, sub = (AttendanceStatus.present, AttendanceStatus.absent,
                            AttendanceStatus.substitute)
    assert people == [
        ("Mikael Lindvall", "ordförande", present, None),
        ("Tua Backman", "ledamot", present, None),
        ("Unnur Bjarnadottir", "ledamot", present, None),
        ("Jean Hellsten", "viceordförande", present, None),
        ("Johannes Karf", "ledamot", absent, None),
        ("Linda Rögård", "ersättare", sub, "Johannes Karf"),
        ("Anna Kengo", "ledamot", present, None),
        ("Johanna Norrbygård", "ledamot", present, None),
        ("Majvor Grönroos", "SST:s representant", present, None),
        ("Solveig Rif", "protokollförare", present, None),
        ("Teresia Tötterman-Engström", "föredragande", present, None),
        ("Emil Wingren", "media- och kulturkoordinator", present, None),
    ]
    assert mt.minutes_checkers == ["Johanna Norrbygård", "Tua Backman"]
    assert mt.public_display is not None and "22.9.2022" in mt.public_display


def test_attendance_nykarleby_two_member_columns() -> None:
    mt = front("nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf").meeting
    people = [(p.name, p.status.value) for p in mt.participants]
    assert people == [
        ("Emilia Haverinen", "present"), ("William Sjöström", "present"),
        ("Amanda Harald", "present"), ("Julia Storskrubb", "absent"),
        ("Ella Liljeqvist", "absent"), ("Evelina Sundvik", "present"),
        ("Elias Nystedt", "absent"), ("Tindra Wingren", "present"), ("Alex Sikkilä", "absent"),
        ("Alexander Isaksson", "substitute"), ("Sofia Hedman", "present"),
        ("Katarina Östman", "present"),
    ]
    assert mt.minutes_checkers == ["Evelina Sundvik", "Tindra Wingren"]


def test_single_item_has_no_attendance() -> None:
    info = front("oulu_kaupunginhallitus_2017-03_item_ouka-899-02.06.01.04-2017_word.pdf")
    assert info.kind is DocumentKind.extract
    assert info.meeting.organization == "Oulun kaupunki"
    assert info.meeting.participants == []


def test_attendance_after_contents_running_over_a_page() -> None:
    """Page 2 holds only the end of the contents list ("§ 60" ... "§ 63"); the attendance
    list is on page 3."""
    mt = front("lapua_hyvinvointilautakunta_2025-04-29_poytakirja.pdf").meeting
    names = [p.name for p in mt.participants]
    assert names == [
        "Matti Kangas", "Sami Kuula", "Juha Hella", "Eila Huhta", "Eeva-Maria Latva-Rasku",
        "Matti Rinnankoski", "Susanna Suokko", "Teija Ylimäki", "Helena Lahtinen",
        "Netta Nyrhilä", "Päivi Pippola", "Niko Savinainen", "Heli Talvitie", "Mika Kamunen",
        "Tiina Lassila", "Antti-Jussi Kivistö"]
    assert mt.participants[-1].status is AttendanceStatus.absent
    assert mt.minutes_checkers == ["Eeva-Maria Latva-Rasku", "Sami Kuula"]
    assert mt.public_display == "Lapuan kaupungin verkkosivuilla 5.5.2025"


@pytest.mark.parametrize(("text", "key"), [
    # The Rådet för funktionshindrade cover's text layer swaps letters (o->i, i->h, s->n); bold
    # lines alone at the label column are matched more loosely.
    ("Elektrinhnk pritikilljunterhng", "checkers"),
    ("Elektrinhnka undernkrhfer", "signatures"),
])
def test_loose_label_for_damaged_bold_heading(text: str, key: str) -> None:
    assert front_label(text) is None  # too damaged for the ordinary match
    assert _loose_label_key(text) == key


def test_loose_label_needs_a_heading_like_line() -> None:
    assert _loose_label_key("Benlutande irdhnarhe") is None  # too far from any label
    assert _loose_label_key("Pöytäkirja 2/2025") is None  # digits: not a label


def test_attendance_checkbox_rows_under_a_garbled_heading() -> None:
    """The heading over the tick boxes is garbled ("Benlutande irdhnarhe" = "Beslutande
    ordinarie") in the text layer as the file has it (glyphs.py repairs it by default); the
    "[X] Name" rows still make the members list."""
    name = "nykarleby_radet-for-funktionshindrade_2023-05-24_protokoll.pdf"
    assert _people(name, repair_fonts=False) == [
        ("Anna Caldén", "ordförande", "present"),
        ("Helena Häggström", "ledamot", "present"),
        ("Maja Renvall-Höglund", "ledamot", "present"),
        ("Birgita Knuts", "ledamot", "present"),
        ("Kent Wikblad", "ledamot", "present"),
        ("Johan Svenlin", "sekreterare för rådet", "present"),
        ("Emilia Ingman", "planläggningschef på Nykarleby stad", "present"),
    ]
    # Under "Elektrinhnk pritikilljunterhng" (= Elektronisk protokolljustering); § 11 agrees.
    assert front(name, repair_fonts=False).meeting.minutes_checkers == [
        "Helena Häggström", "Kent Wikblad"]


def test_acting_chair_signature_is_not_a_checker() -> None:
    """p.3 continues the checkers' signatures with "Pekka Kivisaari / Puheenjohtaja § 125": he
    signs as acting chair of § 125, the checkers are the two of p.2."""
    mt = front("lapua_kaupunginhallitus_2025-04-07_poytakirja.pdf").meeting
    assert mt.minutes_checkers == ["Ritva-Leena Heikkinen", "Esa Rintala"]
    assert mt.public_display == "Lapuan kaupungin verkkosivuilla 11.4.2025"


def test_public_display_on_an_unlabelled_second_cover_page() -> None:
    mt = front("nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf").meeting
    assert mt.public_display == "Det justerade protokollet publiceras på www.nykarleby.fi 19.5.2023"


def test_agenda_invitees_are_invited_not_present() -> None:
    """A Kokouskutsu's "Osallistujat" is the invitation list: attendance is not known yet."""
    mt = front("lapua_kaupunginvaltuusto_2025-11-10_esityslista.pdf").meeting
    assert len(mt.participants) == 37
    assert {p.status for p in mt.participants} == {AttendanceStatus.invited}
    assert (mt.participants[0].name, mt.participants[0].role) == ("Anneli Jäätteenmäki",
                                                                  "puheenjohtaja")
