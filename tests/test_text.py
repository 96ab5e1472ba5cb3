"""Clean text: no zero-width, control or private-use characters; hyphenation joined."""

from __future__ import annotations

import pytest

from hytedocs.text import clean_text, fold, join_hyphenated


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Kankare,\u200b Kaupunginjohtaja", "Kankare, Kaupunginjohtaja"),
        ("Ritva-\u200bLeena", "Ritva-Leena"),
        ("kunta\u00adlaki", "kuntalaki"),
        ("27\u201530 §", "27\u201330 §"),
        ("a\x07b\ue000c", "abc"),
        ('"Mileone(cid:16) sopapassa(cid:16)"', '"Mileone sopapassa"'),
        ("  kaksi   välilyöntiä ", "kaksi välilyöntiä"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("lag-", "ligt sammankallad", "lagligt sammankallad"),
        ("sosiaali-", "ja terveydenhuolto", "sosiaali- ja terveydenhuolto"),
        # A capital after a line-end hyphen continues a double name (golden review found
        # "Latva- Rasku", "Etelä- Pohjanmaan" in the Lapua minutes).
        ("Eeva-Maria Latva-", "Rasku", "Eeva-Maria Latva-Rasku"),
        ("Etelä-", "Pohjanmaan hyvinvointialue", "Etelä-Pohjanmaan hyvinvointialue"),
        ("Tasa-", "arvolain 4 a §:n", "Tasa-arvolain 4 a §:n"),
        ("liite_517-", "519.pdf", "liite_517-519.pdf"),
        ("päättää", "merkitä", "päättää merkitä"),
        ("välfärdsnämn-", "dens ordförande", "välfärdsnämndens ordförande"),
        # A range broken after its dash, and a hyphen an e-mail address was printed with.
        ("hyvinvointisuunnitelma 2020–", "2023", "hyvinvointisuunnitelma 2020–2023"),
        ("1.6.2025-", "31.5.2027", "1.6.2025-31.5.2027"),
        ("Länsi- ja Sisä-", "Suomen rajakylissä", "Länsi- ja Sisä-Suomen rajakylissä"),
        ("Rektor Ann-Sofie Strandberg, ann-", "sofie.strandberg@pedersore.fi",
         "Rektor Ann-Sofie Strandberg, ann-sofie.strandberg@pedersore.fi"),
        ("tiedoksi –", "ja toimenpiteitä varten", "tiedoksi – ja toimenpiteitä varten"),
    ],
)
def test_join_hyphenated(left: str, right: str, joined: str) -> None:
    assert join_hyphenated(left, right) == joined


def test_fold() -> None:
    assert fold("  Päätös\u200b ") == "päätös"
