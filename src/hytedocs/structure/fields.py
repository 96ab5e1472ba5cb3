"""Stage 5: the body lines of one § -> labelled parts (fields) -> the § model's values.

Two label layouts are read in one pass, because real documents mix them (Oulu prints margin
labels and, inside a nested handling, inline ones):

* a margin column: a run at the document's left edge with its value starting at the body indent,
  on the same baseline or below; a label may wrap over several lines ("Kaupungin-/hallituksen/
  päätösehdotus"). Any run there is a label, known to the vocabulary or not.
* inline headings: a line that is exactly a vocabulary label ("Ehdotus", "Päätös:",
  "Valmistelija / lisätiedot:"), a "Label: value" line ("Esittelijä: Satu Kankare, ..."), or a
  bold left-edge line ending in a colon ("Ordförandes förslag:").

Nothing is dropped: text outside any label is kept as a field with an empty label and the key
``text``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Field_, Person, Section, TextBlock
from ..patterns import BULLET, RULE_LINE, edit1, label_key, match_stage, strip_label_punct
from ..settings import Settings
from ..text import clean_text, fold, join_hyphenated
from ..vocabulary import (
    BODY_ENDINGS,
    DELIVERY_WORDS,
    EXTRACT_RECIPIENT_LABELS,
    PROSE_OR_PREPARER_LABELS,
    RECIPIENT_LIST_ENDS,
    SWEDISH_LABEL_WORDS,
    TITLE_ENDINGS,
)
from .layout import DocLayout, split_at_text_column, split_bold_label
from .lines import Line, VLine
from .people import looks_like_contact, parse_person, parse_preparers

_DECIDER = re.compile(r"^(?P<body>[^\W\d][^:\n]{1,60}):\s+")
_INLINE = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:\s*(?P<value>\S.+)$")
# Fields that hold a name or two: a paragraph gap after their value ends them.
_SHORT_KEYS = frozenset({"presenter", "preparer", "authority", "enforcement", "appeal_reference"})
# Fields printed as one item a line.
_LIST_KEYS = frozenset({"preparer", "attachments", "notified", "supplementary"})
# Margin labels whose value column holds an earlier body's own labelled parts.
_CONTAINER_KEYS = frozenset({"processing"})
_NOT_RESUMABLE = frozenset({"stage", "history", "presenter", "preparer", "handlers", "appendix"})
# Parts printed as the first line of another part's text ("Esittelijä: ..." inside the
# proposal).
_LEADING_KEYS = frozenset({"presenter"})
# Margin parts that hold a few names or a rule: a blank line ends them.
_ENDS_AT_GAP = frozenset({"presenter", "preparer", "authority"})
_LIST_ITEM = re.compile(r"^(?:[-–•▪]\s*|\d{1,2}[.)]?\s+)")


def lines_to_block(
    runs: Sequence[Line], pitch: float, settings: Settings, *, keep_lines: bool = False
) -> TextBlock:
    """Runs -> clean text with paragraphs as blank lines and hyphenated words joined.

    ``keep_lines`` keeps every printed line on its own text line, for lists (attachments,
    recipients, contact persons) where a line break separates items.
    """
    text = ""
    prev: Line | None = None
    for run in runs:
        if not run.text:
            continue
        if prev is None:
            text = run.text
        elif run.baseline_id == prev.baseline_id:
            text += " " + run.text
        elif run.page != prev.page:
            text = text + "\n\n" + run.text if text.endswith((".", "!", "?", ":")) else \
                join_hyphenated(text, run.text)
        elif run.top - prev.top > settings.paragraph_gap * pitch:
            text += "\n\n" + run.text
        elif BULLET.match(run.text) or (keep_lines and not text.endswith("-")):
            text += "\n" + run.text
        else:
            text = join_hyphenated(text, run.text)
        prev = run
    pages = sorted({r.page for r in runs})
    first = next((r for r in runs if r.text), None)
    return TextBlock(text=clean_text_keep_lines(text), pages=pages,
                     bbox=first.bbox if first else None)


def clean_text_keep_lines(text: str) -> str:
    return "\n".join(clean_text(line) for line in text.split("\n")).strip("\n")


@dataclass
class _Open:
    """A field being read."""

    label_parts: list[str]
    label_lines: list[VLine]
    values: list[Line] = field(default_factory=list)
    margin: bool = False
    fixed_key: str | None = None  # set for fields whose key is known from context
    fuzzy: bool = False
    closed: bool = False
    # The label has no value on its own baseline: its value is the lines below it.
    alone: bool = True
    colon: bool = False  # the label was printed with a colon
    order: tuple[int, float] = (0, 0.0)
    parent: str | None = None  # the margin field whose value column holds this inline label
    no_resume: bool = False  # closed by a rule: text below it starts afresh
    resume_to: _Open | None = None  # the field whose text goes on after this one-line part

    @property
    def label(self) -> str:
        text = ""
        for part in self.label_parts:
            text = join_hyphenated(text, part) if text else part
        return strip_label_punct(text) if text else ""

    def key(self) -> str | None:
        if self.fixed_key is not None:
            return self.fixed_key
        printed = self.label + (":" if self.colon else "")
        known, key = label_key(printed, fuzzy=self.fuzzy)
        return key if known else None


def make_field(
    label: str, key: str | None, vlines: Sequence[VLine], pitch: float, settings: Settings
) -> Field_:
    """A field whose label is a whole printed line (stage lines, history, appendix pages)."""
    runs = [r for v in vlines for r in v.runs]
    if key == "diary":
        text = " ".join(r.text for r in runs)
        value = text[len(label) :].strip() if label and text.startswith(label) else text
        return Field_(label=clean_text(label), key=key, block=TextBlock(
            text=value, pages=sorted({r.page for r in runs}), bbox=runs[0].bbox))
    if key in ("stage", "history"):
        block = TextBlock(text="", pages=sorted({r.page for r in runs}),
                          bbox=runs[0].bbox if runs else None)
    else:
        block = lines_to_block(runs[1:] if key == "appendix" else runs, pitch, settings)
        if key == "appendix" and runs:
            block.pages = sorted({r.page for r in runs})
    return Field_(label=clean_text(label), key=key, block=block)


def _with_text(run: Line, text: str) -> Line:
    return dataclasses.replace(run, text=clean_text(text))


def lines_to_fields(
    body: Sequence[VLine], doc: DocLayout, settings: Settings, pitch: float
) -> list[Field_]:
    """Split a §'s body into labelled parts, in printed order."""
    has_margin = doc.left_x < doc.body_x - settings.column_gutter
    opened: list[_Open] = []
    cur: _Open | None = None
    prev_v: VLine | None = None

    container: str | None = None  # an open margin label that holds a nested handling

    def start(new: _Open) -> _Open:
        nonlocal container
        if new.label_lines:
            new.order = (new.label_lines[0].page, new.label_lines[0].top)
            if not new.colon and new.label_parts:
                new.colon = new.label_parts[-1].rstrip().endswith(":")
        if new.margin:
            container = None
        elif container is not None and new.fixed_key != "stage":
            new.parent = container
        opened.append(new)
        return new

    for v in body:
        if len(v.runs[0].words) > 1:
            split = split_at_text_column(v.runs[0], doc, settings) if has_margin else [v.runs[0]]
            if len(split) == 1:
                split = split_bold_label(v.runs[0], settings)
            if len(split) > 1:
                v = VLine(runs=split + v.runs[1:], index=v.index)
        text = v.text
        if RULE_LINE.match(text):
            # A drawn rule ("______") ends the part above it (Nykarleby ends each decision so).
            if cur is not None and cur.values:
                cur.closed = True
                cur.no_resume = True
            prev_v = v
            continue
        first = v.runs[0]
        # In the margin zone, left of the text column; the front matter may print at another
        # left edge than the § pages, so any start in the zone counts.
        at_left = has_margin and first.x0 < doc.body_x - settings.column_gutter
        gap = (v.top - prev_v.top) if prev_v is not None and prev_v.page == v.page else 0.0
        new_para = gap > settings.paragraph_gap * pitch or (
            prev_v is not None and prev_v.page != v.page
        )

        # 1. A stage line: the start of one body's handling.
        # (A stage line may be cut into runs by a wide space; all of them sit in the margin.)
        stage_text = text if all(r.x0 < doc.body_x - settings.column_gutter
                                 for r in v.runs) else first.text
        if (at_left or abs(first.x0 - doc.left_x) < 4) and match_stage(stage_text) is not None:
            cur = start(_Open([text], [v], fixed_key="stage", closed=True))
            prev_v = v
            continue

        # 2. "Label: value" on one line ("Esittelijä: Satu Kankare, ...", "Beredning: ...").
        m = _INLINE.match(first.text)
        if m and label_key(m.group("label") + ":")[0]:
            cur = start(_Open([m.group("label")], [v], alone=False, colon=True))
            cur.values.append(_with_text(first, m.group("value")))
            cur.values.extend(v.runs[1:])
            prev_v = v
            continue

        # 3. A margin label, possibly wrapped over several lines. Table cells in small print at
        # the left edge are not labels.
        if at_left and first.size >= 0.8 * doc.body_size:
            values = v.runs[1:]
            # Its text starts in the text column, or it is a known label with its text in a
            # cell of its own beside it (Dynasty's tables).
            margin = bool(values) and (values[0].x0 >= doc.body_x - 15 or (
                label_key(first.text, fuzzy=first.bold)[0] and values[0].x0 > first.x1 + 6))
            alone = not values and len(first.text) <= 40 and len(first.text.split()) <= 4
            if margin or (alone and doc.margin_labels and not first.text.endswith(".")):
                # A wrapped label goes on below its first line, also when the first line's
                # text was a leading "Esittelijä: ..." part.
                base = cur.resume_to if cur is not None and cur.resume_to is not None else cur
                continues = (
                    base is not None
                    and base.margin
                    and prev_v is not None
                    and base.label_lines[-1] is prev_v
                    and (
                        (v.page == prev_v.page and v.top - prev_v.bottom < 0.5 * pitch
                         and not (label_key(base.label)[0] and label_key(first.text)[0]))
                        # A label cut by a page break ("OPETUSJOHTAJAN" / "EHDOTUS"): only
                        # when the two halves make a label that neither is alone.
                        or (v.page == prev_v.page + 1
                            and not label_key(base.label, fuzzy=True)[0]
                            and label_key(f"{base.label} {first.text}", fuzzy=True)[0])
                    )
                )
                if continues and base is not None:
                    base.label_parts.append(first.text)
                    base.label_lines.append(v)
                    if base is not cur and values:
                        cur = base  # the label's text starts on this line
                else:
                    # A run in the margin column is a label by where it is printed, so an
                    # owned label needs no colon there ("Sivistysjohtajan / päätösehdotus").
                    cur = start(_Open([first.text], [v], margin=True, fuzzy=True,
                                      alone=not values))
                assert cur is not None
                lead = _INLINE.match(values[0].text) if values else None
                if lead and label_key(lead.group("label") + ":")[1] in _LEADING_KEYS:
                    # "Päätösehdotus | Esittelijä: puheenjohtaja Hakala, Jukka", then the
                    # proposal: the presenter is printed as the first line of the proposal's
                    # text. It is a part of its own; the lines below are the proposal's.
                    margin_field = cur
                    cur = start(_Open([lead.group("label")], [v], alone=False, colon=True))
                    cur.values.append(_with_text(values[0], lead.group("value")))
                    cur.values.extend(values[1:])
                    cur.closed = True
                    cur.resume_to = margin_field
                    prev_v = v
                    continue
                cur.values.extend(values)
                if cur.key() in _CONTAINER_KEYS:
                    container = cur.label
                prev_v = v
                continue

        # 4. A line that is a label by itself.
        if len(v.runs) == 1 or not at_left:
            if len(v.runs) > 1 and first.text.endswith(":") and label_key(first.text)[0]:
                # "Täytäntöönpano:" with its value in a separate run on the same baseline.
                cur = start(_Open([first.text], [v], alone=False, colon=True))
                cur.values.extend(v.runs[1:])
                prev_v = v
                continue
            if len(v.runs) == 1:
                ends_colon = strip_label_punct(text) != text.strip() and ":" in text[-3:]
                fuzzy = first.bold and ends_colon
                known, _ = label_key(text, fuzzy=fuzzy)
                unknown_ok = (
                    at_left and first.bold and ends_colon
                    and len(text) <= settings.max_label_chars
                )
                if known or unknown_ok:
                    cur = start(_Open([text], [v], fuzzy=fuzzy, colon=ends_colon))
                    prev_v = v
                    continue

        # 5. Text: the value of the open field, or unlabelled text.
        if cur is not None and cur.values and new_para:
            key = cur.key()
            another_contact = key == "preparer" and looks_like_contact(text)
            if ((not cur.margin and key in _SHORT_KEYS) or (
                cur.alone and key in _LIST_KEYS | _SHORT_KEYS
            ) or (cur.margin and key in _ENDS_AT_GAP)) and not another_contact:
                # A margin part of names (presenter, preparers, authority) ends at a blank
                # line, unless another contact person follows: what follows in the text
                # column without a label of its own is text.
                cur.closed = True
        elif (
            cur is not None and cur.values and not cur.alone and not cur.margin and cur.label_lines
            and abs(first.x0 - cur.label_lines[0].x0) > 20 and cur.key() in _SHORT_KEYS
        ):
            # "Beredning: Johan Svenlin" at the margin, then the case text in the body
            # column without a gap: the name ends where the column changes.
            cur.closed = True
        if cur is None or cur.closed:
            resume = None
            if cur is not None and cur.resume_to is not None:
                resume = cur.resume_to
            elif cur is not None and not cur.no_resume and len(opened) >= 2:
                before = opened[-2]
                if not before.values and before.key() not in _NOT_RESUMABLE:
                    resume = before
            if resume is not None:
                cur = resume
                opened.append(opened.pop(opened.index(resume)))
            else:
                cur = start(_Open([], [], fixed_key="text", order=(v.page, v.top)))
        cur.values.extend(v.runs)
        prev_v = v

    out: list[Field_] = []
    # Printed order: a resumed field was moved to the end of `opened`.
    for f in sorted(opened, key=lambda o: o.order):
        key = f.key()
        if key == "stage":
            out.append(make_field(f.label_parts[0], "stage", f.label_lines, pitch, settings))
            continue
        block = lines_to_block(f.values, pitch, settings, keep_lines=key in _LIST_KEYS)
        if key == "preparer" and fold(f.label) in PROSE_OR_PREPARER_LABELS and _is_prose(block):
            # "Beredning" names the preparer in some templates ("Beredning: Johan Svenlin")
            # and heads the case text in others: a paragraph is the case text.
            key = PROSE_OR_PREPARER_LABELS[fold(f.label)]
            block = lines_to_block(f.values, pitch, settings)
        if not f.values and f.label_lines:
            first_run = f.label_lines[0].runs[0]
            block = TextBlock(text="", pages=[first_run.page], bbox=first_run.bbox)
        out.append(Field_(label=f.label, key=key, block=block, parent=f.parent))
    return out


