"""The Finnish and Swedish words hytedocs recognises, in one place.

Everything here is data. The stages compile it once (see :mod:`hytedocs.patterns`); no other
module spells a label, an outcome phrase or a heading. All entries are lower case; matching
folds case. Label entries are full labels as printed, without a trailing colon. ``*`` at the
start of a label entry stands for any genitive owner ("Kaupunginjohtajan ehdotus",
"Välfärdsnämndens beslut"): it matches one to four words ending in -n/-s.
"""

from __future__ import annotations

# --- § labels -> canonical keys ---------------------------------------------------------------
# The order matters only for documentation; matching takes the longest label that fits.
LABELS: dict[str, tuple[str, ...]] = {
    "presenter": ("esittelijä", "esittelijät", "föredragande"),
    "proposal": (
        "päätösehdotus",
        "ehdotus",
        "päätösesitys",
        "esitys",
        "* ehdotus",
        "* päätösehdotus",
        "* esitys",
        "* päätösesitys",
        "förslag",
        "* förslag",
        "beslutsförslag",
    ),
    "decision": ("päätös", "* päätös", "beslut", "* beslut"),
    "preparer": (
        "valmistelija",
        "valmistelijat",
        "valmistelija / lisätiedot",
        "valmistelijat / lisätiedot",
        "valmistelijat / lisätietojen antaja",
        "valmistelija / lisätietojen antaja",
        "lisätiedot",
        "lisätietojen antaja",
        "beredning",
        "beredare",
        "beredning / tilläggsuppgifter",
        "tilläggsuppgifter",
    ),
    "preparation": (
        "valmistelu",
        "selostus",
        "esittelyteksti",
        "asian valmistelu",
        "perustelut",
        "asia",
        "bakgrund",
        "redogörelse",
    ),
    "summary": ("tiivistelmä", "tiivistetty kuvaus", "sammandrag"),
    "authority": ("toimivalta", "päätösvalta", "behörighet"),
    "notified": (
        "tiedoksianto",
        "tiedoksi",
        "tiedoksi ja toimenpiteitä varten",
        "jakelu",
        "delges",
        "för kännedom",
        "tiedoksi / täytäntöönpano",
    ),
    "attachments": ("liitteet", "liite", "bilagor", "bilaga"),
    "supplementary": ("oheismateriaali", "oheisaineisto", "sidomaterial"),
    "history": (
        "päätöshistoria",
        "aikaisempi käsittely",
        "tidigare behandling",
        "käsittelyhistoria",
    ),
    "processing": ("käsittely", "* käsittely", "behandling", "* behandling"),
    "enforcement": ("täytäntöönpano", "täytäntöönpanotiedot", "verkställighet"),
    "appeal_reference": (
        "muutoksenhaku", "muutoksenhakuohje", "muutoksenhakuohjeet", "besvärsanvisning"
    ),
    "legal_basis": ("lainsäädäntö", "lait ja säädökset", "säädösperusta", "lagstiftning"),
    "diary": ("dno", "dnro", "diaarinumero"),
    "disqualification": ("esteellisyys", "jäävi", "jäävit", "jäv"),
    "minutes_note": ("pöytäkirjamerkintä", "protokollsanteckning"),
    "impact_assessment": ("vaikutusten arviointi", "ennakkoarviointi", "konsekvensbedömning"),
    "further_processing": ("jatkokäsittely", "vidare behandling"),
    "additional_info": ("lisätietoja",),
}

# Labels that name the preparer when their text is a name or two, and head another part when
# it is prose: Nykarleby prints "Beredning: Johan Svenlin", other templates "BEREDNING" over the
# case text.
PROSE_OR_PREPARER_LABELS: dict[str, str] = {"beredning": "preparation"}

# Labels whose value may follow on the same line after a colon ("Esittelijä: Satu Kankare, ...").
INLINE_VALUE_KEYS = frozenset({"presenter", "preparer", "notified", "authority", "enforcement",
                               "appeal_reference", "additional_info"})

# Genitive endings accepted for the "*" owner in a label ("Kaupunginjohtajan", "Stadsdirektörs").
OWNER_ENDINGS = ("n", "s")
# Label keywords that are Swedish: their owner's genitive is "-s", a Finnish one's is "-n".
SWEDISH_LABEL_WORDS = frozenset({"förslag", "beslut", "behandling", "beslutsförslag"})
# Words printed alone in a letterhead ("Päivämäärä" with its value left blank).
LETTERHEAD_WORDS = frozenset({"päivämäärä", "pvm", "datum", "sivu", "sida", "pöytäkirja",
                              "protokoll", "esityslista", "föredragningslista"})

# --- § markers ---------------------------------------------------------------------------------
SECTION_SIGN = "§"
# Words that, printed alone at the top of the last pages, start the appeal instructions.
APPEAL_HEADINGS: tuple[str, ...] = (
    "muutoksenhakukielto",
    "muutoksenhakuohjeet",
    "muutoksenhakuohje",
    "oikaisuvaatimusohje",
    "oikaisuvaatimus",
    "valitusosoitus",
    "kunnallisvalitus",
    "kunnallisvalitusohje",
    "valituskielto",
    "anvisning för begäran om omprövning och besvär",
    "besvärsanvisning",
    "besvärsförbud",
    "anvisning för rättelseyrkande",
    "oikaisuvaatimus- ja valitusohjeet",
    "hallintovalitus",
    "hallintovalitusohje",
    "valitusosoitus ja ohjeet",
    "muutoksenhakuohjeet ja valitusosoitus",
    "förvaltningsbesvär",
    "kommunalbesvär",
    "rättelseyrkande",
    "anvisning för rättelseyrkande och besvär",
)

# Words before the number of the one item a published page holds ("Pykälä 127", "Asianro 4").
ITEM_NUMBER_WORDS: tuple[str, ...] = ("pykälä", "asianro", "asia nro", "paragraf",
                                      "ärende nr", "ärendenr")
# Local parts of an e-mail address printed once for everyone listed ("etunimi.sukunimi@espoo.fi").
PLACEHOLDER_EMAIL_LOCALS: tuple[str, ...] = ("etunimi.sukunimi", "fornamn.efternamn",
                                             "förnamn.efternamn")

# Headings of the front matter; the first § starts after them.
CONTENTS_HEADINGS = ("käsitellyt asiat", "käsiteltävät asiat", "asialista", "ärenden", "innehåll",
                     # the column headings of a meeting's index page (Dynasty)
                     "pykälä otsikko", "paragraf rubrik", "asia otsikko")

