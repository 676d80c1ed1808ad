"""Find in page: the bar above the footer, and what typing in it does to the reading pane.

The bar owns the find logic (search as you type, the count, next/previous); the :class:`ArticleView` it is
given does the highlighting. It posts :class:`FindBar.Closed` when the user closes it with Esc, so the screen
can decide where the focus goes. (:class:`KeyHint`, the one-line hint above the footer, is in number_entry.py.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from inkreader.tui.widgets.number_entry import KeyHint as KeyHint  # where it was first defined

if TYPE_CHECKING:
    from inkreader.tui.widgets.article_view import ArticleView


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
    """``Find: [query]  3 of 17`` — the match count sits next to the footer. Hidden (in the .tcss) until opened."""

    class Closed(Message):
        """The user closed the bar (Esc in the box)."""

    def __init__(self, view: ArticleView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self._shown: tuple[int, int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Find:", style="bold"), id="find-label")
        yield FindInput(placeholder="text in this page", id="find-input")
        yield Static(id="find-count", markup=False)

    @property
    def input(self) -> FindInput:
        return self.query_one(FindInput)

    # -- what the screen calls ---------------------------------------------------------------------------
    def open(self) -> None:
        self.display = True
        self.input.focus()
        self._show_count()

    def close(self) -> None:
        """Hide the bar and take the highlights off the page (the query stays in the box for next time)."""
        self.display = False
        self.view.clear_find()

    def step(self, delta: int) -> None:
        """Next (+1) or previous (-1) match."""
        self.view.find_step(delta)
        self._show_count()

    # -- typing in the box -------------------------------------------------------------------------------
    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.view.find(event.value)
        self._show_count()

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.view.matches:
            self.view.focus_text()  # n / N now move between matches
        self._show_count()

    @on(FindInput.Closed)
    def _input_closed(self, event: FindInput.Closed) -> None:  # not _closed: MessagePump's own flag
        event.stop()
        self.post_message(self.Closed())

    # -- the count ---------------------------------------------------------------------------------------
    def _show_count(self) -> None:
        view = self.view
        self.show_count(view.match_index, len(view.matches), view.find_query)

    def show_count(self, index: int, total: int, query: str) -> None:
        self._shown = (index, total, query)
        label = self.query_one("#find-count", Static)
        # one line in a bar of fixed height: a repaint will do (a layout would reflow the screen per letter)
        label.update(count_text(index, total, query, label.content_region.width or 80), layout=False)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.call_after_refresh(self.show_count, *self._shown)
