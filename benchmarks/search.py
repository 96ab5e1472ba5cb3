"""Base-form search against a dictionary oracle, its speed, and what the second index costs.

Usage::

    hytedocs batch /work/shared/corpus/real --out /tmp/corpus18.sqlite
    python benchmarks/search.py --db /tmp/corpus18.sqlite [--split tuning|test|both]
        [--show-errors] [--before OLD.sqlite]

The queries are ``benchmarks/data/search_queries.json``: base forms, Finnish and Swedish, split
into a tuning and a test half (by their SHA-1, before anything was tuned). For each query the
oracle reads every § of the archive from its stored JSON (the title, every field, the labels of
the themes it is about), splits it into words and keeps the §s where some word has the query
among its base forms: Voikko's base forms and those of its compound parts for a Finnish
document, the lookup lemma for a Swedish one. It is written here apart from the index
(``store/search.py``), from libvoikko's own analyses. ``recall@all`` is the share of the
oracle's §s that the search returns with no limit; ``precision`` the share of returned §s the
oracle holds; both are summed over the queries of a language and half. ``--show-errors`` lists
the misses and extras of the tuning half only.

Speed: every query of the set, run five times on a warm process, median and slowest, and the
same query as printed on the schema-3 index alone (``--before``) for the ratio. Size: the
archive as it is against a copy whose base-form columns are empty, both vacuumed, and
against ``--before`` (schema 3, printed title/proposal/decision/preparation only).
``--before`` also runs a list of printed queries on the old index and checks that the new
search still finds every § the old one found.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hytedocs.models import Section, ThemeRole  # noqa: E402
from hytedocs.nlp import engine, lemmas  # noqa: E402
from hytedocs.store import search as fts  # noqa: E402
from hytedocs.store.archive import Archive  # noqa: E402

QUERIES = ROOT / "benchmarks" / "data" / "search_queries.json"
# Letters and digits, as a reader splits words ("Kirjastotoimi_2024" is two).
WORD = re.compile(r"[^\W_]+")
# Printed queries for the old-versus-new check: words, forms, a phrase, an exclusion, a prefix.
PRINTED = (
    "koulujen", "koulu", "liikuntapaikkojen", "yksinäisyyden", "yksinäisyys", "lautakunta",
    "päätös", "kaupunginhallitus", "hyväksyy", "talousarvio", "avustus", "nuorten", "lasten",
    "valtuusto", "kokous", "hyvinvointi", "terveyden", "skolans", "skola", "beslut", "nämnden",
    "barn", "hyväksyi*", '"talousarvion toteutuminen"', "talousarvio -tilinpäätös",
    "kaupunginhallitus OR kaupunginvaltuusto", "sote-alue", "Lapuan", "2025", "liikunta",
)


def _oracle_keys_fi(word: str, cache: dict[str, set[str]]) -> set[str]:
    """Voikko's base forms of a word and of the parts its STRUCTURE marks."""
    if word in cache:
        return cache[word]
    keys: set[str] = set()
    for a in engine.voikko().analyze(word):
        keys.add(a.get("BASEFORM", "").lower())
        structure = a.get("STRUCTURE", "")
        parts, current, i = [], "", 0
        for mark in structure:
            if mark == "=":
                if current:
                    parts.append(current)
                current = ""
            elif i < len(word):
                current += word[i]
                i += 1
        if current:
            parts.append(current)
        if len(parts) > 1:
            for part in parts:
                for b in engine.voikko().analyze(part.strip("-")):
                    keys.add(b.get("BASEFORM", "").lower())
    cache[word] = keys
    return keys


def _section_words(sec: Section) -> set[str]:
    texts = [sec.title or ""] + [f.block.text for f in sec.fields]
    for block in (sec.proposal, sec.decision, sec.preparation):
        if block is not None:
            texts.append(block.text)
    texts += [t.label for t in sec.themes if t.role == ThemeRole.primary]
    return {w.lower() for t in texts for w in WORD.findall(t)}


