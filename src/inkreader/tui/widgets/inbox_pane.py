"""The inbox in the list pane, and the background refresh of sources.

``i`` shows it in place of the related items (``i`` again goes back to them); Enter on a source lists its items,
Enter on an item opens it in the reading pane (the screen's own "open" worker group, so a newer open wins) and
marks it read. Refresh runs as a worker: the list, the reading pane and every key stay live meanwhile; the
pane's subtitle shows progress and a notification says what is new.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.worker import Worker, get_current_worker

from inkreader.errors import InkreaderError
from inkreader.model import Article, InboxItem, RefreshReport, Source, SourceResult
from inkreader.text import clean_line
from inkreader.tui.messages import OpenLocation, call_from_thread
from inkreader.tui.widgets.fields import fit_words
from inkreader.tui.widgets.inbox_list import ITEM_LIMIT, InboxList, ItemOption, SourceOption
from inkreader.tui.widgets.list_pane import ListPane

if TYPE_CHECKING:
    from inkreader.reader import Reader

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong while opening that page (details in the log)."
HINTS = (
    "Enter open · n/N next/previous unread · U unread only · m read/unread · M all read · R refresh · i back",
    "n/N next unread · U unread only · m/M read · R refresh · i back",
    "n/N unread · U unread only · m/M read · i back",
    "n/N unread · U unread only · m/M read",
    "n/N unread · U unread only",
    "n/N · U unread only",
    "U unread only",
)
"""The keys in the pane's bottom border, the longest that fits (a border cuts what does not fit mid-word)."""


def hint_for(width: int, *, unread_only: bool = False) -> str:
    hints = [hint.replace("U unread only", "U all items") for hint in HINTS] if unread_only else list(HINTS)
    return next((hint for hint in hints if len(hint) <= width), hints[-1])


def unread_count(sources: Sequence[Source], name: str | None, total: int) -> int:
    """Unread items of the source ``name`` (None: of all, ``total``), counted by the library, not in the list."""
    if name is None:
        return total
    return sum(source.unread for source in sources if source.name == name)


def source_unread(listing: InboxList, name: str | None) -> int:
    """The unread count the sources list shows for ``name`` (None: "All sources")."""
    for option in listing.options:
        if isinstance(option, SourceOption) and (option.source.name if option.source else None) == name:
            return option.unread
    return 0


@dataclass(frozen=True, slots=True)
class Request:
    """What to read from the library: the sources, a source's items, or the next source with unread items."""

    mode: Literal["sources", "items", "next"]
    source: str | None = None
    select: str | None = None  # sources: the one to highlight
    keep: int | None = None  # items: the highlight kept
    unread_only: bool = False
    announce_empty: bool = False  # items: say so when there are none
    direction: int = 0  # next: 1 forward, -1 back; items: highlight the first (last) unread one
    from_items: bool = False  # next: asked from a source's items (else from the sources)


@dataclass(frozen=True, slots=True)
class Loaded:
    request: Request
    sources: list[Source]
    items: list[InboxItem]
    unread: int
    total: int  # unread in all sources, a piece announced by several counted once