# --- people ------------------------------------------------------------------------------------
# Endings of Finnish and Swedish job titles, so that "Hyvinvointipäällikkö Kirsi Mäkilä" splits
# into a title and a name. Compound titles end in one of these.
TITLE_ENDINGS: tuple[str, ...] = (
    "johtaja", "päällikkö", "sihteeri", "koordinaattori", "rehtori", "suunnittelija",
    "asiantuntija", "tarkastaja", "insinööri", "lakimies", "kamreeri", "neuvos", "esimies",
    "esihenkilö", "ohjaaja", "isännöitsijä", "kirjaaja", "puheenjohtaja", "jäsen", "varajäsen",
    "hoitaja", "työntekijä", "vastaava", "kanslisti", "arkkitehti", "mittari", "agrologi",
    "valvoja", "tutkija", "kehittäjä", "tiedottaja", "toimittaja", "sijainen", "kouluttaja",
    "direktör", "chef", "sekreterare", "kanslist", "koordinator", "rektor", "ordförande",
    "ledamot", "ersättare", "planerare", "inspektör", "ingenjör", "föreståndare", "handläggare",
    "kamrer", "jurist", "tjänsteman", "ledare", "geodeetti", "kuraattori", "opettaja",
    "lääkäri", "psykologi", "assistentti", "assistent", "kurator", "lärare", "ombudsman",
    "controller", "koordinator", "sihteerinä",
)
# Words that mean "through this channel", printed before the recipients of a notice.
DELIVERY_WORDS = frozenset({"sähköposti", "sähköpostilla", "sähköisesti", "kirje", "kirjeellä",
                            "postitse", "e-post", "per e-post", "brev", "tiedoksi", "ote"})
PHONE_WORDS = ("puh", "puhelin", "tel", "telefon", "gsm", "p.")
# Inside the enforcement part ("Täytäntöönpanotiedot"), "Ote: A, B" names who receives an
# extract of the minutes: they are notified. The list ends at the appeal note printed after it.
EXTRACT_RECIPIENT_LABELS = ("ote", "otteet", "utdrag", "protokollsutdrag")
RECIPIENT_LIST_ENDS = (*APPEAL_HEADINGS, "ei muutoksenhakuoikeutta", "ingen besvärsrätt",
                       "ingen rätt att söka ändring")

# --- document kind and language ----------------------------------------------------------------
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "agenda": ("esityslista", "kokouskutsu", "föredragningslista", "kallelse"),
    "extract": ("pöytäkirjanote", "pöytäkirjaote", "protokollsutdrag", "ote pöytäkirjasta"),
    "minutes": ("pöytäkirja", "protokoll"),
}
# Frequent function words, to tell Finnish from Swedish without a model.
LANGUAGE_HINTS: dict[str, frozenset[str]] = {
    "fi": frozenset({"ja", "on", "että", "sekä", "tai", "ei", "ovat", "kanssa", "mukaan",
                     "päättää", "hyväksyi", "asia", "kaupunki", "vuoden", "tämän"}),
    "sv": frozenset({"och", "att", "är", "för", "av", "med", "som", "till", "på", "den", "det",
                     "beslut", "förslag", "nämnden", "staden", "om"}),
}

# Characters that never belong in output text.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Hyphenated line ends followed by one of these keep the hyphen and a space ("sosiaali- ja").
HYPHEN_KEEP_NEXT = frozenset({"ja", "tai", "sekä", "eli", "että", "ynnä", "och", "eller", "samt"})

# Typographic ligatures a font may draw as one glyph (Calibri, Cambria and Word's OpenType
# "standard ligatures"); glyphs.py re-reads a glyph as one of these only when its subsets' text
# maps gave one of its letters.
TYPOGRAPHIC_LIGATURES = frozenset({
    "ff", "fi", "fl", "ffi", "ffl", "fj", "ft", "fb", "fh", "fk", "ffj", "fft",
    "ti", "tt", "tf", "tti", "tz", "st", "ct", "th", "Th",
})
# What OCR confuses in a lone glyph of a sans-serif font, folded (with case and accents) when
# its reading is checked against the text maps: "I", "l", "1" and "|" are one shape; the
# Finnish and Swedish models read "§" as "8" (see ocr.py).
OCR_CONFUSABLE = {"0": "o", "1": "l", "|": "l", "i": "l", "5": "s", "§": "8"}
# Dashes OCR tells apart only by their length, which a word read on its own does not show:
# one shape when a printed word's reading is compared with its text (glyph_proof.py).
OCR_DASHES = frozenset("-‐‑‒–—―−")

# --- meeting and events issue ---------------------------------------------------------------
# Front-matter labels (the cover page of minutes and agendas) -> what their value holds. Matching
# is fuzzy (see front_matter.py) because some producers drop ligature letters ("Sammanträdestd").
FRONT_LABELS: dict[str, tuple[str, ...]] = {
    "time": ("aika", "kokousaika", "kokousaika ja -paikka", "sammanträdestid", "tid", "tidpunkt"),
    "place": ("paikka", "kokouspaikka", "sammanträdesplats", "plats", "mötesplats"),
    "body": ("toimielin", "organ"),
    "members": ("saapuvilla olleet jäsenet", "saapuvilla olleet", "läsnä", "läsnä olleet jäsenet",
                "läsnäolijat", "osallistujat", "jäsenet", "beslutande", "närvarande ledamöter",
                "närvarande", "deltagare"),
    "others": ("muut saapuvilla olleet", "muut saapuvilla", "muut läsnäolijat",
               "muut läsnä olleet", "muut osallistujat",
               "övriga närvarande", "övriga deltagare"),
    "absent": ("poissa", "poissa olleet", "poissa olleet jäsenet", "frånvarande"),
    "signatures": ("allekirjoitukset", "allekirjoitus", "underskrifter", "underskrift",
                   "elektroniska underskrifter"),
    "checkers": ("pöytäkirjan tarkastajat", "pöytäkirjan tarkastus", "pöytäkirjantarkastajat",
                 "tarkastajat", "protokolljusterare", "protokolljustering", "justering",
                 "elektronisk protokolljustering", "justerare"),
    "display": ("pöytäkirjan nähtävänäolo", "pöytäkirja nähtävänä", "pöytäkirjan nähtävilläolo",
                "nähtävänä", "nähtävilläolo", "protokollet framlagt", "framläggande",
                "protokollet offentligt framlagt"),
    "items": ("käsitellyt asiat", "käsiteltävät asiat", "asialista", "ärenden", "lisäpykälät"),
}
# Column headings inside a members list: ordinary members and their substitutes side by side.
MEMBER_COLUMNS: dict[str, str] = {
    "ordinarie": "member", "ordinarie ledamöter": "member", "varsinaiset jäsenet": "member",
    "varsinainen": "member", "jäsenet": "member",
    "ersättare": "substitute", "varajäsenet": "substitute", "varajäsen": "substitute",
}
# Tick boxes printed before names: ticked means present.
CHECKBOX_TICKED: tuple[str, ...] = ("[x]", "☒", "☑", "(x)", "[×]")
CHECKBOX_EMPTY: tuple[str, ...] = ("[ ]", "[]", "☐", "( )")
# Meeting roles printed after a participant's name. A name's other comma parts are job titles.
MEETING_ROLES: tuple[str, ...] = (
    "puheenjohtaja", "varapuheenjohtaja", "1. varapuheenjohtaja", "2. varapuheenjohtaja",
    "i varapuheenjohtaja", "ii varapuheenjohtaja", "jäsen", "varajäsen", "esittelijä", "sihteeri",
    "pöytäkirjanpitäjä", "pöytäkirjan pitäjä", "valtuutettu", "varavaltuutettu", "kaupunginjohtaja",
    "kunnanjohtaja", "ordförande", "viceordförande", "vice ordförande", "ledamot", "ersättare",
    "sekreterare", "protokollförare", "föredragande", "fullmäktigeledamot", "stadsdirektör",
)
# Roles that mark a substitute sitting in for a member.
SUBSTITUTE_ROLES = frozenset({"varajäsen", "ersättare", "varavaltuutettu",
                              "henkilökohtainen varajäsen"})
