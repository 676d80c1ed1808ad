"""Shared fixtures: the loopback server, a temporary data dir, the installed CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import hostile_pages
import hostile_routes
import pytest

from server import FixtureServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's own library, and parallel workers never share one (``data_dir`` overrides)."""
    monkeypatch.setenv("INKREADER_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="session")
def site_server() -> Iterator[FixtureServer]:
    """One server for the session, serving tests/fixtures/site; tests add routes on it."""
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    """A server of the test's own (routes and start/stop are the test's to play with)."""
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[FixtureServer]:
    """One server per module for the stateless hostile routes and pages (a per-test server costs 0.5 s to stop)."""
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hostile_route_urls(hostile_server: FixtureServer) -> dict[str, str]:
    """``{name: url}`` of the hostile servers' behaviours (tests/hostile_routes.py)."""
    return hostile_routes.install_hostile_routes(hostile_server)


@pytest.fixture(scope="module")
def hostile_urls(hostile_server: FixtureServer, hostile_route_urls: dict[str, str]) -> dict[str, str]:
    """The routes and the hostile pages (tests/hostile_pages.py); where a name is in both, the page is meant."""
    return {**hostile_route_urls, **hostile_pages.install_hostile_pages(hostile_server)}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh INKREADER_HOME: config, library and cache live here."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("INKREADER_HOME", str(home))
    return home


def inkreader_command() -> list[str]:
    exe = shutil.which("inkreader", path=str(Path(sys.executable).parent)) or shutil.which("inkreader")
    return [exe] if exe else [sys.executable, "-m", "inkreader"]


@pytest.fixture
def run_cli(data_dir: Path):
    """Run the installed ``inkreader`` command as a subprocess with the test's data dir."""

    def run(*args: str, timeout: float = 60, input: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, INKREADER_HOME=str(data_dir), NO_COLOR="1")
        return subprocess.run(
            [*inkreader_command(), *args], capture_output=True, text=True, timeout=timeout, env=env, input=input
        )

    return run
