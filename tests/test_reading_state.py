"""One reading state: a piece read anywhere is read in every inbox item of it, and one piece is one item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feed_samples import ATOM_TYPE, atom, feed_route, redirect, rss
from store_helpers import make_article

from inkreader.config import resolve_paths
from inkreader.model import FeedEntry, Source
from inkreader.reader import Reader
from inkreader.store import Library
from inkreader.store.pieces import piece_key
from inkreader.store.sources import SourceStore
from server import FixtureServer, respond

ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>The pilots' roster at the inner harbour changed twice this season, and each change moved the queue of ships
waiting at the breakwater by a full tide. The harbour board says the third roster will be the last one.</p>
<p>Tug crews disagree: a roster cannot add boats, and the fog keeps coming in on the mornings the berths fill.</p>
</article></body></html>"""


@pytest.fixture
def quick(data_dir: Path) -> Path:
    (data_dir / "config.toml").write_text("host_delay_seconds = 0.0\n")
    return data_dir


def page(title: str):
    def handler(request) -> None:
        respond(request, 200, ARTICLE.format(title=title))

    return handler


def two_feeds(server: FixtureServer) -> None:
    """Two sources announcing the same pieces: once with a tracking parameter, once through a redirect."""
    server.route(
        "/rss.xml",
        feed_route(
            rss(
                "Harbour Watch",
                [
                    {"title": "Tugs and tides", "link": "{{BASE}}/posts/tugs?utm_source=rss", "guid": "a-tugs"},
                    {"title": "Fog at the breakwater", "link": "{{BASE}}/go/fog", "guid": "a-fog"},
                    {"title": "Only here", "link": "{{BASE}}/posts/only", "guid": "a-only"},
                ],
            )
        ),
    )
    server.route(
        "/atom.xml",
        feed_route(
            atom(
                "Port Letters",
                [
                    {"title": "Tugs and tides", "link": "{{BASE}}/posts/tugs/"},
                    {"title": "Fog at the breakwater", "link": "{{BASE}}/posts/fog"},
                ],
            ),
            ATOM_TYPE,
        ),
    )
    server.route("/posts/tugs", page("Tugs and tides"))
    server.route("/posts/tugs/", page("Tugs and tides"))
    server.route("/posts/fog", page("Fog at the breakwater"))
    server.route("/posts/only", page("Only here"))
    server.route("/go/fog", redirect("/posts/fog"))


