"""What happened to each §: outcome, participation, votes, prior handlings, references.

Unit tests run on sentences copied from the corpus (fixtures/real, the seed in fixtures/seed) and,
where the corpus has no example (a vote won by a counter-proposal, a tabled §, an arrival
recorded in a §), on the realistic minutes rendered into fixtures/rendered. Real-PDF tests parse
whole Lapua minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest

import hytedocs
from hytedocs.models import (
    DecisionKind,
    DocumentKind,
    Field_,
    Meeting,
    Minutes,
    Outcome,
    Participant,
    Preparer,
    Section,
    TextBlock,
)
from hytedocs.structure.annotate import annotate_section
from hytedocs.structure.meeting import DocInfo
from hytedocs.structure.outcome import classify_kind, classify_outcome, find_riders
from hytedocs.structure.participation import (
    disqualified_by_label,
    note_events,
    participation_events,
)
from hytedocs.structure.references import decision_references, legal_references
from hytedocs.structure.votes import parse_vote

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"


@functools.cache
def parsed(name: str) -> Minutes:
    return hytedocs.parse(REAL / name, nlp=False)


# --- outcome ------------------------------------------------------------------------------

OUTCOMES = [
    # approved_as_proposed
    ("Päätösehdotus hyväksyttiin.", Outcome.approved_as_proposed),
    ("Hyvinvointilautakunta kuuli hyvinvointikoordinaattori Riina Turjaa asiassa ja hyväksyi "
     "sivistys- ja hyvinvointijohtajan ehdotuksen.", Outcome.approved_as_proposed),
    ("Hyväksyi esityksen.", Outcome.approved_as_proposed),
    ("Hyväksyttiin esitys.", Outcome.approved_as_proposed),
    ("Kaupunginjohtaja alusti asiaa. Kaupunginhallitus hyväksyi kaupunginjohtajan ehdotuksen "
     "keskustelun jälkeen.", Outcome.approved_as_proposed),
    ("Stadsdirektörens förslag godkändes.", Outcome.approved_as_proposed),
    ("Förslaget godkändes.", Outcome.approved_as_proposed),
    ("Stadsdirektörensnförslagngodkändes.", Outcome.approved_as_proposed),
    # amended
    ("Lautakunta hyväksyi ehdotuksen muutettuna että tammikuun kokous pidetään 15.1.2025.",
     Outcome.amended),
    ("Hyvinvointilautakunta hyväksyi esityslistan siten muutettuna, että esityslistalle "
     "lisättiin asia § 169 Päiväranta kiinteistön siirtyminen kulttuuritoimelle.",
     Outcome.amended),
    ("Kulttuuripäällikkö ehdotti kokouksessa, että kyseisestä määrärahasta jakamatta jäänyt "
     "4.450 euroa käytetään muihin avustuksiin.", Outcome.amended),
    ("Lautakunnan jäsen Eila Huhta teki vastaesityksen, jossa koulujen liikuntasalien vuorot "
     "olisivat junioreiden osalta maksuttomat. Vastaehdotus raukesi kannattamattomana. "
     "Hyvinvointilautakunta hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen siten "
     "muutettuna, että kohta 2:", Outcome.amended),
    # counter_proposal (rendered Kaislala § 27: the corpus has no accepted counter-proposal)
    ("Puheenjohtaja totesi, että hyvinvointilautakunta on äänin 5–3 hyväksynyt Hanna Järvisen "
     "vastaehdotuksen.", Outcome.counter_proposal),
    # returned
    ("Kaupunginvaltuuston puheenjohtaja totesi, että kaupunginvaltuusto kannattaa Kai Pöntisen "
     "esitystä ja, että asia palautetaan uudelleen valmisteluun siltä osin, kun ohje koskee "
     "sosiaalisen median ohjeen otsikon nro. 5.", Outcome.returned),
    # tabled (rendered Heinola § 95: the corpus has no tabled §)
    ("Keskustelun kuluessa jäsen Mikko Laine ehdotti, että asia jätetään pöydälle, jotta "
     "suunnitelmaan voidaan liittää nuorisovaltuuston lausunto. Asia jätettiin pöydälle.",
     Outcome.tabled),
    # noting and electing what was proposed adopts it
    ("Hyvinvointilautakunta merkitsi ilmoitusasiat tiedokseen.", Outcome.approved_as_proposed),
    ("Hyvinvointilautakunta päätti olla käyttämättä otto-oikeuttaan ja merkitsi tehdyt päätökset "
     "tiedokseen.", Outcome.approved_as_proposed),
    ("Antecknades för kännedom.", Outcome.approved_as_proposed),
    ("Ärendetnantecknadesnförnkännedom.", Outcome.approved_as_proposed),
    ("Merkittiin tiedoksi.", Outcome.approved_as_proposed),
    ("Tämän kokouksen pöytäkirjantarkastajiksi valittiin Matti Rinnankoski ja Teija Ylimäki.",
     Outcome.approved_as_proposed),
    ("Kaupunginvaltuusto valitsi Lakeuden jätelautakuntaan 31.5.2029 päättyväksi toimikaudeksi "
     "varsinaiseksi jäseneksi Pirkko Talolan.", Outcome.approved_as_proposed),
    ("Tijj protokojjjusterare utsågs Johanna Norrbygård och Tua Backman.",
     Outcome.approved_as_proposed),
    # the presenter changed the proposal at the meeting (issue 17's examples)
    ("Keskustelun jälkeen sivistys- ja hyvinvointijohtaja teki muutetun esityksen: "
     "avustuksia myönnetään myös nuorisoseuroille.", Outcome.amended),
    ("Under diskussionen ändrade föredraganden sitt förslag så att avgifterna sänks. Det "
     "ändrade förslaget godkändes.", Outcome.amended),
    ("Nämnden godkände förslaget med den ändringen att avgiften är 5 euro.", Outcome.amended),
    # a rider (ponsi) beside an unchanged proposal changes nothing
    ("Päätösehdotus hyväksyttiin. Lisäksi lautakunta hyväksyi yksimielisesti jäsen Jukka "
     "Kauppilan tekemän ponnen: Suunnitelmaan lisätään mittari.", Outcome.approved_as_proposed),
    # a counter-proposal that lost the vote
    ("Äänestyksessä ehdotus voitti äänin 6–3. Lautakunta hyväksyi ehdotuksen.",
     Outcome.approved_as_proposed),
]

# A proposal printed for the § above; the outcome says how the decision relates to it.
SOME_PROPOSAL = "Lautakunta päättää asiasta liitteen mukaisesti."

# Nothing proposed for this meeting: the meeting declared lawful, the agenda approved.
NO_PROPOSAL = [
    "Hyvinvointilautakunta totesi kokouksen lailliseksi ja päätösvaltaiseksi.",
    "Puheenjohtaja totesi kokouksen laillisesti kokoonkutsutuksi ja päätösvaltaiseksi.",
    "Välfärdsnämnden konstaterades vara lagligt sammankallad och beslutför",
    "Hyvinvointilautakunta hyväksyi esityslistan.",
    # no proposal to change: the agenda changed at the meeting stays no_proposal (guide 7.1)
    "Esityslista hyväksyttiin siten muutettuna, että § 5 poistettiin.",
    "Tämän kokouksen pöytäkirjantarkastajiksi valittiin Matti Rinnankoski ja Teija Ylimäki.",
]


@pytest.mark.parametrize("decision", NO_PROPOSAL)
def test_outcome_without_proposal(decision: str) -> None:
    assert classify_outcome(decision) is Outcome.no_proposal


@pytest.mark.parametrize(("decision", "outcome"), OUTCOMES,
                         ids=[f"{o.value}-{i}" for i, (_d, o) in enumerate(OUTCOMES)])
def test_classify_outcome(decision: str, outcome: Outcome) -> None:
    assert classify_outcome(decision, SOME_PROPOSAL) is outcome


def test_outcome_restating_the_proposal() -> None:
    proposal = "Hyvinvointilautakunta päättää varata stipendit liikuntatoimen talousarviosta."
    decision = "Hyvinvointilautakunta päätti varata stipendit liikuntatoimen talousarviosta."
    assert classify_outcome(decision, proposal) is Outcome.approved_as_proposed


# (decision, proposal, title, outcome): how the decision relates to the proposal, on real §s.
OUTCOMES_WITH_PROPOSAL = [
    # hyvinvointilautakunta 22.1.2025 § 4: approving a proposal to note something.
    ("Hyvinvointilautakunta kuuli hyvinvointikoordinaattori Riina Turjaa asiassa ja hyväksyi "
     "sivistys- ja hyvinvointijohtajan ehdotuksen.",
     "Hyvinvointilautakunta merkitsee Hyvinvoinnin ja terveyden edistämisen toimialan "
     "ajankohtaiset asiat 1/2025 tiedokseen.", "HYTEn ajankohtaiset asiat 1/2025",
     Outcome.approved_as_proposed),
    # kaupunginvaltuusto 1.9.2025 § 69: the KH's proposal that the council note the report.
    ("Kaupunginvaltuusto hyväksyi kaupunginhallituksen ehdotuksen keskustelun jälkeen.",
     "Kaupunginhallitus esittää kaupunginvaltuustolle, että se merkitsee tiedoksi talouden "
     "toteutuman ajalta 1.1. -.30.6.2025.", None, Outcome.approved_as_proposed),
    # The seed (Heinola § 91): note and forward to the board -> more than noting, approved.
    ("Päätösehdotus hyväksyttiin.", "Hyvinvointilautakunta päättää merkitä asian tiedoksi ja "
     "lähettää asian edelleen kaupunginhallitukselle ja valtuustolle tiedoksi.", None,
     Outcome.approved_as_proposed),
    # kaupunginhallitus 7.4.2025 § 128: noting is one point of several -> approved.
    ("Kaupunginhallitus hyväksyi kaupunginjohtajan ehdotuksen.",
     "Kaupunginhallitus päättää 1. merkitä yhtiökokouksen ajankohdan tiedokseen. 2. antaa "
     "ohjeistuksen yhtiökokousedustajalle.", None, Outcome.approved_as_proposed),
    # sivistyslautakunta 18.12.2024 § 138: the approved proposal chooses persons.
    ("Sivistyslautakunta hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen.",
     "Sivistyslautakunta nimeää laskujen hyväksyjiksi 1.1.2025 alkaen liitteen mukaiset "
     "henkilöt.", "Laskujen hyväksyjät", Outcome.approved_as_proposed),
    # Rådet för funktionshindrade 24.5.2023 § 11 (damaged layer: l -> j).
    ("Hejena Häggströmm och Kent Wikbjad vajdes tjj protokojjjusterare. Protokojjet justeras "
     "ejektroniskt senast 1.6.2023.",
     "Rådet fömr funktonshindrade utser protokojjjusterare. Protokojjet justeras ejektroniskt "
     "senast 1.6.2023.", "Val av protokolljusterare", Outcome.approved_as_proposed),
    # Rådet för funktionshindrade 24.5.2023 § 14: a report to be noted, recorded as told.
    ("Anna Caldén redogjorde för de två möten som Österbotens välfärdsområdes Råd för personer "
     "med funktionsnedsätning hållit hitlls i år.", "Informationen antecknas för kännedom.",
     "Lägesrapport från välfärdsområdet", Outcome.approved_as_proposed),
    # ... § 15: the discussion the proposal asked for, recorded: no departure is printed.
    ("RFF ser gärna et fortsat samarbete med Äldrerådet. Vad beträfar planeringen av en "
     "gemensam välfärdsdag vid Nykarleby sjukhem behöver tidpunkten för evenemanget "
     "koordineras.", "RFF diskuterar hur et fortsat samarbete med Äldrerådet kan "
     "vidareutvecklas.", "Fortsat samarbete med Äldrerådet", Outcome.approved_as_proposed),
    # ympäristölautakunta 26.10.2021 § 96: a printed proposal to declare the meeting lawful.
    ("Totesi kokouksen lailliseksi ja päätösvaltaiseksi.",
     "Kokous todetaan laillisesti kokoonkutsutuksi ja päätösvaltaiseksi.",
     "Kokouksen laillisuus ja päätösvaltaisuus", Outcome.approved_as_proposed),
    # hyvinvointilautakunta 18.2.2025 §§ 17, 22: changed at the meeting / departing from it.
    ("Hyvinvointilautakunta: 1) kuuli sivistys- ja hyvinvointijohtajaa ja vastuualueiden "
     "esimiehiä asiassa ja hyväksyi kokouksessa esitetyn päivitetyn hyvinvointilautakunnan "
     "toiminnan toteutumisen vuodelta 2024.", "Hyvinvointilautakunta: 1) kuulee ... ja "
     "hyväksyy liitteen mukaisesti hyvinvointilautakunnan toiminnan toteutumisen vuodelta "
     "2024.", None, Outcome.amended),
    # ... § 22 departs from a date printed elsewhere, but no proposal was printed for the §
    # (labelled no_proposal; was amended under schema 1.0).
    ("Hyvinvointilautakunnan seuraava kokous pidetään esitetystä ajankohdasta poiketen "
     "13.3.2025 Vanhassa Paukussa.", None, "Seuraava kokous", Outcome.no_proposal),
    # Ungdomsfullmäktige 9.5.2023 § 18 (damaged layer: e -> g).
    ("Förgdrggnnngslnsagn godkändgs uagn tlläggsärgndg",
     "Ungdomsfullmäktgg godkänngr förgdrggnnngslnsagn och bgsluagr om gvgnaugllg "
     "tlläggsärgndgn", "Godkännande av föredragningslistan", Outcome.approved_as_proposed),
]


@pytest.mark.parametrize(("decision", "proposal", "title", "outcome"), OUTCOMES_WITH_PROPOSAL,
                         ids=[f"{o.value}-{i}" for i, (*_x, o) in
                              enumerate(OUTCOMES_WITH_PROPOSAL)])
def test_classify_outcome_against_proposal(decision: str, proposal: str | None,
                                           title: str | None, outcome: Outcome) -> None:
    assert classify_outcome(decision, proposal, None, title) is outcome


# (proposal, decision, title, body, kind): what kind of decision, from the proposal printed for
# this meeting, or from the decision when there is none.
KINDS = [
    ("Hyvinvointilautakunta hyväksyy osaltaan laajan hyvinvointikertomuksen ja esittää ne "
     "edelleen kaupunginhallituksen ja kaupunginvaltuuston hyväksyttäviksi.", "Hyväksyttiin.",
     None, "Hyvinvointilautakunta", DecisionKind.referral),
    # the council decides what the board proposed to it: no referral
    ("Kaupunginhallitus esittää kaupunginvaltuustolle, että valtuusto hyväksyy sopimuksen.",
     "Hyväksyttiin.", None, "Kaupunginvaltuusto", DecisionKind.approval),
    ("Kaupunginhallitus esittää kaupunginvaltuustolle, että se merkitsee tiedoksi talouden "
     "toteutuman.", "Hyväksyttiin.", None, "Kaupunginvaltuusto", DecisionKind.noting),
    # an official proposes to this body
    ("Sivistysjohtaja esittää lautakunnalle, että se hyväksyy suunnitelman.", "Hyväksyttiin.",
     None, "Sivistyslautakunta", DecisionKind.approval),
    ("Stadsdirektören föreslår att stadsstyrelsen godkänner avtalet.", "Förslaget godkändes.",
     None, "Stadsstyrelsen", DecisionKind.approval),
    ("Nämnden godkänner för sin del planen och föreslår att stadsstyrelsen godkänner den.",
     "Förslaget godkändes.", None, "Bildningsnämnden", DecisionKind.referral),
    ("Ympäristölautakunta päättää antaa aloitteeseen vastauksen ja esittää, että aloite todetaan "
     "loppuun käsitellyksi.", "Hyväksyttiin.", None, "Ympäristölautakunta",
     DecisionKind.referral),
    ("Hyvinvointilautakunta pyytää kaupunginhallitukselta täyttölupaa rehtorin viran "
     "täyttämiseen.", "Hyväksyttiin.", None, "Hyvinvointilautakunta", DecisionKind.referral),
    ("Nämnden ger välfärdsområdet ett utlåtande enligt bilagan.", "Förslaget godkändes.", None,
     "Bildningsnämnden", DecisionKind.statement),
    ("Hyvinvointilautakunta keskustelee asiasta ja tekee lausuntoesityksen kokouksessa.",
     "Lautakunnan lausunto: ...", "Mikroliikennelupa / Hyvinvointilautakunnan lausunto",
     "Hyvinvointilautakunta", DecisionKind.statement),
    ("Hyvinvointilautakunta päättää valita musiikkiopiston rehtorin virkaan KM Riina Holkkolan.",
     "Hyväksyttiin.", None, "Hyvinvointilautakunta", DecisionKind.appointment),
    ("Hyvinvointilautakunta nimeää vanhusneuvostoon edustajan ja hänelle varajäsenen.",
     "Hyväksyttiin.", None, "Hyvinvointilautakunta", DecisionKind.election),
    (None, "Tämän kokouksen pöytäkirjantarkastajiksi valittiin Matti Rinnankoski ja Teija "
     "Ylimäki.", "Pöytäkirjan tarkastus", "Hyvinvointilautakunta", DecisionKind.election),
    (None, "Till protokolljusterare utsågs Mikael Lindholm och Erik Forsman.",
     "Val av protokolljusterare", "Bildningsnämnden", DecisionKind.election),
    # invoice approvers are named by a unit's practice: an approval
    ("Sivistyslautakunta nimeää laskujen hyväksyjiksi 1.1.2025 alkaen liitteen mukaiset "
     "henkilöt.", "Hyväksyttiin.", "Laskujen hyväksyjät", "Sivistyslautakunta",
     DecisionKind.approval),
    ("Hyvinvointilautakunta merkitsee talouden toteutuman tiedokseen ja toimittaa sen edelleen "
     "kaupunginhallitukselle tiedoksi.", "Hyväksyttiin.", None, "Hyvinvointilautakunta",
     DecisionKind.noting),
    ("Vi tar del av informationen.", "Välfärdschefen berättade om sitt jobb.", None,
     "Ungdomsfullmäktige", DecisionKind.noting),
    (None, "Hyvinvointilautakunta totesi kokouksen lailliseksi ja päätösvaltaiseksi.",
     "Kokouksen laillisuus ja päätösvaltaisuus", "Hyvinvointilautakunta", DecisionKind.other),
    (None, "Hyvinvointilautakunta hyväksyi esityslistan.", "Esityslistan hyväksyminen",
     "Hyvinvointilautakunta", DecisionKind.other),
    ("Lautakunta päättää myöntää avustukset liitteen mukaisesti.", "Hyväksyttiin.", None,
     "Hyvinvointilautakunta", DecisionKind.approval),
]


@pytest.mark.parametrize(("proposal", "decision", "title", "body", "kind"), KINDS,
                         ids=[f"{k.value}-{i}" for i, (*_x, k) in enumerate(KINDS)])
def test_classify_kind(proposal: str | None, decision: str, title: str | None, body: str,
                       kind: DecisionKind) -> None:
    assert classify_kind(decision, proposal, title, body) is kind


def test_kind_ignores_the_outcome() -> None:
    # The same proposal tabled, returned or adopted is the same kind of decision.
    p = "Nämnden ger välfärdsområdet ett utlåtande enligt bilagan."
    assert {classify_kind(d, p, None, "Bildningsnämnden") for d in
            ("Ärendet bordlades.", "Ärendet återremitterades.", "Förslaget godkändes.")} == {
        DecisionKind.statement}


@pytest.mark.parametrize(("text", "riders"), [
    ("Päätösehdotus hyväksyttiin. Lisäksi vapaa-aikalautakunta hyväksyi yksimielisesti jäsen "
     "Jukka Kauppilan tekemän ponnen: Suunnitelmaan lisätään erillinen mittari nuorten "
     "yksinäisyydelle.", ["Suunnitelmaan lisätään erillinen mittari nuorten yksinäisyydelle."]),
    ("Förslaget godkändes. Dessutom godkände nämnden enhälligt ledamot Anna Forsmans kläm: "
     "Avgifterna inte höjs år 2027.\n\nByggnadsinspektör Ekström avlägsnade sig.",
     ["Avgifterna inte höjs år 2027."]),
    ("Valtuusto hyväksyi toivomusponnen, jonka mukaan selvitetään koulukuljetukset.",
     ["Valtuusto hyväksyi toivomusponnen, jonka mukaan selvitetään koulukuljetukset."]),
    ("Päätösehdotus hyväksyttiin.", []),
    # "responsiivinen" holds the letters of "ponsi" inside a word
    ("Hyväksyttiin responsiivinen verkkosivusto.", []),
])
def test_find_riders(text: str, riders: list[str]) -> None:
    assert [b.text for b in find_riders([TextBlock(text=text, pages=[3])])] == riders


@pytest.mark.parametrize(("sentence", "events"), [
    ("Lautakunta kuuli asiantuntijana hyvinvointikoordinaattori Nanna Nivukoskea.",
     [("Nanna Nivukoski", "heard")]),
    ("Lautakunta kuuli Heli Talvitietä asiassa.", [("Heli Talvitie", "heard")]),
    ("Nämnden hörde Anna Forsman.", [("Anna Forsman", "heard")]),
    # an election sentence gives no event, and presence is no hearing
    ("Hyvinvointilautakunta valitsi vuoden 2024 Nuoreksi toimijaksi Nanna Nivukosken.", []),
    ("Kulttuuripäällikkö Heli Talvitie oli paikalla asian esittelyn ajan klo 17.37-17.55.", []),
])
def test_heard_only_when_heard(sentence: str, events: list[tuple[str, str]]) -> None:
    got = participation_events([(sentence, 1)], [])
    assert [(p.name, p.event.value) for p in got] == events


def test_outcome_rejected() -> None:
    # Not in the corpus; the usual wording of a rejection.
    assert classify_outcome("Lautakunta hylkäsi oikaisuvaatimuksen.") is Outcome.rejected


# --- votes --------------------------------------------------------------------------------

KV_VOTE = (
    "Kaupunginjohtaja alusti asiaa. Keskustelun aikana kaupunginhallituksen jäsen Marcus Toppari "
    "teki kaupunginjohtajan ehdotuksesta poikkeavan esityksen, jossa asia palautetaan takaisin "
    "valmisteluun. Lapuan kaupunginhallituksen varajäsen Sini Syrjälä kannatti Marcus Topparin "
    "esitystä. Kaupunginhallituksen puheenjohtaja Kai Pöntinen totesi, että Marcus Toppari on "
    "tehnyt Sini Syrjälän kannattamana kaupunginjohtajan ehdotuksesta eriävän esityksen, joten "
    "asiassa suoritetaan avoin äänestys. Puheenjohtaja esitti, että ne, jotka kannattavat "
    "kaupunginjohtajan ehdotusta äänestävät JAA ja ne, jotka kannattivat Marcus Topparin "
    "esitystä äänestävät EI. Äänestys hyväksyttiin.\n\n"
    "Suoritetussa avoimessa äänestyksessä annettiin 4 JAA- ääntä ja 7 EI- ääntä.\n\n"
    "Puheenjohtaja totesi, että valtuustoaloite palautetaan takaisin valmisteluun."
)
KV_PEOPLE = ["Marcus Toppari", "Sini Syrjälä", "Kai Pöntinen", "Satu Kankare"]

HEINOLA_VOTE = (
    "Keskustelun aikana jäsen Laine Mikko teki vastaehdotuksen, että\naukioloaikojen "
    "laajentaminen toteutetaan jo 1.1.2024 alkaen ja\nnuorisotila on avoinna myös sunnuntaisin "
    "klo 14–20. Jäsen Salo Riikka\nkannatti vastaehdotusta.\n\n"
    "Puheenjohtaja totesi, että on tehty kannatettu vastaehdotus, joten\nasiasta on "
    "äänestettävä. Puheenjohtaja esitti äänestysjärjestykseksi,\nettä päätösehdotusta "
    "kannattavat äänestävät JAA ja vastaehdotusta\nkannattavat äänestävät EI. "
    "Äänestysjärjestys hyväksyttiin.\n\n"
    "Äänestyksessä annettiin ehdotukselle 6 JAA-ääntä ja vastaehdotukselle 3\nEI-ääntä, "
    "0 tyhjää, 0 poissa.\n\n"
    "JAA: Hakala Jari, Heikkinen Sari, Korhonen Anne, Lehtonen Tuomas,\nRantanen Päivi, "
    "Virtanen Matti\n\n"
    "EI: Laine Mikko, Mäkinen Juha, Salo Riikka\n\n"
    "Puheenjohtaja totesi, että hyvinvointilautakunta on äänin 6–3\nhyväksynyt "
    "päätösehdotuksen."
)
HEINOLA_PEOPLE = ["Matti Virtanen", "Anne Korhonen", "Jari Hakala", "Sari Heikkinen",
                  "Mikko Laine", "Tuomas Lehtonen", "Juha Mäkinen", "Riikka Salo",
                  "Päivi Rantanen"]


def test_vote_real_open_vote() -> None:
    vote = parse_vote(KV_VOTE, KV_PEOPLE)
    assert vote is not None
    assert (vote.yes, vote.no, vote.winner) == (4, 7, "no")
    assert vote.yes_means == "kaupunginjohtajan ehdotusta"
    assert vote.no_means == "Marcus Topparin esitystä"
    counter = [p for p in vote.proposals if not p.original]
    assert [(p.mover, p.seconder, p.text) for p in counter] == [
        ("Marcus Toppari", "Sini Syrjälä", "asia palautetaan takaisin valmisteluun")]
    assert classify_outcome(KV_VOTE, None, [vote]) is Outcome.returned


def test_vote_roll_call() -> None:
    vote = parse_vote(HEINOLA_VOTE, HEINOLA_PEOPLE)
    assert vote is not None
    assert (vote.yes, vote.no, vote.blank, vote.absent, vote.winner) == (6, 3, 0, 0, "yes")
    assert [(r.name, r.vote) for r in vote.roll_call] == [
        ("Jari Hakala", "yes"), ("Sari Heikkinen", "yes"), ("Anne Korhonen", "yes"),
        ("Tuomas Lehtonen", "yes"), ("Päivi Rantanen", "yes"), ("Matti Virtanen", "yes"),
        ("Mikko Laine", "no"), ("Juha Mäkinen", "no"), ("Riikka Salo", "no")]
    assert vote.yes_means == "päätösehdotusta"
    assert vote.no_means == "vastaehdotusta"
    counter = [p for p in vote.proposals if not p.original]
    assert [(p.mover, p.seconder) for p in counter] == [("Mikko Laine", "Riikka Salo")]
    proposal = "Hyvinvointilautakunta päättää laajentaa aukioloaikoja 1.8.2024 alkaen."
    assert classify_outcome(HEINOLA_VOTE, proposal, [vote]) is Outcome.approved_as_proposed


def test_dissent_without_a_recorded_vote() -> None:
    # Not in the corpus; the usual wording of a dissent.
    sec = Section(number=5, fields=[
        _field("Ehdotus", "proposal", "Hyvinvointilautakunta hyväksyy suunnitelman."),
        _field("Päätös", "decision", "Hyvinvointilautakunta hyväksyi ehdotuksen.\n\n"
               "Jäsen Mikko Laine jätti päätöksestä eriävän mielipiteen.")])
    sec.proposal, sec.decision = sec.fields[0].block, sec.fields[1].block
    annotate_section(sec, DocInfo(meeting=Meeting(), kind=DocumentKind.minutes))
    assert [(v.yes, v.dissents) for v in sec.votes] == [(None, ["Mikko Laine"])]
    assert sec.outcome is Outcome.approved_as_proposed


def test_no_vote_in_plain_decision() -> None:
    assert parse_vote("Hyvinvointilautakunta hyväksyi esityslistan.", []) is None
    # "äänestykseen" about a participatory budget is no vote of the body.
    assert parse_vote("Vain toteuttamiskelpoiset ideat viedään äänestykseen.", []) is None


# --- participation --------------------------------------------------------------------------

PARTICIPATION = [
    ("Hyvinvointipäällikkö Mäkilä poistui tämän asian käsittelyn jälkeen.",
     ["Kirsi Mäkilä", "Pirjo Hepo-oja"], [("Kirsi Mäkilä", "left", None)]),
    ("Merkittiin, että jäsen Esko Ylikarhu poistui kokouksesta tämän pykälän käsittelyn ajaksi "
     "klo 18.31.", [], [("Esko Ylikarhu", "left", None)]),
    ("Kokouksessa oli läsnä tämän pykälän ja pykälien 371 ja 372 esittelyn ajan klo 17.06 - "
     "kaupungingeodeetti Markku Turja. Markku Turja poistui kokouksesta tämän pykälän ja pykälien "
     "371 ja 372 esittelyn jälkeen ennen päätöksentekoa.", [],
     # Present during the presentation is no hearing (labelling guide 3.4); he left.
     [("Markku Turja", "left", None)]),
    ("Jäsen Olli Tuominen saapui kokoukseen klo 18.12 tämän asian käsittelyn aikana.",
     ["Olli Tuominen"], [("Olli Tuominen", "arrived", None)]),
    ("Esteellisenä (Osallisuusjäävi) poistui kohdan 4 päätöksenteon ajaksi sivistys- ja "
     "hyvinvointijohtaja Mika Kamunen klo 16.51-16.52.", ["Mika Kamunen"],
     [("Mika Kamunen", "disqualified", "osallisuusjäävi")]),
    ("Esteellisenä (yhteisöjäävi) kokouksesta poistui tämän asian päätöksenteon ajaksi klo "
     "17.56-17.57 Eeva-Maria Latva-Rasku (Lapuan Sekakuoro ry), Matti Rinnankoski (Tiistenjoen "
     "kalastusseura ry) ja Juha Hella (Lapuan riistanhoitoyhdistys).",
     ["Eeva-Maria Latva-Rasku", "Matti Rinnankoski", "Juha Hella"],
     [("Eeva-Maria Latva-Rasku", "disqualified", "yhteisöjäävi"),
      ("Matti Rinnankoski", "disqualified", "yhteisöjäävi"),
      ("Juha Hella", "disqualified", "yhteisöjäävi")]),
    ("Esko Yli-Karhu ilmoitti olevansa esteellinen (osallisuusjäävi) ja poistui kokoushuoneesta "
     "asian käsittelyn ja päätöksenteon ajaksi.", [],
     [("Esko Yli-Karhu", "disqualified", "osallisuusjäävi")]),
    ("Hyvinvointilautakunta kuuli sivistys- ja hyvinvointijohtaja Mika Kamusta asiassa ja "
     "hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen.", ["Mika Kamunen"],
     [("Mika Kamunen", "heard", None)]),
    ("Hyvinvointilautakunta kuuli kirjastotoimenpäällikkö Päivi Pippolaa ja kulttuuripäällikkö "
     "Heli Talvitietä asiassa ja merkitsi asian tiedokseen.", ["Päivi Pippola", "Heli Talvitie"],
     [("Päivi Pippola", "heard", None), ("Heli Talvitie", "heard", None)]),
    ("Kunnallistekniikan päällikkö Ulpu Viimaluoto oli asiantuntijana läsnä kokouksessa tämän "
     "pykälän käsittelyn aikana klo 17.28-56. Hän poistui kokoushuoneesta ennen päätöksentekoa.",
     [], [("Ulpu Viimaluoto", "heard", None), ("Ulpu Viimaluoto", "left", None)]),
    ("Lautakunta kuuli asian käsittelyn aikana asiantuntijana liikuntapäällikkö Jari Lehtoa "
     "(paikalla klo 17.20–17.40).", [], [("Jari Lehto", "heard", None)]),
    # kaupunginvaltuusto 1.9.2025 § 72: guests presenting an overview are heard.
    ("Lapuan kaupungin nuorisovaltuuston puheenjohtaja Aaro Leppänen ja nuorisovaltuuston "
     "sihteeri Akseli Koivisto esittivät nuorisovaltuuston toiminnasta yleiskatsauksen ennen §:n "
     "66 käsittelyä ja päätöksentekoa.", ["Aaro Leppänen", "Akseli Koivisto"],
     [("Aaro Leppänen", "heard", None), ("Akseli Koivisto", "heard", None)]),
    # Things, not people, arrive too.
    ("Lapuan Voimistelijat r.y hakemus saapui määräajan jälkeen.", [], []),
    ("Lausuntoja saapui viisi (5), mielipiteitä ei saapunut.", [], []),
]


@pytest.mark.parametrize(("text", "known", "expected"), PARTICIPATION,
                         ids=[f"p{i}" for i in range(len(PARTICIPATION))])
def test_participation(text: str, known: list[str],
                       expected: list[tuple[str, str, str | None]]) -> None:
    got = participation_events([(text, 3)], known)
    assert [(p.name, p.event.value, p.reason) for p in got] == expected
    assert all(p.page == 3 and p.text for p in got)


def test_disqualified_by_label() -> None:
    # ympäristölautakunta 26.10.2021 § 103: "Esteellisyys" followed by a bare name.
    got = disqualified_by_label("Arto Ylitalo", 9, ["Arto Ylitalo"])
    assert [(p.name, p.event.value, p.page) for p in got] == [("Arto Ylitalo", "disqualified", 9)]
    # hyvinvointilautakunta 7.10.2025 § 125: the block has its own event sentence; the stand-in
    # secretary named after it was not disqualified.
    text = ("Esteellisenä (osallisuusjäävi) kokouksesta poistui tämän asian käsittelyn ajaksi klo "
            "19.51-19.53 kokouksen sihteeri Tiina Lassila. Sihteerinä tämän pykälän käsittelyn "
            "ajan klo 19.51-19.53 toimi kokouksen esittelijä Mika Kamunen.")
    assert disqualified_by_label(text, 9, ["Tiina Lassila", "Mika Kamunen"]) == []


@pytest.mark.parametrize(("note", "expected"), [
    # Rådet för funktionshindrade 24.5.2023 (meeting from 16:00, §§ 10-19).
    ("klockan 16.00–16.50, §10–13", {13: [("Emilia Ingman", "left")]}),
    # Välfärdsnämnden 15.9.2022.
    ("t.o.m. kl. 18.45 § 42 och 43, del", {43: [("Emilia Ingman", "left")]}),
    ("klockan 16.30–17.10, § 12", {12: [("Emilia Ingman", "arrived"), ("Emilia Ingman", "left")]}),
    # A bare time cannot be tied to a §.
    ("saapui 16:35, poistui 16:44", {}),
])
def test_note_events(note: str, expected: dict[int, list[tuple[str, str]]]) -> None:
    info = DocInfo(meeting=Meeting(start_time="16:00", participants=[
        Participant(name="Emilia Ingman", role="planläggningschef", note=note)]))
    got = {n: [(p.name, p.event.value) for p in evs] for n, evs in note_events(info).items()}
    assert got == expected


# --- references -----------------------------------------------------------------------------


def test_decision_references_seed() -> None:
    text = ("Heinolan osalta tehtävään vastasi hyvinvointilautakunta 7.8.2023. Hyvinvointialueen "
            "hyvinvoinnin ja terveyden edistämisen lautakunta on käsitellyt neuvottelun tuloksen "
            "kokouksessaan 12.10.2023 § 36 ja päätöksessään pyytänyt alueen toimijoita.")
    refs = [(r.body, r.date, r.number) for r in decision_references(text)]
    assert refs == [
        ("hyvinvointilautakunta", dt.date(2023, 8, 7), None),
        ("Hyvinvointialueen hyvinvoinnin ja terveyden edistämisen lautakunta",
         dt.date(2023, 10, 12), 36),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kaupunginhallituksen päätös 17.6.2024 § 198: \"Talousarvion 2025 ...\"",
     [("Kaupunginhallitus", dt.date(2024, 6, 17), 198)]),
    ("Lautakunta totesi, että hinnoittelussa noudatetaan lautakunnan 14.11.2024 §141 tekemää "
     "hinnoittelutaulukkoa.", [("lautakunta", dt.date(2024, 11, 14), 141)]),
    # A date that is no meeting: "toimikausi päättyy 31.5.2029", an official's decision.
    ("Kaupunginvaltuusto valitsi Lakeuden jätelautakuntaan 31.5.2029 päättyväksi "
     "toimikaudeksi.", []),
    ("hyvinvointilautakunnan alaisten viranhaltijoiden viranhaltijapäätökset: kansalaisopiston "
     "rehtori: 18.12.2024 §1 Taidekoulun kurssimaksut", []),
    # Nykarleby: a Swedish genitive before the date.
    ("Stadsstyrelsens beslut 5.9.2022, 186 § gäller rekryteringen.",
     [("Stadsstyrelsen", dt.date(2022, 9, 5), 186)]),
    # Lapua ympäristölautakunta 26.10.2021 § 105: every item of "A, B ja C" shares the body
    # named before the first.
    ("Ympäristölautakunnan asiassa aikaisemmin tekemät päätökset 15.11.2016 § 363, "
     "27.1.2021 § 18 ja 8.6.2021 § 61 liitteenä.",
     [("Ympäristölautakunta", dt.date(2016, 11, 15), 363),
      ("Ympäristölautakunta", dt.date(2021, 1, 27), 18),
      ("Ympäristölautakunta", dt.date(2021, 6, 8), 61)]),
    # Lapua sivistyslautakunta 18.12.2024 § 136: an office-holder's decision, not the board's.
    ("Tämä lautakunnan päätös kumoaa sivistys- ja hyvinvointijohtajan 10.10.2024 § 19 "
     "tekemän päätöksen.",
     [("sivistys- ja hyvinvointijohtaja", dt.date(2024, 10, 10), 19)]),
    # Lapua tekninen lautakunta 28.1.2025: a title ending a list item names no decider.
    ("Valinnan vahvistaminen / Vesihuoltoinsinööri / 23.12.2024 § 38", []),
])
def test_decision_references(text: str, expected: list[tuple[str, dt.date, int | None]]) -> None:
    assert [(r.body, r.date, r.number) for r in decision_references(text)] == expected


@pytest.mark.parametrize(("text", "law", "section", "subsection"), [
    ("Lain sosiaali- ja terveydenhuollon järjestämisestä 7 § 4 mom. mukaan hyvinvointialueen on",
     "Laki sosiaali- ja terveydenhuollon järjestämisestä", "7", "4"),
    ("Kuntalain 103 §:n 2 momentin mukaan lautakunta on päätösvaltainen",
     "Kuntalaki", "103", "2"),
    ("Hallintosäännön 16 luvun 120 §:n mukaan kokouskutsun antaa puheenjohtaja",
     "Hallintosääntö", "120", None),
    ("Lapuan kaupungin hallintosäännön 16 luvun 140 §:n 3 momentin mukaan pöytäkirja",
     "Lapuan kaupungin hallintosääntö", "140", "3"),
    ("Terveydenhuoltolain 12 §:n mukaan kunnan on seurattava asukkaidensa hyvinvointia",
     "Terveydenhuoltolaki", "12", None),
])
def test_legal_references(text: str, law: str, section: str, subsection: str | None) -> None:
    refs = legal_references(text)
    assert [(r.law, r.section, r.subsection) for r in refs] == [(law, section, subsection)]
    assert refs[0].text in text


# --- a whole § ------------------------------------------------------------------------------


def _field(label: str, key: str | None, text: str) -> Field_:
    return Field_(label=label, key=key, block=TextBlock(text=text, pages=[2]))


def _seed_section() -> Section:
    """The Heinola § 91 of shared/seed (copied to fixtures/seed), as the § parser hands it over."""
    seed = ROOT / "fixtures" / "seed" / "heinola_hyvinvointilautakunta_2023-11-21_s91.txt"
    preparation = ("Lain sosiaali- ja terveydenhuollon järjestämisestä 7 § 4 mom. mukaan "
                   "hyvinvointialueen on neuvoteltava vähintään kerran vuodessa ...\n\n"
                   "Heinolan osalta tehtävään vastasi hyvinvointilautakunta 7.8.2023.\n\n"
                   "Hyvinvointialueen hyvinvoinnin ja terveyden edistämisen lautakunta on "
                   "käsitellyt neuvottelun tuloksen kokouksessaan 12.10.2023 § 36.")
    # Every sentence used here is the seed's own (spaces folded).
    seed_text = " ".join(seed.read_text(encoding="utf-8").split())
    for sentence in ("Hyvinvointipäällikkö Mäkilä poistui tämän asian käsittelyn jälkeen.",
                     "Heinolan osalta tehtävään vastasi hyvinvointilautakunta 7.8.2023.",
                     "on käsitellyt neuvottelun tuloksen kokouksessaan 12.10.2023 § 36",
                     "Lain sosiaali- ja terveydenhuollon järjestämisestä 7 § 4 mom."):
        assert sentence in seed_text
    fields = [
        _field("hyvoltk 21.11.2023 § 91", "stage", ""),
        _field("Päätös", "decision", "Päätösehdotus hyväksyttiin.\n\nHyvinvointipäällikkö Mäkilä "
               "poistui tämän asian käsittelyn jälkeen."),
        _field("Esittelijä", "presenter", "hyvinvointijohtaja Hepo-oja, Pirjo"),
        _field("Päätösehdotus", "proposal", "Hyvinvointilautakunta päättää merkitä asian tiedoksi "
               "ja lähettää asian edelleen kaupunginhallitukselle ja valtuustolle tiedoksi."),
        _field("Toimivalta", "authority", "Hallintosääntö 23 §"),
        _field("Valmistelija", "preparer", "Hyvinvointipäällikkö Kirsi Mäkilä, puh, 044 797 8577"),
        _field("Valmistelu", "preparation", preparation),
    ]
    return Section(number=91, fields=fields, decision=fields[1].block, proposal=fields[3].block,
                   preparers=[Preparer(name="Kirsi Mäkilä", title="Hyvinvointipäällikkö")])


def test_seed_section() -> None:
    sec = _seed_section()
    info = DocInfo(meeting=Meeting(date=dt.date(2023, 11, 21)), kind=DocumentKind.minutes)
    annotate_section(sec, info)
    assert sec.outcome is Outcome.approved_as_proposed
    assert [(p.name, p.event.value) for p in sec.participation] == [("Kirsi Mäkilä", "left")]
    assert sec.prior_handlings == []
    assert [(r.body, r.date, r.number) for r in sec.references] == [
        ("hyvinvointilautakunta", dt.date(2023, 8, 7), None),
        ("Hyvinvointialueen hyvinvoinnin ja terveyden edistämisen lautakunta",
         dt.date(2023, 10, 12), 36)]
    # The authority field ("Toimivalta: Hallintosääntö 23 §") is a legal reference too.
    assert [(r.law, r.section, r.subsection) for r in sec.legal_refs] == [
        ("Hallintosääntö", "23", None),
        ("Laki sosiaali- ja terveydenhuollon järjestämisestä", "7", "4")]
    assert sec.legal_references == [r.text for r in sec.legal_refs]


def test_agenda_has_no_outcome() -> None:
    sec = _seed_section()
    annotate_section(sec, DocInfo(meeting=Meeting(), kind=DocumentKind.agenda))
    assert sec.outcome is None


def test_prior_handling_keeps_earlier_proposal_and_decision() -> None:
    """A KV § carrying the KH handling first (Lapua layout): proposal and decision are KV's."""
    fields = [
        _field("Kaupunginhallitus, 09.06.2025, § 228", "stage", ""),
        _field("Ehdotus", "proposal", "Kaupunginhallitus esittää kaupunginvaltuustolle, että se "
               "valitsee Lakeuden jätelautakuntaan jäsenen."),
        _field("Päätös", "decision", "Kaupunginhallitus hyväksyi kaupunginjohtajan ehdotuksen."),
        _field("Kaupunginvaltuusto, 01.09.2025, § 66", "stage", ""),
        _field("Ehdotus", "proposal", "Kaupunginvaltuusto valitsee jätelautakuntaan jäsenen."),
    ]
    # The § parser's choice for an agenda-like own handling: the last decision it saw.
    sec = Section(number=66, fields=fields, proposal=fields[4].block, decision=fields[2].block)
    info = DocInfo(meeting=Meeting(date=dt.date(2025, 9, 1),
                                   participants=[Participant(name="Satu Kankare")]),
                   kind=DocumentKind.minutes)
    annotate_section(sec, info)
    assert [(p.body, p.date, p.number) for p in sec.prior_handlings] == [
        ("Kaupunginhallitus", dt.date(2025, 6, 9), 228)]
    prior = sec.prior_handlings[0]
    assert prior.decision is not None and prior.decision.text.startswith("Kaupunginhallitus hyv")
    assert sec.proposal is not None and sec.proposal.text.startswith("Kaupunginvaltuusto")
    assert sec.decision is None
    # A proposal and no decision of this meeting: the text cannot tell (labelling guide 3.1).
    assert sec.outcome is Outcome.other


