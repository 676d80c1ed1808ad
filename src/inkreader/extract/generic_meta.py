"""Page metadata for the generic adapter: title, date, authors, outlet, summary.

Read from the whole page before the body is pruned: ``<meta>`` (Open Graph, article:, Dublin Core, twitter:),
JSON-LD (``NewsArticle`` and friends, ``@graph`` included), ``<time datetime>``, ``rel=author`` and byline
elements. Every value passes through :func:`inkreader.text.clean_line`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..model import JsonObject
from ..text import clean_line
from .authors import split_authors
from .dates import parse_date
from .dom import strip_glued_markers, text_without_markers

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|WebPage|Posting", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
# The first element whose class names a byline (matching class attributes, not elements: half the time).
_BYLINE_CLASS = etree.XPath("//@class[contains(., 'byline') or contains(., 'author-name')]")
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|words by|posted by|von|par|por)\s*[:\-]?\s+", re.I)


@dataclass(slots=True)
class Meta:
    title: str = ""
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    summary: str | None = None
    json_ld: list[JsonObject] = field(default_factory=list)


def _meta_values(root: HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in values:
            values[key] = content
    return values


# "\ud800" with no partner: json would hand back a lone surrogate, which no encoder (SQLite, the terminal) takes.
# It becomes U+FFFD, as a numeric entity for one does in HTML.
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _json_ld(root: HtmlElement) -> list[JsonObject]:
    """Every JSON-LD object on the page, ``@graph`` members flattened; broken JSON is skipped."""
    found: list[JsonObject] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_LONE_SURROGATE_ESCAPE.sub(r"\\ufffd", script.text.strip().rstrip(";")))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(found) < 50:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return found


def _ld_article(objects: list[JsonObject]) -> JsonObject:
    for item in objects:
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) and k != "WebPage" for k in kinds):
            return item
    for item in objects:
        if item.get("datePublished") or item.get("author"):
            return item
    return {}


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_names(item))
        return out
    return []


def iso_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from the usual machine-readable and printed forms, or None."""
    if not value or not isinstance(value, str):
        return None
    # The shared parser reads ISO and printed dates; some CMSs also emit a compact "20260303[T…]".
    compact = _COMPACT_DATE.match(value.strip())
    if compact:
        return parse_date(f"{compact[1]}-{compact[2]}-{compact[3]}")
    return parse_date(value)


_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\D|$)")


def _clean_authors(names: list[str]) -> list[str]:
    out: list[str] = []
    for raw in names:
        raw = clean_line(raw)
        if not raw or raw.startswith("http") or len(raw) > 120:
            continue
        raw = _BY_PREFIX.sub("", raw)
        for name in split_authors(raw):  # keeps suffixes whole: "Col. A, USA (Ret.)", "B, Jr."
            name = name.strip(" .·|")
            if 1 < len(name) <= 60 and any(c.isalpha() for c in name) and name not in out:
                out.append(name)
    return out[:10]


def site_name_from_host(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host)
    return host or None


def _strip_site_suffix(title: str, outlet: str | None) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if outlet:
        low = outlet.lower()
        kept = [p for p in parts if p.lower() != low and low not in p.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # otherwise drop a short last part ("Title | Outlet") when the first part is substantial
    if len(parts[-1]) <= 30 and len(parts[0]) >= 15:
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def read_meta(root: HtmlElement, url: str) -> Meta:
    meta = _meta_values(root)
    objects = _json_ld(root)
    article = _ld_article(objects)
    result = Meta(json_ld=objects)

    result.outlet = clean_line(meta.get("og:site_name") or meta.get("application-name")) or None
    if not result.outlet:
        for item in objects:
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                result.outlet = clean_line(publisher["name"]) or None
                break
    if not result.outlet:
        result.outlet = site_name_from_host(url)

    title = meta.get("og:title") or meta.get("twitter:title")
    if not title and isinstance(article.get("headline"), str):
        title = article["headline"]
    if not title:
        h1 = next(root.iter("h1"), None)
        if h1 is not None:
            title = text_without_markers(h1)
    if not title:
        el = root.find(".//title")
        title = el.text_content() if el is not None else ""
    result.title = _strip_site_suffix(clean_line(title), result.outlet)

    published = (
        meta.get("article:published_time")
        or meta.get("og:article:published_time")
        or meta.get("datepublished")
        or meta.get("date")
        or meta.get("dc.date")
        or meta.get("dc.date.issued")
        or meta.get("pubdate")
        or meta.get("publish-date")
        or meta.get("sailthru.date")
        or meta.get("parsely-pub-date")
    )
    result.published = iso_date(published) or iso_date(article.get("datePublished"))
    if not result.published:
        for el in root.iter("time"):
            found = iso_date(el.get("datetime") or "")
            if found:
                result.published = found
                break

    authors = _names(article.get("author"))
    if not authors and meta.get("author") and not meta["author"].startswith("http"):
        authors = [meta["author"]]
    if not authors:
        for key in ("article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
            if meta.get(key) and not meta[key].startswith("http"):
                authors = [meta[key]]
                break
    if not authors:
        authors = [a.text_content() for a in root.xpath("//a[@rel='author']")[:5]]
    byline = [attr.getparent().text_content() for attr in _BYLINE_CLASS(root)[:1]]
    result.authors = _clean_authors(authors or byline)
    # Metadata often names only the first author; a visible byline that names them and more is the fuller truth.
    if authors and byline:
        visible = _clean_authors(byline)
        known = {name.lower() for name in visible}
        if len(visible) > len(result.authors) and all(name.lower() in known for name in result.authors):
            result.authors = visible

    summary = meta.get("description") or meta.get("og:description") or meta.get("twitter:description")
    result.summary = strip_glued_markers(clean_line(summary)) or None
    return result
