"""The main screen: the list pane (cards / related items / contents) beside the reading pane.

It routes: keys and widget messages come in, Reader calls go out, results go to the widgets. Find-in-page lives
in :class:`FindBar`, link-number entry in :class:`LinkNumberEntry`, the contents in :class:`ContentsList`.

Every page load is an exclusive async worker in the "open" group, so a newer request cancels an older one and
the UI never waits on the network. Library calls run in thread workers. While a load is in flight, keys wait
(see :meth:`hold_key`) and are replayed in order once the new page is on screen: ``h j j Enter`` typed in one
burst goes back, then moves in the page it went back to.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Input, OptionList, Static

from inkreader.errors import FetchError, InkreaderError, NetworkUnavailable, NotInLibrary
from inkreader.model import Article, Link, ReadingMark
from inkreader.reader import Recheck, normalise_url
from inkreader.text import clean_line
from inkreader.tui.commands import MainCommands, command_bindings
from inkreader.tui.compat import start_screen
from inkreader.tui.history import History
from inkreader.tui.keyseq import NumberEntry, Target
from inkreader.tui.linknumbers import NumberedDocument, NumberedLink, note_numbers
from inkreader.tui.screens.annotating import AnnotationActions
from inkreader.tui.widgets.article_view import ArticleView
from inkreader.tui.widgets.footer import ReaderFooter
from inkreader.tui.widgets.format import plain_block
from inkreader.tui.widgets.header import COMPACT_BELOW_ROWS
from inkreader.tui.widgets.number_entry import LinkNumberEntry
from inkreader.tui.widgets.related_list import RelatedList, RelatedOption

if TYPE_CHECKING:
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.screens.library import LibraryScreen
    from inkreader.tui.screens.navigation import LinkListScreen
    from inkreader.tui.widgets.contents import ContentsList
    from inkreader.tui.widgets.findbar import FindBar
    from inkreader.tui.widgets.inbox_pane import InboxPane

# The screens pushed on a key (library, dialogs, help, link list), the link rules and the browser launcher are
# imported where they are first used: the first frame needs none of them (tests/test_architecture.py).

log = logging.getLogger(__name__)

T = TypeVar("T")
UNEXPECTED = "Something went wrong while opening that page (details in the log)."
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
PASS_KEYS: Final = frozenset({"q", "ctrl+c", "ctrl+q"})
"""Keys never held back while a page loads: quitting must not wait for the network."""
FIRST_FRAME_WAIT: Final = 0.25
"""Seconds the first frame waits for an offline start page (a library read, a few ms); a slower one gets the
loading indicator."""
LOADING_INDICATOR_AFTER = 0.2  # seconds a load runs before the loading indicator shows
LINK_LIST_READY_AFTER = 1.0  # seconds after start: the link list dialog is composed ahead of the first u

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


@dataclass(frozen=True, slots=True)
class Place:
    highlighted: int | None
    scroll_y: float


class _Failed:
    """What :meth:`MainScreen._attempt` returns when the call failed (and the user has been told)."""


FAILED: Final = _Failed()


@dataclass(frozen=True)
class PreparedBody:
    """A body ready to go on screen: the Markdown it was made from and its text with links numbered."""

    markdown: str
    numbered: NumberedDocument


def _body_markdown(article: Article, *, summary: bool) -> str:
    """What the reading pane shows of ``article``: its text (``summary``: the think-tank summary, where it has
    one), or a line saying why there is none."""
    if summary and article.summary_markdown:
        return article.summary_markdown
    if article.markdown.strip():
        return article.markdown
    if article.related:
        count = len(article.related)
        return f"*{count} item{'s' if count != 1 else ''} on this page: choose one on the left and press Enter.*"
    return "*This page has no readable text.*"


class MainScreen(AnnotationActions, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = command_bindings() + ORDERED_BINDINGS
    COMMANDS = {MainCommands}

    # State, not looks: a change refreshes the keys (bindings) and runs its watcher, which updates the widgets
    # concerned. None repaints the screen itself (reactive's default): that re-rendered every widget on it, the
    # list, the text and every container under them, in the frame of a page switch, of / and of Esc (issue 12).
    article: reactive[Article | None] = reactive(None, bindings=True, always_update=True, init=False, repaint=False)
    """The page on screen (a piece or a listing)."""
    showing_summary = reactive(False, bindings=True, init=False, repaint=False)
    """A followed piece: True while the think-tank summary is shown instead of the outlet's full text."""
    next_url: reactive[str | None] = reactive(None, bindings=True, init=False, repaint=False)
    """A listing's next page (``n`` loads it into the list)."""
    finding = reactive(False, bindings=True, init=False, repaint=False)
    """The find bar is open."""
    showing_contents = reactive(False, bindings=True, init=False, repaint=False)
    """The list pane shows the article's headings instead of the cards."""

    def __init__(self, start_url: str | None = None) -> None:
        super().__init__()
        self.start_url = start_url
        self.history = History()
        self.loading_more = False
        self.places: dict[str, Place] = {}
        """Where the reader was on each page visited (highlighted item, scroll): back/forward return there."""
        self.held_keys: deque[events.Key] = deque()
        """Keys typed while a page was loading, replayed in order once it is shown (see hold_key)."""
        self._load_token = 0
        self.page_loading = False
        """An "open" worker (open, back, reload...) has not put its page on screen yet."""
        self.view = ArticleView(id="reading-pane")
        self._body_render: asyncio.Future[None] | None = None
        self._first_screen: asyncio.Event | None = None
        """Set when the start page's first screen is in (see on_mount)."""
        self._panes_mounting: list[AwaitMount] | None = None
        self._panes_in = False
        self._link_list: LinkListScreen | None = None

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # the contents, highlights, inbox and find bar are mounted after the first frame (panes_ready)
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield RelatedList(id="related")
                yield Static(id="item-summary", markup=False)
            yield self.view
        with Vertical(id="bars"):  # over the panes' bottom border, above the footer (see the .tcss)
            yield LinkNumberEntry(id="key-hint")
        yield ReaderFooter()

    async def panes_ready(self) -> None:
        """Mount the panes the first frame does not show (once; on_mount asks for it after the first frame):
        the contents, the highlights, the inbox and the find bar. Their widgets, styles and CSS took ~10 ms
        before the first words on screen. Whatever uses them awaits this first (a no-op once they are in)."""
        if self._panes_in:
            return
        if self._panes_mounting is None:
            from inkreader.tui.widgets.contents import ContentsList
            from inkreader.tui.widgets.findbar import FindBar
            from inkreader.tui.widgets.highlight_list import HighlightList
            from inkreader.tui.widgets.inbox_pane import InboxPane

            inbox = InboxPane(id="inbox")
            inbox.display = False
            panes = (ContentsList(id="contents"), HighlightList(id="highlights"), inbox)
            self._panes_mounting = [
                self.query_one("#list-pane").mount(*panes, before="#item-summary"),
                self.query_one("#bars").mount(FindBar(self.view, id="find-bar")),
            ]
        for mounting in self._panes_mounting:
            await mounting
        self._panes_in = True

    @property
    def reader(self) -> Reader:
        return self.ink_app.reader

    @property
    def ink_app(self) -> InkReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def related(self) -> RelatedList:
        return self.query_one(RelatedList)

    @property
    def contents(self) -> ContentsList:
        """Mounted after the first frame (panes_ready), as the find bar, the highlights and the inbox are."""
        from inkreader.tui.widgets.contents import ContentsList

        return self.query_one("#contents", ContentsList)

    @property
    def find_bar(self) -> FindBar:
        from inkreader.tui.widgets.findbar import FindBar

        return self.query_one("#find-bar", FindBar)

    @property
    def number_prompt(self) -> LinkNumberEntry:
        return self.query_one(LinkNumberEntry)

    @property
    def number_entry(self) -> NumberEntry:
        """The digits typed so far (the state machine behind the hint)."""
        return self.number_prompt.entry

    async def on_mount(self) -> None:
        self._update_list_title()
        self.call_after_refresh(self.panes_ready)
        self.set_timer(LINK_LIST_READY_AFTER, self._prepare_link_list)
        if self.start_url:
            self.open_location(self.start_url, initial=True)  # the sources check waits for it (see _open)
            if self.ink_app.offline:
                await self._wait_for_first_screen()
        else:
            self.view.show_message("inkreader", "Press **g** to go to a web address, **L** for your library.")
            self.call_after_refresh(self._refresh_sources_if_due)

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal gets the compact header and a shorter item summary: rows go to the text and cards.
        compact = event.size.height < COMPACT_BELOW_ROWS
        self.query_one("#item-summary").styles.max_height = 3 if compact else "25%"
        if self.article is not None:
            self.view.show_header(self.article, showing_summary=self.showing_summary)

    # -- state watchers -----------------------------------------------------------------------------
    def watch_article(self, article: Article | None) -> None:
        self.app.sub_title = clean_line(article.title) if article is not None else ""
        self._update_list_title()

    def watch_showing_summary(self, showing_summary: bool) -> None:
        if self.article is not None:
            self.view.show_header(self.article, showing_summary=showing_summary)

    def watch_next_url(self) -> None:
        self._update_list_title()

    def watch_finding(self, finding: bool) -> None:
        if finding:
            self.find_bar.open()
        else:
            self.find_bar.close()

    def watch_showing_contents(self, showing: bool) -> None:
        if showing and self.showing_highlights:
            self.highlight_list.display = self.showing_highlights = False
        self.contents.display = showing
        self.related.display = not showing
        if showing:
            self.query_one("#item-summary").display = False
        else:
            self._show_item_summary(self.related.highlighted_option)
        self._update_list_title()

    def _update_list_title(self) -> None:
        pane = self.query_one("#list-pane")
        article = self.article
        count = self.related.option_count
        if self.showing_contents:
            title, subtitle = f"Contents · {len(self.contents.headings)}", "t / Esc: back to the list"
        elif article is None:
            title, subtitle = "Pieces", ""
        elif article.kind == "listing":
            title, subtitle = f"Listing · {count}", "n: more" if self.next_url else ""
        else:
            title, subtitle = f"Related · {count}" if count else "Related", "n: more" if self.next_url else ""
        # setting a border title repaints the whole pane, even to the same words (1-2 ms of a page switch)
        if pane.border_title != title:
            pane.border_title = title
        if pane.border_subtitle != subtitle:
            pane.border_subtitle = subtitle

    # -- keys typed while a page loads -----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Keys must wait: a page is loading, or a chosen link number is on its way to this screen."""
        return self.page_loading or self.number_prompt.pending

    def hold_key(self, event: events.Key) -> bool:
        """Called by the app for every key meant for this screen: True when the key was kept for later.

        Esc while a page loads stops the load (and the keys typed meanwhile are dropped with it).
        """
        if event.key in PASS_KEYS:
            return False
        if event.key == "escape" and self.page_loading:
            self.stop_loading()
            return True
        if self.busy or self.held_keys:
            self.held_keys.append(event)
            return True
        return False

    def stop_loading(self) -> None:
        self.workers.cancel_group(self, "open")
        self.held_keys.clear()
        self._end_load(self._load_token)
        self.notify("Stopped loading.", markup=False)

    async def _wait_for_first_screen(self) -> None:
        """Offline, the start page is a library read of a few ms: the screen's first layout waits for it (its
        events queue behind this handler), so the first frame already has the text. Drawing the empty panes
        and a loading indicator first, only to draw them again at once, took a tenth of the time to the
        first words on screen."""
        shown = self._first_screen = asyncio.Event()
        try:
            await asyncio.wait_for(shown.wait(), FIRST_FRAME_WAIT)
        except TimeoutError:
            if self.page_loading:  # a slow disk: show that something is coming
                self.view.loading = True
        finally:
            self._first_screen = None

    def _begin_load(self) -> int:
        self._load_token += 1
        self.page_loading = True
        return self._load_token

    def _end_load(self, token: int, *, release_keys: bool = True) -> None:
        """The load ``token`` is over (its page is on screen, or it failed): indicator off, held keys go (soon;
        ``release_keys=False``: the caller replays them itself)."""
        if self._first_screen is not None:
            self._first_screen.set()
        if token != self._load_token or not self.page_loading:
            return  # superseded by a newer load, which will end it
        self.number_prompt.page_shown()
        self.page_loading = False
        self.view.loading = False
        if release_keys:
            self._release_keys()

    def _release_keys(self) -> None:
        if self.held_keys and not self.busy:
            self.app.call_later(self.ink_app.replay_held_keys)

    # -- one way to call the Reader from a worker -------------------------------------------------------
    async def _attempt(
        self, work: Awaitable[T], what: str, *, failure: str = UNEXPECTED, severity: str = "error"
    ) -> T | _Failed:
        """Await ``work``; an InkreaderError is one line for the user, anything else is logged."""
        try:
            return await work
        except InkreaderError as error:
            self.notify(str(error), severity=severity, markup=False, timeout=8)  # type: ignore[arg-type]
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed", what)
            self.notify(failure, severity="error", markup=False)
        return FAILED

    # -- loading -----------------------------------------------------------------------------------
    def open_location(self, url: str, remember: bool = True, *, initial: bool = False, move_focus: bool = True) -> None:
        """Open ``url`` in the reading pane. ``move_focus``: a piece takes the focus to its text, a listing
        to its list (so the first page too: ``inkreader URL`` of a piece scrolls with j at once)."""
        token = self._begin_load()
        if not (initial and self.ink_app.offline):  # offline, the start page's first frame waits for it (on_mount)
            self.set_timer(LOADING_INDICATOR_AFTER, lambda: self._show_loading(token))
        self._open(url, remember, token, initial=initial, move_focus=move_focus)

    def _show_loading(self, token: int) -> None:
        # Only for a load still under way: a page from the library is on screen within tens of ms, and an
        # indicator shown at once would flash and cost two whole-screen layouts (issue 12).
        if token == self._load_token and self.page_loading:
            self.view.loading = True

    @work(exclusive=True, group="open", exit_on_error=False, description="Opening a page")
    async def _open(self, url: str, remember: bool, token: int, *, initial: bool, move_focus: bool) -> None:
        try:
            article = await self.reader.open(url, offline=self.ink_app.offline or None)
            await self.show_article(article, remember=remember, token=token, move_focus=move_focus)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False, timeout=8)
            if initial and isinstance(error, (NetworkUnavailable, NotInLibrary)):
                self._fall_back_to_library()
            elif self.article is None:
                self.view.show_message("Nothing to show", "Press **g** to go to a web address, **L** for your library.")
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("opening %s failed", url)
            self.notify(UNEXPECTED, severity="error", markup=False)
        finally:
            self._end_load(token)  # a no-op when a newer load superseded this one
            if initial:  # the start page first: the check (and its imports) never delays the first screen
                self.call_after_refresh(self._refresh_sources_if_due)

    def _fall_back_to_library(self) -> None:
        self.view.show_message("Offline", "No network and no copy of the start page: here is your saved library.")
        self.notify("Offline: showing your saved library.", markup=False)
        notices, self.reader.notices = list(getattr(self.reader, "notices", [])), []
        for notice in notices:  # e.g. a damaged library moved aside: no article will carry it now
            self.notify(notice, severity="warning", markup=False, timeout=10)
        from inkreader.tui.screens.library import LibraryScreen

        self.app.push_screen(LibraryScreen(self.reader), self._open_from_library)

    async def show_article(
        self, article: Article, *, remember: bool = True, token: int | None = None, move_focus: bool = False
    ) -> None:
        """Put ``article`` on screen: its list, header and first screen of text in one frame, then the rest of
        the body in pieces.

        What takes time (a body still being read in, numbering the links of a long one) is done first, while the
        old page is still on screen; from there to the new page's first screen nothing awaits, so no frame shows
        half a switch, and keys typed meanwhile act on the new page in its first frame (issue 12).
        ``remember=False`` (back, forward, reload) returns to the item and scroll position last seen there.
        """
        if token is None:
            token = self._begin_load()
        body = await self._prepare_body(_body_markdown(article, summary=False), article.links)
        if token != self._load_token:
            return  # a newer load has the screen now
        previous = self.article
        if previous is not None:
            self._remember_place()
            self._keep_position(previous, self.view.scroller.fraction)
        place = None if remember else self.places.get(article.url)
        if remember:
            self.history.visit(article.url)
        self.loading_more = False
        self.showing_contents = False
        if self.showing_highlights:
            self.highlight_list.display = self.showing_highlights = False
            self.related.display = True
        self.finding = False
        self.number_prompt.page_shown()  # "Opening link N…" goes with the page switch, in the same frame
        self.related.show_items(article.related)
        self.article = article
        self.showing_summary = False
        self.next_url = article.next_url
        self.view.show_header(article)
        if place is not None and place.highlighted is not None and place.highlighted < self.related.option_count:
            self.related.highlighted = place.highlighted
            self.related.scroll_to_highlight(top=False)
        if move_focus:  # at once (focus() waits for a message): keys held meanwhile go where the page puts them
            self.set_focus(self.related if _is_listing(article) else self.view.keys)
        self._show_marks(article)
        await self._render_body(token, body)
        restored = place is not None and bool(place.scroll_y)
        if restored and place is not None:
            self.call_after_refresh(self.view.scroller.scroll_to, y=place.scroll_y, animate=False, immediate=True)
        self._restore_position(article, scroll=remember and not restored)

    def _remember_place(self) -> None:
        article = self.article
        if article is not None:
            self.places[article.url] = Place(self.related.highlighted, self.view.scroller.scroll_y)

    def _body_markdown(self) -> str:
        article = self.article
        return "" if article is None else _body_markdown(article, summary=self.showing_summary)

    def _body_links(self) -> list[Link]:
        """Article.links numbers the full text; the think-tank summary is numbered in its own order."""
        article = self.article
        if article is None or (self.showing_summary and article.summary_markdown):
            return []
        return article.links

    async def _prepare_body(self, markdown: str, links: Sequence[Link]) -> PreparedBody:
        """The body ready to show, once a body still being read in is done (nothing on screen changes)."""
        previous = self._body_render
        if previous is not None and not previous.done():
            await asyncio.wait([previous])
        return PreparedBody(markdown, await self.view.prepare_body(markdown, links))

    async def _render_body(self, token: int, body: PreparedBody | None = None) -> None:
        """Show the body (``body``: prepared for it by the caller); a render already under way finishes first.

        Cancelling a render half way (inside Textual's mount or remove) can take the whole app down, so a newer
        load never cancels one: the rest of the body is read in by its own task, shielded from the worker's
        cancellation, and the next render waits for it (the rest of a superseded body is appended off screen,
        then discarded).
        """
        self.finding = False
        markdown = self._body_markdown()
        if body is None or body.markdown != markdown:
            body = await self._prepare_body(markdown, self._body_links())
        # From here to the first frame of the new body nothing awaits but the keys held meanwhile
        rest = self.view.begin_body(markdown, body.numbered)
        render = asyncio.ensure_future(self.view.read_rest(rest))
        self._body_render = render
        self._first_screen_in(token)
        if self.held_keys and not self.busy:
            await self.ink_app.replay_held_keys()
        self.load_highlights(render, markdown)  # read while the body is read in, painted once it is
        await asyncio.shield(render)
        self._end_load(token)
        self.ink_app.page_read_in()

    def _first_screen_in(self, token: int) -> None:
        """The first screen of the new body is in: the load is over (the keys held meanwhile are replayed by the
        caller, before the page's first frame), and the footer's keys for the new page (Back appearing) are
        changed now, so that they go into the page switch's own frame and layout. Left to the footer's usual
        refresh, and to a message queued for the held keys, they came a frame later, and keys pressed during the
        switch waited for that frame and the switch's whole-screen one (issue 12)."""
        self._end_load(token, release_keys=False)
        self.query_one(ReaderFooter).show_keys_now()

    # -- the library: reading position, read marks (thread workers: a busy library never freezes keys) -----
    @work(thread=True, group="position", exit_on_error=False, description="Restoring the reading position")
    def _restore_position(self, article: Article, *, scroll: bool) -> None:
        """Mark a saved piece read; ``scroll``: go to where the reader left it."""
        position = self._mark_opened(article)
        if position and scroll:
            self.app.call_from_thread(self._scroll_to_position, article.url, position)

    def _scroll_to_position(self, url: str, position: float) -> None:
        if self.article is not None and self.article.url == url:
            self.call_after_refresh(self.view.scroller.scroll_to_fraction, position)

    @work(thread=True, group="keep-position", exit_on_error=False, description="Keeping the reading position")
    def _keep_position(self, article: Article, fraction: float) -> None:
        self._store_position(article, fraction)

    def _mark_opened(self, article: Article) -> float | None:
        """Saved pieces: mark read and return the stored reading position."""
        try:
            return self.reader.mark_opened(article)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
            return None

    def remember_position(self) -> None:
        """Store how far down the current (saved) piece the reader got (call it from a thread)."""
        article = self.article
        if article is None:
            return
        self._store_position(article, self.view.scroller.fraction)

    def _store_position(self, article: Article, fraction: float) -> None:
        try:
            self.reader.set_position(article.url, fraction)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)

    @work(thread=True, exclusive=True, group="marks", exit_on_error=False, description="Read and saved marks")
    def _show_marks(self, article: Article) -> None:
        urls = [item.url for item in article.related]
        try:
            marks = self.reader.marks([article.url, *urls])
        except InkreaderError as error:
            log.info("no read/saved marks: %s", error)
            return
        self.app.call_from_thread(self._apply_marks, article, marks)

    def _apply_marks(self, article: Article, marks: dict[str, ReadingMark]) -> None:
        if self.article is article:
            self.related.show_marks(marks)

    # -- list pane ---------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#related")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, RelatedOption):  # a click (Enter is the "enter" action)
            self.open_location(event.option.item.url)

    @on(OptionList.OptionHighlighted, "#related")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_item_summary(event.option)

    def _show_item_summary(self, option: object) -> None:
        summary = self.query_one("#item-summary", Static)
        item = option.item if isinstance(option, RelatedOption) else None
        if item is not None and item.summary and not self.showing_contents:
            summary.update(plain_block(item.summary))
            summary.display = True
        else:
            summary.display = False

    @on(RelatedList.EndReached)
    def _end_reached(self) -> None:
        if self.next_url and not self.loading_more:
            self.action_next_page()

    @work(exclusive=True, group="more", exit_on_error=False, description="Loading the next page")
    async def load_more(self, url: str) -> None:
        self.loading_more = True
        try:
            page = await self._attempt(self.reader.open(url, offline=self.ink_app.offline or None), f"loading {url}")
        finally:
            self.loading_more = False
        if isinstance(page, _Failed) or self.next_url != url:  # failed, or the user moved on meanwhile
            return
        known = {item.url for item in self.related.items}
        self.related.add_items(item for item in page.related if item.url not in known)
        self.next_url = page.next_url if page.next_url != url else None
        self._update_list_title()
        if self.article is not None:
            self._show_marks(self.article)

    # -- reading pane ------------------------------------------------------------------------------
    @on(ArticleView.LinkClicked)
    def _link_clicked(self, event: ArticleView.LinkClicked) -> None:
        event.stop()
        self._follow_href(event.href)

    def _follow_href(self, href: str) -> None:
        """What clicking a link does, also for a link chosen by number or from the link list."""
        from inkreader.tui.links import LinkAction, classify_link

        verdict = classify_link(href, self._base_url())
        if verdict.action is LinkAction.ANCHOR:
            if not self.view.goto_anchor(verdict.url):
                self.notify("That section is not in this page.", markup=False)
            self.refresh_bindings()  # Backspace now returns from the jump
        elif verdict.action is LinkAction.REFUSE:
            self.notify(verdict.reason, severity="warning", markup=False)
        elif verdict.action is LinkAction.BROWSER:
            self._offer_browser(verdict.url)
        else:
            self.open_location(verdict.url)

    def _base_url(self) -> str | None:
        article = self.article
        if article is None:
            return None
        if article.followed and not self.showing_summary and article.full_article_url:
            return article.full_article_url
        return article.final_url or article.url

    def _offer_browser(self, url: str) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._open_in_browser(url)

        from inkreader.tui.screens.dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen("This is not an article. Open it in your web browser?", url), answer)

    def _open_in_browser(self, url: str, what: str = "the page") -> None:
        from inkreader.tui.system import BrowserError

        try:
            self.app.open_url(url)
        except BrowserError as error:
            self.notify(
                f"Could not open {what} in a browser: {error}. The address: {url}",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        self.notify(f"Asked your browser to open {what}: {url}", markup=False)

    def _open_from_library(self, url: str | None) -> None:
        if url:
            self.open_location(url)

    # -- actions (the command table in commands.py names these) ---------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not hasattr(self, f"action_{action}"):
            return True
        if isinstance(self.focused, Input) and action not in TYPING_ACTIONS:
            return False  # the key is a character for the find box
        if action in ALWAYS_AVAILABLE:
            return True
        if action == "back":
            # greyed out, not hidden, with nowhere to go back to: following a link then only lights the key up;
            # adding it to the footer laid the footer out again in the page switch's frame (issue 12)
            return True if self.history.can_go_back or self.view.jumps else None
        if action == "forward":
            return True if self.history.can_go_forward else None
        if action == "list_move":
            return isinstance(self.focused, OptionList)  # the related items, the contents, the inbox
        if action == "enter":
            return self.number_entry.active or isinstance(self.focused, RelatedList)
        if action in ("visual_save", "visual_cancel", "copy_selection"):
            return self.view.selection is not None  # else Enter, n, y and Esc go on to whoever else binds them
        if action == "copy_url" and self.view.selection is not None:
            return False  # y copies the selection
        if action == "next_page":
            if self.view.selection is not None:
                return False  # n saves the visual-mode selection with a note
            return True if self.next_url or self.finding else None
        if action == "find_previous":
            return True if self.finding else None
        if action == "digit":
            return self._typing_allowed() and (self.number_entry.active or parameters[0] != "0")
        if action == "escape":
            return self.number_entry.active or self.finding
        return True if self.article is not None else None

    async def _refresh_sources_if_due(self) -> None:
        minutes = getattr(self.reader.settings, "refresh_interval_minutes", 60)
        inbox = await self._inbox()
        if inbox is not None:
            inbox.refresh_if_due(minutes * 60)

    async def action_inbox(self) -> None:
        inbox = await self._inbox()
        if inbox is not None:
            inbox.toggle()

    async def action_refresh_sources(self) -> None:
        inbox = await self._inbox()
        if inbox is not None:
            inbox.start_refresh()

    async def _inbox(self) -> InboxPane | None:
        """The inbox pane once mounted; None when the screen is being taken down meanwhile (quitting just
        after the first frame: the check for due sources runs then)."""
        from inkreader.tui.widgets.inbox_pane import InboxPane

        await self.panes_ready()
        found = self.query("#inbox").results(InboxPane)
        return next(iter(found), None)

    async def action_switch_pane(self) -> None:
        await self.panes_ready()
        # the screen's focus, not has_focus: that follows a message later, and keys replayed after a page load
        # come before it (MainScreen.hold_key)
        if self.focused is self.related or self.focused is self.contents:
            self.view.focus_text()
        elif self.showing_contents:
            self.contents.focus()
        else:
            self.related.focus()

    def action_list_move(self, key: str) -> None:
        """j/k/arrows/paging in the focused list, applied at once (see ORDERED_BINDINGS)."""
        focused = self.focused
        if isinstance(focused, OptionList):
            getattr(focused, f"action_{LIST_MOVES[key]}")()

    def action_enter(self) -> None:
        if self.number_entry.active:
            self.number_prompt.commit()
            return
        item = self.related.highlighted_item
        if item is not None:
            self.open_location(item.url)

    def action_back(self) -> None:
        if self.view.jump_back():
            self.refresh_bindings()
            return
        url = self.history.back()
        if url:
            self.open_location(url, remember=False)

    def action_forward(self) -> None:
        url = self.history.forward()
        if url:
            self.open_location(url, remember=False)

    def action_toggle_full(self) -> None:
        article = self.article
        if article is None:
            return
        if article.followed and article.summary_markdown:
            self.showing_summary = not self.showing_summary
            self._rerender()
        elif article.full_article_url and not article.followed:
            self.open_location(article.full_article_url)
        elif not article.outlet and not article.full_article_url:
            self.notify(
                "This piece was published here, not by an outside outlet: there is no other text.", markup=False
            )
        else:
            self.notify("This piece has no separate full text.", markup=False)

    def _rerender(self) -> None:
        token = self._begin_load()
        self._render_again(token)

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _render_again(self, token: int) -> None:
        try:
            await self._render_body(token)
        finally:
            self._end_load(token)

    @work(exclusive=True, group="save", exit_on_error=False, description="Saving")
    async def action_toggle_save(self) -> None:
        article = self.article
        if article is None:
            return
        url = article.url
        saved = await self._attempt(asyncio.to_thread(self.reader.is_saved, url), f"checking {url}")
        if isinstance(saved, _Failed):
            return
        if saved:
            removed = await self.unsave_asking(url)  # a piece with highlights asks first
            if removed:
                self.notify("Removed from your library.", markup=False)
        else:
            kept = await self._attempt(
                self.reader.save(url), f"saving {url}", failure="Could not save that piece (details in the log)."
            )
            if isinstance(kept, _Failed):
                self.notify("Not saved.", severity="error", markup=False)
                return
            self.notify("Saved for offline reading.", markup=False)
        self._show_marks(article)

    def action_library(self) -> None:
        from inkreader.tui.screens.library import LibraryScreen

        self._leave_for(LibraryScreen(self.reader))

    def action_search(self) -> None:
        from inkreader.tui.screens.library import LibraryScreen

        self._leave_for(LibraryScreen(self.reader, search=True))

    def _leave_for(self, screen: LibraryScreen) -> None:
        if self.article is not None:
            self._keep_position(self.article, self.view.scroller.fraction)
        self.app.push_screen(screen, self._open_from_library)

    def action_goto(self) -> None:
        from inkreader.tui.screens.dialogs import GotoScreen

        self.app.push_screen(GotoScreen(), self._goto)

    def _goto(self, text: str | None) -> None:
        if not text:
            return
        try:  # the same rule as the command line: "127.0.0.1:8000/x" is http, "www.cnas.org/x" https
            url = normalise_url(text)
        except FetchError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        from inkreader.tui.links import LinkAction, classify_link

        verdict = classify_link(url, None)
        if verdict.action is LinkAction.REFUSE:
            self.notify(verdict.reason, severity="warning", markup=False)
        elif verdict.action is LinkAction.BROWSER:
            self._offer_browser(verdict.url)
        else:
            self.open_location(verdict.url)

    def action_reload(self) -> None:
        if self.article is not None:
            self._reload(self.article, self._begin_load())

    @work(exclusive=True, group="open", exit_on_error=False, description="Reloading")
    async def _reload(self, article: Article, token: int) -> None:
        try:
            result = await self._attempt(self.reader.recheck(article.url), f"reloading {article.url}")
            if isinstance(result, _Failed):
                return
            if result.article is None:
                self.notify(
                    recheck_message(result), markup=False, severity="information" if result.checked else "warning"
                )
                return
            self.notify("The page has changed: reloaded.", markup=False)
            await self.show_article(result.article, remember=False, token=token)
        finally:
            self._end_load(token)

    def action_next_page(self) -> None:
        if self.finding:
            self.find_bar.step(1)
            return
        if not self.next_url:
            self.notify("No further pages.", markup=False)
            return
        self.load_more(self.next_url)

    def action_browser(self) -> None:
        if self.article is not None:
            self._open_in_browser(self.article.url)

    def action_copy_url(self) -> None:
        if self.article is not None:
            self.notify(self.ink_app.copy_text(self.article.url, "the address"), markup=False, timeout=10)

    # -- numbered links and notes --------------------------------------------------------------------
    def _typing_allowed(self) -> bool:
        return self.article is not None and not isinstance(self.focused, Input)

    def _start_number(self, target: Target) -> bool:
        if target is Target.NOTE:
            limit = max(note_numbers(self.view.numbered.markdown), default=0)
            empty = "This page has no endnotes."
        else:
            limit = len(self.view.numbered.links)
            empty = "This page has no links."
        if not limit:
            self.notify(empty, markup=False)
            return False
        self.number_prompt.start(target, limit)
        return True

    def action_digit(self, digit: str) -> None:
        if not self.number_entry.active and not self._start_number(Target.FOLLOW):
            return
        self.number_prompt.digit(digit)

    def action_escape(self) -> None:
        if self.number_entry.active:
            self.number_prompt.cancel()
        elif self.finding:
            self.finding = False
            self.view.focus_text()

    def action_link_to_browser(self) -> None:
        self._start_number(Target.BROWSER)

    def action_copy_link(self) -> None:
        self._start_number(Target.COPY)

    def action_go_to_note(self) -> None:
        self._start_number(Target.NOTE)

    @on(LinkNumberEntry.Chosen)
    def _number_chosen(self, event: LinkNumberEntry.Chosen) -> None:
        event.stop()
        try:
            self._run_number(event.committed.target, event.committed.number)
        finally:
            self.number_prompt.pending = False
            self._release_keys()

    def _run_number(self, target: Target, number: int) -> None:
        if target is Target.NOTE:
            if not self.view.goto_anchor(f"note-{number}"):
                self.notify(f"There is no note {number} in this page.", markup=False)
            self.refresh_bindings()
            return
        link = self.view.numbered.get(number)
        if link is None:
            self.notify(f"There is no link {number} in this page.", markup=False)
        elif target is Target.FOLLOW:
            self._follow_href(link.url)
        elif target is Target.BROWSER:
            self._open_in_browser(link.url, f"link {number}")
        else:
            self.notify(self.ink_app.copy_text(link.url, f"link {number}"), markup=False, timeout=10)
        if not self.page_loading:
            self.number_prompt.page_shown()  # no page opens (an anchor, a dialog, no such link): the hint goes now

    def action_links(self) -> None:
        links = self.view.numbered.links
        if not links:
            self.notify("This page has no links.", markup=False)
            return

        def chosen(link: NumberedLink | None) -> None:
            if link is not None:
                self._follow_href(link.url)

        screen = self._prepare_link_list()
        screen.show_links(links)
        self.app.push_screen(screen, chosen)

    def _prepare_link_list(self) -> LinkListScreen:
        """The link list dialog, kept for the session: installed, it stays composed between openings (composing
        it took ~10 ms of a u, issue 12). Made soon after start, with the links then shown, off any key's path."""
        if self._link_list is None:
            import inkreader.tui.links  # noqa: F401 - for the first link followed, off its path too
            from inkreader.tui.screens.navigation import LinkListScreen

            self._link_list = LinkListScreen(self.view.numbered.links)
            self.app.install_screen(self._link_list, f"links-{id(self)}")
            start_screen(self.app, self._link_list)
        return self._link_list

    # -- contents ------------------------------------------------------------------------------------
    async def action_contents(self) -> None:
        """Show the headings in the list pane (or go back to the list when they are showing)."""
        await self.panes_ready()
        if self.showing_contents:
            self.showing_contents = False
            self.related.focus()
            return
        view = self.view
        headings = view.outline()
        if not headings:
            self.notify("This page has no headings.", markup=False)
            return
        self.contents.show_headings(headings, view.current_heading())
        self.showing_contents = True
        self.contents.focus()

    def on_contents_list_closed(self) -> None:
        self.showing_contents = False
        self.related.focus()

    def on_contents_list_heading_chosen(self, event: ContentsList.HeadingChosen) -> None:
        if self.view.jump_to(event.heading.block_id):
            self.view.focus_text()  # read on from there; the contents stay, tracking the section
            self.refresh_bindings()

    @on(ArticleView.SectionChanged)
    def _section_changed(self, event: ArticleView.SectionChanged) -> None:
        if self.showing_contents:
            self.contents.mark_current(event.heading)

    # -- find ----------------------------------------------------------------------------------------
    async def action_find(self) -> None:
        await self.panes_ready()
        if self.finding:
            self.find_bar.open()  # focus the box again
        else:
            self.finding = True

    @on(ArticleView.FindUpdated)
    def _find_updated(self) -> None:
        # the rest of a long body came in: the count is over the whole text now
        view = self.view
        self.find_bar.show_count(view.match_index, len(view.matches), view.find_query)

    def _find_closed(self) -> None:
        self.finding = False
        self.view.focus_text()

    def action_find_previous(self) -> None:
        if self.finding:
            self.find_bar.step(-1)

    def action_help(self) -> None:
        from inkreader.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit(0)  # the reading position is kept on the way out (InkReaderApp.on_unmount)


def _is_listing(article: Article) -> bool:
    return article.kind == "listing" or (not article.markdown.strip() and bool(article.related))


def recheck_message(result: Recheck) -> str:
    """What ``r`` found when nothing new is shown: unchanged, or why nothing was checked."""
    if result.checked:
        return "No changes since the last visit."
    return f"Not checked for changes: {result.reason}"
