"""A card's details line (kind · outlet · date) wrapped between its fields, never inside one.

A narrow list pane (28 columns at 80) wrapped "Center for Northern Atlantic Studies" over two lines in the middle
of the line; laid out here at render time, each field starts a line of its own when it does not fit beside the
one before, and a field wider than the whole line is cut with "…".
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from inkreader.text import clean_line

SEPARATOR = " · "


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with "…" at the end (whole when it fits)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    kept = ""
    for char in text:
        if cell_len(kept + char) > width - 1:
            break
        kept += char
    return kept.rstrip() + "…"


def fit_words(text: str, width: int) -> str:
    """``text`` cut at a word boundary to ``width`` cells with "…" (a single word longer than that is cut)."""
    if cell_len(text) <= width:
        return text
    words = text.split(" ")
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cell_len(candidate) > width - 1:
            break
        kept = candidate
    if not kept:
        return fit(text, width)
    return kept.rstrip(" ·,;:") + "…"


def field_lines(fields: Sequence[str], width: int, *, first_indent: int = 0, indent: int = 0) -> list[str]:
    """The fields laid out in lines of ``width`` cells, joined by " · ", a line broken only between fields."""
    lines: list[str] = []
    line = ""
    for field in (clean_line(field) for field in fields):
        if not field:
            continue
        room = width - (first_indent if not lines else indent)
        if line and cell_len(line + SEPARATOR + field) <= room:
            line += SEPARATOR + field
            continue
        if line:
            lines.append(line)
            room = width - indent
        line = fit(field, max(1, room))
    if line:
        lines.append(line)
    return lines


class FieldLine:
    """A Rich renderable: ``prefix`` then the fields, laid out for the width it is drawn at (``indent``: later
    lines indented by the prefix's width)."""

    def __init__(
        self, fields: Sequence[str], *, prefix: Text | None = None, style: str = "", indent: bool = True
    ) -> None:
        self.fields = [field for field in fields if field]
        self.prefix = prefix or Text()
        self.style = style
        self.indent = indent

    def text(self, width: int) -> Text:
        first = self.prefix.cell_len
        indent = first if self.indent else 0
        lines = field_lines(self.fields, max(1, width), first_indent=first, indent=indent)
        text = Text()
        for number, line in enumerate(lines or [""]):
            if number:
                text.append("\n" + " " * indent)
            else:
                text.append_text(self.prefix)
            text.append(line, style=self.style)
        text.no_wrap = True
        return text

    @property
    def plain(self) -> str:
        return self.prefix.plain + SEPARATOR.join(clean_line(field) for field in self.fields)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.text(options.max_width), options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(field) for field in self.fields), default=0) + self.prefix.cell_len
        return Measurement(min(4, longest), max(longest, cell_len(SEPARATOR.join(self.fields)) + self.prefix.cell_len))


class Card(Group):
    """A card's lines (a details line, the title, the authors); ``str()`` gives its text, as a Text's would.

    Drawn once for each width: an option list renders a Rich prompt twice (once to count its lines, for every
    card of the list before the first frame, and once to draw it), and the second time gets the lines the first
    one made. What is drawn is what the Group draws, to the cell and style.
    """

    LAYOUTS_KEPT = 4
    """Renders kept (the list pane's width, and a few more while a terminal is resized)."""

    def __init__(self, *lines: FieldLine | Text) -> None:
        super().__init__(*lines)
        self.lines = lines
        self._drawn: dict[tuple[object, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.height, options.justify, options.overflow, options.no_wrap)
        segments = self._drawn.get(key)
        if segments is None:
            if len(self._drawn) >= self.LAYOUTS_KEPT:
                self._drawn.clear()
            segments = self._drawn[key] = list(console.render(Group(*self.lines), options))
        yield from segments

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines)
