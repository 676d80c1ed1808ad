"""End to end in tmux: highlight a passage, quit, start again and find it with H."""

from __future__ import annotations

from pathlib import Path

from tmux_session import tmux_inkreader  # noqa: F401  (the fixture)

from inkreader.config import resolve_paths
from inkreader.reader import Reader
from server import FixtureServer


def test_a_highlight_survives_quitting_and_is_listed_with_H(
    tmux_inkreader,  # noqa: F811  (the fixture imported above)
    server: FixtureServer,
    tmp_path: Path,
) -> None:
    url = server.url("/publications/commentary/grain-corridor-referee")
    first = tmux_inkreader(url)
    first.wait_for("Who counts the ships")
    first.send("v")
    first.wait_for("Visual mode")
    first.send("j", "Enter")
    first.wait_for("Highlighted.")
    first.send("q")
    assert first.wait_exit()
    highlights = Reader(resolve_paths(tmp_path / "home")).highlights(url)
    assert len(highlights) == 1
    second = tmux_inkreader(url)
    second.wait_for("Who counts the ships")
    second.send("H")
    screen = second.wait_for("Highlights · 1")
    assert "“" + highlights[0].quote.split()[0] in screen  # the quote, as the list pane shows it
    second.send("Enter")  # goes to it in the text
    second.send("q")
    assert second.wait_exit()


def sgr_mouse(button: int, column: int, row: int, press: bool = True) -> str:
    """A mouse report as an xterm sends it in SGR mode (1-based cell; button 0 = left, +32 = a move)."""
    return f"\x1b[<{button};{column + 1};{row + 1}{'M' if press else 'm'}"


def test_a_passage_dragged_over_with_the_mouse_is_highlighted_with_enter(
    tmux_inkreader,  # noqa: F811  (the fixture imported above)
    server: FixtureServer,
    tmp_path: Path,
) -> None:
    url = server.url("/publications/commentary/grain-corridor-referee")
    session = tmux_inkreader(url)
    screen = session.wait_for("It is corrosive now.")
    row = next(number for number, line in enumerate(screen.splitlines()) if "It is corrosive now." in line)
    start = screen.splitlines()[row].index("It is corrosive now.")
    end = start + len("It is corrosive now.") - 1
    # press, move with the button held, release: the terminal's own bytes, through Textual's driver
    session.send("-l", sgr_mouse(0, start, row) + sgr_mouse(32, end, row) + sgr_mouse(0, end, row, press=False))
    session.wait_for("SELECTED")
    session.send("Enter")
    session.wait_for("Highlighted.")
    session.send("q")
    assert session.wait_exit()
    (highlight,) = Reader(resolve_paths(tmp_path / "home")).highlights(url)
    assert highlight.quote == "It is corrosive now."
