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
    """Print one line for an error and give the exit to raise."""
    if _state["debug"]:
        raise exc
    if isinstance(exc, HytedocsError):
        typer.echo(f"error: {exc}", err=True)
        return typer.Exit(exc.exit_code)
    typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
    return typer.Exit(1)


@app.command("parse")
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
) -> None:
    """Parse FILE and write its JSON (schema: `hytedocs schema`)."""
    from .pipeline import parse

    if backend not in ("pdfplumber", "pdfium"):
        raise typer.BadParameter("choose pdfplumber or pdfium", param_hint="--backend")
    try:
        minutes = parse(file, nlp=nlp, backend=backend, password=password)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - the CLI reports every failure in one line
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

# --- summary and report commands (Word summaries issue) ---

# --- batch and search commands (batch issue) ---


def main() -> None:
    app()
