"""The one error family inkreader raises on purpose. Anything else escaping is a bug.

Every message is one short line meant for a person: the CLI prints it on stderr, the TUI as a notification.
"""

from __future__ import annotations


class InkreaderError(Exception):
    """Base class: ``str(error)`` is the whole message shown to the user."""


class FetchError(InkreaderError):
    """The page could not be fetched (network, HTTP status, size, type...)."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class NetworkUnavailable(FetchError):
    """No route, DNS failure, connection refused or timeout: the caller may fall back to the library."""


class BlockedByChallenge(FetchError):
    """A bot challenge (Cloudflare 'Just a moment...', 403 with cf-mitigated). We never work around it."""


class ExtractError(InkreaderError):
    """The page was fetched but holds nothing readable (JS-only shell, empty page, binary)."""


class LibraryError(InkreaderError):
    """The SQLite library could not be read or written (read-only, full disk, corrupt file, locked)."""


class NotInLibrary(LibraryError):
    """Offline and the page was never cached or saved."""


class HasHighlights(InkreaderError):
    """Unsaving a piece that has highlights: the user is asked first (CLI: ``--force``). ``count`` of them."""

    def __init__(self, message: str, *, url: str, count: int) -> None:
        super().__init__(message)
        self.url = url
        self.count = count