def oracle(db: Path) -> dict[tuple[str, int], set[str]]:
    """Every § (sha256, position) with the set of base forms its words have."""
    out: dict[tuple[str, int], set[str]] = {}
    cache: dict[str, set[str]] = {}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT d.sha256, s.position, d.language, s.json FROM sections s "
        "JOIN documents d ON d.id = s.document_id").fetchall()
    table = lemmas._swedish_table()
    for sha, position, language, text in rows:
        words = _section_words(Section.model_validate_json(text))
        # A word as printed is always a hit for itself.
        keys: set[str] = set(words)
        for w in words:
            if language == "sv":
                keys.add(table.get(w, w))
            else:
                keys |= _oracle_keys_fi(w, cache)
        out[(sha, position)] = keys
    return out


def _found(arc: Archive, query: str) -> set[tuple[str, int]]:
    hits = arc.search(query, limit=100_000)
    positions: dict[tuple[str, int | None], list[int]] = {}
    for sha, position, number in arc._conn.execute(
            "SELECT d.sha256, s.position, s.number FROM sections s "
            "JOIN documents d ON d.id = s.document_id"):
        positions.setdefault((sha, number), []).append(position)
    out: set[tuple[str, int]] = set()
    for h in hits:
        # A (document, number) pair is unique but for unnumbered §s; take the § itself then.
        candidates = positions[(h.sha256, h.number)]
        out.update((h.sha256, p) for p in candidates
                   if len(candidates) == 1 or _same(arc, h.sha256, p, h.section))
    return out


def _same(arc: Archive, sha: str, position: int, sec: Section) -> bool:
    (text,) = arc._conn.execute(
        "SELECT s.json FROM sections s JOIN documents d ON d.id = s.document_id "
        "WHERE d.sha256 = ? AND s.position = ?", (sha, position)).fetchone()
    return bool(Section.model_validate_json(text) == sec)


def quality(arc: Archive, db: Path, split: str, show_errors: bool) -> None:
    data = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    truth = oracle(db)
    names = {(sha, pos): f"{Path(f).stem} § {n}" for sha, pos, f, n in arc._conn.execute(
        "SELECT d.sha256, s.position, d.file, s.number FROM sections s "
        "JOIN documents d ON d.id = s.document_id")}
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row in data:
        if split != "both" and row["half"] != split:
            continue
        q = row["query"]
        want = {k for k, keys in truth.items() if q in keys}
        got = _found(arc, q)
        s = sums[(row["language"], row["half"])]
        s[0] += len(want & got)
        s[1] += len(want)
        s[2] += len(got)
        s[3] += 1
        s[4] += int(want == got)
        if show_errors and row["half"] == "tuning" and want != got:
            print(f"  {q}: missed {sorted(names[k] for k in want - got)[:8]} "
                  f"extra {sorted(names[k] for k in got - want)[:8]}")
    print(f"{'language':8} {'half':7} {'queries':>7} {'exact':>5} {'oracle §s':>9} "
          f"{'found':>6} {'recall@all':>10} {'precision':>9}")
    for (language, half), (hit, want_n, got_n, n, exact) in sorted(sums.items()):
        recall = hit / want_n if want_n else 1.0
        precision = hit / got_n if got_n else 1.0
        print(f"{language:8} {half:7} {n:7} {exact:5} {want_n:9} {got_n:6} {recall:10.3f} "
              f"{precision:9.3f}")


