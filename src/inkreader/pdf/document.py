"""PDF bytes -> a reader's Markdown and metadata, page by page, within the limits (see limits.py).

:class:`PdfReading` opens the document (refusing in one line what cannot be read), and then
:meth:`PdfReading.chunks` yields the Markdown as it is made, so the first pages can be shown at once;
:func:`read_pdf` does the whole. PDFium is not thread-safe: one document is read at a time, under a lock.
JavaScript and embedded files are never run or opened: only the text layer, the outline and links are read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from ..errors import ExtractError
from .compose import Composer, Style, normalise, outline_key, sample_style
from .guards import check_bytes
from .layout import PageLines, page_lines
from .limits import PdfCancelled, PdfLimits
from .meta import Metadata, read_metadata

_PDFIUM = threading.Lock()  # released by close(), whichever thread reads the last page
PROGRESS_PAGES = 10  # after the first offer, the Markdown so far is offered every this many pages
# The first offer waits for this many words (a tall terminal's reading pane full), or the PROGRESS_PAGES-th page:
# a reader shows it until the whole document is in, and a report's first pages (a cover, a title page) alone
# would show a subtitle on an empty screen. A page of a two-column report holds some 700 words, read in about 10 ms.
FIRST_SCREEN_WORDS = 1000
SAMPLE_PAGES = 8  # pages looked at before the first is shown: body size and running heads
GARBLED_SHARE = 0.25  # past this share of unmapped characters the text is garbage, not words
_ERRORS = {
    1: "The PDF could not be read (PDFium gave an unknown error).",
    2: "The PDF could not be opened.",
    3: "The PDF is damaged and could not be read.",
    4: "The PDF is protected by a password; inkreader does not open protected PDFs.",
    5: "The PDF uses a security scheme inkreader cannot read.",
    6: "The PDF is damaged and could not be read (a page is missing).",
}


@dataclass(slots=True)
class PdfDocument:
    markdown: str
    pages: int
    metadata: Metadata
    notes: list[str] = field(default_factory=list)  # things the reader should know ("Showing the first...")
    headings: list[tuple[int, str]] = field(default_factory=list)
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        """ "report" when it carries report metadata (an institution, a report number), else "document"."""
        return "report" if self.metadata.publisher or self.metadata.report_number else "document"


class PdfReading:
    """One PDF being read. Use as a context manager; raises ExtractError (one line) for what it refuses."""

    def __init__(self, data: bytes, limits: PdfLimits | None = None) -> None:
        self.limits = limits or PdfLimits()
        check_bytes(data, self.limits)
        self._data = data
        _PDFIUM.acquire()
        try:
            self._document = _open(data)
        except BaseException:
            _PDFIUM.release()
            raise
        # from here on close() releases the lock: every refusal below must go through it
        try:
            self.pages = len(self._document)
            self.notes: list[str] = []
            self._garbled = 0
            self._chars = 0
            self._read_pages = 0
            if self.pages == 0:
                raise ExtractError("The PDF has no pages (it may be damaged).")
            self._samples: dict[int, PageLines] = {}
            self.metadata, self.style = self._prepare()
        except BaseException:
            self.close()
            raise
        self.composer = Composer(self.style)

    def close(self) -> None:
        document, self._document = getattr(self, "_document", None), None
        if document is not None:
            document.close()
            _PDFIUM.release()

    def __enter__(self) -> PdfReading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------------------
    def _page(self, index: int) -> PageLines:
        cached = self._samples.pop(index, None)
        if cached is not None:
            return cached
        assert self._document is not None
        try:
            return page_lines(self._document, index)
        except pdfium.PdfiumError:
            self.notes.append(f"Page {index + 1} could not be read and is left out.")
            return PageLines(index=index, width=612, height=792, lines=[], links=[])

    def _prepare(self) -> tuple[Metadata, Style]:
        assert self._document is not None
        for index in range(min(SAMPLE_PAGES, self.pages)):
            self.limits.check_cancelled()
            self._samples[index] = self._page(index)
        samples = list(self._samples.values())
        outline = _outline(self._document)
        style = sample_style(samples, outline)
        first_text = "\n".join(line.text for page in samples[:3] for line in page.lines)
        largest = ""
        if samples and samples[0].lines:
            top = max(line.size for line in samples[0].lines)
            largest = " ".join(line.text for line in samples[0].lines if line.size >= top - 0.5)
        try:
            info = self._document.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError:
            info = {}
        metadata = read_metadata(info, self._data, first_text, largest)
        style.title = largest if normalise(largest) == normalise(metadata.title) else ""
        if not any(page.chars for page in samples) and self.pages <= SAMPLE_PAGES:
            raise ExtractError("The PDF has no text layer (a scan or images only); inkreader cannot read it.")
        return metadata, style

    def chunks(self) -> Iterator[str]:
        """Markdown blocks, in order, as the pages are read (the notes list comes last)."""
        shown = min(self.pages, self.limits.max_pages)
        for index in range(shown):
            self.limits.check_cancelled()
            if index and self.limits.out_of_time():  # the first page is always read
                self.notes.append(f"Reading stopped after {index} of {self.pages} pages (time limit).")
                break
            page = self._page(index)
            self._read_pages += 1
            self._garbled += page.garbled_chars
            self._chars += page.chars
            yield from self.composer.add_page(page)
        else:
            if shown < self.pages:
                self.notes.append(f"Showing the first {shown} of {self.pages} pages.")
        yield from self.composer.finish()
        if self._chars == 0:
            raise ExtractError("The PDF has no text layer (a scan or images only); inkreader cannot read it.")
        if self._garbled > self._chars * GARBLED_SHARE:
            raise ExtractError(
                "The PDF's fonts carry no Unicode map: its text comes out garbled; inkreader cannot read it."
            )

    @property
    def pages_read(self) -> int:
        return self._read_pages

    @property
    def confidence(self) -> float:
        if not self._chars:
            return 0.0
        return round(max(0.0, 1.0 - self._garbled / self._chars * 2), 2)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        # No password: PDFium tries the empty user password, which opens the many owner-restricted reports.
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", 1)
        raise ExtractError(_ERRORS.get(code if isinstance(code, int) else 1, _ERRORS[1])) from None


def _outline(document: pdfium.PdfDocument, limit: int = 2000) -> dict[str, int]:
    titles: dict[str, int] = {}
    try:
        for count, item in enumerate(document.get_toc(max_depth=6)):
            if count >= limit:
                break
            title = outline_key(item.get_title() or "")
            if title and title not in titles:
                titles[title] = item.level
    except (pdfium.PdfiumError, ValueError):
        return {}
    return titles


def read_pdf(
    data: bytes, limits: PdfLimits | None = None, progress: Callable[[str], None] | None = None
) -> PdfDocument:
    """The whole PDF as one :class:`PdfDocument` (ExtractError, one line, for what is refused).

    ``progress`` is called (in the reading thread) with the Markdown so far once it fills a screen (or ten pages
    are read), then every ten pages, so a reader can show a long report's opening pages while the rest is read."""
    with PdfReading(data, limits) as reading:
        blocks: list[str] = []
        shown = 0
        words = 0
        for block in reading.chunks():
            blocks.append(block)
            words += len(block.split())
            read = reading.pages_read
            if progress is None or read == shown:
                continue
            if (not shown and words >= FIRST_SCREEN_WORDS) or read % PROGRESS_PAGES == 0:
                shown = read
                progress("\n\n".join(blocks))
        if not any(block.strip() for block in blocks):  # only running heads, page numbers or blank lines
            raise ExtractError("The PDF has no text layer (a scan or images only); inkreader cannot read it.")
        return PdfDocument(
            markdown="\n\n".join(blocks) + "\n" if blocks else "",
            pages=reading.pages,
            metadata=reading.metadata,
            notes=reading.notes,
            headings=reading.composer.headings,
            confidence=reading.confidence,
        )


def read_pdf_pages(data: bytes, limits: PdfLimits | None = None) -> Iterator[str]:
    """Markdown blocks as they are made (the bench's time to first text; a reader showing pages as they come)."""
    with PdfReading(data, limits) as reading:
        yield from reading.chunks()


__all__ = ["PdfCancelled", "PdfDocument", "PdfLimits", "PdfReading", "read_pdf", "read_pdf_pages"]
