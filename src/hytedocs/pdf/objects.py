"""Stage 1, before any PDF library: a small reader of a PDF's objects straight from its bytes,
for the checks that must run before pdfminer or pdfium touch the file (:mod:`.scan`).

It trusts nothing a hostile file says about itself: objects are found by their ``N G obj``
headers, not through the cross-reference table (a header inside a stream's data is not an
object); a stream's data runs from the line after ``stream`` up to the ``endstream`` at or after
its ``/Length``, the most any library reads; object streams are decoded under the same budget as
every other stream; nesting is bounded and no recursion is used, so no input can make it
overflow the stack. Names come back as ``str``, strings as ``bytes`` (escapes left as they
are), references as :class:`Ref`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

_WS = b"\x00\t\n\x0c\r "
# Every pattern here is linear even when searched through 100,000 bytes of one character
# (tests/test_regexes.py): whitespace before a token is skipped by _FILLER, which always
# matches, instead of by a leading "\s*" that fails after the run and starts again one byte on.
_FILLER = re.compile(rb"(?:[\x00\t\n\x0c\r ]++|%[^\r\n]*+)*+")
# A header where an offset points (after _FILLER: pdfminer allows whitespace before it).
_HEADER = re.compile(rb"(?<![0-9])([0-9]{1,10})[\x00\t\n\x0c\r ]+([0-9]{1,5})"
                     rb"[\x00\t\n\x0c\r ]+obj(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
# The keyword alone (a literal the regex engine finds at memchr speed), and the two numbers
# before it, looked for backwards in a short window only where the keyword is.
_OBJ_KEYWORD = re.compile(rb"obj(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_NUMBERS_BEFORE = re.compile(rb"(?<![0-9])([0-9]{1,10})[\x00\t\n\x0c\r ]+([0-9]{1,5})"
                             rb"[\x00\t\n\x0c\r ]+\Z")
_HEADER_WINDOW = 40
_STREAM_KEYWORD = re.compile(rb"stream(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_NUMBER = re.compile(rb"([0-9]{1,15})")
_XREF_TABLE = re.compile(rb"xref")
# A classic section's lines: "first count" starting a subsection, or an entry.
_XREF_ROW = re.compile(rb"(?m:^[ \t]*([0-9]+)[ \t]+([0-9]+)[ \t]*\r?$)"
                       rb"|([0-9]{10})[ \t]+([0-9]{5})[ \t]+([nf])")
_XREF_SUBSECTION = re.compile(rb"([0-9]{1,10})[ \t]+([0-9]{1,10})[ \t]*+(?:\r\n|\n|\r)")
_XREF_ENTRY = re.compile(rb"([0-9]{10})[ \t]+([0-9]{5})[ \t]+([nf])(?:\r\n| \r| \n|\r|\n| )?")
_MAX_SECTIONS = 64
_TOKEN = re.compile(
    rb"(?:(<<)|(>>)|(\[)|(\])|(/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|(\()|(<[0-9A-Fa-f\x00\t\n\x0c\r ]*>)|([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)|(.))",
    re.S,
)
# The text of a literal string up to its next unescaped parenthesis (possessive: linear).
_STRING_RUN = re.compile(rb"(?:[^()\\]++|\\.)*+", re.S)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_TRAILER = re.compile(rb"trailer[\x00\t\n\x0c\r ]*<<")
_EOL = re.compile(rb"\r\n|\n|\r")
_STOP_KEYWORDS = frozenset({b"endobj", b"stream", b"endstream", b"obj", b"xref", b"trailer",
                            b"startxref"})
_KEYWORD_AFTER = re.compile(rb"(stream|endobj)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_MAX_DEPTH = 256
_FAST_TOKEN = re.compile(rb"<<|>>|\[|\]|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*"
                         rb"|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>|[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_NUMBER_START = frozenset(b"+-.0123456789")
# The most objects one object stream may hold (its /N): the count is read from the stream.
_MAX_OBJSTM_OBJECTS = 1_000_000
_CONSTANTS: dict[bytes, Any] = {b"true": True, b"false": False, b"null": None}


class Ref(NamedTuple):
    num: int
    gen: int


class HexString(bytes):
    """A string written in hex (``<4869>``), kept as written; :func:`string_bytes` decodes."""


@dataclass(slots=True)
class StreamObject:
    """One stream: its dictionary and where its data lies (``end`` is the most any library
    could read: up to the ``endstream`` at or after ``/Length``)."""

    num: int
    gen: int
    attrs: dict[str, Any]
    start: int
    end: int


@dataclass(slots=True)
class _Section:
    """One cross-reference section: classic entries (offset, gen, kind) in subsections of
    (first number, count, index of the first entry), or the rows of a cross-reference
    stream with its field widths."""

    trailer: dict[str, Any]
    subsections: list[tuple[int, int, int]]
    entries: list[tuple[bytes, bytes, bytes]] = field(default_factory=list)
    rows: bytes = field(default=b"", repr=False)
    widths: tuple[int, int, int] = (0, 0, 0)
    # A classic section read lazily: each subsection's (start, line width) in ``table``.
    spans: list[tuple[int, int]] = field(default_factory=list)
    table: bytes = field(default=b"", repr=False)

    def lookup(self, num: int) -> tuple[int, int, int] | None:
        """(kind, field 2, field 3) of object ``num``: kind 1 is (offset, gen), kind 2 is
        (object stream, index), kind 0 a free entry; None when this section lacks it."""
        for k, (first, count, index) in enumerate(self.subsections):
            if not first <= num < first + count:
                continue
            at = index + num - first
            if self.spans:
                start, width = self.spans[k]
                line = _XREF_ENTRY.match(self.table, start + (num - first) * width)
                if line is None:
                    return None
                return (1 if line.group(3) == b"n" else 0), int(line.group(1)), \
                    int(line.group(2))
            if self.rows:
                w0, w1, w2 = self.widths
                row = at * (w0 + w1 + w2)
                if row + w0 + w1 + w2 > len(self.rows):
                    return None
                kind = int.from_bytes(self.rows[row : row + w0], "big") if w0 else 1
                f2 = int.from_bytes(self.rows[row + w0 : row + w0 + w1], "big")
                f3 = int.from_bytes(self.rows[row + w0 + w1 : row + w0 + w1 + w2], "big")
                return kind, f2, f3
            if at >= len(self.entries):
                return None
            offset, gen, kind_char = self.entries[at]
            return (1 if kind_char == b"n" else 0), int(offset), int(gen)
        return None


@dataclass(slots=True)
class PdfObjects:
    """The objects of one PDF, parsed on demand.

    Objects are looked up through the cross-reference sections, each offset checked against
    the header it must point at; at the first that is wrong (or with no usable section) every
    ``N G obj`` header of the file is indexed instead, as pdfminer falls back to. Streams are
    found by their ``stream`` keywords. ``decode`` decodes a cross-reference or object
    stream's data (under the caller's budget, predictors applied).
    """

    data: bytes
    decode: Callable[[StreamObject], bytes | None]
    streams: dict[int, StreamObject] = field(default_factory=dict)
    _cache: dict[int, Any] = field(default_factory=dict)
    _sections: list[_Section] | None = None
    _full: dict[int, int] | None = None
    _objstm: dict[int, dict[int, Any]] = field(default_factory=dict)

    def load(self) -> PdfObjects:
        """Find the streams and the cross-reference sections (call once)."""
        self._find_streams()
        self._sections = self._load_xref()
        self._measure_streams()
        return self

    # --- streams ------------------------------------------------------------------------------

    def _find_streams(self) -> None:
        data = self.data
        n = len(data)
        skip_until = 0
        for keyword in _STREAM_KEYWORD.finditer(data):
            at = keyword.start()
            if at < skip_until or data[at - 3 : at] == b"end":
                continue  # an endstream, or the word inside another stream's data
            header = self._header_before(at, skip_until)
            if header is None:
                continue
            end, num, gen = header
            value, more = parse_object(data, end, at)
            if more or not isinstance(value, dict):
                continue
            start = _data_start(data, keyword.end())
            first_end = data.find(b"endstream", start)
            first_end = n if first_end < 0 else first_end
            self.streams[num] = StreamObject(num, gen, value, start, first_end)
            skip_until = first_end

    def _header_before(self, at: int, low: int) -> tuple[int, int, int] | None:
        """(end of header, num, gen) of the ``N G obj`` header nearest before ``at``."""
        data = self.data
        obj = data.rfind(b"obj", low, at)
        while obj >= low and obj >= 0:
            if data[obj - 3 : obj] != b"end" and _OBJ_KEYWORD.match(data, obj):
                numbers = _NUMBERS_BEFORE.search(data, max(0, obj - _HEADER_WINDOW), obj)
                if numbers is not None:
                    return obj + 3, int(numbers.group(1)), int(numbers.group(2))
            obj = data.rfind(b"obj", low, obj)
        return None

    def _measure_streams(self) -> None:
        """Each stream's data runs to the endstream at or after its /Length (pdfminer reads
        /Length bytes, then on to the next endstream; pdfium stops at the first)."""
        n = len(self.data)
        for stream in self.streams.values():
            length = stream.attrs.get("Length")
            if isinstance(length, Ref):
                length = self._plain(length.num)
            if isinstance(length, int) and length > 0:
                end = self.data.find(b"endstream", min(stream.start + length, n))
                stream.end = max(stream.end, n if end < 0 else end)

    def _plain(self, num: int) -> Any:
        """Object ``num`` when it is not in an object stream (none is decoded for it)."""
        offset = self._offset(num)
        if not isinstance(offset, int):
            return None
        header = _HEADER.match(self.data, _skip(self.data, offset))
        return None if header is None else self._object_at(header.end())

    # --- cross-reference sections -------------------------------------------------------------

    def _load_xref(self) -> list[_Section] | None:
        data = self.data
        mark = data.rfind(b"startxref")
        found = _NUMBER.match(data, _skip(data, mark + 9)) if mark >= 0 else None
        pos: Any = int(found.group(1)) if found is not None else None
        sections: list[_Section] = []
        seen: set[int] = set()
        pending: list[Any] = []
        while len(sections) < _MAX_SECTIONS:
            if not isinstance(pos, int) or pos in seen or not 0 <= pos < len(data):
                if not pending:
                    break
                pos = pending.pop()
                continue
            seen.add(pos)
            section = self._section_at(pos)
            if section is None:
                return sections or None
            sections.append(section)
            if isinstance(section.trailer.get("XRefStm"), int):
                pending.append(section.trailer.get("Prev"))
                pos = section.trailer["XRefStm"]
                continue
            pos = section.trailer.get("Prev")
        return sections or None

    def _section_at(self, pos: int) -> _Section | None:
        data = self.data
        pos = _skip(data, pos)
        table = _XREF_TABLE.match(data, pos)
        if table is not None:
            return self._classic_section(table.end())
        header = _HEADER.match(data, pos)
        if header is None:
            return None
        stream = self.streams.get(int(header.group(1)))
        if stream is None or stream.attrs.get("Type") != "XRef":
            return None
        rows = self.decode(stream)
        widths = stream.attrs.get("W")
        size = stream.attrs.get("Size")
        if rows is None or not isinstance(widths, list) or len(widths) != 3 \
                or not all(isinstance(w, int) and 0 <= w <= 8 for w in widths):
            return None
        index = stream.attrs.get("Index", [0, size])
        subsections: list[tuple[int, int, int]] = []
        at = 0
        if isinstance(index, list):
            for i in range(0, len(index) - 1, 2):
                first, count = index[i], index[i + 1]
                if isinstance(first, int) and isinstance(count, int) and count >= 0:
                    subsections.append((first, count, at))
                    at += count
        return _Section(stream.attrs, subsections, rows=rows,
                        widths=(widths[0], widths[1], widths[2]))

    def _classic_section(self, pos: int) -> _Section | None:
        """A classic section. Its entries are fixed-width lines, so each subsection is
        skipped by its count and its entries read only when looked up; a section whose lines
        are not as wide as its first one says is read line by line instead."""
        data = self.data
        end = data.find(b"trailer", pos)
        if end < 0:
            return None
        subsections: list[tuple[int, int, int]] = []
        spans: list[tuple[int, int]] = []  # (start, width) of each subsection's entries
        at = pos
        while True:
            head = _XREF_SUBSECTION.match(data, _skip(data, at), end)
            if head is None:
                break
            first, count, start = int(head.group(1)), int(head.group(2)), head.end()
            entry = _XREF_ENTRY.match(data, start, end)
            width = entry.end() - start if entry is not None else 20
            subsections.append((first, count, 0))
            spans.append((start, width))
            at = start + count * width
            if at > end:
                break
        trailer, _, _ = parse_value(data, end + 7)
        trailer = trailer if isinstance(trailer, dict) else {}
        if at != end and data[at:end].strip(_WS):
            entries: list[tuple[bytes, bytes, bytes]] = []
            subsections = []
            for first_s, count_s, offset, gen, kind in _XREF_ROW.findall(data, pos, end):
                if first_s:
                    subsections.append((int(first_s), int(count_s), len(entries)))
                else:
                    entries.append((offset, gen, kind))
            return _Section(trailer, subsections, entries)
        return _Section(trailer, subsections, spans=spans, table=data)

    def _offset(self, num: int) -> int | tuple[int, int] | None:
        """Where object ``num`` is: a byte offset, (object stream, index), or None."""
        if self._sections is not None:
            for section in self._sections:
                hit = section.lookup(num)
                if hit is None:
                    continue
                kind, f2, f3 = hit
                if kind == 2:
                    return f2, f3
                if kind == 1 and _header_num(self.data, f2) == num:
                    return f2
                break  # free, or an offset that is wrong: the sections are not to be trusted
            self._sections = None  # from now on, every header of the file
        if self._full is None:
            self._full = self._all_headers()
        return self._full.get(num)

    def _all_headers(self) -> dict[int, int]:
        """Every ``N G obj`` header outside streams' data, the last of a number winning."""
        data = self.data
        spans = sorted((s.start, s.end) for s in self.streams.values())
        out: dict[int, int] = {}
        k = 0
        for keyword in _OBJ_KEYWORD.finditer(data):
            at = keyword.start()
            if data[at - 3 : at] == b"end":
                continue
            while k < len(spans) and spans[k][1] <= at:
                k += 1
            if k < len(spans) and spans[k][0] <= at:
                continue  # inside a stream's data
            numbers = _NUMBERS_BEFORE.search(data, max(0, at - _HEADER_WINDOW), at)
            if numbers is not None:
                out[int(numbers.group(1))] = numbers.start()
        return out

    # --- objects ------------------------------------------------------------------------------

    def get(self, num: int) -> Any:
        """Object ``num`` (None when it does not exist)."""
        if num in self._cache:
            return self._cache[num]
        if num in self.streams:
            value: Any = self.streams[num].attrs
        else:
            where = self._offset(num)
            value = None
            if isinstance(where, int):
                header = _HEADER.match(self.data, _skip(self.data, where))
                if header is not None:
                    value = self._object_at(header.end())
            elif where is not None:
                value = self._member(*where, num)
        self._cache[num] = value
        return value

    def _object_at(self, pos: int) -> Any:
        """The value of the object whose text starts at ``pos`` (after its header)."""
        end = self.data.find(b"endobj", pos)
        stream = self.data.find(b"stream", pos, None if end < 0 else end)
        stops = [e for e in (end, stream) if e >= 0]
        return parse_object(self.data, pos, min(stops) if stops else len(self.data))[0]

    def _member(self, objstm: int, index: int, num: int) -> Any:
        members = self._objstm.get(objstm)
        if members is None:
            members = self._objstm[objstm] = self._read_objstm(objstm)
        return members.get(num)

    def _read_objstm(self, num: int) -> dict[int, Any]:
        stream = self.streams.get(num)
        if stream is None or stream.attrs.get("Type") != "ObjStm":
            return {}
        data = self.decode(stream)
        first = stream.attrs.get("First")
        count = stream.attrs.get("N")
        if data is None or not isinstance(first, int) or not isinstance(count, int):
            return {}
        out: dict[int, Any] = {}
        header = data[:first].split()
        for i in range(0, min(len(header) - 1, 2 * min(count, _MAX_OBJSTM_OBJECTS)), 2):
            try:
                member, where = int(header[i]), int(header[i + 1])
            except ValueError:
                break
            out.setdefault(member, parse_value(data, first + where)[0])
        return out

    def resolve(self, value: Any, hops: int = 32) -> Any:
        """``value`` with references followed (a chain of at most ``hops``)."""
        while isinstance(value, Ref) and hops > 0:
            value = self.get(value.num)
            hops -= 1
        return None if isinstance(value, Ref) else value

    def trailer(self) -> dict[str, Any]:
        """The trailer entries (``Root``, ``Encrypt``, ``Info``, ``ID``), newer sections
        overriding older ones: classic trailers and cross-reference stream dictionaries."""
        keys = ("Root", "Encrypt", "Info", "ID")
        merged: dict[str, Any] = {}
        if self._sections:
            for section in reversed(self._sections):
                merged.update({k: v for k, v in section.trailer.items() if k in keys})
            if "Root" in merged:
                return merged
        found: list[tuple[int, dict[str, Any]]] = []
        for match in _TRAILER.finditer(self.data):
            value, _, _ = parse_value(self.data, match.end() - 2)
            if isinstance(value, dict):
                found.append((match.start(), value))
        for stream in self.streams.values():
            if stream.attrs.get("Type") == "XRef":
                found.append((stream.start, stream.attrs))
        for _, entries in sorted(found, key=lambda item: item[0]):
            merged.update({k: v for k, v in entries.items() if k in keys})
        return merged

    def pages(self, max_pages: int) -> Iterator[dict[str, Any]]:
        """The page dictionaries in order, each with its inherited ``Resources`` filled in;
        at most ``max_pages`` (the caller refuses more)."""
        root = self.resolve(self.trailer().get("Root"))
        if not isinstance(root, dict):
            return
        top = self.resolve(root.get("Pages"))
        if not isinstance(top, dict):
            return
        seen: set[int] = set()
        count = 0
        # (node, inherited resources); a stack of iterators keeps the walk flat.
        stack: list[Iterator[tuple[Any, Any]]] = [iter([(top, None)])]
        while stack and count < max_pages:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
                continue
            node_ref, inherited = item
            if isinstance(node_ref, Ref):
                if node_ref.num in seen:
                    continue  # a page tree that loops: each node once
                seen.add(node_ref.num)
            node = self.resolve(node_ref)
            if not isinstance(node, dict):
                continue
            resources = node.get("Resources", inherited)
            kids = self.resolve(node.get("Kids"))
            if node.get("Type") == "Page" or (kids is None and "Contents" in node):
                count += 1
                yield {**node, "Resources": resources}
            elif isinstance(kids, list) and len(stack) < _MAX_DEPTH:
                stack.append((kid, resources) for kid in kids)


