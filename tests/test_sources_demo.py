"""The demo site's feeds: three formats, announced on its pages, listed in its OPML, followed by ``inkreader demo``;
refresh, inbox and opening an item with follow-through work against it with no network."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from inkreader.demo.server import DemoServer
from inkreader.reader import Reader, paths_for
from inkreader.sources.discover import announced_feeds

THINK_TANK = "Center for Northern Atlantic Studies"


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield server


async def test_each_publisher_announces_its_feed_in_its_own_format(demo, tmp_path: Path) -> None:
    pages = {
        "/articles-multimedia": ("RSS", "/feeds/latest.xml"),
        "/outlets/tidewater-review/": ("Atom", "/outlets/tidewater-review/feed.atom"),
        "/outlets/meridian-defense-daily/": ("JSON Feed", "/outlets/meridian-defense-daily/feed.json"),
    }
    async with Reader(paths_for(tmp_path)) as reader:
        for path, (label, feed_path) in pages.items():
            page = await reader.fetcher.fetch(demo.base_url + path)
            assert [(url, kind) for url, kind, _ in announced_feeds(page.text, page.final_url)] == [
                (demo.base_url + feed_path, label)
            ]
            _, found = await reader.sources.add(demo.base_url + path)
            assert found.kind == "feed" and found.entries, path
        names = {source.name: source.items for source in reader.sources.all()}
    assert names == {THINK_TANK: 23, "The Tidewater Review": 2, "Meridian Defense Daily": 3}


async def test_demo_sources_follow_the_server_and_open_with_follow_through(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with DemoServer() as first:
        async with Reader(paths_for(home)) as reader:
            assert len(reader.sources.follow_demo(first.base_url)) == 3
            assert reader.sources.follow_demo(first.base_url) == []  # once is enough
            assert reader.sources.refresh_due(3600)
            report = await reader.sources.refresh()
            assert [(r.name, r.error) for r in report.results if r.error] == []
            assert report.new == 28
            assert not reader.sources.refresh_due(3600)
            item = next(i for i in reader.sources.inbox(source=THINK_TANK) if "a-coast-guard" in i.url)
            assert not item.read
            marked_in: list[threading.Thread] = []
            mark_opened = reader.mark_opened
            reader.mark_opened = lambda *args: marked_in.append(threading.current_thread()) or mark_opened(*args)  # type: ignore[method-assign]
            article = await reader.open_item(item.url)
            assert article.site == "cnas" and article.followed and article.outlet == "The Tidewater Review"
            assert marked_in and marked_in[0] is not threading.main_thread()  # the library's work off the loop
            assert reader.sources.item(item.url).read
            [source] = [s for s in reader.sources.all() if s.name == THINK_TANK]
            assert (source.items, source.unread, source.folder) == (23, 22, "Think tank")
    with DemoServer() as second:  # another run, another port: the demo sources are re-pointed
        async with Reader(paths_for(home)) as reader:
            reader.sources.follow_demo(second.base_url)
            feeds = [s.feed_url for s in reader.sources.all()]
            assert len(feeds) == 3 and all(url.startswith(second.base_url) for url in feeds)
