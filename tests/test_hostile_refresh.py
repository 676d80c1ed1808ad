"""``refresh`` against one host whose feeds drip a byte at a time: the host's time is bounded per run, a good feed
behind the bad ones is still reached, and the command says how each source went as it finishes."""

from __future__ import annotations

import os
import select
import subprocess
from pathlib import Path

import hostile_routes
from feed_samples import rss

from conftest import inkreader_command
from inkreader.reader import Reader, paths_for
from server import FixtureServer, respond

SAID_WITHIN = 45.0  # seconds: generous for a start and one local feed; the dripping one holds for a minute


def follow(server: FixtureServer, tmp_path: Path, feeds: dict[str, str]) -> Path:
    """An OPML file following ``{name: path}`` on ``server``, in that order."""
    outlines = "".join(
        f'<outline type="rss" text="{name}" xmlUrl="{server.url(path)}"/>' for name, path in feeds.items()
    )
    file = tmp_path / "sources.opml"
    file.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>')
    return file


def good_feed(server: FixtureServer, path: str = "/good.xml") -> None:
    feed = rss("Good", [{"title": "Tugs", "link": f"{server.base_url}/tugs", "guid": "tugs"}])
    server.route(path, lambda request: respond(request, 200, feed, "application/rss+xml"))


def quick(home: Path) -> Path:
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text("host_delay_seconds = 0.0\n")
    return home


async def test_dripping_feeds_share_the_hosts_time_and_the_good_one_is_reached(
    server: FixtureServer, tmp_path: Path
) -> None:
    drips = {f"{letter} drip": f"/drip/{letter}" for letter in "ab"}
    for path in drips.values():
        server.route(path, hostile_routes.drip)
    good_feed(server)
    opml = follow(server, tmp_path, {**drips, "z good": "/good.xml"})
    async with Reader(paths_for(quick(tmp_path / "home"))) as reader:
        reader.sources.import_opml(opml)
        report = await reader.sources.refresh(host_deadline=12)  # 4 s each: plenty for a local feed
        outcomes = {result.name: result for result in report.results}
        assert outcomes["z good"].error is None and outcomes["z good"].new == 1
        for name in drips:
            assert "sent no whole feed within" in (outcomes[name].error or ""), outcomes[name]
        stored = {source.name: source.last_error for source in reader.sources.all()}
    assert stored["z good"] is None and all(stored[name] for name in drips)


async def test_sources_the_time_does_not_reach_wait_first_in_line(server: FixtureServer, tmp_path: Path) -> None:
    drips = {f"{letter} drip": f"/drip/{letter}" for letter in "abcdefgh"}
    for path in drips.values():
        server.route(path, hostile_routes.drip)
    good_feed(server)
    opml = follow(server, tmp_path, {**drips, "z good": "/good.xml"})
    async with Reader(paths_for(quick(tmp_path / "home"))) as reader:
        reader.sources.import_opml(opml)
        first = await reader.sources.refresh(host_deadline=2)
        skipped = [result.name for result in first.results if result.skipped]
        tried = [result.name for result in first.results if not result.skipped]
        assert skipped and "z good" in skipped  # 8 sources of a third of a second each fill the 2 s
        assert all("not refreshed this time" in (r.error or "") for r in first.results if r.skipped)
        stored = {source.name: source.last_error for source in reader.sources.all()}
        assert all(stored[name] is None for name in skipped) and all(stored[name] for name in tried)

        server.hits.clear()
        await reader.sources.refresh(host_deadline=2)
        feeds = [hit for hit in server.hits if hit != "/robots.txt"]
        first_path = {**drips, "z good": "/good.xml"}[skipped[0]]
        assert feeds[0] == first_path  # a source not reached last time goes before those that failed


def test_the_command_says_how_each_source_went_as_it_finishes(server: FixtureServer, tmp_path: Path) -> None:
    """The good feed's line comes while a dripping feed still holds the command (before, it came at the end,
    a minute or more later)."""
    good_feed(server)
    server.route("/drip.xml", hostile_routes.drip)
    home = quick(tmp_path / "home")
    opml = follow(server, tmp_path, {"a good": "/good.xml", "b drip": "/drip.xml"})
    env = dict(os.environ, INKREADER_HOME=str(home), NO_COLOR="1", INKREADER_TOTAL_TIMEOUT="90")
    assert subprocess.run([*inkreader_command(), "sources", "import", str(opml)], env=env, timeout=60).returncode == 0
    process = subprocess.Popen(
        [*inkreader_command(), "refresh"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], SAID_WITHIN)
        assert ready, "nothing said while the dripping feed held the command"
        assert process.stdout.readline().decode().strip() == "+1  a good"
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(60)
