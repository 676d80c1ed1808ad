"""sitemap.xml (and sitemap index) → feed entries, newest ``lastmod`` first. lxml with entities off."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..model import FeedEntry
from ..text import clean_line
from .feeds import _ENTITY_DECLARATION, _PROLOG_BYTES, FeedError, _http_url

MAX_ENTRIES = 100
_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _parser() -> etree.XMLParser:
    # No entity expansion, no network, libxml2's own size limits kept (huge_tree off).
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, dtd_validation=False, load_dtd=False
    )


def _root(content: bytes) -> etree._Element:
    if _ENTITY_DECLARATION.search(content[:_PROLOG_BYTES]):
        raise FeedError("The sitemap declares XML entities; inkreader does not read it.")
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as error:
        raise FeedError(f"The sitemap is not XML ({clean_line(str(error))[:100]}).") from None
    if root is None:
        raise FeedError("The sitemap is not XML.")
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(root: etree._Element, base: str) -> list[tuple[str, str | None]]:
    found = []
    for node in root:
        loc = lastmod = None
        for child in node:
            name = _local(child.tag)
            if name == "loc":
                loc = _http_url((child.text or "").strip(), base)
            elif name == "lastmod":
                lastmod = (child.text or "").strip() or None
        if loc:
            found.append((loc, lastmod if lastmod and re.match(r"^\d{4}-\d{2}-\d{2}", lastmod) else None))
    found.sort(key=lambda pair: pair[1] or "", reverse=True)
    return found


def sitemap_index_children(content: bytes, base: str) -> list[str] | None:
    """For a sitemap index: its sitemaps, newest first. None when ``content`` is a plain urlset."""
    root = _root(content)
    if _local(root.tag) != "sitemapindex":
        return None
    return [loc for loc, _ in _children(root, base)]


def parse_sitemap(content: bytes, base: str) -> list[FeedEntry]:
    root = _root(content)
    if _local(root.tag) != "urlset":
        raise FeedError("Not a sitemap (no <urlset>).")
    entries = []
    for loc, lastmod in _children(root, base)[:MAX_ENTRIES]:
        entries.append(FeedEntry(url=loc, title=title_from_url(loc), guid=loc, published=lastmod))
    return entries


def title_from_url(url: str) -> str:
    """A sitemap names no titles: the last path segment, as words, stands in until the page is read."""
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    segment = re.sub(r"\.html?$", "", segment)
    words = clean_line(re.sub(r"[-_]+", " ", segment))
    return words[:1].upper() + words[1:] if words else url
