"""Visual mode's selection: a range of the annotation text that grows and shrinks by sentence or by block.

As in a text editor's visual mode, the selection has an *anchor* (the sentence it began at, always selected)
and a *head* that the movement keys move: ``j``/``k`` a sentence on or back, ``J``/``K`` to the end or the start
of a block. It runs from whichever of the two comes first to whichever ends last, so moving the head above the
anchor grows the selection upward. A mouse selection is the same thing with anchor and head on the dragged
range (``by_mouse``). Offsets are those of :class:`inkreader.annotate.DocumentText` (what
``Reader.add_highlight`` takes). UI-free.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inkreader.annotate import DocumentText

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Selection:
    anchor: Span  # where the selection began (a sentence, or a mouse range): always part of it
    head: Span  # the sentence the movement keys move
    by_mouse: bool = False  # made with the mouse: the movement keys scroll instead of moving the head

    @property
    def start(self) -> int:
        return min(self.anchor[0], self.head[0])

    @property
    def end(self) -> int:
        return max(self.anchor[1], self.head[1])


def from_range(start: int, end: int) -> Selection:
    """A mouse selection of annotation offsets [start, end)."""
    return Selection((start, end), (start, end), by_mouse=True)


def _sentences(doc: DocumentText, block: int) -> list[Span]:
    start = doc.blocks[block].start
    return [(start + a, start + b) for a, b in doc.sentences(block)]


def sentence_at(doc: DocumentText, offset: int) -> Span:
    """The sentence holding annotation offset ``offset`` (the nearest one before it, in the gap after one)."""
    spans = _sentences(doc, doc.block_at(offset))
    return next((span for span in reversed(spans) if span[0] <= offset), spans[0])


def begin(doc: DocumentText, block: int) -> Selection | None:
    """The first sentence of ``block`` (None for a body with no text)."""
    if not doc.blocks:
        return None
    block = min(max(0, block), len(doc.blocks) - 1)
    first = _sentences(doc, block)[0]
    return Selection(first, first)


def _head_block(doc: DocumentText, selection: Selection) -> tuple[int, list[Span], int]:
    """(block of the head, its sentences, the head's index among them)."""
    head = selection.head
    block = doc.block_at(head[0])
    spans = _sentences(doc, block)
    index = next((i for i, span in enumerate(spans) if span[0] >= head[0]), len(spans) - 1)
    return block, spans, index


def by_sentence(doc: DocumentText, selection: Selection, step: int) -> Selection:
    """The head a sentence on (``step`` > 0) or back, into the next or previous block at its ends."""
    block, spans, index = _head_block(doc, selection)
    if step > 0:
        if index + 1 < len(spans):
            return replace(selection, head=spans[index + 1])
        if block + 1 < len(doc.blocks):
            return replace(selection, head=_sentences(doc, block + 1)[0])
        return selection
    if index > 0:
        return replace(selection, head=spans[index - 1])
    if block > 0:
        return replace(selection, head=_sentences(doc, block - 1)[-1])
    return selection


def by_block(doc: DocumentText, selection: Selection, step: int) -> Selection:
    """The head to the last sentence of its block (``step`` > 0), or of the next block when it is there
    already; backward, to the first sentence of its block or of the previous one."""
    block, spans, index = _head_block(doc, selection)
    if step > 0:
        if index + 1 < len(spans):
            return replace(selection, head=spans[-1])
        if block + 1 < len(doc.blocks):
            return replace(selection, head=_sentences(doc, block + 1)[-1])
        return selection
    if index > 0:
        return replace(selection, head=spans[0])
    if block > 0:
        return replace(selection, head=_sentences(doc, block - 1)[0])
    return selection
