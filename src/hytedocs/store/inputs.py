"""Batch input discovery: the INPUT arguments (files, folders, globs and list files) expanded
into the PDF paths to parse, and the digest that tells a file already archived."""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PDF_SUFFIX = ".pdf"

_GLOB_CHARS = frozenset("*?[")

_HASH_CHUNK = 1 << 20


@dataclass(slots=True)
class Inputs:
    """What the INPUT arguments name: the files to parse, and patterns that matched nothing."""

    files: list[Path] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def discover_inputs(inputs: Sequence[str | os.PathLike[str]]) -> Inputs:
    """Expand folders (recursively, ``*.pdf``), globs and list files into PDF paths.

    A list file is any named file that is neither a ``.pdf`` nor starts like a PDF: one path,
    folder or glob a line, relative to the list's folder, ``#`` starting a comment. A path that
    does not exist is kept, so that the batch records it as a failure instead of forgetting it.
    Paths are made absolute and given once, in input order (folders and globs sorted).
    """
    found = Inputs()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        path = path.absolute()
        if path not in seen:
            seen.add(path)
            found.files.append(path)

    def expand(item: str, base: Path | None, allow_list: bool) -> None:
        path = Path(item) if base is None or os.path.isabs(item) else base / item
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() == PDF_SUFFIX and child.is_file():
                    add(child)
        elif path.is_file():
            if allow_list and path.suffix.lower() != PDF_SUFFIX and not _looks_like_pdf(path):
                for line in path.read_text(encoding="utf-8").splitlines():
                    entry = line.strip()
                    if entry and not entry.startswith("#"):
                        expand(entry, path.parent, allow_list=False)
            else:
                add(path)
        elif _GLOB_CHARS & set(str(path)):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                found.unmatched.append(item)
            for match in matches:
                expand(match, None, allow_list=False)
        else:
            add(path)

    for item in inputs:
        expand(os.fspath(item), None, allow_list=True)
    return found


def _looks_like_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def file_sha256(path: Path) -> str:
    """The same digest ``parse`` stores in ``Minutes.source.sha256``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
