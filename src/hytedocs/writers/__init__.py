"""Word documents from parsed minutes: a meeting digest and a theme report (python-docx).

Named ``writers`` rather than ``docx`` so that it never shadows python-docx.
"""

from __future__ import annotations

from .digest import write_digest
from .report import write_theme_report

__all__ = ["write_digest", "write_theme_report"]
