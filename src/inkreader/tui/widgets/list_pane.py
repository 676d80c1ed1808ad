"""The list pane: one of the related items, the contents, the highlights or the inbox, with the highlighted
item's summary below. One reactive, ``mode``, says which: a ContentSwitcher shows that pane and the pane's
title follows (the screen titles the related items and the contents; the inbox and the highlights title
themselves through :meth:`ListPane.set_title`)."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from inkreader.tui.widgets.fields import fit_words
from inkreader.tui.widgets.format import plain_block
from inkreader.tui.widgets.related_list import RelatedList, RelatedOption

ListMode = Literal["related", "contents", "highlights", "inbox"]


class ListPane(Vertical):
    mode: reactive[ListMode] = reactive("related", bindings=True, init=False, repaint=False)
    """Which list the pane shows."""

    def __init__(self, related: RelatedList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.related = related
        self._titles = ("", "")

    def on_resize(self) -> None:
        self.set_title(*self._titles)  # cut again to the new width

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="related", id="list-switcher"):
            yield self.related
        yield Static(id="item-summary", markup=False)

    async def add_panes(self, *panes: Widget) -> None:
        """Mount the panes the first frame does not show (hidden until their mode is chosen)."""
        for pane in panes:
            pane.display = False
        await self.query_one(ContentSwitcher).mount(*panes)

    def watch_mode(self, mode: ListMode) -> None:
        self.query_one(ContentSwitcher).current = mode
        if mode == "related":
            self.show_summary(self.related.highlighted_option)
        else:
            self.show_summary(None)

    def focus_list(self) -> None:
        """Focus the list shown (the inbox's list, not the inbox itself)."""
        shown = self.query_one(ContentSwitcher).visible_content
        if shown is not None:
            lists = [shown] if shown.can_focus else list(shown.query("OptionList"))
            if lists:
                self.screen.set_focus(lists[0])

    def show_summary(self, option: object, text: str | None = None) -> None:
        """The summary of a related item (``option``) or ``text`` under the list; hidden when there is none."""
        summary = self.query_one("#item-summary", Static)
        if isinstance(option, RelatedOption):
            text = option.item.summary
        if text:
            summary.update(plain_block(text))
            summary.display = True
        else:
            summary.display = False

    def set_title(self, title: str, subtitle: str) -> None:
        """The pane's border title and subtitle, cut between words to what the border leaves (a corner and a
        space each side), never mid-word as the border itself cuts."""
        self._titles = (title, subtitle)
        room = self.outer_size.width - 4
        if room > 4:
            title, subtitle = fit_words(title, room), fit_words(subtitle, room)
        # setting a border title repaints the whole pane, even to the same words (1-2 ms of a page switch)
        if self.border_title != title:
            self.border_title = title
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle
