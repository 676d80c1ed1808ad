"""The find-in-page bar (above the footer) and the hint shown while a link number is being typed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FindInput(Input):
    BINDINGS = [Binding("escape", "close", "Close find", show=False)]

    class Closed(Message):
        pass

    def action_close(self) -> None:
        self.post_message(self.Closed())


def count_text(index: int, total: int, query: str, width: int = 80) -> Text:
    """The count and the keys, shortened to fit ``width`` columns (an 80-column terminal leaves about 30)."""
    if not query:
        return Text("type to find", style="dim")
    if total == 0:
        return Text("no matches", style="bold")
    count = f"{index + 1} of {total}"
    for keys in ("n next  N previous  Esc closes", "n/N next/prev  Esc", "n/N"):
        line = f"{count}  ·  {keys}"
        if len(line) <= width:
            return Text(line)
    return Text(count)


class FindBar(Horizontal):
    """``Find: [query]  3 of 17`` — the match count sits next to the footer."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Find:", style="bold"), id="find-label")
        yield FindInput(placeholder="text in this page", id="find-input")
        yield Static(id="find-count", markup=False)

    @property
    def input(self) -> FindInput:
        return self.query_one(FindInput)

    def show_count(self, index: int, total: int, query: str) -> None:
        self._shown = (index, total, query)
        label = self.query_one("#find-count", Static)
        label.update(count_text(index, total, query, label.content_region.width or 80))

    def on_resize(self) -> None:
        shown = getattr(self, "_shown", None)
        if shown is not None:
            self.call_after_refresh(self.show_count, *shown)


class KeyHint(Static):
    """``Follow link 3…  (1–42; Enter to go, Esc to cancel)`` while digits are typed."""

    def show(self, hint: str) -> None:
        self.update(Text(hint))
        self.display = bool(hint)
