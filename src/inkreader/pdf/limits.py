"""How much of a PDF inkreader reads: bytes, pages, seconds, and the stop switch the reader's Esc throws.

Why 50 MB (pages are capped at 10 MB): think-tank reports are long and carry photographs, charts and embedded
fonts; a 150-page illustrated report is commonly 10-30 MB, so the page cap would refuse the documents a reader
most wants. 50 MB holds nearly every report while keeping a single read (and its compressed copy in the library)
bounded; the time cap, not the size, is what bounds the work of parsing it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..errors import ExtractError

PDF_MAX_BYTES = 50 * 1024 * 1024
PDF_MAX_PAGES = 1500  # a longer PDF is shown up to here, with a note
PDF_MAX_SECONDS = 60.0  # parsing stops here and what was read is shown, with a note
# All compressed streams together may inflate to this much; past it the file is taken for a decompression bomb.
PDF_MAX_INFLATED_BYTES = 400 * 1024 * 1024


class PdfCancelled(ExtractError):
    """The reader asked to stop (Esc) while the PDF was being read."""


@dataclass(slots=True)
class PdfLimits:
    max_bytes: int = PDF_MAX_BYTES
    max_pages: int = PDF_MAX_PAGES
    max_seconds: float = PDF_MAX_SECONDS
    max_inflated_bytes: int = PDF_MAX_INFLATED_BYTES
    cancel: threading.Event | None = None
    started: float = field(default_factory=time.monotonic)

    def check_cancelled(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise PdfCancelled("Stopped reading the PDF.")

    def out_of_time(self) -> bool:
        return time.monotonic() - self.started > self.max_seconds
