"""Snapshot tests: what the main views look like, at 80x24 and 120x40, compared with SVGs kept beside this file.

The app runs on a real Reader and library over the bundled demo site, served on a port of each test module's own
but published under the demo's fixed address (``DEMO_ORIGIN``, the origin aliases ``inkreader demo`` uses), so
no port, path or time of this run is drawn. Every test starts from a copy of one library prepared once: the demo's
feeds followed and refreshed, two pieces saved, a highlight with a note. What could still move between runs is
held still before the screenshot: notifications (they expire by the clock) are cleared and input cursors stop
blinking.

A change that alters a view on purpose updates its snapshots after a look at the report:
``pytest -n 0 tests/test_snapshots.py --snapshot-update`` (``snapshot_report.html`` shows a failure side by side).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_helpers import keys_applied, record_notifications, settle, until

from inkreader.config import Settings, resolve_paths
from inkreader.demo.server import DEMO_ORIGIN, DemoServer
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.screens.library import LibraryScreen

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LISTING = DEMO_ORIGIN + "/articles-multimedia"
ARTICLE = DEMO_ORIGIN + "/publications/commentary/energy-islands-are-targets-too"  # followed to its outlet
REPORT = DEMO_ORIGIN + "/publications/reports/holding-the-line-beneath-the-waves"
HIGHLIGHT = "Nobody mentioned that it is also the single most valuable unguarded object in the Northern Seas."
SETTINGS = Settings(start_url="", host_delay_seconds=0.0, refresh_interval_minutes=7 * 24 * 60)

Steps = Callable[[InkReaderApp, Pilot[int]], Awaitable[None]]


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual reads NO_COLOR when an app is made: a caller's setting would grey out every view."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer(0, origin=DEMO_ORIGIN) as server:
        yield server


@pytest.fixture(scope="module")
def prepared_home(demo: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library as someone a little way in has it: the demo's sources followed and read in, the article and
    the report saved, one highlight with a note. Built once; each test gets its own copy."""
    home = tmp_path_factory.mktemp("snapshot-home")

    async def prepare() -> None:
        async with Reader(resolve_paths(home).ensure(), settings=SETTINGS, origin_aliases=demo.aliases) as reader:
            reader.sources.follow_demo(demo.base_url)
            report = await reader.sources.refresh()
            assert not report.failures
            await reader.save(ARTICLE)
            await reader.save(REPORT)
            await reader.add_highlight_quote(ARTICLE, HIGHLIGHT, note="The point of the piece in one line.")

    asyncio.run(prepare())
    assert not list(home.glob("*-wal")), "the library was not closed cleanly"
    return home


@pytest.fixture
def make_app(demo: DemoServer, prepared_home: Path, tmp_path: Path) -> Callable[[str], InkReaderApp]:
    def make(start_url: str) -> InkReaderApp:
        home = tmp_path / "home"
        shutil.copytree(prepared_home, home)
        reader = Reader(resolve_paths(home).ensure(), settings=SETTINGS, origin_aliases=demo.aliases)
        app = InkReaderApp(reader, start_url)
        app.opened_in_browser = []
        app.open_url = lambda url, **kw: app.opened_in_browser.append(url)
        record_notifications(app)
        return app

    return make


async def held_still(app: InkReaderApp, pilot: Pilot[int]) -> None:
    """Everything typed handled and loaded; then nothing that moves by the clock stays on screen."""
    await settle(app, pilot)
    await keys_applied(app, pilot)
    app.clear_notifications()
    for box in app.screen.query(Input):
        box.cursor_blink = False  # shown, steadily: a blinking cursor is on or off by the clock
    await pilot.pause()


def press(*keys: str) -> Steps:
    async def steps(app: InkReaderApp, pilot: Pilot[int]) -> None:
        await pilot.press(*keys)

    return steps


