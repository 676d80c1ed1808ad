"""The saved library: saved pieces with unread marks, and full-text search as you type.

``L`` opens it on the saved pieces, the list focused: j/k/arrows/Enter work on the list and ``s`` unsaves the
highlighted piece (after asking). Letters typed on the list never search: a typed word would run the list's
keys (``seabed`` would unsave), so search is a box entered with ``/``; in ``L`` it searches the saved pieces
only. ``/`` from the reader opens the screen with the box focused, searching everything in the library (saved
pieces and pages read before). Enter in the box opens the result when there is exactly one.

The library is read in thread workers: a library busy with another program's write never freezes the keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from inkreader.errors import HasHighlights, InkreaderError
from inkreader.model import LibraryEntry, SearchHit
from inkreader.tui.messages import call_from_thread
from inkreader.tui.screens.dialogs import ConfirmScreen
from inkreader.tui.widgets.footer import ReaderFooter
from inkreader.tui.widgets.format import authors_line, marked_snippet, meta_line, plain
from inkreader.tui.widgets.stop_at_ends import StopAtEnds

if TYPE_CHECKING:
    from inkreader.reader import Reader

SEARCH_DELAY = 0.25
"""Seconds of quiet typing before the search runs (a class attribute of the screen, so tests can shorten it)."""


class EntryOption(Option):
    """A saved piece or a search hit; carries the URL to open."""

    def __init__(self, url: str, prompt: Text, title: str = "") -> None:
        self.url = url
        self.title = title
        super().__init__(prompt)

    @classmethod
    def from_entry(cls, entry: LibraryEntry) -> EntryOption:
        prompt = Text()
        prompt.append("● " if entry.unread else "  ", style="bold" if entry.unread else "")
        prompt.append_text(plain(entry.title or entry.url, "bold"))
        meta = meta_line(entry.kind, entry.outlet, entry.published)
        authors = authors_line(entry.authors)
        details = " — ".join(part for part in (meta, authors) if part)
        if details:
            prompt.append("\n  ")
            prompt.append_text(plain(details, "dim"))
        return cls(entry.url, prompt, entry.title)

    @classmethod
    def from_hit(cls, hit: SearchHit) -> EntryOption:
        prompt = Text()
        prompt.append("★ " if hit.saved else "  ")
        prompt.append_text(plain(hit.title or hit.url, "bold"))
        meta = meta_line(hit.kind, hit.outlet, hit.published)
        authors = authors_line(hit.authors)
        details = " — ".join(part for part in (meta, authors) if part)  # as the saved list shows them
        if details:
            prompt.append("\n  ")
            prompt.append_text(plain(details, "dim"))
        if hit.seen_only:  # as the command line's search says it: found, but never opened
            prompt.append("\n  ")
            prompt.append("seen on a listing, not read yet", style="italic dim")
        if hit.snippet:
            prompt.append("\n  ")
            prompt.append_text(marked_snippet(hit.snippet, SearchHit.MATCH_MARK, SearchHit.MATCH_MARK))
        return cls(hit.url, prompt, hit.title)


def with_dividers(options: Iterable[Option]) -> Iterable[Option | None]:
    for option in options:
        yield option
        yield None


class EntryList(StopAtEnds, OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class LibraryScreen(Screen[str | None]):
    """Dismisses with the URL to open, or None."""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to the reader"),
        Binding("slash", "focus_search", "Search", key_display="/", tooltip="Search the library"),
        Binding("s", "unsave", "Unsave", tooltip="Remove the highlighted piece from your library"),
        Binding("down", "focus_list", "List", show=False),
    ]

    search_delay = SEARCH_DELAY

    def __init__(self, reader: Reader, *, search: bool = False) -> None:
        super().__init__()
        self.reader = reader
        self._start_with_search = search
        self.saved_only = not search
        """``L``: search the saved pieces only; ``/``: everything in the library."""
        self._timer: Timer | None = None
        self.searches = 0  # how many searches ran (debouncing is visible to tests through this)
        self._open_single = False  # Enter was pressed in the box: open the result if there is just one
        self._searched_by_enter = False  # ... and focus the results when there are several

    def compose(self) -> ComposeResult:
        with Vertical(id="library-pane"):
            placeholder = (
                "Press / to search your saved pieces…  (Esc to go back)"
                if self.saved_only
                else "Search everything you have read, saved or not…  (Esc to go back)"
            )
            yield Input(placeholder=placeholder, id="library-search", select_on_focus=False)
            yield Static(id="library-status", markup=False)
            yield EntryList(id="library-list")
        yield ReaderFooter()

    @property
    def entries(self) -> EntryList:
        return self.query_one(EntryList)

    def on_mount(self) -> None:
        self.show_saved()
        if self._start_with_search:
            self.query_one(Input).focus()
        else:
            self.entries.focus()

    def _status(self, text: str) -> None:
        self.query_one("#library-status", Static).update(Text(text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unsave":  # s is a letter like any other in the search box; with nothing listed, no "s Unsave"
            return self.focused is self.entries and self.entries.option_count > 0
        return True

    @work(thread=True, exclusive=True, group="library", exit_on_error=False, description="Reading the library")
    def show_saved(self) -> None:
        try:
            saved = self.reader.saved()
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            saved = []
        call_from_thread(self.app, self._show_saved, saved)

    def _show_saved(self, saved: list[LibraryEntry]) -> None:
        entries = self.entries
        highlighted = entries.highlighted
        entries.clear_options()
        entries.add_options(with_dividers(EntryOption.from_entry(entry) for entry in saved))
        if saved:
            unread = sum(1 for entry in saved if entry.unread)
            pieces = "1 piece" if len(saved) == 1 else f"{len(saved)} pieces"
            self._status(f"Saved: {pieces}, {unread} unread")
            entries.highlighted = min(highlighted or 0, len(saved) - 1)
        else:
            self._status("Nothing saved yet: press s on an article to keep it for offline reading.")
        self.refresh_bindings()

    def run_search(self, query: str) -> None:
        self.searches += 1
        query = query.strip()
        if not query:
            self.show_saved()
            return
        self._search(query)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False, description="Searching")
    def _search(self, query: str) -> None:
        try:
            hits = self.reader.search(query, saved_only=self.saved_only)
        except InkreaderError as error:
            call_from_thread(self.app, self._status, str(error))
            return
        call_from_thread(self.app, self._show_hits, query, hits)

    def _show_hits(self, query: str, hits: list[SearchHit]) -> None:
        if len(hits) == 1 and self._open_single:
            self.dismiss(hits[0].url)
            return
        self._open_single = False
        entries = self.entries
        entries.clear_options()
        entries.add_options(with_dividers(EntryOption.from_hit(hit) for hit in hits))
        if hits:
            entries.highlighted = 0
        count = f"{len(hits)} result" + ("" if len(hits) == 1 else "s")
        where = "in your saved pieces" if self.saved_only else "in everything you have read"
        self._status(f"{count} {where} for “{query}”")
        if hits and self._searched_by_enter:
            entries.focus()
        self._searched_by_enter = False
        self.refresh_bindings()

    @on(Input.Changed, "#library-search")
    def _search_as_you_type(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(self.search_delay, lambda: self.run_search(value))

    @on(Input.Submitted, "#library-search")
    def _search_now(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._open_single = self._searched_by_enter = bool(event.value.strip())
        self.run_search(event.value)

    @on(OptionList.OptionSelected, "#library-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, EntryOption):
            self.dismiss(event.option.url)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_unsave(self) -> None:
        option = self.entries.highlighted_option
        if isinstance(option, EntryOption):
            self._ask_unsave(option.url, option.title or option.url)

    @work(thread=True, group="unsave", exit_on_error=False, description="Checking the piece")
    def _ask_unsave(self, url: str, title: str) -> None:
        """Always ask first: the list is one key away from typing, and a piece gone from it is hard to find."""
        why = f"“{title}” leaves your saved pieces; its copy stays in the library and in search."
        try:
            self.reader.check_unsave(url)
        except HasHighlights as error:
            why = str(error)
        except InkreaderError as error:
            self.notify(f"Not removed: {error}", severity="error", markup=False)
            return
        call_from_thread(self.app, self._confirm_unsave, url, title, why)

    def _confirm_unsave(self, url: str, title: str, why: str) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._unsave(url, title)

        self.app.push_screen(ConfirmScreen("Unsave this piece?", why), answer)

    @work(thread=True, group="unsave", exit_on_error=False, description="Unsaving")
    def _unsave(self, url: str, title: str) -> None:
        try:
            self.reader.unsave(url, force=True)  # the user has just answered yes
        except InkreaderError as error:
            self.notify(f"Not removed: {error}", severity="error", markup=False)
            return
        self.notify(f"Removed from your library: {title}", markup=False)
        call_from_thread(self.app, self._refresh_after_unsave)

    def _refresh_after_unsave(self) -> None:
        query = self.query_one(Input).value
        self.run_search(query)

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_focus_list(self) -> None:
        if self.focused is self.query_one(Input):
            self.entries.focus()
