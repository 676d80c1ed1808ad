"""The main screen: the list pane (cards / related items) beside the reading pane.

Every page load is an exclusive async worker in the "open" group, so a newer request cancels an older one and
the UI never waits on the network. Errors become one-line notifications, never tracebacks.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import get_current_worker

from inkreader.errors import InkreaderError, NetworkUnavailable, NotInLibrary
from inkreader.model import Article
from inkreader.text import clean_line
from inkreader.tui.commands import MainCommands, command_bindings
from inkreader.tui.history import History
from inkreader.tui.keyseq import Committed, NumberEntry, Target
from inkreader.tui.linknumbers import note_numbers
from inkreader.tui.links import LinkAction, classify_link
from inkreader.tui.messages import OpenLocation
from inkreader.tui.screens.dialogs import ConfirmScreen, GotoScreen
from inkreader.tui.screens.help import HelpScreen
from inkreader.tui.screens.library import LibraryScreen
from inkreader.tui.screens.navigation import ContentsList, LinkListScreen
from inkreader.tui.widgets.article_view import ArticleView
from inkreader.tui.widgets.findbar import FindBar, FindInput, KeyHint
from inkreader.tui.widgets.format import plain_block
from inkreader.tui.widgets.related_list import RelatedList, RelatedOption

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong while opening that page (details in the log)."
ALWAYS_AVAILABLE = {"switch_pane", "goto", "library", "search", "help", "quit"}
NUMBER_PAUSE = 1.2  # seconds after the last digit before a number that could still grow is taken as typed

# Typing a link number: priority bindings, so digits and Enter/Escape reach the number entry from either pane
# (check_action lets them fall through to the focused widget when no number is being typed or an Input has focus).
NUMBER_BINDINGS = [
    *(Binding(digit, f"digit('{digit}')", show=False, priority=True) for digit in "0123456789"),
    Binding("enter", "commit_number", show=False, priority=True),
    Binding("escape", "escape", show=False, priority=True),
]


@dataclass(frozen=True, slots=True)
class Place:
    highlighted: int | None
    scroll_y: float


class MainScreen(Screen[None]):
    BINDINGS = command_bindings() + NUMBER_BINDINGS
    COMMANDS = {MainCommands}

    def __init__(self, start_url: str | None = None) -> None:
        super().__init__()
        self.start_url = start_url
        self.history = History()
        self.article: Article | None = None
        self.showing_summary = False
        self.next_url: str | None = None
        self.loading_more = False
        self.number_entry = NumberEntry()
        self._number_timer: Timer | None = None
        self.places: dict[str, Place] = {}
        """Where the reader was on each page visited (highlighted item, scroll): back/forward return there."""

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield RelatedList(id="related")
                yield ContentsList(id="contents")
                yield Static(id="item-summary", markup=False)
            yield ArticleView(id="reading-pane")
        yield KeyHint(id="key-hint", markup=False)
        yield FindBar(id="find-bar")
        yield Footer()

    @property
    def reader(self):
        return self.app.reader

    @property
    def related(self) -> RelatedList:
        return self.query_one(RelatedList)

    @property
    def contents(self) -> ContentsList:
        return self.query_one(ContentsList)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.query_one("#list-pane").border_title = "Pieces"
        self.query_one("#item-summary").display = False
        self.query_one(KeyHint).display = False
        self.contents.display = False
        self.query_one(FindBar).display = False
        if self.start_url:
            self.open_location(self.start_url, initial=True)
        else:
            self.view.show_message("inkreader", "Press **g** to go to a web address, **L** for your library.")

    # -- loading -----------------------------------------------------------------------------------
    @work(exclusive=True, group="open", exit_on_error=False, description="Opening a page")
    async def open_location(self, url: str, remember: bool = True, *, initial: bool = False) -> None:
        view = self.view
        view.loading = True
        try:
            article = await self.reader.open(url, offline=self.app.offline or None)
        except InkreaderError as error:
            self._clear_loading()
            self.notify(str(error), severity="error", markup=False, timeout=8)
            if initial and isinstance(error, (NetworkUnavailable, NotInLibrary)):
                self._fall_back_to_library()
            elif self.article is None:
                view.show_message("Nothing to show", "Press **g** to go to a web address, **L** for your library.")
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("opening %s failed", url)
            self._clear_loading()
            self.notify(UNEXPECTED, severity="error", markup=False)
            return
        await self.show_article(article, remember=remember)

    def _clear_loading(self) -> None:
        # A cancelled (superseded) load must not hide the indicator of the load that replaced it.
        worker = get_current_worker()
        if not worker.is_cancelled:
            self.view.loading = False

    def _fall_back_to_library(self) -> None:
        self.view.show_message("Offline", "No network and no copy of the start page: here is your saved library.")
        self.notify("Offline: showing your saved library.", markup=False)
        notices, self.reader.notices = list(getattr(self.reader, "notices", [])), []
        for notice in notices:  # e.g. a damaged library moved aside: no article will carry it now
            self.notify(notice, severity="warning", markup=False, timeout=10)
        self.app.push_screen(LibraryScreen(self.reader), self._open_from_library)

    async def show_article(self, article: Article, *, remember: bool = True) -> None:
        """Put ``article`` on screen: list, header, then the body in pieces (the first screen first).

        ``remember=False`` (back, forward, reload) returns to the item and scroll position last seen there.
        """
        self.remember_position()
        self._remember_place()
        place = None if remember else self.places.get(article.url)
        self.article = article
        self.showing_summary = False
        if remember:
            self.history.visit(article.url)
        self.next_url = article.next_url
        self.loading_more = False
        self.related.show_items(article.related)
        self._close_contents()
        self._update_list_title()
        self.app.sub_title = clean_line(article.title)
        self.view.show_header(article)
        position = self._mark_opened(article)
        if place is not None and place.highlighted is not None and place.highlighted < self.related.option_count:
            self.related.highlighted = place.highlighted
            self.related.scroll_to_highlight(top=False)
        await self._render_body(position)
        if place is not None and place.scroll_y:
            self.call_after_refresh(self.view.scroller.scroll_to, y=place.scroll_y, animate=False, immediate=True)
        self.refresh_bindings()

    def _remember_place(self) -> None:
        article = self.article
        if article is not None:
            self.places[article.url] = Place(self.related.highlighted, self.view.scroller.scroll_y)

    def _body_markdown(self) -> str:
        article = self.article
        if article is None:
            return ""
        if self.showing_summary and article.summary_markdown:
            return article.summary_markdown
        if article.markdown.strip():
            return article.markdown
        if article.related:
            count = len(article.related)
            return f"*{count} item{'s' if count != 1 else ''} on this page: choose one on the left and press Enter.*"
        return "*This page has no readable text.*"

    def _body_links(self):
        """Article.links numbers the full text; the think-tank summary is numbered in its own order."""
        article = self.article
        if article is None or (self.showing_summary and article.summary_markdown):
            return ()
        return article.links

    async def _render_body(self, position: float | None = None) -> None:
        view = self.view
        self._close_find()
        await view.show_body(self._body_markdown(), self._body_links(), first_screen_shown=self._clear_loading)
        self._clear_loading()
        if position:
            self.call_after_refresh(view.scroller.scroll_to_fraction, position)

    def _mark_opened(self, article: Article) -> float | None:
        """Saved pieces: mark read and return the stored reading position."""
        try:
            if not self.reader.is_saved(article.url):
                return None
            library = self.reader.library
            position = library.get_position(article.url)
            library.mark_read(article.url)
            return position
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)
            return None

    def remember_position(self) -> None:
        """Store how far down the current (saved) piece the reader got."""
        article = self.article
        if article is None:
            return
        try:
            if self.reader.is_saved(article.url):
                self.reader.library.set_position(article.url, self.view.scroller.fraction)
        except InkreaderError as error:
            self.notify(str(error), severity="warning", markup=False)

    def _update_list_title(self) -> None:
        pane = self.query_one("#list-pane")
        article = self.article
        count = self.related.option_count
        if self.contents.display:
            pane.border_title = f"Contents · {len(self.contents.headings)}"
            pane.border_subtitle = "t / Esc: back to the list"
            return
        if article is not None and article.kind == "listing":
            pane.border_title = f"Listing · {count}"
        else:
            pane.border_title = f"Related · {count}" if count else "Related"
        pane.border_subtitle = "n: more" if self.next_url else ""

    # -- list pane ---------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#related")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, RelatedOption):
            self.open_location(event.option.item.url)

    @on(OptionList.OptionHighlighted, "#related")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        summary = self.query_one("#item-summary", Static)
        item = event.option.item if isinstance(event.option, RelatedOption) else None
        if item is not None and item.summary:
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
            page = await self.reader.open(url, offline=self.app.offline or None)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("loading %s failed", url)
            self.notify(UNEXPECTED, severity="error", markup=False)
            return
        finally:
            self.loading_more = False
        if self.next_url != url:  # the user moved on to another page meanwhile
            return
        known = {item.url for item in self.related.items}
        self.related.add_items(item for item in page.related if item.url not in known)
        self.next_url = page.next_url if page.next_url != url else None
        self._update_list_title()
        self.refresh_bindings()

    # -- reading pane ------------------------------------------------------------------------------
    @on(ArticleView.LinkClicked)
    def _link_clicked(self, event: ArticleView.LinkClicked) -> None:
        event.stop()
        self._follow_href(event.href)

    def _follow_href(self, href: str) -> None:
        """What clicking a link does, also for a link chosen by number or from the link list."""
        verdict = classify_link(href, self._base_url())
        if verdict.action is LinkAction.ANCHOR:
            if not self.view.goto_anchor(verdict.url):
                self.notify("That section is not in this page.", markup=False)
            self.refresh_bindings()
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
                self.app.open_url(url)

        self.app.push_screen(
            ConfirmScreen("This is not an article. Open it in your web browser?", url), answer
        )

    @on(OpenLocation)
    def _open_location_message(self, message: OpenLocation) -> None:
        message.stop()
        self.open_location(message.url, message.remember)

    def _open_from_library(self, url: str | None) -> None:
        if url:
            self.open_location(url)

    # -- actions (the command table in commands.py names these) ---------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ALWAYS_AVAILABLE or not hasattr(self, f"action_{action}"):
            return True
        if action == "back":
            return True if self.history.can_go_back or self.view.jumps else None
        if action == "forward":
            return True if self.history.can_go_forward else None
        if action == "next_page":
            return True if self.next_url or self.finding else None
        if action == "find_previous":
            return True if self.finding else None
        if action == "digit":
            return self._typing_allowed() and (self.number_entry.active or parameters[0] != "0")
        if action == "commit_number":
            return self.number_entry.active
        if action == "escape":
            return self.number_entry.active or self.finding
        if action == "toggle_full":
            article = self.article
            return True if article and (article.summary_markdown or article.full_article_url) else None
        return True if self.article is not None else None

    def action_switch_pane(self) -> None:
        if self.related.has_focus or self.contents.has_focus:
            self.view.focus_text()
        elif self.contents.display:
            self.contents.focus()
        else:
            self.related.focus()

    def action_back(self) -> None:
        if self.view.jump_back():
            return
        url = self.history.back()
        if url:
            self.open_location(url, remember=False)
        self.refresh_bindings()

    def action_forward(self) -> None:
        url = self.history.forward()
        if url:
            self.open_location(url, remember=False)
        self.refresh_bindings()

    async def action_toggle_full(self) -> None:
        article = self.article
        if article is None:
            return
        if article.followed and article.summary_markdown:
            self.showing_summary = not self.showing_summary
            self.view.show_header(article, showing_summary=self.showing_summary)
            self._rerender()
        elif article.full_article_url and not article.followed:
            self.open_location(article.full_article_url)
        else:
            self.notify("This piece has no separate full text.", markup=False)

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _rerender(self) -> None:
        await self._render_body()

    @work(exclusive=True, group="save", exit_on_error=False, description="Saving")
    async def action_toggle_save(self) -> None:
        article = self.article
        if article is None:
            return
        url = article.url
        try:
            if self.reader.is_saved(url):
                self.reader.unsave(url)
                self.notify("Removed from your library.", markup=False)
            else:
                await self.reader.save(url)
                self.notify("Saved for offline reading.", markup=False)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("saving %s failed", url)
            self.notify("Could not save that piece (details in the log).", severity="error", markup=False)

    def action_library(self) -> None:
        self.remember_position()
        self.app.push_screen(LibraryScreen(self.reader), self._open_from_library)

    def action_search(self) -> None:
        self.remember_position()
        self.app.push_screen(LibraryScreen(self.reader, search=True), self._open_from_library)

    def action_goto(self) -> None:
        self.app.push_screen(GotoScreen(), self._goto)

    def _goto(self, text: str | None) -> None:
        if not text:
            return
        if "://" not in text and not text.lower().startswith(("javascript:", "data:", "mailto:", "file:")):
            text = "https://" + text
        verdict = classify_link(text, None)
        if verdict.action is LinkAction.REFUSE:
            self.notify(verdict.reason, severity="warning", markup=False)
        elif verdict.action is LinkAction.BROWSER:
            self._offer_browser(verdict.url)
        else:
            self.open_location(verdict.url)

    @work(exclusive=True, group="open", exit_on_error=False, description="Reloading")
    async def action_reload(self) -> None:
        article = self.article
        if article is None:
            return
        try:
            fresh = await self.reader.revalidate(article.url)
        except InkreaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reloading %s failed", article.url)
            self.notify(UNEXPECTED, severity="error", markup=False)
            return
        if fresh is None:
            self.notify("No changes since the last visit.", markup=False)
            return
        self.notify("The page has changed: reloaded.", markup=False)
        await self.show_article(fresh, remember=False)

    def action_next_page(self) -> None:
        if self.finding:
            self._find_step(1)
            return
        if not self.next_url:
            self.notify("No further pages.", markup=False)
            return
        self.load_more(self.next_url)

    def action_browser(self) -> None:
        if self.article is not None:
            self.app.open_url(self.article.url)

    def action_copy_url(self) -> None:
        if self.article is not None:
            self.app.copy_to_clipboard(self.article.url)
            self.notify("Copied the address.", markup=False)

    # -- reading-pane navigation: numbered links, notes, contents, find ------------------------------------
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
        self.number_entry.start(target, limit)
        self._show_number_hint()
        return True

    def _show_number_hint(self) -> None:
        self.query_one(KeyHint).show(self.number_entry.hint)

    def _stop_number_timer(self) -> None:
        if self._number_timer is not None:
            self._number_timer.stop()
            self._number_timer = None

    def action_digit(self, digit: str) -> None:
        entry = self.number_entry
        if not entry.active and not self._start_number(Target.FOLLOW):
            return
        self._stop_number_timer()
        committed = entry.digit(digit)
        if committed is not None:
            self._run_number(committed)
            return
        self._show_number_hint()
        if entry.digits:
            self._number_timer = self.set_timer(NUMBER_PAUSE, self.action_commit_number)

    def action_commit_number(self) -> None:
        self._stop_number_timer()
        committed = self.number_entry.commit()
        self._show_number_hint()
        if committed is not None:
            self._run_number(committed)

    def action_escape(self) -> None:
        if self.number_entry.active:
            self._stop_number_timer()
            self.number_entry.cancel()
            self._show_number_hint()
        elif self.finding:
            self._close_find()
            self.view.focus_text()

    def action_link_to_browser(self) -> None:
        self._start_number(Target.BROWSER)

    def action_copy_link(self) -> None:
        self._start_number(Target.COPY)

    def action_go_to_note(self) -> None:
        self._start_number(Target.NOTE)

    def _run_number(self, committed: Committed) -> None:
        self._show_number_hint()
        number = committed.number
        if committed.target is Target.NOTE:
            if not self.view.goto_anchor(f"note-{number}"):
                self.notify(f"There is no note {number} in this page.", markup=False)
            self.refresh_bindings()
            return
        link = self.view.numbered.get(number)
        if link is None:
            self.notify(f"There is no link {number} in this page.", markup=False)
        elif committed.target is Target.FOLLOW:
            self._follow_href(link.url)
        elif committed.target is Target.BROWSER:
            self.app.open_url(link.url)
            self.notify(f"Opening link {number} in your browser.", markup=False)
        else:
            self.app.copy_to_clipboard(link.url)
            self.notify(f"Copied link {number}: {link.url}", markup=False)

    def action_links(self) -> None:
        links = self.view.numbered.links
        if not links:
            self.notify("This page has no links.", markup=False)
            return

        def chosen(link) -> None:
            if link is not None:
                self._follow_href(link.url)

        self.app.push_screen(LinkListScreen(links), chosen)

    def action_contents(self) -> None:
        """Show the headings in the list pane (or go back to the list when they are showing)."""
        if self.contents.display:
            self._close_contents()
            self.related.focus()
            return
        view = self.view
        headings = view.outline()
        if not headings:
            self.notify("This page has no headings.", markup=False)
            return
        contents = self.contents
        contents.show_headings(headings, view.current_heading())
        self.related.display = False
        self.query_one("#item-summary").display = False
        contents.display = True
        contents.focus()
        self._update_list_title()

    def _close_contents(self) -> None:
        contents = self.contents
        if not contents.display:
            return
        contents.display = False
        self.related.display = True
        self._update_list_title()

    @on(ContentsList.Closed)
    def _contents_closed(self) -> None:
        self._close_contents()
        self.related.focus()

    @on(OptionList.OptionSelected, "#contents")
    def _heading_selected(self, event: OptionList.OptionSelected) -> None:
        heading = getattr(event.option, "heading", None)
        if heading is not None and self.view.jump_to(heading.block_id):
            self.view.focus_text()  # read on from there; the contents stay, tracking the section
            self.refresh_bindings()

    @on(ArticleView.SectionChanged)
    def _section_changed(self, event: ArticleView.SectionChanged) -> None:
        if self.contents.display:
            self.contents.mark_current(event.heading)

    @property
    def finding(self) -> bool:
        bars = self.query(FindBar)
        return bool(bars and bars.first().display)

    def action_find(self) -> None:
        bar = self.query_one(FindBar)
        bar.display = True
        bar.input.focus()
        self._show_find_count()
        self.refresh_bindings()

    def _show_find_count(self) -> None:
        view = self.view
        self.query_one(FindBar).show_count(view.match_index, len(view.matches), view.find_query)

    @on(ArticleView.FindUpdated)
    def _find_updated(self) -> None:
        self._show_find_count()  # the rest of a long body came in: the count is over the whole text now

    @on(Input.Changed, "#find-input")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.view.find(event.value)
        self._show_find_count()

    @on(Input.Submitted, "#find-input")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.view.matches:
            self.view.focus_text()  # n / N now move between matches
        self._show_find_count()

    @on(FindInput.Closed)
    def _find_closed(self) -> None:
        self._close_find()
        self.view.focus_text()

    def _close_find(self) -> None:
        bar = self.query_one(FindBar)
        if bar.display:
            bar.display = False
            self.refresh_bindings()
        self.view.clear_find()

    def _find_step(self, delta: int) -> None:
        self.view.find_step(delta)
        self._show_find_count()

    def action_find_previous(self) -> None:
        if self.finding:
            self._find_step(-1)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.remember_position()
        self.app.exit(0)

