"""Batch input discovery: the INPUT arguments (files, folders, globs and list files) expanded
into the PDF paths to parse, and the digest that tells a file already archived."""

from __future__ import annotations

import glob
import hashlib
import os
import stat
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
                for line in _read_list(path).splitlines():
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


# A list file longer than this is not a list of paths.
_MAX_LIST_BYTES = 16 << 20


def _read_list(path: Path) -> str:
    with path.open("rb") as fh:
        data = fh.read(_MAX_LIST_BYTES + 1)
    if len(data) > _MAX_LIST_BYTES:
        from ..errors import InvalidInputError

        raise InvalidInputError(f"a list file over {_MAX_LIST_BYTES >> 20} MiB", file=str(path))
    return data.decode("utf-8", "replace")


def _looks_like_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def file_sha256(path: Path, max_mb: float | None = None) -> str:
    """The same digest ``parse`` stores in ``Minutes.source.sha256``.

    Only a regular file is hashed, and none larger than ``max_mb`` (``settings.max_file_mb``):
    a named pipe or /dev/zero given by name would make the batch wait or read forever. Raises
    the typed error that ``parse`` would (NotAPdfError, ResourceLimitError)."""
    from ..errors import NotAPdfError, ResourceLimitError

    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise NotAPdfError("file not found", file=name) from exc
    except OSError as exc:
        raise NotAPdfError(f"the file cannot be read ({exc.strerror or exc})",
                           file=name) from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAPdfError("not a regular file (a named pipe, device or folder); only "
                               "files are read", file=name)
        if max_mb is not None and info.st_size > max_mb * 2**20:
            raise ResourceLimitError(
                f"the file is {info.st_size / 2**20:,.1f} MiB, over the limit of {max_mb:g} "
                "MiB (settings.max_file_mb)", file=name)
        os.set_blocking(fh.fileno(), True)
        digest = hashlib.sha256()
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
