"""Names, titles and contact details as printed -> Person / Preparer, in "First Last" order.

Handles the orders municipal systems print: "hyvinvointijohtaja Hepo-oja, Pirjo",
"Mika Kamunen, Sivistys- ja hyvinvointijohtaja", "Hyvinvointipäällikkö Kirsi Mäkilä" and
"Lindvall Mikael" (with ``surname_first``).
"""

from __future__ import annotations

import re

from ..models import Person, Preparer
from ..patterns import EMAIL, PHONE, PHONE_WORD
from ..text import clean_text
from ..vocabulary import PLACEHOLDER_EMAIL_LOCALS, TITLE_ENDINGS

_NAME_TOKEN = re.compile(r"^[A-ZÅÄÖÜÉ][a-zåäöüéèáíóúëï'’]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöüéèáíóú'’]+)*$")
_INITIAL = re.compile(r"^[A-ZÅÄÖ]\.$")


def _is_title_word(token: str) -> bool:
    t = token.lower().strip(".,;:()")
    return any(t.endswith(end) for end in TITLE_ENDINGS)


def is_name_token(token: str) -> bool:
    """A capitalised word that is not a job title ("Mäkilä", "Hepo-oja", "Latva-Rasku")."""
    t = token.strip(",;:()")
    return bool(_NAME_TOKEN.match(t) or _INITIAL.match(t)) and not _is_title_word(t)


def _split_title_name(text: str) -> tuple[str | None, str | None]:
    """"Vs. kaupunginjohtaja Päivi Laajala" -> ("Vs. kaupunginjohtaja", "Päivi Laajala")."""
    tokens = text.split()
    i = len(tokens)
    while i > 0 and is_name_token(tokens[i - 1]) and len(tokens) - i < 4:
        i -= 1
    name = " ".join(tokens[i:]) or None
    title = " ".join(tokens[:i]).strip(" ,") or None
    return title, name


def parse_person(text: str) -> Person:
    """A presenter line -> Person(name, title), name in "First Last" order."""
    text = clean_text(text).strip(" ,.;:")
    if not text:
        return Person()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2:
        first, second = parts[0], parts[1]
        f_tokens = first.split()
        s_tokens = second.split()
        # "hyvinvointijohtaja Hepo-oja, Pirjo": surname last before the comma, first name after.
        if (
            len(s_tokens) == 1
            and is_name_token(s_tokens[0])
            and f_tokens
            and is_name_token(f_tokens[-1])
        ):
            title = " ".join(f_tokens[:-1]) or None
            return Person(name=f"{s_tokens[0]} {f_tokens[-1]}", title=title)
        # A title that holds a comma: "johtaja, tilaajapäällikkö Kronqvist, Ilkka" or
        # "johtaja, tilaajapäällikkö Ilkka Kronqvist". The name is at the end.
        if len(parts) >= 3 and len(parts[-1].split()) == 1 and is_name_token(parts[-1]):
            head = parts[-2].split()
            if head and is_name_token(head[-1]) and not any(is_name_token(t) for t in f_tokens):
                title = ", ".join([*parts[:-2], " ".join(head[:-1])]).strip(" ,") or None
                return Person(name=f"{parts[-1]} {head[-1]}", title=title)
        if f_tokens and not any(is_name_token(t) for t in f_tokens):
            title, name = _split_title_name(parts[-1])
            if name and len(name.split()) >= 2:
                title = ", ".join([*parts[:-1], title or ""]).strip(" ,") or None
                return Person(name=name, title=title)
        # "Mika Kamunen, Sivistys- ja hyvinvointijohtaja".
        if f_tokens and all(is_name_token(t) for t in f_tokens) and len(f_tokens) <= 4:
            return Person(name=first, title=second or None)
        title, name = _split_title_name(first)
        return Person(name=name, title=title or (second if not name else None))
    title, name = _split_title_name(text)
    return Person(name=name, title=title)


def _segments(text: str) -> list[str]:
    # Make phone numbers and e-mail addresses their own comma-separated segments.
    text = PHONE_WORD.sub(", ", text)
    text = EMAIL.sub(lambda m: f", {m.group(0)},", text)
    text = re.sub(r"(?<!-)\s+(?:ja|och)\s+(?=[A-ZÅÄÖa-zåäö]+\s+[A-ZÅÄÖ])", ", ", text)
    segs = (re.sub(r"\s+(?:ja|och)$", "", s.strip(" .;:")) for s in re.split(r"[,\n]", text))
    return [s for s in segs if s]


