"""Data passed between fetch, extract, the library, the reader service, the CLI and the TUI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # defined in their own modules, loaded on first use (see __getattr__ at the end)
    from inkreader.model_annotations import Highlight as Highlight
    from inkreader.model_annotations import TextQuote as TextQuote
    from inkreader.model_sources import Discovery as Discovery
    from inkreader.model_sources import FeedEntry as FeedEntry
    from inkreader.model_sources import InboxItem as InboxItem
    from inkreader.model_sources import ParsedFeed as ParsedFeed
    from inkreader.model_sources import RefreshReport as RefreshReport
    from inkreader.model_sources import Source as Source
    from inkreader.model_sources import SourceKind as SourceKind
    from inkreader.model_sources import SourceResult as SourceResult

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


@dataclass(frozen=True, slots=True)
class Extraction:
    """How an article's text was found, and how sure the extractor is of it."""

    method: str  # "cnas" | "generic" | "reconciled" | "fallback" | "pdf"
    confidence: float  # 0..1

    def to_json(self) -> JsonObject:
        return {"method": self.method, "confidence": round(self.confidence, 3)}


@dataclass(slots=True)
class OutletPage:
    """The outside outlet's own page of a followed piece, as that page names itself (what a citation cites)."""

    url: str
    title: str = ""
    published: str | None = None  # ISO date
    authors: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, data: JsonObject) -> OutletPage | None:
        if not isinstance(data.get("url"), str):
            return None
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})


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
    publisher: str | None = None  # the organisation whose page this is, as the page names it
    outlet_page: OutletPage | None = None  # a followed piece: the outlet's page it was read from
    pages: int | None = None  # PDFs: the page count (HTML pages: None)
    report_number: str | None = None  # a report's number, as its publisher gives it ("RR-A1234-1")
    # Not part of the JSON contract: kept for the reader (f toggles) and for notes shown to the user.
    summary_markdown: str | None = None  # the think-tank page's own body when followed
    notes: list[str] = field(default_factory=list)  # e.g. "robots.txt disallows…", "outlet refused: …"
    preview_only: bool = False  # paywall / login wall: what an anonymous reader gets
    pdf_url: str | None = None  # the page's own PDF of the piece (citation_pdf_url), when it names one
    extraction: Extraction | None = None  # None: read before extractions said how they were made

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
        "publisher",
        "outlet_page",
        "pages",
        "report_number",
        "extraction",
    )

    def to_json(self) -> JsonObject:
        """The ``read --json`` contract (README, "From the shell"); ``next_url`` is added for listings."""
        data = {name: getattr(self, name) for name in self.JSON_FIELDS}
        data["related"] = [{k: v for k, v in asdict(item).items() if k != "program"} for item in self.related]
        data["links"] = [asdict(link) for link in self.links]
        data["outlet_page"] = asdict(self.outlet_page) if self.outlet_page is not None else None
        data["extraction"] = self.extraction.to_json() if self.extraction is not None else None
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
        extraction = data.get("extraction")
        data["extraction"] = Extraction(**extraction) if isinstance(extraction, dict) else None
        outlet_page = data.get("outlet_page")
        data["outlet_page"] = OutletPage.from_record(outlet_page) if isinstance(outlet_page, dict) else None
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


# Highlights and sources are defined in their own modules, loaded the first time one of their names is asked for
# here: the reader's first frame needs none of them. ``inkreader.model`` stays the one place to import them from.
_ANNOTATIONS = frozenset({"TextQuote", "Highlight"})
_SOURCES = frozenset(
    {"SourceKind", "Source", "FeedEntry", "ParsedFeed", "InboxItem", "Discovery", "SourceResult", "RefreshReport"}
)


def __getattr__(name: str) -> Any:
    if name in _ANNOTATIONS:
        from inkreader import model_annotations

        value = getattr(model_annotations, name)
    elif name in _SOURCES:
        from inkreader import model_sources

        value = getattr(model_sources, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
