"""UI-free parts of the TUI: history, link rules, Markdown splitting, the command table."""

from __future__ import annotations

import pytest

from inkreader.tui.chunks import markdown_blocks, split_for_display
from inkreader.tui.history import History
from inkreader.tui.links import LinkAction, classify_link

BASE = "https://www.cnas.org/publications/commentary/tidewater"


# -- History -------------------------------------------------------------------------------------------
def test_history_back_and_forward():
    history = History()
    assert history.current is None and not history.can_go_back and not history.can_go_forward
    for url in ("a", "b", "c"):
        history.visit(url)
    assert history.current == "c"
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    assert history.can_go_forward


def test_history_visit_from_the_middle_drops_forward_entries():
    history = History()
    for url in ("a", "b", "c"):
        history.visit(url)
    history.back()
    history.visit("d")
    assert history.items == ("a", "b", "d")
    assert not history.can_go_forward


def test_history_ignores_a_repeat_and_keeps_maxlen():
    history = History(maxlen=3)
    for url in ("a", "a", "b", "c", "d"):
        history.visit(url)
    assert history.items == ("b", "c", "d")
    assert history.index == 2
    history.replace_current("e")
    assert history.items == ("b", "c", "e")
    with pytest.raises(ValueError):
        History(maxlen=0)


# -- Links ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "href, action, url",
    [
        ("/people/imogen", LinkAction.OPEN, "https://www.cnas.org/people/imogen"),
        ("https://example.org/a?b=1#c", LinkAction.OPEN, "https://example.org/a?b=1"),
        ("#section-2", LinkAction.ANCHOR, "section-2"),
        (BASE + "#notes", LinkAction.ANCHOR, "notes"),
        ("/files/report.PDF", LinkAction.OPEN, "https://www.cnas.org/files/report.PDF"),
        ("https://cdn.example.org/ep41.mp3", LinkAction.BROWSER, "https://cdn.example.org/ep41.mp3"),
        ("https://example.org/chart.png?w=200", LinkAction.BROWSER, "https://example.org/chart.png?w=200"),
        ("javascript:alert(1)", LinkAction.REFUSE, None),
        ("JavaScript:alert(1)", LinkAction.REFUSE, None),
        ("data:text/html;base64,PHNjcmlwdD4=", LinkAction.REFUSE, None),
        ("file:///etc/passwd", LinkAction.REFUSE, None),
        ("mailto:press@cnas.org", LinkAction.REFUSE, None),
        ("", LinkAction.REFUSE, None),
    ],
)
def test_classify_link(href, action, url):
    verdict = classify_link(href, BASE)
    assert verdict.action is action
    if url is not None:
        assert verdict.url == url
    if action is LinkAction.REFUSE:
        assert verdict.reason and "\n" not in verdict.reason


def test_relative_links_in_a_local_file_are_refused():
    assert classify_link("other.html", "file:///tmp/page.html").action is LinkAction.REFUSE


def test_refusal_message_has_no_control_characters():
    verdict = classify_link("javascript:\x1b]52;c;ZXZpbA==\x07alert(1)", BASE)
    assert "\x1b" not in verdict.reason and "\x07" not in verdict.reason


# -- Markdown splitting --------------------------------------------------------------------------------
def test_blocks_never_split_inside_a_code_fence():
    markdown = "Intro.\n\n```\ncode\n\nmore code\n```\n\nAfter.\n"
    blocks = markdown_blocks(markdown)
    assert "".join(blocks) == markdown
    assert any("code\n\nmore code" in block for block in blocks)
    assert blocks[-1].startswith("After.")


def test_split_for_display_keeps_the_text_and_makes_a_small_first_piece():
    markdown = "\n\n".join(f"## Part {i}\n\n" + "word " * 80 for i in range(200))
    pieces = split_for_display(markdown, first_chars=2000, chunk_blocks=40)
    assert "".join(pieces).replace("\n", "") == markdown.replace("\n", "")
    assert len(pieces[0]) < 3000
    assert len(pieces) > 5
    assert all(piece.endswith("\n") for piece in pieces)


def test_split_for_display_small_and_empty_documents():
    assert split_for_display("") == []
    assert split_for_display("One paragraph.") == ["One paragraph.\n"]


# -- The command table ---------------------------------------------------------------------------------
def test_every_command_is_an_action_and_every_binding_is_in_help():
    from inkreader.tui.commands import COMMANDS, command_bindings
    from inkreader.tui.screens.help import help_table
    from inkreader.tui.screens.main import MainScreen

    bound = [c for c in COMMANDS if c.bind]
    for command in bound:
        assert hasattr(MainScreen, f"action_{command.action}"), command.action
    bindings = command_bindings()
    assert {b.action for b in bindings} == {c.action for c in bound}
    for required in (
        "back",
        "forward",
        "toggle_save",
        "browser",
        "copy_url",
        "goto",
        "search",
        "library",
        "reload",
        "next_page",
        "toggle_full",
        "help",
        "quit",
        "switch_pane",
    ):
        assert required in {c.action for c in bound}
    assert help_table().row_count == len(COMMANDS)
