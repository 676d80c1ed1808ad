"""A listing page a site adapter understands (CNAS /articles-multimedia, /reports) → feed entries."""

from __future__ import annotations

from ..model import Article, FeedEntry
from ..pipeline import extract_article
from .feeds import FeedError


def listing_article(html: str, url: str) -> Article | None:
    """The page as the adapters read it, when it is a listing with items; else None."""
    try:
        article = extract_article(html, url)
    except Exception:  # ExtractError or worse: not a listing we can follow
        return None
    return article if article.kind == "listing" and article.related else None


def listing_entries(html: str, url: str) -> list[FeedEntry]:
    article = listing_article(html, url)
    if article is None:
        raise FeedError("The listing page shows no items any more.")
    return entries_of(article)


def entries_of(article: Article) -> list[FeedEntry]:
    return [
        FeedEntry(
            url=item.url,
            title=item.title,
            guid=item.url,
            published=item.published,
            authors=list(item.authors),
            summary=item.summary,
            kind=item.kind,
            outlet=item.outlet,
        )
        for item in article.related
    ]
