"""Pilot tests of the inbox: real Reader and library, the demo site's feeds served on 127.0.0.1."""

from __future__ import annotations

import pytest
from feed_samples import HOSTILE_TITLE, feed_route, rss
from tui_helpers import main_screen, screen_text, settle, until

from inkreader.config import Settings, resolve_paths
from inkreader.demo.server import DemoServer
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.screens.dialogs import ConfirmScreen
from inkreader.tui.widgets.inbox_list import InboxList, ItemOption, SourceOption
from inkreader.tui.widgets.inbox_pane import InboxPane

SIZE = (120, 40)
THINK_TANK = "Center for Northern Atlantic Studies"


def make_app(*, offline: bool = False, refresh_minutes: int = 60) -> InkReaderApp:
    settings = Settings(start_url="", host_delay_seconds=0.0, refresh_interval_minutes=refresh_minutes)
    reader = Reader(resolve_paths().ensure(), settings=settings, offline=offline)
    return InkReaderApp(reader, None, offline=offline)


async def follow_demo(base_url: str, *, refresh: bool = True) -> None:
    settings = Settings(start_url="", host_delay_seconds=0.0)
    async with Reader(resolve_paths().ensure(), settings=settings) as reader:
        reader.sources.follow_demo(base_url)
        if refresh:
            report = await reader.sources.refresh()
            assert not report.failures


@pytest.fixture
def demo(data_dir):
    with DemoServer() as server:
        yield server


def inbox(app) -> InboxList:
    return app.screen.query_one(InboxList)


def pane_title(app) -> str:
    return str(app.screen.query_one("#list-pane").border_title)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_inbox_sources_items_open_marks_read(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        listing = inbox(app)
        assert listing.has_focus and listing.mode == "sources"
        lines = [
            (o.source.name if o.source else "All", o.unread) for o in listing.options if isinstance(o, SourceOption)
        ]
        assert lines == [("All", 28), (THINK_TANK, 23), ("Meridian Defense Daily", 3), ("The Tidewater Review", 2)]
        assert pane_title(app) == "Inbox · 28 unread"
        text = screen_text(app)
        assert "28  All sources" in text and "23  Center for Northern" in text

        listing.highlighted = 1  # the think tank
        await pilot.press("enter")
        await settle(app, pilot)
        assert listing.mode == "items" and listing.source_name == THINK_TANK
        assert pane_title(app) == "23 unread · Center for Northern…"  # cut between words
        index = next(i for i, o in enumerate(listing.options) if "a-coast-guard" in o.item.url)
        listing.highlighted = index
        await pilot.press("enter")
        await settle(app, pilot)
        article = app.screen.article
        assert article is not None and article.followed and article.outlet == "The Tidewater Review"
        assert listing.get_option_at_index(index).item.read
        assert pane_title(app) == "22 unread · Center for Northern…"  # cut between words
        assert app.screen.query_one(InboxPane).display  # the inbox stays: the next item is one key away

        await pilot.press("m")  # back to unread
        await settle(app, pilot)
        assert not listing.get_option_at_index(index).item.read
        assert pane_title(app) == "23 unread · Center for Northern…"  # cut between words

        await pilot.press("M")  # the whole source read, after asking
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "Mark 23 unread items read?" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert all(o.item.read for o in listing.options if isinstance(o, ItemOption))
        assert any("Marked 23 items" in note for note in notes(app))

        await pilot.press("escape")
        await settle(app, pilot)
        assert listing.mode == "sources"
        # 4: the outlet's copy of the piece read through is one piece with it, read with its source
        assert pane_title(app) == "Inbox · 4 unread"

        await pilot.press("i")  # back to the related items of the piece opened
        await settle(app, pilot)
        assert not app.screen.query_one(InboxPane).display
        assert app.screen.related.display and app.screen.related.option_count


async def test_refresh_runs_in_the_background_on_start_and_says_what_is_new(demo) -> None:
    await follow_demo(demo.base_url, refresh=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("28 new in the inbox" in note for note in notes(app))
        await pilot.press("i")
        await settle(app, pilot)
        assert pane_title(app) == "Inbox · 28 unread"
    # Refreshed a moment ago: the next start leaves the sources alone.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not any("Sources refreshed" in note or "new in the inbox" in note for note in notes(app))
        await pilot.press("R")  # by hand
        await settle(app, pilot)
        assert any("nothing new" in note for note in notes(app))


async def test_offline_refresh_says_so_and_the_inbox_still_shows(demo) -> None:
    await follow_demo(demo.base_url)
    app = make_app(offline=True, refresh_minutes=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        assert any("Offline" in note for note in notes(app))
        await pilot.press("i")
        await settle(app, pilot)
        assert pane_title(app) == "Inbox · 28 unread"
        assert str(app.screen.query_one("#list-pane").border_subtitle) == "Offline · refreshed just now"


async def test_hostile_titles_and_failures_show_as_plain_text(server, data_dir) -> None:
    server.route(
        "/esc.xml", feed_route(rss("Escapes", [{"title": f"<![CDATA[{HOSTILE_TITLE}]]>", "link": "{{BASE}}/e/1"}]))
    )
    async with Reader(resolve_paths().ensure(), settings=Settings(start_url="", host_delay_seconds=0.0)) as reader:
        await reader.sources.add(server.url("/esc.xml"))
        server.route("/esc.xml", feed_route("<html><body>not a feed</body></html>", "text/html"))
        report = await reader.sources.refresh()
        assert report.failures
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        listing = inbox(app)
        listing.highlighted = 1
        await settle(app, pilot)
        text = screen_text(app)
        assert "⚠ failed" in text and "Last refresh failed: The address" in text and "gives an HTML page" in text
        await pilot.press("enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "[bold red]Rich[/]" in text and "[@click=app.quit]click[/]" in text
        assert app.is_running


async def test_the_due_sources_check_after_the_first_frame_tolerates_a_screen_being_taken_down(data_dir) -> None:
    """Quitting just after the first frame: the check for due sources (and i, R) may run when the inbox pane is
    already gone; it then does nothing, never raises (a traceback at exit)."""
    app = make_app(offline=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await screen.panes_ready()
        await screen.query_one(InboxPane).remove()
        await screen._refresh_sources_if_due()
        await screen.action_inbox()
        await screen.action_refresh_sources()
