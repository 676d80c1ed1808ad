"""The article text as a virtual view: blocks laid out into lines once, only the lines on screen drawn.

Textual's ``Markdown`` widget mounts a widget per block, so a long report meant thousands of widgets to lay out,
restyle and remove (seconds and hundreds of MB). Here the document is a list of
:class:`~inkreader.tui.document.Block`; a layout pass turns them into line records (block, start, end) at the
current width, and ``render_line`` draws a line from its record on demand, with an LRU cache of Strips (the
pattern of Textual's ``Log`` and toolong's ``LogLines``). Cost per key press is what is on screen.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from inkreader.tui.document import Block
from inkreader.tui.mouse_select import MouseSelect
from inkreader.tui.wrap import wrap_offsets

STYLE_NAMES = (
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "s",
    "code",
    "code-block",
    "link",
    "quote",
    "marker",
    "rule",
    "table",
    "table-head",
    "dim",
    "match",
    "match-current",
    "highlight",
    "selection",
)
LOW_COLOUR_SYSTEMS = ("standard", "windows")  # 16 colours: a tint may round to the background itself
# At 16 colours a highlight is black on the terminal's yellow: still a marked background, readable in light and
# dark terminals alike, and unlike the selection (reversed).
LOW_COLOUR_HIGHLIGHT = Style(color="black", bgcolor="yellow")
MIN_TEXT_WIDTH = 10
SIDE_MARGIN = 2
STRIP_CACHE_LINES = 200
LAYOUT_STEP_CHARS = 40_000  # text laid out per event-loop turn when the rest is done in the background


@dataclass(frozen=True, slots=True)
class Place:
    """A place in the text (block and character), which survives a change of width."""

    block: int
    offset: int


class ArticleBody(MouseSelect, can_focus=False):
    """Draws :class:`Block` s; knows their lines (``line_of``) and highlights (``set_highlights``).

    Mouse selection is :class:`MouseSelect`'s (Textual's own does not know these lines: ``ALLOW_SELECT`` off)."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {f"article-body--{name}" for name in STYLE_NAMES}

    class LinkClicked(Message):
        """A link in the text was clicked (the href as written in the Markdown)."""

        def __init__(self, body: ArticleBody, href: str) -> None:
            super().__init__()
            self.body = body
            self.href = href

        @property
        def control(self) -> ArticleBody:
            return self.body

    def __init__(self, *, reading_width: int = 90, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks: list[Block] = []
        self.source = ""
        """The Markdown shown (with link numbers written in)."""
        self.reading_width = reading_width
        """Widest line of text in cells (0: the whole pane); the text is centred when the pane is wider."""
        self._lines: list[tuple[int, int, int]] = []  # (block, start, end); block -1 is a blank line
        self._first_line: list[int] = []  # per laid-out block
        self._laid_out = 0
        self._text_width = 0
        self._margin = SIDE_MARGIN
        self._pane_width = 0
        self._highlights: dict[int, list[tuple[int, int, bool]]] = {}
        self._marks: dict[int, list[tuple[int, int, str]]] = {}
        self._overlay: dict[int, list[tuple[int, int, str]]] = {}
        # Lines drawn, as painted (cropped, offsets applied), keyed by (line, version, scroll x, width). Only the
        # painted strip is kept: Textual caches derived strips inside a strip, and each Strip is eight objects the
        # garbage collector walks; a few screens' worth keeps full collections short.
        self._strips: LRUCache[tuple[int, int, int, int], Strip] = LRUCache(STRIP_CACHE_LINES)
        self._version = 0
        self._styles: dict[str, Style] = {}
        self._layout_task: asyncio.Task[None] | None = None

    # -- content -------------------------------------------------------------------------------------------
    def set_blocks(self, blocks: list[Block], source: str = "") -> None:
        """Show a new document (from the top)."""
        self._cancel_layout()
        self.blocks = list(blocks)
        self.source = source
        self._highlights = {}
        self._marks = {}
        self._overlay = {}
        self.end_drag()
        self._reset_layout()
        self._layout_upto(len(self.blocks))
        self.scroll_to(y=0, animate=False, immediate=True)

    def append_blocks(self, blocks: list[Block], source: str = "") -> None:
        """More of the same document (a long body arrives piece by piece)."""
        self.blocks.extend(blocks)
        self.source += source
        if self._layout_task is None:
            self._layout_upto(len(self.blocks))

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def laid_out_blocks(self) -> int:
        """How many blocks have lines at the current width (the rest are laid out in the background)."""
        return self._laid_out

    @property
    def laid_out(self) -> bool:
        return self._laid_out >= len(self.blocks)

    # -- layout --------------------------------------------------------------------------------------------
    def _geometry(self) -> tuple[int, int, int]:
        """(pane width, text width, left margin) for the current size."""
        pane = self.size.width or 80
        room = max(MIN_TEXT_WIDTH, pane - 2 * SIDE_MARGIN)
        if self.reading_width and room > self.reading_width:
            return pane, self.reading_width, (pane - self.reading_width) // 2
        return pane, room, SIDE_MARGIN

    def _reset_layout(self) -> None:
        self._pane_width, self._text_width, self._margin = self._geometry()
        self._lines = []
        self._first_line = []
        self._laid_out = 0
        self._version += 1
        self._strips.clear()

    def _layout_upto(self, end: int, budget: int | None = None) -> None:
        """Lay out blocks up to ``end`` (or until ``budget`` characters have been wrapped)."""
        lines = self._lines
        width = self._text_width
        done = 0
        index = self._laid_out
        end = min(end, len(self.blocks))
        while index < end and (budget is None or done < budget):
            block = self.blocks[index]
            for _ in range(block.gap if lines else 0):
                lines.append((-1, 0, 0))
            self._first_line.append(len(lines))
            room = max(1, width - cell_len(block.indent))
            if block.kind == "rule":
                lines.append((index, 0, 0))
            else:
                lines.extend((index, start, stop) for start, stop in wrap_offsets(block.text, room, block.wrap))
            done += len(block.text) + 1
            index += 1
        if index != self._laid_out:
            self._laid_out = index
            self._set_line_count(len(lines))
            self.refresh()

    def _set_line_count(self, count: int) -> None:
        """The scrollable height is ``count`` lines.

        Textual's ``virtual_size`` lays the whole screen out again when it changes (~10 ms on the reading
        screen), but this widget's own size never depends on its text: only its scroll bar does. While a long
        body comes in piece by piece, that made every frame a whole-screen layout, which keys pressed meanwhile
        waited for. The scroll bar is updated here instead; when it appears or goes (its gutter
        changes the widget's region), Textual's ``show_vertical_scrollbar`` lays the screen out itself.
        """
        size = Size(0, count)
        if size == self.virtual_size:
            return
        if not self.size:  # not laid out yet: the first layout sizes the scroll bar
            self.virtual_size = size
            return
        self.set_reactive(ArticleBody.virtual_size, size)
        self._scroll_update(size)

    def ensure_laid_out(self, block: int) -> None:
        """Make sure ``block`` has lines (jumps beyond what the background layout has reached)."""
        if block >= self._laid_out:
            self._layout_upto(block + 1)

    def _relayout(self) -> None:
        """New width: lay out again, keeping the text at the top of the view where it was."""
        place = self.place()
        self._cancel_layout()
        self._reset_layout()
        # up to the place and a screen beyond now; the rest in steps, between key presses
        self._layout_upto(place.block + 1)
        self._layout_upto(len(self.blocks), budget=self._text_width * max(10, self.size.height) * 2)
        self.scroll_to(y=self.line_of(place), animate=False, immediate=True)
        if not self.laid_out:
            self._layout_task = asyncio.create_task(self._layout_rest())

    async def _layout_rest(self) -> None:
        try:
            while not self.laid_out:
                await asyncio.sleep(0)
                self._layout_upto(len(self.blocks), budget=LAYOUT_STEP_CHARS)
        finally:
            self._layout_task = None

    def _cancel_layout(self) -> None:
        if self._layout_task is not None:
            self._layout_task.cancel()
            self._layout_task = None

    def on_resize(self) -> None:
        if self._geometry() != (self._pane_width, self._text_width, self._margin):
            self._relayout()

    def on_unmount(self) -> None:
        self._cancel_layout()

    # -- places ----------------------------------------------------------------------------------------------
    def block_line(self, block: int) -> int:
        """The first line of ``block`` (laying out up to it if need be)."""
        self.ensure_laid_out(block)
        if 0 <= block < len(self._first_line):
            return self._first_line[block]
        return len(self._lines)

    def line_of(self, place: Place) -> int:
        """The line that shows ``place``."""
        if not self.blocks:
            return 0
        block = min(max(place.block, 0), len(self.blocks) - 1)
        line = self.block_line(block)
        while (
            line + 1 < len(self._lines)
            and self._lines[line + 1][0] == block
            and self._lines[line + 1][1] <= place.offset
        ):
            line += 1
        return line

    def place(self, y: int | None = None) -> Place:
        """The place in the text shown at line ``y`` (default: the top of the view)."""
        y = round(self.scroll_y) if y is None else y
        if not self._lines:
            return Place(0, 0)
        y = min(max(0, y), len(self._lines) - 1)
        while y < len(self._lines) - 1 and self._lines[y][0] < 0:
            y += 1  # a blank line between blocks: the place is the block below it
        block, start, _ = self._lines[y]
        if block < 0:
            return Place(len(self.blocks) - 1, 0)
        return Place(block, start)

    def top_line_end(self) -> Place:
        """Where the text of the top line of the view ends (a blank line: the start of the block below)."""
        top = self.place()
        line = self.line_of(top)
        if 0 <= line < len(self._lines) and self._lines[line][0] == top.block:
            return Place(top.block, self._lines[line][2])
        return top

    def offset_of(self, place: Place) -> tuple[int, int] | None:
        """Where ``place`` is drawn in the widget as (x, y), or None when it is not on screen."""
        line = self.line_of(place)
        y = line - round(self.scroll_y)
        if not 0 <= y < self.scrollable_content_region.height or line >= len(self._lines):
            return None
        block_index, start, _ = self._lines[line]
        block = self.blocks[block_index]
        prefix = block.prefix if line == self._first_line[block_index] else block.indent
        return self._margin + cell_len(prefix) + cell_len(block.text[start : max(start, place.offset)]), y

    def place_at(self, x: int, line: int) -> Place | None:
        """The place drawn at cell ``x`` of content line ``line`` (clamped to the text; the inverse of
        ``offset_of``): a blank line between blocks is the start of the block below it. None: no text."""
        if not self._lines:
            return None
        line = min(max(0, line), len(self._lines) - 1)
        block_index, start, end = self._lines[line]
        if block_index < 0:
            return self.place(line)
        block = self.blocks[block_index]
        prefix = block.prefix if line == self._first_line[block_index] else block.indent
        cells = x - self._margin - cell_len(prefix)
        offset = start
        while offset < end and cells > 0:
            cells -= cell_len(block.text[offset])
            if cells >= 0:
                offset += 1
        return Place(block_index, offset)

    def block_at(self, y: int) -> int:
        """The block whose lines include (or precede) content line ``y``."""
        return max(0, bisect_right(self._first_line, y) - 1)

    @property
    def fraction(self) -> float:
        """How far down the reader is, 0..1 (what the library stores as the reading position)."""
        if self.max_scroll_y <= 0:
            return 0.0
        return max(0.0, min(1.0, self.scroll_y / self.max_scroll_y))

    def scroll_to_fraction(self, fraction: float) -> None:
        if not self.laid_out:
            self._layout_upto(len(self.blocks))
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False, immediate=True)

    # -- highlights ------------------------------------------------------------------------------------------
    def set_highlights(self, highlights: dict[int, list[tuple[int, int, bool]]]) -> None:
        """Find matches to show: block → [(start, end, is_current)]. The view owns this state, not the blocks."""
        self._highlights = highlights
        self._version += 1
        self._strips.clear()
        self.refresh()

    @property
    def highlights(self) -> dict[int, list[tuple[int, int, bool]]]:
        return self._highlights

    def set_marks(self, marks: dict[int, list[tuple[int, int, str]]]) -> None:
        """The reader's highlights and the visual-mode selection: block → [(start, end, style name)]."""
        self._marks = marks
        self._version += 1
        self._strips.clear()
        self.refresh()

    @property
    def marks(self) -> dict[int, list[tuple[int, int, str]]]:
        return self._marks

    def set_overlay(self, marks: dict[int, list[tuple[int, int, str]]]) -> None:
        """Marks drawn over ``marks`` (the mouse selection while it is dragged)."""
        self._overlay = marks
        self._version += 1
        self._strips.clear()
        self.refresh()

    @property
    def overlay(self) -> dict[int, list[tuple[int, int, str]]]:
        return self._overlay

    # -- drawing ---------------------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            if name.startswith("@"):
                style = Style.from_meta({"@click": f"link({name[1:]!r})"})
            else:
                style = self.get_component_rich_style(f"article-body--{name}", partial=True)
                if name == "highlight":
                    style += self._tint_style(name)
            self._styles[name] = style
        return style

    def _tint_style(self, name: str) -> Style:
        """A translucent background (``$warning 30%``) blended with the text's own: a component style alone
        would give the full colour. At 16 colours a tint may round to the background itself: black on yellow there."""
        if self.app.console.color_system in LOW_COLOUR_SYSTEMS:
            return LOW_COLOUR_HIGHLIGHT
        tint = self.get_component_styles(f"article-body--{name}").background
        if tint.a >= 1:
            return Style()
        return Style(bgcolor=(self.background_colors[1] + tint).rich_color)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        key = (index, self._version, scroll_x, width)
        strip = self._strips.get(key)
        if strip is None:
            line = self._render_text_line(index, base)
            strip = line.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)
            self._strips[key] = strip
        return strip

    def _render_text_line(self, index: int, base: Style) -> Strip:
        block_index, start, end = self._lines[index]
        segments = [Segment(" " * self._margin, base)]
        if block_index < 0:
            return Strip(segments)
        block = self.blocks[block_index]
        first = index == self._first_line[block_index]
        prefix = block.prefix if first else block.indent
        if prefix:
            segments.append(Segment(prefix, base + self._style(block.prefix_style or "marker")))
        room = self._text_width - cell_len(prefix)
        block_style = base + self._style(block.style) if block.style else base
        if block.kind == "rule":
            segments.append(Segment("─" * max(0, room), block_style))
            return Strip(segments)
        segments.extend(self._text_segments(block, block_index, start, end, block_style))
        if block.kind == "code":  # code reads as a box: its background runs to the edge of the text
            used = Strip(segments).cell_length - self._margin - cell_len(prefix)
            if used < room:
                segments.append(Segment(" " * (room - used), block_style))
        return Strip(segments)

    def _text_segments(self, block: Block, block_index: int, start: int, end: int, block_style: Style) -> list[Segment]:
        text = block.text
        if start >= end:
            return []
        marks: list[tuple[int, int, str]] = [span for span in block.spans if span[0] < end and span[1] > start]
        marks += [(a, b, "@" + href) for a, b, href in block.links if a < end and b > start]
        marks += [(a, b, name) for a, b, name in self._marks.get(block_index, ()) if a < end and b > start]
        marks += [(a, b, name) for a, b, name in self._overlay.get(block_index, ()) if a < end and b > start]
        for a, b, current in self._highlights.get(block_index, ()):
            if a < end and b > start:
                marks.append((a, b, "match-current" if current else "match"))
        if not marks:
            return [Segment(text[start:end], block_style)]
        cuts = {start, end}
        for a, b, _ in marks:
            cuts.add(min(max(a, start), end))
            cuts.add(min(max(b, start), end))
        points = sorted(cuts)
        segments: list[Segment] = []
        for a, b in pairwise(points):
            style = block_style
            for mark_start, mark_end, name in marks:
                if mark_start <= a and mark_end >= b:
                    style = style + self._style(name)
            segments.append(Segment(text[a:b], style))
        return segments

    # -- links -----------------------------------------------------------------------------------------------
    def action_link(self, href: str) -> None:
        self.post_message(self.LinkClicked(self, href))
