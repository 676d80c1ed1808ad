"""The list pane: an ``OptionList`` of cards (listing entries or a piece's related items)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inkreader.model import ReadingMark, RelatedItem
from inkreader.tui.widgets.fields import Card, FieldLine
from inkreader.tui.widgets.format import authors_line, display_date, kind_label, plain
from inkreader.tui.widgets.stop_at_ends import StopAtEnds


def mark_label(mark: ReadingMark | None) -> str:
    """``★ saved`` / ``✓ read`` at the start of a card (nothing for a piece never opened)."""
    if mark is None:
        return ""
    if mark.saved:
        return "★ saved"
    return "✓ read" if mark.read else ""


def card_prompt(item: RelatedItem, mark: ReadingMark | None = None) -> Card:
    """Details line (with the read/saved mark; wrapped between fields, never inside one), title, authors; plain
    Text so page text never acts as markup."""
    label = mark_label(mark)
    prefix = Text()
    if label:
        prefix.append(label, style="bold")
        prefix.append(" · ", style="dim")
    fields = [kind_label(item.kind), item.outlet or "", display_date(item.published)]
    parts: list[FieldLine | Text] = []
    if any(fields):
        parts.append(FieldLine(fields, prefix=prefix, style="dim", indent=False))
    elif label:
        parts.append(Text(label, style="bold"))
    parts.append(plain(item.title or item.url, "bold"))
    authors = authors_line(item.authors)
    if authors:
        parts.append(plain(authors, "italic"))
    return Card(*parts)


EMPTY = "Nothing related here."


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

    empty_text = ""
    """What the list says while it has no cards ("" before the first page)."""

    def render_line(self, y: int) -> Strip:
        if self.option_count or not self.empty_text:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        if y != 0 or width <= 2:
            return Strip.blank(width, self.rich_style)
        line = Text(f" {self.empty_text}", style=self.rich_style + Style(dim=True, italic=True), end="")
        line.truncate(width, overflow="ellipsis", pad=True)
        return Strip(list(line.render(self.app.console)), width)

    def show_items(self, items: Iterable[RelatedItem]) -> None:
        self.empty_text = EMPTY
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
