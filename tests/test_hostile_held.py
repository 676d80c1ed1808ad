"""Hostile cases that held when tried by hand, kept as tests so they keep holding: ``xml:base`` pointing at
``file:``, XXE behind 64 KB of padding, a feed redirecting to ``ftp:``, a 100,000-item feed, and SIGKILL at five
points of a refresh. (Escapes and bidi controls in feed fields and non-http item links are kept in
test_feeds_parse.py; ``file:`` and ``javascript:`` redirects in test_fetch.py.)"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from feed_samples import rss

from conftest import inkreader_command
from inkreader.sources.feeds import parse_feed
from server import FixtureServer, respond

BASE = "http://feeds.example/feed.xml"


def test_xml_base_pointing_at_file_never_makes_a_file_link() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0" xml:base="file:///etc/"><channel xml:base="file:///etc/">
    <title>Base</title>
    <item xml:base="file:///etc/"><title>Relative</title><link>passwd</link><guid>passwd</guid></item>
    <item><title>Absolute</title><link>file:///etc/passwd</link></item></channel></rss>"""
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="file:///etc/"><title>B</title>
    <entry xml:base="file:///etc/"><title>Relative</title><link href="shadow"/><id>s</id></entry></feed>"""
    urls = [entry.url for content in (feed, atom) for entry in parse_feed(content, BASE).entries]
    assert urls and all(url.startswith("http://feeds.example/") for url in urls), urls


def test_xxe_behind_64_kb_of_padding_reads_no_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    feed = (
        b'<?xml version="1.0"?>\n<!--'
        + b"padding " * 8192
        + b"-->\n"
        + f'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{secret}">]>\n'.encode()
        + b'<rss version="2.0"><channel><title>Leaky &secret;</title>'
        b"<item><title>Item &secret;</title><link>http://example.test/1</link></item></channel></rss>"
    )
    try:
        parsed = parse_feed(feed, BASE)
    except Exception as error:  # refusing is holding too
        assert "TOP-SECRET" not in str(error)
        return
    assert "TOP-SECRET" not in repr(parsed)


def test_a_feed_redirecting_to_ftp_is_refused_in_one_line(server: FixtureServer, run_cli) -> None:
    def to_ftp(request) -> None:
        respond(request, 302, "", headers={"Location": "ftp://files.example/feed.xml"})

    result = run_cli("sources", "add", server.route("/feed.xml", to_ftp))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "redirects to a ftp: address" in line


def test_a_100000_item_feed_is_read() -> None:
    items = "".join(f"<item><title>T{n}</title><link>http://example.test/{n}</link></item>" for n in range(100_000))
    parsed = parse_feed(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode(), BASE
    )
    assert parsed.title == "Big" and 0 < len(parsed.entries) <= 100_000


def test_sigkill_at_five_points_of_a_refresh_leaves_the_library_whole(server: FixtureServer, tmp_path: Path) -> None:
    """Each feed brings 1,000 items, so a kill lands among the writes; after each, the library is sound and every
    source and the items stored so far are still there."""
    names = [f"Feed {n}" for n in range(8)]
    for n in range(8):
        items = [{"title": f"Item {n}-{k}", "link": f"{{{{BASE}}}}/{n}/{k}", "guid": f"{n}-{k}"} for k in range(1000)]
        feed = rss(names[n], items).replace("{{BASE}}", server.base_url)
        server.route(f"/feed/{n}.xml", lambda request, feed=feed: respond(request, 200, feed, "application/rss+xml"))
    outlines = "".join(
        f'<outline type="rss" text="{name}" xmlUrl="{server.url(f"/feed/{n}.xml")}"/>' for n, name in enumerate(names)
    )
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>')
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("host_delay_seconds = 0.0\n")
    env = dict(os.environ, INKREADER_HOME=str(home), NO_COLOR="1")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*inkreader_command(), *args], capture_output=True, text=True, env=env, timeout=120)

    assert cli("sources", "import", str(opml)).returncode == 0
    for point in range(1, 6):
        server.hits.clear()
        child = subprocess.Popen([*inkreader_command(), "refresh"], env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while sum(hit.startswith("/feed/") for hit in server.hits) < point and child.poll() is None:
            assert time.monotonic() < deadline, "the refresh never reached its feeds"
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with sqlite3.connect(home / "library.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        listed = cli("sources", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert sorted(source["name"] for source in json.loads(listed.stdout)) == names
        inbox = cli("inbox", "--json")
        assert inbox.returncode == 0, inbox.stderr