# Role given to people listed under "members" with no printed role, by language.
DEFAULT_MEMBER_ROLE: dict[str, str] = {"fi": "jäsen", "sv": "ledamot"}
DEFAULT_SUBSTITUTE_ROLE: dict[str, str] = {"fi": "varajäsen", "sv": "ersättare"}
# Words that make a comma part of a participant line a note rather than a role ("saapui 16:45").
PARTICIPANT_NOTE_WORDS: tuple[str, ...] = (
    "saapui", "poistui", "etänä", "etäyhteydellä", "paikalla", "läsnä", "klo", "kl.", "kl",
    "distans", "t.o.m.", "fr.o.m.", "från", "till", "§", "asiantuntija", "del)", "(del)",
)
# Sentences in the front matter that say where the minutes are published.
DISPLAY_PHRASES: tuple[str, ...] = ("nähtävänä", "nähtäville", "nähtävillä", "verkkosivuilla",
                                    "publiceras", "framlagt", "framläggs", "webbplats")
# Last words of a municipality's name ("Lapuan kaupunki", "Nykarleby stad").
ORGANIZATION_WORDS: tuple[str, ...] = ("kaupunki", "kunta", "stad", "kommun", "kuntayhtymä",
                                       "hyvinvointialue", "välfärdsområde")
# Last parts of a deciding body's name.
BODY_ENDINGS: tuple[str, ...] = (
    "lautakunta", "hallitus", "valtuusto", "jaosto", "toimikunta", "neuvosto", "johtokunta",
    "lautakunnan jaosto", "nämnden", "nämnd", "styrelsen", "styrelse", "fullmäktige",
    "sektionen", "sektion", "direktionen", "rådet", "råd", "kommittén", "delegationen",
)

# --- what happened to a § -------------------------------------------------------------------
# Outcome phrases, checked in this order on the decision text (folded). The first kind whose
# phrase occurs wins, so the specific kinds come before "approved".
OUTCOME_PHRASES: dict[str, tuple[str, ...]] = {
    "tabled": ("jätettiin pöydälle", "jättää asian pöydälle", "jätti asian pöydälle",
               "päätti jättää asian pöydälle", "bordlades", "bordlägga", "bordlagt"),
    "returned": ("palautettiin uudelleen valmisteltavaksi", "palautettiin valmisteluun",
                 "palautetaan takaisin valmisteluun", "palautti asian", "palauttaa asian",
                 "palautetaan uudelleen valmisteltavaksi", "palautettiin takaisin valmisteluun",
                 "palautetaan uudelleen valmisteluun", "palautettiin uudelleen valmisteluun",
                 "palautetaan valmisteluun", "palautettiin valmisteltavaksi",
                 "återremitterades", "återremiss", "återremittera"),
    "rejected": ("hylättiin", "hylkäsi", "päätti hylätä", "ei hyväksynyt", "förkastades",
                 "avslogs", "avslog"),
    "counter_proposal": ("hyväksyi vastaehdotuksen", "vastaehdotuksen mukaisesti",
                         "vastaehdotus hyväksyttiin", "päätökseksi tuli vastaehdotus",
                         "motförslaget godkändes", "enligt motförslaget"),
    "amended": ("muutettuna", "ehdotti kokouksessa", "esitti kokouksessa", "muutti esitystään",
                "sillä muutoksella", "seuraavin muutoksin", "muutoksin",
                "seuraavalla muutoksella", "lisäyksellä", "täydennettynä", "lisäten",
                "muutti ehdotustaan", "muutti päätösehdotustaan", "korjasi ehdotustaan",
                "täydensi ehdotustaan", "muutetun ehdotuksen", "muutetun päätösehdotuksen",
                "muutettu päätösehdotus", "muutettu ehdotus", "korjattu päätösehdotus",
                "korjatun päätösehdotuksen", "teki muutetun esityksen", "muutetun esityksen",
                "med följande ändring", "med ändringen", "med den ändringen",
                "ändrade sitt förslag", "det ändrade förslaget", "ändrat", "med tillägget",
                "kompletterat",
                # The presenter's version changed at the meeting ("hyväksyi kokouksessa
                # esitetyn päivitetyn ..."), or the body departed from what was proposed.
                "kokouksessa esitetyn", "kokouksessa esitetyt", "kokouksessa jaetun",
                "esitetystä ajankohdasta poiketen", "esitetystä poiketen",
                "ehdotuksesta poiketen", "esityksestä poiketen", "med avvikelse från förslaget"),
    "election": ("valittiin", "valitsi", "valitaan", "päätti valita", "nimesi", "nimettiin",
                 "utsågs", "utsåg",
                 "valdes", "valde"),
    "noted": ("merkitsi tiedoksi", "merkitsi tiedokseen", "merkittiin tiedoksi",
              "merkitään tiedoksi", "merkitsi", "tiedokseen", "tiedoksi", "antecknades",
              "antecknade", "för kännedom", "kännedom"),
    "approved": ("hyväksyttiin", "hyväksyi", "päätösehdotus hyväksyttiin", "hyväksyy",
                 "päätti", "godkändes", "godkände", "enligt förslaget", "beslöt", "beslutade"),
}
# The presenter changed the proposal at the meeting: said in the decision or in the record of
# the discussion ("Keskustelun jälkeen sivistysjohtaja teki muutetun esityksen"). Outcome
# "amended" wherever it is printed in this meeting's handling.
PROPOSAL_CHANGED_PHRASES: tuple[str, ...] = (
    "teki muutetun esityksen", "teki muutetun ehdotuksen", "teki muutetun päätösehdotuksen",
    "muutti päätösehdotustaan", "muutti ehdotustaan", "muutti esitystään", "korjasi ehdotustaan",
    "korjasi päätösehdotustaan", "täydensi ehdotustaan", "täydensi päätösehdotustaan",
    "korjattu päätösehdotus", "korjatun päätösehdotuksen", "muutettu päätösehdotus",
    "ändrade sitt förslag", "ändrat förslag", "ändrade förslaget", "kompletterade sitt förslag",
)
# Riders (ponsi, kläm): a wish the body adopts beside its decision, or one proposed. Stems, so
# that every case form matches ("ponnen", "ponsiesityksen", "klämmen").
RIDER_STEMS: tuple[str, ...] = ("ponsi", "ponne", "toivomusponsi", "toivomusponne", "kläm")
# What kind of decision a § holds (DecisionKind), read from the proposal (or the decision when
# none is printed). Sending a matter to another body for its decision: "referral".
# A verb of sending on, then (within a few words) the body it goes to, in the allative or
# ablative ("esittää sen edelleen kaupunginhallitukselle", "pyytää kaupunginhallitukselta
# täyttölupaa") or after "för" ("föreslår för stadsfullmäktige"). A target that is this
# meeting's own body (the council deciding what the board proposed to it) is no referral.
REFERRAL_VERBS: tuple[str, ...] = ("esittää", "esitetään", "ehdottaa", "ehdotetaan", "pyytää",
                                   "föreslår", "föreslås", "hemställer")
