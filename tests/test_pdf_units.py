"""The PDF reader on its own (no HTTP): limits, cancelling, streaming, and what it does to the text."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from inkreader.errors import ExtractError
from inkreader.pdf import PdfCancelled, PdfLimits, PdfReading, is_pdf, read_pdf, read_pdf_pages
from inkreader.pdf.compose import Composer, Style
from inkreader.pdf.document import FIRST_SCREEN_WORDS
from inkreader.pdf.layout import Line, PageLines

REPORT_PDF = (
    Path(__file__).resolve().parents[1] / "src/inkreader/demo/site/documents/Holding-the-Line-Beneath-the-Waves.pdf"
).read_bytes()


def test_a_cancelled_read_stops_between_pages() -> None:
    cancel = threading.Event()
    blocks = read_pdf_pages(REPORT_PDF, PdfLimits(cancel=cancel))
    assert next(blocks)  # the first text comes before the whole document is read
    cancel.set()
    with pytest.raises(PdfCancelled):
        list(blocks)


def test_the_page_cap_shows_the_first_pages_with_a_note() -> None:
    document = read_pdf(REPORT_PDF, PdfLimits(max_pages=2))
    assert document.pages == 8
    assert document.notes == ["Showing the first 2 of 8 pages."]
    assert "## Executive Summary" in document.markdown and "## Conclusion" not in document.markdown


def test_the_time_cap_stops_reading_with_a_note() -> None:
    limits = PdfLimits(max_seconds=0.0)
    document = read_pdf(REPORT_PDF, limits)
    assert document.notes and "time limit" in document.notes[0]


def test_the_size_cap_and_the_signature() -> None:
    with pytest.raises(ExtractError, match="larger than 0 MB"):
        read_pdf(REPORT_PDF, PdfLimits(max_bytes=1000))
    with pytest.raises(ExtractError, match="not a PDF"):
        read_pdf(b"<html>not a pdf</html>")
    assert is_pdf(b"junk before\n%PDF-1.7\n") and not is_pdf(b"<html>")


def test_the_reading_releases_pdfium_for_the_next() -> None:
    with PdfReading(REPORT_PDF) as reading:
        assert reading.pages == 8
    assert read_pdf(REPORT_PDF).pages == 8  # the lock was released: no deadlock


def _line(text: str, top: float, *, left: float = 72, size: float = 10, page: int = 0, right: float = 300) -> Line:
    return Line(text=text, left=left, bottom=top - size, right=right, top=top, size=size, bold=False, page=page)


def _compose(pages: list[list[Line]]) -> str:
    composer = Composer(Style(body_size=10, running={"a running head"}, outline={}))
    blocks: list[str] = []
    for index, lines in enumerate(pages):
        blocks += composer.add_page(PageLines(index=index, width=612, height=792, lines=lines, links=[]))
    blocks += composer.finish()
    return "\n\n".join(blocks)


def test_hyphens_at_line_ends_are_joined_and_paragraphs_cross_pages() -> None:
    markdown = _compose(
        [
            [
                _line("A Running Head", 780),
                _line("The Compact should fund a shared fleet of re-", 700),
                _line("pair ships and share its fault data with", 688),
                _line("3", 20),
            ],
            [_line("A running head", 780), _line("every member state.", 700, right=160)],
        ]
    )
    expected = (
        '<a id="page-1"></a>The Compact should fund a shared fleet of repair ships and share its fault data with '
        '<a id="page-2"></a>every member state.'
    )
    assert markdown == expected


def test_each_page_is_an_anchor_where_its_words_begin() -> None:
    markdown = _compose(
        [
            [_line("Where the cables run and who repairs them, and how long repairs take in win-", 700)],
            [
                _line("A running head", 780),
                _line("ter, are the questions this report weighs.", 700, right=160, page=1),
                _line("Findings", 600, size=16, page=1),
            ],
            [_line("A running head", 780, page=2), _line("7", 20, page=2)],  # no words: anchored with the next
            [_line("Fleets are scarce.", 700, right=160, page=3)],
        ]
    )
    assert markdown == (
        '<a id="page-1"></a>Where the cables run and who repairs them, and how long repairs take in '
        '<a id="page-2"></a>winter, are the questions this report weighs.\n\n'
        "## Findings\n\n"
        '<a id="page-3"></a><a id="page-4"></a>Fleets are scarce.'
    )


def test_a_page_that_begins_with_a_heading_has_its_anchor_after_the_words() -> None:
    markdown = _compose(
        [[_line("The opening words of the report.", 700, right=160)], [_line("Findings", 700, size=16, page=1)]]
    )
    assert markdown.endswith('\n\n## Findings<a id="page-2"></a>')


def test_a_refused_pdf_leaves_pdfium_free_for_the_next() -> None:
    hostile = Path(__file__).parent / "fixtures" / "pdf"
    for name in ("no-text-layer.pdf", "garbled.pdf", "encrypted.pdf"):
        with pytest.raises(ExtractError):
            read_pdf((hostile / name).read_bytes())
        assert read_pdf(REPORT_PDF).pages == 8  # no deadlock: the refusal released the lock


def test_progress_offers_the_first_pages_before_the_whole() -> None:
    seen: list[str] = []
    document = read_pdf(REPORT_PDF, progress=seen.append)
    assert seen and len(seen[0]) < len(document.markdown)
    assert all(document.markdown.startswith(markdown) for markdown in seen)
    assert [len(markdown) for markdown in seen] == sorted({len(markdown) for markdown in seen})  # each offers more


def test_the_first_offer_is_a_screenful_of_the_body_not_the_cover_alone() -> None:
    """A reader shows the first offer until the whole document is in: the report's cover page (a subtitle) and
    its title page's lines would fill no screen, so the first offer waits for the body's opening pages."""
    seen: list[str] = []
    read_pdf(REPORT_PDF, progress=seen.append)
    assert "The Northern Seas are crossed by thirty-one major seabed cables" in seen[0]
    assert len(seen[0].split()) >= FIRST_SCREEN_WORDS
