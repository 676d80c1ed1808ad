"""End to end as a person uses it: the installed ``inkreader`` command inside tmux, keys in, screen text out."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tmux_session import tmux_inkreader

from server import FixtureServer

__all__ = ["tmux_inkreader"]  # the fixture


def test_browse_open_back_and_quit_in_tmux(tmux_inkreader, site_server: FixtureServer) -> None:
    # wide enough for the header to say where the text comes from (at 80x24 it keeps date, authors, length)
    session = tmux_inkreader(site_server.url("/articles-multimedia"), size=(120, 40))
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
