"""The reading pane: a header of plain-text metadata above ``VerticalScroll > Markdown(open_links=False)``."""

from __future__ import annotations

import asyncio
import gc
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rich.text import Text
from textual._slug import TrackedSlugs, slug
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownBlock, MarkdownFence, MarkdownHeader

from inkreader.model import Article, Link
from inkreader.text import clean_text
from inkreader.tui.chunks import split_for_display
from inkreader.tui.linknumbers import NumberedDocument, number_links
from inkreader.tui.widgets.format import display_date, plain
from inkreader.tui.widgets.header import COMPACT_BELOW_ROWS, header_text

# "#### Note 12" headings exist so endnote markers (links to "#note-12", the heading's slug) can jump to them;
# the contents show "Notes" once instead. Matched on the slug: the widgets' own ids are Textual's "block…".
_NOTE_SLUG = re.compile(r"^note-\d+$")


def is_note_heading(label: str) -> bool:
    return bool(_NOTE_SLUG.match(slug(label)))


class ArticleScroll(VerticalScroll, can_focus=False):
    """The scrolling part of the reading pane. Not focusable: see :class:`ReaderKeys`."""

    @property
    def fraction(self) -> float:
        """How far down the reader is, 0..1 (what the library stores as the reading position)."""
        if self.max_scroll_y <= 0:
            return 0.0
        return max(0.0, min(1.0, self.scroll_y / self.max_scroll_y))

    def scroll_to_fraction(self, fraction: float) -> None:
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False, immediate=True)


class ReaderKeys(Widget, can_focus=True):
    """What has focus when the reading pane has it: a zero-size widget holding the pane's keys.

    Why not the scroller itself: Textual restyles every descendant of a widget whose :focus state changes,
    and a long report has hundreds of blocks (0.4-0.5 s per focus change). This widget has no children.
    """

    DEFAULT_CSS = "ReaderKeys { width: 0; height: 0; }"
    BINDINGS = [
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "End", show=False),
        # "/" finds in the page while the reading pane has focus (elsewhere it searches the library)
        Binding("slash", "screen.find", "Find", show=True, tooltip="Find in this page"),
    ]

    def __init__(self, scroller: ArticleScroll) -> None:
        super().__init__()
        self.scroller = scroller

    def render(self) -> str:
        return ""

    def action_scroll(self, how: str) -> None:
        scroller = self.scroller
        if how == "home":
            scroller.scroll_home(animate=False)
        elif how == "end":
            scroller.scroll_end(animate=False)
        else:
            getattr(scroller, f"action_scroll_{how}" if how in ("down", "up") else f"action_{how}")()

    def on_focus(self) -> None:
        self._mark(True)

    def on_blur(self) -> None:
        self._mark(False)

    def _mark(self, focused: bool) -> None:
        # inline style on the pane alone: a CSS class or :focus-within would restyle the whole article
        view = self.parent
        if isinstance(view, Widget):
            view.set_focus_border(focused)


def banner_lines(article: Article) -> list[tuple[str, str]]:
    """(css class, text) for the banners above the text: offline copy, preview only, notes."""
    lines: list[tuple[str, str]] = []
    if article.offline:
        when = display_date(article.fetched_at) or "an earlier visit"
        lines.append(("-offline", f"Offline copy from {when}"))
    if article.preview_only:
        lines.append(("-preview", "Preview only: the publisher shows the rest to subscribers"))
    for note in article.notes:
        if article.offline and note.startswith("Offline copy"):
            continue  # the reader service words the same fact; one banner is enough
        lines.append(("-note", note))
    return lines


def progress_text(fraction: float, width: int) -> Text:
    """A one-line bar and the percentage read: ``━━━━━━╺──────────  34%``."""
    percent = round(max(0.0, min(1.0, fraction)) * 100)
    label = f" {percent:>3}%"
    bar_width = max(0, width - len(label))
    filled = round(bar_width * percent / 100)
    text = Text()
    text.append("━" * filled, style="bold")
    if filled < bar_width:
        text.append("╺" + "─" * (bar_width - filled - 1), style="dim")
    text.append(label, style="dim")
    return text