# --- real PDFs ------------------------------------------------------------------------------


def _events(sec: Section) -> list[tuple[str, str, str | None]]:
    return [(p.name, p.event.value, p.reason) for p in sec.participation]


def test_real_recusal_and_history() -> None:
    m = parsed("lapua_hyvinvointilautakunta_2025-01-22_poytakirja.pdf")
    sec = m.section(7)
    assert _events(sec) == [("Mika Kamunen", "disqualified", "osallisuusjäävi")]
    assert [(p.body, p.date, p.number) for p in sec.prior_handlings] == [
        ("Hyvinvointilautakunta", dt.date(2024, 8, 28), 108),
        ("Hyvinvointilautakunta", dt.date(2024, 9, 18), 117),
        ("Hyvinvointilautakunta", dt.date(2024, 10, 10), 130)]
    assert sec.outcome is Outcome.approved_as_proposed
    assert _events(m.section(4)) == [("Riina Turja", "heard", None)]
    # §§ 1–3: the meeting lawful, the minutes checkers, the agenda, none with a proposal.
    assert [(s.outcome, s.decision_kind) for s in m.sections[:3]] == [
        (Outcome.no_proposal, DecisionKind.other), (Outcome.no_proposal, DecisionKind.election),
        (Outcome.no_proposal, DecisionKind.other)]


