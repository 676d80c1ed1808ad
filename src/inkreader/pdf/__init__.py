"""PDF documents as a reader wants them: Markdown with headings, re-flowed paragraphs and endnotes.

Pure (bytes in, Markdown and metadata out); the reader service calls it in a worker thread.
"""

from __future__ import annotations

from .document import PdfDocument, PdfReading, read_pdf, read_pdf_pages
from .guards import is_pdf
from .limits import PDF_MAX_BYTES, PdfCancelled, PdfLimits

__all__ = [
    "PDF_MAX_BYTES",
    "PdfCancelled",
    "PdfDocument",
    "PdfLimits",
    "PdfReading",
    "is_pdf",
    "read_pdf",
    "read_pdf_pages",
]
