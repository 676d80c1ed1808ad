"""Rows read back into the model: the one place that knows how stored columns map to fields."""

from __future__ import annotations

import json

from inkreader.model import LibraryEntry

from .db import DbRow

ENTRY_COLUMNS = (
    "a.url, a.title, a.outlet, a.published, a.kind, a.authors, s.saved_at, a.read_at, h.visited_at, a.position"
)
"""What :func:`library_entry` reads, in order (``a`` articles, ``s`` saved, ``h`` history)."""


def json_list(text: str | None) -> list[str]:
    """A stored JSON list of strings (authors...); anything else reads as empty."""
    if not text or text == "[]":
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [str(item) for item in value] if isinstance(value, list) else []


def library_entry(row: DbRow) -> LibraryEntry:
    """A row selected with :data:`ENTRY_COLUMNS`."""
    return LibraryEntry(
        url=row[0],
        title=row[1],
        outlet=row[2],
        published=row[3],
        kind=row[4],
        authors=json_list(row[5]),
        saved_at=row[6],
        read_at=row[7],
        visited_at=row[8],
        position=row[9],
    )
