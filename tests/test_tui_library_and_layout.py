"""The library screen's keys, the help's, the footer's; the compact header, read/saved marks, the theme kept
and the library never taking typed words for commands."""

from __future__ import annotations

from test_tui import LISTING, TIDEWATER, generic_page, main_screen, make_app, notes, open_item
from textual.containers import VerticalScroll
from textual.widgets import Input
from textual.widgets._footer import FooterKey
from tui_helpers import screen_text, settle, until

from inkreader.store.search import snippet_line
from inkreader.tui.screens.dialogs import ConfirmScreen
from inkreader.tui.screens.help import HelpScreen
from inkreader.tui.screens.library import LibraryScreen
from inkreader.tui.widgets.format import display_date
from inkreader.tui.widgets.header import size_label, word_count
from server import respond

SIZE = (120, 40)


async def test_s_in_the_library_asks_before_it_unsaves(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert app.reader.is_saved(site_server.url(TIDEWATER))
        await pilot.press("L")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.entries.option_count == 1
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)  # no piece leaves the list without a yes
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is screen and app.reader.is_saved(site_server.url(TIDEWATER))
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert screen.query_one(Input).value == ""
        assert not app.reader.is_saved(site_server.url(TIDEWATER))
        await until(pilot, lambda: screen.entries.option_count == 0, "the list to empty")
        assert any("Removed from your library" in message for message, _ in notes(app))


async def test_a_word_typed_on_the_library_list_runs_no_command(data_dir, site_server):
    """Typing a word on the list once unsaved the piece at its first "s" and searched for the rest."""
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert "/" in screen.query_one(Input).placeholder
        await pilot.press(*"abed", "x", "q", "z")  # letters that are no action here do nothing
        await settle(app, pilot)
        assert app.screen is screen and screen.focused is screen.entries
        assert screen.query_one(Input).value == "" and screen.searches == 0
        assert app.reader.is_saved(site_server.url(TIDEWATER))
        await pilot.press("slash", *"seabed")  # in the box, s is a letter
        await settle(app, pilot)
        assert screen.query_one(Input).value == "seabed"
        assert app.reader.is_saved(site_server.url(TIDEWATER))


async def test_enter_with_one_search_result_opens_it(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_item(app, pilot, "Tidewater")
        await pilot.press("tab")  # from the list, / searches the library (from the text it finds in the page)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press(*"berths", "enter")  # in this piece only (the listing titles are searchable too)
        await settle(app, pilot)
        assert not isinstance(app.screen, LibraryScreen)
        assert main_screen(app).article.url == site_server.url(TIDEWATER)


async def test_search_results_keep_kind_and_authors(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = main_screen(app).article
        assert article.kind and article.authors
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"cranes", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert article.kind.capitalize() in text and article.authors[0] in text, text


def test_snippets_do_not_run_link_text_into_headings():
    assert snippet_line("the last [link] text\nThe Next Heading\nA sentence.\nMore") == (
        "the last [link] text · The Next Heading · A sentence. More"
    )


async def test_j_and_k_scroll_the_help(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        scroll = app.screen.query_one("#help-dialog", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("k", "k")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_back_is_greyed_out_on_the_start_page_and_lit_once_there_is_a_page_to_return_to(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        (back,) = [key for key in screen.query(FooterKey) if key.action.endswith("back")]
        assert back.has_class("-disabled")
        start = screen.article
        await pilot.press("h")  # nowhere to go back to: nothing happens
        await settle(app, pilot)
        assert screen.article is start
        await open_item(app, pilot, "Tidewater")
        assert "h Back" in screen_text(app).splitlines()[-1]
        assert not back.has_class("-disabled")


async def test_f_on_a_piece_with_no_outlet_says_so(data_dir, server):
    body = "<p>" + "A piece published on this site only, with nothing further to follow. " * 8 + "</p>"
    url = server.route("/own", lambda r: respond(r, 200, generic_page("A Piece Of Our Own", body)))
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = main_screen(app).article
        assert not article.full_article_url and not article.followed
        await pilot.press("f")
        await pilot.pause()
        assert any("full text" in message or "outside outlet" in message for message, _ in notes(app)), notes(app)


async def test_at_80_by_24_the_header_is_compact_and_gives_its_rows_to_the_text(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        header = main_screen(app).query_one("#article-header")
        assert header.outer_size.height <= 3
        text = screen_text(app)
        article = main_screen(app).article
        # a followed piece keeps its date, authors and length; the rest shortens or goes to make room
        assert article.followed and article.published and article.authors
        line = next(line for line in text.splitlines() if "min" in line and "By " in line)
        assert display_date(article.published) in line and article.authors[0] in line
        assert size_label(word_count(article.markdown)).rpartition(" · ")[2] in line
        assert main_screen(app).query_one("#item-summary").outer_size.height <= 4


async def test_the_header_gives_words_and_reading_time(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article = main_screen(app).article
        label = size_label(word_count(article.markdown))
        assert label.endswith("min") and " words · " in label
        assert label in screen_text(app)


def test_word_count_counts_words_not_link_targets():
    assert word_count("Two [linked words](https://example.org/a/b/c) here, don't.") == 5
    assert size_label(0) == "" and size_label(1) == "1 word · 1 min" and size_label(2300) == "2,300 words · 10 min"


async def test_listing_cards_carry_read_and_saved_marks(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert "✓ read" not in screen_text(app) and "★ saved" not in screen_text(app)
        await open_item(app, pilot, "Tidewater")
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)
        assert screen.article.kind == "listing"
        assert "★ saved" in screen_text(app)
        listing = list(screen.related.items)
        other = next(item for item in listing if "Tidewater" not in item.title)
        screen.open_location(other.url)
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)
        assert "✓ read" in screen_text(app)


async def test_the_theme_chosen_in_the_palette_is_kept_across_restarts(data_dir, server):
    url = server.route("/t", lambda r: respond(r, 200, generic_page("Themes", "<p>" + "Words for a page. " * 20)))
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme != "nord"
        app.theme = "nord"  # what choosing it in Ctrl+P's theme list does
        await settle(app, pilot)
    again = make_app(url)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert again.theme == "nord"