def _columns(text: str) -> list[str] | None:
    """Names, e-mails and titles printed as parallel comma lists, one list a line:
    "Heli Talvitie, Niko Savinainen" / "heli.talvitie@..., niko.savinainen@..." / "Kulttuuri-
    päällikkö, Liikunta- ja nuorisotoimenpäällikkö" -> one block per person."""
    lines = [ln.strip(" ,") for ln in text.split("\n") if ln.strip(" ,")]
    cols = [[c.strip() for c in ln.split(",") if c.strip()] for ln in lines]
    if len(cols) < 2 or len(cols[0]) < 2 or len({len(c) for c in cols}) != 1:
        return None
    if not any(all(EMAIL.fullmatch(x) for x in c) for c in cols):
        return None
    return ["\n".join(c[j] for c in cols) for j in range(len(cols[0]))]


def looks_like_contact(line: str) -> bool:
    """A line that starts another contact person: a phone number or an e-mail address, or a
    job title with a name ("Planerare Mats Ekström")."""
    if EMAIL.search(line) or PHONE.search(PHONE_WORD.sub(" ", line)):
        return True
    tokens = line.replace(",", " ").split()
    return (len(tokens) >= 3 and _is_title_word(tokens[0])
            and is_name_token(tokens[1]) and is_name_token(tokens[2]))


def _join_contact_lines(text: str) -> str:
    """Lines of a contact block as one comma list. A line break inside a name ("koordinaattori
    Janne" / "Korhonen, puh. ...") is a space; one after a comma, before an e-mail address or
    before the next person ("Rehtori Eeva Uusitalo" / "Kulttuuripäällikkö Heikki Hakala")
    separates items."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    prev = ""
    for ln in lines:
        head = ln.split()[0].strip(",")
        tail = prev.split()[-1] if prev else ""
        wrapped_name = (
            bool(prev) and not prev.endswith((",", ";", "."))
            and not (EMAIL.search(prev) or PHONE.search(PHONE_WORD.sub(" ", prev)))
            and is_name_token(tail) and is_name_token(head)
            and len(ln.split(",")[0].split()) == 1  # only the surname runs on
        )
        if not out:
            out = ln
        elif wrapped_name:
            out += " " + ln
        else:
            out += ", " + ln
        prev = ln
    return out


def parse_preparers(text: str) -> list[Preparer]:
    """The people of a Valmistelija / Lisätiedot / Beredning part, with phone and e-mail."""
    blocks = _columns(text)
    if blocks is not None:
        return [p for block in blocks for p in parse_preparers(block)]
    # A phone number wrapped over two lines: "044 703" / "1236".
    text = re.sub(r"(\d)[ ,]*\n(\d)", r"\1 \2", text)
    out: list[Preparer] = []
    cur: Preparer | None = None
    # "etunimi.sukunimi@espoo.fi" printed once on the last line, under all the names: the
    # address of everyone listed.
    # A line that wrapped before the address ends in a comma ("..., puh. 050 890 9627,"); the
    # list above a shared address does not.
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    last_line = lines[-1].strip(" ,.") if lines else ""
    shared = last_line if (
        len(lines) >= 2 and not lines[-2].endswith(",") and EMAIL.fullmatch(last_line)
        and last_line.split("@")[0].lower() in PLACEHOLDER_EMAIL_LOCALS) else None
    for seg in _segments(clean_text(_join_contact_lines(text))):
        if EMAIL.fullmatch(seg):
            if seg == shared:
                for p in out:
                    p.email = p.email or seg
            elif cur is not None and cur.email is None:
                cur.email = seg
            continue
        if PHONE.fullmatch(seg):
            if cur is not None and cur.phone is None:
                cur.phone = seg
            continue
        tokens = seg.split()
        names = [t for t in tokens if is_name_token(t)]
        lower = [t for t in tokens if not is_name_token(t)]
        if len(names) >= 2 or (names and lower and _is_title_word(lower[-1])):
            person = parse_person(seg)
            if person.name and len(person.name.split()) >= 2:
                cur = Preparer(name=person.name, title=person.title)
                out.append(cur)
                continue
        if cur is not None and cur.title is None and not re.search(r"[\d@]", seg):
            # "Riina Holkkola, Musiikkiopiston vt.rehtori" or "Markku Turja,
            # Kaupungingeodeetti": what follows a full name is the title.
            cur.title = seg
    return out