# --- fields -> the § model's values ---------------------------------------------------------

def _is_prose(block: TextBlock) -> bool:
    """Sentences rather than a contact line or two."""
    first = block.text.split("\n", 1)[0]
    if looks_like_contact(first):
        return False
    return len(block.text.split()) > 25 or not parse_preparers(block.text)


def _owner_person(label: str) -> Person | None:
    """"Kaupunginjohtajan ehdotus" -> Person(title="Kaupunginjohtaja")."""
    words = label.split()
    if len(words) < 2:
        return None
    owner = words[:-1]
    last = owner[-1]
    keyword = re.sub(r"[^\wåäö]", "", words[-1].lower())
    # A damaged text layer may misspell the keyword ("lörslag"): one edit away still counts.
    swedish = any(edit1(keyword, w) for w in SWEDISH_LABEL_WORDS)
    end = "s" if swedish else "n"
    if last.lower().endswith(end) and len(last) > 3:
        owner[-1] = last[: -len(end)]
    stem = last.lower()
    if any(body[: max(4, len(body) - 2)] in stem for body in BODY_ENDINGS):
        return None  # "Kaupunginhallituksen päätösehdotus": a body's proposal, not a person's
    person = parse_person(" ".join(owner))
    if person.name is None and person.title is None:
        return None
    if person.name is None and person.title:
        person.title = person.title[0].upper() + person.title[1:]
    return person


