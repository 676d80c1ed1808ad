"""Reading-pane navigation: the numbered link list dialog (``u``). The contents list is in widgets/contents.py."""

from __future__ import annotations

from urllib.parse import urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from inkreader.text import clean_line
from inkreader.tui.compat import UnseenInput
from inkreader.tui.linknumbers import NumberedLink


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
    """Every link of the article with its number, text and host; typing filters, Enter follows.

    One screen serves the whole session (``MainScreen.action_links`` installs it and calls :meth:`show_links`
    before each opening): composing a dialog with an Input and a list of a long report's hundreds of links,
    and giving its widgets their styles, took ~10 ms of each ``u``."""

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
            dialog.border_title = self._title()
            dialog.border_subtitle = "type to filter · Enter follows · Esc closes"
            # composed ahead, unseen (MainScreen._prepare_link_list): it must not clear the selection shown meanwhile
            yield UnseenInput(placeholder="Filter by text, address or number", id="links-filter")
            yield LinkList(*[LinkOption(link) for link in self.links], id="links-list")

    def _title(self) -> str:
        return f"Links · {len(self.links)}"

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#links-list", OptionList)

    @property
    def filter_box(self) -> Input:
        return self.query_one("#links-filter", Input)

    def on_mount(self) -> None:
        # Made unseen a second after start: when the app is quitting just then, the screen may be mounted
        # without its widgets; there is nothing to set up (and a query would raise at exit).
        options = next(iter(self.query("#links-list").results(OptionList)), None)
        if options is None:
            return
        if self.links:
            options.highlighted = 0
        self.filter_box.focus()

    def show_links(self, links: list[NumberedLink]) -> None:
        """Open afresh on these links: the whole list, no filter, the first link highlighted, typing to filter."""
        changed = links is not self.links
        self.links = links
        if not self.is_mounted:
            return  # compose lists them
        box = self.filter_box
        if box.value:
            with box.prevent(Input.Changed):
                box.value = ""
            changed = True
        options = self.option_list
        if changed:
            self.query_one("#links-dialog").border_title = self._title()
            self._list(links)
        else:
            options.highlighted = 0 if options.option_count else None
        options.scroll_home(animate=False, immediate=True)
        box.focus()

    def _list(self, links: list[NumberedLink]) -> None:
        options = self.option_list
        options.clear_options()
        options.add_options([LinkOption(link) for link in links])
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#links-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._list([link for link in self.links if link_matches(link, event.value)])

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
