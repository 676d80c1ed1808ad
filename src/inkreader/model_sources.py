"""Part of :mod:`inkreader.model` (import them from there): followed sources, feeds and the inbox. Kept apart so
that starting the reader, which needs none of them, does not build their dataclasses (~0.3 ms each)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # a type only: at run time this module needs nothing of inkreader.model, which loads it
    from inkreader.model import JsonObject

# -- sources and the inbox ---------------------------------------------------------------------------------
SourceKind = Literal["feed", "listing", "sitemap"]


@dataclass(slots=True)
class Source:
    """A place the user follows. ``url`` is what the user added; ``feed_url`` is what refresh fetches."""

    name: str
    url: str
    feed_url: str
    kind: str  # SourceKind
    folder: str | None = None  # OPML folder path ("Think tanks/Defense"), or None
    items: int = 0
    unread: int = 0
    last_refresh: str | None = None  # ISO datetime (UTC)
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    id: int | None = None

    def to_json(self) -> JsonObject:
        """The ``sources list --json`` contract."""
        return {
            "name": self.name,
            "url": self.url,
            "feed_url": self.feed_url,
            "kind": self.kind,
            "items": self.items,
            "unread": self.unread,
            "last_refresh": self.last_refresh,
            "last_error": self.last_error,
        }


@dataclass(slots=True)
class FeedEntry:
    """One item as a feed, listing or sitemap gives it (text already cleaned, link absolute)."""

    url: str
    title: str
    guid: str
    published: str | None = None  # ISO date or datetime
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    kind: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    home_url: str | None = None
    notes: list[str] = field(default_factory=list)  # what was left out, in plain words (said once)


@dataclass(slots=True)
class InboxItem:
    """A row of the inbox."""

    url: str
    title: str
    source: str
    kind: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    read: bool = False
    id: int | None = None
    sources: list[str] = field(default_factory=list)  # every source announcing this piece (``source`` first)

    def to_json(self) -> JsonObject:
        """The ``inbox --json`` contract."""
        return {
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "sources": list(self.sources or [self.source]),
            "kind": self.kind,
            "outlet": self.outlet,
            "published": self.published,
            "authors": list(self.authors),
            "summary": self.summary,
            "read": self.read,
        }


@dataclass(slots=True)
class Discovery:
    """What ``sources add`` found behind a URL, and how (said to the user)."""

    feed_url: str
    kind: str  # SourceKind
    title: str | None
    how: str  # "the address is a feed (RSS 2.0)", "the page announces a feed…"
    entries: list[FeedEntry] = field(default_factory=list)
    etag: str | None = None  # validators of the feed as fetched, for the first conditional GET
    last_modified: str | None = None


@dataclass(slots=True)
class SourceResult:
    """One source's refresh."""

    name: str
    new: int = 0
    error: str | None = None
    not_modified: bool = False
    fetched_at: str | None = None
    notes: list[str] = field(default_factory=list)  # what was left out (malformed items), in plain words
    skipped: bool = False
    """Not tried: its host's time for this refresh ran out first (``error`` says so; nothing is stored)."""


@dataclass(slots=True)
class PrefetchReport:
    """The pages of new items fetched ahead for offline reading."""

    wanted: int = 0
    stored: int = 0
    failed: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class RefreshReport:
    results: list[SourceResult] = field(default_factory=list)
    prefetch: PrefetchReport | None = None

    @property
    def failures(self) -> list[SourceResult]:
        return [result for result in self.results if result.error]

    @property
    def new(self) -> int:
        return sum(result.new for result in self.results)

    @property
    def succeeded(self) -> int:
        return sum(1 for result in self.results if not result.error)
