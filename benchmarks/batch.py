"""Batch benchmark: speed-up from 2 workers, peak memory per worker, resume after SIGKILL, a
mixed good/broken folder, and the Dask engine against the local one.

    .venv/bin/python benchmarks/batch.py [--corpus ../shared/corpus/real] [--no-themes]
                                         [--no-dask] [--json results.json]

Every batch runs as `python -m hytedocs batch ...` in a child process, so that the figures are
those of the CLI. A sampler polls the process tree every 0.1 s (psutil) for the peak RSS of each
worker and the CPU time the batch used; the machine's load average is printed with each run,
because a shared machine can hide any speed-up. With the kernel's autogroup scheduling on
(/proc/sys/kernel/sched_autogroup_enabled), all processes of one terminal session share one
CPU share: while other sessions keep the cores busy, 2 workers get no more CPU than 1, and
"cores used" (the batch's CPU seconds per wall second) shows it. The package is copied at the
start and every run uses the copy, so archives made minutes apart are comparable even while
the source tree changes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from hytedocs.store.archive import Archive
from hytedocs.store.inputs import file_sha256

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
SAMPLE_SECONDS = 0.1
MB = 1024 * 1024


@dataclass
class Run:
    name: str
    workers: int
    nlp: bool
    seconds: float = 0.0
    pages: int = 0
    documents: int = 0
    failures: int = 0
    exit_code: int | None = None
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    parent_peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0
    load_before: float = 0.0
    load_after: float = 0.0
    machine_busy_percent: float = 0.0

    @property
    def cores_used(self) -> float:
        """CPU seconds of the batch's processes per wall second: 2.0 is two full cores."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


