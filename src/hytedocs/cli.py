"""The command line: a thin layer over the library.

Every command prints one line to stderr and exits with the error's documented code when a
file cannot be parsed (see ``hytedocs --help``); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import ALL_ERRORS, HytedocsError

EXIT_CODES_HELP = "Exit codes: 0 ok, 1 other error, 2 usage, " + ", ".join(
    f"{e.exit_code} {e.__name__}" for e in ALL_ERRORS
) + "."

app = typer.Typer(
    name="hytedocs",
    help="Turn Finnish and Swedish municipal minutes (PDF) into data.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    _state["debug"] = debug


def fail(exc: BaseException) -> typer.Exit:
    """Print one line for an error and give the exit to raise (codes: ``hytedocs --help``)."""
    if _state["debug"]:
        raise exc
    # One line even when a library put line breaks into its message.
    if isinstance(exc, HytedocsError):
        typer.echo(f"error: {' '.join(str(exc).splitlines())}", err=True)
        return typer.Exit(exc.exit_code)
    typer.echo(f"error: {type(exc).__name__}: {' '.join(str(exc).splitlines())}", err=True)
    return typer.Exit(1)


@app.command("parse", epilog=EXIT_CODES_HELP)
def parse_cmd(
    file: Annotated[Path, typer.Argument(help="A minutes or agenda PDF.", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the JSON here instead of stdout.")
    ] = None,
    compact: Annotated[bool, typer.Option("--compact", help="One-line JSON.")] = False,
    nlp: Annotated[
        bool, typer.Option("--nlp/--no-nlp", help="Tag HYTE themes, entities and summaries.")
    ] = True,
    backend: Annotated[
        str, typer.Option("--backend", help="Text source: pdfplumber (default) or pdfium (fast).")
    ] = "pdfplumber",
    password: Annotated[
        str | None, typer.Option("--password", help="Password of an encrypted PDF.")
    ] = None,
    ocr: Annotated[
        bool, typer.Option("--ocr", help="OCR pages without a text layer (needs tesseract: "
                           "the ocr extra).")
    ] = False,
    ocr_garbled: Annotated[
        bool, typer.Option("--ocr-garbled", help="Also OCR pages whose text layer is garbled "
                           "(implies --ocr).")
    ] = False,
    repair_fonts: Annotated[
        bool, typer.Option("--repair-fonts/--no-repair-fonts",
                           help="Re-read, from their shapes, glyphs whose font subsets map "
                           "them to different letters (needs tesseract; readings cached in "
                           "~/.cache/hytedocs or $HYTEDOCS_CACHE_DIR).")
    ] = True,
    max_seconds: Annotated[
        float | None, typer.Option("--max-seconds", help="Give up on the file after this long.",
                                   min=0.001)
    ] = None,
    isolate: Annotated[
        bool, typer.Option("--isolate", help="Parse in a child process with the time and "
                           "memory limits enforced (for untrusted files); the child dies with "
                           "this process.")
    ] = False,
    max_memory_mb: Annotated[
        int | None, typer.Option("--max-memory-mb", min=64, help="Memory cap of the --isolate "
                                 "child (default 1024, or 1536 with --nlp).")
    ] = None,
    force_minutes: Annotated[
        bool, typer.Option("--force-minutes", help="Parse a document that has no municipal "
                           "vocabulary, or is an XFA form, instead of refusing it (exit 9).")
    ] = False,
) -> None:
    """Parse FILE and write its JSON (schema: `hytedocs schema`)."""
    from pydantic import ValidationError

    from .settings import Settings

    if backend not in ("pdfplumber", "pdfium"):
        raise typer.BadParameter("choose pdfplumber or pdfium", param_hint="--backend")
    given: dict[str, float | int] = {"max_seconds": max_seconds} if max_seconds else {}
    if max_memory_mb is not None:
        given.update(max_memory_mb=max_memory_mb, max_memory_nlp_mb=max_memory_mb)
    try:
        cfg = Settings(nlp=nlp, backend=backend, password=password,
                       ocr=ocr or ocr_garbled, ocr_garbled=ocr_garbled,
                       repair_fonts=repair_fonts, require_minutes=not force_minutes,
                       **given)
    except ValidationError as exc:
        raise typer.BadParameter(str(exc)) from None
    try:
        if isolate:
            from .store.guard import parse_guarded

            minutes = parse_guarded(file, cfg)
        else:
            from .pipeline import parse

            minutes = parse(file, settings=cfg)
    except Exception as exc:  # the CLI reports every failure in one line
        raise fail(exc) from None
    text = minutes.model_dump_json(indent=None if compact else 2)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out} ({len(minutes.sections)} §, {len(minutes.warnings)} warnings)",
                   err=True)


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the parse result."""
    from .models import schema

    sys.stdout.write(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n")


# --- themes command (themes issue) ---


@app.command("themes")
def themes_cmd(
    files: Annotated[list[Path], typer.Argument(help="Minutes or agenda PDFs.",
                                                show_default=False)],
    themes_file: Annotated[Path | None, typer.Option(
        "--themes-file", help="Your own theme taxonomy (TOML); see the built-in "
        "hytedocs/data/themes.toml for the format and how to extend it.")] = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", help="Also print the sentence that best shows each theme.")] = False,
    backend: Annotated[str, typer.Option(
        "--backend", help="Text source: pdfplumber (default) or pdfium (fast).")] = "pdfplumber",
) -> None:
    """Print the HYTE themes of every § of each FILE as a table."""
    from rich.console import Console
    from rich.table import Table

    from .models import ThemeRole
    from .pipeline import parse
    from .settings import Settings

    if backend not in ("pdfplumber", "pdfium"):
        raise typer.BadParameter("choose pdfplumber or pdfium", param_hint="--backend")
    settings = Settings(themes_file=str(themes_file) if themes_file else None,
                        backend=backend)
    console = Console()
    failed: typer.Exit | None = None
    for file in files:
        try:
            minutes = parse(file, settings=settings, nlp=True)
        except Exception as exc:  # report the file and go on with the next
            failed = fail(exc)
            continue
        body = minutes.meeting.body or ""
        date = minutes.meeting.date.isoformat() if minutes.meeting.date else ""
        table = Table(title=f"{file.name}  {body} {date}".strip(), show_lines=evidence,
                      title_justify="left")
        table.add_column("§", justify="right", no_wrap=True)
        table.add_column("Title")
        table.add_column("Themes (score; * mentioned only)")
        if evidence:
            table.add_column("Evidence (page)")
        for sec in minutes.sections:
            themes = "\n".join(
                f"{t.label} ({t.score:.1f}){'' if t.role == ThemeRole.primary else ' *'}"
                for t in sec.themes) or "–"
            row = [str(sec.number) if sec.number is not None else "", sec.title or "", themes]
            if evidence:
                row.append("\n".join(
                    f"{t.evidence[0].text} (p. {t.evidence[0].page})" if t.evidence else ""
                    for t in sec.themes))
            table.add_row(*row)
        console.print(table)
        if minutes.themes:
            summary = ", ".join(f"{t.label} {t.score:.1f}" for t in minutes.themes
                                if t.role == ThemeRole.primary) or "–"
            console.print(f"Document: {summary}\n")
    if failed is not None:
        raise failed

# --- summary and report commands (Word summaries issue) ---


@app.command("summary")
def summary_cmd(
    file: Annotated[Path, typer.Argument(help="A minutes PDF, or its parsed .json.",
                                         show_default=False)],
    parsed: Annotated[Path | None, typer.Argument(
        help="The .json `hytedocs parse` wrote for FILE; used instead of parsing again.",
        show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The .docx to write.")] = Path(
        "kokouskooste.docx"),
    template: Annotated[Path | None, typer.Option(
        "--template", help="A .docx whose styles, header and logo to use.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of headings and labels: fi, sv or en (default: the "
        "language of the minutes).")] = None,
    mentioned: Annotated[bool, typer.Option(
        "--mentioned", help="Also list the themes each § only mentions.")] = False,
) -> None:
    """Write a meeting digest (kokouskooste) of one minutes as Word."""
    from .writers import write_digest
    from .writers.collect import load_minutes

    try:
        minutes = load_minutes(parsed or file)[0]
        write_digest(minutes, out, template=template, lang=lang, mentioned=mentioned)
    except Exception as exc:
        raise fail(exc) from None
    typer.echo(f"wrote {out} ({len(minutes.sections)} §)", err=True)


@app.command("report")
def report_cmd(
    source: Annotated[Path, typer.Argument(
        help="A folder of minutes PDFs and/or parsed .json files, or an archive (.sqlite) "
        "made by `hytedocs batch`.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The .docx to write.")] = Path(
        "teemaraportti.docx"),
    body: Annotated[str | None, typer.Option(
        "--body", help="Only bodies whose name contains this (ignoring case).")] = None,
    date_from: Annotated[str | None, typer.Option(
        "--from", help="Only meetings on or after this date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option(
        "--to", help="Only meetings on or before this date (YYYY-MM-DD).")] = None,
    theme: Annotated[list[str] | None, typer.Option(
        "--theme", help="Only this theme (id or part of its label); repeatable.")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", help="A .docx whose styles, header and logo to use.")] = None,
    lang: Annotated[str, typer.Option(
        "--lang", help="Language of headings and labels: fi, sv or en.")] = "fi",
    mentioned: Annotated[bool, typer.Option(
        "--mentioned", help="Count a § also for the themes it only mentions (default: the "
        "themes it is about).")] = False,
    departures: Annotated[bool, typer.Option(
        "--departures", help="Only §s whose decision departed from the proposal: amended, "
        "counter-proposal, rejected, tabled or returned.")] = False,
) -> None:
    """Write a report of decisions per HYTE theme over many meetings as Word."""
    from .writers import write_theme_report

    try:
        write_theme_report(source, out, body=body, date_from=date_from, date_to=date_to,
                           themes=theme or None, template=template, lang=lang,
                           mentioned=mentioned, departures=departures)
    except Exception as exc:
        raise fail(exc) from None
    typer.echo(f"wrote {out}", err=True)


# --- batch and search commands (batch issue) ---


@app.command("batch")
def batch_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="PDF files, folders (searched recursively for *.pdf), globs, or list files "
            "(one path, folder or glob a line).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The SQLite archive to fill (created when missing)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Parallel parses (default: the cores)."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout", min=0.1, help="Seconds per document (default: settings.max_seconds)."
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (a process pool) or dask (the dask extra).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option("--jsonl", help="Also append every result to this file, one JSON a line."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-parse files the archive holds already.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per file, even when piped.")
    ] = False,
    nlp: Annotated[
        bool, typer.Option("--nlp/--no-nlp", help="Tag HYTE themes, entities and summaries.")
    ] = True,
    force_minutes: Annotated[
        bool, typer.Option("--force-minutes", help="Also parse documents with no municipal "
                           "vocabulary instead of recording them as not_minutes.")
    ] = False,
) -> None:
    """Parse many PDFs into an archive; files it holds already are skipped, so an
    interrupted run resumes. Exits 1 when any file failed (see the failures table)."""
    from contextlib import ExitStack

    from .settings import Settings
    from .store.archive import Archive
    from .store.batch import Progress, run_batch
    from .store.inputs import discover_inputs

    if engine not in ("local", "dask"):
        raise typer.BadParameter("choose local or dask", param_hint="--engine")
    if scheduler and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    if out is None and jsonl is None:
        raise typer.BadParameter("give --out ARCHIVE, --jsonl FILE or both", param_hint="--out")
    found = discover_inputs(inputs)
    for pattern in found.unmatched:
        typer.echo(f"warning: {pattern} matches no file", err=True)
    if not found.files:
        raise typer.BadParameter("no PDF found", param_hint="INPUT")
    try:
        with ExitStack() as stack:
            archive = stack.enter_context(Archive(out)) if out is not None else None
            stream = stack.enter_context(jsonl.open("a", encoding="utf-8")) if jsonl else None
            progress = stack.enter_context(
                Progress(show=False if quiet else None, verbose=verbose and not quiet)
            )
            report = run_batch(
                found, archive=archive, jsonl=stream,
                settings=Settings(nlp=nlp, require_minutes=not force_minutes),
                workers=workers, timeout=timeout, engine=engine,  # type: ignore[arg-type]
                scheduler=scheduler, force=force, on_start=progress.start,
                on_result=progress.update,
            )
            stack.close()
            if not quiet:
                progress.summary(report)
    except Exception as exc:  # one line, as for every command
        raise fail(exc) from None
    raise typer.Exit(0 if report.ok else 1)


@app.command("search")
def search_cmd(
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "a phrase", prefix* or FTS5 syntax (AND, OR, NOT).', show_default=False
        ),
    ],
    db: Annotated[Path, typer.Option("--db", help="The archive `hytedocs batch` made.")],
    body: Annotated[
        str | None, typer.Option("--body", help="Part of the body's name, any case.")
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Meetings on or after this date (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Meetings on or before this date (YYYY-MM-DD).")
    ] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="A theme id or part of its label: §s about it.")
    ] = None,
    mentioned: Annotated[
        bool, typer.Option("--mentioned", help="With --theme, also §s that only mention it.")
    ] = False,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="e.g. approved_as_proposed, tabled.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array of hits.")] = False,
) -> None:
    """Full-text search of § titles, proposals, decisions, preparation and theme labels,
    best first."""
    import datetime as dt

    from .models import Outcome
    from .store.archive import Archive

    dates: dict[str, dt.date | None] = {}
    for hint, value in (("--from", date_from), ("--to", date_to)):
        try:
            dates[hint] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise typer.BadParameter("use YYYY-MM-DD", param_hint=hint) from None
    if outcome is not None and outcome not in {o.value for o in Outcome}:
        raise typer.BadParameter(
            "one of " + ", ".join(o.value for o in Outcome), param_hint="--outcome"
        )
    try:
        with Archive(db, readonly=True) as archive:
            hits = archive.search(
                query, body=body, date_from=dates["--from"], date_to=dates["--to"],
                theme=theme, outcome=outcome, limit=limit, mentioned=mentioned,
            )
    except Exception as exc:  # one line, as for every command
        raise fail(exc) from None
    if as_json:
        sys.stdout.write(
            json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2) + "\n"
        )
        return
    if not hits:
        typer.echo("no matches", err=True)
        return
    import re

    from rich.console import Console
    from rich.text import Text

    from .store.archive import SNIPPET_MARKS

    console = Console()
    start, end = (re.escape(m) for m in SNIPPET_MARKS)
    for i, hit in enumerate(hits, 1):
        number = f"§ {hit.number}" if hit.number is not None else "§ -"
        head = Text(f"{i}. {hit.body or '?'} {hit.date or '?'} {number} ", style="bold")
        head.append(hit.title or "", style="bold cyan")
        console.print(head)
        snippet = Text("   " + " ".join(hit.snippet.split()))
        snippet.highlight_regex(f"{start}[^{end}]*{end}", style="bold yellow")
        console.print(snippet)
        console.print(Text(f"   {hit.file}", style="dim"))


def main() -> None:
    app()
