"""Small things a walkthrough found: the footer while finding, an empty related pane, the library's keys."""

from __future__ import annotations

from test_tui import LINK_BODY, TIDEWATER, generic_page, main_screen, make_app
from textual.widgets._footer import FooterKey
from tui_helpers import screen_text, settle, until

from inkreader.tui.screens.library import LibraryScreen
from inkreader.tui.widgets.findbar import FindBar
from server import respond

SIZE = (120, 40)


def footer_keys(app) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey) if key.display]


async def test_the_footer_keeps_its_keys_while_the_find_bar_is_open(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = footer_keys(app)
        assert "Library" in before and "Quit" in before
        await pilot.press("ctrl+f")
        bar = app.screen.query_one(FindBar)
        await until(pilot, lambda: bar.display and app.focused is bar.input, "the find box")
        await pilot.press("p", "o", "r", "t")
        await until(pilot, lambda: bar.input.value == "port", "the word typed")
        await settle(app, pilot)
        assert footer_keys(app) == before
        await pilot.press("escape")
        await settle(app, pilot)
        assert footer_keys(app) == before


async def test_an_empty_related_pane_says_so(data_dir, server):
    server.route("/alone", lambda r: respond(r, 200, generic_page("A Page Alone", LINK_BODY)))
    app = make_app(server.url("/alone"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert main_screen(app).article.title == "A Page Alone"
        assert main_screen(app).related.option_count == 0
        assert "Nothing related here." in screen_text(app)


async def test_the_library_offers_no_unsave_when_nothing_is_saved(data_dir, site_server):
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await settle(app, pilot)
        assert "Nothing saved yet" in screen_text(app)
        assert "Unsave" not in footer_keys(app) and "Close" in footer_keys(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("s")  # saved: now there is something to unsave
        await settle(app, pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await until(pilot, lambda: "Unsave" in footer_keys(app), "s Unsave offered")


async def test_search_shows_what_was_only_seen_on_a_listing_and_never_marks_it_read(data_dir, site_server, monkeypatch):
    monkeypatch.setattr(LibraryScreen, "search_delay", 0.01)
    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        card = next(item for item in main_screen(app).related.items if "Grain Corridor" in item.title)
        await pilot.press("tab", "slash")  # from the list: search the library
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the search")
        await pilot.press(*"grain corridor")
        screen = app.screen
        await until(pilot, lambda: screen.entries.option_count >= 1, "the results")
        await settle(app, pilot)
        assert "seen on a listing, not read yet" in screen_text(app)
        marks = app.reader.marks([card.url])
        assert card.url not in marks or not marks[card.url].read
