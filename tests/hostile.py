"""Hostile inputs, generated: each class of issue 15 as a few kilobytes (the bombs are built
from repeated compressed blocks, never by compressing gigabytes), and a runner that measures
one case in a child process (wall time, peak resident memory of the whole process tree) under
a safety cap on its address space, so that no case can take the machine down.

Used by ``tests/test_hostile.py`` and by ``benchmarks/fuzz.py``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1 << 20

# The address space a measured child may map at most: far above the 1 GiB the cases must
# stay under (libraries map hundreds of MB they never touch), far below the machine's memory.
SAFETY_CAP_BYTES = 4 << 30


# --- a minimal PDF writer ------------------------------------------------------------------


def build_pdf(objects: Sequence[bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF with the given object bodies (object n is objects[n-1]) and a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", *, keyword: bytes = b"stream\n") -> bytes:
    return b"<< /Length %d %s>>\n%s%s\nendstream" % (len(data), extra, keyword, data)


MUNICIPAL = b"BT /F1 12 Tf 72 760 Td (Kaupunginhallitus 12.3.2025) Tj ET\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page_pdf(contents: Sequence[bytes], *, xobjects: bytes = b"", extra_objects:
             Sequence[bytes] = (), fonts: bytes = b"/F1 4 0 R", catalog: bytes = b"",
             trailer: bytes = b"", refs: bytes | None = None) -> bytes:
    """One page: objects 1-4 are catalog, pages, page and Helvetica; the content streams
    follow as objects 5.., then ``extra_objects``. ``refs`` replaces the /Contents array."""
    first = 5
    if refs is None:
        refs = b" ".join(b"%d 0 R" % (first + i) for i in range(len(contents)))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "
            + fonts + b" >> " + (b"/XObject << " + xobjects + b" >> " if xobjects else b"")
            + b">> /Contents [" + refs + b"] >>")
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        FONT,
        *contents,
        *extra_objects,
    ], trailer=trailer)


# --- compressed data without compressing gigabytes -------------------------------------------


def repeated_flate(unit: bytes, count: int, *, level: int = 9,
                   adler: int | None = None) -> bytes:
    """zlib data of ``unit * count``: one block of ``unit`` after a full flush is the same
    bytes every time, so the data is that block repeated (with the real Adler-32, computed
    here unless the caller knows it)."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    if adler is None:
        adler = 1
        for _ in range(count):
            adler = zlib.adler32(unit, adler)
    return (b"\x78\xda" + block * count + zlib.compressobj(level, zlib.DEFLATED, -15).flush()
            + adler.to_bytes(4, "big"))


def zeros_flate(mib: int) -> bytes:
    # The Adler-32 of n zeros is a = 1, b = n mod 65521: no pass over gigabytes (the fuzz
    # builds up to 2 GiB bombs for each case).
    return repeated_flate(b"\0" * MIB, mib, adler=(mib * MIB) % 65521 << 16 | 1)


def lzw_zeros(n: int) -> bytes:
    """LZWDecode data (early change) for ``n`` zero bytes: each code names a run one longer
    than the last, and a clear code restarts the table before it is full."""
    codes: list[tuple[int, int]] = []  # (code, width)
    table = 258
    run = 0
    written = 0
    width = 9
    codes.append((256, 9))
    while written < n:
        code = 0 if run == 0 else table  # KwKwK: the entry the decoder is about to add
        codes.append((code, width))
        run += 1
        written += run
        if run > 1:
            table += 1
        width = 12 if table + 1 >= 2048 else 11 if table + 1 >= 1024 else 10 \
            if table + 1 >= 512 else 9
        if table >= 4000:
            codes.append((256, width))
            table, run, width = 258, 0, 9
    codes.append((257, width))
    bits = 0
    nbits = 0
    out = bytearray()
    for code, w in codes:
        bits = (bits << w) | code
        nbits += w
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
            bits &= (1 << nbits) - 1
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


