"""The list pane: an ``OptionList`` of cards (listing entries or a piece's related items)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inkreader.model import ReadingMark, RelatedItem
from inkreader.tui.widgets.format import authors_line, meta_line, plain
from inkreader.tui.widgets.stop_at_ends import StopAtEnds


def mark_label(mark: ReadingMark | None) -> str:
    """``★ saved`` / ``✓ read`` at the start of a card (nothing for a piece never opened)."""
    if mark is None:
        return ""
    if mark.saved:
        return "★ saved"
    return "✓ read" if mark.read else ""


def card_prompt(item: RelatedItem, mark: ReadingMark | None = None) -> Text:
    """Meta line (with the read/saved mark), title, authors; plain Text so page text never acts as markup."""
    prompt = Text()
    label = mark_label(mark)
    meta = meta_line(item.kind, item.outlet, item.published)
    if label:
        prompt.append(label, style="bold")
        if meta:
            prompt.append(" · ", style="dim")
    if meta:
        prompt.append_text(plain(meta, "dim"))
    if label or meta:
        prompt.append("\n")
    prompt.append_text(plain(item.title or item.url, "bold"))
    authors = authors_line(item.authors)
    if authors:
        prompt.append("\n")
        prompt.append_text(plain(authors, "italic"))
    return prompt


class RelatedOption(Option):
    """One card, carrying the item it shows."""

    def __init__(self, item: RelatedItem) -> None:
        self.item = item
        self.mark: ReadingMark | None = None
        super().__init__(card_prompt(item))


class RelatedList(StopAtEnds, OptionList):
    """Cards with vim keys (stopping at the ends); posts :class:`EndReached` when the cursor or the scroll reaches
    the end."""

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

    def show_marks(self, marks: dict[str, ReadingMark]) -> None:
        """Put the read/saved marks on the cards whose mark changed (one prompt each, no rebuild)."""
        for index, option in enumerate(self.options):
            if not isinstance(option, RelatedOption):
                continue
            mark = marks.get(option.item.url)
            if mark_label(mark) != mark_label(option.mark):
                option.mark = mark
                self.replace_option_prompt_at_index(index, card_prompt(option.item, mark))

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
