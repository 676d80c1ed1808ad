"""End to end in tmux: follow a numbered link of the long report by typing its number, come back with Backspace."""

from __future__ import annotations

from nav_helpers import REPORT_PATH, serve_report
from tmux_session import tmux_inkreader

from server import FixtureServer

__all__ = ["tmux_inkreader"]  # the fixture


def test_follow_a_link_by_number_and_come_back_in_tmux(tmux_inkreader, server: FixtureServer) -> None:
    serve_report(server)
    session = tmux_inkreader(server.url(REPORT_PATH))
    session.wait_for("The Long Watch")  # (tmux may give a detached session 80x24: short probes)
    screen = session.wait_for("Section 1: The Convoy Question")
    assert "0%" in screen  # the reading progress
    # 1 could still become 13: the hint asks for more; 3 makes 13 (no link 130), followed at once
    session.send("1")
    session.wait_for("Follow link 1")
    session.send("3")
    session.wait_for("Target Page 13")
    session.wait_for("This is target page 13")
    session.send("BSpace")
    session.wait_for("Section 1: The Convoy Question")
    # and with Enter: link 1
    session.send("1", "Enter")
    session.wait_for(lambda screen: "Target Page 1" in screen and "Target Page 13" not in screen)
    session.send("BSpace")
    session.wait_for("Section 1: The Convoy Question")
    session.send("q")
    assert session.wait_exit(), session.screen()
