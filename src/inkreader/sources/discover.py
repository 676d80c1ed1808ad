"""``sources add URL``: what to follow behind an address, in a fixed order, never guessing feed paths.

1. the address is a feed (RSS, Atom, JSON Feed);
2. the page announces one with ``<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">``;
3. a site adapter knows the site's listing pages (CNAS: ``/articles-multimedia``, ``/reports``);
4. robots.txt names a sitemap (newest ``lastmod`` first).
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..errors import FetchError, InkreaderError
from ..fetch import Fetcher
from ..fetch.failures import show_url
from ..model import Discovery, FeedEntry, Page
from ..text import clean_line
from .feeds import FeedError, _http_url, looks_like_feed, parse_feed_page
from .listing import entries_of, listing_article
from .sitemap import parse_sitemap, sitemap_index_children

FEED_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/feed+json": "JSON Feed",
    "application/json": "JSON Feed",
    "application/rdf+xml": "RSS 1.0",
}


class NoFeedFound(InkreaderError):
    pass


def is_feed_page(page: Page) -> bool:
    return page.content_type in FEED_TYPES or looks_like_feed(page.content)


def _feed_label(content: bytes, content_type: str) -> str:
    head = content[:2048]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "JSON Feed"
    if b"<feed" in head:
        return "Atom"
    if b"RDF" in head:
        return "RSS 1.0"
    if b"<rss" in head:
        return "RSS 2.0" if b'version="2.0"' in head else "RSS"
    return FEED_TYPES.get(content_type, "XML")


def announced_feeds(html: str, base: str) -> list[tuple[str, str, str | None]]:
    """``(url, type label, title)`` of each feed the page announces, in document order."""
    try:
        tree = lxml_html.fromstring(html.encode("utf-8", "replace")) if html.strip() else None
    except (ValueError, etree.ParserError):
        return []
    if tree is None:
        return []
    found: list[tuple[str, str, str | None]] = []
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        url = _http_url(link.get("href"), base)
        if url and all(url != seen for seen, _, _ in found):
            found.append((url, FEED_TYPES[kind], clean_line(link.get("title")) or None))
    return found


ADD_DEADLINE = 30.0  # seconds for a whole ``sources add``: the page, the feeds tried, listings, sitemap
MAX_CANDIDATES = 5  # announced feeds tried, best first; a page announcing hundreds costs five requests
MIN_CANDIDATE_SHARE = 4.0  # seconds kept back for each later candidate while one is being fetched
MAX_REASON = 120  # characters of one failure's reason in the one-line answer


@dataclass(slots=True)
class Trail:
    """What discovery tried so far and what it is doing now, so a deadline can say where it stopped."""

    tried: list[str] = field(default_factory=list)
    doing: str = "fetching the page"


async def discover(fetcher: Fetcher, url: str, *, deadline: float = ADD_DEADLINE) -> Discovery:
    """Find what to follow for ``url`` within ``deadline`` seconds; NoFeedFound (one short line saying what
    was tried) or a FetchError when none."""
    trail = Trail()
    try:
        async with asyncio.timeout(deadline):
            return await _discover(fetcher, url, trail, time.monotonic() + deadline)
    except TimeoutError:
        done = f"; {'; '.join(trail.tried)}" if trail.tried else ""
        raise NoFeedFound(f"Gave up on {show_url(url)} after {deadline:g} s ({trail.doing}{done}).") from None


async def _discover(fetcher: Fetcher, url: str, trail: Trail, ends_at: float) -> Discovery:
    page = await fetcher.fetch(url, feed=True)
    if is_feed_page(page):
        parsed = await asyncio.to_thread(parse_feed_page, page)
        label = _feed_label(page.content, page.content_type)
        return Discovery(
            feed_url=url,
            kind="feed",
            title=parsed.title,
            how=f"the address is a feed ({label})",
            entries=parsed.entries,
            etag=page.etag,
            last_modified=page.last_modified,
        )
    tried = trail.tried
    # 2. autodiscovery
    announced = announced_feeds(page.text, page.final_url)
    discovery = await _announced(fetcher, page, announced, trail, ends_at)
    if discovery is not None:
        return discovery
    # 3. listing pages a site adapter knows
    trail.doing = "reading the site's listing pages"
    discovery = await _adapter_listing(fetcher, page)
    if discovery is not None:
        return discovery
    tried.append("no site adapter knows its listing pages")
    # 4. sitemap from robots.txt
    trail.doing = "looking for a sitemap in robots.txt"
    discovery = await _sitemap(fetcher, page.final_url, tried)
    if discovery is not None:
        return discovery
    raise NoFeedFound(
        f"Found nothing to follow at {show_url(url)}: {'; '.join(tried)}. inkreader does not guess feed addresses; "
        "add the feed's own address if the site has one."
    )


def best_candidates(
    announced: list[tuple[str, str, str | None]], page_url: str, page_title: str
) -> list[tuple[str, str, str | None]]:
    """The announced feeds worth trying, best first, at most :data:`MAX_CANDIDATES`: the page's own host
    before others, a feed titled like the page before (say) a comments feed, RSS, Atom and JSON Feed before
    RSS 1.0, then the page's order."""
    host = _bare_host(page_url)
    title = page_title.casefold().strip()

    def rank(indexed: tuple[int, tuple[str, str, str | None]]) -> tuple[int, int, int, int, int]:
        index, (feed_url, label, feed_title) = indexed
        named = (feed_title or "").casefold().strip()
        titled_like_page = bool(named and title and (named in title or title in named))
        return (
            0 if _bare_host(feed_url) == host else 1,
            1 if "comment" in named else 0,
            0 if titled_like_page else 1,
            0 if label in ("RSS", "Atom", "JSON Feed") else 1,
            index,
        )

    ranked = sorted(enumerate(announced), key=rank)
    return [candidate for _, candidate in ranked[:MAX_CANDIDATES]]