def test_real_recusals_of_two_members() -> None:
    m = parsed("lapua_kaupunginhallitus_2025-04-07_poytakirja.pdf")
    assert _events(m.section(125)) == [("Kai Pöntinen", "disqualified", "yhteisöjäävi"),
                                       ("Riitta Kangasluoma", "disqualified", "yhteisöjäävi")]
    assert _events(m.section(128)) == [("Pekka Hella", "disqualified", "yhteisöjäävi"),
                                       ("Jenni Huttunen", "disqualified", "yhteisöjäävi")]


def test_real_recusal_in_earlier_handling_stays_there() -> None:
    m = parsed("lapua_hyvinvointilautakunta_2025-04-29_poytakirja.pdf")
    assert _events(m.section(45))[-3:] == [
        ("Eeva-Maria Latva-Rasku", "disqualified", "yhteisöjäävi"),
        ("Matti Rinnankoski", "disqualified", "yhteisöjäävi"),
        ("Juha Hella", "disqualified", "yhteisöjäävi")]
    assert ("Heli Talvitie", "heard", None) in _events(m.section(45))


def test_real_vote_stays_with_earlier_handling() -> None:
    m = parsed("lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf")
    sec = m.section(70)
    assert sec.votes == []
    kh = [p for p in sec.prior_handlings if p.number == 357]
    assert len(kh) == 1 and kh[0].body == "Kaupunginhallitus"
    assert [(v.yes, v.no, v.winner) for v in kh[0].votes] == [(4, 7, "no")]


