"""Text lines of a PDF, page after page -> Markdown a reader wants.

- running heads, footers and page numbers leave the flow;
- headings come from the outline (bookmarks) and from size and weight against the body's size;
- paragraphs are re-flowed across lines, columns and pages, hyphenation at line ends joined;
- footnotes (small type at the foot of a page, starting with their number) are gathered as endnotes in the
  shared scheme: markers ``[N](#note-N)``, one ordered list under ``## Notes`` at the end;
- bulleted and numbered lines become list items; links the PDF carries become Markdown links;
- each page is an anchor where its text begins, ``<a id="page-N"></a>`` inline (no "Page N" headings): renderers
  hide inline HTML, GitHub and the reading pane jump to ``#page-N``, and find, contents and highlights see only
  the words (a page that begins with a heading has its anchor after the heading's words).

Markdown comes out in chunks as blocks are finished, so the first pages can be shown while the rest is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..text import page_anchor
from .layout import Line, PageLines

COLUMN_BUCKET = 24.0  # points: lines starting within a bucket or its neighbours share a column
EDGE = 0.075  # top and bottom share of a page where running heads, footers and page numbers sit
HEADING_SIZE = 1.18  # this much larger than the body's type is a heading
TOP_HEADING_SIZE = 1.45
FOOTNOTE_SIZE = 0.92  # footnotes are set smaller than the body
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|seite)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/|von)\s*\d{1,4})?$", re.IGNORECASE
)
_NOTE_START = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s+)(?=\S)")
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·*]|[-–—](?=\s))\s*")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|=+\s*$|-+\s*$)")
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad\u2010\x02\ufffe]$")


def normalise(text: str) -> str:
    """A line as compared across pages: digits are one sign, spacing and case do not count."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


# words a line breaks after in mid-sentence, and that no heading ends with
_RUNS_ON = frozenset(
    "a an the of to and or nor but not in on at by for with from as that than into onto its their our".split()
)


def outline_key(text: str) -> str:
    """A title as matched between the outline and the page: without its section number ("2.1 ", "IV. ")."""
    return _SECTION_NUMBER.sub("", normalise(text))


_SECTION_NUMBER = re.compile(r"^(?:#(?:\.#)*\.?|[ivxlc]+\.|chapter #:?|part #:?)\s+")


def escape(text: str) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    return "\\" + text if _LINE_START.match(text) else text


@dataclass(slots=True)
class Style:
    """What a document's pages have in common, judged on a sample of pages before the first is shown."""

    body_size: float
    running: set[str]  # normalised running heads and footers
    outline: dict[str, int]  # normalised outline title -> level (0 = top)
    title: str = ""


