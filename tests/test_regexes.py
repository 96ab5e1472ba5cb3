"""No regular expression hytedocs runs on text takes super-linear time on a long token.

A preparer field holding one 40,000-letter word once made the e-mail pattern quadratic (7.3 s
a word). Every pattern is collected: the compiled ones of every module (in containers too),
and the ones written inline, recorded while real fixtures are parsed with the language models.
Each is then run over 100,000-character tokens of the kinds that make patterns backtrack
(letters, digits, and the punctuation found inside words), and over tokens a quarter as long,
in a child process with a timeout, because a catastrophic pattern cannot be interrupted. A
linear pattern takes four times as long on the long tokens; a quadratic one sixteen times.
"""

from __future__ import annotations

import json
import pickle
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .hostile import child_env

# A pattern that has not finished all the tokens in this long is catastrophic.
SECONDS_PER_PATTERN = 30.0
# Time on the long tokens over time on the short ones: 4 for a linear pattern, 16 for a
# quadratic one; the limit leaves room for a loaded machine. Below MEASURABLE seconds the
# ratio is noise.
MAX_GROWTH = 10.0
MEASURABLE = 1.0
# How long the child may take to collect the patterns (it parses three fixtures with NLP).
COLLECT_SECONDS = 240.0
TOKEN_LENGTH = 100_000

COLLECT = r'''
import importlib, os, pickle, pkgutil, re, sys
import hytedocs

found = {}
package = os.path.dirname(hytedocs.__file__)
original = re._compile

def recording(pattern, flags):
    compiled = original(pattern, flags)
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(os.path.dirname(re.__file__)):
        frame = frame.f_back
    if frame is not None and frame.f_code.co_filename.startswith(package):
        where = os.path.relpath(frame.f_code.co_filename, package) + ":" + str(frame.f_lineno)
        found.setdefault((compiled.pattern, compiled.flags), where)
    return compiled

re._compile = recording
for info in pkgutil.walk_packages(hytedocs.__path__, "hytedocs."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
from hytedocs.settings import Settings
for pdf in sys.argv[2:]:
    hytedocs.parse(pdf, settings=Settings(nlp=True))
re._compile = original
for name, module in list(sys.modules.items()):
    if not name.startswith("hytedocs"):
        continue
    stack = [(name + "." + k, v) for k, v in vars(module).items()]
    while stack:
        where, value = stack.pop()
        if isinstance(value, re.Pattern):
            found.setdefault((value.pattern, value.flags), where)
        elif isinstance(value, dict) and len(value) < 1000:
            stack += [(f"{where}[{k!r}]", v) for k, v in value.items()]
        elif isinstance(value, (list, tuple, frozenset, set)) and len(value) < 1000:
            stack += [(f"{where}[]", v) for v in value]
with open(sys.argv[1], "wb") as fh:
    pickle.dump(sorted(found.items(), key=lambda kv: kv[1]), fh)
'''

RUN = r'''
import pickle, re, sys, time
patterns = pickle.load(open(sys.argv[1], "rb"))
start, n = int(sys.argv[2]), int(sys.argv[3])
units = ["a", "A", "ä", "1", "aA", "a1", "a.", "1.", "a-", "a,", "1,", "a:", "a/", "1/", "a@",
         "§", "a§"]
def run(compiled, length):
    began = time.perf_counter()
    for unit in units:
        token = unit * (length // len(unit))
        subject = token.encode("utf-8") if isinstance(compiled.pattern, bytes) else token
        for _ in compiled.finditer(subject):
            pass
    return time.perf_counter() - began
for index in range(start, len(patterns)):
    (pattern, flags), where = patterns[index]
    compiled = re.compile(pattern, flags)
    print("start", index, flush=True)
    short, full = run(compiled, n // 4), run(compiled, n)
    for _ in range(2):  # a loaded machine stalls a run now and then: the best of three
        if full <= {measurable} or full <= {growth} * short:
            break
        short, full = min(short, run(compiled, n // 4)), min(full, run(compiled, n))
    print("done", index, full, short, flush=True)
'''


RUN = RUN.replace("{measurable}", str(MEASURABLE)).replace("{growth}", str(MAX_GROWTH))


def _run_patterns(patterns_file: Path, count: int) -> dict[int, tuple[float, float] | None]:
    """(seconds on the long tokens, on the short ones) per pattern, None for one that did not
    end within the limit (its child is killed and a new one goes on with the next)."""
    times: dict[int, tuple[float, float] | None] = {}
    start = 0
    while start < count:
        proc = subprocess.Popen(
            [sys.executable, "-c", RUN, str(patterns_file), str(start), str(TOKEN_LENGTH)],
            stdout=subprocess.PIPE, text=True, env=child_env())
        assert proc.stdout is not None
        current = start
        try:
            while True:
                ready, _, _ = select.select([proc.stdout], [], [], SECONDS_PER_PATTERN)
                if not ready:
                    times[current] = None  # still inside one pattern: catastrophic
                    start = current + 1
                    break
                line = proc.stdout.readline()
                if not line:
                    start = count
                    break
                kind, index, *rest = line.split()
                current = int(index)
                if kind == "done":
                    times[current] = (float(rest[0]), float(rest[1]))
        finally:
            proc.kill()
            proc.wait()
    return times


@pytest.mark.slow
def test_every_pattern_is_linear_on_a_long_token(tmp_path: Path) -> None:
    from .conftest import REAL, RENDERED, VANTAA

    patterns_file = tmp_path / "patterns.pickle"
    fixtures = [RENDERED / "heinola_hyvinvointilautakunta_2023-11-21.pdf", VANTAA,
                REAL / "nykarleby_ungdomsfullmaktige_2023-05-09_protokoll.pdf"]
    began = time.monotonic()
    subprocess.run([sys.executable, "-c", COLLECT, str(patterns_file), *map(str, fixtures)],
                   check=True, env=child_env(), timeout=COLLECT_SECONDS)
    with patterns_file.open("rb") as fh:
        patterns = pickle.load(fh)
    # The collection reaches the inline patterns of the stages (people.py writes its own)
    # and the compiled ones of every module.
    sources = {where.split(":")[0] for _, where in patterns}
    assert {"structure/people.py", "structure/fields.py", "patterns.py", "nlp/sentences.py",
            "pdf/objects.py"} <= sources, sorted(sources)
    assert len(patterns) > 150, len(patterns)
    times = _run_patterns(patterns_file, len(patterns))
    slow = {patterns[i][1]: (patterns[i][0][0], t) for i, t in times.items()
            if t is None or (t[0] > MEASURABLE and t[0] > MAX_GROWTH * t[1])}
    assert not slow, json.dumps({k: [str(p)[:120], t] for k, (p, t) in slow.items()}, indent=1)
    assert len(times) == len(patterns)
    print(f"{len(patterns)} patterns in {time.monotonic() - began:.0f} s")