def _header_num(data: bytes, offset: int) -> int | None:
    """The object number of the header at ``offset``."""
    header = _HEADER.match(data, _skip(data, offset))
    return int(header.group(1)) if header is not None else None


def _skip(data: bytes, pos: int) -> int:
    """The position after the whitespace and comments at ``pos``."""
    return _FILLER.match(data, pos).end()  # type: ignore[union-attr]  # it always matches


def _data_start(data: bytes, pos: int) -> int:
    """Where a stream's data starts: after the end of the line of the ``stream`` keyword
    (CR LF, LF or a lone CR, as pdfminer and pdfium read it)."""
    eol = _EOL.search(data, pos)
    return len(data) if eol is None else eol.end()


def parse_object(data: bytes, pos: int, end: int) -> tuple[Any, bool]:
    """The value of the object whose text is ``data[pos:end]``, and whether anything but
    whitespace follows it there.

    Text without strings or comments (nearly every dictionary) is cut into tokens by one
    regular expression call; anything else goes through :func:`parse_value`, which follows
    strings' escapes and nesting.
    """
    if data.find(b"(", pos, end) >= 0 or data.find(b"%", pos, end) >= 0:
        value, after, _ = parse_value(data, pos)
        return value, after < end and bool(data[after:end].strip(_WS))
    stack: list[list[Any]] = []
    kinds: list[bool] = []
    top: list[Any] = []
    current = top
    tokens = _FAST_TOKEN.findall(data, pos, end)
    for i, token in enumerate(tokens):
        first = token[0]
        if token == b"<<" or token == b"[":
            if len(stack) >= _MAX_DEPTH:
                return None, False
            stack.append(current)
            kinds.append(token == b"<<")
            current = []
        elif token == b">>" or token == b"]":
            if not stack:
                continue
            done: Any = _as_dict(current) if kinds.pop() else current
            current = stack.pop()
            current.append(done)
        elif first == 0x2F:  # /
            current.append(_name(token))
        elif first == 0x3C:  # <
            current.append(HexString(token))
        elif first in _NUMBER_START:
            try:
                current.append(int(token))
            except ValueError:
                try:
                    current.append(float(token))
                except ValueError:
                    if not stack and token in _STOP_KEYWORDS:
                        break
        elif token == b"R" and len(current) >= 2 and isinstance(current[-1], int) \
                and isinstance(current[-2], int):
            gen = current.pop()
            current[-1] = Ref(current[-1], gen)
        elif token in _CONSTANTS:
            current.append(_CONSTANTS[token])
        elif not stack and token in _STOP_KEYWORDS:
            return (top[0] if top else None), i + 1 < len(tokens)
        if not stack and top and not (len(top) < 3 and all(isinstance(v, int) for v in top)):
            rest = tokens[i + 1 :]
            return top[0], bool(rest) and rest[0] not in _STOP_KEYWORDS
    return (top[0] if top else None), False


