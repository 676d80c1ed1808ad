"""Sources and the inbox through the installed command, against feeds served on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from feed_samples import (
    ATOM_TYPE,
    JSON_TYPE,
    atom,
    conditional_feed_route,
    feed_route,
    install_hostile_feeds,
    json_feed,
    rss,
)

from inkreader.text import has_control_characters
from server import FixtureServer, respond

ARTICLE = """<!doctype html><html><head><title>{title}</title><meta property="og:site_name" content="Harbour Watch">
</head><body><article><h1>{title}</h1>
<p>The harbour authority counted the tugs twice this spring, and twice the count came out short of what the
dredging contract assumed. That gap is the story: a port is only as busy as the boats that can move its ships.</p>
<p>Pilots say the shortfall shows on foggy mornings, when every berth wants a tug at once and the queue reaches
the breakwater. The authority's answer so far is a new roster, not new boats, and the roster will not hold.</p>
</article></body></html>"""

HOME = """<!doctype html><html><head><title>Harbour Watch</title>
<link rel="alternate" type="application/rss+xml" title="Harbour Watch" href="/feed.xml">
</head><body><h1>Harbour Watch</h1><p>Notes on ports.</p></body></html>"""


@pytest.fixture
def quick(data_dir: Path) -> Path:
    """No pause between requests to one host: every test source lives on the one loopback server."""
    (data_dir / "config.toml").write_text("host_delay_seconds = 0.0\n")
    return data_dir


def page(title: str):
    def handler(request) -> None:
        respond(request, 200, ARTICLE.format(title=title))

    return handler


def harbour(server: FixtureServer) -> None:
    server.route("/", lambda request: respond(request, 200, HOME))
    server.route(
        "/feed.xml",
        conditional_feed_route(
            rss(
                "Harbour Watch",
                [
                    {
                        "title": "Tugs and tides",
                        "link": "{{BASE}}/posts/tugs",
                        "guid": "tugs",
                        "date": "Fri, 01 May 2026 10:00:00 GMT",
                        "author": "desk@harbour.test (Lena Ortiz)",
                        "description": "Why the tug count matters",
                    },
                    {
                        "title": "Fog at the breakwater",
                        "link": "{{BASE}}/posts/fog",
                        "guid": "fog",
                        "date": "Sat, 02 May 2026 10:00:00 GMT",
                    },
                ],
            )
        ),
    )
    server.route("/posts/tugs", page("Tugs and tides"))
    server.route("/posts/fog", page("Fog at the breakwater"))


def sources_json(run_cli) -> list[dict]:
    result = run_cli("sources", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_add_a_home_page_finds_the_announced_feed_then_refresh_uses_conditional_get(server, run_cli, quick):
    harbour(server)
    added = run_cli("sources", "add", server.url("/"))
    assert added.returncode == 0, added.stderr
    assert 'link rel="alternate"' in added.stdout and server.url("/feed.xml") in added.stdout

    [source] = sources_json(run_cli)
    assert source == {
        "name": "Harbour Watch",
        "url": server.url("/"),
        "feed_url": server.url("/feed.xml"),
        "kind": "feed",
        "items": 2,
        "unread": 2,
        "last_refresh": source["last_refresh"],
        "last_error": None,
    }
    assert source["last_refresh"]

    server.requests.clear()
    refreshed = run_cli("refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    assert "Refreshed 1 of 1 sources: 0 new items." in refreshed.stdout
    feed_requests = [headers for path, headers in server.requests if path == "/feed.xml"]
    assert feed_requests and feed_requests[0].get("If-None-Match") == '"v1"'
    assert "\r" not in refreshed.stderr  # no progress line when stderr is not a terminal

    inbox = json.loads(run_cli("inbox", "--json").stdout)
    assert [item["title"] for item in inbox] == ["Fog at the breakwater", "Tugs and tides"]  # newest first
    assert inbox[1] == {
        "url": server.url("/posts/tugs"),
        "title": "Tugs and tides",
        "source": "Harbour Watch",
        "sources": ["Harbour Watch"],
        "kind": None,
        "outlet": None,
        "published": "2026-05-01",
        "authors": ["Lena Ortiz"],
        "summary": "Why the tug count matters",
        "read": False,
    }
    text = run_cli("inbox", "--source", "harbour watch", "--unread")
    assert text.returncode == 0 and "• Fog at the breakwater" in text.stdout


def test_feed_urls_of_each_format_are_followed_as_given(server, run_cli, quick):
    server.route("/atom", feed_route(atom("Signal Post", [{"title": "Relays", "link": "/relays"}]), ATOM_TYPE))
    server.route(
        "/json", feed_route(json_feed("Ledger", [{"id": "1", "url": "{{BASE}}/l/1", "title": "Lines"}]), JSON_TYPE)
    )
    for path, label in (("/atom", "Atom"), ("/json", "JSON Feed")):
        result = run_cli("sources", "add", server.url(path))
        assert result.returncode == 0, result.stderr
        assert f"the address is a feed ({label})" in result.stdout
    assert {s["name"] for s in sources_json(run_cli)} == {"Signal Post", "Ledger"}
    named = run_cli("sources", "add", server.url("/atom"), "--name", "Again")
    assert named.returncode == 1 and "Already following" in named.stderr


def test_a_cnas_page_without_a_feed_is_followed_through_its_listing(site_server, run_cli, quick):
    piece = site_server.url("/publications/commentary/grain-corridor-referee")
    result = run_cli("sources", "add", piece, "--name", "CNAS")
    assert result.returncode == 0, result.stderr
    assert "CNAS adapter" in result.stdout and site_server.url("/articles-multimedia") in result.stdout
    [source] = sources_json(run_cli)
    assert source["kind"] == "listing" and source["items"] > 3
    items = json.loads(run_cli("inbox", "--json").stdout)
    assert all(item["source"] == "CNAS" and item["url"].startswith(site_server.base_url) for item in items)
    assert any(item["kind"] == "report" for item in items)


def test_a_listing_source_survives_export_and_import(site_server, run_cli, quick, tmp_path):
    assert run_cli("sources", "add", site_server.url("/articles-multimedia"), "--name", "CNAS").returncode == 0
    exported = run_cli("sources", "export").stdout
    assert 'type="link"' in exported and "xmlUrl" not in exported  # a listing page is not a feed
    assert run_cli("sources", "remove", "CNAS").returncode == 0
    file = tmp_path / "subs.opml"
    file.write_text(exported)
    assert run_cli("sources", "import", str(file)).returncode == 0
    [source] = sources_json(run_cli)
    assert source["kind"] == "listing" and source["feed_url"] == site_server.url("/articles-multimedia")
    refreshed = run_cli("refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    assert sources_json(run_cli)[0]["items"] > 3


def test_a_site_with_only_a_sitemap(server, run_cli, quick):
    server.route("/", lambda r: respond(r, 200, "<html><head><title>Plain</title></head><body>Plain</body></html>"))
    robots = f"User-agent: *\nAllow: /\nSitemap: {server.url('/sitemap.xml')}\n"
    server.route("/robots.txt", lambda r: respond(r, 200, robots, "text/plain"))
    server.route(
        "/sitemap.xml",
        lambda r: respond(
            r,
            200,
            f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{server.url("/old-news")}</loc><lastmod>2025-01-01</lastmod></url>
<url><loc>{server.url("/fresh-analysis-of-ports")}</loc><lastmod>2026-05-01</lastmod></url>
<url><loc>javascript:alert(1)</loc></url>
</urlset>""",
            "application/xml",
        ),
    )
    result = run_cli("sources", "add", server.url("/"))
    assert result.returncode == 0, result.stderr
    assert "sitemap" in result.stdout
    items = json.loads(run_cli("inbox", "--json").stdout)
    assert [(i["title"], i["published"]) for i in items] == [
        ("Fresh analysis of ports", "2026-05-01"),
        ("Old news", "2025-01-01"),
    ]


