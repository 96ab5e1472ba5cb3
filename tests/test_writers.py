"""The Word writers: every document is read back with python-docx and its content asserted.

The first group builds Minutes by hand from text copied out of the Lapua welfare-committee
minutes (fixtures/real), so that each writer feature is tested even where the parser does not
fill a field yet (votes, recusals, themes). The second group runs the writers on real parses of
the fixture PDFs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from hytedocs.models import (
    DecisionKind,
    Language,
    Meeting,
    Minutes,
    Outcome,
    Participation,
    ParticipationEvent,
    Person,
    Section,
    Source,
    TextBlock,
    Theme,
    ThemeRole,
    Vote,
)
from hytedocs.writers import write_digest, write_theme_report
from hytedocs.writers.collect import (
    filter_items,
    first_sentences,
    key_items,
    minutes_items,
    page_span,
    quarter_counts,
    theme_summaries,
)
from hytedocs.writers.strings import STRINGS, UI_LANGUAGES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "real"
LAPUA_YEAR = sorted(FIXTURES.glob("lapua_hyvinvointilautakunta_*_poytakirja.pdf"))

CULTURE = Theme(id="culture", label="Kulttuuri ja harrastukset", score=3.0, mentions=4)
EDUCATION = Theme(id="education", label="Koulutus ja oppiminen", score=1.5, mentions=2)
INCLUSION = Theme(id="inclusion", label="Osallisuus", score=2.0, mentions=2)


# --- inputs built from real text ---------------------------------------------------------------


def _sec(number: int, title: str, pages: list[int], decision: str, **kw: object) -> Section:
    return Section(number=number, title=title, pages=pages,
                   decision=TextBlock(text=decision, pages=pages[-1:]), **kw)  # type: ignore[arg-type]


def _minutes(meeting: Meeting, file: str, sections: list[Section],
             language: Language = Language.fi) -> Minutes:
    sha = hashlib.sha256(file.encode()).hexdigest()
    return Minutes(source=Source(file=file, sha256=sha, pages=20), kind="minutes",
                   language=language, meeting=meeting, sections=sections)


def lapua_february() -> Minutes:
    """Three §s of Hyvinvointilautakunta 2/2025 (18.2.2025), as printed."""
    presenter = Person(name="Mika Kamunen", title="Sivistys- ja hyvinvointijohtaja")
    return _minutes(
        Meeting(organization="Lapuan kaupunki", body="Hyvinvointilautakunta",
                meeting_number="2/2025", date=dt.date(2025, 2, 18), start_time="16:27",
                end_time="18:17", place="Kaupungintalo, valtuustosali"),
        "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf",
        [
            _sec(13, "Pöytäkirjan tarkastus", [5],
                 "Tämän kokouksen pöytäkirjantarkastajiksi valittiin Matti Rinnankoski ja "
                 "Teija Ylimäki.", outcome=Outcome.no_proposal,
                 decision_kind=DecisionKind.election),
            _sec(15, "Musiikkiopiston opintojaksoille osallistuvilta ulkopuolisilta "
                 "perittävät maksut 1.3.2025 alkaen", [7, 8],
                 "Hyvinvointilautakunta kuuli musiikkiopiston vt.rehtori Riina Holkkolaa "
                 "asiassa (paikalla klo 16.29-16.32) ja hyväksyi sivistys- ja "
                 "hyvinvointijohtajan ehdotuksen.",
                 outcome=Outcome.approved_as_proposed, presenter=presenter,
                 themes=[CULTURE, EDUCATION],
                 summary="Lapuan musiikkiopistossa otetaan käyttöön tuntimäärään sidottu "
                 "opintojaksomaksu ulkopuolisille osallistujille. Maksu otetaan käyttöön "
                 "1.3.2025 alkaen."),
            _sec(16, "Täyttölupa musiikkiopiston rehtorin viran täyttämiseen 1.8.2025 "
                 "alkaen toistaiseksi", [9, 10],
                 "Hyvinvointilautakunta kuuli sivistys- ja hyvinvointijohtaja Mika Kamusta "
                 "asiassa\nja hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen.\n\n"
                 "Musiikkiopistossa on työntekijöitä on tällä hetkellä 22.",
                 outcome=Outcome.approved_as_proposed, presenter=presenter,
                 themes=[EDUCATION]),
        ],
    )


def lapua_april() -> Minutes:
    """A § with recusals (Hyvinvointilautakunta 4/2025, 29.4.2025)."""
    recusal_text = ("Esteellisenä (yhteisöjäävi) kokouksesta poistui tämän asian "
                    "päätöksenteon ajaksi klo 17.56-17.57 Eeva-Maria Latva-Rasku (Lapuan "
                    "Sekakuoro ry), Matti Rinnankoski (Tiistenjoen kalastusseura ry) ja Juha "
                    "Hella (Lapuan riistanhoitoyhdistys).")
    names = ["Eeva-Maria Latva-Rasku", "Matti Rinnankoski", "Juha Hella"]
    return _minutes(
        Meeting(organization="Lapuan kaupunki", body="Hyvinvointilautakunta",
                meeting_number="4/2025", date=dt.date(2025, 4, 29)),
        "lapua_hyvinvointilautakunta_2025-04-29_poytakirja.pdf",
        [_sec(44, "Kulttuuritoimen kohdeavustukset 2025", [14, 15],
              "Hyvinvointilautakunta kuuli kulttuuripäällikkö Heli Talvitietä asiassa ja "
              "hyväksyi sivistys- ja hyvinvointijohtajan ehdotuksen.\n\nPöytäkirjamerkintä: "
              "Kulttuuripäällikkö Heli Talvitie oli paikalla asian esittelyn ajan klo "
              "17.37-17.55.",
              outcome=Outcome.approved_as_proposed, themes=[CULTURE, INCLUSION],
              participation=[Participation(name=n, event=ParticipationEvent.disqualified,
                                           reason="yhteisöjäävi", text=recusal_text, page=15)
                             for n in names])],
    )


def lapua_council() -> Minutes:
    """A § decided by an open vote (Kaupunginvaltuusto 5/2025, 1.9.2025)."""
    return _minutes(
        Meeting(organization="Lapuan kaupunki", body="Kaupunginvaltuusto",
                meeting_number="5/2025", date=dt.date(2025, 9, 1)),
        "lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf",
        [_sec(60, "Valtuustoaloite", [18, 19],
              "Kaupunginjohtaja alusti asiaa. Keskustelun aikana kaupunginhallituksen jäsen "
              "Marcus Toppari teki kaupunginjohtajan ehdotuksesta poikkeavan esityksen, jossa "
              "asia palautetaan takaisin valmisteluun.\n\nSuoritetussa avoimessa "
              "äänestyksessä annettiin 4 JAA- ääntä ja 7 EI- ääntä.",
              outcome=Outcome.returned, themes=[INCLUSION],
              votes=[Vote(yes=4, no=7, yes_means="kaupunginjohtajan ehdotus",
                          no_means="Marcus Topparin esitys", winner="Marcus Topparin esitys")])],
    )


# --- reading documents back ---------------------------------------------------------------------


def styled(doc: Document, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


def body_text(doc: Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def table_rows(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]


def instructions(element: object) -> str:
    return " ".join(t.text or "" for t in element.iter(qn("w:instrText")))  # type: ignore[attr-defined]


def lang_of(element: object) -> str | None:
    lang = element.find(".//" + qn("w:lang"))  # type: ignore[attr-defined]
    return None if lang is None else lang.get(qn("w:val"))


def assert_word_conventions(doc: Document, lang_tag: str, title: str) -> None:
    props = doc.core_properties
    assert props.author == "hytedocs"
    assert props.title == title
    assert props.subject
    assert props.created is not None
    created = props.created.replace(tzinfo=props.created.tzinfo or dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - created).total_seconds()) < 600
    assert props.language == lang_tag
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert lang_of(defaults) == lang_tag
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        assert lang_of(doc.styles[name].element) == lang_tag, name
    assert "TOC" in instructions(doc.element.body)
    footer = doc.sections[0].footer._element
    assert "PAGE" in instructions(footer) and "NUMPAGES" in instructions(footer)
    for table in doc.tables:
        assert table.style is not None
        # Every table spans the text width (pct 5000 = 100 %); the columns share it.
        assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")) == "5000"
    page = doc.sections[0]
    text_width = page.page_width - page.left_margin - page.right_margin
    for table in doc.tables:
        assert sum(c.width for c in table.columns) <= text_width


def repeats_header(table: object) -> bool:
    tr_pr = table.rows[0]._tr.trPr  # type: ignore[attr-defined]
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


# --- the digest ------------------------------------------------------------------------------


def test_digest_content(tmp_path: Path) -> None:
    minutes = lapua_february()
    out = tmp_path / "digest.docx"
    write_digest(minutes, out)
    doc = docx.Document(str(out))

    assert styled(doc, "Title") == ["Kokouskooste: Hyvinvointilautakunta 2/2025"]
    assert styled(doc, "Heading 1") == ["Kokous", "Käsitellyt asiat", "Teemat ja pykälät"]
    assert styled(doc, "Heading 2") == [
        "§ 13 Pöytäkirjan tarkastus",
        "§ 15 Musiikkiopiston opintojaksoille osallistuvilta ulkopuolisilta perittävät maksut "
        "1.3.2025 alkaen",
        "§ 16 Täyttölupa musiikkiopiston rehtorin viran täyttämiseen 1.8.2025 alkaen "
        "toistaiseksi",
    ]
    assert styled(doc, "Heading 3") == ["Päätös"] * 3
    # The TOC field's cached result already lists the headings, for viewers that never
    # update fields.
    assert styled(doc, "toc 1") == styled(doc, "Heading 1")
    assert styled(doc, "toc 2") == styled(doc, "Heading 2")

    meeting = table_rows(doc.tables[0])
    assert meeting == [
        ["Organisaatio", "Lapuan kaupunki"], ["Toimielin", "Hyvinvointilautakunta"],
        ["Kokous nro", "2/2025"], ["Päivämäärä", "18.2.2025"], ["Aika", "16:27–18:17"],
        ["Paikka", "Kaupungintalo, valtuustosali"],
    ]
    text = body_text(doc)
    for sec in minutes.sections:
        assert sec.decision is not None
        assert first_sentences(sec.decision.text, 1) in text.replace("\n", " ")
    # The decision is quoted in full, its paragraphs kept apart.
    assert "Musiikkiopistossa on työntekijöitä on tällä hetkellä 22." in [
        p.text for p in doc.paragraphs]
    assert text.count("Hyväksytty esityksen mukaisesti") == 2
    # Schema 2.0: an election has no proposal to follow; its kind is printed beside the outcome.
    assert "Ei päätösehdotusta · Vaali" in text
    assert "Esittelijä: Mika Kamunen, Sivistys- ja hyvinvointijohtaja" in text
    assert "Tiivistelmä: Lapuan musiikkiopistossa otetaan käyttöön" in text
    assert "Teemat: Kulttuuri ja harrastukset, Koulutus ja oppiminen" in text
    assert "Lähdesivut: 7–8 (lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf)" in text

    matrix = doc.tables[-1]
    assert table_rows(matrix) == [
        ["Teema", "Pykälät", "Pykäliä"],
        ["Koulutus ja oppiminen", "§ 15, § 16", "2"],
        ["Kulttuuri ja harrastukset", "§ 15", "1"],
        ["Ilman teemaa", "§ 13", "1"],
    ]
    assert repeats_header(matrix)
    assert_word_conventions(doc, "fi-FI", "Kokouskooste: Hyvinvointilautakunta 2/2025")
    assert doc.core_properties.subject == (
        "Lapuan kaupunki, Hyvinvointilautakunta, 2/2025, 18.2.2025")


def test_digest_recusals_and_votes(tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    write_digest(lapua_april(), out)
    text = body_text(docx.Document(str(out)))
    assert ("Esteellisyydet: Eeva-Maria Latva-Rasku (yhteisöjäävi); Matti Rinnankoski "
            "(yhteisöjäävi); Juha Hella (yhteisöjäävi)") in text

    write_digest(lapua_council(), out)
    doc = docx.Document(str(out))
    text = body_text(doc)
    assert ("Äänestys: jaa 4, ei 7, tyhjää –, poissa –; jaa = kaupunginjohtajan ehdotus; "
            "ei = Marcus Topparin esitys; hyväksyttiin: Marcus Topparin esitys") in text
    assert "Palautettu uudelleen valmisteltavaksi" in text


@pytest.mark.parametrize(
    ("lang", "heading", "badge"),
    [("sv", "Behandlade ärenden", "Godkänt enligt förslaget"),
     ("en", "Items", "Approved as proposed")],
)
def test_digest_ui_language(tmp_path: Path, lang: str, heading: str, badge: str) -> None:
    out = tmp_path / "d.docx"
    write_digest(lapua_february(), out, lang=lang)
    doc = docx.Document(str(out))
    assert heading in styled(doc, "Heading 1")
    assert badge in body_text(doc)
    # The proofing language follows the quoted text, which stays Finnish.
    assert doc.core_properties.language == "fi-FI"


def test_digest_swedish_source_is_tagged_sv_se(tmp_path: Path) -> None:
    minutes = _minutes(
        Meeting(organization="Nykarleby stad", body="Välfärdsnämnden", date=dt.date(2022, 9, 15)),
        "nykarleby_valfardsnamnden_2022-09-15_protokoll.pdf",
        [_sec(70, "Protokolljusterare", [3], "Till protokolljusterare valdes X och Y.",
              outcome=Outcome.tabled)],
        language=Language.sv,
    )
    out = tmp_path / "d.docx"
    write_digest(minutes, out)
    doc = docx.Document(str(out))
    assert styled(doc, "Heading 3") == ["Beslut"]
    assert "Bordlagt" in body_text(doc)
    assert "Inga teman har identifierats." in body_text(doc)
    assert_word_conventions(doc, "sv-SE", "Mötessammandrag: Välfärdsnämnden")


def test_digest_of_an_agenda_quotes_the_proposal(tmp_path: Path) -> None:
    proposal = ("Kaupunginhallitus esittää, että kaupunginvaltuusto hyväksyy Lapuan kaupungin "
                "talousarvion vuodelle 2026.")
    agenda = Minutes(
        source=Source(file="lapua_kaupunginvaltuusto_2025-11-10_esityslista.pdf",
                      sha256="1" * 64, pages=30),
        kind="agenda",
        meeting=Meeting(body="Kaupunginvaltuusto", date=dt.date(2025, 11, 10)),
        sections=[Section(number=70, title="Talousarvio 2026", pages=[4],
                          proposal=TextBlock(text=proposal, pages=[4]))],
    )
    out = tmp_path / "d.docx"
    write_digest(agenda, out)
    doc = docx.Document(str(out))
    assert "Käsiteltävät asiat" in styled(doc, "Heading 1")
    assert styled(doc, "Heading 3") == ["Päätösehdotus"]
    assert proposal in [p.text for p in doc.paragraphs]


def test_every_language_has_every_string() -> None:
    keys = set(STRINGS["fi"])
    for lang in UI_LANGUAGES:
        assert set(STRINGS[lang]) == keys, lang


def test_unknown_language_is_a_hytedocs_error(tmp_path: Path) -> None:
    from hytedocs.errors import HytedocsError

    with pytest.raises(HytedocsError, match="unknown language 'de'"):
        write_digest(lapua_february(), tmp_path / "d.docx", lang="de")


# --- the template ----------------------------------------------------------------------------


def make_template(path: Path) -> None:
    """A municipality's template: its own fonts, colours, table style, header text and logo."""
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(10)
    h1 = doc.styles["Heading 1"]
    h1.font.name = "Verdana"
    h1.font.size = Pt(20)
    h1.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    style = doc.styles.add_style("Kunnan taulukko", WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Table Grid"]
    style.font.name = "Verdana"
    section = doc.sections[0]
    section.left_margin = section.right_margin = Pt(100)
    header = section.header.paragraphs[0]
    header.text = "Testilän kunta – Hyvinvointipalvelut"
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 0.4))
    fig.text(0.1, 0.3, "LOGO")
    logo = io.BytesIO()
    fig.savefig(logo, format="png")
    logo.seek(0)
    header.add_run().add_picture(logo, width=Pt(60))
    doc.add_paragraph("Mallipohjan esimerkkiteksti, joka ei kuulu koosteeseen.")
    doc.save(str(path))


