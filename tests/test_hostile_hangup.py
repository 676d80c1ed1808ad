"""Closing the terminal at any point of start-up ends the reader: a liveness check, not a timing one.

The installed ``inkreader`` runs on a pseudo-terminal of its own (it is the session leader, the terminal its
controlling one); closing our side hangs the terminal up as closing a window does (the kernel sends SIGHUP and
every later read or write of the terminal fails). At each point, ten times, the process must be gone within a
generous bound and the library, where there is one, must be sound.
"""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import sqlite3
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from pathlib import Path

import hostile_routes
import pytest

from conftest import inkreader_command
from server import FixtureServer

PIECE = "/publications/commentary/grain-corridor-referee"
TRIES = 10
GONE_WITHIN = 20.0  # seconds: generous; the reader means to end within one
SHOWN_WITHIN = 60.0

pytestmark = pytest.mark.timeout(900)


class Terminal:
    """``inkreader ARGS`` on a fresh pseudo-terminal; ``close()`` is the window closing."""

    def __init__(self, home: Path, *args: str) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = dict(os.environ, INKREADER_HOME=str(home), TERM="xterm-256color")
        env.pop("INKREADER_DEBUG", None)
        self.process = subprocess.Popen(
            [*inkreader_command(), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.screen = b""
        self.open = True

    def read_until(self, done: Callable[[Terminal], bool]) -> None:
        deadline = time.monotonic() + SHOWN_WITHIN
        while not done(self):
            assert time.monotonic() < deadline, f"never got there; the terminal showed {self.screen[-500:]!r}"
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536)
                except OSError:
                    break

    def close(self) -> None:
        if self.open:
            os.close(self.master)
            self.open = False

    def gone(self) -> bool:
        try:
            self.process.wait(GONE_WITHIN)
            return True
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return False


def library_is_sound(home: Path) -> bool:
    database = home / "library.db"
    if not database.exists():
        return True
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def hang_up_ten_times(tmp_path: Path, args: Callable[[int], list[str]], when: Callable[[Terminal], bool]) -> None:
    stayed = []
    for attempt in range(TRIES):
        home = tmp_path / f"home-{attempt}"
        home.mkdir()
        terminal = Terminal(home, *args(attempt))
        try:
            terminal.read_until(when)
        finally:
            terminal.close()
        if not terminal.gone():
            stayed.append(attempt)
        assert library_is_sound(home), attempt
    assert stayed == [], f"the reader stayed after the terminal closed in tries {stayed}"


def test_closing_the_terminal_at_the_first_frame(tmp_path: Path, site_server: FixtureServer) -> None:
    hang_up_ten_times(tmp_path, lambda _: [site_server.url(PIECE)], lambda terminal: bool(terminal.screen))


def test_closing_the_terminal_once_the_page_is_in(tmp_path: Path, site_server: FixtureServer) -> None:
    """The page's body is in: the moment the reader freezes its long-lived heap."""
    hang_up_ten_times(tmp_path, lambda _: [site_server.url(PIECE)], lambda terminal: b"Who counts" in terminal.screen)


def test_closing_the_terminal_while_a_worker_waits_for_the_page(tmp_path: Path, server: FixtureServer) -> None:
    """The page's server says nothing: the loading worker is waiting on it."""
    urls = [server.route(f"/held/{n}", hostile_routes.slow) for n in range(TRIES)]
    tried: list[int] = []

    def args(attempt: int) -> list[str]:
        tried.append(attempt)
        return [urls[attempt]]

    hang_up_ten_times(tmp_path, args, lambda _: f"/held/{tried[-1]}" in server.hits)


def test_closing_the_terminal_during_the_start_up_refresh(tmp_path: Path, server: FixtureServer) -> None:
    """A source is due: the reader refreshes it in the background on start, and its feed never answers."""
    server.route("/", lambda request: hostile_routes.ok(request))
    server.route("/feed.xml", hostile_routes.slow)
    opml = tmp_path / "sources.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        f'<outline type="rss" text="Held" xmlUrl="{server.url("/feed.xml")}"/></body></opml>'
    )

    following = tmp_path / "following"
    imported = subprocess.run(
        [*inkreader_command(), "sources", "import", str(opml)],
        capture_output=True,
        text=True,
        env=dict(os.environ, INKREADER_HOME=str(following)),
        timeout=60,
    )
    assert imported.returncode == 0, imported.stderr

    def args(attempt: int) -> list[str]:
        home = tmp_path / f"home-{attempt}"
        home.rmdir()
        shutil.copytree(following, home)  # a library following the one source, never refreshed
        server.hits.clear()
        return [server.url("/")]

    hang_up_ten_times(tmp_path, args, lambda _: "/feed.xml" in server.hits)
