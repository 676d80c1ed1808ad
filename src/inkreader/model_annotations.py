"""Part of :mod:`inkreader.model` (import them from there): highlights and the passages they quote. Kept apart so
that starting the reader, which needs none of them, does not build their dataclasses (~0.3 ms each)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: at run time this module needs nothing of inkreader.model, which loads it
    from inkreader.model import JsonObject

# -- the reader's own work on a piece: highlights, notes, tags (see reader_annotations.py) ---------------


@dataclass(slots=True)
class TextQuote:
    """A W3C Web Annotation TextQuoteSelector (``exact`` with ``prefix``/``suffix`` context), plus the block the
    passage was in when made (a hint for choosing among repeats). Offsets and text are those of
    :class:`inkreader.annotate.DocumentText` (the body's blocks as plain text)."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    block_hint: int | None = None


@dataclass(slots=True)
class Highlight:
    """A highlighted passage of a piece, with the reader's note.

    ``block``/``start`` … ``end_block``/``end`` place it in the piece's current body (block index, offset in
    that block's text; end exclusive), as last anchored; all None when ``detached`` (the passage can no longer
    be found: kept and listed, never dropped). ``title`` and ``tags`` are the piece's, for listings.
    """

    id: int
    url: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    block_hint: int | None = None
    note: str = ""
    created: str = ""
    updated: str = ""
    detached: bool = False
    block: int | None = None
    start: int | None = None
    end_block: int | None = None
    end: int | None = None
    title: str = ""
    tags: list[str] = field(default_factory=list)
    page: int | None = None
    """The page of a PDF the passage begins on (None: not a PDF's text, or detached)."""

    @property
    def selector(self) -> TextQuote:
        return TextQuote(self.quote, self.prefix, self.suffix, self.block_hint)

    def to_json(self) -> JsonObject:
        """The ``highlights --json`` contract (DESIGN.md), plus ``id`` and ``updated``."""
        return {
            "url": self.url,
            "title": self.title,
            "quote": self.quote,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "detached": self.detached,
            "page": self.page,
            "id": self.id,
            "updated": self.updated,
        }