def parse_value(data: bytes, pos: int) -> tuple[Any, int, bytes | None]:
    """The object at ``pos``: (value, position after it, the keyword that ended it). Parsing
    stops after one complete value or at a keyword such as ``endobj`` or ``stream``."""
    stack: list[list[Any]] = []
    kinds: list[bool] = []  # True for a dictionary, False for an array
    top: list[Any] = []
    current = top
    n = len(data)
    while pos < n:
        match = _TOKEN.match(data, _skip(data, pos))
        if match is None:
            break
        pos = match.end()
        group = match.lastindex
        if group is None:
            break
        if group == 1 or group == 3:  # << or [
            if len(stack) >= _MAX_DEPTH:
                return None, pos, None  # nested too deeply to be anything but an attack
            stack.append(current)
            kinds.append(group == 1)
            current = []
            continue
        if group == 2 or group == 4:  # >> or ]
            if not stack:
                continue
            done: Any = _as_dict(current) if kinds.pop() else current
            current = stack.pop()
            current.append(done)
        elif group == 5:
            current.append(_name(match.group(5)))
        elif group == 6:
            text = match.group(6)
            try:
                current.append(int(text))
            except ValueError:
                current.append(float(text))
        elif group == 7:
            value, pos = _literal_string(data, pos)
            current.append(value)
        elif group == 8:
            current.append(HexString(match.group(8)))
        elif group == 9:
            word = match.group(9)
            if word == b"R" and len(current) >= 2 and isinstance(current[-1], int) \
                    and isinstance(current[-2], int):
                gen = current.pop()
                current[-1] = Ref(current[-1], gen)
            elif word in _CONSTANTS:
                current.append(_CONSTANTS[word])
            elif not stack and word in _STOP_KEYWORDS:
                return (top[0] if top else None), pos, word
        if not stack and top and not (len(top) < 3 and all(isinstance(v, int) for v in top)):
            # One complete value at the top: numbers wait for a possible "N G R"; a
            # dictionary may be a stream's.
            after = _KEYWORD_AFTER.match(data, _skip(data, pos))
            if after is not None:
                return top[0], after.end(), after.group(1)
            return top[0], pos, None
    return (top[0] if top else None), pos, None


