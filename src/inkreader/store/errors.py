"""The library's errors: every one is a :class:`~inkreader.errors.LibraryError` whose str() is one line."""

from __future__ import annotations

from inkreader.errors import LibraryError, NotInLibrary

__all__ = [
    "LibraryBusy",
    "LibraryCorrupt",
    "LibraryError",
    "LibraryFull",
    "LibraryReadOnly",
    "LibraryTooNew",
    "NotInLibrary",
    "SearchCancelled",
]


class LibraryReadOnly(LibraryError):
    """The file or its directory cannot be written: reading still works, saving does not."""


class LibraryFull(LibraryError):
    """SQLITE_FULL / ENOSPC: the transaction was rolled back, nothing already stored was lost."""


class LibraryBusy(LibraryError):
    """Another process held the write lock past the busy timeout: nothing was written."""


class SearchCancelled(LibraryError):
    """A search was dropped through its :class:`~inkreader.store.search.CancelToken` (a newer query came)."""


class LibraryCorrupt(LibraryError):
    """The file is damaged and could not be moved aside (or was damaged while open)."""


class LibraryTooNew(LibraryError):
    """The file was written by a newer inkreader (schema version above ours): left untouched."""