def _own_handling(sec: Section) -> list[Field_]:
    """The fields of this meeting's handling: after the last stage line carrying this § number."""
    fields = [f for f in sec.fields if f.parent is None]
    if sec.number is None:
        return fields
    last = None
    first_stage = None
    for i, f in enumerate(sec.fields):
        if f.key == "stage":
            first_stage = i if first_stage is None else first_stage
            st = match_stage(f.label)
            if st is not None and st.number == sec.number:
                last = i
    if last is None and first_stage is not None:
        # No stage line names this §: the handling printed first is this meeting's, and the
        # stage lines after it head earlier ones (Espoo prints the history last).
        head = [f for f in sec.fields[:first_stage] if f.parent is None]
        if any(f.key in ("proposal", "decision") for f in head):
            return head
    return [f for f in (sec.fields if last is None else sec.fields[last + 1 :]) if f.parent is None]


def split_presenter_line(block: TextBlock) -> tuple[Person | None, TextBlock]:
    """Dynasty prints the presenter beside the proposal's label, as its first line
    ("Päätösehdotus  Kaupunginjohtaja Jukka Mäkelä", then the proposal): that line is the
    presenter when it is a title and a name and nothing else."""
    first, sep, rest = block.text.partition("\n\n")
    words = first.split()
    if not sep or not rest.strip() or "\n" in first or not 2 <= len(words) <= 8 \
            or first.rstrip().endswith((".", ":", ";")):
        return None, block
    person = parse_person(first)
    if person.name is None or person.title is None or len(person.name.split()) < 2 \
            or not any(w.lower().strip(",").endswith(TITLE_ENDINGS) for w in person.title.split()):
        return None, block
    return person, TextBlock(text=rest.strip(), pages=block.pages, bbox=None, ocr=block.ocr)


