"""Fuzz the parser with mutated real fixtures for a given number of seconds.

Every case must end in a result or a :class:`~hytedocs.errors.HytedocsError`. Anything else
(an untyped exception, or a case that outlives its time limit) is a finding: it is printed,
counted, and saved under ``--out`` so that it can become a regression test.

    python benchmarks/fuzz.py --seconds 600 --out /tmp/fuzz-findings

Mutations: byte flips, truncation, deleting/duplicating/swapping byte runs, splicing two
fixtures, overwriting numbers (offsets, lengths, object ids) and inserting PDF tokens; and the
hostile ones of issue 15: a stream replaced by a bomb behind a random filter chain (Flate,
LZW, RunLength, ASCIIHex, ASCII85, up to three deep), a content stream replaced by a flood of
text-show operators, and a tree of Form XObjects drawing each other hung into a page.
Cases run in-process (fast); the per-case limit is ``settings.max_seconds``, enforced by the
parser's own deadline alarm, and an outer CPU-time watchdog (SIGVTALRM) catches a case that
escapes it. The process runs under an address-space cap (``--memory-cap-mb``), so a case
that allocates without bound ends as a MemoryError finding instead of taking the machine; its
peak resident memory, printed at the end, is the most any case needed.
"""

from __future__ import annotations

import argparse
import base64
import collections
import hashlib
import logging
import random
import re
import resource
import signal
import sys
import time
import traceback
import zlib
from pathlib import Path
from types import FrameType

from hytedocs.errors import HytedocsError
from hytedocs.pipeline import parse
from hytedocs.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"
# The bomb builders of the hostile tests (run as a script, the repository is not on the path).
sys.path.insert(0, str(ROOT))
from tests.hostile import lzw_zeros, zeros_flate  # noqa: E402

# Small fixtures keep the rate up; one Lapua and one Nykarleby file add their structures.
FIXTURES = [
    "oulu_kaupunginhallitus_2017-03_item_ouka-1472-02.02.02-2017.pdf",
    "oulu_kaupunginvaltuusto_2017-02_item_ouka-1499-12.00.02-2016.pdf",
    "vantaa_kaupunginhallitus_2017-03-20_item-10.pdf",
    "lapua_tarkastuslautakunta_2024-04-17_poytakirja.pdf",
    # Per-page font subsets with corrupt text maps: the font repair of glyphs.py runs on it.
    "nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf",
]
TOKENS = [b"<<", b">>", b"[", b"]", b" R ", b" 0 obj", b"endobj", b"stream\n", b"endstream",
          b"/Length 999999999", b"/Filter /FlateDecode", b"(", b")", b"/Kids [", b"xref",
          b"trailer", b"/Count -1", b"/Type /Pages", b"1 0 R", b"/Encrypt 1 0 R", b"\x00",
          b"999999999999", b"-0.0", b"1e308", b"/Parent 2 0 R"]
_NUMBER = re.compile(rb"\d+")
_STREAM = re.compile(rb"<<(?:[^<>]|<<[^<>]*>>)*>>\s*stream\r?\n", re.S)
_MIB = 1 << 20
# The hostile mutations (kinds 7-9) are rarer: most cases stay close to real files.
_KINDS = [*range(7)] * 3 + [7, 8, 9]


def _encode(data: bytes, name: bytes, rng: random.Random) -> bytes:
    if name == b"/FlateDecode":
        return zlib.compress(data, rng.choice((1, 6, 9)))
    if name == b"/RunLengthDecode":
        return _run_length(data)
    if name == b"/ASCIIHexDecode":
        return data.hex().encode() + b">"
    return base64.a85encode(data) + b"~>"


def _run_length(data: bytes) -> bytes:
    """RunLength encoding: runs of 3 to 128 equal bytes as (257 - n, byte), the rest as
    literal runs of up to 128 bytes (n - 1, bytes...), then the end mark 128."""
    out = bytearray()
    literal = bytearray()
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and j - i < 128 and data[j] == data[i]:
            j += 1
        if j - i >= 3:
            while literal:
                out += bytes((len(literal[:128]) - 1,)) + literal[:128]
                del literal[:128]
            out += bytes((257 - (j - i), data[i]))
            i = j
        else:
            literal.append(data[i])
            i += 1
    while literal:
        out += bytes((len(literal[:128]) - 1,)) + literal[:128]
        del literal[:128]
    return bytes(out) + b"\x80"


