"""Every word the Word documents print themselves, in Finnish (default), Swedish and English.

The text of the minutes is never translated; only headings, labels and badges come from here.
"""

from __future__ import annotations

from typing import Literal

from ..errors import HytedocsError
from ..models import DecisionKind, Language, Outcome

UiLang = Literal["fi", "sv", "en"]
UI_LANGUAGES: tuple[UiLang, ...] = ("fi", "sv", "en")
DEFAULT_UI_LANG: UiLang = "fi"

# The proofing language tag written on the styles follows the language of the minutes, because
# almost all of the text in the documents is quoted from them.
LANGUAGE_TAGS: dict[Language, str] = {Language.fi: "fi-FI", Language.sv: "sv-SE"}

STRINGS: dict[UiLang, dict[str, str]] = {
    "fi": {
        "digest_title": "Kokouskooste",
        "report_title": "Teemaraportti",
        "report_subject": "Päätökset teemoittain",
        "contents": "Sisällys",
        "toc_placeholder": "Sisällysluettelo päivittyy, kun asiakirja avataan Wordissa "
        "(tai: hiiren oikea painike > Päivitä kenttä).",
        "page_footer": "Sivu",
        "meeting": "Kokous",
        "organization": "Organisaatio",
        "body": "Toimielin",
        "number": "Kokous nro",
        "date": "Päivämäärä",
        "time": "Aika",
        "place": "Paikka",
        "sections": "Käsitellyt asiat",
        "sections_agenda": "Käsiteltävät asiat",
        "presenter": "Esittelijä",
        "summary": "Tiivistelmä",
        "decision": "Päätös",
        "proposal": "Päätösehdotus",
        "no_decision": "Pykälästä ei löytynyt päätöstekstiä.",
        "recusals": "Esteellisyydet",
        "recused": "esteellinen",
        "votes": "Äänestys",
        "vote_counts": "jaa {yes}, ei {no}, tyhjää {blank}, poissa {absent}",
        "vote_yes_means": "jaa = {text}",
        "vote_no_means": "ei = {text}",
        "vote_winner": "hyväksyttiin: {text}",
        "dissents": "Eriävä mielipide",
        "themes": "Teemat",
        "themes_mentioned": "Mainitut teemat",
        "no_themes": "Teemoja ei ole tunnistettu.",
        "source_pages": "Lähdesivut",
        "source_file": "Lähdetiedosto",
        "theme_matrix": "Teemat ja pykälät",
        "theme": "Teema",
        "section_count": "Pykäliä",
        "section_sign_list": "Pykälät",
        "bodies": "Toimielimet",
        "months": "Kuukaudet",
        "untagged": "Ilman teemaa",
        "unknown_date": "päivämäärä puuttuu",
        "material": "Aineisto ja rajaukset",
        "material_text": "{minutes} pöytäkirjaa, {sections} pykälää, ajalta {span}.",
        "filters": "Rajaukset",
        "filter_body": "toimielin",
        "filter_from": "alkaen",
        "filter_to": "asti",
        "filter_theme": "teema",
        "no_filters": "ei rajauksia",
        "meetings": "Kokoukset",
        "overview": "Teemat yhteenvetona",
        "chart": "Pykälät teemoittain vuosineljänneksittäin",
        "chart_x": "Vuosineljännes",
        "chart_y": "Pykäliä",
        "chart_other": "muut",
        "page_abbr": "s.",
        "chart_empty": "Kaaviota ei piirretty: pykälillä ei ole teemoja ja päivämääriä.",
        "quarter": "Q{q}/{year}",
        "key_decisions": "Keskeiset päätökset",
        "theme_stats": "{count} pykälää; toimielimet: {bodies}; kuukaudet: {months}.",
        "matter": "Asia ja päätös",
        "no_sections": "Rajauksiin osuvia pykäliä ei löytynyt.",
        "outcome_unknown": "Käsittelyn tulos ei tiedossa",
        "author": "hytedocs",
    },
    "sv": {
        "digest_title": "Mötessammandrag",
        "report_title": "Temarapport",
        "report_subject": "Beslut per tema",
        "contents": "Innehåll",
        "toc_placeholder": "Innehållsförteckningen uppdateras när dokumentet öppnas i Word "
        "(eller: högerklicka > Uppdatera fält).",
        "page_footer": "Sida",
        "meeting": "Möte",
        "organization": "Organisation",
        "body": "Organ",
        "number": "Möte nr",
        "date": "Datum",
        "time": "Tid",
        "place": "Plats",
        "sections": "Behandlade ärenden",
        "sections_agenda": "Ärenden som behandlas",
        "presenter": "Föredragande",
        "summary": "Sammandrag",
        "decision": "Beslut",
        "proposal": "Förslag",
        "no_decision": "Ingen beslutstext hittades i paragrafen.",
        "recusals": "Jäv",
        "recused": "jävig",
        "votes": "Omröstning",
        "vote_counts": "ja {yes}, nej {no}, blankt {blank}, frånvarande {absent}",
        "vote_yes_means": "ja = {text}",
        "vote_no_means": "nej = {text}",
        "vote_winner": "godkändes: {text}",
        "dissents": "Reservation",
        "themes": "Teman",
        "themes_mentioned": "Nämnda teman",
        "no_themes": "Inga teman har identifierats.",
        "source_pages": "Källsidor",
        "source_file": "Källfil",
        "theme_matrix": "Teman och paragrafer",
        "theme": "Tema",
        "section_count": "Paragrafer",
        "section_sign_list": "Paragrafer",
        "bodies": "Organ",
        "months": "Månader",
        "untagged": "Utan tema",
        "unknown_date": "datum saknas",
        "material": "Material och avgränsningar",
        "material_text": "{minutes} protokoll, {sections} paragrafer, från perioden {span}.",
        "filters": "Avgränsningar",
        "filter_body": "organ",
        "filter_from": "från",
        "filter_to": "till",
        "filter_theme": "tema",
        "no_filters": "inga avgränsningar",
        "meetings": "Möten",
        "overview": "Teman i sammandrag",
        "chart": "Paragrafer per tema och kvartal",
        "chart_x": "Kvartal",
        "chart_y": "Paragrafer",
        "chart_other": "övriga",
        "page_abbr": "s.",
        "chart_empty": "Diagrammet ritades inte: paragraferna saknar teman och datum.",
        "quarter": "Q{q}/{year}",
        "key_decisions": "Viktiga beslut",
        "theme_stats": "{count} paragrafer; organ: {bodies}; månader: {months}.",
        "matter": "Ärende och beslut",
        "no_sections": "Inga paragrafer motsvarar avgränsningarna.",
        "outcome_unknown": "Behandlingens utfall okänt",
        "author": "hytedocs",
    },
    "en": {
        "digest_title": "Meeting digest",
        "report_title": "Theme report",
        "report_subject": "Decisions by theme",
        "contents": "Contents",
        "toc_placeholder": "The table of contents is updated when the document is opened in "
        "Word (or: right-click > Update Field).",
        "page_footer": "Page",
        "meeting": "Meeting",
        "organization": "Organisation",
        "body": "Body",
        "number": "Meeting no.",
        "date": "Date",
        "time": "Time",
        "place": "Place",
        "sections": "Items",
        "sections_agenda": "Agenda items",
        "presenter": "Presenter",
        "summary": "Summary",
        "decision": "Decision",
        "proposal": "Proposal",
        "no_decision": "No decision text was found in this item.",
        "recusals": "Recusals",
        "recused": "disqualified",
        "votes": "Vote",
        "vote_counts": "yes {yes}, no {no}, blank {blank}, absent {absent}",
        "vote_yes_means": "yes = {text}",
        "vote_no_means": "no = {text}",
        "vote_winner": "adopted: {text}",
        "dissents": "Dissent",
        "themes": "Themes",
        "themes_mentioned": "Themes mentioned",
        "no_themes": "No themes were identified.",
        "source_pages": "Source pages",
        "source_file": "Source file",
        "theme_matrix": "Themes and items",
        "theme": "Theme",
        "section_count": "Items",
        "section_sign_list": "Items",
        "bodies": "Bodies",
        "months": "Months",
        "untagged": "Without a theme",
        "unknown_date": "date missing",
        "material": "Material and filters",
        "material_text": "{minutes} minutes, {sections} items, covering {span}.",
        "filters": "Filters",
        "filter_body": "body",
        "filter_from": "from",
        "filter_to": "to",
        "filter_theme": "theme",
        "no_filters": "none",
        "meetings": "Meetings",
        "overview": "Themes at a glance",
        "chart": "Items per theme per quarter",
        "chart_x": "Quarter",
        "chart_y": "Items",
        "chart_other": "other",
        "page_abbr": "p.",
        "chart_empty": "No chart: the items have no themes and dates.",
        "quarter": "Q{q} {year}",
        "key_decisions": "Key decisions",
        "theme_stats": "{count} items; bodies: {bodies}; months: {months}.",
        "matter": "Item and decision",
        "no_sections": "No items match the filters.",
        "outcome_unknown": "Outcome not known",
        "author": "hytedocs",
    },
}

