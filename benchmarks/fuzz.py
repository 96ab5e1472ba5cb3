"""Fuzz the parser with mutated real fixtures for a given number of seconds.

Every case must end in a result or a :class:`~hytedocs.errors.HytedocsError`. Anything else
(an untyped exception, or a case that outlives its time limit) is a finding: it is printed,
counted, and saved under ``--out`` so that it can become a regression test.

    python benchmarks/fuzz.py --seconds 600 --out /tmp/fuzz-findings

Mutations: byte flips, truncation, deleting/duplicating/swapping byte runs, splicing two
fixtures, overwriting numbers (offsets, lengths, object ids) and inserting PDF tokens.
Cases run in-process (fast); the per-case limit is ``settings.max_seconds``, enforced by the
parser's own deadline alarm, and an outer CPU-time watchdog (SIGVTALRM) catches a case that
escapes it.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import logging
import random
import re
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType

from hytedocs.errors import HytedocsError
from hytedocs.pipeline import parse
from hytedocs.settings import Settings

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
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


class CaseHang(Exception):
    """Raised by the outer alarm: the parser's own limits did not stop the case."""


def mutate(data: bytes, other: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(7)
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
        else:  # insert a PDF token
            out[a:a] = rng.choice(TOKENS)
    return bytes(out)


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
    findings: dict[str, tuple[str, bytes]] = {}
    signal.signal(signal.SIGVTALRM, _ring)
    start = time.monotonic()
    cases = 0
    slowest = 0.0
    slowest_case = b""
    while time.monotonic() - start < seconds:
        name, data = rng.choice(corpus)
        case = mutate(data, rng.choice(corpus)[1], rng)
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
    print(f"cases: {cases} in {elapsed:.0f} s = {cases / elapsed:.1f} cases/s "
          f"(backend {backend}, seed {seed}, slowest case {slowest:.2f} s)")
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
    args = ap.parse_args()
    sys.exit(run(args.seconds, args.seed, args.case_seconds, args.out, args.backend))


if __name__ == "__main__":
    main()