REFERRAL_TARGETS: tuple[str, ...] = (
    "hallitukselle", "valtuustolle", "lautakunnalle", "jaostolle", "hallitukselta",
    "valtuustolta", "lautakunnalta", "fullmäktige", "styrelsen", "styrelse", "nämnden",
)
# Targets that name no particular body ("lautakunnalle", "nämnden"): always another one.
GENERIC_REFERRAL_TARGETS: tuple[str, ...] = ("lautakunnalle", "jaostolle", "lautakunnalta",
                                             "nämnden")
# "esittää ne edelleen kaupunginhallituksen ja kaupunginvaltuuston hyväksyttäviksi": the body
# in the genitive before a word of deciding.
REFERRAL_GENITIVES: tuple[str, ...] = ("hallituksen", "valtuuston")
REFERRAL_PURPOSES: tuple[str, ...] = ("hyväksyttäväksi", "hyväksyttäviksi", "päätettäväksi",
                                      "vahvistettavaksi")
# "... ja esittää, että aloite todetaan loppuun käsitellyksi": proposing on without naming
# the body, which is then the next one up.
REFERRAL_BARE: tuple[str, ...] = ("esittää, että", "esittää että", "ehdottaa, että",
                                  "ehdottaa että", "föreslår att", "föreslås att")
# An official who proposes to the body ("Sivistysjohtaja esittää lautakunnalle, että ...",
# "Stadsdirektören föreslår att ..."): the subject of the verb, so no referral.
OFFICIAL_SUBJECT_STEMS: tuple[str, ...] = ("johtaja", "päällikkö", "esittelijä", "sihteeri",
                                           "direktör", "chef", "föredragande", "sekreterare")
# A statement to another authority (lausunto, utlåtande, yttrande) given by this body.
STATEMENT_NOUNS: tuple[str, ...] = ("lausun", "utlåtande", "yttrande", "kommentit",
                                    "remissvar")
STATEMENT_VERBS: tuple[str, ...] = ("antaa", "antavansa", "tekee", "toteaa", "annetaan",
                                    "antoi", "lausuu", "ger",
                                    "avger", "ge", "lämnar", "lämna", "toteaa lausuntonaan",
                                    "lausuntonaan", "som sitt utlåtande", "som sitt yttrande")
# § titles that name a statement ("Lausunto ...", "Utlåtande om ..."), folded.
STATEMENT_TITLES: tuple[str, ...] = ("lausunto", "lausuntopyyntö", "utlåtande", "yttrande",
                                     "kommentit", "remissvar", "begäran om utlåtande")
# Choosing a person for a post (virka, tehtävä, befattning): "appointment", not "election".
APPOINTMENT_STEMS: tuple[str, ...] = (
    "virkaan", "viranhaltija", "viransijai", "virkasuhte", "työsuhte", "tehtävään", "toimeen",
    "befattning", "tjänst", "anställ", "vikariat",
)
# Person roles of an election (members, representatives, minutes checkers): the role words of
# the outcome rules less the invoice approvers ("nimeää laskujen hyväksyjiksi"), whose naming
# is an approval of the unit's practice, not a choice of people for a body.
ELECTED_ROLE_STEMS: tuple[str, ...] = (
    "jäsen", "edustaj", "tarkastaj", "puheenjohtaj", "henkilö", "sihteer",
    "justerare", "representant", "ledamot", "ersättare", "ordförande", "medlem", "sekreterare",
)
# Sentences naming these choose no people for a body: invoice approvers (laskujen hyväksyjät)
# are named by a unit's practice, an approval.
NOT_ELECTION_STEMS: tuple[str, ...] = ("hyväksyj", "attestant")
# Whole-proposal phrases of noting ("Vi tar del av informationen").
NOTING_PHRASES: tuple[str, ...] = ("tar del av informationen", "tar del av redogörelsen",
                                   "tar del av rapporten", "merkitään tiedoksi",
                                   "merkitsee tiedoksi", "antecknas för kännedom",
                                   "saatetaan tiedoksi")
# After a noting verb, an extra action that only forwards for information ("ja toimittaa sen
# edelleen kaupunginhallitukselle tiedoksi") keeps the § a noting.
FORWARD_FOR_INFORMATION: tuple[str, ...] = ("tiedoksi", "tiedokseen", "för kännedom",
                                            "kännedom")
