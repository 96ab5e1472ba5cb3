"""hytedocs: Finnish and Swedish municipal minutes (pöytäkirja, protokoll) as typed data.

>>> import hytedocs
>>> minutes = hytedocs.parse("poytakirja.pdf")          # doctest: +SKIP
>>> minutes.section(91).decision.text                   # doctest: +SKIP
'Päätösehdotus hyväksyttiin.'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import HytedocsError
from .models import Minutes, schema
from .pipeline import parse
from .settings import Settings

if TYPE_CHECKING:
    from .store.archive import Archive
    from .writers import write_digest, write_theme_report

__version__ = "0.1.0"

__all__ = [
    "Archive",
    "HytedocsError",
    "Minutes",
    "Settings",
    "parse",
    "schema",
    "write_digest",
    "write_theme_report",
]


def __getattr__(name: str) -> Any:
    # The Word writers and the archive pull in python-docx, matplotlib and sqlite code; import
    # them only when asked so that `import hytedocs` stays fast for batch workers.
    if name in ("write_digest", "write_theme_report"):
        from . import writers

        return getattr(writers, name)
    if name == "Archive":
        from .store.archive import Archive

        return Archive
    raise AttributeError(f"module 'hytedocs' has no attribute {name!r}")
