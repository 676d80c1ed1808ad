"""PDF reports in the reading pane: a report page whose text is long enough to keep offers its PDF on f."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import main_screen, make_app, notes, screen_text, settle, until

import inkreader
from inkreader.tui.widgets.article_view import Heading
from server import respond

DEMO_SITE = Path(inkreader.__file__).parent / "demo" / "site"
REPORT_PDF = (DEMO_SITE / "documents" / "Holding-the-Line-Beneath-the-Waves.pdf").read_bytes()
REPORT_PAGE = DEMO_SITE / "publications" / "reports" / "holding-the-line-beneath-the-waves.html"
PROSE = (
    "The report weighs who should watch the cables and pipelines beneath the Northern Seas, and at what cost to "
    "the coast guards that already patrol them. "
) * 12


async def test_f_on_a_report_page_shows_its_pdf_keeping_the_page(data_dir, server):
    """The demo's report page keeps its own text (a long summary); f shows its PDF in the page's place, with the
    page's title, authors and related items, and f again goes back to the page's text."""
    pdf = server.route(
        "/documents/Holding-the-Line-Beneath-the-Waves.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf")
    )
    base = pdf.rsplit("/documents/", 1)[0]
    page = REPORT_PAGE.read_text(encoding="utf-8").replace("{{BASE}}", base)
    url = server.route("/publications/reports/holding-the-line", lambda r: respond(r, 200, page))
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        page_article = screen.article
        assert page_article is not None and not page_article.followed and page_article.pdf_url == pdf
        related = [item.url for item in page_article.related]
        assert related and screen.related.option_count == len(related)
        await pilot.press("f")
        await settle(app, pilot)
        shown = screen.article
        assert shown is not None and shown.url == url and shown.followed and shown.pages == 8
        assert shown.title == page_article.title and shown.authors == page_article.authors
        assert [item.url for item in shown.related] == related and screen.related.option_count == len(related)
        assert "Protecting the Northern Seas" in screen.view.markdown  # the PDF's cover line: its text
        await until(pilot, lambda: "The report's PDF · press f for the page" in screen_text(app), "the PDF's header")
        assert screen.view.anchors.page_count == 8
        await pilot.press("f")
        await settle(app, pilot)
        assert screen.controller.showing_summary and "Download PDF" in screen.view.markdown
        await until(pilot, lambda: "The report's page · press f for the PDF" in screen_text(app), "the page's header")
        await pilot.press("f")
        await settle(app, pilot)
        assert not screen.controller.showing_summary and "Protecting the Northern Seas" in screen.view.markdown


def _report_page(server, path: str, pdf: str) -> str:
    """A report page kept for its own text (two long paragraphs), offering its PDF by a "Download PDF" button."""
    page = f"""<!doctype html><html><head><title>Holding the Line</title></head><body>
