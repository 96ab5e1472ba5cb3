"""The typed errors: their messages, how library exceptions map onto them, and the CLI's one
line and documented exit code for each."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from typer.testing import CliRunner

from hytedocs.cli import app
from hytedocs.errors import (
    ALL_ERRORS,
    DamagedPdfError,
    EncryptedPdfError,
    HytedocsError,
    NotAPdfError,
    ParseTimeoutError,
    ResourceLimitError,
)
from hytedocs.pdf.source import classify_open_error

from .test_bad_inputs import VANTAA, nested_page_tree


def test_error_classes_have_distinct_codes() -> None:
    assert all(issubclass(e, HytedocsError) for e in ALL_ERRORS)
    assert len({e.exit_code for e in ALL_ERRORS}) == len(ALL_ERRORS)
    assert len({e.code for e in ALL_ERRORS}) == len(ALL_ERRORS)
    assert min(e.exit_code for e in ALL_ERRORS) > 2  # 1 and 2 are click's own


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"file": "kh.pdf"}, "kh.pdf: the reason"),
        ({"file": "kh.pdf", "page": 3}, "kh.pdf, page 3: the reason"),
        ({"file": "kh.pdf", "page": 3, "section": 121}, "kh.pdf, page 3, § 121: the reason"),
        ({}, "<input>: the reason"),
    ],
)
def test_message_names_file_page_and_section(kwargs: dict[str, object], text: str) -> None:
    assert str(DamagedPdfError("the reason", **kwargs)) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exc", "password", "cls", "words"),
    [
        (PdfminerException(PDFPasswordIncorrect()), False, EncryptedPdfError, "pass its password"),
        (PdfminerException(PDFPasswordIncorrect()), True, EncryptedPdfError, "password is wrong"),
        (PdfminerException(PDFEncryptionError("Unknown filter: param={'V': 9}")), False,
         EncryptedPdfError, "not supported"),
        (PdfminerException(RecursionError("maximum recursion depth exceeded")), False,
         DamagedPdfError, "self-referencing"),
        (MalformedPDFException(RecursionError("maximum recursion depth exceeded")), False,
         DamagedPdfError, "nested too deeply"),
        (PdfminerException(MemoryError()), False, ResourceLimitError, "out of memory"),
        (PdfminerException(PSEOF("Unexpected EOF")), False, DamagedPdfError,
         "PSEOF: Unexpected EOF"),
        (KeyError("Root"), False, DamagedPdfError, "KeyError"),
        (ValueError(""), False, DamagedPdfError, "ValueError: no message"),
    ],
)
def test_classify_open_error(
    exc: BaseException, password: bool, cls: type[HytedocsError], words: str
) -> None:
    err = classify_open_error(exc, "kv.pdf", page=7, password=password)
    assert type(err) is cls
    assert words in str(err)
    assert str(err).startswith("kv.pdf, page 7: ")


def test_classify_keeps_our_own_error_through_pdfplumber() -> None:
    # A deadline alarm inside pdfminer comes back wrapped by pdfplumber.
    ours = ParseTimeoutError("gave up", file="kv.pdf")
    err = classify_open_error(PdfminerException(ours), "kv.pdf", page=4)
    assert err is ours
    assert str(err) == "kv.pdf, page 4: gave up"


# --- the CLI -------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_documents_every_exit_code() -> None:
    code, out, _ = _run("parse", "--help")
    assert code == 0
    flat = " ".join(out.split())
    for err in ALL_ERRORS:
        assert f"{err.exit_code} {err.__name__}" in flat


@pytest.mark.parametrize(
    ("content", "exit_code", "words"),
    [
        (b"<html><body>ei pdf</body></html>", NotAPdfError.exit_code, "no %PDF- header"),
        (b"", NotAPdfError.exit_code, "empty"),
        (nested_page_tree(3000), DamagedPdfError.exit_code, "nested too deeply"),
    ],
)
def test_cli_prints_one_line_and_exits_with_the_code(
    tmp_path: Path, content: bytes, exit_code: int, words: str
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    code, out, err = _run("parse", "--no-nlp", str(bad))
    assert code == exit_code
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {bad}: ")
    assert words in err
    assert "Traceback" not in err


def test_cli_debug_raises_the_typed_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("Pöytäkirja", encoding="utf-8")
    result = CliRunner().invoke(app, ["--debug", "parse", "--no-nlp", str(bad)])
    assert isinstance(result.exception, NotAPdfError)


def test_cli_time_limit_and_isolation() -> None:
    code, _, err = _run("parse", "--no-nlp", "--max-seconds", "0.001",
                        str(VANTAA.parent / "lapua_tarkastuslautakunta_2024-04-17_poytakirja.pdf"))
    assert code == ParseTimeoutError.exit_code
    assert "max_seconds" in err
    code, out, _ = _run("parse", "--no-nlp", "--isolate", "--compact", str(VANTAA))
    assert code == 0
    assert out.count("\n") == 1
    assert '"pages":1' in out
