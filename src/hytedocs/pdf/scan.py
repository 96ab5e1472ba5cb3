"""Stage 1, before any PDF library opens the file: the work it would do, measured and bounded.

pdfminer and pdfium decode a stream whole, in memory, through its whole filter chain, and
interpret a page's content with every Form XObject it draws, each time it is drawn. Neither
can be stopped part way, nor capped. So the file is read once here with the small object
reader of :mod:`.objects`, and refused with a :class:`~hytedocs.errors.ResourceLimitError`
(naming the page) when

* a stream decodes to more than ``max_stream_mb`` (every filter chain, decoded incrementally by
  :mod:`.decode` and counted, never held; object streams and the streams of encrypted files,
  decrypted with pdfminer's standard security handler, included);
* the streams one page draws (its contents, once per reference, and its Form XObjects; with
  OCR, its images too) decode to more than ``max_page_mb``;
* the document's streams other than images decode to more than ``max_document_mb`` (images are
  decoded only to draw a page, one page at a time, and only for OCR);
* a page has more than ``max_operators`` content operators, every Form XObject counting its
  own operators each time it is drawn, or its forms nest deeper than ``max_xobject_depth``.

A stream whose filters cannot make it larger than what is left of a budget is not decoded at
all (a chain's largest expansion per input byte is known), so the check costs little more
than decoding the content streams, whose operators are counted.

It also finds what the pages do not show: an XFA form, and a document information dictionary
with over 1 MiB of strings (whose reference is then blanked in the bytes the libraries get,
so that none of them decodes it; the Producer is read here, cut to ``max_info_chars``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import DamagedPdfError, ResourceLimitError
from ..settings import Settings
from .decode import IMAGE_CODECS, chain_ratio, decode_size, filter_name
from .limits import check_deadline
from .objects import PdfObjects, Ref, StreamObject, string_bytes
from .source import OpenedSource

_MB = 1 << 20
_DELIMS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
# A content operator: a short keyword after a delimiter (not a name: "/" is left out) and
# before one. Text inside strings that looks like one is counted too: an upper bound.
_OPERATOR = re.compile(rb"(?<![^\x00\t\n\x0c\r ()<>\[\]{}%])[A-Za-z'\"][A-Za-z0-9*]{0,2}"
                       rb"(?![^" + _DELIMS + rb"])")
# "Do" is found as a literal (fast), the name it draws looked for just before it.
_DO = re.compile(rb"Do(?![^" + _DELIMS + rb"])")
_NAME_BEFORE = re.compile(rb"/([^" + _DELIMS + rb"]{1,127})[\x00\t\n\x0c\r ]*\Z")
_INFO_REF = re.compile(rb"/Info[\x00\t\n\x0c\r ]+[0-9]+[\x00\t\n\x0c\r ]+[0-9]+[\x00\t\n\x0c\r ]+R")
_NOT_SEPARATORS = bytes(range(256)).translate(None, b"\x00\t\n\x0c\r ()<>[]{}/%")
# Information dictionaries with more string bytes than this are hidden from the libraries.
_INFO_HIDDEN_OVER = 1 << 20
# What pdfminer builds an object for when it sets up a page's or a form's resources (the
# other kinds it only files away).
_RESOURCE_KINDS = ("Font", "ColorSpace")
# A piece with no whitespace is carried whole into the next, up to this size.
_MAX_CARRY = 1 << 16
# How many streams or pages are checked between two looks at the clock.
_CLOCK_EVERY = 64


@dataclass(slots=True)
class ScanFacts:
    """What the scan found that the libraries do not say."""

    xfa: bool = False
    xfa_dynamic: bool = False  # /NeedsRendering: the pages are only a placeholder
    info_oversized: bool = False
    producer: str | None = None
    pages: int = 0


class _Counter:
    """Operators and drawn XObjects counted over a content stream's pieces as they are
    decoded: each piece is cut after its last separator, the rest carried to the next, so
    no token is split."""

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact
        self.bound = 1
        self.operators = 0
        self.draws: Counter[str] = Counter()
        self._carry = b""

    def feed(self, piece: bytes) -> None:
        # _NOT_SEPARATORS deleted leaves the separators: each ends at most one operator.
        self.bound += len(piece.translate(None, _NOT_SEPARATORS))
        # Cut after the piece's own last line break or space (never one in the carry, which
        # would carry everything on and on).
        last = max(piece.rfind(b" "), piece.rfind(b"\n"), piece.rfind(b"\r"))
        if last < 0:
            if len(self._carry) + len(piece) < _MAX_CARRY:
                self._carry += piece
                return
            last = len(piece)
        self._count(self._carry + piece[:last])
        self._carry = piece[last:]

    def finish(self) -> Counter[str]:
        self._count(self._carry)
        self._carry = b""
        return self.draws

    def _count(self, data: bytes) -> None:
        if self.exact:
            self.operators += len(_OPERATOR.findall(data))
        elif b"Do" in data:
            for match in _DO.finditer(data):
                name = _NAME_BEFORE.search(data, max(0, match.start() - 160), match.start())
                if name is not None:
                    self.draws[name.group(1).decode("latin-1")] += 1


@dataclass(slots=True)
class _Content:
    """A content stream or form, counted once: its size, operators and the XObjects it
    draws (name -> times)."""

    size: int
    bound: int  # at least its operators: the number of whitespace and delimiter bytes
    draws: Counter[str] = field(default_factory=Counter)
    exact: int | None = None  # its operators, counted when a bound was not enough


class _Scan:
    def __init__(self, opened: OpenedSource, settings: Settings) -> None:
        self.opened = opened
        self.settings = settings
        self.name = opened.name
        self.stream_limit = int(settings.max_stream_mb * _MB)
        self.page_limit = int(settings.max_page_mb * _MB)
        self.document_limit = int(settings.max_document_mb * _MB)
        self.sizes: dict[int, int] = {}  # exact decoded sizes
        self.contents: dict[int, _Content] = {}
        self._form_operators: dict[tuple[int, object, bool], int] = {}
        self._filter_cache: dict[int, tuple[list[str], list[dict[str, Any]]]] = {}
        self._entries: dict[object, int] = {}
        self.decrypt: Any = None
        self.page = 0
        self.objects = PdfObjects(opened.data, self._objstm_data)
        self.objects.load()

    # --- decoding -------------------------------------------------------------------------

    def _filters(self, stream: StreamObject) -> tuple[list[str], list[dict[str, Any]]]:
        known = self._filter_cache.get(stream.num)
        if known is None:
            known = self._filter_cache[stream.num] = self._read_filters(stream)
        return known

    def _read_filters(self, stream: StreamObject) -> tuple[list[str], list[dict[str, Any]]]:
        resolve = self.objects.resolve
        raw = resolve(stream.attrs.get("Filter"))
        names = raw if isinstance(raw, list) else [] if raw is None else [raw]
        filters = [filter_name(resolve(n)) for n in names]
        parms_raw = resolve(stream.attrs.get("DecodeParms", stream.attrs.get("DP")))
        parms_list = parms_raw if isinstance(parms_raw, list) else [parms_raw]
        parms = [p if isinstance(p := resolve(x), dict) else {} for x in parms_list]
        return filters, [{k: resolve(v) for k, v in p.items()} for p in parms]

    def _raw(self, stream: StreamObject) -> bytes:
        raw = self.opened.data[stream.start : stream.end]
        if self.decrypt is not None and stream.attrs.get("Type") != "XRef":
            try:
                raw = self.decrypt(stream.num, stream.gen, raw, stream.attrs)
            except Exception:  # a stream that does not decrypt is the libraries' to report
                return b""
        return raw

    def upper_bound(self, stream: StreamObject) -> int:
        if stream.num in self.sizes:
            return self.sizes[stream.num]
        filters, _ = self._filters(stream)
        return (stream.end - stream.start) * chain_ratio(filters)

    def decode(self, stream: StreamObject, limit: int, *, keep: bool = False,
               what: str = "a stream", sink: Callable[[bytes], None] | None = None,
               scope: str = "page") -> tuple[int, bytes | None]:
        """The exact decoded size of ``stream`` (refused past ``limit``: the stream budget,
        or what is left of the ``scope``'s), and its bytes when ``keep``; ``sink`` sees the
        pieces."""
        if stream.num in self.sizes and not keep and sink is None:
            return self.sizes[stream.num], None
        filters, parms = self._filters(stream)
        found = decode_size(self._raw(stream), filters, parms, limit, keep=keep, sink=sink)
        if found.over:
            raise self._too_big(stream, what, "stream" if limit >= self.stream_limit else scope)
        self.sizes[stream.num] = found.size
        return found.size, found.data

    def _too_big(self, stream: StreamObject, what: str, scope: str) -> ResourceLimitError:
        if scope == "stream":
            return ResourceLimitError(
                f"{what} (object {stream.num}) decodes to over {self.stream_limit / _MB:g} MiB"
                " (settings.max_stream_mb; a decompression bomb?)",
                file=self.name, page=self.page or None,
            )
        if scope == "page":
            return ResourceLimitError(
                f"the streams of one page decode to over {self.page_limit / _MB:g} MiB "
                "(settings.max_page_mb; a decompression bomb?)", file=self.name, page=self.page,
            )
        return ResourceLimitError(
            f"the document's streams decode to over {self.document_limit / _MB:g} MiB "
            "(settings.max_document_mb; a decompression bomb?)", file=self.name,
        )

    def _objstm_data(self, stream: StreamObject) -> bytes | None:
        return self.decode(stream, self.stream_limit, keep=True,
                           what="a cross-reference or object stream")[1]

    # --- the checks -----------------------------------------------------------------------

    def run(self) -> ScanFacts:
        facts = ScanFacts()
        trailer = self.objects.trailer()
        if trailer.get("Encrypt") is not None:
            self.decrypt = self._decipher(trailer)
        for page in self.objects.pages(self.settings.max_pages):
            self.page += 1
            if self.page % _CLOCK_EVERY == 0:
                check_deadline(self.page, doing="checking the pages")
            self._check_page(page)
        facts.pages = self.page
        self.page = 0
        # Every other stream a library may decode on opening (cross-reference and object
        # streams) or on reading (fonts, maps): each within the stream budget.
        for i, stream in enumerate(list(self.objects.streams.values())):
            if i % _CLOCK_EVERY == 0:
                check_deadline(doing="checking the streams")
            if stream.num in self.sizes or (self._is_image(stream) and not self.settings.ocr):
                continue
            if self.upper_bound(stream) > self.stream_limit:
                self.decode(stream, self.stream_limit)
        self._check_document()
        root = self.objects.resolve(trailer.get("Root"))
        if isinstance(root, dict):
            form = self.objects.resolve(root.get("AcroForm"))
            resolve = self.objects.resolve
            facts.xfa = isinstance(form, dict) and resolve(form.get("XFA")) is not None
            facts.xfa_dynamic = facts.xfa and resolve(root.get("NeedsRendering")) is True
        self._check_info(trailer, facts)
        return facts

    def _is_image(self, stream: StreamObject) -> bool:
        if self.objects.resolve(stream.attrs.get("Subtype")) == "Image":
            return True
        return bool(set(self._filters(stream)[0]) & IMAGE_CODECS)

    def _check_page(self, page: dict[str, Any]) -> None:
        resolve = self.objects.resolve
        contents = resolve(page.get("Contents"))
        refs = contents if isinstance(contents, list) else [page.get("Contents")]
        resources = page.get("Resources")
        streams = [s for s in map(self._stream, refs) if s is not None]
        # The bytes first: each stream decoded within what is left of the page's budget, so
        # a page of many bombs costs one budget, not one per stream.
        total = 0
        seen: set[int] = set()
        for stream in streams:
            content = self._content(stream, "a content stream", self.page_limit - total)
            total += content.size  # once per reference: a library decodes and reads it again
            total += self._drawn_bytes(content, resources, seen, total)
            if total > self.page_limit:
                raise self._too_big(stream, "", "page")
        # The fonts and colour spaces pdfminer builds for the page and each form it draws
        # (a font costs it about as much as a hundred operators).
        entries = self._resource_entries(resources) + self._form_resources(streams, resources)
        if entries > self.settings.max_fonts:
            raise ResourceLimitError(
                f"over {self.settings.max_fonts:,} fonts and colour spaces on one page "
                "(settings.max_fonts)", file=self.name, page=self.page,
            )
        # Then the operators: bounds first (no regular expression over the content), counted
        # exactly only when the bounds exceed the budget.
        for exact in (False, True):
            operators = 0
            for stream in streams:
                content = self.contents[stream.num]
                operators += self._operators(content, stream, exact) + self._drawn_operators(
                    content, resources, 1, (), exact)
                if operators > self.settings.max_operators:
                    break
            if operators <= self.settings.max_operators:
                return
        raise ResourceLimitError(
            f"over {self.settings.max_operators:,} content operators on one page, "
            "Form XObjects counted each time they are drawn (settings.max_operators)",
            file=self.name, page=self.page,
        )

    def _stream(self, ref: Any) -> StreamObject | None:
        return self.objects.streams.get(ref.num) if isinstance(ref, Ref) else None

    def _content(self, stream: StreamObject, what: str, room: int | None = None) -> _Content:
        """A content stream or form measured: decoded once, piece by piece, within the stream
        budget and ``room`` (what is left of the page's)."""
        known = self.contents.get(stream.num)
        if known is None:
            counter = _Counter()
            limit = self.stream_limit if room is None else max(0, min(self.stream_limit, room))
            size, _ = self.decode(stream, limit, what=what, sink=counter.feed)
            known = _Content(size, counter.bound, counter.finish())
            self.contents[stream.num] = known
        return known

    def _operators(self, content: _Content, stream: StreamObject, exact: bool) -> int:
        if not exact:
            return content.bound
        if content.exact is None:
            counter = _Counter(exact=True)
            self.decode(stream, self.stream_limit, sink=counter.feed)
            counter.finish()
            content.exact = counter.operators
        return content.exact

    def _resource_entries(self, resources: Any) -> int:
        """How many fonts and colour spaces a resource dictionary names."""
        key = _key(resources)
        known = self._entries.get(key)
        if known is None:
            res = self.objects.resolve(resources)
            known = 0
            if isinstance(res, dict):
                for kind in _RESOURCE_KINDS:
                    named = self.objects.resolve(res.get(kind))
                    if isinstance(named, dict):
                        known += len(named)
            self._entries[key] = known
        return known

    def _form_resources(self, streams: list[StreamObject], resources: Any) -> int:
        """The resource entries of every form a page draws with its own resources, each
        form once (the page's bytes walk has measured them all)."""
        total = 0
        seen: set[int] = set()
        todo = [(self.contents[s.num], resources) for s in streams if s.num in self.contents]
        while todo:
            content, res = todo.pop()
            if not content.draws:
                continue
            xobjects = self._xobjects(res)
            for name in content.draws:
                stream = self._stream(xobjects.get(name))
                if stream is None or stream.num in seen or stream.num not in self.contents:
                    continue
                seen.add(stream.num)
                own = stream.attrs.get("Resources")
                if own is not None:
                    total += self._resource_entries(own)
                    if total > self.settings.max_fonts:
                        return total
                todo.append((self.contents[stream.num], own if own is not None else res))
        return total

    def _xobjects(self, resources: Any) -> dict[str, Any]:
        res = self.objects.resolve(resources)
        found = self.objects.resolve(res.get("XObject")) if isinstance(res, dict) else None
        return found if isinstance(found, dict) else {}

    def _drawn_operators(self, content: _Content, resources: Any, depth: int,
                         stack: tuple[int, ...], exact: bool) -> int:
        """The operators of the forms ``content`` draws, each drawing counted (memoized per
        form and resources, so a tree of forms costs one visit per form)."""
        if not content.draws:
            return 0
        xobjects = self._xobjects(resources)
        total = 0
        for name, times in content.draws.items():
            stream = self._stream(xobjects.get(name))
            if stream is None or self._is_image(stream):
                continue
            if stream.num in stack:
                raise DamagedPdfError(
                    f"a Form XObject (object {stream.num}) draws itself", file=self.name,
                    page=self.page,
                )
            if depth > self.settings.max_xobject_depth:
                raise ResourceLimitError(
                    f"Form XObjects nested over {self.settings.max_xobject_depth} deep "
                    "(settings.max_xobject_depth)", file=self.name, page=self.page,
                )
            own = stream.attrs.get("Resources")
            inner = own if own is not None else resources
            key = (stream.num, _key(inner), exact)
            one = self._form_operators.get(key)
            if one is None:
                form = self._content(stream, "a Form XObject")
                one = self._operators(form, stream, exact) + self._drawn_operators(
                    form, inner, depth + 1, (*stack, stream.num), exact)
                self._form_operators[key] = one
            total += times * one
            if total > self.settings.max_operators:
                break  # the caller refuses the page; no need to count further
        return total

    def _drawn_bytes(self, content: _Content, resources: Any, seen: set[int], total: int,
                     depth: int = 1) -> int:
        """The decoded bytes of the forms (and, with OCR, images) ``content`` draws, each
        once per page (``seen``), ``total`` being the page's bytes so far."""
        size = 0
        xobjects = self._xobjects(resources) if content.draws else {}
        for name in content.draws:
            stream = self._stream(xobjects.get(name))
            if stream is None or stream.num in seen:
                continue
            seen.add(stream.num)
            room = self.page_limit - total - size
            if self._is_image(stream):
                if self.settings.ocr:
                    size += max(self.decode(stream, max(0, min(self.stream_limit, room)),
                                            what="an image")[0], self._pixels(stream))
                continue
            if depth > self.settings.max_xobject_depth:
                raise ResourceLimitError(
                    f"Form XObjects nested over {self.settings.max_xobject_depth} deep "
                    "(settings.max_xobject_depth)", file=self.name, page=self.page,
                )
            own = stream.attrs.get("Resources")
            form = self._content(stream, "a Form XObject", room)
            size += form.size + self._drawn_bytes(
                form, own if own is not None else resources, seen, total + size + form.size,
                depth + 1)
            if total + size > self.page_limit:
                break  # the caller refuses the page
        return size

    def _pixels(self, stream: StreamObject) -> int:
        """The bytes a renderer allocates for an image: width x height x components."""
        resolve = self.objects.resolve
        width, height = resolve(stream.attrs.get("Width")), resolve(stream.attrs.get("Height"))
        if not isinstance(width, int) or not isinstance(height, int):
            return 0
        bpc = resolve(stream.attrs.get("BitsPerComponent"))
        bpc = bpc if isinstance(bpc, int) and 0 < bpc <= 16 else 8
        space = resolve(stream.attrs.get("ColorSpace"))
        components = {"DeviceGray": 1, "CalGray": 1, "DeviceCMYK": 4}.get(
            space if isinstance(space, str) else "", 3)
        return max(width, 0) * max(height, 0) * components * bpc // 8

    def _check_document(self) -> None:
        """All streams but images, within the document budget; the ones only known by their
        upper bound are decoded, largest first, until the sum fits or is known to not."""
        streams = [s for s in self.objects.streams.values() if not self._is_image(s)]
        bounds = {s.num: self.upper_bound(s) for s in streams}
        total = sum(bounds.values())
        unknown = sorted((s for s in streams if s.num not in self.sizes),
                         key=lambda s: bounds[s.num], reverse=True)
        for i, stream in enumerate(unknown):
            if total <= self.document_limit:
                return
            if i % _CLOCK_EVERY == 0:
                check_deadline(doing="checking the streams")
            size, _ = self.decode(stream, min(self.stream_limit, self.document_limit),
                                  scope="document")
            total += size - bounds[stream.num]
        if total > self.document_limit:
            raise ResourceLimitError(
                f"the document's streams decode to over {self.document_limit / _MB:g} MiB "
                "(settings.max_document_mb; a decompression bomb?)", file=self.name,
            )

    def _check_info(self, trailer: dict[str, Any], facts: ScanFacts) -> None:
        info = self.objects.resolve(trailer.get("Info"))
        if not isinstance(info, dict):
            return
        # Real files carry a few hundred kB there (Lapua's PDFs keep their source HTML in
        # it); pdfplumber decodes every entry into a list of characters when it opens the file.
        if sum(len(v) for v in info.values() if isinstance(v, bytes)) <= _INFO_HIDDEN_OVER:
            return
        facts.info_oversized = True
        cap = self.settings.max_info_chars
        producer = info.get("Producer")
        if isinstance(producer, bytes) and self.decrypt is None:
            facts.producer = _decode_text(string_bytes(producer[: 8 * cap]))[:cap] or None

    def _decipher(self, trailer: dict[str, Any]) -> Any:
        """pdfminer's standard security handler for this file, or None (a password that does
        not open it, or a handler pdfminer lacks: the libraries will say so)."""
        from pdfminer.pdfdocument import PDFDocument

        resolve = self.objects.resolve
        param = _plain(resolve(trailer.get("Encrypt")), resolve)
        ids = resolve(trailer.get("ID"))
        docid = [string_bytes(resolve(i)) for i in ids if isinstance(resolve(i), bytes)] \
            if isinstance(ids, list) else []
        if not isinstance(param, dict) or param.get("Filter") != "Standard":
            return None
        factory = PDFDocument.security_handler_registry.get(param.get("V", 0))
        if factory is None:
            return None
        try:
            handler = factory(docid or [b""], param, self.settings.password or "")
        except Exception:  # wrong password or unsupported: the libraries raise the typed error
            return None
        return handler.decrypt


def _key(resources: Any) -> object:
    """Resources as a memo key: a reference by number, a direct dictionary by identity (the
    object reader caches it, so the identity is stable)."""
    return ("ref", resources.num) if isinstance(resources, Ref) else ("id", id(resources))


def _plain(value: Any, resolve: Any, depth: int = 0) -> Any:
    """An encryption dictionary as pdfminer's handler reads it: strings decoded, references
    followed."""
    value = resolve(value)
    if depth > 8:
        return None
    if isinstance(value, dict):
        return {k: _plain(v, resolve, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, resolve, depth + 1) for v in value]
    if isinstance(value, bytes):
        return string_bytes(value)
    return value


def _decode_text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2 : 2 + (len(raw) - 2) // 2 * 2].decode("utf-16-be", "ignore")
    from pdfminer.utils import PDFDocEncoding

    return "".join(PDFDocEncoding[b] for b in raw)


def check_document(opened: OpenedSource, settings: Settings) -> ScanFacts:
    """Measure the work the file asks for and refuse it past the settings' bounds; returns
    the facts found on the way (see :class:`ScanFacts`). With an oversized information
    dictionary, ``opened.data`` is replaced by a copy in which no trailer refers to it."""
    facts = _Scan(opened, settings).run()
    if facts.info_oversized:
        # The same length, so every offset stays right: the libraries simply find no /Info.
        opened.data = _INFO_REF.sub(lambda m: b" " * len(m.group(0)), opened.data)
    return facts
