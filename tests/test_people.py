"""Names and titles as printed -> "First Last" with the title apart."""

from __future__ import annotations

import pytest

from hytedocs.structure.people import looks_like_contact, parse_person, parse_preparers


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("hyvinvointijohtaja Hepo-oja, Pirjo", "Pirjo Hepo-oja", "hyvinvointijohtaja"),
        ("Mika Kamunen, Sivistys- ja hyvinvointijohtaja", "Mika Kamunen",
         "Sivistys- ja hyvinvointijohtaja"),
        ("Satu Kankare, Kaupunginjohtaja", "Satu Kankare", "Kaupunginjohtaja"),
        ("Kaupunginjohtaja Matti Pennanen", "Matti Pennanen", "Kaupunginjohtaja"),
        ("Vs. kaupunginjohtaja Päivi Laajala", "Päivi Laajala", "Vs. kaupunginjohtaja"),
        ("Bildningsdirektör/tf välfärdschef Teresia Tötterman-Engström",
         "Teresia Tötterman-Engström", "Bildningsdirektör/tf välfärdschef"),
        # A title that holds a comma, in both name orders.
        ("johtaja, tilaajapäällikkö Mikael Nurmela", "Mikael Nurmela",
         "johtaja, tilaajapäällikkö"),
        ("johtaja, tilaajapäällikkö Nurmela, Mikael", "Mikael Nurmela",
         "johtaja, tilaajapäällikkö"),
        ("tekninen johtaja Mikko Ahola", "Mikko Ahola", "tekninen johtaja"),
        ("puheenjohtaja Hakala, Jukka", "Jukka Hakala", "puheenjohtaja"),
    ],
)
def test_parse_person(text: str, name: str, title: str) -> None:
    p = parse_person(text)
    assert (p.name, p.title) == (name, title)


def test_seed_preparer() -> None:
    (p,) = parse_preparers(
        "Hyvinvointipäällikkö Kirsi Mäkilä, puh, 044 797 8577,\netunimi.sukunimi@heinola.fi,."
    )
    assert p.model_dump() == {"name": "Kirsi Mäkilä", "title": "Hyvinvointipäällikkö",
                              "phone": "044 797 8577", "email": "etunimi.sukunimi@heinola.fi"}


def test_preparers_one_a_line() -> None:
    got = parse_preparers(
        "Mika Kamunen, Sivistys- ja hyvinvointijohtaja, mika.kamunen@lapua.fi\n"
        "Heli Talvitie, Kulttuuripäällikkö, heli.talvitie@lapua.fi"
    )
    assert [(p.name, p.title, p.email) for p in got] == [
        ("Mika Kamunen", "Sivistys- ja hyvinvointijohtaja", "mika.kamunen@lapua.fi"),
        ("Heli Talvitie", "Kulttuuripäällikkö", "heli.talvitie@lapua.fi"),
    ]


def test_preparers_in_running_text() -> None:
    got = parse_preparers(
        "Konsernihallinto,\nkonsernicontroller Jaana Niemelä puh. 044 703 9202,\n"
        "talouspäällikkö Armi Tauriainen puh. 044 703 1236 ja\n"
        "talousjohtaja Jukka Weisell puh. 040 038 3490"
    )
    assert [(p.name, p.title, p.phone) for p in got] == [
        ("Jaana Niemelä", "konsernicontroller", "044 703 9202"),
        ("Armi Tauriainen", "talouspäällikkö", "044 703 1236"),
        ("Jukka Weisell", "talousjohtaja", "040 038 3490"),
    ]


def test_hyphenated_title_stays_whole() -> None:
    (p, q) = parse_preparers(
        "Sivistys- ja kulttuurijohtaja Mika Penttilä puh. 044 7039012,\n"
        "tapahtumapäällikkö Samu Forsblom puh. 044 7047558"
    )
    assert (p.title, p.name) == ("Sivistys- ja kulttuurijohtaja", "Mika Penttilä")
    assert (q.title, q.name, q.phone) == ("tapahtumapäällikkö", "Samu Forsblom", "044 7047558")


@pytest.mark.parametrize(
    ("line", "contact"),
    [
        ("hyvinvointijohtaja Tiina Aaltonen, puh. 040 123 4500,", True),
        ("Planerare Mats Ekström", True),
        ("laura.kivela@kaislala.fi", True),
        ("Tarjouksen jättivät:", False),
        ("Rakennus Oy Kivijalka", False),
        ("Sähkö-Mäki Oy", False),
    ],
)
def test_looks_like_contact(line: str, contact: bool) -> None:
    """A blank line ends a preparer part unless another contact person follows: contractors
    listed after it are case text, never preparers."""
    assert looks_like_contact(line) is contact
