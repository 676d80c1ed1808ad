"""``sources add`` against pages that announce too many feeds, feeds that never finish, and local paths."""

from __future__ import annotations

from pathlib import Path

import hostile_routes
import pytest
from feed_samples import rss

from inkreader.reader import Reader, paths_for
from inkreader.sources.discover import MAX_CANDIDATES, NoFeedFound
from server import FixtureServer, respond


def announcing(links: list[tuple[str, str]], title: str = "Harbour Watch") -> str:
    """A home page announcing ``(href, feed title)`` feeds, in that order."""
    heads = "".join(f'<link rel="alternate" type="application/rss+xml" title="{t}" href="{href}">' for href, t in links)
    return f"<!doctype html><html><head><title>{title}</title>{heads}</head><body><p>Ports.</p></body></html>"


@pytest.fixture
def quick(data_dir: Path) -> Path:
    (data_dir / "config.toml").write_text("host_delay_seconds = 0.0\n")
    return data_dir


def test_a_page_announcing_300_dead_feeds_costs_a_few_requests_and_one_short_line(server, run_cli, quick) -> None:
    home = announcing([(f"/dead/{n}", f"Feed {n}") for n in range(300)])
    server.route("/", lambda request: respond(request, 200, home))
    result = run_cli("sources", "add", server.url("/"))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert len(line) < 600, line
    assert "300 feeds" in line and "404" in line
    assert len([hit for hit in server.hits if hit.startswith("/dead/")]) <= MAX_CANDIDATES


def test_the_best_candidate_is_tried_first(server, run_cli, quick) -> None:
    """Off-host and comment feeds come first in the page; the site's own feed, titled like the page, is last."""
    links = [("http://elsewhere.invalid/feed", "Elsewhere")] * 1 + [(f"/comments/{n}", "Comments") for n in range(8)]
    links.append(("/feed.xml", "Harbour Watch"))
    server.route("/", lambda request: respond(request, 200, announcing(links)))
    feed = rss("Harbour Watch", [{"title": "Tugs", "link": "{{BASE}}/tugs", "guid": "t"}]).replace(
        "{{BASE}}", server.base_url
    )
    server.route("/feed.xml", lambda request: respond(request, 200, feed, "application/rss+xml"))
    result = run_cli("sources", "add", server.url("/"))
    assert result.returncode == 0, result.stderr
    assert server.url("/feed.xml") in result.stdout
    assert [hit for hit in server.hits if hit != "/robots.txt"] == ["/", "/feed.xml"]


async def test_feeds_that_never_finish_end_at_the_add_deadline(server: FixtureServer, tmp_path: Path) -> None:
    """Twenty announced feeds sending a byte at a time: the add stops at its deadline, having tried a few."""
    for n in range(20):
        server.route(f"/drip/{n}", hostile_routes.drip)
    server.route("/", lambda request: respond(request, 200, announcing([(f"/drip/{n}", "Drip") for n in range(20)])))
    async with Reader(paths_for(tmp_path)) as reader:
        with pytest.raises(NoFeedFound) as caught:
            await reader.sources.add(server.url("/"), deadline=3)
        assert reader.sources.all() == []
    message = str(caught.value)
    assert message.startswith(f"Gave up on {server.url('/')} after 3 s") and "\n" not in message
    assert len([hit for hit in server.hits if hit.startswith("/drip/")]) <= MAX_CANDIDATES


@pytest.mark.parametrize("target", ["/etc/passwd", "file:///etc/passwd", "./feeds.opml"])
def test_a_local_path_is_not_a_source(run_cli, target: str) -> None:
    result = run_cli("sources", "add", target)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"inkreader: {target} is a local path, not a source: sources are web addresses (a feed or a site's page); "
        "'inkreader sources import FILE.opml' reads a list of feeds from a file."
    ]