def _chain_bomb(rng: random.Random) -> tuple[bytes, bytes]:
    """(Filter entry, data): zeros behind up to three filters, the first always Flate (the
    inner, widest layer), decoding to between 1 MiB and 2 GiB."""
    mib = rng.choice((1, 16, 130, 300, 1024, 2048))
    data = zeros_flate(mib)
    names = [b"/FlateDecode"]
    for _ in range(rng.randint(0, 2)):
        name = rng.choice((b"/FlateDecode", b"/RunLengthDecode", b"/ASCIIHexDecode",
                           b"/ASCII85Decode"))
        if len(data) > 4 * _MIB and name != b"/FlateDecode":
            name = b"/FlateDecode"  # keep the case small: only Flate shrinks
        data = _encode(data, name, rng)
        names.insert(0, name)
    if rng.random() < 0.2:  # LZW alone (its own encoder: a run of zeros)
        names, data = [b"/LZWDecode"], lzw_zeros(rng.choice((1, 64, 200)) * _MIB)
    return b"/Filter [" + b" ".join(names) + b"]", data


def _replace_stream(out: bytearray, rng: random.Random, entry: bytes, data: bytes) -> None:
    """One stream of ``out`` with ``data`` and its dictionary with ``entry`` (and a right
    /Length); the file's offsets shift, which the libraries recover from."""
    matches = list(_STREAM.finditer(out))
    if not matches:
        return
    m = rng.choice(matches)
    end = out.find(b"endstream", m.end())
    if end < 0:
        return
    out[m.start() : end] = b"<< /Length %d %s >>\nstream\n%s\n" % (len(data), entry, data)


def _operator_flood(rng: random.Random) -> bytes:
    count = rng.choice((10_000, 90_000, 200_000, 3_000_000))
    unit = rng.choice((b"(a)Tj ", b"0 0 m ", b"q Q ", b"1 0 0 1 0 0 cm "))
    return zlib.compress(b"BT /F1 1 Tf " + unit * count + b"ET", 6)


def _xobject_tree(out: bytearray, rng: random.Random) -> None:
    """Forms drawing each other ``fan`` times, ``levels`` deep (sometimes a cycle), appended
    as new objects and drawn from one page's content."""
    levels, fan = rng.randint(2, 9), rng.choice((2, 10, 50))
    first = max((int(n) for n in re.findall(rb"(\d+) 0 obj", out)), default=0) + 1
    objects = []
    for level in range(levels):
        below = first + level + 1 if level + 1 < levels else (
            first if rng.random() < 0.1 else None)
        body = (b" ".join([b"/Y Do"] * fan) if below is not None
                else b"BT /F1 1 Tf (x) Tj ET")
        res = b"/Resources << /XObject << /Y %d 0 R >> >>" % below if below else b""
        objects.append(b"%d 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] %s "
                       b"/Length %d >>\nstream\n%s\nendstream\nendobj\n"
                       % (first + level, res, len(body), body))
    at = out.rfind(b"%%EOF")
    out[at:at] = b"".join(objects)
    # The first page's resources (inline or an object of their own) learn the name /Y.
    page = re.search(rb"/Type\s*/Page(?!s)", out)
    res = re.compile(rb"/Resources\s*(?:(<<)|(\d+)\s+\d+\s+R)").search(out, page.end()) \
        if page else None
    if res is None:
        return
    if res.group(1):
        inside = res.end()
    else:
        obj = re.search(rb"(?<!\d)%s\s+\d+\s+obj\s*<<" % res.group(2), out)
        if obj is None:
            return
        inside = obj.end()
    xobject = re.compile(rb"/XObject\s*<<").search(out, inside, inside + 4096)
    if xobject is not None:
        out[xobject.end() : xobject.end()] = b" /Y %d 0 R " % first
    else:
        out[inside:inside] = b" /XObject << /Y %d 0 R >> " % first
    _replace_stream(out, rng, b"", b" ".join([b"/Y Do"] * fan))


class CaseHang(Exception):
    """Raised by the outer alarm: the parser's own limits did not stop the case."""


def mutate(data: bytes, other: bytes, rng: random.Random) -> tuple[bytes, int]:
    """A mutated case and the last kind of mutation applied."""
    out = bytearray(data)
    kind = 0
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(_KINDS)
        n = len(out)
        if n < 32:
            break
        a = rng.randrange(n)
        b = min(n, a + rng.choice((1, 8, 64, 512, 4096)))
        if kind == 0:  # byte flips
            for _ in range(rng.randint(1, 16)):
                out[rng.randrange(n)] = rng.randrange(256)
        elif kind == 1:  # truncation
            del out[a:]
        elif kind == 2:  # delete a run
            del out[a:b]
        elif kind == 3:  # duplicate a run
            out[a:a] = out[a:b]
        elif kind == 4:  # splice in a run of the other fixture
            c = rng.randrange(len(other))
            out[a:b] = other[c : c + (b - a)]
        elif kind == 5:  # overwrite a number: offsets, lengths, object ids
            matches = list(_NUMBER.finditer(out, a, min(n, a + 4096)))
            if matches:
                m = rng.choice(matches)
                out[m.start() : m.end()] = str(rng.choice(
                    (0, 1, -1, 2**31, 10**12, rng.randrange(10**6)))).encode()
        elif kind == 6:  # insert a PDF token
            out[a:a] = rng.choice(TOKENS)
        elif kind == 7:  # a bomb behind a filter chain
            _replace_stream(out, rng, *_chain_bomb(rng))
        elif kind == 8:  # a flood of operators
            _replace_stream(out, rng, b"/Filter /FlateDecode", _operator_flood(rng))
        else:  # a tree of Form XObjects
            _xobject_tree(out, rng)
    return bytes(out), kind