def test_template_styles_header_and_logo(tmp_path: Path) -> None:
    template = tmp_path / "kunta.docx"
    make_template(template)
    out = tmp_path / "d.docx"
    write_digest(lapua_february(), out, template=template)
    doc = docx.Document(str(out))

    assert doc.styles["Normal"].font.name == "Georgia"
    h1 = doc.styles["Heading 1"]
    assert (h1.font.name, h1.font.size, h1.font.color.rgb) == (
        "Verdana", Pt(20), RGBColor(0x8B, 0x00, 0x00))
    assert {t.style.name for t in doc.tables} == {"Kunnan taulukko"}
    header = doc.sections[0].header
    assert header.paragraphs[0].text.startswith("Testilän kunta – Hyvinvointipalvelut")
    assert header._element.findall(".//" + qn("w:drawing")), "the logo is kept"
    assert header.part.rels, "the logo's image relationship is kept"
    assert "Mallipohjan esimerkkiteksti" not in body_text(doc)
    # The template's margins are kept, and the tables fit between them.
    assert doc.sections[0].left_margin == Pt(100)
    assert_word_conventions(doc, "fi-FI", "Kokouskooste: Hyvinvointilautakunta 2/2025")


def test_template_without_headings_gets_them(tmp_path: Path) -> None:
    template = tmp_path / "bare.docx"
    doc = docx.Document()
    styles = doc.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) in ("Heading1", "Heading2", "Heading3", "Title",
                                          "TableGrid"):
            styles.remove(style)
    doc.save(str(template))
    out = tmp_path / "d.docx"
    write_theme_report([lapua_february()], out, template=template)
    back = docx.Document(str(out))
    assert styled(back, "Heading 1")
    outline = back.styles["Heading 1"].element.find(".//" + qn("w:outlineLvl"))
    assert outline is not None and outline.get(qn("w:val")) == "0"
    assert {t.style.name for t in back.tables} == {"Table Grid"}


