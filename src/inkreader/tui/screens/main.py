"""The main screen: the list pane (related items, contents, highlights, inbox) beside the reading pane.

It composes and routes: keys and the panes' messages come in and go to the one that acts. The page life cycle
(open, back, forward, reload, held keys, the body render) is the :class:`ReadingController`'s; the list pane's
mode is :class:`ListPane`'s; find-in-page lives in :class:`FindBar`, link-number entry in
:class:`LinkNumberEntry`, the contents in :class:`ContentsList`. Panes post :class:`OpenLocation`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Input, OptionList

from inkreader.model import Article
from inkreader.text import clean_line
from inkreader.tui.annotations import AnnotationController
from inkreader.tui.commands import (
    ALWAYS_AVAILABLE,
    LIST_MOVES,
    ORDERED_BINDINGS,
    TYPING_ACTIONS,
    MainCommands,
    command_bindings,
)
from inkreader.tui.controller import ReadingController
from inkreader.tui.keyseq import NumberEntry, Target
from inkreader.tui.link_router import LinkRouter
from inkreader.tui.messages import OpenLocation
from inkreader.tui.mouse_select import MouseSelect
from inkreader.tui.widgets.article_view import ArticleView
from inkreader.tui.widgets.footer import ReaderFooter
from inkreader.tui.widgets.header import COMPACT_BELOW_ROWS
from inkreader.tui.widgets.list_pane import ListMode, ListPane
from inkreader.tui.widgets.number_entry import LinkNumberEntry
from inkreader.tui.widgets.related_list import RelatedList, RelatedOption

if TYPE_CHECKING:
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.screens.library import LibraryScreen
    from inkreader.tui.widgets.contents import ContentsList
    from inkreader.tui.widgets.findbar import FindBar
    from inkreader.tui.widgets.highlight_list import HighlightList
    from inkreader.tui.widgets.inbox_pane import InboxPane

# The screens pushed on a key (library, dialogs, help, link list), the link rules and the browser launcher are
# imported where they are first used: the first frame needs none of them (tests/test_architecture.py).

log = logging.getLogger(__name__)

LINK_LIST_READY_AFTER = 1.0  # seconds after start: the link list dialog is composed ahead of the first u


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = command_bindings() + ORDERED_BINDINGS
    COMMANDS = {MainCommands}

    finding = reactive(False, bindings=True, init=False, repaint=False)
    """The find bar is open."""

    def __init__(self, start_url: str | None = None) -> None:
        super().__init__()
        self.start_url = start_url
        self.view = ArticleView(id="reading-pane")
        self.related = RelatedList(id="related")
        self.number_prompt = LinkNumberEntry(id="key-hint")
        self.list_pane = ListPane(self.related, id="list-pane")
        self.controller = ReadingController(self.view, self.related, self.number_prompt)
        self.links = LinkRouter(self.controller, self.view, self.number_prompt)
        self.annotations = AnnotationController(self.view, self.controller, self.list_pane)
        self._panes_mounting: list[AwaitMount] | None = None
        self._panes_in = False

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # the contents, highlights, inbox and find bar are mounted after the first frame (panes_ready)
        with Horizontal(id="panes"):
            yield self.list_pane
            yield self.view
        yield self.controller
        yield self.annotations
        with Vertical(id="bars"):  # over the panes' bottom border, above the footer (see the .tcss)
            yield self.number_prompt
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

            panes = (ContentsList(id="contents"), HighlightList(id="highlights"), InboxPane(id="inbox"))
            self._panes_mounting = [
                self.list_pane.add_panes(*panes),  # type: ignore[list-item]
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
    def contents(self) -> ContentsList:
        """Mounted after the first frame (panes_ready), as the find bar, the highlights and the inbox are."""
        from inkreader.tui.widgets.contents import ContentsList

        return self.query_one("#contents", ContentsList)

    @property
    def find_bar(self) -> FindBar:
        from inkreader.tui.widgets.findbar import FindBar

        return self.query_one("#find-bar", FindBar)

    @property
    def number_entry(self) -> NumberEntry:
        """The digits typed so far (the state machine behind the hint)."""
        return self.number_prompt.entry

    # -- the controller's state, as the keys and the panes see it ----------------------------------------
    @property
    def article(self) -> Article | None:
        return self.controller.article

    def open_location(self, url: str, remember: bool = True, *, initial: bool = False, move_focus: bool = True) -> None:
        self.controller.open(url, remember, initial=initial, move_focus=move_focus)

    @property
    def showing_contents(self) -> bool:
        return self.list_pane.mode == "contents"

    @property
    def showing_highlights(self) -> bool:
        return self.list_pane.mode == "highlights"

    async def on_mount(self) -> None:
        self.watch(self.controller, "article", self._article_changed, init=False)
        self.watch(self.controller, "showing_summary", self._summary_toggled, init=False)
        self.watch(self.controller, "next_url", self.update_list_title, init=False)
        self.watch(self.list_pane, "mode", self._list_mode_changed, init=False)
        self.update_list_title()
        self.call_after_refresh(self.panes_ready)
        self.set_timer(LINK_LIST_READY_AFTER, self.links.prepare_list)
        if self.start_url:
            self.open_location(self.start_url, initial=True)  # the sources check waits for it (StartSettled)
            if self.ink_app.offline:
                await self.controller.wait_for_first_screen()
        else:
            self.view.show_message("inkreader", "Press **g** to go to a web address, **L** for your library.")
            self.call_after_refresh(self._refresh_sources_if_due)

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal gets the compact header and a shorter item summary: rows go to the text and cards.
        compact = event.size.height < COMPACT_BELOW_ROWS
        self.query_one("#item-summary").styles.max_height = 3 if compact else "25%"
        if self.article is not None:
            self.view.show_header(self.article, showing_summary=self.controller.showing_summary)

    # -- state watchers -----------------------------------------------------------------------------
    def _article_changed(self, article: Article | None) -> None:
        """A new page: the list pane goes back to its items and the find bar closes, in the switch's frame."""
        self.app.sub_title = clean_line(article.title) if article is not None else ""
        self.finding = False
        if self.list_pane.mode in ("contents", "highlights"):
            self.list_pane.mode = "related"
        self.update_list_title()

    def _summary_toggled(self, showing_summary: bool) -> None:
        if self.article is not None:
            self.view.show_header(self.article, showing_summary=showing_summary)

    def _list_mode_changed(self, mode: ListMode) -> None:
        self.update_list_title()

    def watch_finding(self, finding: bool) -> None:
        if finding:
            self.find_bar.open()
        else:
            self.find_bar.close()

    def update_list_title(self) -> None:
        """The related items' and the contents' titles (the inbox and the highlights title themselves)."""
        mode = self.list_pane.mode
        if mode not in ("related", "contents"):
            return
        article = self.article
        count = self.related.option_count
        more = "n: more" if self.controller.next_url else ""
        if mode == "contents":
            title, subtitle = f"Contents · {len(self.contents.headings)}", "t / Esc: back to the list"
        elif article is None:
            title, subtitle = "Pieces", ""
        elif article.kind == "listing":
            title, subtitle = f"Listing · {count}", more
        else:
            title, subtitle = (f"Related · {count}" if count else "Related · none"), more
        self.list_pane.set_title(title, subtitle)

    @on(ReadingController.StartSettled)
    def _start_settled(self) -> None:
        self.call_after_refresh(self._refresh_sources_if_due)

    @on(ReadingController.BodyRendering)
    def _body_rendering(self, event: ReadingController.BodyRendering) -> None:
        self.annotations.load_highlights(
            event.rendering, event.markdown
        )  # read while the body is read in, painted once it is

    @on(OpenLocation)
    def _open_location(self, event: OpenLocation) -> None:
        event.stop()
        self.controller.open(event.url, event.remember, inbox_item=event.inbox_item, move_focus=event.move_focus)

    @on(ReadingController.PageShown)
    def _page_shown(self, event: ReadingController.PageShown) -> None:
        from inkreader.tui.widgets.inbox_pane import InboxPane

        for inbox in self.query("#inbox").results(InboxPane):  # its items of the piece read as read
            inbox.page_shown(event.article, event.requested)

    # -- list pane ---------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#related")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, RelatedOption):  # a click (Enter is the "enter" action)
            self.open_location(event.option.item.url)

    @on(OptionList.OptionHighlighted, "#related")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.list_pane.mode == "related":
            self.list_pane.show_summary(event.option)

    @on(RelatedList.EndReached)
    def _end_reached(self) -> None:
        if self.controller.next_url and not self.controller.loading_more:
            self.controller.next_page()

    # -- reading pane ------------------------------------------------------------------------------
    @on(ArticleView.LinkClicked)
    def _link_clicked(self, event: ArticleView.LinkClicked) -> None:
        event.stop()
        self._follow_href(event.href)

    def _follow_href(self, href: str) -> None:
        self.links.follow(href)

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
            # adding it to the footer laid the footer out again in the page switch's frame
            return True if self.controller.history.can_go_back or self.view.jumps else None
        if action == "forward":
            return True if self.controller.history.can_go_forward else None
        if action == "list_move":
            return isinstance(self.focused, OptionList)  # the related items, the contents, the inbox
        if action == "enter":
            return self.number_entry.active or isinstance(self.focused, RelatedList)
        if action in ("visual_save", "visual_cancel", "copy_selection", "cite_selection"):
            return self.view.selection is not None  # else Enter, n, y and Esc go on to whoever else binds them
        if action == "copy_url" and self.view.selection is not None:
            return False  # y copies the selection
        if action == "next_page":
            if self.view.selection is not None:
                return False  # n saves the visual-mode selection with a note
            return True if self.controller.next_url or self.finding else None
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
        # come before it (ReadingController.hold_key)
        focused = self.focused
        if focused is not None and self.list_pane in focused.ancestors_with_self:
            self.view.focus_text()
        else:  # the list the pane shows: the related items, the contents, the highlights or the inbox
            self.list_pane.focus_list()

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
        self.controller.back()

    def action_forward(self) -> None:
        self.controller.forward()

    def action_toggle_full(self) -> None:
        article = self.article
        if article is None:
            return
        if article.followed and article.summary_markdown:
            self.finding = False
            self.controller.toggle_summary()
        elif article.full_article_url and not article.followed:
            self.open_location(article.full_article_url)
        elif article.pdf_url and article.pdf_url != article.url:  # a report page with its text as a PDF
            self.finding = False
            self.controller.show_report_pdf()
        elif not article.outlet and not article.full_article_url:
            self.notify(
                "This piece was published here, not by an outside outlet: there is no other text.", markup=False
            )
        else:
            self.notify("This piece has no separate full text.", markup=False)

    def action_library(self) -> None:
        from inkreader.tui.screens.library import LibraryScreen

        self._leave_for(LibraryScreen(self.reader))

    def action_search(self) -> None:
        from inkreader.tui.screens.library import LibraryScreen

        self._leave_for(LibraryScreen(self.reader, search=True))

    def _leave_for(self, screen: LibraryScreen) -> None:
        self.controller.keep_position()
        self.app.push_screen(screen, self.controller.open_chosen)

    def action_goto(self) -> None:
        from inkreader.tui.screens.dialogs import GotoScreen

        self.app.push_screen(GotoScreen(), self.links.go_to)

    def action_reload(self) -> None:
        self.controller.reload()

    def action_next_page(self) -> None:
        if self.finding:
            self.find_bar.step(1)
            return
        self.controller.next_page()

    def action_browser(self) -> None:
        if self.article is not None:
            self.links.open_in_browser(self.article.url)

    def action_copy_url(self) -> None:
        if self.article is not None:
            self.notify(self.ink_app.copy_text(self.article.url, "the address"), markup=False, timeout=10)

    # -- numbered links and notes --------------------------------------------------------------------
    def _typing_allowed(self) -> bool:
        return self.article is not None and not isinstance(self.focused, Input)

    def action_digit(self, digit: str) -> None:
        if not self.number_entry.active and not self.links.start_number(Target.FOLLOW):
            return
        self.number_prompt.digit(digit)

    def action_escape(self) -> None:
        if self.number_entry.active:
            self.number_prompt.cancel()
        elif self.finding:
            self.finding = False
            self.view.focus_text()

    def action_link_to_browser(self) -> None:
        self.links.start_number(Target.BROWSER)

    def action_copy_link(self) -> None:
        self.links.start_number(Target.COPY)

    def action_go_to_note(self) -> None:
        self.links.start_number(Target.NOTE)

    def action_go_to_page(self) -> None:
        self.links.start_number(Target.PAGE)

    @on(LinkNumberEntry.Chosen)
    def _number_chosen(self, event: LinkNumberEntry.Chosen) -> None:
        event.stop()
        try:
            self.links.run_number(event.committed.target, event.committed.number)
        finally:
            self.number_prompt.pending = False
            self.controller.release_keys()

    def action_links(self) -> None:
        self.links.show_list()

    # -- highlights, notes, tags, citations, saving: the annotation controller's -----------------------
    def action_visual(self) -> None:
        self.annotations.visual()

    def action_visual_cancel(self) -> None:
        self.annotations.visual_cancel()

    def action_visual_save(self, with_note: bool = False) -> None:
        self.annotations.visual_save(with_note)

    def action_copy_selection(self) -> None:
        self.annotations.copy_selection()

    async def action_highlights(self) -> None:
        await self.panes_ready()
        await self.annotations.highlights()

    def action_toggle_save(self) -> None:
        self.annotations.toggle_save()

    def action_tags(self) -> None:
        self.annotations.tags()

    def action_cite(self) -> None:
        if self.view.selection is not None:  # the screen's c comes first: with a selection it cites the quote
            self.annotations.cite_selection()
        else:
            self.annotations.cite()

    def action_cite_selection(self) -> None:
        self.annotations.cite_selection()

    @on(MouseSelect.Pressed)
    def _mouse_pressed(self, event: MouseSelect.Pressed) -> None:
        self.annotations.mouse_pressed(event)

    @on(MouseSelect.Selected)
    def _mouse_selected(self, event: MouseSelect.Selected) -> None:
        self.annotations.mouse_selected(event)

    def on_highlight_list_closed(self, event: HighlightList.Closed) -> None:
        self.annotations.highlight_list_closed(event)

    def on_highlight_list_chosen(self, event: HighlightList.Chosen) -> None:
        self.annotations.highlight_chosen(event)

    def on_highlight_list_edit_note(self, event: HighlightList.EditNote) -> None:
        self.annotations.edit_note(event)

    def on_highlight_list_delete(self, event: HighlightList.Delete) -> None:
        self.annotations.delete_asking(event)

    # -- contents ------------------------------------------------------------------------------------
    async def action_contents(self) -> None:
        """Show the headings in the list pane (or go back to the list when they are showing)."""
        await self.panes_ready()
        if self.showing_contents:
            self.list_pane.mode = "related"
            self.related.focus()
            return
        view = self.view
        headings = view.outline()
        if not headings:
            self.notify("This page has no headings.", markup=False)
            return
        self.contents.show_headings(headings, view.current_heading())
        self.list_pane.mode = "contents"
        self.contents.focus()

    def on_contents_list_closed(self) -> None:
        self.list_pane.mode = "related"
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

    def action_find_previous(self) -> None:
        if self.finding:
            self.find_bar.step(-1)

    def action_help(self) -> None:
        from inkreader.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit(0)  # the reading position is kept on the way out (InkReaderApp.on_unmount)
