"""Feed bytes → :class:`~inkreader.model.ParsedFeed`: RSS 0.9x/1.0/2.0, Atom 1.0 and JSON Feed 1.x.

Parsing is fastfeedparser's (lxml with ``resolve_entities=False``, dates normalised to ISO 8601; 50-100x
feedparser's speed in bench/feeds.py). On top of it: a feed that declares XML entities is refused before any
parser sees it (XXE, "billion laughs"); every text is cleaned of escapes, controls and bidi overrides; links are
made absolute and only http(s) kept; summaries lose their markup; a repeated GUID counts once.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import InkreaderError
from ..model import FeedEntry, Page, ParsedFeed
from ..text import clean_line
from .feed_fields import ItemFields, channel_title, read_items
from .jsonfeed import JsonFeedError, is_json, parse_json_feed

SUMMARY_CHARS = 600  # what an inbox row shows; well under the 2,000 a summary may have
TITLE_CHARS = 1000
NAME_CHARS = 200  # a feed's title, which names the source
AUTHOR_CHARS = 200
AUTHORS_KEPT = 20
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200  # feed dates outside are mistakes or attacks, as for pages
# A DOCTYPE's internal subset declaring entities: no feed needs one, attacks (XXE, entity expansion) do.
_ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE | re.DOTALL)
_PROLOG_BYTES = 64 * 1024
_TAG = re.compile(r"<[^>]{0,2000}>")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE | re.DOTALL)
# 7-bit terminal escape sequences, whole (ESC is no XML character: a parser in recovery mode would drop the ESC
# and keep the rest, "[31m"). 8-bit ones are valid XML characters and go later, with the rest of clean_line.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?"
)
_AUTHOR_IN_PARENS = re.compile(r"^(?P<outside>[^()]*?)\s*\((?P<inside>[^()]+)\)$")  # "mail (Name)", "Name (mail)"
_KINDS = {
    "commentary",
    "report",
    "reports",
    "podcast",
    "article",
    "analysis",
    "news",
    "opinion",
    "essay",
    "interview",
    "video",
    "event",
    "testimony",
    "brief",
    "policy brief",
}


class FeedError(InkreaderError):
    """The answer is not a feed inkreader can read (HTML, garbage, entity declarations...)."""


def looks_like_html(content: bytes) -> bool:
    return bool(_HTML_START.match(content[:4096].lstrip(b"\xef\xbb\xbf")))


def _utf8(content: bytes) -> bytes:
    """A UTF-16 feed (with its byte-order mark) as UTF-8, its XML declaration saying so: every check below reads
    bytes as ASCII-compatible."""
    if not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content
    text = content.decode("utf-16", "replace")
    text = re.sub(r"^(<\?xml[^>]*?encoding=[\"'])[Uu][Tt][Ff]-?16(?:[LlBb][Ee])?", r"\1utf-8", text, count=1)
    return text.encode("utf-8", "replace")


def looks_like_feed(content: bytes) -> bool:
    """A cheap sniff: XML whose first element is rss/feed/RDF, or a JSON object naming jsonfeed.org."""
    head = _utf8(content[:8192])[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return b"jsonfeed.org" in head
    return bool(re.search(rb"<(?:\w+:)?(?:rss|feed|RDF)[\s>]", head))


def parse_feed_page(page: Page) -> ParsedFeed:
    """Parse a fetched feed; its ``Content-Location`` header, when there is one, is the base of its links."""
    return parse_feed(page.content, page.final_url, content_location=page.headers.get("content-location"))


def parse_feed(content: bytes, url: str, *, content_location: str | None = None) -> ParsedFeed:
    """Parse a feed fetched from ``url``; FeedError (one line) when it is none."""
    content = _utf8(content)
    if not content.strip():
        raise FeedError("The feed is empty.")
    if _ENTITY_DECLARATION.search(content[:_PROLOG_BYTES]):
        raise FeedError(
            "The feed declares XML entities (a DOCTYPE with <!ENTITY>); inkreader does not expand them, "
            "so it does not read this feed."
        )
    if looks_like_html(content):
        raise FeedError("The address gives an HTML page, not a feed.")
    if b"\x1b" in content:
        content = _ESCAPES.sub(b"", content)
    notes: list[str] = []
    if is_json(content):
        try:
            json_feed = parse_json_feed(content)
        except JsonFeedError as error:
            raise FeedError(f"Not a feed inkreader can read: {error}.") from None
        parsed: dict[str, Any] = {"feed": json_feed.feed, "entries": json_feed.entries}
        notes = json_feed.notes
    else:
        import fastfeedparser

        layer = read_items(content)
        try:
            parsed = fastfeedparser.parse(content)
        except RecursionError:
            raise FeedError("Not a feed inkreader can read: it is nested too deeply.") from None
        except Exception as error:  # the library's own errors are ValueError, lxml's XMLSyntaxError, ...
            if not layer:  # RSS 0.90, which it does not know, is read by our layer alone
                raise FeedError(f"Not a feed inkreader can read ({_reason(error)}).") from None
            parsed = {"feed": {}, "entries": []}
        if layer and not parsed.get("entries"):
            parsed = {"feed": {"title": channel_title(content)}, "entries": [{} for _ in layer]}
        _overlay(parsed.get("entries") or [], layer)
    feed = parsed.get("feed") or {}
    base = url
    if content_location:
        base = _http_url(content_location, url) or url
    home = _http_url(feed.get("link"), base)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in parsed.get("entries") or []:
        entry = _entry(raw, base)
        if entry is None or entry.guid in seen:
            continue
        seen.add(entry.guid)
        entries.append(entry)
    title = _capped(_plain(feed.get("title"), NAME_CHARS), NAME_CHARS) or None
    if not entries and not title:
        raise FeedError("Not a feed inkreader can read (no title and no items).")
    return ParsedFeed(title=title, entries=entries, home_url=home, notes=notes)


def _overlay(entries: list[dict[str, Any]], layer: list[ItemFields] | None) -> None:
    """Our reading of the fields fastfeedparser reads differently (see feed_fields), item by item; only when
    both found the same items, so that no field lands on another item."""
    if not layer or len(layer) != len(entries):
        return
    for raw, fields in zip(entries, layer, strict=True):
        if fields.title is not None:
            raw["title"] = fields.title
            raw["_title_markup"] = fields.title_is_html
        if len(fields.authors) > 1 or (fields.authors and not raw.get("author") and not raw.get("authors")):
            raw["authors"] = [{"name": name} for name in fields.authors]
        if fields.dates > 1 or (fields.dates and not raw.get("published") and not raw.get("updated")):
            when = _raw_date(fields.published) or _raw_date(fields.updated) or _raw_date(fields.created)
            if when:
                raw["published"], raw["updated"] = when, None
        if not raw.get("link") and fields.link:
            raw["link"] = fields.link
        if not raw.get("id") and fields.guid:
            raw["id"] = fields.guid


def _raw_date(text: str | None) -> str | None:
    """ISO 8601 or RFC 822 (the forms feeds use) as UTC ISO; None leaves the date to fastfeedparser."""
    if not text or len(text) > 64:
        return None
    from email.utils import parsedate_to_datetime

    value = text.strip()
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat()


def _clean(text: str) -> str:
    """clean_line, with a fast path for the common case of plain printable ASCII (most feed text)."""
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    return clean_line(text)


_PLAIN_HTTP = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][!-~]*)?$")


def _reason(error: Exception) -> str:
    text = clean_line(str(error)) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plain(value: Any, limit: int | None = None) -> str:
    """One clean line: markup stripped (titles of type html), entities left as the parser gave them. With a
    ``limit``, a huge value is cut before the work (markup and blanks make it shrink, so with room to spare)."""
    if not isinstance(value, str) or not value:
        return ""
    if limit is not None and len(value) > 8 * limit:
        value = value[: 8 * limit]
    if "<" in value:
        value = _TAG.sub(" ", value)
    return _clean(_unescape(value))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text) if "&" in text else text


def _http_url(value: Any, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _PLAIN_HTTP.match(text):  # already absolute and plain: no need for the full parse
        return text
    try:
        absolute = urljoin(base, clean_line(text))
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def _entry(raw: dict[str, Any], base: str) -> FeedEntry | None:
    link = _http_url(raw.get("link"), base)
    guid_text = _clean(str(raw.get("id") or ""))
    if link is None:  # a permalink GUID is the address (any case of scheme: "HTTP://...")
        link = _http_url(guid_text, base) if guid_text.lower().startswith(("http://", "https://", "/")) else None
    if link is None:  # nothing to open: an item is only worth showing when it leads somewhere
        return None
    if raw.get("_title_markup") is False:  # a text title: "<" and ">" in it are literal text
        title_text = _clean(str(raw.get("title") or "")[: 8 * TITLE_CHARS])
    else:
        title_text = _plain(raw.get("title"), TITLE_CHARS)
    title = _capped(title_text, TITLE_CHARS) or link
    guid = guid_text or link
    if len(guid) > 1000:
        guid = hashlib.sha256(guid.encode()).hexdigest()
    summary = _plain(raw.get("description") or raw.get("summary"), SUMMARY_CHARS)
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
    return FeedEntry(
        url=link,
        title=title,
        guid=guid,
        published=_date(raw.get("published") or raw.get("updated")),
        authors=_authors(raw),
        summary=summary or None,
        kind=_kind(raw),
    )


def _date(value: Any) -> str | None:
    """fastfeedparser gives ISO 8601 in UTC (RFC 822, ISO, no-zone and dateutil's other forms) or None.

    A date more than a day ahead is not believed: its parser reads phrases such as "the day after tomorrow"
    relative to now, and a future date would sit on top of the inbox for good."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR or when > datetime.now(UTC) + timedelta(days=1):
        return None
    return str(value)


def _authors(raw: dict[str, Any]) -> list[str]:
    names: list[str] = []
    authors = raw.get("authors")
    for author in (authors if isinstance(authors, list) else [])[: 4 * AUTHORS_KEPT]:
        name = author.get("name") if isinstance(author, dict) else author
        names.append(_plain(name, AUTHOR_CHARS))
    if not names:
        names.append(_plain(raw.get("author"), AUTHOR_CHARS))
    cleaned = []
    for name in names:
        name = _capped(_author_name(name), AUTHOR_CHARS)
        if name and "@" not in name and name not in cleaned:
            cleaned.append(name)
    return cleaned[:AUTHORS_KEPT]


def _author_name(text: str) -> str:
    """ "mail@host (Name)" and "Name (mail@host)" both give the name; a bare address gives none."""
    match = _AUTHOR_IN_PARENS.match(text)
    if match:
        outside, inside = match.group("outside").strip(), match.group("inside").strip()
        return inside if "@" in outside or not outside else outside if "@" in inside else text
    return text


def _kind(raw: dict[str, Any]) -> str | None:
    for tag in raw.get("tags") or []:
        term = _plain(tag.get("term") if isinstance(tag, dict) else tag).lower()
        if term in _KINDS:
            return "report" if term == "reports" else term
    return None
