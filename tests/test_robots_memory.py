"""robots.txt answers kept in the library: a new session does not ask every host again, a stale answer is
asked again, and a library that cannot keep them costs a request, never a fetch."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import hostile_routes as hostile
import pytest

from inkreader.errors import FetchError
from inkreader.fetch import Fetcher
from inkreader.store import Library
from inkreader.store.robots import RobotsStore
from server import FixtureServer, respond

ROBOTS = "User-agent: *\nDisallow: /private\n"


def _robots(server: FixtureServer) -> None:
    server.route("/robots.txt", lambda request: respond(request, 200, ROBOTS, "text/plain"))


PAGE = """<html><head><title>Buoys and Budgets</title></head><body><article><h1>Buoys and Budgets</h1>
<p>The harbour board voted to replace the channel buoys before the autumn storms, a decision it had put off
for three budget cycles while the old markers drifted further from the charted line each winter.</p>
<p>Pilots had logged the drift for years; the vote came only after a grain ship touched the bank in March,
closing the channel for two days and costing the port more than the buoys themselves.</p></article></body></html>"""


def _article(request: object) -> None:
    respond(request, 200, PAGE, "text/html; charset=utf-8")


def test_a_second_run_of_the_command_uses_the_kept_answer(run_cli, server: FixtureServer) -> None:
    _robots(server)
    url = server.route("/private/page", _article)
    first = run_cli("read", url, "--json")
    assert first.returncode == 0, first.stderr
    assert "robots.txt of 127.0.0.1 disallows this page" in first.stderr
    second = run_cli("read", server.route("/private/other", _article), "--json")
    assert second.returncode == 0, second.stderr
    assert "robots.txt of 127.0.0.1 disallows this page" in second.stderr  # the rules came from the library
    assert server.hits.count("/robots.txt") == 1


async def test_a_stale_answer_is_asked_again(server: FixtureServer, tmp_path: Path) -> None:
    _robots(server)
    url = server.route("/page", hostile.ok)
    with Library(tmp_path / "library.db") as library:
        memory = RobotsStore(library)
        memory.remember(
            {
                "origin": server.base_url,
                "fetched_at": time.time() - 2 * 86400,
                "status": 200,
                "text": "User-agent: *\nDisallow: /\n",
                "error": "",
            }
        )
        async with Fetcher(host_delay=0.01, robots_memory=memory) as fetcher:
            page = await fetcher.fetch(url, background=True)  # the stale "disallow all" is not used
        assert page.status == 200 and server.hits.count("/robots.txt") == 1
        kept = memory.recall(server.base_url)
        assert kept is not None and kept["text"] == ROBOTS and kept["fetched_at"] > time.time() - 60


async def test_a_kept_disallow_holds_in_a_new_session(server: FixtureServer, tmp_path: Path) -> None:
    _robots(server)
    url = server.route("/private/page", hostile.ok)
    with Library(tmp_path / "library.db") as library:
        async with Fetcher(host_delay=0.01, robots_memory=RobotsStore(library)) as fetcher:
            assert not await fetcher.allowed_by_robots(url)
    server.route("/robots.txt", lambda request: respond(request, 500, "down", "text/plain"))
    with Library(tmp_path / "library.db") as library:
        async with Fetcher(host_delay=0.01, robots_memory=RobotsStore(library)) as fetcher:
            with pytest.raises(FetchError, match="disallows"):
                await fetcher.fetch(url, background=True)
    assert server.hits.count("/robots.txt") == 1 and "/private/page" not in server.hits


class _Broken:
    def recall(self, origin: str) -> dict[str, Any] | None:
        raise sqlite3.OperationalError("disk I/O error")

    def remember(self, record: dict[str, object]) -> None:
        raise OSError(28, "No space left on device")


async def test_a_memory_that_fails_costs_a_request_not_the_fetch(server: FixtureServer) -> None:
    _robots(server)
    url = server.route("/page", hostile.ok)
    async with Fetcher(host_delay=0.01, robots_memory=_Broken()) as fetcher:
        page = await fetcher.fetch(url, background=True)
    assert page.status == 200 and server.hits.count("/robots.txt") == 1


def test_garbage_records_read_as_nothing(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        memory = RobotsStore(library)
        memory.remember({"origin": 5, "fetched_at": "soon"})  # not a record: ignored
        with library._write() as conn:
            conn.execute("INSERT INTO robots VALUES ('https://a.example', '{not json', 1.0)")
            conn.execute("INSERT INTO robots VALUES ('https://b.example', '[1, 2]', 1.0)")
        assert memory.recall("https://a.example") is None
        assert memory.recall("https://b.example") is None
        assert memory.recall("https://c.example") is None
