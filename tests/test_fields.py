"""Labelled parts of a § -> fields and the § model's values."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import hytedocs
from hytedocs.models import Minutes
from hytedocs.structure.fields import _items, _recipients, extract_recipients

from .conftest import REAL, RENDERED

SEED = RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf"


@cache
def parse(path: Path) -> Minutes:
    return hytedocs.parse(path, nlp=False)


def test_seed_section_as_the_issue_states() -> None:
    s = parse(SEED).section(91)
    assert (s.number, s.diary_number, s.task_class) == (91, "539/00.04.01/2023", "00.04.01")
    assert s.presenter is not None
    assert (s.presenter.name, s.presenter.title) == ("Pirjo Hepo-oja", "hyvinvointijohtaja")
    assert [(p.name, p.title, p.phone) for p in s.preparers] == [
        ("Kirsi Mäkilä", "Hyvinvointipäällikkö", "044 797 8577")
    ]
    assert s.authority == "Hallintosääntö 23 §"
    assert s.notified == ["Kaupunginhallitus", "Valtuusto"]
    assert s.proposal is not None and s.decision is not None
    assert s.proposal.text.startswith("Hyvinvointilautakunta päättää merkitä asian tiedoksi")
    assert s.decision.text.split("\n")[0] == "Päätösehdotus hyväksyttiin."
    assert s.decision.pages == [2] and s.decision.bbox is not None
    assert [f.key for f in s.fields] == [
        "stage", "diary", "decision", "presenter", "proposal", "authority", "preparer",
        "preparation", "notified",
    ]


def test_wrapped_and_unknown_margin_labels() -> None:
    s = parse(RENDERED / "kaislala_hyvinvointilautakunta_2024-03-14.pdf").section(24)
    labels = {f.label: f.key for f in s.fields}
    assert labels["Vaikutusten arviointi"] == "impact_assessment"
    assert labels["Hyvinvointijohtajan päätösehdotus"] == "proposal"
    assert labels["Lisäselvitys"] is None  # unknown, but kept with its text
    unknown = next(f for f in s.fields if f.label == "Lisäselvitys")
    assert unknown.block.text


def test_inline_labels_keep_printed_order() -> None:
    s = parse(REAL / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf").section(15)
    assert [f.label for f in s.fields] == [
        "", "Valmistelija / lisätiedot", "", "Ehdotus", "Esittelijä", "Päätös",
    ]
    assert s.presenter is not None and s.presenter.name == "Mika Kamunen"
    assert s.proposal is not None
    assert s.proposal.text.startswith("Hyvinvointilautakunta päättää että Lapuan musiikkiopistossa")


def test_this_meetings_handling_wins() -> None:
    s = parse(REAL / "lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf").section(66)
    assert s.decision is not None
    assert s.decision.text.startswith("Kaupunginvaltuusto valitsi Lakeuden jätelautakuntaan")
    assert s.presenter is None  # the KV stage prints no presenter; the KH one had one


def test_nested_earlier_handling() -> None:
    s = parse(REAL / "oulu_kaupunginvaltuusto_2017-02_item_ouka-1499-12.00.02-2016.pdf").sections[0]
    nested = [f.label for f in s.fields if f.parent == "Kaupunginhallituksen käsittely"]
    assert nested == ["Tiivistelmä", "Esittelyteksti", "Esittelijä", "Päätösesitys", "Päätös"]
    assert s.decision is not None
    assert s.decision.text == "Kaupunginhallituksen päätösehdotus hyväksyttiin."
    assert s.presenter is None


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("1 Ta 24 / käyttötalous\n2 Ta 24 / investoinnit", ["Ta 24 / käyttötalous",
                                                            "Ta 24 / investoinnit"]),
        ("- Kommentit väliraporttiin sekä\nasiantuntijaryhmän muistioon\n- Skenaariot",
         ["Kommentit väliraporttiin sekä asiantuntijaryhmän muistioon", "Skenaariot"]),
        ("-", []),
    ],
)
def test_attachment_items(text: str, items: list[str]) -> None:
    assert _items(text) == items


def test_recipients_drop_the_channel() -> None:
    assert _recipients("sähköposti Kaupunginhallitus\nValtuusto") == ["Kaupunginhallitus",
                                                                      "Valtuusto"]


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        # Oulu's "Täytäntöönpanotiedot": the action, the extract's recipients, the appeal note.
        ("Asia tiedoksi kaupunginvaltuustoon Ote: Oulun kaupungin hallintokunnat ja "
         "liikelaitokset Ei muutoksenhakuoikeutta",
         ["Oulun kaupungin hallintokunnat ja liikelaitokset"]),
        ("Asia kaupunginvaltuustoon käsiteltäväksi Ote: Jukka Weisell, Armi Tauriainen "
         "Ei muutoksenhakuoikeutta", ["Jukka Weisell", "Armi Tauriainen"]),
        ("Verkställs genast. Utdrag: Socialnämnden; Tekniska nämnden. Besvärsanvisning bifogas",
         ["Socialnämnden", "Tekniska nämnden"]),
        ("Ote: Talouspalvelut.", ["Talouspalvelut"]),
        # No extract named: nothing, not the action.
        ("Asia tiedoksi kaupunginvaltuustoon", []),
        ("Päätös pannaan täytäntöön heti. Ei otetta.", []),
    ],
)
def test_extract_recipients(text: str, recipients: list[str]) -> None:
    assert extract_recipients(text) == recipients
