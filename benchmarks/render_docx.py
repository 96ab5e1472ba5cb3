"""Render a digest and a theme report to PDF (LibreOffice headless) and PNG (pdftoppm), and time
the report against the parse.

    python benchmarks/render_docx.py                      # Lapua welfare committee, out/preview/
    python benchmarks/render_docx.py --install            # apt-get install LibreOffice first
    python benchmarks/render_docx.py --template kunta.docx --lang sv
    python benchmarks/render_docx.py --no-render          # timing only

The timing answers "does writing the report cost at most 10 % of parsing the files?": the
files are parsed once (timed), then the report is written from the parsed minutes (timed,
including the first import of python-docx and matplotlib). Look at the PNG pages afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = sorted((ROOT / "fixtures" / "real").glob(
    "lapua_hyvinvointilautakunta_*_poytakirja.pdf"))
LO_PACKAGES = ("libreoffice-writer-nogui", "libreoffice-writer")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def install_libreoffice() -> None:
    """apt-get install the headless Writer (falls back to the full one on older releases)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update"], check=True, env=env)
    for package in LO_PACKAGES:
        done = subprocess.run([*sudo, "apt-get", "install", "-y", "--no-install-recommends",
                               package], env=env)
        if done.returncode == 0:
            return
    sys.exit("could not install LibreOffice with apt-get")


def to_pdf(docx_files: list[Path], out: Path) -> list[Path]:
    exe = soffice()
    if exe is None:
        sys.exit("LibreOffice is not installed; run again with --install")
    with tempfile.TemporaryDirectory() as profile:
        # A private profile: a LibreOffice already open elsewhere would swallow the job.
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=600)
    pdfs = [out / (f.stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        sys.exit(f"LibreOffice did not write {', '.join(map(str, missing))}")
    return pdfs


def to_png(pdf: Path, out: Path, dpi: int) -> list[Path]:
    prefix = out / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(out.glob(pdf.stem + "-*.png"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="PDFs for the report (default: the "
                    "Lapua welfare-committee year in fixtures/real)")
    ap.add_argument("--digest", type=Path, help="PDF for the digest (default: the first file)")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "preview")
    ap.add_argument("--template", type=Path)
    ap.add_argument("--lang", default="fi", choices=("fi", "sv", "en"))
    ap.add_argument("--dpi", type=int, default=70)
    ap.add_argument("--install", action="store_true", help="apt-get install LibreOffice")
    ap.add_argument("--no-render", action="store_true", help="only write and time the .docx")
    args = ap.parse_args()

    if args.install and soffice() is None:
        install_libreoffice()
    files: list[Path] = args.files or DEFAULT_FILES
    if not files:
        sys.exit("no PDFs given and none found in fixtures/real")
    args.out.mkdir(parents=True, exist_ok=True)

    from hytedocs import parse

    t0 = time.perf_counter()
    parsed = [parse(f) for f in files]
    t_parse = time.perf_counter() - t0

    t0 = time.perf_counter()
    from hytedocs.writers import write_digest, write_theme_report

    report = args.out / "report.docx"
    write_theme_report(parsed, report, template=args.template, lang=args.lang)
    t_report = time.perf_counter() - t0

    digest_minutes = parse(args.digest) if args.digest else parsed[0]
    digest = args.out / "digest.docx"
    write_digest(digest_minutes, digest, template=args.template, lang=args.lang)

    n_sections = sum(len(m.sections) for m in parsed)
    print(f"parse : {len(files)} files, {n_sections} §, {t_parse:.2f} s")
    print(f"report: {t_report:.2f} s = {100 * t_report / t_parse:.1f} % of the parse time "
          f"(target <= 10 %)")
    print(f"wrote {digest} and {report}")
    if args.no_render:
        return
    for pdf in to_pdf([digest, report], args.out):
        pages = to_png(pdf, args.out, args.dpi)
        print(f"{pdf}: {len(pages)} pages -> {pages[0].parent}/{pdf.stem}-*.png")


if __name__ == "__main__":
    main()