# The § approves the meeting's own agenda or working order: kind "other".
PROCEDURAL_TITLE_WORDS: tuple[str, ...] = (
    "esityslistan hyväksyminen", "työjärjestyksen hyväksyminen", "kokouksen laillisuus",
    "laillisuus ja päätösvaltaisuus", "godkännande av föredragningslistan",
    "godkännande av föredragningslista", "sammanträdets laglighet", "mötets laglighet",
    "föredragningslistan godkänns", "godkännande av dagordningen", "muut asiat",
    "seuraava kokous", "övriga ärenden", "nästa sammanträde", "nästa möte",
    "pöytäkirjan tarkastus", "protokolljusterare", "protokollsjusterare",
)
PROCEDURAL_DECISION_PHRASES: tuple[str, ...] = (
    "hyväksyi esityslistan", "esityslista hyväksyttiin", "hyväksyttiin esityslista",
    "hyväksyi työjärjestyksen", "föredragningslistan godkändes", "godkände föredragningslistan",
    "dagordningen godkändes",
)
# Lists of notices and reports received: the § notes them.
NOTICE_TITLE_WORDS: tuple[str, ...] = (
    "ilmoitusasiat", "tiedoksi saatetut", "tiedoksi tulleet", "viranhaltijapäätökset",
    "viranhaltijoiden päätökset", "delegoidut päätökset", "anmälningsärenden", "delgivningar",
    "tjänsteinnehavarbeslut", "för kännedom",
)
# In the record of the discussion (Käsittely): the nouns of a change to the proposal, and the
# words that say one was accepted or not. An accepted change makes the outcome "amended".
AMENDMENT_NOUNS: tuple[str, ...] = ("muutosehdotu", "lisäysehdotu", "muutosesity", "lisäysesity",
                                    "ändringsförslag", "tilläggsförslag")
ACCEPTED_WORDS: tuple[str, ...] = ("hyväksyneen", "hyväksyi", "hyväksyttiin", "godkände",
                                   "godkändes", "godkänt")
REJECTED_WORDS: tuple[str, ...] = ("hylänneen", "hylkäsi", "hylättiin", "raukeavan", "raukesi",
                                   "förkastade", "förkastades", "förföll")
# Decisions that record a fact about the meeting itself (legality, quorum): outcome "other".
# Stems of a proposal about the meeting's own lawfulness ("toteaa kokouksen laillisuuden ja
# päätösvaltaisuuden"): a decision recording that fact then approves the proposal.
MEETING_FACT_STEMS: tuple[str, ...] = ("laillis", "päätösvaltai", "laglig", "beslutför")
OUTCOME_OTHER_PHRASES: tuple[str, ...] = (
    "totesi kokouksen", "todettiin lailliseksi", "laillisesti koolle kutsutuksi",
    "päätösvaltaiseksi", "konstaterades vara", "konstaterade sammanträdet", "beslutför",
)
# Phrases that say the body accepted the presenter's proposal as it stood.
APPROVAL_OF_PROPOSAL_PHRASES: tuple[str, ...] = (
    "hyväksyi ehdotuksen", "ehdotus hyväksyttiin", "päätösehdotus hyväksyttiin",
    "hyväksyttiin esitys", "hyväksyi esityksen", "esitys hyväksyttiin", "ehdotuksen mukaisesti",
    "förslaget godkändes", "förslag godkändes", "godkändes enligt", "enligt förslaget",
    "enligt förslag",
)
# Decisions that choose persons without an election verb ("Yhtiökokousedustajaksi ...
# osallistuu Ritva-Leena Heikkinen"): a role word in the translative case in the decision, when
# the proposal asked for an election (one of the stems below).
ELECTION_ROLE_WORDS: tuple[str, ...] = ("jäseneksi", "jäseniksi", "edustajaksi", "edustajiksi",
                                        "tarkastajiksi", "puheenjohtajaksi", "varajäseneksi",
                                        "varajäseniksi", "till ledamot", "till ersättare",
                                        "till representant", "till ordförande",
                                        "till protokolljusterare")
ELECTION_PROPOSAL_STEMS: tuple[str, ...] = ("valit", "valinta", "nimeä", "nimittä", "utse",
                                            "välj", "utnämn")
# Verbs of a proposal that chooses persons ("valitsee pöytäkirjantarkastajat", "nimeää
# laskujen hyväksyjiksi", "utser protokolljusterare"), matched as whole words: a decision that
# approves such a proposal is an election.
ELECTION_PROPOSAL_VERBS: tuple[str, ...] = (
    "valitsee", "valita", "valitaan", "valitsevat", "nimeää", "nimetä", "nimetään", "nimittää",
    "nimitetään", "utser", "utse", "utses", "väljer", "välja", "väljs", "utnämner", "utnämns",
)
# ... and the sentence with that verb names a person's role ("varajäsenet", "hyväksyjiksi ...
# henkilöt", "protokolljusterare"); matched as substrings so damaged layers and compounds
# ("yhtiökokousedustajan", "protokojjjusterare") still match. "nimeää ... yhteistyöryhmäksi"
# designates a group, not persons.
PERSON_ROLE_STEMS: tuple[str, ...] = (
    "jäsen", "edustaja", "tarkastaja", "puheenjohtaja", "hyväksyj", "henkilö", "sihteeri",
    "justerare", "representant", "ledamot", "ersättare", "ordförande", "medlem", "sekreterare",
)
# A proposal whose content is to note something ("merkitsee ... tiedokseen", "antecknas för
# kännedom"): one of the verbs and one of the objects in the same item. A decision approving a
# proposal made only of such items is "noted".
NOTING_PROPOSAL_VERBS: tuple[str, ...] = ("merkitsee", "merkitä", "merkitään", "merkitsevät",
                                          "antecknar", "antecknas", "anteckna")
NOTING_PROPOSAL_OBJECTS: tuple[str, ...] = ("tiedoksi", "tiedokseen", "kännedom")
# Verbs that, after the noting verb of the same item, add an action ("merkitä asian tiedoksi ja
# lähettää asian edelleen kaupunginhallitukselle"): such a proposal does more than note.
NOTING_EXTRA_ACTIONS: tuple[str, ...] = ("lähettää", "toimittaa", "saattaa", "esittää",
                                         "hyväksyy", "hyväksyä", "antaa", "päättää", "sänder",
                                         "översänder", "tillställer", "godkänner", "föreslår")
