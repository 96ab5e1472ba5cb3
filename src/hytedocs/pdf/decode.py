"""Stage 1, before any PDF library: a stream's filter chain decoded incrementally, every piece
counted against a budget and dropped, so that a bomb costs the bytes of the budget, never the
bytes it would inflate to.

Each filter is a generator from pieces of input to pieces of output of at most :data:`PIECE`
bytes; a chain is the generators stacked in the order of the ``/Filter`` array. The consumer
(:func:`decode_size`) stops pulling as soon as the budget is spent, which stops every stage
above it. Every filter a PDF library inflates is here (Flate, LZW, RunLength, ASCIIHex,
ASCII85, with the PNG and TIFF predictors between two filters); image codecs (DCT, JPX, JBIG2,
CCITT) end the chain, because only drawing the page decodes them.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# Output pieces and input chunks: large enough that the per-piece Python overhead vanishes,
# small enough that a piece is nothing next to any budget.
PIECE = 1 << 20
_INPUT_CHUNK = 1 << 18

# Abbreviations of filter names (inline images use them; pdfminer accepts them in streams).
_ALIASES = {
    "Fl": "FlateDecode", "LZW": "LZWDecode", "RL": "RunLengthDecode", "AHx": "ASCIIHexDecode",
    "A85": "ASCII85Decode", "DCT": "DCTDecode", "CCF": "CCITTFaxDecode",
}
IMAGE_CODECS = frozenset({"DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode"})

# The most output one input byte can give: DEFLATE's 258-byte match per two bits (RFC 1951);
# an LZW code of 9 bits naming a 4,096-byte table entry; RunLength's 128 copies from 2 bytes;
# ASCII85's "z" (4 bytes from one). A stream shorter than budget / product of its filters'
# ratios cannot overrun the budget, so it need not be decoded to know.
MAX_RATIO = {
    "FlateDecode": 1032, "LZWDecode": 3641, "RunLengthDecode": 64, "ASCIIHexDecode": 1,
    "ASCII85Decode": 4, "Crypt": 1,
}

_NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")
_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]")
_LZW_CLEAR = 256
_LZW_END = 257
_LZW_MAX_TABLE = 4096


def filter_name(value: object) -> str:
    name = str(value)
    return _ALIASES.get(name, name)


@dataclass(slots=True)
class Decoded:
    """What decoding one stream found: its size (past ``limit`` when the budget ran out,
    ``limit + 1`` then at least), and its bytes when they were asked for and fit."""

    size: int
    data: bytes | None
    over: bool


def chain_ratio(filters: list[str]) -> int:
    """The most a stream with these filters can grow, per input byte (an image codec counts
    1: it is measured from the image's dimensions)."""
    ratio = 1
    for name in filters:
        ratio *= MAX_RATIO.get(name, 1)
    return ratio


def decode_size(raw: bytes, filters: list[str], parms: list[dict[str, Any]], limit: int,
                *, keep: bool = False, sink: Callable[[bytes], None] | None = None) -> Decoded:
    """Decode ``raw`` through ``filters`` (with their ``/DecodeParms``), counting the output up
    to ``limit`` bytes; ``keep`` also returns the decoded bytes (when within the limit), and
    ``sink`` sees every piece as it comes (nothing is kept for it)."""
    pieces = _chain(_chunks(raw), filters, parms, keep)
    size = 0
    kept: list[bytes] = []
    try:
        for piece in pieces:
            size += len(piece)
            if size > limit:
                return Decoded(size, None, True)
            if keep:
                kept.append(piece)
            if sink is not None:
                sink(piece)
    finally:
        pieces.close()  # type: ignore[attr-defined]
    return Decoded(size, b"".join(kept) if keep else None, False)


def _chunks(raw: bytes) -> Iterator[bytes]:
    view = memoryview(raw)
    for pos in range(0, len(raw), _INPUT_CHUNK):
        yield bytes(view[pos : pos + _INPUT_CHUNK])


def _chain(source: Iterator[bytes], filters: list[str], parms: list[dict[str, Any]],
           exact: bool) -> Iterator[bytes]:
    stage: Iterator[bytes] = source
    for index, name in enumerate(filters):
        parm = parms[index] if index < len(parms) else {}
        if name in IMAGE_CODECS:
            break  # decoded only to draw the page; measured by the image's size instead
        if name == "FlateDecode":
            stage = _flate(stage)
        elif name == "LZWDecode":
            stage = _lzw(stage, _int(parm.get("EarlyChange"), 1) != 0)
        elif name == "RunLengthDecode":
            stage = _run_length(stage)
        elif name == "ASCIIHexDecode":
            stage = _ascii_hex(stage)
        elif name == "ASCII85Decode":
            stage = _ascii85(stage)
        elif name == "Crypt":
            continue  # the Identity crypt filter; others were decrypted with the document
        else:
            break  # a filter no library knows: what it gets is what it keeps
        predictor = _int(parm.get("Predictor"), 1)
        # A predictor changes the bytes, not their number (a PNG row loses its tag byte):
        # only a filter after it, or a caller who reads them (``exact``), needs them.
        if predictor >= 2 and name in ("FlateDecode", "LZWDecode") and (
                exact or index + 1 < len(filters)):
            stage = _predicted(stage, predictor, parm)
    return stage


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _flate(source: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for chunk in source:
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, PIECE)
            except zlib.error:
                return  # pdfminer keeps what came before the damage; so does the count
            if out:
                yield out
            if inflater.eof:
                return
            data = inflater.unconsumed_tail
    try:
        tail = inflater.flush()
    except zlib.error:
        return
    if tail:
        yield tail


def _lzw(source: Iterable[bytes], early: bool) -> Iterator[bytes]:
    table: list[bytes] = [bytes((i,)) for i in range(256)] + [b"", b""]
    bits = 9
    prev: bytes | None = None
    acc = nacc = 0
    out = bytearray()
    shift = 1 if early else 0
    for chunk in source:
        for byte in chunk:
            acc = (acc << 8) | byte
            nacc += 8
            while nacc >= bits:
                nacc -= bits
                code = acc >> nacc
                acc &= (1 << nacc) - 1
                if code == _LZW_CLEAR:
                    del table[258:]
                    bits, prev = 9, None
                    continue
                if code == _LZW_END:
                    continue  # pdfminer reads on past the end code; so does the count
                if code < len(table):
                    entry = table[code]
                    if prev is not None and len(table) < _LZW_MAX_TABLE:
                        table.append(prev + entry[:1])
                elif code == len(table) and prev is not None:
                    entry = prev + prev[:1]
                    if len(table) < _LZW_MAX_TABLE:
                        table.append(entry)
                else:
                    if out:
                        yield bytes(out)
                    return  # a code from nowhere: the data is damaged
                out += entry
                prev = entry
                size = len(table) + shift
                bits = 12 if size >= 2048 else 11 if size >= 1024 else 10 if size >= 512 else 9
            if len(out) >= PIECE:
                yield bytes(out)
                out.clear()
    if out:
        yield bytes(out)


def _run_length(source: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in source:
        data = pending + chunk
        n = len(data)
        i = 0
        out = bytearray()
        while i < n:
            length = data[i]
            if length == 128:
                if out:
                    yield bytes(out)
                return
            if length < 128:
                if i + length + 2 > n:
                    break
                out += data[i + 1 : i + length + 2]
                i += length + 2
            else:
                if i + 1 >= n:
                    break
                out += data[i + 1 : i + 2] * (257 - length)
                i += 2
            if len(out) >= PIECE:
                yield bytes(out)
                out = bytearray()
        pending = data[i:]
        if out:
            yield bytes(out)


def _ascii_hex(source: Iterable[bytes]) -> Iterator[bytes]:
    # pdfminer decodes hex digits on past the ">" that ends the data; so does the count.
    carry = b""
    for chunk in source:
        digits = carry + _NOT_HEX.sub(b"", chunk)
        even = len(digits) & ~1
        if even:
            yield binascii.unhexlify(digits[:even])
        carry = digits[even:]
    if carry:
        yield binascii.unhexlify(carry + b"0")


def _ascii85(source: Iterable[bytes]) -> Iterator[bytes]:
    carry = b""
    for chunk in source:
        end = chunk.find(b"~")
        text = carry + _SPACE.sub(b"", chunk if end < 0 else chunk[:end]).replace(b"z", b"!!!!!")
        whole = len(text) - len(text) % 5
        try:
            if whole:
                yield base64.a85decode(text[:whole])
        except ValueError:
            return
        carry = text[whole:]
        if end >= 0:
            break
    if len(carry) > 1:
        try:
            yield base64.a85decode(carry + b"u" * (5 - len(carry)))[: len(carry) - 1]
        except ValueError:
            return


def _predicted(source: Iterable[bytes], predictor: int, parm: dict[str, Any]
               ) -> Iterator[bytes]:
    """Undo a PNG (10-15) or TIFF (2) predictor, row by row (only between two filters)."""
    colors = max(1, min(_int(parm.get("Colors"), 1), 32))
    bpc = _int(parm.get("BitsPerComponent"), 8)
    bpc = bpc if bpc in (1, 2, 4, 8, 16) else 8
    columns = max(1, min(_int(parm.get("Columns"), 1), 1 << 24))
    bpp = max(1, colors * bpc // 8)
    row_bytes = (colors * bpc * columns + 7) // 8
    png = predictor >= 10
    step = row_bytes + (1 if png else 0)
    prior = bytearray(row_bytes)
    buffer = b""
    for chunk in source:
        buffer += chunk
        out = bytearray()
        usable = len(buffer) - len(buffer) % step
        for start in range(0, usable, step):
            row = bytearray(buffer[start + (1 if png else 0) : start + step])
            kind = buffer[start] if png else 2
            _unfilter(row, prior, kind, bpp, png)
            out += row
            prior = row
        buffer = buffer[usable:]
        if out:
            yield bytes(out)


def _unfilter(row: bytearray, prior: bytearray, kind: int, bpp: int, png: bool) -> None:
    n = len(row)
    if not png or kind == 1:  # TIFF 2 and PNG Sub: add the byte one pixel to the left
        for i in range(bpp, n):
            row[i] = (row[i] + row[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(n):
            row[i] = (row[i] + prior[i]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + ((left + prior[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = row[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            row[i] = (row[i] + pred) & 0xFF
