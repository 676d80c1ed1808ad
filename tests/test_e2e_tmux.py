"""End to end as a person uses it: the installed ``inkreader`` command inside tmux, keys in, screen text out."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import inkreader_command
from server import FixtureServer

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


class TmuxSession:
    """One tmux server of its own (``-L``: its own socket, no user config), so that parallel tests (xdist
    workers, other checkouts on the machine) never share a server that another test may be shutting down."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)) -> None:
        self.name = f"inkreader-test-{uuid.uuid4().hex[:12]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        shell = f"env {exports} {shlex.join(command)}"
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]), shell, check=True)

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.name, "-f", os.devnull, *args], capture_output=True, text=True, check=check
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys, check=True)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 30) -> str:
        check = (lambda screen: predicate in screen) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {predicate!r}; screen was:\n{screen}")

    @property
    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def wait_exit(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                return True
            time.sleep(0.2)
        return False

    def kill(self) -> None:
        self.tmux("kill-server")
        socket_dir = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (socket_dir / self.name).unlink(missing_ok=True)  # tmux leaves its socket file behind


@pytest.fixture
def tmux_inkreader(tmp_path: Path) -> Iterator[Callable[..., TmuxSession]]:
    sessions: list[TmuxSession] = []

    def start(*args: str) -> TmuxSession:
        env = {
            "INKREADER_HOME": str(tmp_path / "home"),
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
        }
        session = TmuxSession([*inkreader_command(), *args], env)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.kill()


def test_browse_open_back_and_quit_in_tmux(tmux_inkreader, site_server: FixtureServer) -> None:
    session = tmux_inkreader(site_server.url("/articles-multimedia"))
    session.wait_for("Showing 1-20 of 27")
    # The fourth card is the commentary that follows through to Inkwell Review.
    session.send("j", "j", "j", "Enter")
    screen = session.wait_for("Full text from Inkwell Review")
    assert "Tidewater Logistics" in screen
    session.wait_for("cranes")  # the outlet's full text is on screen
    session.send("BSpace")
    session.wait_for("Showing 1-20 of 27")
    session.send("l")
    session.wait_for("Full text from Inkwell Review")
    session.send("q")
    assert session.wait_exit(), session.screen()


def test_offline_copy_in_tmux(tmux_inkreader, server: FixtureServer, tmp_path: Path) -> None:
    url = server.url("/publications/commentary/grain-corridor-referee")
    first = tmux_inkreader(url)
    first.wait_for("Who counts the ships")
    first.send("q")
    assert first.wait_exit()
    server.stop()
    second = tmux_inkreader(url)
    screen = second.wait_for("Offline copy from")
    assert "The Grain Corridor Compact Needs a Referee" in screen
    second.send("q")
    assert second.wait_exit()


def test_closing_the_terminal_closes_the_library_cleanly(tmux_inkreader, server: FixtureServer, tmp_path: Path) -> None:
    """Closing the terminal window (SIGHUP) ends like q: the reading position is kept and the library closed
    cleanly (no WAL left, the clean-close stamp written), so the next start skips the integrity check."""
    url = server.url("/publications/commentary/grain-corridor-referee")
    session = tmux_inkreader(url)
    session.wait_for("Who counts the ships")
    session.send("s")  # saved pieces keep their reading position
    session.wait_for("Saved")
    session.send("End")
    session.wait_for("100%")
    session.kill()  # tmux hangs up on the pane's process
    stamp = tmp_path / "home" / "library.db.clean"
    deadline = time.monotonic() + 15
    while not stamp.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stamp.exists(), "the library was not closed cleanly after SIGHUP"
    assert not (tmp_path / "home" / "library.db-wal").exists()
    with sqlite3.connect(tmp_path / "home" / "library.db") as conn:
        (position,) = conn.execute("SELECT position FROM articles WHERE url = ?", (url,)).fetchone()
    assert position is not None and position > 0.5