@dataclass(frozen=True, slots=True)
class Match:
    block: MarkdownBlock
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    label: str
    block_id: str


_gc_pauses = 0


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a document is mounted (bench/tui.py: the collector's passes over
    thousands of fresh widgets were the longest key stalls while a long report rendered). Nests safely."""
    global _gc_pauses
    if _gc_pauses == 0 and not gc.isenabled():
        yield  # someone else turned it off: leave it as it is
        return
    _gc_pauses += 1
    gc.disable()
    try:
        yield
    finally:
        _gc_pauses -= 1
        if _gc_pauses == 0:
            gc.enable()


MATCH_STYLE = "on $warning-muted"
CURRENT_MATCH_STYLE = "bold $background on $warning"


class ArticleView(Vertical):
    """Header, progress, banners and the Markdown body of one article; find, contents and in-page jumps."""

    @dataclass
    class SectionChanged(Message):
        """The section at the top of the view changed (scrolling, a jump, a new body)."""

        heading: Heading | None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timings: dict[str, float] = {}
        """perf_counter() stamps of the last body shown: start, first_text, done (read by bench/tui.py)."""
        self.numbered = NumberedDocument("")
        """The body as shown, with its numbered links (link N is ``Article.links[N-1]``)."""
        self.rendering = False
        self.jumps: list[float] = []
        """Scroll positions before in-page jumps (notes, contents, anchors): Backspace returns to them."""
        self.matches: list[Match] = []
        self.match_index = -1
        self.find_query = ""
        self._headers: list[MarkdownHeader] | None = None
        self._section_id: str | None = None
        self._document = Markdown(classes="article-body", open_links=False)
        self._scroller = ArticleScroll(id="article-scroll")
        self.keys = ReaderKeys(self._scroller)
        """The focus target of the reading pane (``focus_text()``)."""

    def focus_text(self) -> None:
        self.keys.focus()

    @property
    def text_has_focus(self) -> bool:
        return self.keys.has_focus

    def set_focus_border(self, focused: bool) -> None:
        variables = self.app.theme_variables
        colour = variables.get("accent" if focused else "panel-lighten-2") or variables.get("panel", "grey")
        self.styles.border = ("round", colour)

    def compose(self) -> ComposeResult:
        yield Static(id="article-header", markup=False)
        yield Static(id="reading-progress", markup=False)
        yield Static(id="article-banner", markup=False)
        with self._scroller:
            yield self._document
        yield self.keys

    def on_mount(self) -> None:
        self.watch(self.scroller, "scroll_y", self._scrolled, init=False)
        self.watch(self.scroller, "max_scroll_y", self._scrolled, init=False)
        self.watch(self.app, "theme", lambda *_: self.set_focus_border(self.text_has_focus), init=False)
        self._scrolled()

    def on_resize(self) -> None:
        self._scrolled()

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        self._headers = None

    # -- position and sections ---------------------------------------------------------------------
    def _scrolled(self, *_: object) -> None:
        progress = self.query_one("#reading-progress", Static)
        scroller = self.scroller
        # nothing left to scroll (a piece that fits on one screen): it has all been seen
        fraction = 1.0 if scroller.max_scroll_y <= 0 and not self.rendering else scroller.fraction
        progress.update(progress_text(fraction, max(10, progress.size.width)))
        heading = self.current_heading()
        self.border_subtitle = f"§ {heading.label}" if heading else ""
        block_id = heading.block_id if heading else None
        if block_id != self._section_id:
            self._section_id = block_id
            self.post_message(self.SectionChanged(heading))

    def headers(self) -> list[MarkdownHeader]:
        if self._headers is None:
            self._headers = list(self.document.query(MarkdownHeader))
        return self._headers

    def outline(self) -> list[Heading]:
        """The article's headings in order (only those rendered so far while a long body is appended)."""
        return [
            Heading(header.LEVEL, header._content.plain, header.id or "")
            for header in self.headers()
            if header.id and header._content.plain.strip() and not is_note_heading(header._content.plain)
        ]

    def current_heading(self) -> Heading | None:
        """The last heading at or above the top of the view: the section being read."""
        top = self.scroller.scroll_y + 1
        current: Heading | None = None
        for header in self.headers():
            if not header.is_attached or not header.id:  # a note's own heading counts here: "§ Note 7"
                continue
            if self._y_of(header) > top:
                break
            current = Heading(header.LEVEL, header._content.plain, header.id)
        return current

    def _y_of(self, widget) -> int:
        """A widget's line in the scrolled content (its region relative to the scrolling container)."""
        return widget.virtual_region.y

    def jump_to(self, block_id: str) -> bool:
        """Scroll so that the block with ``block_id`` is at the top; remembers where we were."""
        try:
            block = self.document.query_one(f"#{block_id}")
        except Exception:
            return False
        self.jumps.append(self.scroller.scroll_y)
        self.scroller.scroll_to_widget(block, top=True, animate=False, immediate=True)
        return True

    def goto_anchor(self, anchor: str) -> bool:
        """An in-page link (a footnote marker, a note's back-link): jump, remembering where we were.

        Same rule as ``Markdown.goto_anchor`` (the first heading whose GitHub-style slug matches), but
        without its scroll animation, so the view is there at once (and Backspace can come straight back).
        """
        slugs = TrackedSlugs()
        for _, title, block_id in self.document.table_of_contents:
            if slugs.slug(title) == anchor:
                return self.jump_to(block_id)
        return False

    def jump_back(self) -> bool:
        if not self.jumps:
            return False
        self.scroller.scroll_to(y=self.jumps.pop(), animate=False, immediate=True)
        return True

    # -- find in page ------------------------------------------------------------------------------
    def _searchable_blocks(self):
        for block in self.document.query(MarkdownBlock):
            if isinstance(block, MarkdownFence) or not block._content.plain:
                continue
            yield block

    def find(self, query: str) -> int:
        """Highlight every match of ``query`` (case-insensitive) and go to the first one below the view."""
        self.clear_find()
        self.find_query = query
        needle = query.casefold()
        if not needle:
            return 0
        top = self.scroller.scroll_y
        first_below = -1
        for block in self._searchable_blocks():
            plain = block._content.plain
            haystack = plain.casefold()
            if len(haystack) != len(plain):  # casefold changed lengths (ß): fall back to lower()
                haystack = plain.lower()
            start = haystack.find(needle)
            found = []
            while start != -1:
                found.append(Match(block, start, start + len(needle)))
                start = haystack.find(needle, start + max(1, len(needle)))
            if found:
                if first_below < 0 and self._y_of(block) >= top:
                    first_below = len(self.matches)
                self.matches.extend(found)
        if self.matches:
            self._select_match(first_below if first_below >= 0 else 0)
        return len(self.matches)

    def find_step(self, delta: int) -> int:
        """Move to the next (+1) or previous (-1) match, wrapping; returns the new index."""
        if not self.matches:
            return -1
        self._select_match((self.match_index + delta) % len(self.matches))
        return self.match_index

    def _select_match(self, index: int) -> None:
        self.match_index = index
        current = self.matches[index]
        self._paint(current.block)
        previous = getattr(self, "_painted_current", None)
        if previous is not None and previous is not current.block:
            self._paint(previous)
        self._painted_current = current.block
        for block in {id(m.block): m.block for m in self.matches}.values():
            if block is not current.block and not getattr(block, "_ink_painted", False):
                self._paint(block)
        self._scroll_to_match(current)
        self._scrolled()

    def _scroll_to_match(self, match: Match) -> None:
        """Put the match's own line a third of the way down the view (a paragraph can be taller than it)."""
        block = match.block
        line = 0
        try:
            width = block.content_region.width or block.size.width
            offset = 0
            for index, wrapped in enumerate(block._content.wrap(max(1, width))):
                offset += len(wrapped.plain)
                if offset > match.start:
                    line = index
                    break
                offset += 1  # the space or newline the wrap consumed
        except Exception:  # layout not known yet: the block's top will do
            line = 0
        y = self._y_of(block) + block.styles.padding.top + line
        scroller = self.scroller
        scroller.scroll_to(y=max(0, y - scroller.scrollable_content_region.height // 3),
                           animate=False, immediate=True)

    def _paint(self, block: MarkdownBlock) -> None:
        content: Content = block._content
        current = self.matches[self.match_index] if self.match_index >= 0 else None
        for match in self.matches:
            if match.block is block:
                style = CURRENT_MATCH_STYLE if match is current else MATCH_STYLE
                content = content.stylize(style, match.start, match.end)
        block.update(content)  # _content keeps the unhighlighted original
        block._ink_painted = True

    def clear_find(self) -> None:
        for block in {id(m.block): m.block for m in self.matches}.values():
            if block.is_attached:
                block.update(block._content)
            block._ink_painted = False
        self.matches = []
        self.match_index = -1
        self.find_query = ""
        self._painted_current = None

    @property
    def scroller(self) -> ArticleScroll:
        return self._scroller

    @property
    def document(self) -> Markdown:
        """The Markdown widget of the body being shown (each body gets a fresh one, see show_body)."""
        return self._document

    def show_header(self, article: Article, *, showing_summary: bool = False) -> None:
        compact = self.app.size.height < COMPACT_BELOW_ROWS  # 80x24: two header lines, not six
        header = self.query_one("#article-header", Static)
        header.update(header_text(article, showing_summary=showing_summary, compact=compact))
        header.set_class(compact, "-compact")
        banner = self.query_one("#article-banner", Static)
        lines = banner_lines(article)
        text = Text()
        for index, (_, line) in enumerate(lines):
            if index:
                text.append("\n")
            text.append_text(plain(line))
        banner.update(text)
        banner.display = bool(lines)
        banner.set_class(any(css == "-offline" for css, _ in lines), "-offline")

    @staticmethod
    async def _discard(document: Markdown, batch: int = 25) -> None:
        """Remove a hidden body a few blocks at a time (one remove() of a whole long report held keys ~0.5 s)."""
        while document.children:
            await document.remove_children(list(document.children)[:batch])
            await asyncio.sleep(0)
        await document.remove()

    def show_message(self, title: str, body: str = "") -> None:
        """A placeholder page (nothing open yet, the start page failed...)."""
        self.query_one("#article-header", Static).update(plain(title, "bold"))
        self.query_one("#article-banner", Static).display = False
        self.clear_find()
        self.numbered = NumberedDocument(body)
        self.document.update(body)

    async def show_body(
        self, markdown: str, links: Sequence[Link] = (), *, first_screen_shown=None
    ) -> None:
        """Mount the first screenful at once, then append the rest piece by piece (keeps keys responsive).

        Links are numbered first (``links`` = ``Article.links``, whose order the numbers follow).
        ``first_screen_shown`` is called once the first piece is on screen (the loading indicator goes).
        """
        self.timings = {"start": time.perf_counter()}
        self.clear_find()
        self.jumps = []
        self._headers = None
        self.rendering = True
        self.numbered = number_links(clean_text(markdown or ""), links)
        pieces = split_for_display(self.numbered.markdown) or [""]
        # A fresh Markdown widget for each body: the old one is hidden at once and removed only after the new
        # text is on screen (removing hundreds of blocks first cost up to 0.4 s before the first line showed).
        # Mounted empty, then given the first piece with append(): Markdown(text) records the *end* of its text
        # as the point to re-parse from, so the first append() replaced the first piece's last block with the
        # next piece's first one (a listing's whole item list vanished, a report lost a paragraph).
        document = Markdown(classes="article-body", open_links=False)
        try:
            with paused_gc():
                await self.scroller.mount(document)
                await document.append(pieces[0])
                self._document = document  # only now: until it is mounted, the old body is the one shown
                self._headers = None
                for child in self.scroller.query_children(Markdown):
                    child.display = child is document
                self.scroller.scroll_home(animate=False, immediate=True)
                self.timings["first_text"] = time.perf_counter()
                if first_screen_shown is not None:
                    first_screen_shown()
                for piece in pieces[1:]:
                    await asyncio.sleep(0)  # let queued key presses through between pieces
                    await document.append(piece)
                # the old body, and any left hidden by a render that was superseded half way
                for stale in [child for child in self.scroller.query_children(Markdown) if child is not document]:
                    await self._discard(stale)
        finally:
            self.rendering = False
            self._headers = None
        self.timings["done"] = time.perf_counter()
        self.call_after_refresh(self._scrolled)