def _ring(_signum: int, _frame: FrameType | None) -> None:
    raise CaseHang


def run(seconds: float, seed: int, case_seconds: float, out: Path | None,
        backend: str = "pdfplumber") -> int:
    # pdfminer logs a warning for every oddity it recovers from; that is noise here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    rng = random.Random(seed)
    corpus = [(name, (REAL / name).read_bytes()) for name in FIXTURES]
    settings = Settings(nlp=False, max_seconds=case_seconds, backend=backend)  # type: ignore[arg-type]
    outcomes: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[int] = collections.Counter()
    findings: dict[str, tuple[str, bytes]] = {}
    signal.signal(signal.SIGVTALRM, _ring)
    start = time.monotonic()
    cases = 0
    slowest = 0.0
    slowest_case = b""
    while time.monotonic() - start < seconds:
        name, data = rng.choice(corpus)
        case, kind = mutate(data, rng.choice(corpus)[1], rng)
        kinds[kind] += 1
        cases += 1
        t0 = time.monotonic()
        # The outer watchdog counts CPU time on SIGVTALRM, leaving SIGALRM free for the
        # parser's own deadline alarm, which is what is under test.
        signal.setitimer(signal.ITIMER_VIRTUAL, case_seconds * 3)
        try:
            parse(case, settings=settings)
            outcomes["ok"] += 1
        except HytedocsError as exc:
            outcomes[type(exc).__name__] += 1
        except CaseHang:
            outcomes["HANG"] += 1
            findings.setdefault("hang", (f"{name}: still running after {case_seconds * 3:g} "
                                         "CPU seconds", case))
        except Exception as exc:  # an untyped exception is exactly what the fuzzer looks for
            outcomes["UNTYPED"] += 1
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__}@{Path(tb.filename).name}:{tb.lineno}"
            if key not in findings:
                findings[key] = (f"{name}: {type(exc).__name__}: {exc}"[:300], case)
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        took = time.monotonic() - t0
        if took > slowest:
            slowest, slowest_case = took, case
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cases: {cases} in {elapsed:.0f} s = {cases / elapsed:.1f} cases/s "
          f"(backend {backend}, seed {seed}, slowest case {slowest:.2f} s, peak memory of "
          f"the process {peak:.0f} MB)")
    names = ["flips", "truncation", "delete", "duplicate", "splice", "numbers", "tokens",
             "filter chain bomb", "operator flood", "XObject tree"]
    print("  last mutation of a case: " + ", ".join(
        f"{names[k]} {n}" for k, n in sorted(kinds.items())))
    for outcome, count in outcomes.most_common():
        print(f"  {outcome}: {count}")
    for key, (what, case) in findings.items():
        print(f"FINDING {key}: {what}")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            path = out / f"{hashlib.sha256(case).hexdigest()[:12]}.pdf"
            path.write_bytes(case)
            print(f"  saved {path}")
    if out is not None and slowest_case:
        out.mkdir(parents=True, exist_ok=True)
        (out / "slowest.pdf").write_bytes(slowest_case)
        print(f"slowest case saved as {out / 'slowest.pdf'}")
    return 1 if findings else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="how long to run")
    ap.add_argument("--seed", type=int, default=1, help="random seed (runs are repeatable)")
    ap.add_argument("--case-seconds", type=float, default=5.0,
                    help="settings.max_seconds for each case")
    ap.add_argument("--out", type=Path, default=None, help="save failing cases here")
    ap.add_argument("--backend", choices=("pdfplumber", "pdfium"), default="pdfplumber")
    ap.add_argument("--memory-cap-mb", type=int, default=3072,
                    help="address-space cap of this process (a case past it is a finding)")
    args = ap.parse_args()
    cap = args.memory_cap_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    sys.exit(run(args.seconds, args.seed, args.case_seconds, args.out, args.backend))


if __name__ == "__main__":
    main()