def test_unreadable_template_is_a_hytedocs_error(tmp_path: Path) -> None:
    from hytedocs.errors import HytedocsError

    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    with pytest.raises(HytedocsError,
                       match=r"bad\.docx: the Word template is not a \.docx \(a zip file\)"):
        write_digest(lapua_february(), tmp_path / "d.docx", template=bad)


# --- the theme report ------------------------------------------------------------------------


def year() -> list[Minutes]:
    return [lapua_february(), lapua_april(), lapua_council()]


def test_report_content(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    write_theme_report(year(), out)
    doc = docx.Document(str(out))

    assert styled(doc, "Title") == ["Teemaraportti"]
    assert styled(doc, "Heading 1") == [
        "Aineisto ja rajaukset", "Teemat yhteenvetona",
        "Pykälät teemoittain vuosineljänneksittäin", "Keskeiset päätökset"]
    assert styled(doc, "Heading 2") == [
        "Kokoukset", "Koulutus ja oppiminen", "Kulttuuri ja harrastukset", "Osallisuus"]
    text = body_text(doc)
    assert "3 pöytäkirjaa, 5 pykälää, ajalta 18.2.2025–1.9.2025." in text
    assert "Rajaukset: ei rajauksia" in text

    meetings, overview = doc.tables[0], doc.tables[1]
    assert table_rows(meetings)[1:] == [
        ["18.2.2025", "Hyvinvointilautakunta", "2/2025", "3",
         "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf"],
        ["29.4.2025", "Hyvinvointilautakunta", "4/2025", "1",
         "lapua_hyvinvointilautakunta_2025-04-29_poytakirja.pdf"],
        ["1.9.2025", "Kaupunginvaltuusto", "5/2025", "1",
         "lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf"],
    ]
    assert table_rows(overview) == [
        ["Teema", "Pykäliä", "Toimielimet", "Kuukaudet"],
        ["Koulutus ja oppiminen", "2", "Hyvinvointilautakunta", "2/2025"],
        ["Kulttuuri ja harrastukset", "2", "Hyvinvointilautakunta", "2/2025, 4/2025"],
        ["Osallisuus", "2", "Hyvinvointilautakunta, Kaupunginvaltuusto", "4/2025, 9/2025"],
        ["Ilman teemaa", "1", "Hyvinvointilautakunta", "2/2025"],
    ]
    assert len(doc.inline_shapes) == 1, "the chart"
    assert doc.inline_shapes[0].width <= doc.sections[0].page_width

    culture = table_rows(doc.tables[3])
    assert culture[0] == ["Päivämäärä", "Toimielin", "§", "Asia ja päätös", "Lähdetiedosto"]
    assert [r[:3] for r in culture[1:]] == [
        ["18.2.2025", "Hyvinvointilautakunta", "§ 15"],
        ["29.4.2025", "Hyvinvointilautakunta", "§ 44"]]
    assert culture[1][3].startswith(
        "Musiikkiopiston opintojaksoille osallistuvilta ulkopuolisilta perittävät maksut")
    assert "Lapuan musiikkiopistossa otetaan käyttöön" in culture[1][3]  # the summary
    # Without a summary, the decision's first sentences are quoted.
    assert "Hyvinvointilautakunta kuuli kulttuuripäällikkö Heli Talvitietä" in culture[2][3]
    assert culture[2][4] == "lapua_hyvinvointilautakunta_2025-04-29_poytakirja.pdf, s. 14–15"
    assert all(repeats_header(t) for t in doc.tables)
    assert_word_conventions(doc, "fi-FI", doc.core_properties.title)
    assert doc.core_properties.title == (
        "Teemaraportti: Hyvinvointilautakunta, Kaupunginvaltuusto, 18.2.2025–1.9.2025")


def test_report_filters(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    write_theme_report(year(), out, body="hyvinvointi", date_from="2025-03-01",
                       themes=["osallisuus"], lang="sv")
    doc = docx.Document(str(out))
    text = body_text(doc)
    assert "1 protokoll, 1 paragrafer, från perioden 29.4.2025–29.4.2025." in text
    assert "Avgränsningar: organ “hyvinvointi”; från 1.3.2025; tema osallisuus" in text
    assert table_rows(doc.tables[1])[1:] == [["Osallisuus", "1", "Hyvinvointilautakunta",
                                              "4/2025"]]
    assert styled(doc, "Heading 2") == ["Möten", "Osallisuus"]


def test_report_without_themes(tmp_path: Path) -> None:
    bare = lapua_february()
    for sec in bare.sections:
        sec.themes = []
    out = tmp_path / "r.docx"
    write_theme_report([bare], out)
    doc = docx.Document(str(out))
    text = body_text(doc)
    assert "Teemoja ei ole tunnistettu." in text
    assert "Kaaviota ei piirretty" in text
    assert len(doc.inline_shapes) == 0
    assert "1 pöytäkirjaa, 3 pykälää" in text


def test_report_with_nothing_left_after_filters(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    write_theme_report(year(), out, body="tarkastuslautakunta")
    text = body_text(docx.Document(str(out)))
    assert "Rajauksiin osuvia pykäliä ei löytynyt." in text


def test_report_bad_date_is_a_hytedocs_error(tmp_path: Path) -> None:
    from hytedocs.errors import HytedocsError

    with pytest.raises(HytedocsError, match="date_from must be a date"):
        write_theme_report(year(), tmp_path / "r.docx", date_from="1.3.2025")


def test_report_from_a_folder_of_json(tmp_path: Path) -> None:
    folder = tmp_path / "json"
    folder.mkdir()
    for m in year():
        assert m.source.file
        (folder / m.source.file).with_suffix(".json").write_text(m.model_dump_json())
    out = tmp_path / "r.docx"
    write_theme_report(folder, out)
    assert "3 pöytäkirjaa, 5 pykälää" in body_text(docx.Document(str(out)))


def test_report_from_an_archive(tmp_path: Path) -> None:
    archive_module = pytest.importorskip("hytedocs.store.archive")
    path = tmp_path / "archive.sqlite"
    with archive_module.Archive(path) as archive:
        for m in year():
            archive.add(m)
    out = tmp_path / "r.docx"
    write_theme_report(path, out, body="hyvinvointi")
    doc = docx.Document(str(out))
    assert "2 pöytäkirjaa, 4 pykälää, ajalta 18.2.2025–29.4.2025." in body_text(doc)
    with archive_module.Archive(path) as archive:
        write_theme_report(archive, out, themes=["inclusion"])
    assert table_rows(docx.Document(str(out)).tables[1])[1][:2] == ["Osallisuus", "2"]


# --- the pure helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        ("Lautakunta hyväksyi ehdotuksen. Asia ei aiheuta kustannuksia.", 1,
         "Lautakunta hyväksyi ehdotuksen."),
        ("Maksu otetaan käyttöön 1.3.2025 alkaen. Muut ennallaan.", 1,
         "Maksu otetaan käyttöön 1.3.2025 alkaen."),
        ("Opintojaksot voivat olla esim. ukuleleen ryhmäsoittoa. Tarjonta vaihtelee.", 1,
         "Opintojaksot voivat olla esim. ukuleleen ryhmäsoittoa."),
        ("Nämnden beslöt enligt förslaget.\n\nBeslutet justerades omedelbart.", 2,
         "Nämnden beslöt enligt förslaget. Beslutet justerades omedelbart."),
    ],
)
def test_first_sentences(text: str, n: int, expected: str) -> None:
    assert first_sentences(text, n) == expected