def split_decider_line(block: TextBlock) -> TextBlock:
    """"Päätös  Kaupunginhallitus:", then the decision: the body that decided, printed as the
    decision's first line, is not part of what was decided."""
    m = _DECIDER.match(block.text)
    if m and len(m.group("body").split()) <= 5 and fold(m.group("body")).endswith(BODY_ENDINGS):
        rest = block.text[m.end():].strip()
        if rest:
            return TextBlock(text=rest, pages=block.pages, bbox=None, ocr=block.ocr)
    return block


def _items(text: str) -> list[str]:
    """A list printed one item a line; with bullets, unmarked lines continue the item above."""
    lines = [ln.strip(" ,;") for ln in text.split("\n")]
    lines = [ln for ln in lines if ln and ln != "-"]
    bulleted = any(_LIST_ITEM.match(ln) for ln in lines)
    out: list[str] = []
    for line in lines:
        if bulleted and not _LIST_ITEM.match(line) and out:
            out[-1] = join_hyphenated(out[-1], line)
        else:
            out.append(_LIST_ITEM.sub("", line).strip())
    return [o.rstrip(".") for o in out if o]


def _recipients(text: str) -> list[str]:
    out: list[str] = []
    for item in re.split(r"\n+|[,;]", text):
        words = item.strip(" .").split()
        while words and words[0].lower().strip(":") in DELIVERY_WORDS:
            words = words[1:]
        name = " ".join(words)
        if name and name not in out:
            out.append(name)
    return out


