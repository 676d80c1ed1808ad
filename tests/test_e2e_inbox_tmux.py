"""The inbox as a person uses it: ``inkreader demo`` in tmux, its sources refreshed in the background on start."""

from __future__ import annotations

from tmux_session import tmux_inkreader  # noqa: F401  (the fixture)


def test_open_an_unread_item_and_the_count_goes_down(tmux_inkreader) -> None:  # noqa: F811
    session = tmux_inkreader("demo")
    session.wait_for("Articles & Multimedia")
    session.wait_for("28 new in the inbox")  # the background refresh on start, announced
    session.send("i")
    session.wait_for("Inbox · 28 unread")
    screen = session.wait_for("23  Center for")
    assert "2  The Tidewater" in screen and "28  All sources" in screen
    session.send("Enter")  # All sources
    session.wait_for("28 unread · All")
    session.send("Enter")  # the newest item
    session.wait_for("27 unread · All")
    session.wait_for("Northern Lines, Episode 31")  # the podcast is in the reading pane
    session.send("Escape")
    session.wait_for("Inbox · 27 unread")
    session.send("q")
    assert session.wait_exit(), session.screen()
