"""One declarative table of commands: it drives the key bindings, the footer, the help screen and Ctrl+P.

Each row names an ``action_*`` of :class:`~inkreader.tui.screens.main.MainScreen`. Rows with
``bind=False`` describe keys handled by a widget (list and reading-pane movement) and only appear in help.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True, slots=True)
class Command:
    action: str  # MainScreen action name (without "action_")
    keys: str  # Textual key names, comma separated
    title: str  # footer / palette label
    help: str  # one line for help and the palette
    key_display: str = ""  # how help shows the keys ("" = derived from ``keys``)
    footer: bool = False  # shown in the footer
    palette: bool = True  # offered by Ctrl+P
    bind: bool = True  # False: handled by a widget, listed in help only
    footer_key: str = ""  # a shorter key label for the footer ("" = as in help)


COMMANDS: tuple[Command, ...] = (
    Command(
        "move",
        "j,k,down,up",
        "Move",
        "Move in the list or scroll the reading pane",
        key_display="j k ↓ ↑",
        palette=False,
        bind=False,
    ),
    Command(
        "page",
        "pageup,pagedown,space",
        "Page",
        "Page through the list or the article",
        key_display="PgUp PgDn Space",
        palette=False,
        bind=False,
    ),
    Command(
        "switch_pane",
        "tab",
        "Switch pane",
        "Move between the list and the reading pane (Space and PgDn page whichever has the focus)",
        key_display="Tab",
    ),
    Command(
        "select",
        "enter",
        "Open",
        "Open the highlighted item: a piece takes the focus to its text (Tab returns to the list)",
        key_display="Enter",
        palette=False,
        bind=False,
    ),
    Command(
        "back",
        "backspace,h",
        "Back",
        "Return from a jump in the page (note, contents), else go back to the previous page",
        key_display="Backspace h",
        footer=True,
        footer_key="h",
    ),
    Command("forward", "l", "Forward", "Go forward again", key_display="l"),
    Command(
        "toggle_full",
        "f",
        "Full/summary",
        "Switch between the outlet's full text and the think-tank summary, or between a report page and its PDF",
    ),
    Command("toggle_save", "s", "Save", "Save the article for offline reading (or unsave it)", footer=True),
    Command(
        "library",
        "L",
        "Library",
        "Show the saved library: j k move, Enter opens, / searches your saved pieces, s unsaves (asks first)",
        key_display="L",
        footer=True,
    ),
    Command(
        "search",
        "slash",
        "Search",
        "Search everything you have read, saved or not (full text); with the reading pane focused, / finds in the page",
        key_display="/",
        footer=True,
    ),
    Command("goto", "g", "Go to URL", "Open a web address"),
    Command("reload", "r", "Reload", "Check the page for changes and reload it"),
    Command(
        "next_page",
        "n",
        "Next page / match",
        "Next find match while the find bar is open, else load the next page of a listing",
    ),
    Command(
        "find_previous",
        "N",
        "Previous match",
        "Previous find match (while the find bar is open)",
        key_display="N",
        palette=False,
    ),
    Command(
        "browser", "o", "Open in browser", 'Open the article in the web browser (config.toml: browser = "firefox %s")'
    ),
    Command(
        "copy_url",
        "y",
        "Copy URL",
        "Copy the article's address (the terminal's clipboard, or the system's); with a selection, y copies that",
    ),
    Command(
        "follow_link",
        "1,2,3,4,5,6,7,8,9",
        "Follow link N",
        "Type a link's number to follow it (Enter after numbers above 9; Esc cancels)",
        key_display="1–9…",
        palette=False,
        bind=False,
    ),
    Command(
        "link_to_browser",
        "O",
        "Link to browser",
        "O then a number: open that link in the system browser",
        key_display="O N",
    ),
    Command("copy_link", "Y", "Copy link", "Y then a number: copy that link's address", key_display="Y N"),
    Command(
        "go_to_note",
        "number_sign",
        "Go to note",
        "# then a number: jump to that endnote (Backspace returns)",
        key_display="# N",
    ),
    Command(
        "go_to_page",
        "p",
        "Go to page",
        "p then a number: jump to that page of a PDF (Backspace returns); the pane's foot shows the page",
        key_display="p N",
    ),
    Command("links", "u", "Links", "List every link with its number; type to filter, Enter follows"),
    Command(
        "contents",
        "t",
        "Contents",
        "The article's headings in the list pane, the current one marked; Enter jumps there, t goes back",
    ),
    Command(
        "find",
        "ctrl+f",
        "Find",
        "Find in the page; / does the same while the reading pane has focus",
        key_display="Ctrl+F  /",
    ),
    Command(
        "inbox",
        "i",
        "Inbox",
        "Your sources' items in the list pane: Enter opens (and marks read), n / N the next / previous unread "
        "(across sources), U only the unread, m read/unread, M the whole source read (asks first), Esc back to "
        "the sources; i again returns to the related items",
    ),
    Command(
        "refresh_sources",
        "R",
        "Refresh sources",
        "Fetch what is new from every source, in the background (says how many, and what came)",
        key_display="R",
    ),
    Command(
        "visual",
        "v",
        "Highlight",
        "Visual mode from the first sentence in view: j k move its other end a sentence down or up (above the "
        "start grows it upward), J K (Shift+↓ ↑) to a paragraph's end or start; Enter saves the highlight, n "
        "saves it with a note, y copies it, Esc cancels",
    ),
    Command(
        "mouse_select",
        "",
        "Select text",
        "Drag over the text (past the top or bottom edge scrolls), double-click a word, triple-click a sentence; "
        "then Enter highlights it, n with a note, y copies it, Esc or a click clears it",
        key_display="Mouse",
        palette=False,
        bind=False,
    ),
    Command(
        "highlights",
        "H",
        "Highlights",
        "The piece's highlights in the list pane: Enter goes to one, e edits its note, d deletes, Esc returns",
        key_display="H",
    ),
    Command(
        "tags",
        "T",
        "Tags",
        "Edit the piece's tags (comma-separated; suggestions from the tags in use)",
        key_display="T",
    ),
    Command(
        "cite",
        "c",
        "Cite",
        "Copy a citation of the piece (Chicago; the cite command has the other formats); with a selection, the"
        " quote with it (and a PDF's page)",
    ),
    Command("help", "question_mark", "Help", "Show every key", key_display="?", footer=True),
    Command("palette", "ctrl+p", "Commands", "Command palette", key_display="Ctrl+P", palette=False, bind=False),
    Command("close", "escape", "Close", "Close a dialog or the library", key_display="Esc", palette=False, bind=False),
    Command("quit", "q", "Quit", "Quit inkreader", footer=True),
)


OWN_KEYS = frozenset({"search", "next_page", "find_previous"})
"""Commands whose key a focused widget may claim for itself (see command_bindings): n / N in the inbox list go to
the next / previous unread item, even while the listing on screen has a next page."""


def command_bindings(commands: Iterable[Command] = COMMANDS) -> list[Binding]:
    """Priority bindings: Textual handles them in the app's queue, one after the other in the order typed (a key
    forwarded to the focused widget is handled in that widget's task and can overtake the keys around it). The
    screen's check_action lets a key fall through to the find box. ``/`` is not one: the reading pane binds it
    to find-in-page, and that must win while the text has the focus."""
    return [
        Binding(
            c.keys,
            c.action,
            c.title,
            show=c.footer,
            tooltip=c.help,
            id=c.action,
            key_display=c.footer_key or c.key_display or None,
            priority=c.action not in OWN_KEYS,
        )
        for c in commands
        if c.bind
    ]


def key_label(command: Command) -> str:
    return command.key_display or command.keys


class MainCommands(Provider):
    """The palette offers the same commands as the keys, minus those the screen says are unavailable."""

    def _available(self) -> Iterable[Command]:
        for command in COMMANDS:
            if not command.palette:
                continue
            if not self.screen.check_action(command.action, ()):
                continue
            yield command

    def _run(self, command: Command) -> Callable[[], Awaitable[None]]:
        return partial(self.screen.run_action, command.action)

    async def discover(self) -> Hits:
        for command in self._available():
            yield DiscoveryHit(f"{command.title}  ({key_label(command)})", self._run(command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._available():
            label = f"{command.title}  ({key_label(command)})"
            score = max(matcher.match(command.title), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(label), self._run(command), text=label, help=command.help)


# -- the main screen's key tables -------------------------------------------------------------------
ALWAYS_AVAILABLE = {"switch_pane", "goto", "library", "search", "help", "quit", "inbox", "refresh_sources"}
TYPING_ACTIONS = {"switch_pane", "find", "escape", "enter"}
"""What keys still do while the find box has the focus (the rest are characters typed into it)."""
LIST_MOVES = {
    "down": "cursor_down",
    "up": "cursor_up",
    "pagedown": "page_down",
    "pageup": "page_up",
    "home": "first",
    "end": "last",
}

# Keys whose effect depends on what is on screen are priority bindings: Textual then handles them one after the
# other in the app's own queue, in the order typed (a key forwarded to a focused widget is handled in that
# widget's task, and could overtake or be overtaken by the keys around it). check_action lets each fall through
# to the focused widget when it does not apply (an Input has focus, no number is being typed...).
ORDERED_BINDINGS: list[BindingType] = [
    *(Binding(digit, f"digit('{digit}')", show=False, priority=True) for digit in "0123456789"),
    Binding("enter", "enter", show=False, priority=True),
    Binding("escape", "escape", show=False, priority=True),
    Binding("j,down", "list_move('down')", show=False, priority=True),
    Binding("k,up", "list_move('up')", show=False, priority=True),
    Binding("pagedown", "list_move('pagedown')", show=False, priority=True),
    Binding("pageup", "list_move('pageup')", show=False, priority=True),
    Binding("home", "list_move('home')", show=False, priority=True),
    Binding("end", "list_move('end')", show=False, priority=True),
]