# --- the labelled set, tuning half -------------------------------------------------------------
# benchmarks/data/labelled_v2.jsonl: outcome, decision kind, riders and participation of every §
# of the documents in its tuning half, labelled by a reader who had not seen the rules. The test
# half is measured by benchmarks/outcomes.py and never asserted here, so that nobody tunes on it.

LABELLED = ROOT / "benchmarks" / "data" / "labelled_v2.jsonl"
LABELLED_PDFS = (ROOT / "fixtures" / "real", ROOT / "benchmarks" / "data" / "labelled_generated")
# The one tuning § the rules get wrong, kept visible rather than dropped: "Muut asiat" with no
# Päätös printed, where the board took a substantive line (labelled approval; read as other).
KNOWN_MISSES = {("lapua_hyvinvointilautakunta_2025-10-23_poytakirja.pdf", 135, "decision_kind")}


def _tuning_rows() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    out = []
    for r in rows:
        name = r["file"].split(":", 2)[-1]
        if r["split"] == "tune" and r["outcome"] is not None and any(
                (d / name).exists() for d in LABELLED_PDFS):
            out.append(r)
    return out


@functools.cache
def _labelled_doc(name: str) -> Minutes:
    if (REAL / name).exists():
        return parsed(name)
    return hytedocs.parse(LABELLED_PDFS[1] / name, nlp=False)


