"""The reading controller: the one owner of the page life cycle behind the main screen.

``open(url)`` is the one road to a page, whoever asks (a card, the inbox, a link, a number, the library, back
and forward): it takes a load token, holds the keys typed meanwhile, shows the loading indicator only for a
load still under way, and puts the page on screen in one frame. It keeps the history and the place on each
page, the reading position of saved pieces and the read and saved marks of the cards. It posts
:class:`PageShown` and :class:`LoadFailed`; the screen watches ``article`` to change what goes with a page.

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
from typing import TYPE_CHECKING, Final, TypeVar
from urllib.parse import urlsplit

from textual import events, work
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from inkreader.errors import InkreaderError, NetworkUnavailable, NotInLibrary
from inkreader.model import Article, Link, ReadingMark
from inkreader.tui.history import History
from inkreader.tui.linknumbers import NumberedDocument
from inkreader.tui.messages import call_from_thread
from inkreader.tui.widgets.article_body import Place as TextPlace
from inkreader.tui.widgets.footer import ReaderFooter

if TYPE_CHECKING:
    from inkreader.reader import Reader, Recheck
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.widgets.article_view import ArticleView
    from inkreader.tui.widgets.number_entry import LinkNumberEntry
    from inkreader.tui.widgets.related_list import RelatedList

log = logging.getLogger(__name__)

T = TypeVar("T")
UNEXPECTED = "Something went wrong while opening that page (details in the log)."
PASS_KEYS: Final = frozenset({"q", "ctrl+c", "ctrl+q"})
"""Keys never held back while a page loads: quitting must not wait for the network."""
FIRST_FRAME_WAIT: Final = 0.25
"""Seconds the first frame waits for an offline start page (a library read, a few ms); a slower one gets the
loading indicator."""
LOADING_INDICATOR_AFTER = 0.2  # seconds a load runs before the loading indicator shows


@dataclass(frozen=True, slots=True)
class Place:
    highlighted: int | None
    scroll_y: float


class Failed:
    """What :meth:`ReadingController.attempt` returns when the call failed (and the user has been told)."""


FAILED: Final = Failed()


@dataclass(frozen=True)
class PreparedBody:
    """A body ready to go on screen: the Markdown it was made from and its text with links numbered."""

    markdown: str
    numbered: NumberedDocument


def body_markdown(article: Article, *, summary: bool) -> str:
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


def is_listing(article: Article) -> bool:
    return article.kind == "listing" or (not article.markdown.strip() and bool(article.related))


class ReadingController(Widget):
    """Owns open, back, forward, reload, the history and places, the load token, held keys and the body render.

    A widget that draws nothing, beside the view: it runs the workers and posts the messages.
    """

    DEFAULT_CSS = "ReadingController { display: none; }"

    # State, not looks: a change refreshes the keys (bindings) and runs the watchers (the screen's too), which
    # update the widgets concerned; nothing is repainted for it.
    article: reactive[Article | None] = reactive(None, bindings=True, always_update=True, init=False, repaint=False)
    """The page on screen (a piece or a listing)."""
    showing_summary = reactive(False, bindings=True, init=False, repaint=False)
    """A followed piece: True while the think-tank summary is shown instead of the outlet's full text."""
    next_url: reactive[str | None] = reactive(None, bindings=True, init=False, repaint=False)
    """A listing's next page (``n`` loads it into the list)."""

    class PageShown(Message):
        """A page's first screen is in (``requested``: the address asked for; ``initial``: the start page)."""

        def __init__(self, article: Article, requested: str, *, initial: bool = False) -> None:
            super().__init__()
            self.article = article
            self.requested = requested
            self.initial = initial

    class LoadFailed(Message):
        """A page could not be opened; the user has been told why."""

        def __init__(self, url: str, reason: str) -> None:
            super().__init__()
            self.url = url
            self.reason = reason

    class StartSettled(Message):
        """The start page is on screen, failed or was stopped: background start-up work may begin."""

    class BodyRendering(Message):
        """A body is being read in (``rendering`` completes when it is all in): highlights may be read."""

        def __init__(self, rendering: asyncio.Future[None], markdown: str) -> None:
            super().__init__()
            self.rendering = rendering
            self.markdown = markdown

    def __init__(self, view: ArticleView, related: RelatedList, number_prompt: LinkNumberEntry) -> None:
        super().__init__()
        self.view = view
        self.related = related
        self.number_prompt = number_prompt
        self.history = History()
        self.places: dict[str, Place] = {}
        """Where the reader was on each page visited (highlighted item, scroll): back/forward return there."""
        self.held_keys: deque[events.Key] = deque()
        """Keys typed while a page was loading, replayed in order once it is shown (see hold_key)."""
        self.page_loading = False
        """An "open" worker (open, back, reload...) has not put its page on screen yet."""
        self.loading_more = False
        self._load_token = 0
        self._body_render: asyncio.Future[None] | None = None
        self._first_screen: asyncio.Event | None = None
        self._previewed = -1  # the load token whose PDF's first pages are on screen already

    def on_mount(self) -> None:
        self.reader.pdf_progress = self._pdf_read_so_far  # a long PDF's first pages show while the rest is read

    @property
    def reader(self) -> Reader:
        return self.ink_app.reader

    @property
    def ink_app(self) -> InkReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def offline(self) -> bool:
        return self.ink_app.offline

    # -- keys typed while a page loads -----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Keys must wait: a page is loading, or a chosen link number is on its way to this screen."""
        return self.page_loading or self.number_prompt.pending

    def hold_key(self, event: events.Key) -> bool:
        """Called by the app for every key meant for the main screen: True when the key was kept for later.

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

    async def wait_for_first_screen(self) -> None:
        """Offline, the start page is a library read of a few ms: the screen's first layout waits for it (its
        events queue behind the caller), so the first frame already has the text. Drawing the empty panes and
        a loading indicator first, only to draw them again at once, took a tenth of the time to the first
        words on screen."""
        shown = self._first_screen = asyncio.Event()
        try:
            await asyncio.wait_for(shown.wait(), FIRST_FRAME_WAIT)
        except TimeoutError:
            if self.page_loading:  # a slow disk: show that something is coming
                self.view.loading = True
        finally:
            self._first_screen = None

    def begin_load(self) -> int:
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
            self.release_keys()

    def release_keys(self) -> None:
        if self.held_keys and not self.busy:
            self.app.call_later(self.ink_app.replay_held_keys)

    # -- a long PDF, its first pages first ------------------------------------------------------------------
    def _pdf_read_so_far(self, url: str, markdown: str) -> None:
        """Called in the PDF's reading thread with the Markdown read so far."""
        call_from_thread(self.app, self._preview_pdf, self._load_token, url, markdown)

    def _preview_pdf(self, token: int, url: str, markdown: str) -> None:
        """Show the first pages of the PDF the current load is reading, once per load (a page that moved under
        the reader's eyes every ten pages would be worse than waiting); the whole document replaces them."""
        if token != self._load_token or not self.page_loading or self._previewed == token:
            return
        if self._body_render is not None and not self._body_render.done():
            return  # the last body is still being read in: the preview waits for the whole document instead
        self._previewed = token
        self.view.loading = False
        self.view.show_message(
            "Reading the PDF: its first pages, the rest on its way (Esc stops)", markdown, more_to_come=True
        )

    # -- one way to call the Reader from a worker -------------------------------------------------------
    async def attempt(
        self, work: Awaitable[T], what: str, *, failure: str = UNEXPECTED, severity: str = "error"
    ) -> T | Failed:
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

    # -- opening -----------------------------------------------------------------------------------
    def open(
        self,
        url: str,
        remember: bool = True,
        *,
        initial: bool = False,
        move_focus: bool = True,
        inbox_item: bool = False,
    ) -> None:
        """Open ``url`` in the reading pane. ``move_focus``: a piece takes the focus to its text, a listing
        to its list (so the first page too: ``inkreader URL`` of a piece scrolls with j at once).
        ``inbox_item``: the feed's metadata fills what the page lacks, and the item is marked read."""
        token = self.begin_load()
        if not (initial and self.offline):  # offline, the start page's first frame waits for it (on_mount)
            self.set_timer(LOADING_INDICATOR_AFTER, lambda: self._show_loading(token))
        self._open(url, remember, token, initial=initial, move_focus=move_focus, inbox_item=inbox_item)

    def back(self) -> bool:
        url = self.history.back()
        if url:
            self.open(url, remember=False)
        return url is not None

    def forward(self) -> None:
        url = self.history.forward()
        if url:
            self.open(url, remember=False)

    def _show_loading(self, token: int) -> None:
        # Only for a load still under way: a page from the library is on screen within tens of ms, and an
        # indicator shown at once would flash and cost two whole-screen layouts.
        if token == self._load_token and self.page_loading:
            self.view.loading = True

    @work(exclusive=True, group="open", exit_on_error=False, description="Opening a page")
    async def _open(
        self, url: str, remember: bool, token: int, *, initial: bool, move_focus: bool, inbox_item: bool
    ) -> None:
        try:
            offline = self.offline or None
            if inbox_item:
                article = await self.reader.open_item(url, offline=offline)
            else:
                article = await self.reader.open(url, offline=offline)
            await self.show_article(article, remember=remember, token=token, move_focus=move_focus)
            fragment = urlsplit(url).fragment
            if fragment and remember and token == self._load_token:  # the whole body is in: go where it points
                spot = self.view.anchors.fragment(fragment, self.view.document.blocks)
                if spot is not None:
                    self.view.jump_to_place(TextPlace(*spot))
            self.post_message(self.PageShown(article, url, initial=initial))
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False, timeout=8)
            if initial and isinstance(error, (NetworkUnavailable, NotInLibrary)):
                self._fall_back_to_library()
            elif self.article is None:
                self.view.show_message("Nothing to show", "Press **g** to go to a web address, **L** for your library.")
            self.post_message(self.LoadFailed(url, str(error)))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("opening %s failed", url)
            self.notify(UNEXPECTED, severity="error", markup=False)
            self.post_message(self.LoadFailed(url, UNEXPECTED))
        finally:
            self._end_load(token)  # a no-op when a newer load superseded this one
            if initial:  # the start page first: background checks (and their imports) never delay it
                self.post_message(self.StartSettled())

    def _fall_back_to_library(self) -> None:
        self.view.show_message("Offline", "No network and no copy of the start page: here is your saved library.")
        self.notify("Offline: showing your saved library.", markup=False)
        notices, self.reader.notices = list(getattr(self.reader, "notices", [])), []
        for notice in notices:  # e.g. a damaged library moved aside: no article will carry it now
            self.notify(notice, severity="warning", markup=False, timeout=10)
        from inkreader.tui.screens.library import LibraryScreen

        self.app.push_screen(LibraryScreen(self.reader), self.open_chosen)

    def open_chosen(self, url: str | None) -> None:
        """A screen that returns a location (the library, search) was dismissed."""
        if url:
            self.open(url)

    async def show_article(
        self, article: Article, *, remember: bool = True, token: int | None = None, move_focus: bool = False
    ) -> None:
        """Put ``article`` on screen: its list, header and first screen of text in one frame, then the rest of
        the body in pieces.

        What takes time (a body still being read in, numbering the links of a long one) is done first, while the
        old page is still on screen; from there to the new page's first screen nothing awaits, so no frame shows
        half a switch, and keys typed meanwhile act on the new page in its first frame.
        ``remember=False`` (back, forward, reload) returns to the item and scroll position last seen there.
        """
        if token is None:
            token = self.begin_load()
        body = await self._prepare_body(body_markdown(article, summary=False), article.links)
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
        self.number_prompt.page_shown()  # "Opening link N…" goes with the page switch, in the same frame
        self.related.show_items(article.related)
        self.showing_summary = False
        self.next_url = article.next_url
        self.article = article  # the screen's watcher puts the list pane and the find bar back, in this frame
        self.view.show_header(article)
        if place is not None and place.highlighted is not None and place.highlighted < self.related.option_count:
            self.related.highlighted = place.highlighted
            self.related.scroll_to_highlight(top=False)
        if move_focus:  # at once (focus() waits for a message): keys held meanwhile go where the page puts them
            self.screen.set_focus(self.related if is_listing(article) else self.view.keys)
        self.show_marks(article)
        await self._render_body(token, body)
        restored = place is not None and bool(place.scroll_y)
        if restored and place is not None:
            self.call_after_refresh(self.view.scroller.scroll_to, y=place.scroll_y, animate=False, immediate=True)
        # after this frame: marking the piece read imports the inbox's store (~12 ms of CPU), which would
        # otherwise hold up the first words on screen at the start
        self.call_after_refresh(self._restore_position, article, scroll=remember and not restored)

    def _remember_place(self) -> None:
        article = self.article
        if article is not None:
            self.places[article.url] = Place(self.related.highlighted, self.view.scroller.scroll_y)

    def body_markdown(self) -> str:
        article = self.article
        return "" if article is None else body_markdown(article, summary=self.showing_summary)

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
        markdown = self.body_markdown()
        if body is None or body.markdown != markdown:
            body = await self._prepare_body(markdown, self._body_links())
        # From here to the first frame of the new body nothing awaits but the keys held meanwhile
        rest = self.view.begin_body(markdown, body.numbered)
        render = asyncio.ensure_future(self.view.read_rest(rest))
        self._body_render = render
        self._first_screen_in(token)
        if self.held_keys and not self.busy:
            await self.ink_app.replay_held_keys()
        self.post_message(self.BodyRendering(render, markdown))  # highlights are read while the body comes in
        await asyncio.shield(render)
        self._end_load(token)
        self.ink_app.page_read_in()

    def _first_screen_in(self, token: int) -> None:
        """The first screen of the new body is in: the load is over (the keys held meanwhile are replayed by the
        caller, before the page's first frame), and the footer's keys for the new page (Back appearing) are
        changed now, so that they go into the page switch's own frame and layout. Left to the footer's usual
        refresh, and to a message queued for the held keys, they came a frame later, and keys pressed during the
        switch waited for that frame and the switch's whole-screen one."""
        self._end_load(token, release_keys=False)
        self.screen.query_one(ReaderFooter).show_keys_now()

    def toggle_summary(self) -> None:
        """A followed piece: the think-tank summary instead of the outlet's full text, and back."""
        self.showing_summary = not self.showing_summary
        self.render_again()

    def show_report_pdf(self) -> None:
        """A report page kept for its own text: its PDF's text in its place, the page's header and list kept
        (``f`` then switches between the two, as on a followed page)."""
        article = self.article
        if article is not None and article.pdf_url:
            token = self.begin_load()
            self.set_timer(LOADING_INDICATOR_AFTER, lambda: self._show_loading(token))
            self._show_report_pdf(article, token)

    @work(exclusive=True, group="open", exit_on_error=False, description="Reading the report's PDF")
    async def _show_report_pdf(self, article: Article, token: int) -> None:
        try:
            shown = await self.attempt(self.reader.with_report_pdf(article), f"reading {article.pdf_url}")
            if not isinstance(shown, Failed) and token == self._load_token:
                self.places.pop(article.url, None)  # the PDF's text starts at its top, not at the page's place
                await self.show_article(shown, remember=False, token=token)
        finally:
            self._end_load(token)

    def render_again(self) -> None:
        """Show the body again (the summary toggled, the width changed)."""
        self._render_again(self.begin_load())

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _render_again(self, token: int) -> None:
        try:
            await self._render_body(token)
        finally:
            self._end_load(token)

    def reload(self) -> None:
        if self.article is not None:
            self._reload(self.article, self.begin_load())

    @work(exclusive=True, group="open", exit_on_error=False, description="Reloading")
    async def _reload(self, article: Article, token: int) -> None:
        try:
            result = await self.attempt(self.reader.recheck(article.url), f"reloading {article.url}")
            if isinstance(result, Failed):
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

    # -- a listing's next page -------------------------------------------------------------------------
    def next_page(self) -> None:
        if not self.next_url:
            self.notify("No further pages.", markup=False)
        elif not self.loading_more:
            self.load_more(self.next_url)

    @work(exclusive=True, group="more", exit_on_error=False, description="Loading the next page")
    async def load_more(self, url: str) -> None:
        self.loading_more = True
        try:
            page = await self.attempt(self.reader.open(url, offline=self.offline or None), f"loading {url}")
        finally:
            self.loading_more = False
        if isinstance(page, Failed) or self.next_url != url:  # failed, or the user moved on meanwhile
            return
        known = {item.url for item in self.related.items}
        self.related.add_items(item for item in page.related if item.url not in known)
        self.next_url = page.next_url if page.next_url != url else None
        if self.article is not None:
            self.show_marks(self.article)

    # -- the library: reading position, read marks (thread workers: a busy library never freezes keys) -----
    @work(thread=True, group="position", exit_on_error=False, description="Restoring the reading position")
    def _restore_position(self, article: Article, *, scroll: bool) -> None:
        """Mark a saved piece read; ``scroll``: go to where the reader left it."""
        position = self._mark_opened(article)
        if position and scroll:
            call_from_thread(self.app, self._scroll_to_position, article.url, position)

    def _scroll_to_position(self, url: str, position: float) -> None:
        if self.article is not None and self.article.url == url:
            self.call_after_refresh(self.view.scroller.scroll_to_fraction, position)

    def keep_position(self) -> None:
        """Store how far down the piece on screen the reader got (in a thread worker)."""
        if self.article is not None:
            self._keep_position(self.article, self.view.scroller.fraction)

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
        if article is not None:
            self._store_position(article, self.view.scroller.fraction)

    def _store_position(self, article: Article, fraction: float) -> None:
        try:
            self.reader.set_position(article.url, fraction)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)

    @work(thread=True, exclusive=True, group="marks", exit_on_error=False, description="Read and saved marks")
    def show_marks(self, article: Article) -> None:
        urls = [item.url for item in article.related]
        try:
            marks = self.reader.marks([article.url, *urls])
        except InkreaderError as error:
            log.info("no read/saved marks: %s", error)
            return
        call_from_thread(self.app, self._apply_marks, article, marks)

    def _apply_marks(self, article: Article, marks: dict[str, ReadingMark]) -> None:
        if self.article is article:
            self.related.show_marks(marks)


def recheck_message(result: Recheck) -> str:
    """What ``r`` found when nothing new is shown: unchanged, or why nothing was checked."""
    if result.checked:
        return "No changes since the last visit."
    return f"Not checked for changes: {result.reason}"