def _bare_host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


async def _announced(
    fetcher: Fetcher,
    page: Page,
    announced: list[tuple[str, str, str | None]],
    trail: Trail,
    ends_at: float,
) -> Discovery | None:
    """The first of the best announced feeds that reads; what failed goes on the trail, in one short clause."""
    if not announced:
        trail.tried.append("the page announces no feed")
        return None
    candidates = best_candidates(announced, page.final_url, _page_title(page.text))
    failures: list[str] = []
    for position, (feed_url, label, title) in enumerate(candidates):
        left = len(candidates) - position - 1
        trail.doing = f"trying the announced {label} feed {show_url(feed_url)}"
        if failures:
            trail.doing += f" after {len(failures)} other{'s' if len(failures) > 1 else ''} failed"
        share = max(MIN_CANDIDATE_SHARE, ends_at - time.monotonic() - MIN_CANDIDATE_SHARE * left)
        try:
            async with asyncio.timeout(share) as scope:
                feed_page = await fetcher.fetch(feed_url, feed=True)
                parsed = await asyncio.to_thread(parse_feed_page, feed_page)
        except (FetchError, FeedError) as error:
            reason = _short(str(error))
            failures.append(reason if feed_url in str(error) else f"{show_url(feed_url)}: {reason}")
            continue
        except TimeoutError:
            if not scope.expired():
                raise
            failures.append(f"{show_url(feed_url)}: no feed within {share:.0f} s")
            continue
        return Discovery(
            feed_url=feed_url,
            kind="feed",
            title=parsed.title or title,
            how=f'the page announces a feed ({label}) with <link rel="alternate">: {feed_url}',
            entries=parsed.entries,
            etag=feed_page.etag,
            last_modified=feed_page.last_modified,
        )
    trail.tried.append(_announced_failures(len(announced), failures))
    return None


def _announced_failures(announced: int, failures: list[str]) -> str:
    if announced == 1:
        return f"the page announces one feed, which failed ({failures[0]})"
    more = f" (first: {failures[0]})" if failures else ""
    if announced > len(failures):
        return f"the page announces {announced} feeds; the best {len(failures)} tried failed{more}"
    return f"the page announces {announced} feeds; all failed{more}"


def _short(reason: str) -> str:
    reason = clean_line(reason).rstrip(".")
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


def _page_title(html: str) -> str:
    match = _TITLE.search(html[:65536])
    return clean_line(match.group(1)) if match else ""


_TITLE = re.compile(r"<title[^>]*>([^<]{1,300})", re.IGNORECASE)


async def _adapter_listing(fetcher: Fetcher, page: Page) -> Discovery | None:
    from ..extract import cnas
    from ..extract.dom import parse_html

    tree = await asyncio.to_thread(parse_html, page.text)
    if not cnas.matches(page.final_url, tree):
        return None
    article = await asyncio.to_thread(listing_article, page.text, page.final_url)
    if article is not None:
        return Discovery(
            feed_url=page.url,
            kind="listing",
            title=article.title,
            how="the page is a listing the CNAS adapter reads",
            entries=entries_of(article),
            etag=page.etag,
            last_modified=page.last_modified,
        )
    for listing_url in cnas.listing_urls(page.final_url):
        try:
            listing_page = await fetcher.fetch(listing_url)
        except FetchError:
            continue
        article = await asyncio.to_thread(listing_article, listing_page.text, listing_page.final_url)
        if article is not None:
            return Discovery(
                feed_url=listing_url,
                kind="listing",
                title=article.title,
                how=f"no feed announced; the CNAS adapter follows the listing {listing_url}",
                entries=entries_of(article),
                etag=listing_page.etag,
                last_modified=listing_page.last_modified,
            )
    return None


async def _sitemap(fetcher: Fetcher, page_url: str, tried: list[str]) -> Discovery | None:
    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    await fetcher.allowed_by_robots(page_url)  # loads (and caches) robots.txt
    entry = fetcher.robots_cache.get(origin.lower())
    sitemaps: list[str] = []
    if entry is not None and entry.status is not None and 200 <= entry.status < 300:
        from protego import Protego

        try:
            sitemaps = [url for url in Protego.parse(entry.text).sitemaps if _http_url(url, origin)]
        except Exception:
            sitemaps = []
    if not sitemaps:
        tried.append("robots.txt names no sitemap")
        return None
    for sitemap_url in sitemaps[:3]:
        try:
            entries = await sitemap_entries(fetcher, sitemap_url)
        except (FetchError, FeedError) as error:
            tried.append(f"the sitemap {sitemap_url} failed ({error})")
            continue
        if entries:
            return Discovery(
                feed_url=sitemap_url,
                kind="sitemap",
                title=parts.hostname,
                how=f"no feed announced; robots.txt names the sitemap {sitemap_url} (newest lastmod first)",
                entries=entries,
            )
    return None


async def sitemap_entries(
    fetcher: Fetcher, sitemap_url: str, page: Page | None = None, *, background: bool = False
) -> list[FeedEntry]:
    """A sitemap's entries; an index is followed one level, to its newest sitemap."""
    if page is None:
        page = await fetcher.fetch(sitemap_url, background=background)
    children = await asyncio.to_thread(sitemap_index_children, page.content, page.final_url)
    if children is not None:
        if not children:
            raise FeedError("The sitemap index lists no sitemaps.")
        page = await fetcher.fetch(children[0], background=background)
    return await asyncio.to_thread(parse_sitemap, page.content, page.final_url)
