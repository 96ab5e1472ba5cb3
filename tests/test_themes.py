"""Themes that read the structure of a §: roles, kinds of §, enumerations, names, context terms,
notices item by item, and the learned role model (tests marked nlp load the Finnish model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hytedocs
from hytedocs.errors import HytedocsError
from hytedocs.models import Minutes, Section, TextBlock, ThemeRole
from hytedocs.nlp import annotate_sections
from hytedocs.nlp.kinds import ELECTION, NOTICES, ORDINARY, PERSONNEL, ROUTINE, title_kind
from hytedocs.nlp.roles import FEATURES, load_role_model, model_path
from hytedocs.nlp.sentences import BODY, DECISION, TITLE, Sentence, mark_structure
from hytedocs.nlp.taxonomy import load_taxonomy
from hytedocs.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"


def section(title: str, body: str = "", decision: str = "") -> Section:
    def block(text: str) -> TextBlock | None:
        return TextBlock(text=text, pages=[1]) if text else None

    return Section(number=1, title=title, pages=[1], preparation=block(body),
                   decision=block(decision))


def roles(sec: Section, language: str = "fi", settings: Settings | None = None) -> dict[str, str]:
    annotate_sections([sec], language, settings or Settings())
    return {t.id: t.role.value for t in sec.themes}


def primary(sec: Section, language: str = "fi") -> set[str]:
    return {t for t, r in roles(sec, language).items() if r == "primary"}


# --- no model needed ---------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "kind"), [
    ("Kokouksen laillisuus ja päätösvaltaisuus", ROUTINE),
    ("Hyvinvointilautakunnan kokousajankohdat keväällä 2025", ROUTINE),
    ("Vårens möten, ungdomsfullmäktige", ROUTINE),
    ("Ilmoitusasiat", NOTICES),
    ("Viranhaltijapäätökset / sivistys- ja hyvinvointijohtaja", NOTICES),
    ("Kuntayhtymien ja hyvinvointialueen pöytäkirjat/esityslistat", NOTICES),
    ("Övriga ärenden", NOTICES),
    ("Edustajan nimeäminen vammaisneuvostoon 2018–2020", ELECTION),
    ("Val av vice ordförande i ungdomsfullmäktige", ELECTION),
    ("Keskusvaalilautakunnan väliaikaisten varajäsenten valinta", ELECTION),
    ("Täyttölupa musiikkiopiston rehtorin viran täyttämiseen 1.8.2025 alkaen", PERSONNEL),
    ("Anhållan om individuellt tillägg; skolsekreterare Zachariasskolan", PERSONNEL),
    ("Motionsrådgivare; fastställande av lön", PERSONNEL),
    # A group designated for a task is no election of persons.
    ("Lasten ja nuorten hyvinvointiryhmän nimeäminen yhteistyöryhmäksi", ORDINARY),
    ("HYTEn ajankohtaiset asiat 1/2025", ORDINARY),
])
def test_kind_of_section(title: str, kind: str) -> None:
    assert title_kind(title) == kind


def _sentences(lines: list[tuple[str, str, int, bool]]) -> list[Sentence]:
    return [Sentence(text, 1, part, para=para, marked=marked)
            for text, part, para, marked in lines]


def test_enumerations_items_and_paragraphs() -> None:
    out = mark_structure(_sentences([
        ("Liikunta-, nuoriso- ja kulttuuritoimen avustusten haun teema", TITLE, 0, False),
        ("Suunnitelman painopisteet ovat:", BODY, 0, False),
        ("- liikunta", BODY, 1, True),
        ("- yksinäisyyden vähentäminen", BODY, 2, True),
        ("- kulttuuri", BODY, 3, True),
        ("Asia on valmisteltu yhdessä järjestöjen kanssa, ja se on pitkä lause.", BODY, 4, False),
        ("Yhteistyöverkostoon kuuluvat mm. oppilaitokset, TE-toimisto, Kela, hyvinvointialue, "
         "poliisi ja seurakunta.", BODY, 5, False),
        ("Lautakunta hyväksyi suunnitelman.", DECISION, 0, False),
    ]))
    assert [s.para for s in out] == [0, 1, 2, 3, 4, 5, 6, 7]
    enum = [s.enum for s in out]
    assert enum[0] >= 0  # a title that coordinates three areas
    assert enum[1] == -1 and enum[2] == enum[3] == enum[4] >= 0
    assert enum[5] == -1 and enum[6] >= 0 and enum[7] == -1
    assert len({enum[0], enum[2], enum[6]}) == 3
    # Items: a marked line starts one; the lead-in and the text after stay in the item before.
    assert [s.item for s in out] == [0, 1, 2, 3, 4, 4, 4, 5]


def test_taxonomy_context_passing_and_except_entries() -> None:
    tax = load_taxonomy()
    trygg = [t for t in tax.by_id("safety").terms["sv"] if t.words == ("trygg",)]
    assert len(trygg) == 1 and trygg[0].unless and not trygg[0].requires
    assert trygg[0].context_holds({"trygg", "skolväg"})
    assert not trygg[0].context_holds({"trygg", "tillgången", "personal"})
    housing = tax.by_id("housing_environment")
    assert any(t.passing and t.words == ("viemäriverkosto",) for t in housing.terms["fi"])
    assert "*ikäinen" in tax.by_id("education").excepts["fi"]
    assert tax.by_id("ngo_parish").names and not tax.by_id("education").names


@pytest.mark.parametrize("entry", [
    "fi_context = [{term = 'x'}]",
    "fi_context = [{requires = ['y']}]",
    "fi_context = [{term = 'x', requires = 'y'}]",
    "fi_context = [{term = 'x', requires = ['y'], near = 3}]",
    "fi_context = ['x']",
])
def test_bad_context_entry_is_an_error(tmp_path: Path, entry: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"[[theme]]\nid = 'a'\nfi = ['z']\n{entry}\n", encoding="utf-8")
    with pytest.raises(HytedocsError, match="context"):
        load_taxonomy(str(path))


def test_shipped_role_model_matches_the_features() -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert len(data["primary"]) == len(data["any"]) == len(FEATURES)
    assert data["trained"]["on"] == "benchmarks/data/labelled_v2.jsonl, split = tune"
    model = load_role_model()
    assert 0 < model.primary_threshold < 1 and 0 < model.any_threshold < 1


def test_role_model_of_other_features_is_refused(tmp_path: Path) -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(HytedocsError, match="retrain"):
        load_role_model(str(path))


def test_theme_role_defaults_to_primary_for_old_json() -> None:
    """JSON written before roles existed still loads: its themes read as primary."""
    theme = {"id": "education", "label": "Kasvatus", "score": 1.0, "mentions": 1}
    sec = Section.model_validate({"number": 1, "themes": [theme]})
    assert sec.themes[0].role is ThemeRole.primary


# --- the model's words ---------------------------------------------------------------------

@pytest.mark.nlp
def test_enumeration_of_priorities_is_mentioned_not_primary() -> None:
    sec = section(
        "Hyvinvointisuunnitelman laatiminen",
        body="Hyvinvointisuunnitelma laaditaan valtuustokaudelle. Suunnitelman painopisteet:\n"
             "- lasten ja nuorten liikunta\n- ikääntyneiden yksinäisyyden vähentäminen\n"
             "- ehkäisevä päihdetyö\n- työllisyys",
        decision="Lautakunta päättää käynnistää hyvinvointisuunnitelman laatimisen.")
    # Each area of the list is one mention: the specific themes are there in passing, a broad
    # one named once (liikunta) is too little for the lexicon and enough for the role model.
    assert roles(sec) == {"hyte_structures": "primary", "employment_livelihood": "mentioned",
                          "loneliness_inclusion": "mentioned", "older_people": "mentioned",
                          "substances": "mentioned"}
    combined = roles(sec, settings=Settings(theme_classifier="combined"))
    assert {t for t, r in combined.items() if r == "primary"} == {"hyte_structures"}
    assert {"physical_activity", "children_youth", "substances"} <= set(combined)


@pytest.mark.nlp
def test_organisation_names_are_in_passing() -> None:
    sec = section(
        "Järjestöjen toiminta-avustukset 2025",
        body="Toiminta-avustusta myönnetään Mielenterveysyhdistys Tuki ry:lle ja Lapuan "
             "Kotiasunnot Oy:lle sekä Lapuan Sininauha ry:lle.",
        decision="Lautakunta myöntää järjestöille toiminta-avustukset liitteen mukaisesti.")
    got = roles(sec)
    assert got.get("ngo_parish") == "primary"
    assert got.get("mental_health") != "primary" and got.get("housing_environment") != "primary"


@pytest.mark.nlp
def test_context_terms() -> None:
    ensure = section("Personalplanering", body="Staden vill trygga tillgången på personal "
                                               "och trygga finansieringen av servicen.")
    assert "safety" not in roles(ensure, "sv")
    reach = section("Nuorten mielenterveyspalvelut",
                    body="Palvelujen saavutettavuus paranee, kun aukioloaikoja pidennetään.")
    assert "disability_accessibility" not in roles(reach)
    impaired = section("Kirjaston palvelut", body="Palvelujen saavutettavuus näkövammaisille "
                                                  "paranee, kun aineistoa on pistekirjoituksella.")
    assert "disability_accessibility" in roles(impaired)


@pytest.mark.nlp
def test_election_and_personnel_themes_are_mentioned_at_most() -> None:
    election = section("Edustajan nimeäminen vammaisneuvostoon 2018–2020",
                       body="Vammaisneuvosto edistää vammaisten henkilöiden osallisuutta ja "
                            "esteettömyyttä. Neuvostoon nimetään yksi edustaja.")
    got = roles(election)
    assert got.get("disability_accessibility") == "mentioned"
    assert "primary" not in got.values()
    pay = section("Anhållan om individuellt tillägg; skolsekreterare Zachariasskolan",
                  body="Skolsekreteraren ansvarar för elevregistret och skolans ekonomi.")
    assert "primary" not in roles(pay, "sv").values()


@pytest.mark.nlp
def test_lexicon_classifier_gives_roles_too() -> None:
    sec = section("Liikuntapaikkojen käyttövuorot 2025",
                  body="Liikuntapaikkojen vuorot jaetaan seuroille.",
                  decision="Lautakunta hyväksyy liikuntapaikkojen käyttövuorot.")
    lexicon = roles(sec, settings=Settings(theme_classifier="lexicon"))
    assert lexicon.get("physical_activity") == "primary"


# --- real documents (tuning half of the labelled set) ---------------------------------------

@pytest.fixture(scope="module")
def welfare_jan() -> Minutes:
    return hytedocs.parse(REAL / "lapua_hyvinvointilautakunta_2025-01-22_poytakirja.pdf")


@pytest.fixture(scope="module")
def welfare_feb() -> Minutes:
    return hytedocs.parse(REAL / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf")


@pytest.fixture(scope="module")
def city_board() -> Minutes:
    return hytedocs.parse(REAL / "lapua_kaupunginhallitus_2025-04-07_poytakirja.pdf")


def _roles(m: Minutes, number: int) -> dict[str, str]:
    return {t.id: t.role.value for t in m.section(number).themes}


def _primary(m: Minutes, number: int) -> set[str]:
    return {t for t, r in _roles(m, number).items() if r == "primary"}


@pytest.mark.nlp
@pytest.mark.slow
def test_real_welfare_committee_roles(welfare_jan: Minutes, welfare_feb: Minutes) -> None:
    # A project for older people's physical activity.
    assert _primary(welfare_jan, 5) == {"physical_activity", "older_people"}
    # HYTE news: about HYTE structures; the areas it lists are mentioned.
    assert "hyte_structures" in _primary(welfare_jan, 4)
    assert {"children_youth", "wellbeing_county", "older_people"} <= set(_roles(welfare_jan, 4))
    # "Muut asiat" with a sports item: mentioned.
    assert _roles(welfare_jan, 10) == {"physical_activity": "mentioned"}
    # Filling the music school principal's post: personnel, mentioned only.
    assert _roles(welfare_feb, 16) == {"education": "mentioned", "culture_leisure": "mentioned",
                                       "children_youth": "mentioned"}
    assert _roles(welfare_feb, 21) == {"culture_leisure": "mentioned", "ngo_parish": "mentioned",
                                       "physical_activity": "mentioned"}
    for number in (1, 2, 3, 7, 9, 11):
        assert welfare_jan.section(number).themes == []
    # Document themes: primary when primary in one § at least.
    doc = {t.id: t.role.value for t in welfare_jan.themes}
    assert doc["physical_activity"] == "primary" and doc["hyte_structures"] == "primary"


@pytest.mark.nlp
@pytest.mark.slow
def test_real_roles_of_the_role_model() -> None:
    """The learned role model weighs the same evidence; on these §s it agrees with the
    labels."""
    minutes = hytedocs.parse(REAL / "lapua_hyvinvointilautakunta_2025-01-22_poytakirja.pdf",
                             settings=Settings(theme_classifier="combined"))
    assert _primary(minutes, 5) == {"physical_activity", "older_people"}
    assert _roles(minutes, 10) == {"physical_activity": "mentioned"}
    for number in (1, 2, 3, 9, 11):
        assert minutes.section(number).themes == []


@pytest.mark.nlp
@pytest.mark.slow
def test_real_city_board_roles(city_board: Minutes) -> None:
    assert _primary(city_board, 125) == {"wellbeing_county"}
    # Minutes received from the wellbeing county: the county is mentioned, not the subject.
    assert _roles(city_board, 133) == {"wellbeing_county": "mentioned"}
    for number in (126, 128, 129, 130, 131, 132, 135):
        assert city_board.section(number).themes == [], number
