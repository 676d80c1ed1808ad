"""The library: a SQLite file with the page cache, articles, saved pieces, history and full-text search.

Public: :class:`Library` and the error classes (all
:class:`~inkreader.errors.LibraryError` subclasses). No Textual or httpx here.
"""

from __future__ import annotations

from .errors import (
    LibraryBusy,
    LibraryCorrupt,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    LibraryTooNew,
    NotInLibrary,
    SearchCancelled,
)
from .library import Library
from .search import CancelToken

__all__ = [
    "CancelToken",
    "Library",
    "LibraryBusy",
    "LibraryCorrupt",
    "LibraryError",
    "LibraryFull",
    "LibraryReadOnly",
    "LibraryTooNew",
    "NotInLibrary",
    "SearchCancelled",
]