def sample_style(samples: list[PageLines], outline: dict[str, int]) -> Style:
    sizes: Counter[float] = Counter()
    edges: Counter[str] = Counter()
    for page in samples:
        for line in page.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
        seen: set[str] = set()
        for line in page.lines:
            if _at_edge(line, page):
                seen.add(normalise(line.text))
        edges.update(seen)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    need = 2 if len(samples) <= 3 else max(2, len(samples) // 3)
    running = {text for text, count in edges.items() if count >= need and len(samples) > 1}
    return Style(body_size=body or 10.0, running=running, outline=outline)


def _at_edge(line: Line, page: PageLines) -> bool:
    return line.bottom > page.height * (1 - EDGE) or line.top < page.height * EDGE


@dataclass(slots=True)
class _Paragraph:
    kind: str  # "p" | "li" | "ol"
    parts: list[str] = field(default_factory=list)
    last: Line | None = None
    number: int = 0


@dataclass
class Composer:
    style: Style
    notes: dict[int, list[str]] = field(default_factory=dict)
    _open: _Paragraph | None = None
    _note: int | None = None
    _links: list[tuple[str, str]] = field(default_factory=list)
    _column_right: dict[int, float] = field(default_factory=dict)
    _heading_parts: list[str] = field(default_factory=list)
    _heading_level: int = 0
    _heading_line: Line | None = None
    headings: list[tuple[int, str]] = field(default_factory=list)
    _table: list[list[str]] = field(default_factory=list)
    _columns: list[float] = field(default_factory=list)
    _table_line: Line | None = None
    _pages_begun: list[int] = field(default_factory=list)  # pages whose text has not begun yet (1-based)
    _heading_pages: list[int] = field(default_factory=list)  # pages that begin with the heading being read

    # -- pages in, Markdown chunks out ----------------------------------------------------------------
    def add_page(self, page: PageLines) -> Iterator[str]:
        self._links.extend(page.links)
        self._pages_begun.append(page.index + 1)
        self._note = None
        lines = [line for line in page.lines if not self._running(line, page)]
        self._column_right = _column_rights(lines)
        for line in lines:
            yield from self._add_line(line, page)

    def finish(self) -> Iterator[str]:
        yield from self._flush_table()
        yield from self._flush_heading()
        yield from self._flush()
        if self.notes:
            items = [f"{number}. {' '.join(parts)}" for number, parts in sorted(self.notes.items())]
            yield "## Notes\n\n" + "\n".join(items)

    # -- one line --------------------------------------------------------------------------------------
    def _running(self, line: Line, page: PageLines) -> bool:
        if not _at_edge(line, page):
            return False
        return bool(_PAGE_NUMBER.match(line.text.strip())) or normalise(line.text) in self.style.running

    def _add_line(self, line: Line, page: PageLines) -> Iterator[str]:
        body = self.style.body_size
        if line.cells or self._table:
            if self._table_row(line):
                if len(self._table) == 1:  # the first row: what came before it is finished
                    yield from self._flush_heading()
                    yield from self._flush()
                return
            yield from self._flush_table()
        if self._is_footnote(line, page):
            return
        if (
            line.page == 0
            and self.style.title
            and line.size >= self.style.body_size * HEADING_SIZE
            and normalise(line.text) in normalise(self.style.title)
        ):
            return  # the cover's title: the Article's title, not a line of its body
        level = self._heading_level_of(line)
        if level:
            yield from self._flush()
            if self._heading_parts and (level != self._heading_level or not self._continues_heading(line)):
                yield from self._flush_heading()
            self._heading_pages += self._take_pages()
            self._heading_parts.append(line.text)
            self._heading_level = level
            self._heading_line = line
            return
        yield from self._flush_heading()
        text = self._marked(line)
        anchor = _anchors(self._take_pages())
        bullet = _BULLET.match(line.text)
        numbered = _NUMBERED.match(line.text) if line.size >= body * FOOTNOTE_SIZE else None
        if bullet or numbered:
            yield from self._flush()
            if bullet:
                item = text[len(escape(bullet.group())) :].lstrip() or text
                self._open = _Paragraph("li", [anchor + item], line)
            elif numbered:
                self._open = _Paragraph("ol", [anchor + text[numbered.end() + 1 :]], line, int(numbered.group(1)))
            return
        if self._open is not None and self._continues(self._open.last, line):
            self._join(text, anchor)
            self._open.last = line
            return
        yield from self._flush()
        self._open = _Paragraph("p", [anchor + text], line)

    def _take_pages(self) -> list[int]:
        """The pages whose first words are the line being placed (a page of only images or notes has its
        anchor with the next page's)."""
        begun, self._pages_begun = self._pages_begun, []
        return begun

    def _is_footnote(self, line: Line, page: PageLines) -> bool:
        """Small type in the lower part of the page: a note starting with its number, or the rest of one."""
        body = self.style.body_size
        if line.size > body * FOOTNOTE_SIZE or line.top > page.height * 0.6:
            self._note = None
            return False
        start = _NOTE_START.match(line.text)
        if start:
            number = int(start.group(1))
            if self.notes.get(number):
                number = max(self.notes) + 1  # numbering restarted (per chapter): keep every note
            self._note = number
            self.notes[number] = [escape(line.text[start.end() :].strip())]
            return True
        if self._note is not None:
            self._join_note(escape(line.text))
            return True
        return False

    def _join_note(self, text: str) -> None:
        assert self._note is not None
        parts = self.notes[self._note]
        if parts and _HYPHEN_END.search(parts[-1]) and text[:1].islower():
            parts[-1] = parts[-1][:-1] + text
        else:
            parts.append(text)

    def _heading_level_of(self, line: Line) -> int:
        text = line.text.strip()
        if len(text) > 160 or not any(ch.isalpha() for ch in text):
            return 0
        outline = self.style.outline.get(outline_key(text))
        if outline is not None:
            return min(2 + outline, 4)
        if self.style.outline and line.page == 0:
            return 0  # a cover's large type (subtitle, names, date) is not in the outline: not a section
        body = self.style.body_size
        if line.size >= body * TOP_HEADING_SIZE:
            return 2
        if line.size >= body * HEADING_SIZE:
            return 3
        if line.bold and line.size >= body * 0.95 and len(text) < 90 and not re.search(r"[.,;]$", text):
            # a bold sentence running on (a run-in lead, a bold recommendation) is not a heading: it fills its
            # column, or breaks after a word no title ends with
            last_word = text.rsplit(" ", 1)[-1].lower()
            if line.right < self._column_right.get(id(line), line.right) - 2 * line.size and (
                last_word not in _RUNS_ON
            ):
                return 4
            return 0
        return 0

    def _continues_heading(self, line: Line) -> bool:
        previous = self._heading_line
        return (
            previous is not None
            and previous.page == line.page
            and abs(previous.size - line.size) < 0.6
            and 0 <= previous.bottom - line.top < line.size * 0.8
        )

    def _continues(self, previous: Line | None, line: Line) -> bool:
        """Does ``line`` carry on the paragraph that ``previous`` ended?"""
        if previous is None:
            return False
        if previous.page == line.page and line.top > previous.bottom + 1 and line.bottom < previous.top - 1:
            return True  # on the same line: a raised or lowered piece (an exponent, an index)
        if abs(previous.size - line.size) > 0.6 or (previous.bold != line.bold and line.bold):
            return False
        size = max(line.size, 1.0)
        right = self._column_right.get(id(previous), previous.right)
        short = previous.right < right - 3 * size
        ends_sentence = bool(_TERMINAL.search(previous.text))
        below = previous.page == line.page and line.top <= previous.bottom + size * 0.5
        if below and abs(line.left - previous.left) < 12 * size:
            gap = previous.bottom - line.top
            if gap > size * 0.75:
                return False
            if line.left - previous.left > 0.8 * size:  # a first-line indent
                return False
            return not (short and ends_sentence)
        # a new column or a new page: carry on unless the last line ended its paragraph
        return not (short or (ends_sentence and line.left - _column_left(line) > 0.8 * size))

    def _join(self, text: str, anchor: str = "") -> None:
        assert self._open is not None
        parts = self._open.parts
        if parts and _HYPHEN_END.search(parts[-1]):
            # a word broken across a page: the page's anchor goes before the word, not inside it
            cut = parts[-1].rfind(" ") + 1
            head, word = parts[-1][:cut] + anchor, parts[-1][cut:-1]
            parts[-1] = head + word + text if text[:1].islower() else head + word + "-" + text
        else:
            parts.append(anchor + text)

    def _marked(self, line: Line) -> str:
        """The line as Markdown: escaped, with its note markers as links to the notes."""
        out: list[str] = []
        position = 0
        for start, end, number in line.markers:
            out.append(escape(line.text[position:start]) if position else _escape_inner(line.text[position:start]))
            out.append(f"[{number}](#note-{number})")
            position = end
        rest = line.text[position:]
        out.append(escape(rest) if position == 0 else _escape_inner(rest))
        return "".join(out)

    def _table_row(self, line: Line) -> bool:
        """Take ``line`` into the open table (a row, or the wrapped rest of a header cell); False: not table."""
        size = max(line.size, 1.0)
        if line.cells:
            if not self._table:
                self._columns = [left for _, left in line.cells]
                row = [_escape_cell(text) for text, _ in line.cells]
            else:
                row = [""] * len(self._columns)
                for text, left in line.cells:
                    column = min(range(len(self._columns)), key=lambda i: abs(self._columns[i] - left))
                    row[column] = f"{row[column]} {_escape_cell(text)}".strip()
            first = next((index for index, cell in enumerate(row) if cell), 0)
            row[first] = _anchors(self._take_pages()) + row[first]
            self._table.append(row)
            self._table_line = line
            return True
        previous = self._table_line
        if previous is None or previous.page != line.page or not 0 <= previous.bottom - line.top < size:
            return False
        for index, left in enumerate(self._columns):
            if abs(left - line.left) < size:  # a cell's text wrapped onto the next line
                self._table[-1][index] = f"{self._table[-1][index]} {_escape_cell(line.text)}".strip()
                self._table_line = line
                return True
        return False

    def _flush_table(self) -> Iterator[str]:
        rows, self._table, self._table_line = self._table, [], None
        if not rows:
            return
        if len(rows) == 1:  # one row is no table: keep its words as a paragraph
            yield " ".join(cell for cell in rows[0] if cell)
            return
        width = len(self._columns)
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        yield "\n".join(lines)

    # -- blocks out ------------------------------------------------------------------------------------
    def _flush_heading(self) -> Iterator[str]:
        if not self._heading_parts:
            return
        text = " ".join(part.strip() for part in self._heading_parts)
        self._heading_parts = []
        self._heading_line = None
        pages, self._heading_pages = self._heading_pages, []
        if normalise(text) == normalise(self.style.title) and not self.headings:
            self.headings.append((1, text))  # the document's title: metadata, not a heading in the body
            self._pages_begun[:0] = pages  # its page begins with the words that follow
            return
        self.headings.append((self._heading_level, text))
        # the anchor after the title: "## Executive Summary" reads (and is found) as written
        yield f"{'#' * self._heading_level} {_escape_inner(text)}{_anchors(pages)}"

    def _flush(self) -> Iterator[str]:
        paragraph, self._open = self._open, None
        if paragraph is None:
            return
        text = self._linked(" ".join(part for part in paragraph.parts if part))
        if not text.strip():
            return
        if paragraph.kind == "li":
            yield f"- {text}"
        elif paragraph.kind == "ol":
            yield f"{paragraph.number}. {text}"
        else:
            yield text

    def _linked(self, text: str) -> str:
        """Make the first mention of each link's text a Markdown link (each PDF link is used once)."""
        remaining = []
        for label, uri in self._links:
            shown = _escape_inner(label)
            at = text.find(shown)
            if at < 0 or "](" in text[at : at + len(shown) + 2] or _inside_link(text, at):
                remaining.append((label, uri))
                continue
            text = f"{text[:at]}[{shown}](<{uri}>){text[at + len(shown) :]}"
        self._links = remaining[-200:]
        return text


def _anchors(pages: list[int]) -> str:
    return "".join(page_anchor(number) for number in pages)


def _escape_cell(text: str) -> str:
    return _escape_inner(text).replace("|", "\\|")


def _escape_inner(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _inside_link(text: str, at: int) -> bool:
    opened = text.rfind("[", 0, at)
    closed = text.rfind("]", 0, at)
    return opened > closed and (opened == 0 or text[opened - 1] != "\\")


def _column_left(line: Line) -> float:
    return line.left


def _column_rights(lines: list[Line]) -> dict[int, float]:
    """For each line, the right edge of its column: the furthest right of the lines of its size that start
    near where it starts (a first-line indent included). Linear: lines are bucketed by their left edge."""
    buckets: dict[tuple[int, float], float] = {}
    for line in lines:
        key = (int(line.left // COLUMN_BUCKET), round(line.size))
        buckets[key] = max(buckets.get(key, 0.0), line.right)
    rights: dict[int, float] = {}
    for line in lines:
        bucket, size = int(line.left // COLUMN_BUCKET), round(line.size)
        near = [buckets.get((bucket + step, size), 0.0) for step in (-1, 0, 1)]
        rights[id(line)] = max(line.right, *near)
    return rights