@pytest.mark.slow
def test_labelled_tuning_half() -> None:
    rows = _tuning_rows()
    assert len(rows) >= 200
    wrong = []
    for r in rows:
        name = r["file"].split(":", 2)[-1]
        (sec,) = [s for s in _labelled_doc(name).sections if s.number == r["section"]] or [None]
        assert sec is not None, f"{name} § {r['section']} not found"
        got = {"outcome": sec.outcome.value if sec.outcome else None,
               "decision_kind": sec.decision_kind.value if sec.decision_kind else None,
               "riders": [b.text for b in sec.riders],
               "heard": sorted(p.name for p in sec.participation if p.event.value == "heard")}
        want = {"outcome": r["outcome"], "decision_kind": r["decision_kind"],
                "riders": r["riders"],
                "heard": sorted(p["name"] for p in r["participation"] if p["event"] == "heard")}
        for key in ("outcome", "decision_kind", "riders"):
            if got[key] != want[key] and (name, r["section"], key) not in KNOWN_MISSES:
                wrong.append(f"{name} § {r['section']} {key}: {got[key]} != {want[key]}")
        # Heard: every heard event reported must be labelled (precision); a missed hearing of
        # people named only by title is allowed.
        extra = set(got["heard"]) - set(want["heard"])
        if extra:
            wrong.append(f"{name} § {r['section']} heard: {sorted(extra)} not labelled")
    assert not wrong, "\n".join(wrong)


