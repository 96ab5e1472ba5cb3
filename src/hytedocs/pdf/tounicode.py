"""Font repair, the writing side: the corrected ToUnicode maps appended to the PDF as an
incremental update (new streams under the old object numbers; the original bytes stay).
"""

from __future__ import annotations

from typing import Any


def tounicode_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap for one-byte codes (bfchar entries, at most 100 per block)."""
    items = sorted((c, t) for c, t in mapping.items() if t and 0 <= c <= 0xFF)
    out = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <FF>", "endcodespacerange",
    ]
    for start in range(0, len(items), 100):
        block = items[start:start + 100]
        out.append(f"{len(block)} beginbfchar")
        out += [f"<{c:02X}> <{t.encode('utf-16-be').hex().upper()}>" for c, t in block]
        out.append("endbfchar")
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(out).encode("ascii")


def incremental_update(data: bytes, doc: Any, trailer: dict[str, Any],
                       streams: dict[int, dict[int, str]]) -> bytes:
    """``data`` with the given ToUnicode streams replaced, as a PDF incremental update: the
    original bytes stay as they are and a new cross-reference section points at the new
    objects (same object numbers), chained to the old one by /Prev."""
    prev = data.rfind(b"startxref")
    previous = int(data[prev + 9:].split()[0])
    body = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets: dict[int, tuple[int, int]] = {}
    for objid, mapping in sorted(streams.items()):
        generation = _generation(doc, objid)
        cmap = tounicode_cmap(mapping)
        offsets[objid] = (len(body), generation)
        body += f"{objid} {generation} obj\n<< /Length {len(cmap)} >>\nstream\n".encode()
        body += cmap + b"\nendstream\nendobj\n"
    xref = len(body)
    lines = ["xref"]
    for objid, (offset, generation) in sorted(offsets.items()):
        lines += [f"{objid} 1", f"{offset:010d} {generation:05d} n\r"]
    size = max(int(trailer.get("Size", 0) or 0), max(offsets) + 1)
    entries = [f"/Size {size}", f"/Prev {previous}"]
    for key in ("Root", "Info"):
        ref_id = getattr(trailer.get(key), "objid", None)
        if ref_id is not None:
            entries.append(f"/{key} {ref_id} {_generation(doc, ref_id)} R")
    ids = trailer.get("ID")
    if isinstance(ids, list) and all(isinstance(i, bytes) for i in ids):
        entries.append("/ID [" + " ".join(f"<{i.hex()}>" for i in ids) + "]")
    lines += ["trailer", "<< " + " ".join(entries) + " >>", "startxref", str(xref), "%%EOF", ""]
    body += "\n".join(lines).encode("ascii")
    return bytes(body)


def _generation(doc: Any, objid: int) -> int:
    for xref in doc.xrefs:
        try:
            stream, _, generation = xref.get_pos(objid)
        except KeyError:
            continue
        return 0 if stream is not None else int(generation)
    return 0
