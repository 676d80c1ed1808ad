"""The contents list (``t``): the article's headings in the list pane, the section being read marked.

Choosing a heading posts :class:`ContentsList.HeadingChosen`; Esc posts :class:`ContentsList.Closed`. The screen
decides what they do (jump in the reading pane, show the cards again).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inkreader.text import clean_line
from inkreader.tui.widgets.article_view import Heading


class HeadingOption(Option):
    def __init__(self, heading: Heading, current: bool, top_level: int) -> None:
        self.heading = heading
        super().__init__(heading_prompt(heading, current, top_level))


def heading_prompt(heading: Heading, current: bool, top_level: int) -> Table:
    """``▸ `` mark and indent in a column of their own, so a long heading wraps under its own first word."""
    indent = "  " * max(0, heading.level - top_level)
    grid = Table.grid(expand=True)
    grid.add_column(width=2 + len(indent), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(
        Text(("▸ " if current else "  ") + indent, style="bold"),
        Text(clean_line(heading.label), style="bold" if current else ""),
    )
    return grid


class ContentsList(OptionList):
    """The article's headings in the list pane (``t``); the section being read is marked as you scroll."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "close", "Close contents", show=False),
    ]

    class Closed(Message):
        """Esc: back to the cards."""

    @dataclass
    class HeadingChosen(Message):
        """Enter or a click on a heading: read from there."""

        heading: Heading

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None, disabled: bool = False
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.headings: list[Heading] = []
        self.current_index = -1
        self._top = 1

    def show_headings(self, headings: list[Heading], current: Heading | None) -> None:
        self.headings = headings
        self._top = min((h.level for h in headings), default=1)
        current_id = current.block_id if current else None
        self.current_index = next((i for i, h in enumerate(headings) if h.block_id == current_id), -1)
        self.clear_options()
        self.add_options([HeadingOption(h, i == self.current_index, self._top) for i, h in enumerate(headings)])
        if headings:
            self.highlighted = max(0, self.current_index)

    def mark_current(self, current: Heading | None) -> None:
        """Move the ▸ mark (and the highlight, unless the reader is moving it) to ``current``."""
        current_id = current.block_id if current else None
        index = next((i for i, h in enumerate(self.headings) if h.block_id == current_id), -1)
        if index == self.current_index:
            return
        for i, is_current in ((self.current_index, False), (index, True)):
            if 0 <= i < len(self.headings):
                self.replace_option_prompt_at_index(i, heading_prompt(self.headings[i], is_current, self._top))
        self.current_index = index
        if index >= 0 and not self.has_focus:
            self.highlighted = index

    def action_close(self) -> None:
        self.post_message(self.Closed())

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, HeadingOption):
            self.post_message(self.HeadingChosen(event.option.heading))
