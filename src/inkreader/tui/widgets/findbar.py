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


def count_text(index: int, total: int, query: str) -> Text:
    if not query:
        return Text("type to find", style="dim")
    if total == 0:
        return Text("no matches", style="bold")
    return Text(f"{index + 1} of {total}  ·  n next  N previous  Esc closes")


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
        self.query_one("#find-count", Static).update(count_text(index, total, query))


class KeyHint(Static):
    """``Follow link 3…  (1–42; Enter to go, Esc to cancel)`` while digits are typed."""

    def show(self, hint: str) -> None:
        self.update(Text(hint))
        self.display = bool(hint)