<main><article><h1>Holding the Line</h1><p>{PROSE}</p><p>{PROSE}</p>
<p><a class="button -solid" href="{pdf}">Download PDF</a></p></article></main></body></html>"""
    return server.route(path, lambda r: respond(r, 200, page))


async def test_f_says_why_when_the_reports_pdf_cannot_be_read(data_dir, server):
    pdf = server.route("/files/broken.pdf", lambda r: respond(r, 200, b"%PDF-1.7 not really", "application/pdf"))
    url = _report_page(server, "/reports/broken-pdf", pdf)
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("f")
        await settle(app, pilot)
        assert any("The report's PDF could not be read" in message for message, _ in notes(app))
        assert screen.article is not None and screen.article.url == url and not screen.article.followed
        assert "The report weighs who should watch" in screen.view.markdown


async def test_a_pdfs_first_pages_show_while_the_rest_is_read(data_dir, server, monkeypatch):
    from inkreader.tui.widgets.article_view import ArticleView

    previews: list[str] = []
    show_message = ArticleView.show_message

    def recording(self: ArticleView, title: str, body: str = "", **more: bool) -> None:
        show_message(self, title, body, **more)
        previews.append(title)
        if title.startswith("Reading the PDF"):
            assert self.rendering  # the bar does not say all of it has been seen: the rest is on its way

    monkeypatch.setattr(ArticleView, "show_message", recording)
    pdf = server.route("/files/holding-the-line.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    app = make_app(pdf)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert [title for title in previews if title.startswith("Reading the PDF")] != []  # once, not per page
        assert len([title for title in previews if title.startswith("Reading the PDF")]) == 1
        assert screen.article is not None and screen.article.pages == 8  # then the whole document
        assert "Executive Summary" in screen.view.markdown


async def test_p_goes_to_a_pdfs_page_and_the_pane_says_which_page_is_read(data_dir, server):
    pdf = server.route("/files/holding-the-line.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    app = make_app(pdf)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        assert view.anchors.page_count == 8
        await until(pilot, lambda: view.border_subtitle == "p. 1", "the first page at the top")
        await pilot.press("p", "5")  # 8 pages: 5 can only be page 5
        await until(pilot, lambda: view.border_subtitle.startswith("p. 5 · § "), "page 5 at the top")
        top = view.document.blocks[view.place().block].text
        assert "First, redundancy was weaker than it appeared." in top
        assert "<a id" not in screen_text(app)  # the anchors are places, never words
        await pilot.press("backspace")  # back to where the jump began
        await until(pilot, lambda: view.scroller.scroll_y == 0 and view.border_subtitle == "p. 1", "the top")
        # find and the contents see only the words: a phrase across a page's anchor is found, and no heading
        # of the contents is a page
        assert view.find("cut by a dragged anchor") == 1
        assert all(not heading.label.startswith("Page") for heading in view.outline())
        note = view.anchors.note_item(3, view.document.blocks)  # the PDF's footnotes are endnotes: # reaches them
        assert note is not None
        await pilot.press("number_sign", "3")
        await until(pilot, lambda: view.scroller.scroll_y > 0, "the jump to note 3")
        assert view.place().block <= note and view.document.blocks[note].text[:40] in screen_text(app)
        await pilot.press("p", "9")
        await until(pilot, lambda: any("no page 9" in message for message, _ in notes(app)), "the no-page note")


async def test_p_on_a_web_page_says_it_has_no_pages(data_dir, server):
    page = f"<!doctype html><html><head><title>Cables</title></head><body><main><article><h1>Cables</h1><p>{PROSE}</p>"
    url = server.route("/commentary/cables", lambda r: respond(r, 200, page + "</article></main></body></html>"))
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        await pilot.press("p")
        await until(pilot, lambda: any("not a PDF" in message for message, _ in notes(app)), "the note")
        assert view.anchors.page_count == 0 and not (view.border_subtitle or "").startswith("p.")


async def test_a_reports_pdf_read_once_is_there_offline(data_dir, server):
    from inkreader.config import Settings, resolve_paths
    from inkreader.errors import NotInLibrary
    from inkreader.reader import Reader

    pdf = server.route("/files/holding.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    url = _report_page(server, "/reports/offline-pdf", pdf)
    paths = resolve_paths(None).ensure()
    async with Reader(paths, settings=Settings(start_url="")) as online:
        kept = await online.open(url)
    async with Reader(paths, settings=Settings(start_url=""), offline=True) as offline:
        with pytest.raises(NotInLibrary, match="the report's PDF"):
            await offline.with_report_pdf(await offline.open(url))
    async with Reader(paths, settings=Settings(start_url="")) as online:
        await online.open(pdf)  # read on its own: the PDF is a piece of the library
    async with Reader(paths, settings=Settings(start_url=""), offline=True) as offline:
        shown = await offline.with_report_pdf(await offline.open(url))
    assert shown.followed and shown.pages == 8 and shown.title == kept.title and '<a id="page-3"></a>' in shown.markdown
    assert shown.summary_markdown == kept.markdown


async def test_the_pdf_chosen_with_f_is_the_version_kept(data_dir, server):
    from inkreader.config import Settings, resolve_paths
    from inkreader.reader import Reader

    pdf = server.route("/files/chosen.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    url = _report_page(server, "/reports/chosen", pdf)  # no validators: a full fetch each time
    paths = resolve_paths(None).ensure()
    async with Reader(paths, settings=Settings(start_url="")) as online:
        await online.with_report_pdf(await online.open(url))
        again = await online.open(url)  # fetched again, and its PDF followed again: the reader's choice holds
        assert again.followed and again.pages == 8
        assert not (await online.open(url, follow=False)).followed  # --no-follow still shows the page itself
    async with Reader(paths, settings=Settings(start_url=""), offline=True) as offline:
        kept = await offline.open(url)
    assert kept.followed and kept.pages == 8 and '<a id="page-4"></a>' in kept.markdown


async def test_a_highlight_made_in_a_reports_pdf_shown_by_f_stays_attached(data_dir, server):
    from inkreader.config import Settings, resolve_paths
    from inkreader.reader import Reader

    pdf = server.route("/files/kept.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    url = _report_page(server, "/reports/kept-pdf", pdf)
    async with Reader(resolve_paths(None).ensure(), settings=Settings(start_url="")) as reader:
        shown = await reader.with_report_pdf(await reader.open(url))
        highlight = reader.add_highlight(url, *_span(reader, shown, "Three features of the episode stand out."))
        [listed] = reader.highlights(url)
        assert (listed.id, listed.detached, listed.page) == (highlight.id, False, 4)
        again = await reader.open(url)  # the version kept: the PDF's text, the page's own for f
        assert again.followed and again.pages == 8 and again.summary_markdown == shown.summary_markdown


def _span(reader, article, quote: str) -> tuple[int, int]:
    text = reader.document(article).text
    start = text.index(quote)
    return start, start + len(quote)


def test_a_pdf_highlight_in_the_list_pane_says_its_page() -> None:
    from inkreader.model_annotations import Highlight
    from inkreader.tui.widgets.highlight_list import highlight_prompt

    on_page = Highlight(id=1, url="u", quote="Fleets are scarce.", page=12)
    assert highlight_prompt(on_page).plain == "p. 12  “Fleets are scarce.”"
    assert highlight_prompt(Highlight(id=2, url="u", quote="On the web.")).plain == "“On the web.”"


async def test_an_address_with_page_opens_the_pdf_at_that_page(data_dir, server):
    pdf = server.route("/files/at-a-page.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    app = make_app(pdf + "#page=5")  # the PDF open parameter viewers honour, as citations and links use it
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        await until(pilot, lambda: (view.border_subtitle or "").startswith("p. 5 · "), "page 5 at the top")
        assert main_screen(app).article.url == pdf  # one piece in the library, whatever the fragment
        await pilot.press("backspace")  # Backspace returns to the document's top, as after any in-page jump
        await until(pilot, lambda: view.scroller.scroll_y == 0, "the top")


async def test_an_address_with_a_heading_fragment_opens_at_the_heading(data_dir, server):
    sections = "".join(f"<h2>Section {n}</h2><p>{PROSE}</p>" for n in range(1, 6))
    page = f"<!doctype html><html><head><title>Sections</title></head><body><main><article><h1>Sections</h1>{sections}"
    url = server.route("/commentary/sections", lambda r: respond(r, 200, page + "</article></main></body></html>"))
    app = make_app(url + "#section-4")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        await until(pilot, lambda: (view.current_heading() or Heading(0, "", "")).label == "Section 4", "section 4")


def test_fragments_lead_to_pages_headings_and_anchors() -> None:
    from inkreader.tui.anchors import BodyAnchors
    from inkreader.tui.document import parse

    blocks = parse('<a id="page-1"></a>Words.\n\n## Findings<a id="page-2"></a>\n\n<a id="page-4"></a>More words.')
    anchors = BodyAnchors()
    anchors.take(blocks, 0)
    assert anchors.fragment("page=2", blocks) == (1, 0)
    assert anchors.fragment("page=3&zoom=100", blocks) == (2, 0)  # page 3 has no words: the next that has
    assert anchors.fragment("page=9", blocks) is None
    assert anchors.fragment("page-4", blocks) == (2, 0) and anchors.fragment("findings", blocks) == (1, 0)
    assert anchors.fragment("nowhere", blocks) is None


async def test_c_on_a_selection_in_a_pdf_copies_the_quote_its_page_and_the_citation(data_dir, server):
    pdf = server.route("/files/quote-me.pdf", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    app = make_app(pdf)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        await until(pilot, lambda: view.anchors.page_count == 8, "the whole PDF")
        await pilot.press("p", "5")
        await until(pilot, lambda: (view.border_subtitle or "").startswith("p. 5 · "), "page 5 at the top")
        await pilot.press("v")  # visual mode from the first block in view: page 5 begins in it
        await until(pilot, lambda: view.selection is not None, "the selection")

        await pilot.press("c")
        await settle(app, pilot)
        copied = app.clipboard
        quote, _, citation = copied.partition("\n")
        assert quote.startswith("“Three features of the episode stand out.”")  # the block's first sentence
        assert quote.endswith("(p. 4)")  # where the quote begins: page 5 begins later in that block
        assert "Holding the Line Beneath the Waves" in citation and "Holt" in citation and "\n" not in citation
        assert view.selection is None  # the selection is done with, as after y
        await pilot.press("c")  # no selection: the piece's citation alone
        await settle(app, pilot)
        assert app.clipboard.strip() == citation
