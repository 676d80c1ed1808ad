"""The help screen: every key, straight from the command table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inkreader.tui.commands import COMMANDS, key_label


def help_table() -> Table:
    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), expand=True)
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("Command", no_wrap=True)
    table.add_column("What it does", ratio=1)
    for command in COMMANDS:
        table.add_row(Text(key_label(command)), Text(command.title), Text(command.help))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog") as scroll:
            scroll.border_title = "inkreader keys"
            scroll.border_subtitle = "Esc closes"
            yield Static(help_table(), id="help-table")
            yield Static(
                Text(
                    "Every link in the article carries a number: type it to follow the link (Enter after numbers "
                    "above 9), O or Y first to open it in your browser or copy it. Superscript numbers are endnotes: "
                    "# and the number jumps there, Backspace comes back. Links open in the reader; documents and "
                    "media go to your browser. / finds in the page while the article has focus, and searches the "
                    "library from the list. Enter on an item opens it and moves the focus to its text (Space and "
                    "PgDn page it); Tab goes back to the list, and going back to a listing returns to its list. "
                    "Keys typed while a page loads are kept and applied to it, in order, once it is shown. "
                    "Ctrl+P offers every command by name."
                ),
                id="help-footnote",
            )

    def action_scroll(self, how: str) -> None:
        """j/k and paging keys scroll the help, as they scroll an article."""
        scroll = self.query_one("#help-dialog", VerticalScroll)
        getattr(scroll, f"action_scroll_{how}" if how in ("down", "up") else f"action_{how}")()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