@pytest.mark.parametrize(("pages", "expected"), [([], ""), ([7], "7"), ([7, 8, 9], "7–9")])
def test_page_span(pages: list[int], expected: str) -> None:
    assert page_span(pages) == expected


def test_quarters_run_without_gaps() -> None:
    items = [i for m in year() for i in minutes_items(m)]
    quarters, counts = quarter_counts(theme_summaries(items))
    assert quarters == [(2025, 1), (2025, 2), (2025, 3)]
    assert counts == {"Kulttuuri ja harrastukset": [1, 1, 0],
                      "Koulutus ja oppiminen": [2, 0, 0], "Osallisuus": [0, 1, 1]}


def test_mentioned_themes_only_on_request(tmp_path: Path) -> None:
    """Reports and digests count the themes a § is about; mentioned ones only when asked."""
    minutes = lapua_february()
    passing = Theme(id="ngo_parish", label="Järjestöt", score=0.4, mentions=1,
                    role=ThemeRole.mentioned)
    minutes.sections[1].themes = [CULTURE, passing]
    items = minutes_items(minutes)
    assert filter_items(items, themes=["ngo_parish"]) == []
    assert [i.section.number for i in filter_items(items, themes=["ngo_parish"],
                                                   mentioned=True)] == [15]
    assert "ngo_parish" not in {t.id for t in theme_summaries(items)}
    assert "ngo_parish" in {t.id for t in theme_summaries(items, mentioned=True)}

    out = tmp_path / "digest.docx"
    write_digest(minutes, out)
    text = body_text(docx.Document(str(out)))
    assert "Teemat: Kulttuuri ja harrastukset" in text and "Järjestöt" not in text
    write_digest(minutes, out, mentioned=True)
    text = body_text(docx.Document(str(out)))
    assert "Mainitut teemat: Järjestöt" in text

    report = tmp_path / "report.docx"
    write_theme_report([minutes], report)
    assert "Järjestöt" not in body_text(docx.Document(str(report)))
    write_theme_report([minutes], report, mentioned=True)
    assert "Järjestöt" in body_text(docx.Document(str(report)))