def _as_dict(items: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i in range(0, len(items) - 1, 2):
        key = items[i]
        if isinstance(key, str):
            out[key] = items[i + 1]
    return out


def _name(raw: bytes) -> str:
    body = raw[1:]
    if b"#" in body:
        body = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), body)
    return body.decode("latin-1")


def _literal_string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string from just after its "(" to just after its ")"; nested balanced
    parentheses belong to it."""
    start = pos
    depth = 1
    n = len(data)
    while pos < n:
        run = _STRING_RUN.match(data, pos)
        pos = run.end() if run is not None else pos
        if pos >= n:
            break
        if data[pos] == 0x28:  # (
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return data[start:pos], pos + 1
        pos += 1
    return data[start:pos], pos


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_STRING_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)


def string_bytes(value: bytes) -> bytes:
    """The bytes a string stands for: hex digits decoded, backslash escapes resolved."""
    if isinstance(value, HexString):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", value)
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    return unescape(value)


def unescape(raw: bytes) -> bytes:
    """A literal string's bytes with its backslash escapes resolved."""
    if b"\\" not in raw:
        return raw

    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes((int(code, 8) & 0xFF,))
        if code in (b"\r\n", b"\n", b"\r"):
            return b""
        return _ESCAPES.get(code, code)

    return _STRING_ESCAPE.sub(one, raw)