# Stems of approving words that stay readable when a damaged text layer swaps the letters of
# the ending ("godkändgs" for "godkändes"); found as substrings once a proposal is known.
DAMAGED_APPROVAL_STEMS: tuple[str, ...] = ("godkänd",)
# Participation events: verbs in a § that say a person came, went, was heard or was
# disqualified. Checked on each sentence.
PARTICIPATION_PHRASES: dict[str, tuple[str, ...]] = {
    "disqualified": ("esteellisenä", "esteellinen", "jäävi", "jäävinä", "jäävätä", "jääväsi",
                     "jävig", "jäv", "anmälde jäv", "deltog inte i behandlingen"),
    "left": ("poistui", "poistuivat", "lähti kokouksesta", "avlägsnade sig", "avlägsnade",
             "lämnade sammanträdet", "lämnade mötet"),
    "arrived": ("saapui kokoukseen", "saapui paikalle", "saapui", "tuli kokoukseen",
                "anlände", "kom till mötet", "kom till sammanträdet"),
    "heard": ("kuuli", "kuultiin", "oli kuultavana", "oli kokouksessa kuultavana",
              "yleiskatsauksen", "esitti katsauksen", "esittivät katsauksen",
              "piti katsauksen", "pitivät katsauksen",
              # Presence alone ("oli paikalla asian esittelyn ajan", "var närvarande") is no
              # hearing: only the verbs of hearing and the expert's role count.
              "asiantuntijana", "hördes", "var närvarande som sakkunnig", "sakkunnig",
              "hörde"),
}
# A participant-list note that names §s ("klockan 16.00–16.50, §10–13", "t.o.m. kl. 18.45 § 42
# och 43 (del)") bounds the person's presence: an end word (or a time range) makes a "left" event
# in the last § named, a start word an "arrived" event in the first.
NOTE_END_WORDS: tuple[str, ...] = ("t.o.m.", "t.o.m", "till", "poistui", "asti", "saakka",
                                   "del", "(del)", "osittain")
NOTE_START_WORDS: tuple[str, ...] = ("fr.o.m.", "fr.o.m", "från", "saapui", "alkaen", "lähtien")
# Kinds of disqualification (jääviysperuste), kept as the reason of a "disqualified" event.
DISQUALIFICATION_REASONS: tuple[str, ...] = (
    "osallisuusjäävi", "intressijäävi", "yhteisöjäävi", "palvelussuhdejäävi", "toimeksiantojäävi",
    "sukulaisuusjäävi", "esimiesjäävi", "valvontajäävi", "ennakkoasennejäävi", "yleislausekejäävi",
    "delaktighetsjäv", "intressejäv", "sammanslutningsjäv", "anställningsjäv", "släktskapsjäv",
)
# Voikko's case names (SIJAMUOTO) in which a surname is printed as the object of a hearing or
# an election ("kuuli Kinnusta", "valitsi Nivukosken"): partitive and genitive.
INFLECTED_NAME_CASES: frozenset[str] = frozenset({"osanto", "omanto"})
# Sentences that mention a phrase above but describe a thing, not a person ("hakemus saapui").
PARTICIPATION_NOT_PERSON: tuple[str, ...] = (
    "hakemus", "hakemuksia", "hakemusta", "lausunto", "lausuntoja", "mielipiteitä", "mielipide",
    "kirje", "aloite", "valitus", "ilmoitus", "ansökan", "ansökningar", "utlåtande",
)
# Vote vocabulary.
VOTE_WORDS: tuple[str, ...] = ("äänestys", "äänestyksessä", "äänestää", "äänestävät", "jaa-",
                               "omröstning", "röstade", "röster")
# Vote counts: "6 JAA-ääntä", "EI 3", "0 tyhjää", "0 poissa" (JAA/EI/JA/NEJ in capitals).
VOTE_YES: tuple[str, ...] = ("jaa", "ja")
VOTE_NO: tuple[str, ...] = ("ei", "nej")
VOTE_BLANK: tuple[str, ...] = ("tyhjää", "tyhjä", "blankt", "blanka", "avstod", "avstår")
VOTE_ABSENT: tuple[str, ...] = ("poissa", "poissaolevaa", "frånvarande")
COUNTER_PROPOSAL_WORDS: tuple[str, ...] = ("vastaehdotus", "vastaehdotuksen", "eriävän esityksen",
                                           "pohjaesityksestä poikkeavan esityksen",
                                           "poikkeavan esityksen", "poikkeavan ehdotuksen",
                                           "muutosesityksen", "muutosehdotuksen",
                                           "motförslag", "motförslaget")
SECONDED_WORDS: tuple[str, ...] = ("kannatti", "kannattamana", "kannattama", "understödde",
                                   "understödd", "understött")
LAPSED_WORDS: tuple[str, ...] = ("raukesi", "raukesivat", "kannattamattomana", "ei kannatettu",
                                "förföll")
DISSENT_WORDS: tuple[str, ...] = ("eriävän mielipiteen", "eriävä mielipide", "jätti eriävän",
                                  "reservation", "reserverade sig", "reserverar sig")
# The name of a law in a legal reference ends in one of these (genitive) words.
LAW_WORDS: tuple[str, ...] = ("laki", "lain", "lakia", "kuntalain", "kuntalaki", "asetus",
                              "asetuksen", "hallintosääntö", "hallintosäännön", "säännön",
                              "sääntö", "johtosääntö", "johtosäännön", "lag", "lagen",
                              "förordning", "förordningen", "förvaltningsstadga",
                              "förvaltningsstadgan", "stadga", "stadgan")

