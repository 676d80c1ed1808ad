"""Helpers for the inbox's Pilot tests: an app on a real library with the demo site's sources followed."""

from __future__ import annotations

from tui_helpers import record_notifications

from inkreader.config import Settings, resolve_paths
from inkreader.model import FeedEntry, Source
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.widgets.inbox_list import InboxList, SourceOption

THINK_TANK = "Center for Northern Atlantic Studies"


def make_app(start_url: str | None = None, *, offline: bool = False, refresh_minutes: int = 60) -> InkReaderApp:
    settings = Settings(start_url="", host_delay_seconds=0.0, refresh_interval_minutes=refresh_minutes)
    reader = Reader(resolve_paths().ensure(), settings=settings, offline=offline)
    app = InkReaderApp(reader, start_url, offline=offline)
    record_notifications(app)
    return app


async def follow_demo(base_url: str, *, refresh: bool = True) -> None:
    settings = Settings(start_url="", host_delay_seconds=0.0)
    async with Reader(resolve_paths().ensure(), settings=settings) as reader:
        reader.sources.follow_demo(base_url)
        if refresh:
            report = await reader.sources.refresh()
            assert not report.failures


def add_items(name: str, count: int) -> None:
    """A source with ``count`` items, straight into the library (no feed to serve)."""
    reader = Reader(resolve_paths().ensure(), settings=Settings(start_url=""))
    try:
        store = reader.sources.store
        site = f"https://{name}.test"
        source = store.add(Source(name=name, url=f"{site}/", feed_url=f"{site}/feed", kind="feed"))
        assert source.id is not None
        entries = [
            FeedEntry(url=f"{site}/p/{n}", title=f"Piece {n}", guid=f"g{n}", published="2024-05-01")
            for n in range(count)
        ]
        store.record_entries(source.id, entries, etag=None, last_modified=None)
    finally:
        reader.library.close()


def inbox(app: InkReaderApp) -> InboxList:
    return app.screen.query_one(InboxList)


def pane_title(app: InkReaderApp) -> str:
    return str(app.screen.query_one("#list-pane").border_title)


def pane_subtitle(app: InkReaderApp) -> str:
    return str(app.screen.query_one("#list-pane").border_subtitle)


def source_index(listing: InboxList, name: str) -> int:
    return next(
        i
        for i, option in enumerate(listing.options)
        if isinstance(option, SourceOption) and option.source is not None and option.source.name == name
    )
