"""Reading-pane navigation: the numbered link list dialog (``u``) and the contents list (``t``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from inkreader.text import clean_line
from inkreader.tui.linknumbers import NumberedLink
from inkreader.tui.widgets.article_view import Heading


def link_host(url: str) -> str:
    if url.lower().startswith("mailto:"):
        return "mail"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


class LinkOption(Option):
    def __init__(self, link: NumberedLink) -> None:
        self.link = link
        prompt = Text()
        prompt.append(f"{link.number:>3}  ", style="bold")
        prompt.append(clean_line(link.text) or clean_line(link.url))
        host = link_host(link.url)
        if host:
            prompt.append(f"  {clean_line(host)}", style="dim")
        if not link.shown:
            prompt.append("  (not in the text shown)", style="dim italic")
        super().__init__(prompt, id=f"link-{link.number}")


def link_matches(link: NumberedLink, query: str) -> bool:
    query = query.strip().casefold()
    if not query:
        return True
    if query.isdigit():
        return str(link.number).startswith(query)
    haystack = f"{link.text} {link.url}".casefold()
    return all(word in haystack for word in query.split())


class LinkList(OptionList):
    """The link dialog's list (focused with Tab or a click; typing goes to the filter box above it)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class LinkListScreen(ModalScreen[NumberedLink | None]):
    """Every link of the article with its number, text and host; typing filters, Enter follows."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, links: list[NumberedLink]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="links-dialog", classes="dialog") as dialog:
            dialog.border_title = f"Links · {len(self.links)}"
            dialog.border_subtitle = "type to filter · Enter follows · Esc closes"
            yield Input(placeholder="Filter by text, address or number", id="links-filter")
            yield LinkList(*[LinkOption(link) for link in self.links], id="links-list")

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#links-list", OptionList)

    def on_mount(self) -> None:
        if self.links:
            self.option_list.highlighted = 0
        self.query_one("#links-filter", Input).focus()

    @on(Input.Changed, "#links-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.option_list
        options.clear_options()
        options.add_options([LinkOption(link) for link in self.links if link_matches(link, event.value)])
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#links-filter")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.option_list
        if options.highlighted is not None and options.option_count:
            option = options.get_option_at_index(options.highlighted)
            if isinstance(option, LinkOption):
                self.dismiss(option.link)

    @on(OptionList.OptionSelected, "#links-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, LinkOption):
            self.dismiss(event.option.link)

    def action_move(self, delta: int) -> None:
        options = self.option_list
        if not options.option_count:
            return
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)


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
    grid.add_row(Text(("▸ " if current else "  ") + indent, style="bold"),
                 Text(clean_line(heading.label), style="bold" if current else ""))
    return grid


class ContentsList(OptionList):
    """The article's headings in the list pane (``t``); the section being read is marked as you scroll."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "close", "Close contents", show=False),
    ]

    class Closed(Message):
        pass

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
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
