"""What the Word writers take in and give out, checked: a template is refused before
python-docx opens it when it is too big, a zip bomb, or declares a DTD or entities; a written
.docx is reopened before it takes the place of the output, so a command never reports success
for a file Word cannot open.

A .docx is a zip of XML parts. python-docx inflates every part whole and parses it with lxml
without resolving entities, so an entity declared in a template was copied through as a
reference the new document no longer declared (Word refused the file), and a part that
inflates to gigabytes was held in memory. OOXML allows no DTD at all; any ``<!DOCTYPE`` or
``<!ENTITY`` is refused, in any of the encodings XML may use.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

from ..errors import HytedocsError, InvalidInputError, ResourceLimitError
from ..pdf.source import read_regular_file
from ..settings import Settings

# A member that inflates more than this many times its compressed size is a zip bomb
# (Word's own parts: styles.xml about 10, a long document.xml about 30).
MAX_ZIP_RATIO = 200
# Members of a template (Word's own: about 20).
MAX_ZIP_MEMBERS = 2000
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.I)
_XML_MEMBER = (".xml", ".rels", ".vml")
_READ_CHUNK = 1 << 20


def check_template(path: str | Path, settings: Settings | None = None) -> bytes:
    """The template's bytes, once they are known to be a safe .docx; raises
    :class:`~hytedocs.errors.InvalidInputError` (not a zip, a DTD or entity declaration) or
    :class:`~hytedocs.errors.ResourceLimitError` (size, inflated size, zip ratio)."""
    cfg = settings or Settings()
    name = str(path)
    data = read_regular_file(name, int(cfg.max_template_mb * 2**20), error=InvalidInputError,
                             setting="max_template_mb")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InvalidInputError(f"the Word template is not a .docx (a zip file): {exc}",
                                file=name) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ResourceLimitError(
                f"the Word template has {len(members):,} parts, over {MAX_ZIP_MEMBERS:,}",
                file=name)
        inflated = sum(m.file_size for m in members)
        limit = int(cfg.max_template_inflated_mb * 2**20)
        if inflated > limit:
            raise ResourceLimitError(
                f"the Word template inflates to {inflated / 2**20:,.0f} MiB, over "
                f"{cfg.max_template_inflated_mb:g} MiB (settings.max_template_inflated_mb; "
                "a zip bomb?)", file=name)
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _READ_CHUNK and ratio > MAX_ZIP_RATIO:
                raise ResourceLimitError(
                    f"the Word template's part {member.filename} inflates {ratio:,.0f} times "
                    f"(over {MAX_ZIP_RATIO}: a zip bomb?)", file=name)
            _check_declared_size(data, member, name)
            if member.filename.lower().endswith(_XML_MEMBER):
                _check_xml(archive, member, name)
    return data


def _check_declared_size(data: bytes, member: zipfile.ZipInfo, name: str) -> None:
    """A part must not inflate past the size it declares: zipfile (and so python-docx)
    inflates a part whole before it cuts it to that size, so a part that says 1,000 bytes and
    holds 1 GiB costs a gigabyte. Its raw data is inflated here, piece by piece."""
    if member.compress_type == zipfile.ZIP_STORED:
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise InvalidInputError(
            f"the Word template's part {member.filename} uses compression method "
            f"{member.compress_type}, which Word does not write", file=name)
    header = data[member.header_offset : member.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise InvalidInputError(f"the Word template's part {member.filename} cannot be read "
                                "(no local header)", file=name)
    start = member.header_offset + 30 + int.from_bytes(header[26:28], "little") \
        + int.from_bytes(header[28:30], "little")
    raw = memoryview(data)[start : start + member.compress_size]
    inflater = zlib.decompressobj(-15)
    piece: bytes | memoryview
    total = 0
    try:
        for pos in range(0, len(raw), _READ_CHUNK):
            piece = raw[pos : pos + _READ_CHUNK]
            while piece and total <= member.file_size:
                total += len(inflater.decompress(piece, _READ_CHUNK))
                piece = inflater.unconsumed_tail
            if total > member.file_size or inflater.eof:
                break
    except zlib.error as exc:
        raise InvalidInputError(f"the Word template's part {member.filename} cannot be read "
                                f"({exc})", file=name) from exc
    if total > member.file_size:
        raise ResourceLimitError(
            f"the Word template's part {member.filename} inflates past the "
            f"{member.file_size:,} bytes it declares (a zip bomb?)", file=name)


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    try:
        # zipfile never gives more than the declared size, which is bounded above.
        raw = archive.read(member)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InvalidInputError(
            f"the Word template's part {member.filename} cannot be read ({exc})",
            file=name) from exc
    if _DECLARATION.search(_as_text(raw)):
        raise InvalidInputError(
            f"the Word template's part {member.filename} declares a DTD or entities, which "
            "no Word file does (refused: they would be copied into the new document)",
            file=name)


def _as_text(raw: bytes) -> str:
    """An XML part as text, in whichever encoding it is written (UTF-8, UTF-16, UTF-32):
    a declaration must not hide behind zero bytes."""
    head = raw[:4]
    for bom, codec in ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                       (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
        if head.startswith(bom):
            return raw.decode(codec, "replace")
    if head[:2] == b"\x00<":
        return raw.decode("utf-16-be", "replace")
    if head[:2] == b"<\x00":
        return raw.decode("utf-16-le" if head[2:4] != b"\x00\x00" else "utf-32-le", "replace")
    return raw.decode("utf-8", "replace")


def verified_save(doc: Any, path: str | Path | IO[bytes]) -> None:
    """Write ``doc`` and reopen the result before it counts: to a temporary file next to
    ``path`` that replaces it only when python-docx reads it back and every XML part parses
    (a file object gets the bytes only then)."""
    if not isinstance(path, str | os.PathLike):
        buffer = io.BytesIO()
        doc.save(buffer)
        _reopen(buffer.getvalue(), "<stream>")
        path.write(buffer.getvalue())
        return
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=".hytedocs-",
                                             suffix=".docx")
    except OSError as exc:
        raise HytedocsError(f"cannot write the document ({exc.strerror or exc})",
                            file=str(path)) from exc
    os.close(handle)
    try:
        doc.save(temporary)
        with open(temporary, "rb") as fh:
            _reopen(fh.read(), str(path))
        os.replace(temporary, target)
    except OSError as exc:
        raise HytedocsError(f"cannot write the document ({exc.strerror or exc})",
                            file=str(path)) from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _reopen(data: bytes, name: str) -> None:
    import docx
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if member.filename.lower().endswith(_XML_MEMBER):
                    part = archive.read(member)
                    if _DECLARATION.search(_as_text(part)):
                        raise ValueError(f"{member.filename} declares a DTD")
                    etree.fromstring(part, parser)
        docx.Document(io.BytesIO(data))
    except Exception as exc:  # whatever python-docx or lxml say, the file is not whole
        raise HytedocsError(f"the written document does not open again ({exc}); nothing "
                            "was written", file=name) from exc
