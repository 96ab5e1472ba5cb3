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
    "appeal_reference": ("muutoksenhaku", "muutoksenhakuohje", "muutoksenhakuohjeet", "besvärsanvisning"),
    "legal_basis": ("lainsäädäntö", "lait ja säädökset", "säädösperusta", "lagstiftning"),
    "diary": ("dno", "dnro", "diaarinumero"),
    "disqualification": ("esteellisyys", "jäävi", "jäävit", "jäv"),
    "minutes_note": ("pöytäkirjamerkintä", "protokollsanteckning"),
    "impact_assessment": ("vaikutusten arviointi", "ennakkoarviointi", "konsekvensbedömning"),
    "further_processing": ("jatkokäsittely", "vidare behandling"),
    "additional_info": ("lisätietoja",),
}

# Labels whose value may follow on the same line after a colon ("Esittelijä: Satu Kankare, ...").
INLINE_VALUE_KEYS = frozenset({"presenter", "preparer", "notified", "authority", "enforcement",
                               "appeal_reference", "additional_info"})

# Genitive endings accepted for the "*" owner in a label ("Kaupunginjohtajan", "Stadsdirektörs").
OWNER_ENDINGS = ("n", "s", "ns")

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
)

# Headings of the front matter; the first § starts after them.
CONTENTS_HEADINGS = ("käsitellyt asiat", "käsiteltävät asiat", "asialista", "ärenden", "innehåll")

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
    "kamrer", "jurist", "tjänsteman",
)
# Words that mean "through this channel", printed before the recipients of a notice.
DELIVERY_WORDS = frozenset({"sähköposti", "sähköpostilla", "sähköisesti", "kirje", "kirjeellä",
                            "postitse", "e-post", "per e-post", "brev", "tiedoksi", "ote"})
PHONE_WORDS = ("puh", "puhelin", "tel", "telefon", "gsm", "p.")

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
