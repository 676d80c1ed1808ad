"""Data passed between fetch, extract, the library, the reader service, the CLI and the TUI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

# A JSON object as json.loads gives it and json.dumps takes it: its values are any JSON value.
JsonObject = dict[str, Any]


@dataclass(slots=True)
class Link:
    """A link in an article body, in document order (absolute URL)."""

    text: str
    url: str


@dataclass(slots=True)
class RelatedItem:
    """A card: an entry of a listing page, a "More from CNAS" item, a person's publication."""

    url: str
    title: str
    kind: str | None = None  # "commentary", "report", "podcast", ... (lower case)
    outlet: str | None = None  # outside publication, when the card names one
    published: str | None = None  # ISO date
    summary: str | None = None
    authors: list[str] = field(default_factory=list)
    program: str | None = None  # CNAS research programme, when shown


@dataclass(slots=True)
class Article:
    """One extracted page. ``markdown`` is the body; metadata may come from the think-tank page when followed."""

    url: str  # canonical URL of the page asked for
    final_url: str  # after redirects (and of the think-tank page, not the outlet)
    site: str  # "cnas" | "generic" | ...
    kind: str  # "commentary" | "report" | "podcast" | "listing" | "person" | "article" ...
    title: str
    markdown: str
    published: str | None = None  # ISO date
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None  # outside publication
    summary: str | None = None
    full_article_url: str | None = None
    followed: bool = False  # markdown comes from full_article_url
    related: list[RelatedItem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    next_url: str | None = None  # listings: the next page
    fetched_at: str | None = None  # ISO datetime (UTC)
    from_cache: bool = False
    offline: bool = False
    # Not part of the JSON contract: kept for the reader (f toggles) and for notes shown to the user.
    summary_markdown: str | None = None  # the think-tank page's own body when followed
    notes: list[str] = field(default_factory=list)  # e.g. "robots.txt disallows…", "outlet refused: …"
    preview_only: bool = False  # paywall / login wall: what an anonymous reader gets

    JSON_FIELDS = (
        "url",
        "final_url",
        "site",
        "kind",
        "title",
        "published",
        "authors",
        "outlet",
        "summary",
        "full_article_url",
        "followed",
        "markdown",
        "related",
        "links",
        "fetched_at",
        "from_cache",
        "offline",
    )

    def to_json(self) -> JsonObject:
        """The ``read --json`` contract (README, "From the shell"); ``next_url`` is added for listings."""
        data = {name: getattr(self, name) for name in self.JSON_FIELDS}
        data["related"] = [{k: v for k, v in asdict(item).items() if k != "program"} for item in self.related]
        data["links"] = [asdict(link) for link in self.links]
        if self.kind == "listing":
            data["next_url"] = self.next_url
        return data

    def to_record(self) -> JsonObject:
        """Everything, for the library (round-trips through :meth:`from_record`)."""
        return asdict(self)

    @classmethod
    def from_record(cls, data: JsonObject) -> Article:
        data = dict(data)
        data["related"] = [RelatedItem(**item) for item in data.get("related", [])]
        data["links"] = [Link(**link) for link in data.get("links", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def utc_now_iso() -> str:

    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class Page:
    """A fetched (or cached, or local) HTTP response, body already decompressed and capped."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content: bytes
    text: str  # decoded with the charset from header, <meta> or detection
    encoding: str
    content_type: str
    fetched_at: str  # ISO datetime (UTC)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer to a conditional GET: content is empty
    from_cache: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. "robots.txt disallows this page"


@dataclass(frozen=True, slots=True)
class ReadingMark:
    """What the library knows of a URL for the list pane's markers."""

    read: bool  # opened before (in the history, or marked read)
    saved: bool  # kept for offline reading


@dataclass(slots=True)
class LibraryEntry:
    """A row of ``list --saved`` / ``list --history`` (and the TUI's saved-library screen)."""

    url: str
    title: str
    outlet: str | None = None
    published: str | None = None
    kind: str | None = None
    authors: list[str] = field(default_factory=list)
    saved_at: str | None = None
    read_at: str | None = None
    visited_at: str | None = None  # history: when it was last opened
    position: float | None = None  # reading position 0..1 in the TUI

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def to_json(self) -> JsonObject:
        data = asdict(self)
        data["unread"] = self.unread
        return data


@dataclass(slots=True)
class SearchHit:
    """A full-text search result."""

    url: str
    title: str
    snippet: str
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    saved: bool = False
    kind: str | None = None
    seen_only: bool = False
    """True for an item only seen on a listing or a related card: not read, not in the library (title and
    summary were searched; ``snippet`` comes from the summary)."""

    MATCH_MARK = "**"
    """Matches in ``snippet`` are wrapped in this mark (Markdown bold: readable as plain text too)."""

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(self.MATCH_MARK, "")

    def to_json(self) -> JsonObject:
        return asdict(self)


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
            "id": self.id,
            "updated": self.updated,
        }


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

    def to_json(self) -> JsonObject:
        """The ``inbox --json`` contract."""
        return {
            "url": self.url,
            "title": self.title,
            "source": self.source,
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


@dataclass(slots=True)
class RefreshReport:
    results: list[SourceResult] = field(default_factory=list)

    @property
    def failures(self) -> list[SourceResult]:
        return [result for result in self.results if result.error]

    @property
    def new(self) -> int:
        return sum(result.new for result in self.results)

    @property
    def succeeded(self) -> int:
        return sum(1 for result in self.results if not result.error)
