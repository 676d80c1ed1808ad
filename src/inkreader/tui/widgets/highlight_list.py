"""The piece's highlights in the list pane (``H``): quote, note, "detached" for one no longer placed.

Enter posts :class:`HighlightList.Chosen`, ``e`` :class:`EditNote`, ``d`` :class:`Delete`, Esc :class:`Closed`;
the screen decides what they do. Quotes and notes are the reader's (and the page's) plain text: they are drawn
as Text objects, so markup or escape sequences in them show literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inkreader.model import Highlight
from inkreader.text import clean_line

QUOTE_CHARS = 160


class HighlightOption(Option):
    def __init__(self, highlight: Highlight) -> None:
        self.highlight = highlight
        super().__init__(highlight_prompt(highlight))


def highlight_prompt(highlight: Highlight) -> Text:
    quote = clean_line(" ".join(highlight.quote.split()))
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1] + "…"
    text = Text()
    if highlight.detached:
        text.append("detached  ", style="bold italic")
    elif highlight.page is not None:
        text.append(f"p. {highlight.page}  ", style="dim")
    text.append(f"“{quote}”")
    if highlight.note:
        text.append("\n")
        text.append("✎ " + visible(" ".join(highlight.note.split())), style="italic")
    return text


def visible(note: str) -> str:
    """The note as typed, control characters shown as their symbols (ESC as ␛): shown literally, never run."""
    return "".join(
        chr(0x2400 + ord(char))
        if ord(char) < 0x20
        else "␡"
        if char == "\x7f"
        else "\ufffd"
        if 0x80 <= ord(char) < 0xA0
        else char
        for char in note
    )


class HighlightList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("e", "edit", "Edit note", show=False),
        Binding("d", "delete", "Delete", show=False),
        Binding("escape", "close", "Close highlights", show=False),
    ]

    class Closed(Message):
        """Esc: back to the cards."""

    @dataclass
    class Chosen(Message):
        highlight: Highlight

    @dataclass
    class EditNote(Message):
        highlight: Highlight

    @dataclass
    class Delete(Message):
        highlight: Highlight

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.highlights: list[Highlight] = []

    def show_highlights(self, highlights: list[Highlight]) -> None:
        """Show ``highlights``, keeping the cursor's place (an edit or a delete refreshes the list)."""
        keep = self.highlighted if self.highlights else 0
        self.highlights = highlights
        self.clear_options()
        self.add_options([HighlightOption(h) for h in highlights])
        if highlights:
            self.highlighted = min(keep or 0, len(highlights) - 1)

    @property
    def current(self) -> Highlight | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.highlights):
            return None
        return self.highlights[index]

    def action_edit(self) -> None:
        if self.current is not None:
            self.post_message(self.EditNote(self.current))

    def action_delete(self) -> None:
        if self.current is not None:
            self.post_message(self.Delete(self.current))

    def action_close(self) -> None:
        self.post_message(self.Closed())

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, HighlightOption):
            self.post_message(self.Chosen(event.option.highlight))