def test_no_feed_is_guessed(server, run_cli, quick):
    server.route("/", lambda r: respond(r, 200, "<html><head><title>Plain</title></head><body>Plain</body></html>"))
    server.route("/feed", feed_route(rss("Hidden", [{"title": "x", "link": "/x"}])))  # exists, never announced
    result = run_cli("sources", "add", server.url("/"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "does not guess feed addresses" in result.stderr
    assert "/feed" not in [path for path, _ in server.requests]
    assert sources_json(run_cli) == []


def test_one_failing_source_never_stops_the_others(server, run_cli, quick):
    harbour(server)
    server.route("/other.xml", feed_route(rss("Other", [{"title": "One", "link": "/one"}])))
    assert run_cli("sources", "add", server.url("/")).returncode == 0
    assert run_cli("sources", "add", server.url("/other.xml")).returncode == 0
    server.route("/other.xml", lambda r: respond(r, 500, "<html><body>down</body></html>"))
    server.route("/feed.xml", feed_route(rss("Harbour Watch", [{"title": "Brand new", "link": "/new", "guid": "n"}])))
    result = run_cli("refresh")
    assert result.returncode == 0
    assert "+1  Harbour Watch" in result.stdout and "1 failed" in result.stdout
    assert result.stderr.startswith("inkreader: Other: ") and result.stderr.count("\n") == 1
    by_name = {s["name"]: s for s in sources_json(run_cli)}
    assert by_name["Other"]["last_error"] and by_name["Other"]["items"] == 1  # items kept
    assert by_name["Harbour Watch"]["last_error"] is None and by_name["Harbour Watch"]["items"] == 3

    server.route("/feed.xml", lambda r: respond(r, 404, "gone"))
    all_failed = run_cli("refresh")
    assert all_failed.returncode == 1 and all_failed.stderr.count("\n") == 2
    only = run_cli("refresh", "Harbour Watch")
    assert only.returncode == 1 and "Other" not in only.stderr
    assert run_cli("refresh", "Nope").returncode == 1


def test_hostile_feeds_give_one_line_each_and_never_stop_the_refresh(server, run_cli, quick, tmp_path, data_dir):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    urls = install_hostile_feeds(server, str(secret))
    server.route("/good.xml", feed_route(rss("Good", [{"title": "Fine piece", "link": "/fine"}])))
    outlines = "".join(f'<outline type="rss" text="{name}" xmlUrl="{url}"/>' for name, url in urls.items())
    outlines += f'<outline type="rss" text="good" xmlUrl="{server.url("/good.xml")}"/>'
    opml = tmp_path / "hostile.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    imported = run_cli("sources", "import", str(opml))
    assert imported.returncode == 0, imported.stderr
    assert f"Imported {len(urls) + 1} sources" in imported.stdout

    result = run_cli("refresh", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    errors = {s["name"]: s["last_error"] for s in sources_json(run_cli)}
    assert "declares XML entities" in errors["xxe"]
    assert "declares XML entities" in errors["laughs"]
    assert "larger than 10 MB" in errors["huge"]
    assert "larger than 10 MB" in errors["bomb"]
    assert "HTML page, not a feed" in errors["html"]
    assert "redirects in a loop" in errors["loop"]
    assert errors["garbage"]
    assert errors["malformed"] is None and errors["hostile_title"] is None and errors["good"] is None
    inbox = run_cli("inbox", "--json")
    titles = [item["title"] for item in json.loads(inbox.stdout)]
    assert "Still readable" in titles and "Fine piece" in titles
    for output in (inbox.stdout, run_cli("inbox").stdout, run_cli("sources").stdout, result.stdout, result.stderr):
        assert "TOP-SECRET" not in output
        assert not has_control_characters(output.replace("\n", "")) and "\u202e" not in output
    db = sqlite3.connect(data_dir / "library.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_remove_export_import(server, run_cli, quick, tmp_path):
    harbour(server)
    assert run_cli("sources", "add", server.url("/")).returncode == 0
    exported = run_cli("sources", "export")
    assert exported.returncode == 0 and exported.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'version="2.0"' in exported.stdout and f'xmlUrl="{server.url("/feed.xml")}"' in exported.stdout
    removed = run_cli("sources", "remove", "Harbour Watch")
    assert removed.returncode == 0
    assert json.loads(run_cli("inbox", "--json").stdout) == []
    assert run_cli("sources", "remove", "Harbour Watch").returncode == 1
    file = tmp_path / "subs.opml"
    file.write_text(exported.stdout)
    imported = run_cli("sources", "import", str(file))
    assert imported.returncode == 0 and "Imported 1 sources" in imported.stdout
    again = run_cli("sources", "import", str(file))
    assert "Imported 0 sources (1 followed already" in again.stdout


@pytest.mark.parametrize("content", ["plain words", "<html><body>hello</body></html>"])
def test_import_of_a_file_that_is_not_opml(run_cli, tmp_path, content):
    file = tmp_path / "subs.opml"
    file.write_text(content)
    result = run_cli("sources", "import", str(file))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "not an OPML file" in result.stderr
    missing = run_cli("sources", "import", str(tmp_path / "nope.opml"))
    assert missing.returncode == 1 and "Cannot read" in missing.stderr


def test_offline_inbox_shows_the_last_refresh_and_refresh_refuses(server, run_cli, quick):
    harbour(server)
    assert run_cli("sources", "add", server.url("/")).returncode == 0
    server.stop()
    inbox = run_cli("--offline", "inbox")
    assert inbox.returncode == 0 and "Tugs and tides" in inbox.stdout
    assert "offline: the inbox as last refreshed" in inbox.stderr
    refresh = run_cli("refresh", "--offline")
    assert refresh.returncode == 1 and "Offline" in refresh.stderr
    down = run_cli("refresh")
    assert down.returncode == 1 and "Harbour Watch" in down.stderr


def test_usage_errors(run_cli):
    assert run_cli("sources", "add").returncode == 2
    assert run_cli("inbox", "--bogus").returncode == 2
    assert run_cli("sources").returncode == 0
    assert "No sources yet" in run_cli("refresh").stdout
