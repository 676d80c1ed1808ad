"""PDF reports in the reading pane: a report page whose text is long enough to keep offers its PDF on f."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import main_screen, make_app, notes, screen_text, settle, until

import inkreader
from server import respond

DEMO_SITE = Path(inkreader.__file__).parent / "demo" / "site"
REPORT_PDF = (DEMO_SITE / "documents" / "Holding-the-Line-Beneath-the-Waves.pdf").read_bytes()
PROSE = (
    "The report weighs who should watch the cables and pipelines beneath the Northern Seas, and at what cost to "
    "the coast guards that already patrol them. "
) * 12


async def test_f_on_a_report_page_opens_its_pdf_in_the_reading_pane(data_dir, server):
    pdf = server.route("/files/holding-the-line", lambda r: respond(r, 200, REPORT_PDF, "application/pdf"))
    page = f"""<!doctype html><html><head><title>Holding the Line Beneath the Waves</title></head><body>
<main><article><h1>Holding the Line Beneath the Waves</h1><p>{PROSE}</p><p>{PROSE}</p>
<p><a class="button -solid" href="{pdf}">Download PDF</a></p></article></main></body></html>"""
    url = server.route("/reports/holding-the-line", lambda r: respond(r, 200, page))
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.article is not None and not screen.article.followed and screen.article.pdf_url == pdf
        await pilot.press("f")
        await settle(app, pilot)
        assert screen.article.url == pdf and screen.article.pages == 8
        assert "Executive Summary" in screen.view.markdown


async def test_a_pdfs_first_pages_show_while_the_rest_is_read(data_dir, server, monkeypatch):
    from inkreader.tui.widgets.article_view import ArticleView

    previews: list[str] = []
    show_message = ArticleView.show_message

    def recording(self: ArticleView, title: str, body: str = "") -> None:
        previews.append(title)
        show_message(self, title, body)

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
        assert view.border_subtitle == "p. 1"
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