def inbox(run_cli, *args: str) -> list[dict]:
    result = run_cli("inbox", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def follow_both(server: FixtureServer, run_cli) -> None:
    for path in ("/rss.xml", "/atom.xml"):
        added = run_cli("sources", "add", server.url(path))
        assert added.returncode == 0, added.stderr


def test_one_piece_through_two_feeds_is_one_item_naming_both_sources(server, run_cli, quick):
    two_feeds(server)
    follow_both(server, run_cli)
    items = inbox(run_cli)
    tugs = [item for item in items if item["title"] == "Tugs and tides"]
    assert len(tugs) == 1
    assert tugs[0]["source"] == "Harbour Watch" and tugs[0]["sources"] == ["Harbour Watch", "Port Letters"]
    only = next(item for item in items if item["title"] == "Only here")
    assert only["sources"] == ["Harbour Watch"]
    # each source still lists its own copy
    assert [item["title"] for item in inbox(run_cli, "--source", "Port Letters")].count("Tugs and tides") == 1


def test_reading_a_piece_marks_its_items_read_in_every_source(server, run_cli, quick):
    two_feeds(server)
    follow_both(server, run_cli)
    read = run_cli("read", server.url("/posts/tugs"))
    assert read.returncode == 0, read.stderr
    for source in ("Harbour Watch", "Port Letters"):
        tugs = [item for item in inbox(run_cli, "--source", source) if item["title"] == "Tugs and tides"]
        assert tugs and all(item["read"] for item in tugs), source
    assert not any(item["read"] for item in inbox(run_cli) if item["title"] != "Tugs and tides")


def test_a_redirect_learnt_by_reading_merges_the_items_and_reads_them(server, run_cli, quick):
    two_feeds(server)
    follow_both(server, run_cli)
    assert len([item for item in inbox(run_cli) if item["title"] == "Fog at the breakwater"]) == 2
    assert run_cli("read", server.url("/go/fog")).returncode == 0
    fog = [item for item in inbox(run_cli) if item["title"] == "Fog at the breakwater"]
    assert len(fog) == 1 and fog[0]["read"] and fog[0]["sources"] == ["Harbour Watch", "Port Letters"]


def test_mark_read_and_unread_from_the_shell(server, run_cli, quick):
    two_feeds(server)
    follow_both(server, run_cli)
    marked = run_cli("mark-read", server.url("/posts/only"), server.url("/posts/tugs"))
    assert marked.returncode == 0, marked.stderr
    assert marked.stdout == "Marked 2 pieces read.\n"
    read = {item["title"] for item in inbox(run_cli) if item["read"]}
    assert read == {"Only here", "Tugs and tides"}

    unmarked = run_cli("mark-unread", server.url("/posts/tugs/?utm_campaign=x"))
    assert unmarked.returncode == 0, unmarked.stderr
    assert {item["title"] for item in inbox(run_cli) if item["read"]} == {"Only here"}

    by_source = run_cli("mark-read", "--source", "port letters")
    # its two items, and the copy of the tugs piece in the other source too; the other source's fog item is a
    # redirect not followed yet, so another piece for now
    assert by_source.returncode == 0 and by_source.stdout == "Marked 2 items read.\n"
    assert {item["title"] for item in inbox(run_cli, "--unread")} == {"Fog at the breakwater"}

    assert run_cli("mark-unread", server.url("/posts/only")).returncode == 0
    everything = run_cli("mark-read", "--all")
    assert everything.returncode == 0 and everything.stdout == "Marked 2 items read.\n"


def test_mark_read_errors_are_one_line_with_the_contract_exit_status(server, run_cli, quick):
    two_feeds(server)
    follow_both(server, run_cli)
    unknown = run_cli("mark-read", "--source", "Nowhere")
    assert unknown.returncode == 1
    assert unknown.stderr == "inkreader: No source named 'Nowhere'; 'inkreader sources' lists them.\n"
    stranger = run_cli("mark-read", server.url("/posts/never"), server.url("/posts/only"))
    assert stranger.returncode == 1 and stranger.stderr.count("\n") == 1
    assert stranger.stderr.startswith("inkreader: No piece or inbox item at ")
    assert stranger.stdout == "Marked 1 piece read.\n"
    assert run_cli("mark-read").returncode == 2
    assert run_cli("mark-read", "--all", server.url("/posts/only")).returncode == 2
    assert run_cli("mark-unread").returncode == 2


def test_a_piece_read_then_saved_is_not_listed_unread(server, run_cli, quick):
    server.route("/posts/tugs", page("Tugs and tides"))
    assert run_cli("read", server.url("/posts/tugs")).returncode == 0
    assert run_cli("save", server.url("/posts/tugs")).returncode == 0
    [entry] = json.loads(run_cli("list", "--json").stdout)
    assert entry["unread"] is False


def test_saving_alone_does_not_mark_read(server, run_cli, quick):
    two_feeds(server)
    follow_both(server, run_cli)
    assert run_cli("save", server.url("/posts/only")).returncode == 0
    [entry] = json.loads(run_cli("list", "--json").stdout)
    assert entry["unread"] is True
    assert not next(item for item in inbox(run_cli) if item["title"] == "Only here")["read"]


# -- the store and the Reader, for what the CLI cannot reach quickly --------------------------------------
def entry(url: str, guid: str, title: str = "A piece") -> FeedEntry:
    return FeedEntry(url=url, title=title, guid=guid, published="2026-05-01")


@pytest.fixture
def store(tmp_path: Path):
    library = Library.open(resolve_paths(tmp_path))
    yield SourceStore(library)
    library.close()


def follow(store: SourceStore, name: str) -> int:
    source = store.add(
        Source(name=name, url=f"https://{name}.test/", feed_url=f"https://{name}.test/feed", kind="feed")
    )
    assert source.id is not None
    return source.id


def test_the_think_tank_page_and_its_outlet_copy_merge_once_read(tmp_path: Path) -> None:
    reader = Reader(resolve_paths(tmp_path))
    store = SourceStore(reader.library)
    tank, outlet = follow(store, "tank"), follow(store, "outlet")
    page_url = "https://www.cnas.org/publications/commentary/piece-1"
    outlet_url = "https://harbour.test/2026/05/piece"
    store.record_entries(tank, [entry(page_url, "t1")], etag=None, last_modified=None)
    store.record_entries(outlet, [entry(outlet_url + "?fbclid=abc", "o1")], etag=None, last_modified=None)
    assert len(store.inbox()) == 2
    article = make_article(1, url=page_url, full_article_url=outlet_url, followed=True)
    reader.mark_opened(article)
    [item] = store.inbox()
    assert item.read and item.sources == ["tank", "outlet"]
    assert store.unread_total() == 0
    # the outlet's copy arriving again through a third source arrives read and merged
    third = follow(store, "third")
    store.record_entries(third, [entry("http://harbour.test/2026/05/piece/", "x1")], etag=None, last_modified=None)
    [item] = store.inbox()
    assert item.read and item.sources == ["tank", "outlet", "third"]
    assert reader.mark_opened("https://www.cnas.org/publications/commentary/piece-2") is None
    reader.library.close()


def test_a_feed_changing_its_guids_on_every_request_keeps_one_item_per_piece(store: SourceStore) -> None:
    source = follow(store, "churn")
    for request in range(5):
        entries = [entry(f"https://churn.test/p/{n}", f"guid-{request}-{n}") for n in range(3)]
        store.record_entries(source, entries, etag=None, last_modified=None)
    assert len(store.inbox()) == 3
    assert [s.items for s in store.all()] == [3]


def test_piece_keys_ignore_what_never_makes_another_piece() -> None:
    same = {
        piece_key("https://www.harbour.test/a/b/?utm_source=x&b=2&a=1#top"),
        piece_key("http://harbour.test/a/b?a=1&b=2&fbclid=zz"),
        piece_key("HTTPS://Harbour.test:443/a/b?b=2&a=1"),
    }
    assert len(same) == 1
    assert piece_key("https://harbour.test/a/b?page=2") != piece_key("https://harbour.test/a/b?page=3")
    assert piece_key("https://harbour.test:8080/a") != piece_key("https://harbour.test/a")


def test_the_demo_keeps_its_own_data_directory_unless_one_is_given(tmp_path: Path, monkeypatch) -> None:
    from inkreader.cli import demo_data_dir

    monkeypatch.setenv("INKREADER_HOME", str(tmp_path / "mine"))
    assert Path(demo_data_dir(None)) == (tmp_path / "mine" / "demo").resolve()
    assert demo_data_dir(str(tmp_path / "given")) == str(tmp_path / "given")


def test_the_demo_home_page_links_its_opml() -> None:
    from inkreader.demo.server import site_root

    home = site_root().joinpath("index.html").read_text()
    assert 'href="{{BASE}}/demo-sources.opml"' in home


# -- old items pruned ---------------------------------------------------------------------------------------
def test_read_items_no_feed_lists_are_pruned_after_the_set_days_but_kept_pieces_stay(tmp_path: Path) -> None:
    from inkreader.store.sources import Retention

    library = Library.open(resolve_paths(tmp_path))
    try:
        store = SourceStore(library, Retention(read_days=30, per_source=0))
        source = follow(store, "old")
        urls = [f"https://old.test/p/{n}" for n in range(4)]
        store.record_entries(source, [entry(url, url) for url in urls], etag=None, last_modified=None)
        store.mark_read(urls[:3])
        with library._write() as conn:  # read long ago
            conn.execute("UPDATE source_items SET read_at = '2020-01-01T00:00:00+00:00' WHERE read_at IS NOT NULL")
        library.put_article(make_article(9, url=urls[1]))
        library.save(urls[1])  # a saved piece's item stays
        # the feed now lists only the last two: the first (read, old) goes; the second is saved; the third is listed
        store.record_entries(source, [entry(url, url) for url in urls[2:]], etag=None, last_modified=None)
        assert sorted(item.url for item in store.inbox()) == urls[1:]
    finally:
        library.close()


def test_a_feed_inventing_new_guids_and_addresses_grows_only_to_the_cap(store: SourceStore) -> None:
    from inkreader.store.sources import Retention

    store.retention = Retention(read_days=0, per_source=50)
    source = follow(store, "churn")
    for request in range(10):
        entries = [
            entry(f"https://churn.test/p/{request}-{n}?session={request}", f"g-{request}-{n}") for n in range(20)
        ]
        store.record_entries(source, entries, etag=None, last_modified=None)
    [counted] = store.all()
    assert counted.items == 50
    assert {item.url for item in store.inbox()} >= {f"https://churn.test/p/9-{n}?session=9" for n in range(20)}


def test_pruning_is_a_setting(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("prune_read_after_days = 7\nmax_items_per_source = 10\n")
    reader = Reader(resolve_paths(tmp_path))
    try:
        assert reader.sources.store.retention.read_days == 7
        assert reader.sources.store.retention.per_source == 10
    finally:
        reader.library.close()


# -- offline-first refresh ----------------------------------------------------------------------------------
def growing_feed(server: FixtureServer) -> None:
    """One item at first; two more from the second request on."""
    calls = {"n": 0}
    items = [
        {"title": "Tugs and tides", "link": "{{BASE}}/posts/tugs", "guid": "tugs"},
        {"title": "Only here", "link": "{{BASE}}/posts/only", "guid": "only"},
        {"title": "Fog at the breakwater", "link": "{{BASE}}/posts/fog", "guid": "fog"},
    ]

    def handler(request) -> None:
        calls["n"] += 1
        body = rss("Harbour Watch", items[: 1 if calls["n"] == 1 else 3])
        respond(request, 200, body.replace("{{BASE}}", server.base_url), "application/rss+xml")

    server.route("/grow.xml", handler)
    for path, title in (("/posts/tugs", "Tugs and tides"), ("/posts/only", "Only here"), ("/posts/fog", "Fog")):
        server.route(path, page(title))


@pytest.mark.parametrize("pages", [0, 10])
def test_refresh_stores_the_pages_of_new_items_for_offline_reading(server, run_cli, data_dir: Path, pages: int):
    (data_dir / "config.toml").write_text(f"host_delay_seconds = 0.0\nprefetch_pages_per_refresh = {pages}\n")
    growing_feed(server)
    assert run_cli("sources", "add", server.url("/grow.xml")).returncode == 0
    server.hits.clear()
    refreshed = run_cli("refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    fetched = sorted(hit for hit in server.hits if hit.startswith("/posts/"))
    if not pages:
        assert fetched == [] and "offline" not in refreshed.stdout
        return
    assert fetched == ["/posts/fog", "/posts/only"]  # the new ones, not the one there before
    assert "Stored 2 of 2 new items' pages for offline reading." in refreshed.stdout
    offline = run_cli("read", "--offline", server.url("/posts/fog"))
    assert offline.returncode == 0 and "breakwater" in offline.stdout
    # fetched ahead is not read: the item stays unread, and the page is not in the history
    history = run_cli("list", "--history", "--json")
    assert server.url("/posts/only") not in history.stdout
    assert not next(item for item in inbox(run_cli) if item["title"] == "Only here")["read"]


def test_unknown_source_errors_share_one_wording(run_cli) -> None:
    expected = "inkreader: No source named 'Nowhere'; 'inkreader sources' lists them.\n"
    for args in (
        ("sources", "remove", "Nowhere"),
        ("inbox", "--source", "Nowhere"),
        ("mark-read", "--source", "Nowhere"),
    ):
        result = run_cli(*args)
        assert (result.returncode, result.stderr) == (1, expected), args
