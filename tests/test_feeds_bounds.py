"""Feed fields are bounded at parse time, a malformed JSON Feed item costs only itself, and dates outside a
plausible range are dropped (pure, no network)."""

from __future__ import annotations

import json
import time

import pytest
from feed_samples import json_feed, rss

from inkreader.sources.feeds import FeedError, parse_feed

BASE = "http://feeds.test/feed.json"
GOOD = {
    "id": "good",
    "url": "http://feeds.test/good",
    "title": "The good one",
    "date_published": "2026-04-01T08:00:00Z",
}


def test_huge_titles_names_authors_and_summaries_are_capped_quickly() -> None:
    huge = "Tide " * 1_000_000  # 5 MB
    authors = "".join(f"<dc:creator>{'Writer ' * 100}{n}</dc:creator>" for n in range(60))
    feed_xml = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{huge}</title><link>http://feeds.test/</link><item><title>{huge}</title>"
        f"<link>http://feeds.test/a</link><description>{huge}</description>{authors}</item></channel></rss>"
    )
    started = time.perf_counter()
    feed = parse_feed(feed_xml.encode(), BASE)
    took = time.perf_counter() - started
    [entry] = feed.entries
    assert feed.title is not None and len(feed.title) <= 200 and feed.title.endswith("…")
    assert len(entry.title) <= 1000 and entry.title.startswith("Tide Tide")
    assert entry.summary is not None and len(entry.summary) <= 2000
    assert len(entry.authors) <= 20 and all(len(name) <= 200 for name in entry.authors)
    assert took < 30  # a guard against quadratic work, not a timing test


@pytest.mark.parametrize(
    "bad",
    [
        "a string item",
        None,
        {"id": "x", "url": "http://feeds.test/x", "authors": "Ann"},
        {"id": "y", "url": "http://feeds.test/y", "authors": [1, None]},
        {"id": "z", "url": "http://feeds.test/z", "date_published": 1e308},
        {"id": "w", "url": "http://feeds.test/w", "date_published": {"year": 2026}},
        [1, 2],
    ],
)
def test_one_malformed_json_feed_item_costs_only_itself(bad: object) -> None:
    feed = parse_feed(json_feed("Mixed", [bad, GOOD]).encode(), BASE)
    titles = [entry.title for entry in feed.entries]
    assert "The good one" in titles
    if not isinstance(bad, dict):
        assert titles == ["The good one"]
        assert feed.notes == ["1 of the feed's 2 items was malformed and left out."]
    else:  # a bad field is dropped, the item kept
        assert feed.notes == []
        bad_entry = next(entry for entry in feed.entries if entry.url == bad["url"])
        assert bad_entry.authors == [] and bad_entry.published is None


def test_json_feed_with_items_as_an_object_or_too_deep_says_so_in_plain_words() -> None:
    with pytest.raises(FeedError, match='no list of "items"'):
        parse_feed(json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": {"a": 1}}).encode(), BASE)
    deep = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(FeedError) as raised:
        parse_feed(deep, BASE)
    assert "nested too deeply" in str(raised.value) and "XML" not in str(raised.value)


def test_json_feed_keeps_every_author_in_order() -> None:
    item = dict(GOOD, authors=[{"name": "Ann Lee"}, {"name": "Bo Chen"}, {"url": "http://x.test"}])
    [entry] = parse_feed(json_feed("Authors", [item]).encode(), BASE).entries
    assert entry.authors == ["Ann Lee", "Bo Chen"]
    assert entry.published is not None and entry.published.startswith("2026-04-01T08:00:00")


@pytest.mark.parametrize("raw", ["-0001-01-01", "0001-01-01T00:00:00Z", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_feed_dates_outside_1900_to_2200_are_dropped(raw: str) -> None:
    xml = rss("Dates", [{"title": "t", "link": "http://feeds.test/d", "date": raw}]).encode()
    assert parse_feed(xml, BASE).entries[0].published is None
    item = dict(GOOD, date_published=raw)
    assert parse_feed(json_feed("Dates", [item]).encode(), BASE).entries[0].published is None


def test_a_source_name_from_a_long_opml_title_is_capped(tmp_path) -> None:
    from inkreader.config import resolve_paths
    from inkreader.model import Source
    from inkreader.store import Library
    from inkreader.store.sources import SourceStore

    library = Library.open(resolve_paths(tmp_path))
    try:
        store = SourceStore(library)
        store.add_many([Source(name="N" * 10_000, url="http://a.test/", feed_url="http://a.test/f", kind="feed")])
        store.add(Source(name="M" * 10_000, url="http://b.test/", feed_url="http://b.test/f", kind="feed"))
        assert all(len(source.name) <= 200 for source in store.all())
    finally:
        library.close()


def test_refresh_says_once_that_a_malformed_item_was_left_out(server, run_cli, data_dir) -> None:
    from feed_samples import JSON_TYPE, feed_route

    (data_dir / "config.toml").write_text("host_delay_seconds = 0.0\n")
    server.route("/feed.json", feed_route(json_feed("Mixed", [GOOD, "a string item", None]), JSON_TYPE))
    added = run_cli("sources", "add", server.url("/feed.json"))
    assert added.returncode == 0, added.stderr
    refreshed = run_cli("refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    assert refreshed.stderr == "inkreader: Mixed: 2 of the feed's 3 items were malformed and left out.\n"