class Sampler(threading.Thread):
    """Peak RSS per process and the CPU time of a process tree, sampled until stopped."""

    def __init__(self, root: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak: dict[int, float] = {}
        self.cmd: dict[int, str] = {}
        self.cpu: dict[int, float] = {}
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    with p.oneshot():
                        rss = p.memory_info().rss / MB
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system
                        if p.pid not in self.cmd:
                            self.cmd[p.pid] = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                self.peak[p.pid] = max(self.peak.get(p.pid, 0.0), rss)
            time.sleep(SAMPLE_SECONDS)

    def workers(self) -> list[float]:
        # Pool workers are the spawned children; the resource tracker is not one.
        return sorted(
            (rss for pid, rss in self.peak.items()
             if pid != self.root.pid and "resource_tracker" not in self.cmd.get(pid, "")),
            reverse=True,
        )


# The package is copied once at the start and every batch runs that copy, so that a change
# to the source tree during the benchmark cannot make two archives differ.
_ENV: dict[str, str] = dict(os.environ)


def freeze_code(work: Path) -> None:
    code = work / "code"
    shutil.copytree(ROOT / "src" / "hytedocs", code / "hytedocs",
                    ignore=shutil.ignore_patterns("__pycache__"))
    _ENV["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(code), os.environ.get("PYTHONPATH")) if p
    )


def batch_cmd(inputs: list[Path], out: Path, workers: int, nlp: bool,
              extra: list[str] | None = None) -> list[str]:
    return [
        sys.executable, "-m", "hytedocs", "batch", *map(str, inputs), "--out", str(out),
        "--workers", str(workers), "--nlp" if nlp else "--no-nlp", "--quiet", *(extra or []),
    ]


def run_batch(name: str, inputs: list[Path], out: Path, workers: int, nlp: bool,
              extra: list[str] | None = None) -> Run:
    run = Run(name=name, workers=workers, nlp=nlp, load_before=os.getloadavg()[0])
    psutil.cpu_percent()  # starts the machine-wide busy counter
    started = time.perf_counter()
    proc = subprocess.Popen(batch_cmd(inputs, out, workers, nlp, extra), env=_ENV)
    sampler = Sampler(psutil.Process(proc.pid))
    sampler.start()
    run.exit_code = proc.wait()
    run.seconds = time.perf_counter() - started
    sampler.halt.set()
    sampler.join()
    run.load_after = os.getloadavg()[0]
    run.machine_busy_percent = psutil.cpu_percent()
    run.worker_peak_rss_mb = [round(x, 1) for x in sampler.workers()]
    run.parent_peak_rss_mb = round(sampler.peak.get(proc.pid, 0.0), 1)
    run.cpu_seconds = round(sum(sampler.cpu.values()), 1)
    with Archive(out) as arc:
        counts = arc.counts()
        run.documents, run.failures = counts["documents"], counts["failures"]
        run.pages = sum(m.source.pages for m in arc.documents())
    print(
        f"{name:<22} {workers}w nlp={'on ' if nlp else 'off'} {run.seconds:7.1f} s "
        f"{run.pages:4d} pages {run.pages_per_second:6.1f} pages/s  docs {run.documents} "
        f"failures {run.failures}  cpu {run.cpu_seconds:.0f} s ({run.cores_used:.2f} cores)  "
        f"worker peak RSS {run.worker_peak_rss_mb} MB  load {run.load_before:.1f}->"
        f"{run.load_after:.1f}, machine {run.machine_busy_percent:.0f}% busy",
        flush=True,
    )
    return run


def broken_folder(base: Path, corpus: Path) -> Path:
    """Three files that are not minutes PDFs: text named .pdf, truncated, empty."""
    folder = base / "broken"
    folder.mkdir()
    (folder / "not_a_pdf.pdf").write_text("Pöytäkirja\n", encoding="utf-8")
    first = sorted(corpus.glob("*.pdf"))[0]
    (folder / "truncated.pdf").write_bytes(first.read_bytes()[:30_000])
    (folder / "empty.pdf").write_bytes(b"")
    return folder


def documents_in(path: Path) -> int:
    # A read-only peek while the batch writes (WAL lets readers in).
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def kill_at(inputs: list[Path], out: Path, workers: int, at: int) -> dict[str, Any]:
    """Start a batch and SIGKILL it once ``at`` documents are stored."""
    proc = subprocess.Popen(batch_cmd(inputs, out, workers, nlp=False), env=_ENV)
    parent = psutil.Process(proc.pid)
    children: list[psutil.Process] = []
    while proc.poll() is None and documents_in(out) < at:
        with contextlib.suppress(psutil.Error):
            children = parent.children(recursive=True) or children
        time.sleep(0.05)
    stored = documents_in(out)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The workers lose their parent; they should notice and exit on their own.
    time.sleep(3)
    orphans = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    for c in orphans:
        c.kill()
    with sqlite3.connect(out) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    return {"killed_after_documents": stored, "orphans_left": len(orphans),
            "integrity": integrity}


def consistent(arc: Archive) -> bool:
    """Every table holds exactly the rows the stored JSON implies: nothing duplicated."""
    docs = list(arc.documents())
    counts = arc.counts()
    sections = [s for m in docs for s in m.sections]
    return (counts["documents"] == counts["meetings"] == len(docs)
            and counts["sections"] == counts["sections_fts"] == len(sections)
            and counts["fields"] == sum(len(s.fields) for s in sections)
            and counts["participants"] == sum(len(m.meeting.participants) for m in docs)
            and counts["votes"] == sum(len(s.votes) for s in sections)
            and counts["themes"] == sum(len(m.themes) for m in docs)
            + sum(len(s.themes) for s in sections))


def compare(a: Path, b: Path) -> dict[str, Any]:
    """Same documents (by sha256), same failures, no duplicated rows, identical JSON."""
    with Archive(a) as x, Archive(b) as y:
        sx, sy = x.snapshot(), y.snapshot()
        differ = sorted(
            Path(json.loads(sx["documents"][sha])["source"]["file"]).name
            for sha in sx["documents"].keys() & sy["documents"].keys()
            if sx["documents"][sha] != sy["documents"][sha]
        )
        return {
            "same_documents": sx["documents"].keys() == sy["documents"].keys(),
            "same_failures": sx["failures"] == sy["failures"],
            "same_counts": sx["counts"] == sy["counts"],
            "no_duplicates": consistent(x) and consistent(y),
            "identical_json": len(sx["documents"]) - len(differ),
            "differing_json": differ,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-themes", action="store_true", help="Skip the runs with themes.")
    parser.add_argument("--no-dask", action="store_true", help="Skip the Dask engine run.")
    parser.add_argument("--no-speed", action="store_true",
                        help="Skip the 1- and 2-worker speed runs (and the search check).")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    corpus: Path = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="hytedocs-bench-"))
    results: dict[str, Any] = {"cpus": psutil.cpu_count(), "runs": []}
    autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
    print(f"corpus {corpus} ({len(list(corpus.glob('*.pdf')))} PDFs), {psutil.cpu_count()} CPUs,"
          f" load {os.getloadavg()}, autogroup "
          f"{autogroup.read_text().strip() if autogroup.exists() else 'n/a'}", flush=True)
    freeze_code(work)
    try:
        runs: dict[str, Run] = {}
        modes = [] if args.no_speed else [False] if args.no_themes else [False, True]
        for nlp in modes:
            for workers in (1, 2):
                name = f"{'themes' if nlp else 'structure'}-{workers}w"
                runs[name] = run_batch(name, [corpus], work / f"{name}.sqlite", workers, nlp)
        for nlp in modes:
            kind = "themes" if nlp else "structure"
            one, two = runs[f"{kind}-1w"], runs[f"{kind}-2w"]
            results[f"speedup_{kind}"] = round(one.seconds / two.seconds, 2)
            # On a shared machine the wall clock measures the neighbours as much as the batch;
            # cores used shows how much CPU each run actually got.
            print(f"speed-up with 2 workers, {kind}: {one.seconds / two.seconds:.2f}x "
                  f"(cores used {one.cores_used:.2f} -> {two.cores_used:.2f}; CPU per page "
                  f"{one.cpu_seconds / max(one.pages, 1):.3f} -> "
                  f"{two.cpu_seconds / max(two.pages, 1):.3f} s)", flush=True)
        results["runs"] = [{**asdict(r), "pages_per_second": round(r.pages_per_second, 2),
                            "cores_used": round(r.cores_used, 2)} for r in runs.values()]

        # A mixed folder: every good document in the archive, every broken file in failures.
        inputs = [corpus, broken_folder(work, corpus)]
        reference = work / "mixed.sqlite"
        mixed = run_batch("mixed-2w", inputs, reference, 2, nlp=False)
        with Archive(reference) as arc:
            good = {file_sha256(p) for p in corpus.glob("*.pdf")}
            stored = arc.known_hashes()
            failed = {Path(f.file).name: f.code for f in arc.failures()}
        results["mixed"] = {
            "exit_code": mixed.exit_code, "good_stored": len(good & stored),
            "good_total": len(good), "failures": failed,
        }
        print(f"mixed folder: {len(good & stored)}/{len(good)} good documents stored, "
              f"failures {failed}, exit code {mixed.exit_code}", flush=True)

        # Kill the batch with SIGKILL three times at different points, then let it finish.
        resumed = work / "resumed.sqlite"
        total = len(good)
        kills = [kill_at(inputs, resumed, 2, at=max(1, total * k // 4)) for k in (1, 2, 3)]
        final = run_batch("resume-final-2w", inputs, resumed, 2, nlp=False)
        results["resume"] = {"kills": kills, "final_exit_code": final.exit_code,
                             "versus_uninterrupted": compare(resumed, reference)}
        with Archive(resumed) as arc:
            results["resume"]["counts"] = arc.counts()
        print(f"resume: kills {kills}; final archive versus the uninterrupted one: "
              f"{results['resume']['versus_uninterrupted']}", flush=True)

        if not args.no_dask:
            dask_out = work / "dask.sqlite"
            dask = run_batch("dask-2w", inputs, dask_out, 2, nlp=False,
                             extra=["--engine", "dask"])
            results["dask"] = {"seconds": round(dask.seconds, 1),
                               "versus_local": compare(dask_out, reference)}
            print(f"dask engine versus the local engine: {results['dask']['versus_local']}",
                  flush=True)

        if modes and not args.no_themes:
            with Archive(work / "themes-2w.sqlite") as arc:
                hits = arc.search("yksinäisyys", body="hyvinvointilautakunta", limit=50)
            results["search_yksinaisyys"] = [
                {"date": str(h.date), "number": h.number, "title": h.title} for h in hits
            ]
            print(f"search 'yksinäisyys' in Hyvinvointilautakunta: {len(hits)} §s", flush=True)
            for h in hits:
                print(f"  {h.date} § {h.number} {h.title}  | {h.snippet[:90]}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
