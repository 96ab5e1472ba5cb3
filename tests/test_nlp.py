"""The NLP stage: themes, compound lemmas, entities and summaries (tests marked nlp load the
Finnish spaCy model and Voikko)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import hytedocs
from hytedocs.errors import DependencyError, HytedocsError
from hytedocs.models import Outcome, Section, TextBlock
from hytedocs.nlp import annotate_sections, engine, is_routine
from hytedocs.nlp.sentences import BODY, block_sentences
from hytedocs.nlp.taxonomy import load_taxonomy
from hytedocs.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"
RENDERED = ROOT / "fixtures" / "rendered"
SEED = ROOT / "fixtures" / "seed" / "heinola_hyvinvointilautakunta_2023-11-21_s91.txt"
SETTINGS = Settings()


def section(title: str = "", body: str = "", proposal: str = "", decision: str = "",
            outcome: Outcome | None = None, pages: tuple[int, ...] = (1,)) -> Section:
    def block(text: str) -> TextBlock | None:
        return TextBlock(text=text, pages=list(pages)) if text else None

    return Section(number=1, title=title or None, pages=list(pages), preparation=block(body),
                   proposal=block(proposal), decision=block(decision), outcome=outcome)


def annotate(sec: Section, language: str = "fi") -> Section:
    annotate_sections([sec], language, SETTINGS)
    return sec


def theme_ids(sec: Section) -> set[str]:
    return {t.id for t in sec.themes}


# --- no model needed ---------------------------------------------------------------------------

def test_builtin_taxonomy_covers_the_issue_areas() -> None:
    tax = load_taxonomy()
    ids = {t.id for t in tax.themes}
    assert 15 <= len(ids) <= 20
    assert {"children_youth", "families_early_support", "physical_activity", "mental_health",
            "substances", "loneliness_inclusion", "employment_livelihood", "older_people",
            "lifestyles_nutrition", "safety", "education", "housing_environment",
            "culture_leisure", "hyte_structures", "ngo_parish", "wellbeing_county",
            "disability_accessibility", "integration"} <= ids
    for t in tax.themes:
        assert set(t.labels) == {"fi", "sv", "en"}, t.id
        assert t.terms["fi"] and t.terms["sv"], t.id


def test_user_taxonomy_extends_builtin(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'extends = "builtin"\n[scoring]\nmin_share = 0.5\n'
        '[[theme]]\nid = "physical_activity"\nfi = ["frisbeegolf"]\n'
        '[[theme]]\nid = "animals"\nfi_label = "Eläimet"\nsv_label = "Djur"\n'
        'en_label = "Animals"\nfi = ["koira"]\nsv = ["hund"]\n'
        '[[theme]]\nid = "equality"\nremove = true\n', encoding="utf-8")
    tax = load_taxonomy(str(path))
    ids = [t.id for t in tax.themes]
    assert "animals" in ids and "equality" not in ids and len(ids) == 19
    words = {term.words for term in tax.by_id("physical_activity").terms["fi"]}
    assert ("frisbeegolf",) in words and ("liikunta",) in words
    assert tax.scoring["min_share"] == 0.5


@pytest.mark.parametrize("content", [
    "[[theme]]\nfi = ['x']\n",
    'extends = "other"\n',
    "[scoring]\nnot_a_key = 1\n[[theme]]\nid = 'a'\nfi = ['x']\n",
    "[[theme]]\nid = 'a'\n",
    "[[theme]\n",
])
def test_bad_taxonomy_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HytedocsError, match=r"bad\.toml"):
        load_taxonomy(str(path))


@pytest.mark.parametrize(("title", "routine"), [
    ("Kokouksen laillisuus ja päätösvaltaisuus", True),
    ("Pöytäkirjan tarkastus", True),
    ("Esityslistan hyväksyminen", True),
    ("Sammanträdets laglighet och beslutförhet", True),
    ("Val av protokolljusterare", True),
    ("Godkännande av föredragningslistan", True),
    ("Nuorisotilan aukioloajat", False),
])
def test_routine_titles(title: str, routine: bool) -> None:
    assert is_routine(section(title)) is routine


def test_sentences_carry_pages_and_keep_dates_and_abbreviations() -> None:
    text = ("Neuvottelu järjestettiin 17.8.2023. Siihen osallistui mm. kunnat. "
            "Avustus haetaan vuodelle 2025. Summa on 60 000 euroa.\n\n"
            "Toinen kappale sivulla kaksi, joka on pitkä. " + "Sana " * 60)
    sents = block_sentences(TextBlock(text=text, pages=[3, 4]), BODY)
    assert [s.text for s in sents[:4]] == [
        "Neuvottelu järjestettiin 17.8.2023.", "Siihen osallistui mm. kunnat.",
        "Avustus haetaan vuodelle 2025.", "Summa on 60 000 euroa."]
    assert sents[0].page == 3 and sents[-1].page == 4


def test_missing_voikko_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "libvoikko", None)
    saved = engine._models.pop("voikko", None)
    try:
        with pytest.raises(DependencyError) as info:
            engine.voikko()
    finally:
        if saved is not None:
            engine._models["voikko"] = saved
    message = str(info.value)
    assert "Debian/Ubuntu" in message and "apt-get install libvoikko1 voikko-fi" in message
    assert "macOS" in message and "Windows" in message


# --- lemmas and compounds ------------------------------------------------------------------

@pytest.mark.nlp
@pytest.mark.parametrize(("word", "key"), [
    ("liikkumiskoutsien", "liikkua"),      # head unknown to Voikko: prefix probe
    ("työllisyydenhoitoon", "työllisyys"),
    ("lapsiperheiden", "perhe"),
    ("yksinäisyyden", "yksinäisyys"),
    ("hyte-työn", "hyte"),
    ("HVA:n", "hva"),
    ("päihdetyön", "päihde"),
])
def test_compound_keys(word: str, key: str) -> None:
    from hytedocs.nlp.lemmas import finnish_keys

    assert key in finnish_keys(word, word)


@pytest.mark.nlp
@pytest.mark.parametrize(("title", "expected"), [
    ("Lasten ja nuorten pahoinvointiin puuttuminen", "children_youth"),
    ("Liikkumiskoutsien palkkaaminen kouluihin", "physical_activity"),
    ("Lapsiperheiden varhaiseen tukeen panostaminen", "families_early_support"),
    ("Yksinäisyyden vähentämiseen tähtäävät toimet", "loneliness_inclusion"),
    ("Työllisyydenhoitoon liittyvät toimet", "employment_livelihood"),
    ("Ehkäisevän päihdetyön suunnitelma", "substances"),
    ("Maahanmuuttajien kotoutumisohjelma", "integration"),
    ("Laaja hyvinvointikertomus 2021-2024", "hyte_structures"),
    ("Vammaisneuvoston lausunto esteettömyydestä", "disability_accessibility"),
    ("Koulujen työrauhan parantaminen", "education"),
    ("Kirjaston aukioloajat", "culture_leisure"),
    ("Ikäihmisten kotihoidon tukeminen", "older_people"),
])
def test_title_themes(title: str, expected: str) -> None:
    assert expected in theme_ids(annotate(section(title, body="Asia on valmisteltu.")))


@pytest.mark.nlp
def test_job_titles_and_bodies_are_not_evidence() -> None:
    sec = annotate(section(
        "Laskujen käsittely",
        body="Liikunta- ja nuorisotoimenpäällikkö ja kulttuuripäällikkö valmistelivat asian.",
        decision="Hyvinvointilautakunta kuuli liikunta- ja nuorisotoimenpäällikkö Niko "
                 "Savinaista ja musiikkiopiston rehtori Riina Holkkolaa asiassa."))
    assert sec.themes == []


@pytest.mark.nlp
def test_boilerplate_gets_no_themes() -> None:
    sec = annotate(section(
        "Kokouksen laillisuus ja päätösvaltaisuus",
        body="Nuorisovaltuuston edustaja ja vanhusneuvoston edustaja ovat läsnä. Lasten ja "
             "nuorten liikunta mainitaan.",
        decision="Kokous todettiin lailliseksi ja päätösvaltaiseksi."))
    assert sec.themes == []


@pytest.mark.nlp
def test_swedish_lookup_lemmas() -> None:
    sec = annotate(section(
        "Förebyggande arbete mot rusmedel bland ungdomar",
        body="Ungdomarnas psykiska hälsa har försämrats och ångest blir vanligare. Alkohol "
             "och snus används allt mer bland unga. Missbruket förebyggs i skolorna."),
        language="sv")
    ids = theme_ids(sec)
    assert {"substances", "children_youth", "mental_health"} <= ids
    assert "older_people" not in ids


def _seed_section() -> Section:
    text = SEED.read_text(encoding="utf-8")
    parts: dict[str, list[str]] = {}
    current = ""
    for line in (ln.strip() for ln in text.splitlines()):
        word, _, rest = line.partition(" ")
        if word in ("Päätös", "Päätösehdotus", "Valmistelu", "Esittelijä", "Toimivalta",
                    "Valmistelija", "Tiedoksianto"):
            current, line = word, rest
        if current and line:
            parts.setdefault(current, []).append(line)

    def block(key: str) -> TextBlock:
        joined = re.sub(r"\n(?![▪\d])", " ", "\n".join(parts[key]))
        return TextBlock(text=joined, pages=[1])

    title = next(ln.strip() for ln in text.splitlines() if ln.strip())
    return Section(number=91, title=title, pages=[1], preparation=block("Valmistelu"),
                   proposal=block("Päätösehdotus"), decision=block("Päätös"),
                   outcome=Outcome.approved_as_proposed)


SEED_MUST = {"children_youth", "physical_activity", "employment_livelihood",
             "families_early_support", "loneliness_inclusion", "hyte_structures"}
SEED_MUST_NOT = {"housing_environment", "older_people", "substances"}


@pytest.mark.nlp
def test_seed_themes() -> None:
    sec = annotate(_seed_section())
    ids = theme_ids(sec)
    assert ids >= SEED_MUST
    assert not ids & SEED_MUST_NOT
    for t in sec.themes:
        assert t.evidence and all(e.page == 1 for e in t.evidence)
        assert t.mentions >= 1 and t.score > 0
    employment = next(t for t in sec.themes if t.id == "employment_livelihood")
    assert "työllisyydenhoitoon" in employment.evidence[0].text


@pytest.mark.nlp
def test_seed_rendered_pdf_end_to_end() -> None:
    minutes = hytedocs.parse(RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf")
    seed = minutes.section(91)
    ids = theme_ids(seed)
    assert ids >= SEED_MUST and not ids & SEED_MUST_NOT
    # The plan for preventive substance-abuse work; the groups and partners it names are
    # mentioned.
    assert {t.id: t.role.value for t in minutes.section(95).themes} == {
        "substances": "primary", "older_people": "mentioned", "wellbeing_county": "mentioned"}
    # Document themes sum the §s'.
    doc = {t.id: t for t in minutes.themes}
    assert doc["substances"].mentions == sum(
        t.mentions for s in minutes.sections for t in s.themes if t.id == "substances")
    assert minutes.themes == sorted(minutes.themes, key=lambda t: (-t.score, t.id))


@pytest.mark.nlp
def test_real_pdf_themes_match_labels() -> None:
    minutes = hytedocs.parse(REAL / "lapua_sivistyslautakunta_2024-12-18_poytakirja.pdf")
    assert theme_ids(minutes.section(135)) == {"education"}
    for number in (132, 133, 134, 136, 137, 139, 144):
        assert minutes.section(number).themes == []
    # Notices and officials' decisions give the themes of their items, mentioned.
    assert {t.id: t.role.value for t in minutes.section(141).themes} == {"education": "mentioned"}
    assert [(t.id, t.role.value) for t in minutes.themes if t.role.value == "primary"] == [
        ("education", "primary")]


# --- entities ------------------------------------------------------------------------------

def entities(sec: Section, kind: str) -> list[tuple[str | None, str | None]]:
    return [(e.normalized, e.detail) for e in sec.entities if e.type == kind]


@pytest.mark.nlp
def test_person_after_title_overrides_model_org() -> None:
    sec = annotate(section("Esittely", body="Esittelijänä toimi hyvinvointijohtaja Hepo-oja, "
                                            "Pirjo. Hyvinvointipäällikkö Kirsi Mäkilä "
                                            "poistui."))
    assert ("Pirjo Hepo-oja", "hyvinvointijohtaja") in entities(sec, "person")
    assert ("Kirsi Mäkilä", "hyvinvointipäällikkö") in entities(sec, "person")
    assert not any("Hepo-oja" in (n or "") for n, _d in entities(sec, "organization"))


@pytest.mark.nlp
def test_inflected_name_is_normalised() -> None:
    sec = annotate(section("Kuuleminen", decision="Hyvinvointilautakunta kuuli "
                                                  "hyvinvointikoordinaattori Riina Turjaa "
                                                  "asiassa."))
    assert entities(sec, "person") == [("Riina Turja", "hyvinvointikoordinaattori")]


@pytest.mark.nlp
def test_organizations_places_dates_money_diary() -> None:
    sec = annotate(section(
        "Leirit",
        body="Leirit järjestetään yhteistyössä Lapuan tuomiokirkkoseurakunnan kanssa. "
             "Päijät-Hämeen hyvinvointialue ja Lapuan Sininauha ry osallistuvat. "
             "Neuvottelu pidettiin Heinolassa 17.8.2023. "
             "Kaupunki hakee avustusta etsivään nuorisotyöhön. Haettava summa on 60 000 euroa. "
             "Hankintaan varataan 400 000 € rahoitus. Asia on diaarissa LAPDno-2024-792 ja "
             "539/00.04.01/2023.", pages=(4,)))
    orgs = [n for n, _d in entities(sec, "organization")]
    assert "Lapuan tuomiokirkkoseurakunta" in orgs
    assert "Päijät-Hämeen hyvinvointialue" in orgs
    assert "Lapuan Sininauha ry" in orgs
    assert ("Heinola", None) in entities(sec, "place")
    assert ("2023-08-17", None) in entities(sec, "date")
    money = dict(entities(sec, "money"))
    assert money["60000 EUR"] == "etsivään nuorisotyöhön"
    assert money["400000 EUR"] == "Hankintaan"
    diary = [n for n, _d in entities(sec, "diary_number")]
    assert diary == ["LAPDno-2024-792", "539/00.04.01/2023"]
    assert all(e.page == 4 for e in sec.entities)


# --- summaries -----------------------------------------------------------------------------

BODY_TEXT = ("Kaupunki hakee valtionavustusta etsivään nuorisotyöhön vuodelle 2025. Etsivä "
             "nuorisotyö tavoittaa nuoria, jotka ovat syrjäytymisuhan alaisia. Toiminta "
             "rakentuu yksilötyön ja ryhmätoiminnan varaan. Hakemus on oheismateriaalina.")


@pytest.mark.nlp
def test_summary_uses_the_decision_when_it_says_more() -> None:
    decision = ("Hyvinvointilautakunta päätti myöntää etsivälle nuorisotyölle 5 000 euroa "
                "lisärahoitusta.")
    sec = annotate(section("Hanke / Etsivä nuorisotyö", body=BODY_TEXT,
                           proposal="Hyvinvointilautakunta merkitsee hankehaun tiedokseen.",
                           decision=decision, outcome=Outcome.amended))
    assert sec.summary is not None and sec.summary.endswith(decision)
    assert 2 <= len(re.findall(r"[.!?](?:\s|$)", sec.summary)) <= 3


@pytest.mark.nlp
def test_summary_uses_the_proposal_when_decision_only_accepts() -> None:
    proposal = "Hyvinvointilautakunta hakee valtionavustusta etsivään nuorisotyöhön."
    sec = annotate(section("Hanke / Etsivä nuorisotyö", body=BODY_TEXT, proposal=proposal,
                           decision="Päätösehdotus hyväksyttiin.",
                           outcome=Outcome.approved_as_proposed))
    assert sec.summary is not None and sec.summary.endswith(proposal)
    assert "Päätösehdotus hyväksyttiin" not in sec.summary


@pytest.mark.nlp
def test_model_loads_once_per_process() -> None:
    annotate(section("Kirjasto", body="Kirjaston aukioloajat muuttuvat."))
    first = dict(engine.load_counts)
    annotate(section("Liikunta", body="Uimahallin aukioloajat muuttuvat."))
    annotate_sections([section("Kirjasto")], "fi", Settings(nlp_batch_size=1))
    assert engine.load_counts == first
    assert first["fi"] == 1 and first["voikko"] == 1