OUTCOME_BADGES: dict[UiLang, dict[Outcome, str]] = {
    "fi": {
        Outcome.approved_as_proposed: "Hyväksytty esityksen mukaisesti",
        Outcome.amended: "Hyväksytty muutettuna",
        Outcome.counter_proposal: "Hyväksytty vastaehdotuksen mukaisesti",
        Outcome.rejected: "Hylätty",
        Outcome.tabled: "Pöydälle",
        Outcome.returned: "Palautettu uudelleen valmisteltavaksi",
        Outcome.no_proposal: "Ei päätösehdotusta",
        Outcome.other: "Muu päätös",
    },
    "sv": {
        Outcome.approved_as_proposed: "Godkänt enligt förslaget",
        Outcome.amended: "Godkänt med ändringar",
        Outcome.counter_proposal: "Godkänt enligt motförslag",
        Outcome.rejected: "Avslaget",
        Outcome.tabled: "Bordlagt",
        Outcome.returned: "Återremitterat",
        Outcome.no_proposal: "Utan förslag",
        Outcome.other: "Annat beslut",
    },
    "en": {
        Outcome.approved_as_proposed: "Approved as proposed",
        Outcome.amended: "Approved with amendments",
        Outcome.counter_proposal: "Counter-proposal adopted",
        Outcome.rejected: "Rejected",
        Outcome.tabled: "Tabled",
        Outcome.returned: "Returned for further preparation",
        Outcome.no_proposal: "No proposal",
        Outcome.other: "Other decision",
    },
}

