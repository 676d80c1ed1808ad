"""The reader's work on a text: where a highlight is (text-quote anchoring) and the text it is anchored in.

Pure: no I/O, no library. The Reader stores what these compute (``inkreader.store.annotations``).
"""

from __future__ import annotations

from functools import lru_cache

from .anchor import Placement, fold, make_selector, place, placement, trim
from .text import Block, DocumentText, sentence_spans


@lru_cache(maxsize=8)
def document_text(markdown: str) -> DocumentText:
    """The DocumentText of a body, cached: the TUI and the Reader ask for the same body many times."""
    return DocumentText.from_markdown(markdown)


__all__ = [
    "Block",
    "DocumentText",
    "Placement",
    "document_text",
    "fold",
    "make_selector",
    "place",
    "placement",
    "sentence_spans",
    "trim",
]