def test_real_nested_earlier_handling_and_history_list() -> None:
    """Oulu's council item prints the city board's handling inside a "Kaupunginhallituksen
    käsittely" block and lists the history in one run under "Päätöshistoria"."""
    m = parsed("oulu_kaupunginvaltuusto_2017-02_item_ouka-1499-12.00.02-2016.pdf")
    sec = m.sections[0]
    assert [(p.body, p.date, p.number) for p in sec.prior_handlings] == [
        ("Sivistys- ja kulttuurilautakunta", dt.date(2016, 2, 25), 32),
        ("Kaupunginhallitus", dt.date(2017, 2, 20), 53)]
    kh = sec.prior_handlings[1]
    assert kh.decision is not None and kh.decision.text == "Päätösesitys hyväksyttiin."
    assert sec.decision is not None
    assert sec.decision.text == "Kaupunginhallituksen päätösehdotus hyväksyttiin."
    assert sec.outcome is Outcome.approved_as_proposed


# --- schema 1.0 results brought to 2.0 --------------------------------------------------------

@pytest.mark.parametrize("name", ["lapua_kaupunginhallitus_2025-04-07_poytakirja.pdf",
                                  "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf"])
def test_upgrade_reads_outcome_and_kind_again(name: str) -> None:
    from hytedocs.structure.upgrade import upgrade_minutes_json

    now = parsed(name).model_dump(mode="json")
    old = json.loads(json.dumps(now))
    old["schema_version"] = "1.0"
    for sec in old["sections"]:
        del sec["decision_kind"], sec["riders"]
        # 1.0 said "noted" / "election" where 2.0 says how the proposal fared.
        if sec["outcome"] == "approved_as_proposed":
            sec["outcome"] = "noted"
    up = upgrade_minutes_json(old)
    assert up["schema_version"] == "2.0"
    assert [(s["outcome"], s["decision_kind"], s["riders"]) for s in up["sections"]] == [
        (s["outcome"], s["decision_kind"], s["riders"]) for s in now["sections"]]
