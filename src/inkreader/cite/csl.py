"""An Article as one CSL-JSON item: the single source every citation format is built from.

Which CSL type, and what is the container:
- a think-tank piece published in an outside outlet (``outlet`` set, with or without the followed text): an
  ``article-magazine`` in the outlet, at the outlet's URL; the think tank's own page goes in ``note``;
- a think-tank report: a ``report`` published by the think tank;
- anything else: a ``webpage`` whose container (Zotero's "Website Title") is the think tank or the site.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from inkreader.model import Article
from inkreader.text import clean_line

from .keys import citation_key
from .names import csl_name

# Full names of the think tanks we have adapters for (Article.site), for the container and publisher.
THINK_TANKS = {"cnas": "Center for a New American Security"}

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_parts(value: str | None) -> dict[str, list[list[int]]] | None:
    """An ISO date (or datetime) as a CSL date: ``{"date-parts": [[2026, 6, 3]]}``; None when unusable."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    parts = [int(group) for group in match.groups() if group]
    if (len(parts) > 1 and not 1 <= parts[1] <= 12) or (len(parts) > 2 and not 1 <= parts[2] <= 31):
        parts = parts[:1]
    return {"date-parts": [parts]}


def site_name(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def csl_item(article: Article, *, accessed: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item (schema: citation-style-language/schema csl-data.json) for one piece.

    ``accessed`` (ISO date) defaults to when the library fetched the copy, else today.
    """
    think_tank = THINK_TANKS.get(article.site)
    outlet = clean_line(article.outlet) or None
    names = [name for name in (csl_name(author) for author in article.authors) if name]
    item: dict[str, Any] = {"id": "", "title": clean_line(article.title) or article.url}
    think_tank_page = article.final_url or article.url
    if think_tank and outlet and article.full_article_url:
        item["type"] = "article-magazine"
        item["container-title"] = outlet
        item["URL"] = article.full_article_url
        item["note"] = f"Also published by {think_tank}: {think_tank_page}"
    elif think_tank and article.kind == "report":
        item["type"] = "report"
        item["publisher"] = think_tank
        item["URL"] = think_tank_page
    else:
        item["type"] = "webpage"
        item["container-title"] = think_tank or outlet or site_name(article.final_url or article.url)
        item["URL"] = think_tank_page
        if article.kind == "podcast":
            item["genre"] = "Podcast"
    if names:
        item["author"] = names
    issued = date_parts(article.published)
    if issued:
        item["issued"] = issued
    accessed_parts = date_parts(accessed or article.fetched_at or date.today().isoformat())
    if accessed_parts:
        item["accessed"] = accessed_parts
    item["id"] = citation_key(item)  # stable across runs: the BibTeX key, so both exports agree
    return item
