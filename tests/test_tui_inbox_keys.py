"""Pilot tests of the inbox as a daily tool: keys stay live while the library is busy, n / N across sources, the
unread-only view, M that asks, lists that stop at their ends, true counts, a page read anywhere read here."""

from __future__ import annotations

import threading

import pytest
from inbox_helpers import THINK_TANK, add_items, follow_demo, inbox, make_app, pane_subtitle, pane_title, source_index
from tui_helpers import main_screen, notes, screen_text, settle, until

from inkreader.demo.server import DemoServer
from inkreader.tui.screens.dialogs import ConfirmScreen, GotoScreen
from inkreader.tui.widgets.inbox_list import ItemOption

SIZE = (120, 40)
MERIDIAN = "Meridian Defense Daily"
TIDEWATER = "The Tidewater Review"


@pytest.fixture
def demo(data_dir):
    with DemoServer() as server:
        yield server


async def open_inbox(app, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("i")
    listing = inbox(app)
    await until(pilot, lambda: listing.option_count > 1, "the sources listed")


async def open_source(app, pilot, name: str) -> None:
    listing = inbox(app)
    listing.highlighted = source_index(listing, name)
    await pilot.press("enter")
    await until(pilot, lambda: listing.mode == "items" and listing.source_name == name, f"{name}'s items")


def highlighted(app) -> ItemOption:
    option = inbox(app).highlighted_option
    assert isinstance(option, ItemOption)
    return option


async def test_keys_stay_live_while_a_refresh_holds_the_library(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app(offline=True)
    held, release, released = threading.Event(), threading.Event(), threading.Event()

    def hold(lock) -> None:
        with lock:
            held.set()
            release.wait(5)  # long enough for a frozen loop to show; never a hang
        released.set()

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        holder = threading.Thread(target=hold, args=(app.reader.library._lock,), daemon=True)
        holder.start()
        assert held.wait(5)
        try:
            await pilot.press("i")  # reads the sources: waits for the library in a thread
            await pilot.press("g")
            await until(pilot, lambda: isinstance(app.screen, GotoScreen) or released.is_set(), "the dialog")
            assert not released.is_set(), "the keys waited for the library"
        finally:
            release.set()
        await pilot.press("escape")
        listing = inbox(app)
        await until(pilot, lambda: listing.option_count == 4, "the sources listed once the library is free")
        assert pane_title(app) == "Inbox · 28 unread"


async def test_n_and_shift_n_go_to_the_next_and_previous_unread_across_sources(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app(offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        await open_source(app, pilot, MERIDIAN)
        listing = inbox(app)
        first = highlighted(app).item.url
        await pilot.press("m")  # the first read: n skips it
        await until(pilot, lambda: highlighted(app).item.read, "the item marked")
        await pilot.press("k", "n")
        assert listing.highlighted == 1
        await pilot.press("n")
        assert listing.highlighted == 2
        await pilot.press("n")  # Meridian has no more: on to the next source with unread items
        await until(pilot, lambda: listing.source_name == TIDEWATER, "the next source")
        assert listing.highlighted == 0 and not highlighted(app).item.read
        await pilot.press("N")  # back past the first: the last unread item of Meridian
        await until(pilot, lambda: listing.source_name == MERIDIAN, "the previous source")
        assert listing.highlighted == 2
        await pilot.press("N", "N")
        await until(pilot, lambda: listing.source_name == THINK_TANK, "the source before")
        assert highlighted(app).item.url != first and not highlighted(app).item.read
        assert listing.highlighted == listing.unread_index(-1, None)  # its last unread item


async def test_the_unread_only_view_is_a_key_named_in_the_pane(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        assert "U unread only" in pane_subtitle(app)
        await open_source(app, pilot, MERIDIAN)
        listing = inbox(app)
        await pilot.press("m")
        await until(pilot, lambda: highlighted(app).item.read, "the item marked")
        await settle(app, pilot)
        await pilot.press("U")
        await until(pilot, lambda: listing.option_count == 2, "only the unread listed")
        assert all(not option.item.read for option in listing.options if isinstance(option, ItemOption))
        assert pane_title(app).startswith("2 unread only · Meridian")
        assert "U all items" in pane_subtitle(app)
        await pilot.press("U")
        await until(pilot, lambda: listing.option_count == 3, "every item again")


async def test_lists_stop_at_their_ends_and_m_on_a_source_asks(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app(offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        listing = inbox(app)
        listing.highlighted = source_index(listing, TIDEWATER)  # the last source
        await pilot.press("j", "j")
        assert listing.highlighted == source_index(listing, TIDEWATER)  # not round to "All sources"
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "Mark 2 unread items read?" in screen_text(app)
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        assert pane_title(app) == "Inbox · 28 unread"
        listing.highlighted = 0
        await pilot.press("k")
        assert listing.highlighted == 0


async def test_the_counts_are_the_librarys_not_the_lists(data_dir) -> None:
    add_items("Bulk", 600)
    app = make_app(offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        assert pane_title(app) == "Inbox · 600 unread"
        await open_source(app, pilot, "Bulk")
        listing = inbox(app)
        await until(pilot, lambda: listing.option_count == 500, "the newest 500 listed")
        assert pane_title(app) == "600 unread · Bulk"


async def test_r_says_what_it_does_wherever_the_focus_is(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main_screen(app).view.focus_text()
        await pilot.press("R")
        await until(pilot, lambda: any("Refreshing 3 sources" in m for m, _ in notes(app)), "a word at once")
        await settle(app, pilot)
        assert any("nothing new" in message for message, _ in notes(app))


async def test_a_piece_read_from_anywhere_is_read_in_the_inbox(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        await open_source(app, pilot, MERIDIAN)
        url = highlighted(app).item.url
        await pilot.press("i")  # back to the related items, then the piece opened another way (g)
        await settle(app, pilot)
        main_screen(app).open_location(url)
        await settle(app, pilot)
        await pilot.press("i")
        await until(pilot, lambda: pane_title(app) == f"2 unread · {MERIDIAN}", "the count following")
        assert [o.item.read for o in inbox(app).options if isinstance(o, ItemOption) and o.item.url == url] == [True]
        await pilot.press("escape")
        await until(pilot, lambda: pane_title(app) == "Inbox · 27 unread", "the count following")


async def test_items_read_like_cards_at_80_columns(demo) -> None:
    """One divider under each item, and the kind · source · date line broken between fields, never inside one."""
    await follow_demo(demo.base_url)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_inbox(app, pilot)
        listing = inbox(app)
        listing.highlighted = 0
        await pilot.press("enter")  # all sources: each item names its source
        await until(pilot, lambda: listing.mode == "items" and listing.option_count == 28, "every item")
        await settle(app, pilot)
        lines = [line.split("│")[1] if line.count("│") >= 2 else "" for line in screen_text(app).splitlines()]
        assert any("Center for Northern" in line for line in lines)
        assert not any(line.strip(" •").startswith(("Atlantic", "Studies")) for line in lines)  # not mid-name
        dividers = [line for line in lines if line.strip() and set(line.strip()) == {"─"}]
        assert len(dividers) >= 2  # one under each item shown (and one over the summary)


async def test_n_in_the_inbox_is_the_inboxs_even_beside_a_listing_with_more_pages(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app(demo.base_url + "/articles-multimedia")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.controller.next_url  # n on the cards would load the next page
        cards = screen.related.option_count
        await open_inbox(app, pilot)
        await open_source(app, pilot, MERIDIAN)
        await pilot.press("n")
        await settle(app, pilot)
        assert inbox(app).highlighted == 1 and screen.related.option_count == cards