def test_filters_and_key_decisions() -> None:
    items = [i for m in year() for i in minutes_items(m)]
    assert len(filter_items(items, date_to=dt.date(2025, 4, 29))) == 4
    assert len(filter_items(items, themes=["culture"])) == 2
    assert len(filter_items(items, themes=["Koulutus"])) == 2
    education = next(t for t in theme_summaries(items) if t.id == "education")
    assert [i.section.number for i in key_items(education, 1)] == [15]


# --- real parses of the fixture PDFs -----------------------------------------------------------


def _parse_or_skip(path: Path) -> Minutes:
    from hytedocs import parse

    minutes = parse(path)
    if not minutes.sections:
        pytest.skip("the § parser returns no sections yet")
    return minutes


@pytest.fixture(scope="module")
def february_parse() -> Minutes:
    return _parse_or_skip(FIXTURES / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf")


def test_digest_of_a_real_parse(tmp_path: Path, february_parse: Minutes) -> None:
    out = tmp_path / "digest.docx"
    write_digest(february_parse, out)
    doc = docx.Document(str(out))
    numbers = [int(m.group(1)) for h in styled(doc, "Heading 2")
               if (m := re.match(r"§ (\d+)", h))]
    assert numbers == list(range(12, 23))
    text = body_text(doc).replace("\n", " ")
    for sec in february_parse.sections:
        if sec.decision:
            first = first_sentences(sec.decision.text, 1)
            assert " ".join(first.split()) in " ".join(text.split()), sec.number
    assert_word_conventions(doc, "fi-FI", doc.core_properties.title)


@pytest.mark.slow
def test_report_of_the_lapua_year(tmp_path: Path) -> None:
    from hytedocs import parse

    year_minutes = [parse(p) for p in LAPUA_YEAR]
    if not any(m.sections for m in year_minutes):
        pytest.skip("the § parser returns no sections yet")
    out = tmp_path / "report.docx"
    write_theme_report(year_minutes, out)
    doc = docx.Document(str(out))
    n_sections = sum(len(m.sections) for m in year_minutes)
    assert f"{len(LAPUA_YEAR)} pöytäkirjaa, {n_sections} pykälää" in body_text(doc)
    meetings = table_rows(doc.tables[0])[1:]
    assert sorted(r[4] for r in meetings) == [p.name for p in LAPUA_YEAR]
    assert [int(r[3]) for r in meetings] == [
        len(m.sections) for m in sorted(year_minutes, key=lambda m: m.meeting.date or dt.date.max)]


# --- rendering with LibreOffice ------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed "
                    "(python benchmarks/render_docx.py --install)")
