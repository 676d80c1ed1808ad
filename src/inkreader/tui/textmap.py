"""Where a highlight's text is on screen: offsets of the annotation text mapped onto the reading pane's blocks.

Highlights are ranges of :class:`inkreader.annotate.DocumentText` (the body as plain text, the contract the
Reader stores). The reading pane shows the same body as :class:`~inkreader.tui.document.Block` s, which differ a
little: link numbers written in (`[3]`), footnote markers as superscripts, images as ``[image: alt]``, code one
line a block, table cells joined into rows. The two texts are aligned once, character by character (the shown
text holds the annotation text in order, with extras between), so a range of one maps onto the other.
UI-free, so the alignment can be unit-tested.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

LOOKAHEAD = 48  # the longest run of shown-only characters between two annotation characters (a link badge...)
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass(frozen=True, slots=True)
class ShownPlace:
    block: int   # index in the reading pane's blocks
    offset: int  # offset in that block's text


class TextMap:
    """Annotation-text offsets ↔ reading-pane (block, offset)."""

    def __init__(self, text: str, shown_blocks: Sequence[str]) -> None:
        self._starts: list[int] = []
        parts: list[str] = []
        length = 0
        for block_text in shown_blocks:
            self._starts.append(length)
            parts.append(block_text)
            length += len(block_text) + 2
        shown = "\n\n".join(parts).translate(_PLAIN_DIGITS)
        self._shown_length = len(shown)
        self._positions, self._matched = _align(text, shown)

    def shown(self, offset: int) -> ShownPlace:
        """The reading-pane place of annotation offset ``offset``."""
        positions = self._positions
        if not positions:
            return ShownPlace(0, 0)
        index = min(max(0, offset), len(positions) - 1)
        return self._place(positions[index])

    def _place(self, position: int) -> ShownPlace:
        block = max(0, bisect_right(self._starts, position) - 1)
        return ShownPlace(block, position - self._starts[block]) if self._starts else ShownPlace(0, 0)

    def text_offset(self, block: int, offset: int = 0) -> int:
        """The first annotation offset shown at or after (``block``, ``offset``)."""
        if not self._starts:
            return 0
        block = min(max(0, block), len(self._starts) - 1)
        return bisect_left(self._positions, self._starts[block] + offset)

    def ranges(self, start: int, end: int) -> dict[int, list[tuple[int, int]]]:
        """Annotation range [start, end) as reading-pane ranges: block → [(start, end)]. Characters shown only
        on screen inside the range (a link number) are left out."""
        positions, matched = self._positions, self._matched
        start, end = max(0, start), min(end, len(positions))
        runs: list[list[int]] = []
        for index in range(start, end):
            if not matched[index]:
                continue
            position = positions[index]
            if runs and position == runs[-1][1]:
                runs[-1][1] = position + 1
            else:
                runs.append([position, position + 1])
        out: dict[int, list[tuple[int, int]]] = {}
        for first, last in runs:
            block = max(0, bisect_right(self._starts, first) - 1)
            while block < len(self._starts) and self._starts[block] < last:
                block_start = self._starts[block]
                block_end = self._starts[block + 1] - 2 if block + 1 < len(self._starts) else self._shown_length
                a, b = max(first, block_start) - block_start, min(last, block_end) - block_start
                if b > a:
                    pieces = out.setdefault(block, [])
                    if pieces and pieces[-1][1] >= a - 1 and block_start + a - 1 >= first:
                        pieces[-1] = (pieces[-1][0], b)  # one space apart in the same run
                    else:
                        pieces.append((a, b))
                block += 1
        return out


def _align(text: str, shown: str) -> tuple[list[int], bytearray]:
    """For each character of ``text``, its index in ``shown`` (non-decreasing) and whether it was found there:
    a greedy in-order match where white space only matches white space and a character not found nearby is
    left unmatched (placed where the next match will be)."""
    positions: list[int] = []
    matched = bytearray(len(text))
    append = positions.append
    j = 0
    limit = len(shown)
    for index, char in enumerate(text):
        if j >= limit:
            append(max(0, limit - 1))
            continue
        if char.isspace():
            append(j)
            if shown[j].isspace():
                matched[index] = 1
                j += 1
            continue
        found = shown.find(char, j, j + LOOKAHEAD)
        if found < 0:
            append(j)
        else:
            append(found)
            matched[index] = 1
            j = found + 1
    return positions, matched