# --- themes issue ---
# Titles (folded, matched as prefixes) of §s about the meeting itself. They get no themes and no
# entities: every minutes has them and they say nothing about welfare.
ROUTINE_SECTION_TITLES: tuple[str, ...] = (
    "kokouksen laillisuus ja päätösvaltaisuus", "kokouksen avaus", "kokouksen avaaminen",
    "kokouksen laillisuuden ja päätösvaltaisuuden toteaminen", "laillisuus ja päätösvaltaisuus",
    "pöytäkirjan tarkastus", "pöytäkirjan tarkastajien valinta", "pöytäkirjantarkastajien valinta",
    "pöytäkirjan tarkastajat", "pöytäkirjan tarkastaminen", "esityslistan hyväksyminen",
    "työjärjestyksen hyväksyminen", "asialistan hyväksyminen",
    "sammanträdets laglighet och beslutförhet", "mötets laglighet och beslutförhet",
    "laglighet och beslutförhet", "val av protokolljusterare", "protokolljustering",
    "justering av protokollet", "godkännande av föredragningslistan",
    "godkännande av ärendelistan",
    # Recurring administration: monthly budget follow-up, invoice approvers, meeting dates.
    "talousarvion toteutuminen", "talousarvion ja toiminnan toteutuminen",
    "laskujen hyväksyjät", "seuraava kokous", "budgetuppföljning", "nästa möte",
)
# Title words (folded, matched inside the words) of §s that only set meeting dates.
SCHEDULE_TITLE_STEMS: tuple[str, ...] = (
    "kokousaja", "kokousajankohd", "kokoukset", "kokousaikataulu", "möten", "mötestider",
    "sammanträdestider", "sammanträdesdagar", "sammanträden",
)
# Title phrases (folded, anywhere in the title) of §s that list notices, officials' decisions
# or minutes received: their themes are those of their items, each mentioned in passing.
NOTICE_SECTION_PHRASES: tuple[str, ...] = (
    "viranhaltijapäätökset", "viranhaltijoiden päätökset", "viranhaltijapäätös",
    "ilmoitusasiat", "ilmoitettavat asiat", "tiedoksi merkittävät", "tiedoksi saatettavat",
    "tiedoksi tulleet", "muut asiat", "pöytäkirjat", "esityslistat", "delegeringsbeslut",
    "delegationsbeslut", "tjänsteinnehavarbeslut", "anmälningsärenden", "anmälningar",
    "meddelanden", "övriga ärenden", "protokoll från", "delgivningar",
    "viranhaltijoiden tekemät", "delegointipäätökset", "delegoidut päätökset", "otto-oikeu",
    "saapuneet kirjeet", "handlingar för kännedom", "ärenden för kännedom", "delegerade beslut",
    "inkomna handlingar", "inkomna skrivelser",
)
# A title that chooses persons: one of these words (or stems) and a person's role
# (PERSON_ROLE_STEMS: "jäsen", "edustaja", "ordförande"...). "Hyvinvointiryhmän nimeäminen
# yhteistyöryhmäksi" names a group's task, not persons, and is no election.
ELECTION_TITLE_WORDS = frozenset({"val", "valinta", "utseende", "utnämning"})
# Persons' roles in an election title, besides PERSON_ROLE_STEMS ("ledamöter", "suppleant").
ELECTION_ROLE_STEMS: tuple[str, ...] = ("ledamö", "suppleant", "representanter", "edustajisto")
ELECTION_TITLE_STEMS: tuple[str, ...] = ("valitsem", "valinna", "nimeämi", "nimittämi", "valitaan")
# Title word stems (folded, word starts) of personnel §s: pay, filling a post, leave, job
# evaluation, staff matters ("Täyttölupa musiikkiopiston rehtorin viran täyttämiseen",
# "Anhållan om individuellt tillägg; skolsekreterare", "Motionsrådgivare; fastställande av lön").
PERSONNEL_TITLE_STEMS: tuple[str, ...] = (
    "palkka", "palkan", "palkkau", "täyttölupa", "täyttämi", "viran", "virkaan",
    "virkavapa", "ylitö", "leirivapa", "kesälom", "lomaraha", "henkilöstö", "työterveys",
    "lön", "tillägg", "arbetsvärdering", "personal", "uppvaktning", "anställning",
    "tjänstledig", "befattning", "tjänsten", "sivutoim", "työsuhte", "irtisano", "lomautu",
    "palkaton", "vikariat", "tjänstens", "tillsätt", "lediganslå", "vakanssi", "tehtävänkuva",
)
# Abbreviations whose full stop does not end a sentence (lower case, without the stop).
SENTENCE_ABBREVIATIONS = frozenset({
    "mm", "esim", "ml", "ym", "yms", "jne", "ns", "vrt", "ks", "puh", "klo", "n", "s", "t",
    "nro", "kpl", "tms", "os", "ao", "em", "vt", "ts", "mom", "lk", "v", "milj", "eur", "tel",
    "bl.a", "t.ex", "ca", "kl", "nr", "st", "resp", "jfr", "s.k", "dvs", "o.s.v", "fr.o.m",
    "t.o.m", "ang", "enl", "ev", "kap", "p", "sis", "alv", "i.alv", "h", "min", "tn", "ma",
    "ti", "ke", "to", "pe", "la", "su", "tammik", "helmik", "maalisk", "huhtik", "toukok",
    "kesäk", "heinäk", "elok", "syysk", "lokak", "marrask", "jouluk",
})
# Lemmas of a place-or-time phrase that are not the purpose of a sum ("vuodelle 2025").
MONEY_NOT_PURPOSE = frozenset({
    "vuosi", "kausi", "aika", "kuukausi", "päivä", "lukuvuosi", "vuosineljännes", "tili",
    "kokonaisbudjetti", "budjetti", "summa", "yhteensä", "henkilö", "kerta", "tunti", "euro",
    "osuus", "prosentti", "määrä", "år", "period", "månad",
})
# Postpositions that introduce a purpose ("hankkeen toteuttamista varten").
PURPOSE_POSTPOSITIONS = frozenset({"varten"})
# Words after an amount that make it money, and words that scale it.
MONEY_UNITS: tuple[str, ...] = ("€", "euroa", "euron", "euro", "eur", "euroon", "eurolla",
                                "eurosta", "euros", "euro/v", "e/kk")
MONEY_SCALES: dict[str, int] = {"milj": 1_000_000, "miljoonaa": 1_000_000,
                                "miljoonan": 1_000_000, "miljoona": 1_000_000,
                                "tuhatta": 1000, "miljon": 1_000_000, "miljoner": 1_000_000,
                                "tusen": 1000, "me": 1_000_000, "t€": 1000}
# Last compound parts of organisation names ("Lapuan tuomiokirkkoseurakunta", "Sininauha ry").
ORGANIZATION_HEADS: tuple[str, ...] = (
    "kaupunki", "kunta", "hyvinvointialue", "seurakunta", "ry", "r.y.", "yhdistys", "järjestö",
    "oy", "oyj", "ab", "säätiö", "kuntayhtymä", "virasto", "ministeriö", "liitto", "opisto",
    "kuntaliitto", "seura", "keskus", "toimisto", "rf", "r.f.", "förening", "församling",
    "stad", "kommun", "välfärdsområde", "stiftelse", "förbund",
)
# Last words of an association's or company's name ("Lapuan Sininauha ry", "Lapuan Kotiasunnot
# Oy", "Idrottsföreningen Kraft rf"); a word ending in one of the longer ones counts too
# ("Mielenterveysyhdistys"). Theme words inside such names are mentions in passing.
NAME_FORM_HEADS: tuple[str, ...] = (
    "ry", "r.y.", "rf", "r.f.", "oy", "oyj", "ab", "ky", "ay", "säätiö", "stiftelse", "liitto",
    "förbund", "yhdistys", "förening", "föreningen", "seura", "osuuskunta", "andelslag",
)
# Organisations worth reporting even when printed without a proper name.
GENERIC_ORGANIZATIONS = frozenset({"hyvinvointialue", "seurakunta", "kela", "te-toimisto",
                                   "välfärdsområde", "välfärdsområdet", "församling"})