def test_libreoffice_opens_both_documents(tmp_path: Path) -> None:
    digest, report = tmp_path / "digest.docx", tmp_path / "report.docx"
    write_digest(lapua_february(), digest)
    write_theme_report(year(), report)
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(digest), str(report)],
        check=True, capture_output=True, timeout=180)
    for name, expected in (("digest.pdf", "Musiikkiopiston opintojaksoille"),
                           ("report.pdf", "Kulttuuri ja harrastukset")):
        pdf = tmp_path / name
        assert pdf.is_file(), name
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert expected in text
        assert "Sivu 1 (" in text



# --- the command line ---------------------------------------------------------------------------


def test_cli_summary_and_report(tmp_path: Path, february_parse: Minutes) -> None:
    from typer.testing import CliRunner

    from hytedocs.cli import app

    folder = tmp_path / "year"
    folder.mkdir()
    parsed = folder / "february.json"
    parsed.write_text(february_parse.model_dump_json())
    runner = CliRunner()
    pdf = FIXTURES / "lapua_hyvinvointilautakunta_2025-02-18_poytakirja.pdf"

    digest = tmp_path / "digest.docx"
    done = runner.invoke(app, ["summary", str(pdf), str(parsed), "-o", str(digest),
                               "--lang", "en"])
    assert done.exit_code == 0, done.output
    doc = docx.Document(str(digest))
    assert len(styled(doc, "Heading 2")) == len(february_parse.sections)
    assert "Items" in styled(doc, "Heading 1")

    (folder / "april.json").write_text(lapua_april().model_dump_json())
    report = tmp_path / "report.docx"
    done = runner.invoke(app, ["report", str(folder), "-o", str(report), "--from",
                               "2025-04-01", "--theme", "culture"])
    assert done.exit_code == 0, done.output
    text = body_text(docx.Document(str(report)))
    assert "1 pöytäkirjaa, 1 pykälää, ajalta 29.4.2025–29.4.2025." in text
    assert "Rajaukset: alkaen 1.4.2025; teema culture" in text

    done = runner.invoke(app, ["report", str(folder), "-o", str(report), "--lang", "de"])
    assert done.exit_code == 1
    assert "unknown language 'de'" in done.output


def test_key_decisions_can_keep_only_departures() -> None:
    """The theme report's --departures: §s whose decision departed from the proposal."""
    import hytedocs
    from hytedocs.writers.collect import filter_items, minutes_items

    from .conftest import RENDERED

    m = hytedocs.parse(RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf", nlp=False)
    kept = filter_items(minutes_items(m), departures=True)
    assert [(i.section.number, i.section.outcome.value if i.section.outcome else None)
            for i in kept] == [(92, "amended"), (95, "tabled")]
