"""The demo site's feeds and OPML list, built from the same sources as its pages (used by the site generator).

The institute publishes RSS 2.0, The Tidewater Review Atom 1.0 and Meridian Defense Daily JSON Feed 1.1, each
announced on its pages with ``<link rel="alternate">``; ``demo-sources.opml`` lists all three. Links are
written ``{{BASE}}/...`` like every demo file.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime, time
from email.utils import format_datetime

from ._content import PEOPLE, PUBLICATIONS, SITE_NAME, Publication
from ._outlets import ARTICLES, OUTLETS

B = "{{BASE}}"
THINK_TANK_FEED = "/feeds/latest.xml"
OUTLET_FEEDS = {
    "tidewater-review": ("/outlets/tidewater-review/feed.atom", "application/atom+xml"),
    "meridian-defense-daily": ("/outlets/meridian-defense-daily/feed.json", "application/feed+json"),
}
OPML_PATH = "/demo-sources.opml"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _when(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day if day.tzinfo else day.replace(tzinfo=UTC)
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def think_tank_link() -> str:
    return f'<link rel="alternate" type="application/rss+xml" title="{_esc(SITE_NAME)}" href="{B}{THINK_TANK_FEED}">'


def outlet_link(outlet_slug: str) -> str:
    path, kind = OUTLET_FEEDS[outlet_slug]
    return f'<link rel="alternate" type="{kind}" title="{_esc(OUTLETS[outlet_slug].name)}" href="{B}{path}">'


def _rss(summary_of) -> str:
    pubs = sorted(PUBLICATIONS, key=lambda p: p.published, reverse=True)
    items = []
    for pub in pubs:
        authors = "".join(f"<dc:creator>{_esc(PEOPLE[slug].name)}</dc:creator>" for slug in pub.authors)
        items.append(
            f"<item><title>{_esc(pub.title)}</title><link>{B}{pub.path}</link>"
            f'<guid isPermaLink="true">{B}{pub.path}</guid><pubDate>{format_datetime(_when(pub.published))}</pubDate>'
            f"{authors}<category>{pub.kind.capitalize()}</category>"
            f"<description>{_esc(summary_of(pub))}</description></item>"
        )
    newest = format_datetime(_when(pubs[0].published))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n'
        f"<title>{_esc(SITE_NAME)}</title><link>{B}/</link>"
        f"<description>Commentary, reports and podcasts from the {_esc(SITE_NAME)}</description>"
        f"<lastBuildDate>{newest}</lastBuildDate>\n" + "\n".join(items) + "\n</channel></rss>\n"
    )


def _outlet_articles(slug: str):
    return sorted((a for a in ARTICLES.values() if a.outlet == slug), key=lambda a: a.published, reverse=True)


def _atom(slug: str) -> str:
    outlet = OUTLETS[slug]
    articles = _outlet_articles(slug)
    entries = [
        f"<entry><title>{_esc(a.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{B}{a.path}"/><id>{B}{a.path}</id>'
        f"<published>{_when(a.published).isoformat()}</published><updated>{_when(a.published).isoformat()}</updated>"
        f"<author><name>{_esc(a.author)}</name></author><summary>{_esc(a.dek)}</summary></entry>"
        for a in articles
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{_esc(outlet.name)}</title><subtitle>{_esc(outlet.tagline)}</subtitle>"
        f'<link rel="alternate" href="{B}/outlets/{slug}/"/><link rel="self" href="{B}{OUTLET_FEEDS[slug][0]}"/>'
        f"<id>{B}/outlets/{slug}/</id><updated>{_when(articles[0].published).isoformat()}</updated>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    )


def _json_feed(slug: str) -> str:
    outlet = OUTLETS[slug]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": f"{B}/outlets/{slug}/",
        "feed_url": f"{B}{OUTLET_FEEDS[slug][0]}",
        "description": outlet.tagline,
        "items": [
            {
                "id": f"{B}{a.path}",
                "url": f"{B}{a.path}",
                "title": a.title,
                "summary": a.dek,
                "date_published": _when(a.published).isoformat(),
                "authors": [{"name": a.author}],
                "tags": [a.section],
            }
            for a in _outlet_articles(slug)
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def _opml() -> str:
    outlines = [
        f'    <outline type="rss" text="{_esc(SITE_NAME)}" title="{_esc(SITE_NAME)}" '
        f'xmlUrl="{B}{THINK_TANK_FEED}" htmlUrl="{B}/"/>'
    ]
    for slug in OUTLET_FEEDS:
        name = _esc(OUTLETS[slug].name)
        outlines.append(
            f'    <outline type="rss" text="{name}" title="{name}" xmlUrl="{B}{OUTLET_FEEDS[slug][0]}" '
            f'htmlUrl="{B}/outlets/{slug}/"/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
        "  <head><title>inkreader demo sources</title></head>\n  <body>\n"
        f'  <outline text="Think tank">\n{outlines[0]}\n  </outline>\n'
        '  <outline text="Outlets">\n' + "\n".join(outlines[1:]) + "\n  </outline>\n  </body>\n</opml>\n"
    )


def feed_files(summary_of) -> dict[str, str]:
    """Relative path -> content of every feed file (``summary_of(pub)`` is the site's own card summary)."""
    return {
        THINK_TANK_FEED.lstrip("/"): _rss(summary_of),
        OUTLET_FEEDS["tidewater-review"][0].lstrip("/"): _atom("tidewater-review"),
        OUTLET_FEEDS["meridian-defense-daily"][0].lstrip("/"): _json_feed("meridian-defense-daily"),
        OPML_PATH.lstrip("/"): _opml(),
    }


__all__ = ["OPML_PATH", "Publication", "feed_files", "outlet_link", "think_tank_link"]