def stored_block_endstream_flate(mib: int) -> bytes:
    """zlib data whose first DEFLATE block is stored and holds the bytes "endstream", so a
    scanner that ends the stream there sees almost nothing; the rest inflates to ``mib``."""
    lure = b"\nendstream\nendobj\n"
    header = b"\x78\x01" + b"\x00" + len(lure).to_bytes(2, "little") \
        + (len(lure) ^ 0xFFFF).to_bytes(2, "little") + lure
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * MIB) + packer.flush(zlib.Z_FULL_FLUSH)
    adler = zlib.adler32(lure)
    for _ in range(mib):
        adler = zlib.adler32(b"\0" * MIB, adler)
    return (header + block * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
            + adler.to_bytes(4, "big"))


# --- the classes -------------------------------------------------------------------------------


def flate_flate_bomb() -> bytes:
    """1 GiB of zeros behind [/FlateDecode /FlateDecode]."""
    data = zlib.compress(zeros_flate(1024), 9)
    return page_pdf([MUNICIPAL_STREAM, stream(data, b"/Filter [/FlateDecode /FlateDecode] ")])


def flate_runlength_bomb() -> bytes:
    """1 GiB of zeros behind [/FlateDecode /RunLengthDecode] (128 zeros per two bytes)."""
    data = repeated_flate(b"\x81\x00" * (MIB // 2), 16)
    return page_pdf([MUNICIPAL_STREAM,
                     stream(data, b"/Filter [/FlateDecode /RunLengthDecode] ")])


def lzw_bomb() -> bytes:
    """256 MiB of zeros behind LZWDecode alone (LZW tops out near 2,700:1)."""
    return page_pdf([MUNICIPAL_STREAM, stream(lzw_zeros(256 * MIB), b"/Filter /LZWDecode ")])


def stored_endstream_bomb() -> bytes:
    """1 GiB behind a Flate stream whose stored first block contains "endstream"."""
    return page_pdf([MUNICIPAL_STREAM, stream(stored_block_endstream_flate(1024),
                                              b"/Filter /FlateDecode ")])


def stream_cr_bomb() -> bytes:
    """1 GiB behind a Flate stream whose data starts after "stream" and a lone CR."""
    return page_pdf([MUNICIPAL_STREAM, stream(zeros_flate(1024), b"/Filter /FlateDecode ",
                                              keyword=b"stream\r")])


def objstm_bomb() -> bytes:
    """An object stream that inflates to 1 GiB."""
    return page_pdf([MUNICIPAL_STREAM], extra_objects=[
        stream(zeros_flate(1024), b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode ")])


def eight_streams_page() -> bytes:
    """Eight 100 MiB content streams on one page, each under the stream budget."""
    one = stream(zeros_flate(100), b"/Filter /FlateDecode ")
    return page_pdf([MUNICIPAL_STREAM, *([one] * 8)])


def one_stream_eight_times() -> bytes:
    """One 100 MiB content stream referenced eight times by one page."""
    return page_pdf([MUNICIPAL_STREAM, stream(zeros_flate(100), b"/Filter /FlateDecode ")],
                    refs=b"5 0 R" + b" 6 0 R" * 8)


def operator_flood(count: int = 2_000_000) -> bytes:
    """A page with ``count`` tiny text-show operators."""
    unit = b"(a)Tj "
    per_mib = MIB // len(unit)
    body = b"BT /F1 1 Tf 72 700 Td " + b"(a)Tj " * (count % per_mib)
    flood = repeated_flate(unit * per_mib, count // per_mib)
    return page_pdf([MUNICIPAL_STREAM, stream(zlib.compress(body + b"ET"),
                                              b"/Filter /FlateDecode "),
                     stream(flood, b"/Filter /FlateDecode ")])


def xobject_laughs(levels: int = 7, fan_out: int = 10) -> bytes:
    """Form XObjects "billion laughs": each level draws the one below ``fan_out`` times."""
    first = 6  # objects 5 = municipal text, 6.. = the page's drawing and the forms
    forms = []
    for level in range(1, levels + 1):
        if level < levels:
            body = b" ".join([b"/X Do"] * fan_out)
            res = b"/Resources << /XObject << /X %d 0 R >> >> " % (first + level + 1)
        else:
            body = b"BT /F1 1 Tf (x) Tj ET"
            res = b"/Resources << /Font << /F1 4 0 R >> >> "
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] " + res))
    draw = stream(b" ".join([b"/X Do"] * fan_out))
    return page_pdf([MUNICIPAL_STREAM, draw], xobjects=b"/X %d 0 R" % (first + 1),
                    extra_objects=forms)


def xobject_cycle() -> bytes:
    """A Form XObject that draws itself."""
    form = stream(b"/X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                  b"/Resources << /XObject << /X 7 0 R >> >> ")
    return page_pdf([MUNICIPAL_STREAM, stream(b"/X Do")], xobjects=b"/X 7 0 R",
                    extra_objects=[form])


def long_token(letters: int = 40_000) -> bytes:
    """Minutes whose preparer field holds one word of ``letters`` letters."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    doc = canvas.Canvas(buf)
    doc.setFont("Helvetica", 11)
    rows = ["Kaupunginhallitus", "PÖYTÄKIRJA 3/2025", "Kokousaika 12.3.2025 klo 16.00",
            "§ 12 Talousarvio 2026", "Valmistelija: " + "a" * letters,
            "Esittelijä: Kaupunginjohtaja Matti Meikäläinen", "Päätösehdotus:",
            "Kaupunginhallitus hyväksyy talousarvion.", "Päätös: Hyväksyttiin."]
    y = 780
    for row in rows:
        doc.setFont("Helvetica", 0.5 if len(row) > 1000 else 11)
        doc.drawString(40, y, row)
        y -= 18
    doc.showPage()
    doc.save()
    return buf.getvalue()


def cid_only() -> bytes:
    """Text set entirely in a Type0 font without ToUnicode: only (cid:N) comes out."""
    words = b" ".join(b"[<%s> -3000 <%s>] TJ" % (b"0041004200430044" * 3, b"00450046" * 4)
                      for _ in range(3))
    content = b"BT /F2 12 Tf 72 720 Td " + words + b" ET"
    return page_pdf([stream(content)], fonts=b"/F2 6 0 R", extra_objects=[
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Tuntematon /Encoding /Identity-H "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Tuntematon /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R "
        b"/DW 500 >>",
        b"<< /Type /FontDescriptor /FontName /Tuntematon /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ])


XFA_WAIT = (b"Please wait... If this message is not eventually replaced by the proper "
            b"contents of the document, your PDF viewer may not be able to display this type "
            b"of document.")


def xfa_only() -> bytes:
    """An XFA-only form: its one page says "Please wait..."."""
    content = b"BT /F1 10 Tf 40 800 Td (" + XFA_WAIT + b") Tj ET"
    xfa = stream(b"<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><template/></xdp:xdp>")
    return page_pdf([stream(content)], extra_objects=[xfa],
                    catalog=b"/AcroForm << /Fields [] /XFA 6 0 R >> /NeedsRendering true ")


def english_report() -> bytes:
    """A valid, text-rich PDF with no municipal vocabulary: a sales report."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    doc = canvas.Canvas(buf)
    rows = ["Quarterly Sales Report Q3 2025", "Prepared by the Sales Operations team",
            "Revenue grew 12% year over year, driven by the northern region.",
            "Region     Revenue     Growth", "North      1,204,000   18%",
            "South        803,500    4%", "Outlook: we expect flat demand in Q4.",
            "Action items: renew the distributor contracts before December."]
    for page in range(3):
        y = 780
        for row in rows:
            doc.drawString(60, y, f"{row} ({page + 1})")
            y -= 20
        doc.showPage()
    doc.save()
    return buf.getvalue()


def many_fonts(count: int = 10_000) -> bytes:
    """A page using ``count`` font resources, each one pdfminer complains about."""
    fonts = b" ".join(b"/G%d %d 0 R" % (i, 6 + i) for i in range(count))
    content = MUNICIPAL + b"BT " + b" ".join(
        b"/G%d 1 Tf 10 %d Td (x) Tj" % (i, i % 700) for i in range(count)) + b" ET"
    objects = [b"<< /Type /Font /Subtype /TrueType /BaseFont /Broken%d /FirstChar 0 "
               b"/FontDescriptor << /Type /FontDescriptor /FontName /Broken%d >> >>" % (i, i)
               for i in range(count)]
    return page_pdf([stream(zlib.compress(content), b"/Filter /FlateDecode ")],
                    fonts=b"/F1 4 0 R " + fonts, extra_objects=objects)


def noisy_fonts(count: int = 300) -> bytes:
    """Minutes-like text plus ``count`` broken fonts, under every limit: pdfminer warns about
    each one."""
    return many_fonts(count)


def big_info(mib: int = 10) -> bytes:
    """A document information dictionary whose Producer is ``mib`` MiB long."""
    info = b"<< /Producer (" + b"P" * (mib * MIB) + b") /Title (Kaupunginhallitus) >>"
    return page_pdf([MUNICIPAL_STREAM_BODY], extra_objects=[info], trailer=b"/Info 6 0 R ")


def flipped_bytes(data: bytes, seed: int = 3, flips: int = 40) -> bytes:
    import random

    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out) // 4, len(out))] = rng.randrange(256)
    return bytes(out)


MUNICIPAL_STREAM_BODY = stream(MUNICIPAL)
MUNICIPAL_STREAM = MUNICIPAL_STREAM_BODY


def encrypt_owner_only(plain: Path, out: Path) -> bool:
    """``plain`` encrypted (AES-128) with an owner password only, its streams untouched
    (qpdf --stream-data=preserve: nothing is inflated to encrypt it). False without qpdf."""
    import shutil

    if shutil.which("qpdf") is None:
        return False
    subprocess.run(["qpdf", "--stream-data=preserve", "--object-streams=preserve",
                    "--encrypt", "", "omistaja", "128", "--use-aes=y", "--", str(plain),
                    str(out)], check=True, capture_output=True)
    return True


# Each PDF class: name -> (generator, the outcome: an error class and a piece of its message,
# or "ok" and a warning code the result must carry, "" for none).
PDF_CLASSES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "flate_flate_bomb": (flate_flate_bomb, "ResourceLimitError", "settings.max_stream_mb"),
    "flate_runlength_bomb": (flate_runlength_bomb, "ResourceLimitError",
                             "settings.max_stream_mb"),
    "lzw_bomb": (lzw_bomb, "ResourceLimitError", "settings.max_stream_mb"),
    "stored_endstream_bomb": (stored_endstream_bomb, "ResourceLimitError",
                              "settings.max_stream_mb"),
    "stream_cr_bomb": (stream_cr_bomb, "ResourceLimitError", "settings.max_stream_mb"),
    "objstm_bomb": (objstm_bomb, "ResourceLimitError", "settings.max_stream_mb"),
    "eight_streams_page": (eight_streams_page, "ResourceLimitError", "page 1: the streams of "
                           "one page decode to over 256 MiB (settings.max_page_mb"),
    "one_stream_eight_times": (one_stream_eight_times, "ResourceLimitError",
                               "page 1: the streams of one page decode to over 256 MiB"),
    "operator_flood": (operator_flood, "ResourceLimitError",
                       "page 1: over 100,000 content operators on one page"),
    "xobject_laughs": (xobject_laughs, "ResourceLimitError",
                       "page 1: over 100,000 content operators on one page"),
    "xobject_cycle": (xobject_cycle, "DamagedPdfError",
                      "page 1: a Form XObject (object 7) draws itself"),
    "many_fonts": (many_fonts, "ResourceLimitError", "page 1: over 1,000 fonts and colour "
                   "spaces on one page (settings.max_fonts)"),
    "cid_only": (cid_only, "NoTextLayerError", "only (cid:N) codes come out of the PDF"),
    "xfa_only": (xfa_only, "NotMinutesError", "an XFA form"),
    "english_report": (english_report, "NotMinutesError", "no word of municipal vocabulary"),
    "noisy_fonts": (noisy_fonts, "ok", "library_warnings"),
    "big_info": (big_info, "ok", ""),
    "long_token": (long_token, "ok", ""),
}


# --- measuring one case in a child -----------------------------------------------------------


@dataclass(slots=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the largest resident set of the child and its waited-for children
    timed_out: bool


def child_env() -> dict[str, str]:
    """The environment for a child that must import this checkout's hytedocs."""
    import hytedocs

    env = dict(os.environ)
    src = str(Path(hytedocs.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


# Linux keeps a process's peak resident set across exec, so a child forked from this (large)
# test process would report this process's size; a small interpreter forks the measured one
# and reports its rusage (which covers its waited-for children: an --isolate grandchild).
_LAUNCH = """
import json, os, resource, sys
report, cap = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
pid = os.fork()
if pid == 0:
    os.close(report)
    os.execv(sys.argv[3], sys.argv[3:])
_, status, usage = os.wait4(pid, 0)
os.write(report, json.dumps([usage.ru_maxrss, usage.ru_utime + usage.ru_stime]).encode())
os._exit(os.waitstatus_to_exitcode(status) % 256)
"""


def measure(argv: Sequence[str], timeout: float = 90.0, stdin: int | None = None) -> Measured:
    """Run ``argv`` with the safety cap; its time and peak memory, its children's included."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        report_r, report_w = os.pipe()
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCH, str(report_w), str(SAFETY_CAP_BYTES), *argv],
            stdout=out, stderr=err, env=child_env(), start_new_session=True,
            stdin=subprocess.DEVNULL if stdin is None else stdin, pass_fds=(report_w,))
        os.close(report_w)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, 9))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        with os.fdopen(report_r, "rb") as fh:
            report = fh.read()
        peak_kb = json.loads(report)[0] if report else 0
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), seconds,
                        peak_kb / 1024, seconds >= timeout)


# The in-process entry point: hytedocs.parse() in a fresh interpreter, one line out.
PARSE_CODE = """
import sys, hytedocs
from hytedocs.errors import HytedocsError
from hytedocs.settings import Settings
try:
    m = hytedocs.parse(sys.argv[1], settings=Settings(nlp=False))
except HytedocsError as exc:
    print(type(exc).__name__, exc)
else:
    print("ok", " ".join(sorted({w.code for w in m.warnings})), "|", m.source.producer or "")
"""


def measure_parse(path: Path, timeout: float = 90.0) -> Measured:
    return measure([sys.executable, "-c", PARSE_CODE, str(path)], timeout)


def measure_cli(args: Sequence[str], timeout: float = 90.0) -> Measured:
    return measure([sys.executable, "-m", "hytedocs", *args], timeout)


# --- Word templates ----------------------------------------------------------------------------


def base_docx() -> bytes:
    """python-docx's own empty document, as a template."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def _member(name: str) -> bool:
    return name == "word/document.xml"


def entity_docx() -> bytes:
    """A template whose document part declares an entity and uses it (an XXE attempt)."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(base_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if _member(item.filename):
                head, _, rest = data.partition(b"?>")
                data = (head + b'?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
                        b'"file:///etc/hostname">]>' + rest.replace(
                            b"<w:body>", b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", 1))
            dst.writestr(item, data)
    return out.getvalue()


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, crc, compressed size, declared size)."""
    import struct

    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, crc, csize, usize in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize,
                              min(usize, 0xFFFFFFFF), len(encoded), 0) + encoded + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                  csize, min(usize, 0xFFFFFFFF), len(encoded), 0, 0, 0, 0, 0,
                                  offset) + encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                          len(central.getvalue()), start, 0))
    return out.getvalue()


def zip_bomb_docx(mib: int = 1024, *, lie: bool = False) -> bytes:
    """The base template with its styles part replaced by ``mib`` MiB of zeros (deflated to
    about a thousandth); ``lie`` declares the part 1,000 bytes long instead."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(base_docx()))
    members = []
    for item in src.infolist():
        if item.filename == "word/styles.xml":
            raw = zeros_flate(mib)[2:-4]  # zlib's header and Adler-32 off: raw DEFLATE
            crc = 0
            for _ in range(mib):
                crc = zlib.crc32(b"\0" * MIB, crc)
            members.append((item.filename, raw, crc, len(raw), 1000 if lie else mib * MIB))
        else:
            data = src.read(item)
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw = packer.compress(data) + packer.flush()
            members.append((item.filename, raw, zlib.crc32(data), len(raw), len(data)))
    return _zip(members)
