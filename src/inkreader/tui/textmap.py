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
    block: int  # index in the reading pane's blocks
    offset: int  # offset in that block's text


class TextMap:
    """Annotation-text offsets ↔ reading-pane (block, offset)."""

    def __init__(self, text: str, shown_blocks: Sequence[str], separator: str = "\n\n") -> None:
        self._starts: list[int] = []
        parts: list[str] = []
        length = 0
        for block_text in shown_blocks:
            self._starts.append(length)
            parts.append(block_text)
            length += len(block_text) + 2
        shown = "\n\n".join(parts).translate(_PLAIN_DIGITS)
        self._shown_length = len(shown)
        self._positions: list[int] = []
        self._runs: list[int] = []  # annotation offsets where a run of contiguous matched characters starts
        self._run_matched: list[bool] = []
        _Aligner(self, text, shown).align(separator)

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
        positions, runs = self._positions, self._runs
        start, end = max(0, start), min(end, len(positions))
        out: dict[int, list[tuple[int, int]]] = {}
        run = max(0, bisect_right(runs, start) - 1)
        while run < len(runs) and runs[run] < end:
            a = max(start, runs[run])
            b = min(end, runs[run + 1] if run + 1 < len(runs) else len(positions))
            if self._run_matched[run] and b > a:
                self._add(out, positions[a], positions[b - 1] + 1)
            run += 1
        return out

    def _add(self, out: dict[int, list[tuple[int, int]]], first: int, last: int) -> None:
        block = max(0, bisect_right(self._starts, first) - 1)
        while block < len(self._starts) and self._starts[block] < last:
            block_start = self._starts[block]
            block_end = self._starts[block + 1] - 2 if block + 1 < len(self._starts) else self._shown_length
            a, b = max(first, block_start) - block_start, min(last, block_end) - block_start
            if b > a:
                pieces = out.setdefault(block, [])
                if pieces and pieces[-1][1] + 1 >= a:
                    pieces[-1] = (pieces[-1][0], max(b, pieces[-1][1]))  # a space apart: one span
                else:
                    pieces.append((a, b))
            block += 1


class _Aligner:
    """Fills a TextMap: each annotation character's index in the shown text (non-decreasing) and the runs of
    contiguous matched characters. A block of the annotation text shown verbatim (most prose) is matched at
    once; the others character by character: white space matches only white space, and a character not found
    a little ahead is left unmatched."""

    def __init__(self, target: TextMap, text: str, shown: str) -> None:
        self.target = target
        self.text = text
        self.shown = shown
        self.j = 0
        self.last = -2  # shown index of the last matched character (-2: none, or a break)

    def align(self, separator: str) -> None:
        text = self.text
        offset = 0
        while offset < len(text):
            cut = text.find(separator, offset)
            end = len(text) if cut < 0 else cut
            if end > offset:
                self._block(offset, end)
            if cut < 0:
                break
            self._chars(end, end + len(separator))
            offset = end + len(separator)

    def _run(self, offset: int, matched: bool) -> None:
        self.target._runs.append(offset)
        self.target._run_matched.append(matched)

    def _block(self, start: int, end: int) -> None:
        piece = self.text[start:end]
        found = self.shown.find(piece, self.j, self.j + len(piece) + LOOKAHEAD)
        if found < 0:
            self._chars(start, end)
            return
        if found != self.last + 1 or not self.target._run_matched or not self.target._run_matched[-1]:
            self._run(start, True)
        self.target._positions.extend(range(found, found + len(piece)))
        self.j = found + len(piece)
        self.last = self.j - 1

    def _chars(self, start: int, end: int) -> None:
        shown, positions, limit = self.shown, self.target._positions, len(self.shown)
        runs_matched = self.target._run_matched
        for index in range(start, end):
            char = self.text[index]
            j = self.j
            found = -1
            if j < limit:
                if char.isspace():
                    found = j if shown[j].isspace() else -1
                else:
                    found = shown.find(char, j, j + LOOKAHEAD)
            if found < 0:
                positions.append(min(j, max(0, limit - 1)))
                if not runs_matched or runs_matched[-1]:
                    self._run(index, False)
                self.last = -2
                continue
            positions.append(found)
            if found != self.last + 1 or not runs_matched or not runs_matched[-1]:
                self._run(index, True)
            self.last = found
            self.j = found + 1
