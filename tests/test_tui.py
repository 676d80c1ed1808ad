"""Pilot tests of the reader TUI: real Reader, real SQLite library in a temp dir, real HTTP on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import main_screen, make_app, notes, screen_text, settle, until

from inkreader.config import resolve_paths
from inkreader.tui.linknumbers import number_links
from inkreader.tui.screens.dialogs import GotoScreen
from inkreader.tui.screens.help import HelpScreen
from inkreader.tui.screens.library import LibraryScreen
from inkreader.tui.screens.main import MainScreen
from inkreader.tui.widgets.article_body import Place
from inkreader.tui.widgets.article_view import ArticleView
from inkreader.tui.widgets.related_list import RelatedList
from server import FixtureServer, respond

SIZE = (120, 40)
LISTING = "/articles-multimedia"
TIDEWATER = "/publications/commentary/tidewater-logistics"
HOSTILE_TITLE = "[bold red]x[/] [link=http://evil]y[/link]"


async def open_item(app, pilot, title_part: str) -> None:
    """Highlight the card whose title contains ``title_part`` and press Enter."""
    related = main_screen(app).related
    index = next(i for i, item in enumerate(related.items) if title_part in item.title)
    related.focus()
    related.highlighted = index
    await pilot.press("enter")
    await settle(app, pilot)


def generic_page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    )


LINK_BODY = (
    "<p>This fixture page exists to test links in the reading pane, with enough prose around them that a "
    "readability-style extractor keeps the article body in one piece and in order.</p>"
    "<p><a href='/second'>Second page</a> is an ordinary article on the same site, opened inside the reader.</p>"
    "<p><a href='mailto:press@example.org'>Write to us</a> is a mail link that the reader must refuse.</p>"
    "<p><a href='/files/annual-report.pdf'>The annual report</a> is a PDF that only a browser can show well.</p>"
    "<p>Closing paragraph with a few more words so that the page reads like an article rather than a menu "
    "of links, which keeps the generic extractor happy about what counts as the main content here.</p>"
)


@pytest.fixture
def link_site(server: FixtureServer) -> FixtureServer:
    server.route("/links", lambda r: respond(r, 200, generic_page("Links Under Test", LINK_BODY)))
    server.route(
        "/second",
        lambda r: respond(
            r,
            200,
            generic_page(
                "The Second Page",
                "<p>" + "The second page has its own text, long enough to be an article. " * 6 + "</p>",
            ),
        ),
    )
    return server


# -- start page, list pane, opening ----------------------------------------------------------------------
async def test_start_page_lists_cards_with_summary(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert isinstance(app.focused, RelatedList)
        assert screen.related.option_count == 20
        text = screen_text(app)
        first = screen.related.items[0]
        assert first.title[:30] in text
        assert "Articles & Multimedia" in text
        # the highlighted card's summary is shown under the list (the fixture's first card has one)
        assert first.summary
        assert first.summary.split()[0] in text
        await pilot.press("j")
        assert screen.related.highlighted == 1
        await pilot.press("k")
        assert screen.related.highlighted == 0


async def test_enter_opens_a_piece_and_the_list_shows_its_related_items(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_item(app, pilot, "Tidewater")
        screen = main_screen(app)
        assert screen.article.title.startswith("Tidewater Logistics")
        assert screen.related.option_count == len(screen.article.related) > 0
        text = screen_text(app)
        assert "Tidewater Logistics" in text
        assert "Full text from Inkwell Review" in text
        assert screen.controller.history.items == (site_server.url(LISTING), site_server.url(TIDEWATER))


async def test_mouse_click_on_a_card_opens_it(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        first = screen.related.items[0]
        await pilot.click(RelatedList, offset=(5, 1))
        await settle(app, pilot)
        assert screen.article.url == first.url


async def test_tab_moves_between_panes(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.view.text_has_focus  # a piece named on the command line: its text has the focus
        await pilot.press("j")  # scrolls the reading pane, not the list
        assert screen.related.highlighted == 0
        await pilot.press("tab")
        assert app.focused is screen.related
        await pilot.press("tab")
        assert screen.view.text_has_focus


async def test_back_and_forward(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await open_item(app, pilot, "Tidewater")
        await pilot.press("backspace")
        await settle(app, pilot)
        assert screen.article.kind == "listing"
        await pilot.press("l")
        await settle(app, pilot)
        assert screen.article.url == site_server.url(TIDEWATER)
        await pilot.press("h")
        await settle(app, pilot)
        assert screen.article.kind == "listing"
        assert screen.controller.history.can_go_forward


# -- save, library, search, go to ----------------------------------------------------------------------
async def test_save_then_library_lists_it_and_opens_it(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        url = site_server.url(TIDEWATER)
        await pilot.press("s")
        await settle(app, pilot)
        assert app.reader.is_saved(url)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Tidewater Logistics" in screen_text(app)
        assert "●" not in screen_text(app)  # opened, then saved: read, not listed as unread
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).article.url == url
        # s again unsaves
        await pilot.press("s")
        await settle(app, pilot)
        assert not app.reader.is_saved(url)


async def test_slash_searches_the_library_as_you_type(data_dir, site_server, monkeypatch):
    monkeypatch.setattr(LibraryScreen, "search_delay", 3600.0)  # the typing never pauses long enough
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("tab", "slash")  # from the list ("/" in the text finds in the page)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert isinstance(app.focused, Input)
        await pilot.press(*"cranes")
        await settle(app, pilot)
        assert screen.searches == 0  # no search while the typing goes on
        screen.search_delay = 0.01
        await pilot.press("backspace")  # then a pause long enough: the search runs, once
        await until(pilot, lambda: screen.searches == 1 and screen.entries.option_count >= 1, "one search")
        await settle(app, pilot)
        assert "Tidewater" in screen_text(app)
        await pilot.press("enter")  # submit: focus the results
        await pilot.press("enter")  # open the first
        await settle(app, pilot)
        assert main_screen(app).article.url == site_server.url(TIDEWATER)


async def test_g_goes_to_a_url_and_refuses_other_schemes(data_dir, site_server):
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GotoScreen)
        await pilot.press(*site_server.url(TIDEWATER), "enter")
        await settle(app, pilot)
        assert main_screen(app).article.url == site_server.url(TIDEWATER)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"javascript:alert(1)", "enter")
        await settle(app, pilot)
        assert main_screen(app).article.url == site_server.url(TIDEWATER)
        assert any("javascript" in message and severity == "warning" for message, severity in notes(app))


async def test_fetch_errors_are_notifications_not_crashes(data_dir, site_server):
    app = make_app(site_server.url("/no-such-page"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert any(severity == "error" for _, severity in notes(app))
        assert "Nothing to show" in screen_text(app)


# -- reload, next page, full text / summary --------------------------------------------------------------
async def test_r_reloads_a_page_that_changed(data_dir, server):
    version = {"n": 1}

    def page(request):
        n = version["n"]
        sentence = f"Version {n} of this page says something new. "
        respond(request, 200, generic_page(f"Changing Page Version {n}", f"<p>{sentence * 8}</p>"))

    url = server.route("/changing", page)
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert "Version 1" in screen.article.title
        await pilot.press("r")
        await settle(app, pilot)
        assert "Version 1" in screen.article.title  # unchanged: stays
        version["n"] = 2
        await pilot.press("r")
        await settle(app, pilot)
        assert "Version 2" in screen.article.title
        assert "Version 2" in screen_text(app)


async def test_n_loads_the_next_listing_page_and_so_does_reaching_the_end(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.controller.next_url
        await pilot.press("n")
        await settle(app, pilot)
        assert screen.related.option_count > 20
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("end")  # cursor at the last card
        await settle(app, pilot)
        assert screen.related.option_count > 20


async def test_f_switches_between_full_text_and_summary(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        article = screen.article
        assert article.followed and article.summary_markdown
        view = screen.view
        # the pane shows the text with its links numbered (numbers follow Article.links; the summary its own order)
        full = number_links(article.markdown, article.links).markdown.strip()
        summary = number_links(article.summary_markdown).markdown.strip()
        assert view.document.source.strip() == full
        await pilot.press("f")
        await settle(app, pilot)
        assert screen.controller.showing_summary
        assert view.document.source.strip() == summary
        assert "Think-tank summary" in screen_text(app)
        await pilot.press("f")
        await settle(app, pilot)
        assert view.document.source.strip() == full


# -- help, palette, quit ---------------------------------------------------------------------------------
async def test_help_lists_every_binding(data_dir, site_server):
    from inkreader.tui.commands import COMMANDS

    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=(120, 80)) as pilot:  # tall enough for the whole help
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for command in COMMANDS:
            assert command.title in text, command.title
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_runs_an_action(data_dir, site_server):
    from textual.command import CommandList, CommandPalette

    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Library")
        commands = app.screen.query_one(CommandList)

        def library_offered() -> bool:
            option = commands.highlighted_option
            return option is not None and "Library" in str(option.prompt)

        await until(pilot, library_offered, "the Library command offered")  # the palette gathers hits in batches
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library shown")


async def test_o_opens_the_browser_and_y_copies(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        assert app.opened_in_browser == [site_server.url(TIDEWATER)]
        await pilot.press("y")
        assert app.clipboard == site_server.url(TIDEWATER)


async def test_q_quits(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


# -- links in the reading pane ----------------------------------------------------------------------------
async def click_link(app, pilot, text: str) -> None:
    """Click the second cell of the paragraph that starts with the link ``text``."""
    body = main_screen(app).view.document
    for index, block in enumerate(body.blocks):
        if block.text.startswith(text):
            body.scroll_to(y=body.line_of(Place(index, 0)), animate=False, immediate=True)
            await pilot.pause()
            offset = body.offset_of(Place(index, 1))
            assert offset is not None
            assert await pilot.click(body, offset=offset)
            await pilot.pause()
            return
    raise AssertionError(f"no paragraph starting with {text!r}")


async def test_link_click_opens_in_the_reader(data_dir, link_site):
    app = make_app(link_site.url("/links"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await click_link(app, pilot, "Second page")
        await settle(app, pilot)
        assert main_screen(app).article.title == "The Second Page"


async def test_mailto_and_javascript_links_are_refused(data_dir, link_site):
    app = make_app(link_site.url("/links"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await click_link(app, pilot, "Write to us")
        await settle(app, pilot)
        assert main_screen(app).article.title == "Links Under Test"
        assert any("mailto" in m and s == "warning" for m, s in notes(app))
        # markdown-it never makes a javascript: link clickable; a forged click is refused all the same
        document = main_screen(app).view.document
        document.post_message(ArticleView.LinkClicked(document, "javascript:alert(1)"))
        await settle(app, pilot)
        assert main_screen(app).article.title == "Links Under Test"
        assert any("javascript" in m for m, _ in notes(app))
        assert app.opened_in_browser == []


async def test_pdf_link_opens_in_the_app(data_dir, link_site):
    report = (Path(__file__).resolve().parents[1] / "src/inkreader/demo/site/documents").glob("*.pdf")
    pdf = next(report).read_bytes()
    link_site.route("/files/annual-report.pdf", lambda r: respond(r, 200, pdf, "application/pdf"))
    app = make_app(link_site.url("/links"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await click_link(app, pilot, "The annual report")
        await until(pilot, lambda: main_screen(app).article.url == link_site.url("/files/annual-report.pdf"))
        assert main_screen(app).article.site == "pdf"
        assert "Executive Summary" in main_screen(app).article.markdown
        assert app.opened_in_browser == []


# -- offline ----------------------------------------------------------------------------------------------
async def test_offline_copy_has_a_banner_when_the_server_is_gone(data_dir, server):
    url = server.url(TIDEWATER)
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not main_screen(app).article.offline
    server.stop()
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = main_screen(app).article
        assert article.offline and article.from_cache
        text = screen_text(app)
        assert "Offline copy from" in text
        assert text.count("Offline copy from") == 1
        assert "Tidewater Logistics" in text


async def test_no_network_and_nothing_cached_falls_back_to_the_library(data_dir, server):
    url = server.url(TIDEWATER)
    server.stop()
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any(s == "error" for _, s in notes(app))


async def test_offline_flag_uses_the_library_only(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    hits = len(site_server.hits)
    app = make_app(site_server.url(TIDEWATER), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert main_screen(app).article.offline
    assert len(site_server.hits) == hits


# -- hostile page text ------------------------------------------------------------------------------------
async def test_markup_and_escapes_in_page_text_are_shown_literally(data_dir, server):
    title = HOSTILE_TITLE + " \x1b]52;c;ZXZpbA==\x07 end"
    body = "<p>" + f"Body text mentions {HOSTILE_TITLE} and goes on for a while. " * 5 + "</p>"
    url = server.route("/hostile", lambda r: respond(r, 200, generic_page(title, body)))
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert text.count(HOSTILE_TITLE) >= 2  # the header and the body
        assert "\x1b" not in text and "\x07" not in text
        assert "ZXZpbA" not in text  # the OSC 52 payload went with its sequence


# -- reading position -------------------------------------------------------------------------------------
async def test_reading_position_is_remembered_for_saved_pieces(data_dir, server):
    paragraphs = "".join(f"<h2>Part {i}</h2><p>{'Long article text for scrolling. ' * 30}</p>" for i in range(30))
    long_url = server.route("/long", lambda r: respond(r, 200, generic_page("A Long Read", paragraphs)))
    other_url = server.route(
        "/other",
        lambda r: respond(
            r, 200, generic_page("Another Page", "<p>" + "Something else entirely, at reasonable length. " * 8 + "</p>")
        ),
    )
    app = make_app(long_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("s")
        await settle(app, pilot)
        scroller = screen.view.scroller
        scroller.scroll_to_fraction(0.5)
        await pilot.pause()
        screen.open_location(other_url)
        await settle(app, pilot)
        position = app.reader.library.get_position(long_url)
        assert position is not None and 0.3 < position < 0.7
        await pilot.press("backspace")
        await settle(app, pilot)
        # the stored position is read in a thread, then scrolled to after the next refresh
        await until(pilot, lambda: 0.3 < screen.view.scroller.fraction < 0.7, "the reading position restored")
        entry = next(e for e in app.reader.library.list_saved() if e.url == long_url)
        assert not entry.unread
        screen.view.scroller.scroll_to_fraction(0.9)
        await pilot.pause()
        await pilot.press("q")  # quitting stores the position too
    from inkreader.store import Library

    library = Library.open(resolve_paths())
    try:
        assert library.get_position(long_url) > 0.8
    finally:
        library.close()
