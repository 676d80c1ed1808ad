"""Visual mode's selection: a range of the annotation text that grows and shrinks by sentence or by block.

The selection starts with the first sentence of a block and keeps that start; ``j``/``k`` move its end a
sentence on or back, ``J``/``K`` a block. It never shrinks below its first sentence. Offsets are those of
:class:`inkreader.annotate.DocumentText` (what ``Reader.add_highlight`` takes). UI-free.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inkreader.annotate import DocumentText


@dataclass(frozen=True, slots=True)
class Selection:
    start: int
    end: int
    floor: int  # the end of the first sentence: the selection never shrinks below it


def _ends(doc: DocumentText, block: int) -> list[int]:
    start = doc.blocks[block].start
    return [start + end for _, end in doc.sentences(block)]


def _block_end(doc: DocumentText, block: int) -> int:
    found = doc.blocks[block]
    return found.start + len(found.text)


def begin(doc: DocumentText, block: int) -> Selection | None:
    """The first sentence of ``block`` (None for a body with no text)."""
    if not doc.blocks:
        return None
    block = min(max(0, block), len(doc.blocks) - 1)
    first_start, first_end = doc.sentences(block)[0]
    start = doc.blocks[block].start
    return Selection(start + first_start, start + first_end, start + first_end)


def by_sentence(doc: DocumentText, selection: Selection, step: int) -> Selection:
    block = doc.block_at(max(selection.start, selection.end - 1))
    if step > 0:
        later = [end for end in _ends(doc, block) if end > selection.end]
        if not later and block + 1 < len(doc.blocks):
            later = _ends(doc, block + 1)
        return replace(selection, end=later[0]) if later else selection
    earlier = [end for end in _ends(doc, block) if end < selection.end]
    if not earlier and block > 0:
        earlier = _ends(doc, block - 1)
    return replace(selection, end=max(selection.floor, earlier[-1])) if earlier else selection


def by_block(doc: DocumentText, selection: Selection, step: int) -> Selection:
    block = doc.block_at(max(selection.start, selection.end - 1))
    if step > 0:
        if selection.end < _block_end(doc, block):
            return replace(selection, end=_block_end(doc, block))
        if block + 1 < len(doc.blocks):
            return replace(selection, end=_block_end(doc, block + 1))
        return selection
    if block == 0:
        return replace(selection, end=selection.floor)
    return replace(selection, end=max(selection.floor, _block_end(doc, block - 1)))