_EXTRACT = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(w) for w in EXTRACT_RECIPIENT_LABELS) + r")\s*:\s*",
    re.IGNORECASE,
)


def extract_recipients(text: str) -> list[str]:
    """Who receives an extract, from an enforcement part: "Asia tiedoksi kaupunginvaltuustoon
    Ote: Jukka Weisell, Armi Tauriainen Ei muutoksenhakuoikeutta" -> the two names."""
    m = _EXTRACT.search(text)
    if m is None:
        return []
    rest = text[m.end():]
    low = rest.lower()
    end = min((i for p in RECIPIENT_LIST_ENDS if (i := low.find(p)) >= 0), default=len(rest))
    return _recipients(rest[:end])


def fields_to_section(sec: Section) -> None:
    """Fill the § model's named values from its fields (in place)."""
    own = _own_handling(sec)

    def last(key: str, scope: list[Field_]) -> Field_ | None:
        for f in reversed(scope):
            if f.key == key and f.block.text.strip():
                return f
        return None

    prop = last("proposal", own)
    dec = last("decision", own)
    sec.proposal = prop.block if prop else None
    sec.decision = split_decider_line(dec.block) if dec else None
    leading = None
    if sec.proposal is not None and last("presenter", own) is None:
        leading, sec.proposal = split_presenter_line(sec.proposal)

    pres = last("presenter", own)
    if pres is not None:
        sec.presenter = parse_person(pres.block.text.replace("\n", " "))
    elif leading is not None:
        sec.presenter = leading
    else:
        for f in reversed(own):
            if f.key == "proposal" and len(f.label.split()) >= 2:
                sec.presenter = _owner_person(f.label)
                break

    seen: set[str] = set()
    for f in sec.fields:
        if f.key == "preparer":
            for p in parse_preparers(f.block.text):
                if p.name and p.name not in seen:
                    seen.add(p.name)
                    sec.preparers.append(p)
        elif f.key == "authority" and sec.authority is None and f.block.text:
            sec.authority = f.block.text.replace("\n", " ")
        elif f.key in ("notified", "enforcement"):
            found = (_recipients if f.key == "notified" else extract_recipients)(f.block.text)
            for r in found:
                if r not in sec.notified:
                    sec.notified.append(r)

        elif f.key == "diary" and sec.diary_number is None and f.block.text:
            from ..patterns import DIARY

            m = DIARY.search(f.block.text)
            sec.diary_number = m.group("diary") if m else f.block.text.strip()

    # Attachments are this meeting's: an earlier handling lists its own.
    for f in own:
        if f.key == "attachments":
            for item in _items(f.block.text):
                if item not in sec.attachments:
                    sec.attachments.append(item)

    prep = [f.block for f in sec.fields if f.key in ("text", "preparation") and f.block.text]
    if prep:
        sec.preparation = TextBlock(
            text="\n\n".join(b.text for b in prep),
            pages=sorted({p for b in prep for p in b.pages}),
            bbox=prep[0].bbox,
        )