KIND_LABELS: dict[UiLang, dict[DecisionKind, str]] = {
    "fi": {
        DecisionKind.approval: "Päätös", DecisionKind.noting: "Merkitty tiedoksi",
        DecisionKind.election: "Vaali", DecisionKind.statement: "Lausunto",
        DecisionKind.referral: "Esitys toiselle toimielimelle",
        DecisionKind.appointment: "Virkaan tai tehtävään valinta", DecisionKind.other: "Muu",
    },
    "sv": {
        DecisionKind.approval: "Beslut", DecisionKind.noting: "Antecknat för kännedom",
        DecisionKind.election: "Val", DecisionKind.statement: "Utlåtande",
        DecisionKind.referral: "Förslag till ett annat organ",
        DecisionKind.appointment: "Anställning eller utnämning", DecisionKind.other: "Annat",
    },
    "en": {
        DecisionKind.approval: "Decision", DecisionKind.noting: "Noted",
        DecisionKind.election: "Election", DecisionKind.statement: "Statement",
        DecisionKind.referral: "Referred to another body", DecisionKind.appointment: "Appointment",
        DecisionKind.other: "Other",
    },
}

# Badge fill colours (hex RGB, no '#'): green for a decision made, amber for a postponed one,
# red for a rejection, grey for routine notes. Light fills keep black text readable in print.
OUTCOME_COLOURS: dict[Outcome | None, str] = {
    Outcome.approved_as_proposed: "D5ECD4",
    Outcome.amended: "D5ECD4",
    Outcome.counter_proposal: "D5ECD4",
    Outcome.rejected: "F6D2D2",
    Outcome.tabled: "FBE7C2",
    Outcome.returned: "FBE7C2",
    Outcome.no_proposal: "E4E4E4",
    Outcome.other: "E4E4E4",
    None: "E4E4E4",
}


def check_lang(lang: str | None) -> UiLang | None:
    """``lang`` as a UI language, or None; raises HytedocsError for an unknown code."""
    if lang is None:
        return None
    if lang not in UI_LANGUAGES:
        raise HytedocsError(
            f"unknown language {lang!r}; choose one of {', '.join(UI_LANGUAGES)}"
        )
    return lang


def ui(lang: UiLang) -> dict[str, str]:
    """The UI strings of one language."""
    return STRINGS[lang]


def badge(outcome: Outcome | None, lang: UiLang, kind: DecisionKind | None = None) -> str:
    """The outcome badge text of a §: how it relates to the proposal, then what kind of
    decision it is ("Hyväksytty esityksen mukaisesti · Lausunto")."""
    text = (STRINGS[lang]["outcome_unknown"] if outcome is None
            else OUTCOME_BADGES[lang][outcome])
    return text if kind is None else f"{text} · {KIND_LABELS[lang][kind]}"
