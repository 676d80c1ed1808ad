"""The reading pane: a header of plain-text metadata above the article text (a virtual view, ``ArticleBody``).

The body is parsed into blocks (``tui/document.py``) a piece at a time, between key presses, and drawn a line
at a time (``widgets/article_body.py``). Find, contents, link numbers and endnote jumps work on the blocks,
which are complete once the body has been read in; the view keeps their highlight state itself.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from inkreader.model import Article, Link
from inkreader.text import clean_text
from inkreader.tui.anchors import BodyAnchors
from inkreader.tui.chunks import bound_long_lines, split_for_parsing
from inkreader.tui.compat import slug
from inkreader.tui.document import Block, DocumentBuilder, shown_texts
from inkreader.tui.linknumbers import NumberedDocument, number_links
from inkreader.tui.widgets.article_body import ArticleBody, Place
from inkreader.tui.widgets.format import display_date, plain
from inkreader.tui.widgets.header import COMPACT_BELOW_ROWS, header_text, word_count

if TYPE_CHECKING:
    from inkreader.annotate import DocumentText
    from inkreader.tui.textmap import TextMap
    from inkreader.tui.visual import Selection

# The text map and visual mode are imported on first use: the first frame needs neither.

# Copies converted before endnotes became a list carry "#### Note 12" headings (slug "note-12", what the markers
# link to); the contents show "Notes" once instead.
_NOTE_SLUG = re.compile(r"^note-\d+$")
THREAD_PREPARE_CHARS = 100_000  # preparing a body this long takes longer than a frame: off the event loop
DEFAULT_READING_WIDTH = 90
MIN_FIRST_LINES = 24  # the body's height before its first layout (a terminal's usual rows)
VISUAL_HINT = "VISUAL  j k: sentence · J K: block · Enter: save · n: with a note · y: copy · c: cite · Esc: cancel"
MOUSE_HINT = "SELECTED  Enter: highlight · n: with a note · y: copy · c: cite · Esc: clear"


def is_note_heading(label: str) -> bool:
    return bool(_NOTE_SLUG.match(slug(label)))


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
        # visual mode (``v``): j/k grow or shrink the selection by a sentence, J/K by a block; with a selection
        # (visual mode's or the mouse's) these keys act on it, and the footer shows them (check_action hides
        # them otherwise, and the screen's own Enter, n, y and Esc apply)
        Binding("J,shift+down", "visual_block(1)", show=False),
        Binding("K,shift+up", "visual_block(-1)", show=False),
        Binding("enter", "screen.visual_save(False)", "Highlight", key_display="Enter"),
        Binding("n", "screen.visual_save(True)", "With note"),
        Binding("y", "screen.copy_selection", "Copy"),
        Binding("c", "screen.cite_selection", "Cite"),
        Binding("ctrl+c", "screen.copy_selection", show=False),  # as Textual's own selection copies
        Binding("escape", "screen.visual_cancel", "Clear", key_display="Esc"),
    ]

    def __init__(self, scroller: ArticleBody) -> None:
        super().__init__()
        self.scroller = scroller

    def render(self) -> str:
        return ""

    def action_scroll(self, how: str) -> None:
        view = self.parent
        if how in ("down", "up") and isinstance(view, ArticleView) and view.in_visual_mode:
            view.visual_move(1 if how == "down" else -1)
            return
        scroller = self.scroller
        if how == "home":
            scroller.scroll_home(animate=False)
        elif how == "end":
            scroller.scroll_end(animate=False)
        else:
            if not scroller.allow_vertical_scroll:
                raise SkipAction()  # as Textual's own scroll actions: the key goes on to other bindings
            # At once and in one step: Textual's scroll actions animate, after the next frame, so a key typed while
            # a page loaded was not in the page's first frame, and a held j or PgDn lagged a frame
            page = scroller.scrollable_content_region.height
            step = {"down": 1, "up": -1, "page_down": page, "page_up": -page}[how]
            start = scroller.scroll_target_y if how in ("down", "up") else scroller.scroll_y
            scroller.scroll_to(y=start + step, animate=False, immediate=True)

    def action_visual_block(self, step: int) -> None:
        view = self.parent
        if isinstance(view, ArticleView) and view.in_visual_mode:
            view.visual_move(step, by_block=True)

    def on_focus(self) -> None:
        self._mark(True)

    def on_blur(self) -> None:
        self._mark(False)

    def _mark(self, focused: bool) -> None:
        # inline style on the pane alone: a CSS class or :focus-within would restyle the whole article
        view = self.parent
        if isinstance(view, ArticleView):
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
    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    label: str
    block_id: str


def _block_id(index: int) -> str:
    return f"block-{index}"


def _block_index(block_id: str) -> int | None:
    if block_id.startswith("block-") and block_id[6:].isdigit():
        return int(block_id[6:])
    return None


@dataclass
class BodyPieces:
    """What is left to read in of a body begun on screen (:meth:`ArticleView.begin_body`)."""

    builder: DocumentBuilder
    pieces: list[tuple[str, bool]]


def prepare(markdown: str, links: Sequence[Link] = (), *, count_words: bool = False) -> NumberedDocument:
    """The body as shown: clean, with over-long lines cut at their bound, its links numbered (``count_words``:
    and its words counted ahead, for the header)."""
    if count_words:
        word_count(markdown)
    return number_links(bound_long_lines(clean_text(markdown or "")), links)


class ArticleView(Vertical):
    """Header, progress, banners and the body of one article; find, contents and in-page jumps."""

    @dataclass
    class SectionChanged(Message):
        """The section at the top of the view changed (scrolling, a jump, a new body)."""

        heading: Heading | None

    class FindUpdated(Message):
        """The matches of the current find changed without a new query (the rest of a long body came in)."""

    LinkClicked: TypeAlias = ArticleBody.LinkClicked

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None, disabled: bool = False
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.timings: dict[str, float] = {}
        """perf_counter() stamps of the last body shown: start, first_text, done (read by bench/tui.py)."""
        self.numbered = NumberedDocument("")
        """The body as shown, with its numbered links (link N is ``Article.links[N-1]``)."""
        self.rendering = False
        """True while a body is still being read in (find counts may still grow, see ``find_complete``)."""
        self.jumps: list[float] = []
        """Scroll positions before in-page jumps (notes, contents, anchors): Backspace returns to them."""
        self.matches: list[Match] = []
        self.match_index = -1
        self.find_query = ""
        self.anchors = BodyAnchors()
        """Where in-page links lead: headings, inline anchors (a PDF's pages), endnotes."""
        self._heading_lines: list[int] | None = None
        self._section_id: str | None = None
        self._progress_shown: tuple[int, int] | None = None  # (percent, width) on the bar now
        self._subtitle_shown = ""
        self.markdown = ""
        """The body shown, as given (before link numbers): the text highlights are offsets of."""
        self.annotation_text: DocumentText | None = None
        self.text_map: TextMap | None = None
        self.highlight_ranges: list[tuple[int, int]] = []
        """The reader's highlights on this body, as annotation-text ranges (painted with a background)."""
        self.selection: Selection | None = None
        """Visual mode's or the mouse's selection (None: nothing selected)."""
        self._highlight_marks: dict[int, list[tuple[int, int, str]]] = {}
        self._body = ArticleBody(id="article-scroll", classes="article-body", reading_width=DEFAULT_READING_WIDTH)
        self.keys = ReaderKeys(self._body)
        """The focus target of the reading pane (``focus_text()``)."""

    def focus_text(self) -> None:
        self.keys.focus()

    @property
    def text_has_focus(self) -> bool:
        return self.screen.focused is self.keys  # has_focus follows a message later

    def set_focus_border(self, focused: bool) -> None:
        variables = self.app.theme_variables
        colour = variables.get("accent" if focused else "panel-lighten-2") or variables.get("panel", "grey")
        self.styles.border = ("round", colour)

    def compose(self) -> ComposeResult:
        yield Static(id="article-header", markup=False)
        yield Static(id="reading-progress", markup=False)
        yield Static(id="article-banner", markup=False)
        yield self._body
        yield self.keys

    def on_mount(self) -> None:
        settings = getattr(getattr(self.app, "reader", None), "settings", None)
        width = getattr(settings, "reading_width", DEFAULT_READING_WIDTH)
        if isinstance(width, int) and not isinstance(width, bool) and width >= 0:
            self._body.reading_width = width
        self.watch(self.scroller, "scroll_y", self._scrolled, init=False)
        self.watch(self.scroller, "max_scroll_y", self._scrolled, init=False)
        self.watch(self.app, "theme", lambda *_: self.set_focus_border(self.text_has_focus), init=False)
        self._scrolled()

    def on_resize(self) -> None:
        self._heading_lines = None
        self._scrolled()

    def set_loading(self, loading: bool) -> None:
        """The loading indicator covers the header, not the text: Textual lays out nothing under a covered
        widget, so the text (and the focused key target in it) would lose its size, and keys typed during a
        slow load would be replayed on a page with no layout (a j scrolled nothing)."""
        self.query_one("#article-header", Static).set_loading(loading)

    @property
    def scroller(self) -> ArticleBody:
        return self._body

    @property
    def document(self) -> ArticleBody:
        """The widget that draws the body (``.source`` is the Markdown shown, ``.blocks`` its blocks)."""
        return self._body

    # -- position and sections ---------------------------------------------------------------------
    def _scrolled(self, *_: object) -> None:
        progress = self.query_one("#reading-progress", Static)
        scroller = self.scroller
        # nothing left to scroll (a piece that fits on one screen): it has all been seen; a placeholder (nothing
        # open yet, a page loading) has no piece to have read
        fits = scroller.max_scroll_y <= 0 and not self.rendering
        fraction = (1.0 if self.markdown else 0.0) if fits else scroller.fraction
        bar = (round(max(0.0, min(1.0, fraction)) * 100), max(10, progress.size.width))
        if bar != self._progress_shown:
            # a one-line bar of fixed height: repaint it alone (a layout would reflow the whole screen per key)
            self._progress_shown = bar
            progress.update(progress_text(fraction, bar[1]), layout=False)
        heading = self.current_heading()
        if self.selection is not None:
            subtitle = MOUSE_HINT if self.selection.by_mouse else VISUAL_HINT
        else:
            subtitle = f"§ {heading.label}" if heading else ""
            if self.anchors.pages:  # a PDF: a page that begins on the top line is the page being read
                top = self._body.top_line_end()
                page = self.anchors.page_at((top.block, top.offset))
                subtitle = f"p. {page} · {subtitle}" if subtitle else f"p. {page}"
        if subtitle != self._subtitle_shown:  # setting a border title repaints the pane, even when unchanged
            self._subtitle_shown = subtitle
            self.border_subtitle = subtitle
        block_id = heading.block_id if heading else None
        if block_id != self._section_id:
            self._section_id = block_id
            self.post_message(self.SectionChanged(heading))

    def _heading(self, index: int) -> Heading:
        block = self._body.blocks[index]
        return Heading(block.level, block.text, _block_id(index))

    def outline(self) -> list[Heading]:
        """The article's headings in order (all of them: the blocks are complete once the body is read in)."""
        return [
            self._heading(index)
            for index in self.anchors.headings
            if self._body.blocks[index].text.strip() and not is_note_heading(self._body.blocks[index].text)
        ]

    def current_heading(self) -> Heading | None:
        """The last heading at or above the top of the view: the section being read (a note's own counts)."""
        body = self._body
        top = round(body.scroll_y) + 1
        current: Heading | None = None
        for index in self.anchors.headings:
            if index >= body.laid_out_blocks:  # not laid out yet: below anything on screen
                break
            if body.block_line(index) > top:
                break
            current = self._heading(index)
        return current

    def jump_to(self, block_id: str) -> bool:
        """Scroll so that the block with ``block_id`` is at the top; remembers where we were."""
        index = _block_index(block_id)
        return index is not None and self.jump_to_place(Place(index, 0))

    def goto_anchor(self, anchor: str) -> bool:
        """An in-page link (a footnote marker, a note's back-link, a PDF's page): jump, remembering where we were
        (see ``anchors.py`` for how an anchor is found)."""
        spot = self.anchors.resolve(anchor, self._body.blocks)
        return spot is not None and self.jump_to_place(Place(*spot))

    def jump_to_place(self, place: Place) -> bool:
        """Scroll so that the line showing ``place`` is at the top; remembers where we were."""
        if not 0 <= place.block < len(self._body.blocks):
            return False
        self.jumps.append(self.scroller.scroll_y)
        self.scroller.scroll_to(y=self._body.line_of(place), animate=False, immediate=True)
        return True

    def jump_back(self) -> bool:
        if not self.jumps:
            return False
        self.scroller.scroll_to(y=self.jumps.pop(), animate=False, immediate=True)
        return True

    def place(self) -> Place:
        """Where the reader is, as a place in the text (block and character), whatever the width."""
        return self._body.place()

    # -- find in page ------------------------------------------------------------------------------
    @property
    def find_complete(self) -> bool:
        """False while the body is still being read in: the count can still grow (FindUpdated follows)."""
        return not self.rendering

    def _search(self, needle: str) -> list[Match]:
        found: list[Match] = []
        for index, block in enumerate(self._body.blocks):
            if block.kind == "code" or not block.searchable:
                continue
            plain = block.text
            haystack = plain.casefold()
            if len(haystack) != len(plain):  # casefold changed lengths (ß): fall back to lower()
                haystack = plain.lower()
            start = haystack.find(needle)
            while start != -1:
                found.append(Match(index, start, start + len(needle)))
                start = haystack.find(needle, start + max(1, len(needle)))
        return found

    def find(self, query: str) -> int:
        """Highlight every match of ``query`` (case-insensitive) and go to the first one below the view."""
        self.clear_find()
        self.find_query = query
        needle = query.casefold()
        if not needle:
            return 0
        self.matches = self._search(needle)
        if self.matches:
            top = self._body.place()
            first_below = next(
                (i for i, m in enumerate(self.matches) if (m.block, m.start) >= (top.block, top.offset)), 0
            )
            self._select_match(first_below)
        return len(self.matches)

    def _refind(self) -> None:
        """The body grew (or was re-read): count again, keeping the current match."""
        if not self.find_query:
            return
        current = self.matches[self.match_index] if self.match_index >= 0 else None
        self.matches = self._search(self.find_query.casefold())
        if self.matches:
            index = self.matches.index(current) if current in self.matches else 0
            self.match_index = index
            self._paint()
        self.post_message(self.FindUpdated())

    def find_step(self, delta: int) -> int:
        """Move to the next (+1) or previous (-1) match, wrapping; returns the new index."""
        if not self.matches:
            return -1
        self._select_match((self.match_index + delta) % len(self.matches))
        return self.match_index

    def _select_match(self, index: int) -> None:
        self.match_index = index
        self._paint()
        self._scroll_to_match(self.matches[index])
        self._scrolled()

    def _paint(self) -> None:
        highlights: dict[int, list[tuple[int, int, bool]]] = {}
        for number, match in enumerate(self.matches):
            highlights.setdefault(match.block, []).append((match.start, match.end, number == self.match_index))
        self._body.set_highlights(highlights)

    def _scroll_to_match(self, match: Match) -> None:
        """Put the match's own line a third of the way down the view (a paragraph can be taller than it)."""
        body = self._body
        y = body.line_of(Place(match.block, match.start))
        body.scroll_to(y=max(0, y - body.scrollable_content_region.height // 3), animate=False, immediate=True)

    def clear_find(self) -> None:
        self.matches = []
        self.match_index = -1
        self.find_query = ""
        self._body.set_highlights({})

    # -- showing -----------------------------------------------------------------------------------
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

    def _start(self, numbered: NumberedDocument) -> None:
        self.annotation_text = None
        self.text_map = None
        self.highlight_ranges = []
        self._highlight_marks = {}
        self.selection = None
        self.clear_find()
        self.jumps = []
        self.anchors.clear()
        self.numbered = numbered

    def _took(self, blocks: Sequence[Block], first: int) -> None:
        self.anchors.take(blocks, first)

    def show_message(self, title: str, body: str = "", *, more_to_come: bool = False) -> None:
        """A placeholder page (nothing open yet, the start page failed, a long PDF's first pages: ``more_to_come``,
        so the bar does not say it has all been seen)."""
        self.query_one("#article-header", Static).update(plain(title, "bold"))
        self.query_one("#article-banner", Static).display = False
        self._start(NumberedDocument(body))
        self.rendering = more_to_come
        self.markdown = ""
        builder = DocumentBuilder()
        blocks = builder.feed(bound_long_lines(clean_text(body))) if body else []
        self._body.set_blocks(blocks, body)
        self._took(blocks, 0)
        self.call_after_refresh(self._scrolled)

    async def show_body(self, markdown: str, links: Sequence[Link] = ()) -> None:
        """Show ``markdown`` (``links`` = ``Article.links``, whose order the link numbers follow): the first
        piece at once, the rest a piece at a time (each a few ms) between key presses."""
        numbered = await self.prepare_body(markdown, links)
        await self.read_rest(self.begin_body(markdown, numbered))

    @staticmethod
    async def prepare_body(markdown: str, links: Sequence[Link] = ()) -> NumberedDocument:
        """The body as it will be shown, its links numbered; nothing on screen changes (off the event loop for
        a long body)."""
        if len(markdown or "") > THREAD_PREPARE_CHARS:
            return await asyncio.to_thread(prepare, markdown, links, count_words=True)
        return prepare(markdown, links, count_words=True)

    def begin_body(self, markdown: str, numbered: NumberedDocument) -> BodyPieces:
        """Show the first piece of a prepared body now. Nothing here awaits, so whatever else the caller changes
        before its next await (the page's list and header, keys held meanwhile) is painted in the same frame.
        Returns the rest, for :meth:`read_rest`."""
        self.timings = {"start": time.perf_counter()}
        self.markdown = markdown
        pieces = split_for_parsing(numbered.markdown) or [("", False)]
        self.rendering = True
        self._start(numbered)
        builder = DocumentBuilder()
        piece, continues = pieces[0]
        blocks = builder.feed(piece, table_continues=continues)
        self._body.set_blocks(blocks, piece)
        self._took(blocks, 0)
        # Two screens' worth, so that keys typed while the page loaded (j, PgDn) act on it in this same frame
        taken = 1
        while taken < len(pieces) and self._body.line_count < 2 * max(self._body.size.height, MIN_FIRST_LINES):
            first = len(builder.blocks)
            piece, continues = pieces[taken]
            blocks = builder.feed(piece, table_continues=continues)
            self._body.append_blocks(blocks, piece)
            self._took(blocks, first)
            taken += 1
        self.timings["first_text"] = time.perf_counter()
        return BodyPieces(builder, pieces[taken:])

    async def read_rest(self, rest: BodyPieces) -> None:
        """Read in the rest of a body begun with :meth:`begin_body`, a piece at a time, after its first frame.

        A newer body waits for this one (the screen shields it from cancellation: see ``MainScreen``)."""
        builder = rest.builder
        scrolled_to = self._body.scroll_y
        try:
            self._scrolled()
            for number, (piece, continues) in enumerate(rest.pieces):
                if number == 0:
                    await self.wait_for_refresh()  # the first screen is drawn before the rest is read in
                else:
                    await asyncio.sleep(0)  # let queued key presses through between pieces
                    if self._body.scroll_y != scrolled_to:
                        # A key moved the text: its frame comes first. Pieces read in until the next frame was
                        # due made the key wait for them too.
                        await self.wait_for_refresh()
                scrolled_to = self._body.scroll_y
                first = len(builder.blocks)
                blocks = builder.feed(piece, table_continues=continues)
                self._body.append_blocks(blocks, piece)
                self._took(blocks, first)
        finally:
            self.rendering = False
        self.timings["done"] = time.perf_counter()
        if rest.pieces:
            self._refind()
        self.call_after_refresh(self._scrolled)

    # -- the reader's highlights and visual mode ------------------------------------------------------
    def set_annotation_text(self, text: DocumentText, text_map: TextMap | None = None) -> None:
        """The annotation text of the body shown (``Reader.document``), aligned with the blocks on screen
        (``text_map``: the alignment made in a thread from ``shown_texts()``)."""
        from inkreader.tui.textmap import TextMap

        self.annotation_text = text
        self.text_map = text_map or TextMap(text.text, self.shown_texts())

    def shown_texts(self) -> list[str]:
        return shown_texts(self._body.blocks)

    def show_highlights(
        self, ranges: list[tuple[int, int]], marks: dict[int, list[tuple[int, int, str]]] | None = None
    ) -> None:
        """Paint the reader's highlights (``marks``: ``highlight_marks`` of them, made in a thread)."""
        self.highlight_ranges = ranges
        self._highlight_marks = marks if marks is not None else highlight_marks(self.text_map, ranges)
        self._paint_marks()

    def shown_place(self, offset: int) -> Place:
        if self.text_map is None:
            return Place(0, 0)
        shown = self.text_map.shown(offset)
        return Place(shown.block, shown.offset)

    def jump_to_offset(self, offset: int) -> None:
        """Scroll to annotation offset ``offset`` (a highlight), a third of the way down; Backspace returns."""
        self.jumps.append(self.scroller.scroll_y)
        place = self.shown_place(offset)
        self._scroll_to_match(Match(place.block, place.offset, place.offset))
        self._scrolled()

    @property
    def in_visual_mode(self) -> bool:
        """A keyboard selection is being made (j/k/J/K move it; a mouse selection leaves them scrolling)."""
        return self.selection is not None and not self.selection.by_mouse

    def select_places(self, start: Place, end: Place, unit: str = "text") -> bool:
        """Select the text shown between two places of the pane (a mouse selection; ``unit`` "sentence": the
        sentence at ``start``), as annotation offsets. False when nothing of the annotation text is in it."""
        self._body.set_overlay({})
        text, text_map = self.annotation_text, self.text_map
        if text is None or text_map is None:
            return False
        from inkreader.tui.visual import from_range, sentence_at

        first = text_map.text_offset(start.block, start.offset)
        last = text_map.text_offset(end.block, end.offset)
        if unit == "sentence":
            first, last = sentence_at(text, first)
        while first < last and text.text[first].isspace():
            first += 1
        while last > first and text.text[last - 1].isspace():
            last -= 1
        if first >= last:
            return False
        self.selection = from_range(first, last)
        self._selection_changed()
        return True

    def selected_text(self) -> str:
        """The annotation text selected ("" when nothing is)."""
        if self.selection is None or self.annotation_text is None:
            return ""
        return self.annotation_text.text[self.selection.start : self.selection.end]

    def _selection_changed(self) -> None:
        self._paint_marks()
        self._scrolled()
        if self.is_attached:
            self.screen.refresh_bindings()  # the footer offers Enter, n, y and Esc while there is a selection

    def visual_begin(self) -> bool:
        """Start visual mode at the first block in view (needs ``set_annotation_text`` first)."""
        if self.annotation_text is None or self.text_map is None or self.rendering:
            return False
        from inkreader.tui.visual import begin

        top = self._body.place()
        offset = self.text_map.text_offset(top.block, top.offset)
        self.selection = begin(self.annotation_text, self.annotation_text.block_at(offset))
        self._selection_changed()
        return self.selection is not None

    def visual_move(self, step: int, *, by_block: bool = False) -> None:
        if self.selection is None or self.annotation_text is None:
            return
        from inkreader.tui.visual import by_block as by_block_move
        from inkreader.tui.visual import by_sentence

        move = by_block_move if by_block else by_sentence
        self.selection = move(self.annotation_text, self.selection, step)
        self._paint_marks()
        head = self.selection.head
        self._keep_in_view(head[1] if step > 0 else head[0] + 1)

    def visual_end(self) -> Selection | None:
        """Leave visual mode; returns the selection it had."""
        selection, self.selection = self.selection, None
        self._body.set_overlay({})
        self._selection_changed()
        return selection

    def _keep_in_view(self, offset: int) -> None:
        """Scroll so that the character before ``offset`` is on screen (a line from the edge it was beyond)."""
        body = self._body
        y = body.line_of(self.shown_place(max(0, offset - 1)))
        height = body.scrollable_content_region.height
        if y < body.scroll_y:
            body.scroll_to(y=max(0, y - 1), animate=False, immediate=True)
        elif y >= body.scroll_y + height:
            body.scroll_to(y=max(0, y - height + 2), animate=False, immediate=True)

    def _paint_marks(self) -> None:
        marks = self._highlight_marks
        if self.selection is not None and self.text_map is not None:
            marks = {block: list(spans) for block, spans in marks.items()}
            for block, pieces in self.text_map.ranges(self.selection.start, self.selection.end).items():
                marks.setdefault(block, []).extend((a, b, "selection") for a, b in pieces)
        self._body.set_marks(marks)


def highlight_marks(text_map: TextMap | None, ranges: list[tuple[int, int]]) -> dict[int, list[tuple[int, int, str]]]:
    """Annotation-text ranges as the reading pane's marks (pure: a thread may make them)."""
    marks: dict[int, list[tuple[int, int, str]]] = {}
    if text_map is None:
        return marks
    for start, end in ranges:
        for block, pieces in text_map.ranges(start, end).items():
            marks.setdefault(block, []).extend((a, b, "highlight") for a, b in pieces)
    return marks
