"""The inbox in the list pane: "All sources" and one line per source with its unread count; Enter on a source
lists its items, newest first. Items and sources are plain ``Text`` (page text never acts as markup).

Items are cards as the related items are (details, title, authors; one divider under each). The list stops at
its ends: j on the last source never wraps round to "All sources" (where M marks everything read).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inkreader.model import InboxItem, Source
from inkreader.tui.widgets.fields import Card, FieldLine
from inkreader.tui.widgets.format import authors_line, display_date, kind_label, plain
from inkreader.tui.widgets.stop_at_ends import StopAtEnds

ITEM_LIMIT = 500  # newest first; a source's older items are one Enter away


class SourceOption(Option):
    """A source line; ``source`` None is "All sources"."""

    def __init__(self, source: Source | None, unread: int) -> None:
        self.source = source
        self.unread = unread
        # The unread count first, right-aligned, in a column of its own: a long name wraps under its own first
        # word, and the counts stay in one column.
        count = Text(f"{unread:>5}  " if unread else "    ·  ", style="bold cyan" if unread else "dim")
        name = plain(source.name if source is not None else "All sources", "bold" if unread else "")
        if source is not None and source.last_error:
            name.append("  ⚠ failed", style="bold red")
        grid = Table.grid(expand=True)
        grid.add_column(width=count.cell_len, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(count, name)
        super().__init__(grid)


class ItemOption(Option):
    def __init__(self, item: InboxItem, *, show_source: bool) -> None:
        self.item = item
        super().__init__(self.render_item(item, show_source=show_source))

    @staticmethod
    def render_item(item: InboxItem, *, show_source: bool) -> Card:
        """``• Commentary · Source · Mar 5, 2024`` (wrapped between fields), the title, the authors."""
        mark = Text("" if item.read else "• ", style="bold cyan")
        where = item.source if show_source else (item.outlet or "")
        fields = [kind_label(item.kind), where, display_date(item.published)]
        parts: list[FieldLine | Text] = [FieldLine(fields, prefix=mark, style="dim", indent=False)]
        parts.append(plain(item.title or item.url, "dim" if item.read else "bold"))
        authors = authors_line(item.authors)
        if authors:
            parts.append(plain(authors, "italic dim" if item.read else "italic"))
        return Card(*parts)


class InboxList(StopAtEnds, OptionList):
    """Keys: Enter opens, m marks the item read/unread, M marks the whole source read (after asking), n / N go
    to the next / previous unread item (across sources), U shows only the unread, Esc/Backspace go up."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("m", "toggle_read", "Read/unread", show=False),
        Binding("M", "source_read", "Source read", show=False),
        Binding("n", "next_unread(1)", "Next unread", show=False),
        Binding("N", "next_unread(-1)", "Previous unread", show=False),
        Binding("U", "unread_only", "Unread only", show=False),
        Binding("escape,backspace", "up", "Sources", show=False),
    ]

    class OpenItem(Message):
        def __init__(self, item: InboxItem) -> None:
            super().__init__()
            self.item = item

    class SourceChosen(Message):
        """Enter on a source line: show its items (None: all sources)."""

        def __init__(self, name: str | None) -> None:
            super().__init__()
            self.name = name

    class MarkRead(Message):
        """``m`` / ``M``: change read state (the screen asks the Reader, then reloads the list)."""

        def __init__(
            self,
            *,
            item: InboxItem | None = None,
            read: bool = True,
            source: str | None = None,
            whole_source: bool = False,
        ) -> None:
            super().__init__()
            self.item = item
            self.read = read
            self.source = source
            self.whole_source = whole_source

    class Up(Message):
        """Back from a source's items to the sources."""

    class NextUnread(Message):
        """``n`` / ``N`` found no unread item further in the list showing: the pane looks in the other sources
        (``direction`` 1: the sources after this one, -1: before it)."""

        def __init__(self, direction: int, source: str | None) -> None:
            super().__init__()
            self.direction = direction
            self.source = source

    class UnreadOnly(Message):
        """``U``: show only the unread items, or everything again."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mode = "sources"
        self.source_name: str | None = None  # whose items are showing (None: all)
        self.unread_only = False  # U: only the unread items are listed

    # -- filling -----------------------------------------------------------------------------------
    def show_sources(self, sources: Sequence[Source], select: str | None = None, total: int | None = None) -> None:
        """``total``: the unread items of all sources (a piece several announce is one); else their sum."""
        self.mode = "sources"
        unread = total if total is not None else sum(source.unread for source in sources)
        options: list[Option] = [SourceOption(None, unread)]
        options += [SourceOption(source, source.unread) for source in sources]
        self.set_options(options)
        index = next(
            (
                i
                for i, o in enumerate(options)
                if isinstance(o, SourceOption) and o.source is not None and o.source.name == select
            ),
            0,
        )
        self.highlighted = index if options else None

    def show_items(self, name: str | None, items: Sequence[InboxItem], keep: int | None = None) -> None:
        self.mode = "items"
        self.source_name = name
        options: list[ItemOption | None] = []
        for item in items:
            options += [ItemOption(item, show_source=name is None), None]  # a divider under each card
        self.set_options(options)
        if self.option_count:
            self.highlighted = min(keep, self.option_count - 1) if keep is not None else 0
            self.scroll_to_highlight()

    def update_item(self, index: int, item: InboxItem) -> None:
        option = self.get_option_at_index(index)
        if isinstance(option, ItemOption):
            option.item = item
            self.replace_option_prompt_at_index(
                index, ItemOption.render_item(item, show_source=self.source_name is None)
            )

    @property
    def highlighted_item(self) -> InboxItem | None:
        option = self.highlighted_option
        return option.item if isinstance(option, ItemOption) else None

    @property
    def highlighted_source(self) -> SourceOption | None:
        option = self.highlighted_option
        return option if isinstance(option, SourceOption) else None

    # -- keys --------------------------------------------------------------------------------------
    def action_select(self) -> None:
        option = self.highlighted_option
        if isinstance(option, SourceOption):
            self.post_message(self.SourceChosen(option.source.name if option.source else None))
        elif isinstance(option, ItemOption):
            self.post_message(self.OpenItem(option.item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "up":
            return self.mode == "items"  # on the sources, Backspace is the screen's (history back)
        if action == "toggle_read":
            return self.mode == "items"
        return True

    def action_toggle_read(self) -> None:
        item = self.highlighted_item
        if item is not None:
            self.post_message(self.MarkRead(item=item, read=not item.read))

    def action_source_read(self) -> None:
        if self.mode == "items":
            self.post_message(self.MarkRead(source=self.source_name, whole_source=True))
            return
        option = self.highlighted_source
        if option is not None:
            self.post_message(self.MarkRead(source=option.source.name if option.source else None, whole_source=True))

    def action_up(self) -> None:
        self.post_message(self.Up())

    def action_unread_only(self) -> None:
        self.post_message(self.UnreadOnly())

    def action_next_unread(self, direction: int) -> None:
        """The next (1) or previous (-1) unread item in the list; past the last one, in the next source."""
        if self.mode == "items":
            index = self.unread_index(direction, self.highlighted)
            if index is not None:
                self.highlighted = index
                self.scroll_to_highlight()
                return
            self.post_message(self.NextUnread(direction, self.source_name))
            return
        option = self.highlighted_source
        self.post_message(self.NextUnread(direction, option.source.name if option and option.source else None))

    def unread_index(self, direction: int, after: int | None) -> int | None:
        """The index of the first unread item after (before, ``direction`` -1) ``after`` (None: from the end)."""
        count = self.option_count
        if after is None:
            after = -1 if direction == 1 else count
        index = after + direction
        while 0 <= index < count:
            option = self.get_option_at_index(index)
            if isinstance(option, ItemOption) and not option.item.read:
                return index
            index += direction
        return None