class InboxPane(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.refreshing = False
        self.progress = ""
        self.unread = 0
        """Unread items of what is showing (a source, all of them), as the library counts them."""
        self.newest_refresh: str | None = None
        self._writes: deque[Callable[[], str | None]] = deque()
        self._writing = False

    def compose(self) -> ComposeResult:
        yield InboxList(id="inbox-list")

    # -- plumbing ----------------------------------------------------------------------------------
    @property
    def pane(self) -> ListPane:
        return self.query_ancestor(ListPane)

    @property
    def reader(self) -> Reader:
        return self.app.reader  # type: ignore[attr-defined,no-any-return]

    @property
    def listing(self) -> InboxList:
        return self.query_one(InboxList)

    @property
    def offline(self) -> bool:
        return bool(getattr(self.app, "offline", False))

    # -- showing -----------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.display:
            self.hide()
        else:
            self.show()

    def show(self) -> None:
        self.pane.mode = "inbox"
        self.reload()
        self.listing.focus()

    def hide(self) -> None:
        pane = self.pane
        pane.mode = "related"
        pane.related.focus()

    def reload(self, *, keep_place: bool = True) -> None:
        """Read the sources (or the items showing) again from the library (in a thread: see :meth:`_load`)."""
        listing = self.listing
        if listing.mode == "items":
            self._load(Request("items", listing.source_name, keep=listing.highlighted if keep_place else None))
        else:
            selected = listing.highlighted_source
            self._load(Request("sources", select=selected.source.name if selected and selected.source else None))
        self.update_title()

    def update_title(self) -> None:
        if not self.display:
            return
        pane = self.pane
        listing = self.listing
        if listing.mode == "items":
            where = clean_line(listing.source_name) if listing.source_name else "All sources"
            only = " only" if listing.unread_only else ""  # "2 unread only": the read ones are not listed
            title = f"{self.unread:,} unread{only} · {where}"  # the count first: a narrow pane cuts the name
        else:
            title = f"Inbox · {self.unread:,} unread"
        # what the border leaves (a corner and a space each side); before the first layout, all of it
        room = pane.outer_size.width - 4 if pane.outer_size.width > 8 else 200
        hint = hint_for(room, unread_only=listing.unread_only)
        subtitle = self.progress or (self._offline_age() if self.offline else hint)
        pane.set_title(fit_words(title, room), fit_words(subtitle, room))

    def on_resize(self) -> None:
        self.update_title()

    def _offline_age(self) -> str:
        from inkreader.sources.service import describe_age

        return f"Offline · refreshed {describe_age(self.newest_refresh)}"

    # -- reading the library (thread workers: a library busy with a refresh never freezes the keys) ---------
    @work(thread=True, exclusive=True, group="inbox-read", exit_on_error=False, description="Reading the inbox")
    def _load(self, request: Request) -> None:
        worker = get_current_worker()
        try:
            loaded = self._read(request)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        if not worker.is_cancelled:
            call_from_thread(self.app, self._apply, loaded, worker)

    def _read(self, request: Request) -> Loaded:
        sources = self.reader.sources
        every = sources.all()
        total = sources.store.unread_total()
        items: list[InboxItem] = []
        if request.mode == "items":
            items = sources.inbox(source=request.source, unread=request.unread_only, limit=ITEM_LIMIT)
        if request.mode == "next":
            return self._read_next(request, every, total)
        name = request.source if request.mode == "items" else None
        return Loaded(request, every, items, unread_count(every, name, total), total)

    def _read_next(self, request: Request, every: list[Source], total: int) -> Loaded:
        """n / N past the end of a source's unread items: the next source (in the list's order) with unread ones."""
        names = [source.name for source in every]
        if request.source in names:
            position = names.index(request.source)
        else:
            position = -1 if request.direction == 1 else len(names)
        if request.from_items and request.source is None:
            position = len(names) if request.direction == 1 else -1  # all sources were showing: nothing further
        index = position + request.direction
        while 0 <= index < len(every):
            source = every[index]
            if source.unread:
                items = self.reader.sources.inbox(source=source.name, unread=request.unread_only, limit=ITEM_LIMIT)
                found = replace(request, mode="items", source=source.name)
                return Loaded(found, every, items, source.unread, total)
            index += request.direction
        return Loaded(request, every, [], total, total)

    def _apply(self, loaded: Loaded, worker: Worker[None]) -> None:
        if worker.is_cancelled:
            return  # a newer read is on its way
        request, listing = loaded.request, self.listing
        self.newest_refresh = max((s.last_refresh for s in loaded.sources if s.last_refresh), default=None)
        if request.mode == "next":
            where = "after this one" if request.direction == 1 else "before this one"
            self.notify(f"No unread items {where}.", markup=False)
            self.update_title()
            return
        self.unread = loaded.unread
        if request.mode == "sources":
            listing.show_sources(loaded.sources, select=request.select, total=loaded.total)
        else:
            listing.show_items(request.source, loaded.items, request.keep)
            if request.direction:
                index = listing.unread_index(request.direction, None)
                if index is not None:
                    listing.highlighted = index
                    listing.scroll_to_highlight()
            if request.announce_empty and not loaded.items:
                if request.unread_only:
                    self.notify("No unread items here: U shows them all.", markup=False)
                else:
                    self.notify("No items yet: R refreshes the sources.", markup=False)
        self.update_title()

    # -- the list's messages -----------------------------------------------------------------------
    @on(InboxList.SourceChosen)
    def _source_chosen(self, message: InboxList.SourceChosen) -> None:
        message.stop()
        self._load(Request("items", message.name, unread_only=self.listing.unread_only, announce_empty=True))

    @on(InboxList.Up)
    def _up(self, message: InboxList.Up) -> None:
        message.stop()
        self._load(Request("sources", select=self.listing.source_name))
        self.pane.show_summary(None)

    @on(InboxList.NextUnread)
    def _next_unread(self, message: InboxList.NextUnread) -> None:
        message.stop()
        listing = self.listing
        from_items = listing.mode == "items"
        self._load(
            Request(
                "next",
                message.source,
                direction=message.direction,
                from_items=from_items,
                unread_only=listing.unread_only,
            )
        )

    @on(InboxList.UnreadOnly)
    def _unread_only(self, message: InboxList.UnreadOnly) -> None:
        message.stop()
        listing = self.listing
        listing.unread_only = not listing.unread_only
        self.notify("Only unread items." if listing.unread_only else "All items, read and unread.", markup=False)
        if listing.mode == "items":
            self._load(Request("items", listing.source_name, unread_only=listing.unread_only, announce_empty=True))
        else:
            self.update_title()

    @on(OptionList.OptionHighlighted, "#inbox-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option = event.option
        text = None
        if isinstance(option, ItemOption):
            text = option.item.summary
        elif isinstance(option, SourceOption) and option.source is not None and option.source.last_error:
            text = f"Last refresh failed: {option.source.last_error}"
        self.pane.show_summary(None, text)

    @on(OptionList.OptionSelected, "#inbox-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter is handled by InboxList.action_select

    @on(InboxList.MarkRead)
    def _mark(self, message: InboxList.MarkRead) -> None:
        message.stop()
        if message.whole_source:
            self._ask_source_read(message.source)
        elif message.item is not None:
            url, read = message.item.url, message.read
            self._set_read(url, read)  # at once on screen; the library follows in a thread
            self._write(lambda: self._mark_urls([url], read))

    def _ask_source_read(self, name: str | None) -> None:
        """M asks first: a whole source (or every one) read is not undone by a key."""
        from inkreader.tui.screens.dialogs import ConfirmScreen

        listing = self.listing
        unread = self.unread if listing.mode == "items" else source_unread(listing, name)
        where = clean_line(name) if name else "every source"
        if not unread:
            self.notify(f"Nothing unread in {where}.", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda: self._source_read(name, where))

        items = f"{unread:,} unread item{'s' if unread != 1 else ''}"
        self.app.push_screen(ConfirmScreen(f"Mark {items} read?", f"The items of {where}; there is no undo."), answer)

    def _source_read(self, name: str | None, where: str) -> str:
        changed = self.reader.sources.mark_source_read(name)
        return f"Marked {changed:,} item{'s' if changed != 1 else ''} of {where} read."

    def _set_read(self, url: str, read: bool) -> None:
        listing = self.listing
        if listing.mode != "items":
            return
        for index, option in enumerate(listing.options):
            if isinstance(option, ItemOption) and option.item.url == url and option.item.read != read:
                option.item.read = read
                listing.update_item(index, option.item)
                self.unread = max(0, self.unread + (-1 if read else 1))
        self.update_title()

    def page_read(self, url: str) -> None:
        """A page is on screen (opened from here or anywhere): its items read as read, in the library too."""
        self._set_read(url, True)
        self._write(lambda: self._mark_urls([url], True))

    def _mark_urls(self, urls: list[str], read: bool) -> None:
        self.reader.sources.mark_read(urls, read)

    def page_shown(self, article: Article, requested: str) -> None:
        """A page is on screen in the reading pane, from anywhere (the screen routes the controller's PageShown):
        its items read as read."""
        addresses = (requested, article.url, article.final_url, article.full_article_url)
        for url in dict.fromkeys(address for address in addresses if address):
            self.page_read(url)

    # -- writing to the library: in order, in a thread, then the list read again --------------------------
    def _write(self, change: Callable[[], str | None]) -> None:
        self._writes.append(change)
        if not self._writing:
            self._writing = True
            self._drain_writes()

    @work(thread=True, group="inbox-write", exit_on_error=False, description="Updating the inbox")
    def _drain_writes(self) -> None:
        try:
            while self._writes:
                change = self._writes.popleft()
                try:
                    said = change()
                except InkreaderError as error:
                    self.notify(str(error), severity="warning", markup=False)
                else:
                    if said:
                        self.notify(said, markup=False)
        finally:
            call_from_thread(self.app, self._writes_done)

    def _writes_done(self) -> None:
        if self._writes:  # queued after the thread last looked
            self._drain_writes()
            return
        self._writing = False
        if self.display:
            self.reload()

    # -- opening -----------------------------------------------------------------------------------
    @on(InboxList.OpenItem)
    def _open_item(self, message: InboxList.OpenItem) -> None:
        """The reading controller opens it, as any page (keys typed meanwhile are held); the focus stays here,
        so the next item is one key away. The item reads as read once the page is shown (page_shown)."""
        message.stop()
        self.post_message(OpenLocation(message.item.url, inbox_item=True, move_focus=False))

    # -- refreshing --------------------------------------------------------------------------------
    def start_refresh(self, *, automatic: bool = False) -> None:
        if self.offline:
            if not automatic:
                self.notify("Offline: refreshing the sources needs the network.", severity="warning", markup=False)
            return
        if self.refreshing:
            if not automatic:
                self.notify("Already refreshing the sources.", markup=False)
            return
        self._refresh(automatic)

    def refresh_if_due(self, max_age_seconds: float) -> None:
        """On start: refresh in the background when the last refresh is older than the setting."""
        if not self.offline:
            self._refresh_if_due(max_age_seconds)

    @work(group="sources-due", exit_on_error=False, description="Checking when the sources were refreshed")
    async def _refresh_if_due(self, max_age_seconds: float) -> None:
        try:
            due = await asyncio.to_thread(self.reader.sources.refresh_due, max_age_seconds)
        except InkreaderError:
            return
        if due:
            self.start_refresh(automatic=True)

    @work(exclusive=True, group="sources-refresh", exit_on_error=False, description="Refreshing sources")
    async def _refresh(self, automatic: bool) -> None:
        self.refreshing = True
        try:
            try:
                total = len(await asyncio.to_thread(self.reader.sources.all))
            except InkreaderError as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            if not total:
                if not automatic:
                    self.notify("No sources yet: add some with 'inkreader sources add URL'.", markup=False)
                return
            if not automatic:  # R says what it does at once, wherever the focus is (the pane may be hidden)
                self.notify(f"Refreshing {total} source{'s' if total != 1 else ''} in the background…", markup=False)
            self._progress(f"Refreshing 0/{total}…")
            report = await self.reader.sources.refresh(progress=self._on_progress)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("refreshing sources failed")
            self.notify("Refreshing the sources went wrong (details in the log).", severity="error", markup=False)
            return
        finally:
            self.refreshing = False
            self._progress("")
        self._announce(report)
        if self.display:
            self.reload()

    def _on_progress(self, done: int, total: int, result: SourceResult) -> None:
        self._progress(f"Refreshing {done}/{total}…")

    def _progress(self, text: str) -> None:
        self.progress = text
        if self.display:
            self.update_title()

    def _announce(self, report: RefreshReport) -> None:
        fresh = [result for result in report.results if result.new]
        if fresh:
            parts = ", ".join(f"{clean_line(result.name)} {result.new}" for result in fresh[:4])
            more = f" and {len(fresh) - 4} more" if len(fresh) > 4 else ""
            self.notify(
                f"{report.new} new in the inbox (i): {parts}{more}.", title="Sources refreshed", markup=False, timeout=8
            )
        elif not report.failures:
            self.notify("Sources refreshed: nothing new.", markup=False)
        if report.failures:
            first = report.failures[0]
            self.notify(
                f"{len(report.failures)} source{'s' if len(report.failures) != 1 else ''} failed; "
                f"{clean_line(first.name)}: {clean_line(first.error)}",
                severity="warning",
                markup=False,
                timeout=10,
            )
