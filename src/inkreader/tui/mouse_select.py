"""Selecting the article text with the mouse: press, drag, release; double-click a word, triple-click a sentence.

The reading pane draws its own lines (``widgets/article_body.py``), so Textual's screen-level selection, which
asks widgets for their rendered text, has nothing to work with there; this mixin does it on the pane's places
(block, character) instead. While the button is down the range is painted as an overlay; on release (or a
double or triple click) :class:`MouseSelect.Selected` goes up to the view, which turns it into a selection of
the annotation text: the one visual mode makes, saved by the same keys. Dragging past the top or bottom edge
scrolls, on each move and then on a timer while the pointer stays out there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message
from textual.scroll_view import ScrollView

if TYPE_CHECKING:
    from textual.timer import Timer

    from inkreader.tui.document import Block
    from inkreader.tui.widgets.article_body import Place

AUTO_SCROLL_SECONDS = 0.05  # 20 steps a second while the pointer is held past an edge
AUTO_SCROLL_MAX_LINES = 3  # lines a step, growing with the distance past the edge
WORD = re.compile(r"\w+(?:['’\-]\w+)*")


@dataclass(slots=True)
class Drag:
    anchor: Place  # the character pressed on
    head: Place  # the character under the pointer now
    moved: bool = False  # the pointer left the character pressed on: a selection, not a click
    x: int = 0  # the pointer's cell and how far past an edge it is (lines a step; 0: inside)
    edge: int = 0


def ordered(a: Place, b: Place) -> tuple[Place, Place]:
    return (a, b) if (a.block, a.offset) <= (b.block, b.offset) else (b, a)


def word_span(text: str, offset: int) -> tuple[int, int] | None:
    """The word of ``text`` at ``offset`` (letters and digits, with inner apostrophes and hyphens)."""
    for match in WORD.finditer(text):
        if match.start() <= offset < match.end():
            return match.span()
        if match.start() > offset:
            break
    return None


class MouseSelect(ScrollView):
    """The base of :class:`~inkreader.tui.widgets.article_body.ArticleBody`, which provides ``blocks``,
    ``place_at`` and ``set_overlay``. Posts :class:`Pressed` on a press in the text and :class:`Selected` for a
    selection.

    The mouse is handled by the public ``on_*`` handlers: Textual calls one handler of each class in the
    widget's class order, so these run before Textual's own (``Widget._on_click`` and others, which still run
    unless a handler here prevents the default), and no private method of Textual's is overridden."""

    blocks: list[Block]
    _drag: Drag | None = None
    _swallow_click = False  # the click Textual sends after a drag is not a click (no link followed)
    _auto_scroll: Timer | None = None

    class Pressed(Message):
        """The left button went down on the text: a new selection may begin (the old one goes)."""

    class Selected(Message):
        """A range of the pane's text was selected: [start, end) of its places. ``unit`` is "text" (dragged),
        "word" (double click) or "sentence" (triple click: start = end = the place clicked; the view knows
        the sentences)."""

        def __init__(self, blocks: list[Block], start: Place, end: Place, unit: str = "text") -> None:
            super().__init__()
            self.blocks = blocks  # the document the places are in (a newer one may be shown when this arrives)
            self.start = start
            self.end = end
            self.unit = unit

    def place_at(self, x: int, line: int) -> Place | None:
        raise NotImplementedError

    def set_overlay(self, marks: dict[int, list[tuple[int, int, str]]]) -> None:
        raise NotImplementedError

    # -- the drag ------------------------------------------------------------------------------------------
    def _pointer_place(self, x: int, y: int) -> Place | None:
        height = self.scrollable_content_region.height
        return self.place_at(x, round(self.scroll_y) + min(max(0, y), max(0, height - 1)))

    async def on_mouse_down(self, event: events.MouseDown) -> None:
        self._swallow_click = False
        self.end_drag()
        if event.button != 1:
            return
        offset = event.get_content_offset_capture(self)
        place = self._pointer_place(offset.x, offset.y)
        if place is None:
            return
        self.post_message(MouseSelect.Pressed())
        self._drag = Drag(place, place, x=offset.x)
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        drag = self._drag
        if drag is None:
            return
        offset = event.get_content_offset_capture(self)
        height = self.scrollable_content_region.height
        drag.x = offset.x
        if offset.y < 0:
            drag.edge = max(-AUTO_SCROLL_MAX_LINES, offset.y)
        elif offset.y >= height:
            drag.edge = min(AUTO_SCROLL_MAX_LINES, offset.y - height + 1)
        else:
            drag.edge = 0
        if drag.edge:
            self._scroll_past_edge()
            if self._auto_scroll is None:
                self._auto_scroll = self.set_interval(AUTO_SCROLL_SECONDS, self._scroll_past_edge)
            return
        self._stop_auto_scroll()
        self._move_head(self._pointer_place(offset.x, offset.y))

    def _scroll_past_edge(self) -> None:
        drag = self._drag
        if drag is None or not drag.edge:
            self._stop_auto_scroll()
            return
        self.scroll_to(y=self.scroll_y + drag.edge, animate=False, immediate=True)
        edge_line = 0 if drag.edge < 0 else self.scrollable_content_region.height - 1
        self._move_head(self._pointer_place(drag.x, edge_line))

    def _move_head(self, place: Place | None) -> None:
        drag = self._drag
        if drag is None or place is None or place == drag.head:
            return
        drag.head = place
        drag.moved = True
        self.set_overlay(self._marks_between(*self._drag_range(drag)))

    async def on_mouse_up(self, event: events.MouseUp) -> None:
        drag = self._drag
        if drag is None:
            return
        if drag.edge == 0:
            offset = event.get_content_offset_capture(self)
            self._move_head(self._pointer_place(offset.x, offset.y))
        self.end_drag()
        if drag.moved:
            self._swallow_click = True
            start, end = self._drag_range(drag)
            if (start.block, start.offset) < (end.block, end.offset):
                self.post_message(MouseSelect.Selected(self.blocks, start, end))
                return
        self.set_overlay({})

    async def on_click(self, event: events.Click) -> None:
        if self._swallow_click:
            self._swallow_click = False
            event.prevent_default()  # Textual's own click handler (Widget's, later in the class order) follows links
            event.stop()
            return
        if event.chain < 2 or event.button != 1:
            return
        event.prevent_default()
        event.stop()
        offset = event.get_content_offset_capture(self)
        place = self._pointer_place(offset.x, offset.y)
        if place is None:
            return
        if event.chain >= 3:
            self.post_message(MouseSelect.Selected(self.blocks, place, place, "sentence"))
            return
        span = word_span(self.blocks[place.block].text, place.offset) if place.block < len(self.blocks) else None
        if span is not None:
            start, end = replace(place, offset=span[0]), replace(place, offset=span[1])
            self.post_message(MouseSelect.Selected(self.blocks, start, end, "word"))

    def end_drag(self) -> None:
        """Stop following the pointer (the overlay stays until the view takes the selection or drops it)."""
        self._drag = None
        self._stop_auto_scroll()
        self.release_mouse()

    def _stop_auto_scroll(self) -> None:
        if self._auto_scroll is not None:
            self._auto_scroll.stop()
            self._auto_scroll = None

    # -- the range ---------------------------------------------------------------------------------------------
    def _drag_range(self, drag: Drag) -> tuple[Place, Place]:
        """[start, end) of a drag: both characters pressed on and pointed at are in it, as in a terminal."""
        start, last = ordered(drag.anchor, drag.head)
        if last.block < len(self.blocks):
            last = replace(last, offset=min(last.offset + 1, len(self.blocks[last.block].text)))
        return start, last

    def _marks_between(self, start: Place, end: Place) -> dict[int, list[tuple[int, int, str]]]:
        marks: dict[int, list[tuple[int, int, str]]] = {}
        for index in range(start.block, min(end.block, len(self.blocks) - 1) + 1):
            block = self.blocks[index]
            a = start.offset if index == start.block else 0
            b = end.offset if index == end.block else len(block.text)
            if block.kind != "rule" and b > a:
                marks[index] = [(a, b, "selection")]
        return marks