def snapshot(
    snap_compare: Callable[..., bool], app: InkReaderApp, size: tuple[int, int], steps: Steps | None = None
) -> bool:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(app, pilot)
        if steps is not None:
            await steps(app, pilot)
        await held_still(app, pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return SIZES[request.param]


# -- the views ---------------------------------------------------------------------------------------------
def test_start_listing(snap_compare, make_app, size) -> None:
    """The start page: a listing's cards in the list pane, the listing itself in the reading pane."""
    assert snapshot(snap_compare, make_app(LISTING), size)


def test_article_followed_through(snap_compare, make_app, size) -> None:
    """A commentary shown in full from its outlet, the highlight marked in the text, related pieces listed."""
    assert snapshot(snap_compare, make_app(ARTICLE), size)


def test_article_summary(snap_compare, make_app, size) -> None:
    """f: the think tank's own summary page of the same piece."""
    assert snapshot(snap_compare, make_app(ARTICLE), size, press("f"))


def test_report_contents(snap_compare, make_app, size) -> None:
    """t on a long report: its headings in the list pane."""
    assert snapshot(snap_compare, make_app(REPORT), size, press("t"))


def test_find_in_the_page(snap_compare, make_app, size) -> None:
    """Ctrl+F and a word: the find bar with its count, the matches marked."""
    assert snapshot(snap_compare, make_app(REPORT), size, press("ctrl+f", *"cable"))


def test_link_list(snap_compare, make_app, size) -> None:
    """u on the listing: every link with its number."""
    assert snapshot(snap_compare, make_app(LISTING), size, press("u"))


def test_visual_mode(snap_compare, make_app, size) -> None:
    """v then j: two sentences selected, the footer in visual mode."""
    assert snapshot(snap_compare, make_app(REPORT), size, press("v", "j"))


def test_highlights(snap_compare, make_app, size) -> None:
    """H: the piece's highlights in the list pane, with their notes."""
    assert snapshot(snap_compare, make_app(ARTICLE), size, press("H"))


def test_inbox_sources(snap_compare, make_app, size) -> None:
    """i: the followed sources with their unread counts."""
    assert snapshot(snap_compare, make_app(LISTING), size, press("i"))


def test_inbox_items(snap_compare, make_app, size) -> None:
    """i, Enter on "All sources": the newest items first."""
    assert snapshot(snap_compare, make_app(LISTING), size, press("i", "enter"))


def test_library(snap_compare, make_app, size) -> None:
    """L: the saved pieces."""
    assert snapshot(snap_compare, make_app(LISTING), size, press("L"))


async def search_for(pilot: Pilot[int], library: LibraryScreen, word: str) -> None:
    """The word pasted into the search box (typed key by key, a pause on a loaded machine would search a part of
    it first, and a late answer to that could be what is shown), then its results shown."""
    library.query_one("#library-search", Input).post_message(events.Paste(word))
    status = library.query_one("#library-status", Static)
    await until(pilot, lambda: f"for “{word}”" in str(status.render()), f"the results for {word}")


def test_library_search(snap_compare, make_app, size, monkeypatch) -> None:
    """L, / and a word: the saved pieces that hold it, the word marked in each snippet."""
    monkeypatch.setattr(LibraryScreen, "search_delay", 0.01)

    async def steps(app: InkReaderApp, pilot: Pilot[int]) -> None:
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library shown")
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.press("slash")
        await search_for(pilot, library, "island")

    assert snapshot(snap_compare, make_app(LISTING), size, steps)


def test_search_everything(snap_compare, make_app, size, monkeypatch) -> None:
    """/ from the list: the search over everything read, saved or not."""
    monkeypatch.setattr(LibraryScreen, "search_delay", 0.01)

    async def steps(app: InkReaderApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the search shown")
        search = app.screen
        assert isinstance(search, LibraryScreen)
        await search_for(pilot, search, "seabed")

    assert snapshot(snap_compare, make_app(LISTING), size, steps)


def test_help(snap_compare, make_app, size) -> None:
    """?: the keys, from the one command table."""
    assert snapshot(snap_compare, make_app(ARTICLE), size, press("question_mark"))


def test_goto_dialog(snap_compare, make_app, size) -> None:
    """g: the dialog asking for a web address, over the article."""
    assert snapshot(snap_compare, make_app(ARTICLE), size, press("g"))
