"""Markdown cut into pieces at block boundaries, and over-long lines cut at a bound, for the reading pane.

The pane reads a body in a piece at a time (a few KB each, so a key press never waits long), splitting on blank
lines outside code fences so every piece starts a new top-level block; a long table is split into pieces of
rows. ``bound_long_lines`` caps what one line may cost (a 1 MB ``<pre>`` line, a 1 MB word).
``split_for_display`` is the older first-screen-then-the-rest split, kept for its callers.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def markdown_blocks(markdown: str) -> list[str]:
    """Top-level blocks (each with its trailing blank line), never splitting inside a fenced code block."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
        elif fence is not None and line.lstrip().startswith(fence) and not line.strip(fence[0] + " \t\r\n"):
            fence = None
        current.append(line)
        if fence is None and not line.strip() and any(part.strip() for part in current):
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    return blocks


def split_for_display(
    markdown: str, *, first_chars: int = 2500, first_blocks: int = 24, chunk_blocks: int = 40
) -> list[str]:
    """A small first piece (about one screen), then pieces of ``chunk_blocks`` blocks."""
    blocks = markdown_blocks(markdown)
    if not blocks:
        return [markdown] if markdown else []
    pieces: list[str] = []
    first: list[str] = []
    size = 0
    index = 0
    while index < len(blocks) and (not first or (size < first_chars and len(first) < first_blocks)):
        first.append(blocks[index])
        size += len(blocks[index])
        index += 1
    pieces.append("".join(first))
    while index < len(blocks):
        pieces.append("".join(blocks[index : index + chunk_blocks]))
        index += chunk_blocks
    # A piece must end with a newline, or the next one would be glued to its last line.
    return [piece if piece.endswith("\n") else piece + "\n" for piece in pieces]


# -- bounds: what a line may cost ------------------------------------------------------------------------
CODE_LINE_LIMIT = 2000
"""Characters of one code line that are shown; the rest is cut with a visible mark."""
WORD_LIMIT = 2000
"""Characters of one unbroken word (no space in it) that are shown."""
LINE_LIMIT = 100_000
"""Characters of one source line (a paragraph) that are shown."""
TABLE_ROWS_PER_PIECE = 50  # markdown-it takes ~0.2 ms a row: a piece stays a few ms

_LONG_WORD = re.compile(r"\S{" + str(WORD_LIMIT + 1) + ",}")


def cut_mark(hidden: int) -> str:
    return f" … [{hidden:,} more characters not shown]"


def _cut_words(line: str) -> str:
    return _LONG_WORD.sub(lambda m: m.group(0)[:WORD_LIMIT] + cut_mark(len(m.group(0)) - WORD_LIMIT), line)


def bound_long_lines(markdown: str) -> str:
    """Cut code lines, words and paragraphs at a bound (with a mark), so no input costs more than its bound.

    A page with a 1 MB ``<pre>`` line or a 1 MB word would otherwise have every layout pass walk all of it.
    Linear in the text and cheap (a regex per long line); lines under the bounds come back unchanged.
    """
    if len(markdown) <= WORD_LIMIT:
        return markdown
    lines = markdown.splitlines(keepends=True)
    fence: str | None = None
    changed = False
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            continue
        if fence is not None and line.lstrip().startswith(fence) and not line.strip(fence[0] + " \t\r\n"):
            fence = None
            continue
        if len(line) <= WORD_LIMIT:
            continue
        ending = line[len(line.rstrip("\r\n")) :]
        body = line[: len(line) - len(ending)]
        if fence is not None:
            if len(body) > CODE_LINE_LIMIT:
                body = body[:CODE_LINE_LIMIT] + cut_mark(len(body) - CODE_LINE_LIMIT)
        else:
            body = _cut_words(body)
            if len(body) > LINE_LIMIT:
                body = body[:LINE_LIMIT] + cut_mark(len(body) - LINE_LIMIT)
        lines[index] = body + ending
        changed = True
    return "".join(lines) if changed else markdown


_TABLE_RULE = re.compile(r"^ {0,3}\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")


def _table_pieces(block: str) -> list[tuple[str, bool]] | None:
    """A long table split into pieces of rows, each repeating the header so it parses as a table."""
    lines = block.splitlines(keepends=True)
    if len(lines) < TABLE_ROWS_PER_PIECE + 3 or "|" not in lines[0] or not _TABLE_RULE.match(lines[1]):
        return None
    head = lines[:2]
    pieces: list[tuple[str, bool]] = []
    for start in range(2, len(lines), TABLE_ROWS_PER_PIECE):
        rows = lines[start : start + TABLE_ROWS_PER_PIECE]
        if rows and not rows[-1].endswith("\n"):
            rows[-1] += "\n"
        pieces.append(("".join(head + rows), start > 2))
    return pieces


def split_for_parsing(markdown: str, *, piece_chars: int = 3000) -> list[tuple[str, bool]]:
    """Pieces of about ``piece_chars`` at block boundaries, each cheap to parse (a few ms) between key presses.

    Returns (markdown, continues_a_table) pairs: a long table is split into pieces of rows, and a piece that
    continues one repeats the header row for the parser (the reading pane does not show it again).
    """
    pieces: list[tuple[str, bool]] = []
    current: list[str] = []
    size = 0
    for block in markdown_blocks(markdown):
        table = _table_pieces(block) if len(block) > piece_chars else None
        if current and (table is not None or size + len(block) > piece_chars):
            pieces.append(("".join(current), False))
            current, size = [], 0
        if table is not None:
            pieces.extend(table)
            continue
        current.append(block)
        size += len(block)
    if current:
        pieces.append(("".join(current), False))
    return [(text if text.endswith("\n") else text + "\n", cont) for text, cont in pieces]
