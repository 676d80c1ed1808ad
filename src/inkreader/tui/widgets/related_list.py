"""The list pane: an ``OptionList`` of cards (listing entries or a piece's related items)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inkreader.model import RelatedItem
from inkreader.tui.widgets.format import authors_line, meta_line, plain


class RelatedOption(Option):
    """One card; the prompt is built from plain Text so page text never acts as markup."""

    def __init__(self, item: RelatedItem) -> None:
        self.item = item
        prompt = Text()
        meta = meta_line(item.kind, item.outlet, item.published)
        if meta:
            prompt.append_text(plain(meta, "dim"))
            prompt.append("\n")
        prompt.append_text(plain(item.title or item.url, "bold"))
        authors = authors_line(item.authors)
        if authors:
            prompt.append("\n")
            prompt.append_text(plain(authors, "italic"))
        super().__init__(prompt)


class RelatedList(OptionList):
    """Cards with vim keys; posts :class:`EndReached` when the cursor or the scroll reaches the end."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class EndReached(Message):
        """The user is at the bottom of the list: time to load the next page of a listing."""

    @staticmethod
    def _cards(items: Iterable[RelatedItem]) -> Iterable[RelatedOption | None]:
        for item in items:
            yield RelatedOption(item)
            yield None  # a divider line under each card

    def show_items(self, items: Iterable[RelatedItem]) -> None:
        self.clear_options()
        self.add_options(self._cards(items))
        if self.option_count:
            self.highlighted = 0
        self.scroll_home(animate=False)

    def add_items(self, items: Iterable[RelatedItem]) -> None:
        self.add_options(self._cards(items))

    @property
    def items(self) -> list[RelatedItem]:
        return [option.item for option in self.options if isinstance(option, RelatedOption)]

    @property
    def highlighted_item(self) -> RelatedItem | None:
        option = self.highlighted_option
        return option.item if isinstance(option, RelatedOption) else None

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.option_count and highlighted >= self.option_count - 1:
            self.post_message(self.EndReached())

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new > old and self.max_scroll_y > 0 and new >= self.max_scroll_y:
            self.post_message(self.EndReached())
