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
