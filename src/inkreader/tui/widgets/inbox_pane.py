"""The inbox in the list pane, and the background refresh of sources.

``i`` shows it in place of the related items (``i`` again goes back to them); Enter on a source lists its items,
Enter on an item posts :class:`OpenLocation` (the reading controller opens it as any page, holding the keys
typed meanwhile) and the item is marked read. Refresh runs as a worker: the list, the reading pane and every
key stay live meanwhile; the pane's subtitle shows progress and a notification says what is new.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList

from inkreader.errors import InkreaderError
from inkreader.model import RefreshReport, SourceResult
from inkreader.text import clean_line
from inkreader.tui.messages import OpenLocation
from inkreader.tui.widgets.inbox_list import ITEM_LIMIT, InboxList, ItemOption, SourceOption
from inkreader.tui.widgets.list_pane import ListPane

if TYPE_CHECKING:
    from inkreader.reader import Reader

log = logging.getLogger(__name__)

HINT = "Enter open · m read/unread · M all read · R refresh · i back"


class InboxPane(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.refreshing = False
        self.progress = ""

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
        """Read the sources (or the items showing) again from the library."""
        listing = self.listing
        try:
            if listing.mode == "items":
                items = self.reader.sources.inbox(source=listing.source_name, limit=ITEM_LIMIT)
                listing.show_items(listing.source_name, items, listing.highlighted if keep_place else None)
            else:
                selected = listing.highlighted_source
                name = selected.source.name if selected and selected.source else None
                listing.show_sources(self.reader.sources.all(), select=name)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
        self.update_title()

    def update_title(self) -> None:
        if not self.display:
            return
        listing = self.listing
        if listing.mode == "items":
            unread = sum(1 for option in listing.options if isinstance(option, ItemOption) and not option.item.read)
            where = clean_line(listing.source_name) if listing.source_name else "All sources"
            title = f"{unread} unread · {where}"  # the count first: a narrow pane cuts the name
        else:
            first = listing.options[0] if listing.option_count else None
            unread = first.unread if isinstance(first, SourceOption) else 0
            title = f"Inbox · {unread} unread"
        self.pane.set_title(title, self.progress or (self._offline_age() if self.offline else HINT))

    def _offline_age(self) -> str:
        from inkreader.sources.service import describe_age

        try:
            newest = max((s.last_refresh for s in self.reader.sources.all() if s.last_refresh), default=None)
        except InkreaderError:
            return "Offline"
        return f"Offline · refreshed {describe_age(newest)}"

    # -- the list's messages -----------------------------------------------------------------------
    @on(InboxList.SourceChosen)
    def _source_chosen(self, message: InboxList.SourceChosen) -> None:
        message.stop()
        try:
            items = self.reader.sources.inbox(source=message.name, limit=ITEM_LIMIT)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.listing.show_items(message.name, items)
        if not items:
            self.notify("No items yet: R refreshes the sources.", markup=False)
        self.update_title()

    @on(InboxList.Up)
    def _up(self, message: InboxList.Up) -> None:
        message.stop()
        name = self.listing.source_name
        try:
            self.listing.show_sources(self.reader.sources.all(), select=name)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
        self.pane.show_summary(None)
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
        sources = self.reader.sources
        try:
            if message.whole_source:
                changed = sources.mark_source_read(message.source)
                where = clean_line(message.source) if message.source else "every source"
                self.notify(f"Marked {changed} item{'s' if changed != 1 else ''} of {where} read.", markup=False)
                self.reload()
            elif message.item is not None:
                sources.mark_read([message.item.url], message.read)
                self._set_read(message.item.url, message.read)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)

    def _set_read(self, url: str, read: bool) -> None:
        listing = self.listing
        if listing.mode != "items":
            return
        for index, option in enumerate(listing.options):
            if isinstance(option, ItemOption) and option.item.url == url and option.item.read != read:
                option.item.read = read
                listing.update_item(index, option.item)
        self.update_title()

    # -- opening -----------------------------------------------------------------------------------
    @on(InboxList.OpenItem)
    def _open_item(self, message: InboxList.OpenItem) -> None:
        message.stop()
        self.post_message(OpenLocation(message.item.url, inbox_item=True, move_focus=False))

    def page_read(self, url: str) -> None:
        """A page is on screen (opened from here or anywhere): its item reads as read."""
        self._set_read(url, True)

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
        if self.offline:
            return
        try:
            due = self.reader.sources.refresh_due(max_age_seconds)
        except InkreaderError:
            return
        if due:
            self.start_refresh(automatic=True)

    @work(exclusive=True, group="sources-refresh", exit_on_error=False, description="Refreshing sources")
    async def _refresh(self, automatic: bool) -> None:
        self.refreshing = True
        try:
            try:
                total = len(self.reader.sources.all())
            except InkreaderError as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            if not total:
                if not automatic:
                    self.notify("No sources yet: add some with 'inkreader sources add URL'.", markup=False)
                return
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