# Case endings of Finnish surnames the model leaves unlemmatised ("kuuli Riina Turjaa"),
# per case as (ending, replacement), first match wins.
NAME_CASE_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "Gen": (("sen", "nen"), ("n", "")),
    "Par": (("sta", "nen"), ("stä", "nen"), ("aa", "a"), ("ää", "ä"), ("oa", "o"),
            ("öä", "ö"), ("ua", "u"), ("yä", "y"), ("ta", ""), ("tä", "")),
}
# Pronouns that point back at the person named in the previous sentence ("Hän poistui").
PERSON_PRONOUNS = frozenset({"hän", "he", "han", "hon", "de"})
# Genitive words that belong to a law's name before it ("Lapuan kaupungin hallintosäännön").
LAW_OWNER_WORDS = frozenset({"kaupungin", "kunnan", "kuntayhtymän", "hyvinvointialueen",
                             "stads", "kommuns"})
# Words after a § number that name a subsection ("2 momentin", "4 mom.", "2 mom").
SUBSECTION_WORDS: tuple[str, ...] = ("momentin", "momentissa", "momentti", "momenttia", "mom",
                                     "mom.", "momentet", "momentet.")
CHAPTER_WORDS: tuple[str, ...] = ("luvun", "luku", "luvussa", "kap.", "kapitlet")
# Phrases that say how each member voted: "JAA: names", "EI: names".
ROLL_CALL_LABELS: dict[str, tuple[str, ...]] = {
    "yes": ("jaa", "ja"), "no": ("ei", "nej"), "blank": ("tyhjää", "tyhjä", "blankt", "avstod"),
    "absent": ("poissa", "frånvarande"),
}
# Phrases that say a vote was won by the side voting JAA / EI.
VOTE_MEANS_PATTERNS: tuple[str, ...] = (
    r"(?:jotka|joka)\s+kannat\w*\s+(?P<what>[^,;]+?)\s*,?\s+äänestä\w*\s+(?P<side>JAA|EI)",
    r"(?P<side>JAA|EI|JA|NEJ)\s*(?:=|merkitsee|tarkoittaa|innebär)\s*(?P<what>[^,;.]+)",
    r"(?:että\s+)?(?<![\wåäö\-])(?P<what>[\wåäö\-]+)\s+kannatta\w*\s+äänestä\w*\s+(?P<side>JAA|EI)",
    r"(?:som)\s+(?:understöder|omfattar)\s+(?P<what>[^,;]+?)\s*,?\s+röstar\s+(?P<side>JA|NEJ)",
)
# Verbs that say who made a proposal ("Marcus Toppari teki ... esityksen").
PROPOSAL_VERBS: tuple[str, ...] = ("teki", "on tehnyt", "esitti", "ehdotti", "föreslog",
                                   "lade fram", "framställde")
# Word stems that name a counter-proposal in any case form ("vastaehdotusta", "motförslaget").
COUNTER_STEMS: tuple[str, ...] = ("vastaehdotu", "vastaesity", "motförslag")
# Summary: extra words that state a decision's result ("on äänin 6-3 hyväksynyt
# päätösehdotuksen"), and sentences about the voting procedure, which never state the result.
DECISION_RESULT_WORDS: tuple[str, ...] = ("hyväksynyt", "päättänyt", "on godkänt",
                                          "har beslutat", "har godkänt")
VOTING_PROCEDURE_WORDS: tuple[str, ...] = ("äänestysjärjestys", "äänestystapa", "äänestysesitys",
                                           "nimenhuutoäänestys", "röstningsordning",
                                           "röstningsproposition", "omröstningssätt")
# Words that end like a body's name but are not one ("välfärdsområdet" ends in "rådet").
NOT_ROLE_ENDINGS: tuple[str, ...] = ("område", "området", "områden", "områdets", "omaishoitaja")
# Words that join names in a list ("Matti Rinnankoski ja Teija Ylimäki").
LIST_CONJUNCTIONS: tuple[str, ...] = ("ja", "sekä", "och", "samt")
# Words that open the content of a counter-proposal ("..., jossa asia palautetaan ...").
PROPOSAL_CONTENT_OPENERS: tuple[str, ...] = ("jossa", "joka", "että", "där", "att")
# How the presenter's proposal is called when a vote does not say what JAA meant.
ORIGINAL_PROPOSAL_NAME = "ehdotus"
# Verbs of accepting and the nouns of a proposal: "hyväksyi ... ehdotuksen", "Stadsdirektörens
# förslag godkändes". A decision joining one of each in a clause accepted a proposal.
ACCEPT_VERBS: tuple[str, ...] = ("hyväksyi", "hyväksyttiin", "hyväksynyt", "godkände",
                                 "godkändes")
PROPOSAL_NOUNS: tuple[str, ...] = ("ehdotuksen", "esityksen", "päätösehdotuksen", "ehdotus",
                                   "esitys", "päätösehdotus", "förslag", "förslaget")
# Words that damaged text layers glue to their neighbours ("Ärendetnantecknadesnförnkännedom"):
# found as substrings when no whole-word phrase matched.
GLUED_NOTED_WORDS: tuple[str, ...] = ("antecknades",)
GLUED_APPROVED_WORDS: tuple[str, ...] = ("godkändes",)
# Finnish surname stems: "Kamunen" is "Kamus-" in the other cases ("Kamusta").
SURNAME_STEM_CHANGES: tuple[tuple[str, str], ...] = (("nen", "s"),)

# --- is it municipal at all ----------------------------------------------------------------
# A document none of whose words is one of these, or ends in one of the endings, is not a
# municipal document (NotMinutesError unless settings.require_minutes is off): kind words,
# the labels every § prints, and the names of bodies and municipalities, which end the
# compounds they are part of ("hyvinvointilautakunta", "kaupunginhallitus", "Lapuan kaupunki").
MUNICIPAL_WORDS = frozenset({
    *(word for words in KIND_WORDS.values() for word in words if " " not in word),
    "pykälä", "kokous", "sammanträde", "päätös", "päätösehdotus", "esittelijä", "beslut",
    "beslutsförslag", "föredragande", "förslag", "ehdotus", "valmistelija", "beredare",
})
MUNICIPAL_ENDINGS: tuple[str, ...] = (
    *ORGANIZATION_WORDS,
    *(ending for ending in BODY_ENDINGS if " " not in ending and len(ending) > 3),
)

# Swedish modal verbs that spaCy's lookup lemmatizer gives the lemma of a noun ("ska", "skulle"
# -> skola, the school; "vill" -> vilja, the will). The search index keys them apart, so that
# "skola" finds schools and not every "ska".
SWEDISH_MODAL_LEMMAS: dict[str, str] = {
    "ska": "ska", "skall": "ska", "skulle": "ska", "skolat": "ska",
    "vill": "vill", "ville": "vill", "velat": "vill",
}
