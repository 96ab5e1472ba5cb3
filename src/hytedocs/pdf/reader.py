"""Stage 1 for the whole document: the input read, checked and turned into the words of every
page, with the size, stream, operator, page and time limits enforced."""

from __future__ import annotations

from typing import Any

from ..errors import DamagedPdfError, HytedocsError, ResourceLimitError
from ..settings import Settings
from .source import PageWords, drop_unmapped, read_source
from .source import Source as InputSource
from .words import open_word_source


def read_pages(source: InputSource, settings: Settings) -> tuple[Any, list[PageWords]]:
    """Stage 1 for the whole document, with the size, stream, page and time limits enforced.

    The clock (``settings.max_seconds``) is the current :class:`~hytedocs.pdf.limits.Deadline`
    of :func:`hytedocs.parse`, started before the first byte is read (one is started here when
    called on its own); it is kept in ``opened.extra["deadline"]`` for later stages, and the
    facts of the stream check in ``opened.extra["scan"]``.
    """
    from .limits import Deadline, check_streams, current_deadline
    from .source import classify_open_error, source_name

    deadline = current_deadline() or Deadline(settings.max_seconds, source_name(source))
    with deadline.running():
        opened = read_source(source, settings.max_file_mb)
        opened.extra["deadline"] = deadline
        # Before any PDF library sees the file: every filter chain, page and operator count.
        deadline.check(doing="checking the streams")
        opened.extra["scan"] = check_streams(opened, settings)
        if settings.repair_fonts:
            from .glyphs import repair_source

            deadline.check(doing="repairing fonts")
            repair_source(opened, settings)
        deadline.check(doing="reading")
        word_source = open_word_source(opened, settings)
        try:
            if opened.page_count == 0:
                raise DamagedPdfError("the PDF has no pages (broken cross-reference table?)",
                                      file=opened.name)
            if opened.page_count > settings.max_pages:
                raise ResourceLimitError(
                    f"{opened.page_count} pages is over the limit of {settings.max_pages}",
                    file=opened.name,
                )
            pages: list[PageWords] = []
            for page in word_source.pages():
                if not page.width * page.height <= settings.max_page_area:
                    raise ResourceLimitError(
                        f"page area {page.width:.0f}x{page.height:.0f} pt is over the limit",
                        file=opened.name, page=page.number,
                    )
                if page.chars > settings.max_chars_per_page:
                    raise ResourceLimitError(
                        f"{page.chars} characters on one page is over the limit", file=opened.name,
                        page=page.number,
                    )
                drop_unmapped(page)
                pages.append(page)
                deadline.check(page.number)
        except HytedocsError:
            raise
        except Exception as exc:  # a backend's own error still becomes a typed one
            raise classify_open_error(exc, opened.name) from exc
        finally:
            word_source.close()
            deadline.current_page = None
    return opened, pages
