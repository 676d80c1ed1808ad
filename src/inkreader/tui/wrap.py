"""Line breaking by terminal cells, as offsets into the text (so styles, links and matches map onto lines)."""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

_WORD = re.compile(r"\S+")


def _fold(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Break ``text[start:end]`` every ``width`` cells (code lines, and words longer than a line)."""
    if text.isascii():
        return [(s, min(s + width, end)) for s in range(start, end, width)] or [(start, start)]
    lines: list[tuple[int, int]] = []
    line_start, cells = start, 0
    for index in range(start, end):
        size = get_character_cell_size(text[index])
        if cells + size > width and index > line_start:
            lines.append((line_start, index))
            line_start, cells = index, 0
        cells += size
    lines.append((line_start, end))
    return lines


def wrap_offsets(text: str, width: int, mode: str = "word") -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` wrapped to ``width`` cells; ``\\n`` always breaks.

    "word" breaks between words (a word wider than the line is folded); "char" folds at the edge (code).
    Trailing spaces stay out of a line; an empty text is one empty line.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    position = 0
    for part in text.split("\n"):
        start, end = position, position + len(part)
        position = end + 1
        if mode == "char" or not part:
            lines.extend(_fold(text, start, end, width) if part else [(start, start)])
            continue
        if end - start <= width and part.isascii():
            lines.append((start, start + len(part.rstrip())))
            continue
        line_start = -1
        line_end = start
        cells = 0
        for word in _WORD.finditer(text, start, end):
            word_start, word_end = word.span()
            size = word_end - word_start if word.group().isascii() else cell_len(word.group())
            gap = word_start - line_end if line_start >= 0 else 0
            if line_start >= 0 and cells + gap + size <= width:
                cells += gap + size
                line_end = word_end
                continue
            if line_start >= 0:
                lines.append((line_start, line_end))
            if size > width:
                folded = _fold(text, word_start, word_end, width)
                lines.extend(folded[:-1])
                line_start, line_end = folded[-1]
                cells = cell_len(text[line_start:line_end])
            else:
                line_start, line_end, cells = word_start, word_end, size
        lines.append((line_start, line_end) if line_start >= 0 else (start, start))
    return lines