def speed(arc: Archive, before: Path | None) -> None:
    queries = [r["query"] for r in json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]]
    lemmas._swedish_table.cache_clear()
    lemmas._swedish_lemmas.cache_clear()
    start = time.perf_counter()
    arc.search(queries[0])
    first = time.perf_counter() - start
    times: list[float] = []
    for q in queries:
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            arc.search(q)
            runs.append(time.perf_counter() - t)
        times.append(statistics.median(runs))
    times.sort()
    print(f"query latency over {len(queries)} queries (limit 20, warm): median "
          f"{1000 * statistics.median(times):.1f} ms, slowest {1000 * times[-1]:.1f} ms; "
          f"first query of the process {1000 * first:.0f} ms (loads the Swedish table)")
    if before is not None:
        old = sqlite3.connect(f"file:{before}?mode=ro", uri=True)
        old_times = []
        for q in queries:
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                old.execute(
                    "SELECT s.json, bm25(sections_fts), snippet(sections_fts, -1, '«', '»', "
                    "'…', 16) FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid "
                    "WHERE sections_fts MATCH ? ORDER BY 2 LIMIT 20", (q,)).fetchall()
                runs.append(time.perf_counter() - t)
            old_times.append(statistics.median(runs))
        print(f"  the same queries as printed on the schema-3 index: median "
              f"{1000 * statistics.median(old_times):.2f} ms; ratio of medians "
              f"{statistics.median(times) / statistics.median(old_times):.1f}")


def size(db: Path, before: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.sqlite"
        printed = Path(tmp) / "printed.sqlite"
        src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        src.execute("VACUUM INTO ?", (str(full),))
        shutil.copy(full, printed)
        conn = sqlite3.connect(printed)
        conn.execute("UPDATE sections_fts SET " + ", ".join(f"{c} = NULL" for c in fts.BASE))
        conn.execute("INSERT INTO sections_fts (sections_fts) VALUES ('optimize')")
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        a, b = full.stat().st_size, printed.stat().st_size
        print(f"archive {a / 1e6:.2f} MB; without the base-form columns {b / 1e6:.2f} MB: "
              f"the second index adds {100 * (a / b - 1):.1f}%")
        if before is not None:
            old = Path(tmp) / "old.sqlite"
            sqlite3.connect(f"file:{before}?mode=ro", uri=True).execute(
                "VACUUM INTO ?", (str(old),))
            c = old.stat().st_size
            print(f"  schema 3 (printed title, proposal, decision, preparation) {c / 1e6:.2f} MB:"
                  f" the whole-§ index adds {100 * (b / c - 1):.1f}%, both indexes "
                  f"{100 * (a / c - 1):.1f}%")


def printed_kept(arc: Archive, before: Path) -> None:
    old = sqlite3.connect(f"file:{before}?mode=ro", uri=True)
    where = {rid: (sha, pos) for rid, sha, pos in old.execute(
        "SELECT s.id, d.sha256, s.position FROM sections s "
        "JOIN documents d ON d.id = s.document_id")}
    lost_total = 0
    more = 0
    for q in PRINTED:
        try:
            rows = old.execute("SELECT rowid FROM sections_fts WHERE sections_fts MATCH ?",
                               (q,)).fetchall()
        except sqlite3.OperationalError:
            plain = " ".join('"' + w.replace('"', '""') + '"' for w in q.split())
            rows = old.execute("SELECT rowid FROM sections_fts WHERE sections_fts MATCH ?",
                               (plain,)).fetchall()
        was = {where[r] for (r,) in rows}
        now = _found(arc, q)
        lost = was - now
        lost_total += len(lost)
        more += now > was
        if lost:
            print(f"  {q}: {len(lost)} § no longer found")
    print(f"printed queries: {len(PRINTED)}, §s found before and not now: {lost_total}; "
          f"{more} queries find more")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="A schema-4 archive.")
    ap.add_argument("--before", type=Path, help="The same corpus in a schema-3 archive.")
    ap.add_argument("--split", choices=("tuning", "test", "both"), default="both")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    with Archive(args.db, readonly=True) as arc:
        quality(arc, args.db, args.split, args.show_errors)
        speed(arc, args.before)
        size(args.db, args.before)
        if args.before is not None:
            printed_kept(arc, args.before)


if __name__ == "__main__":
    main()
