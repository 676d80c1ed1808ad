"""An Article as one CSL-JSON item: the single source every citation format is built from.

Which CSL type, and what is the container (the organisations are named as the pages name themselves:
``Article.publisher``, ``Article.outlet``; none is a name we keep):
- a think-tank piece read through to an outside outlet (``outlet_page`` set): the outlet's article, an
  ``article-magazine`` with the outlet's headline, date and address, the outlet as container; the think tank's
  own page is named as a related version in ``note``;
- a think-tank page that points to an outlet it was not read through to: the think tank's page, with the
  outlet's address in ``note`` (one page's title, date and address, never a mix of two);
- a report (or a PDF document): a ``report`` published by the organisation, with its number;
- anything else: a ``webpage`` whose container (Zotero's "Website Title") is the publisher or the site.
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


def _names(authors: list[str]) -> list[dict[str, str]]:
    return [name for name in (csl_name(author) for author in authors) if name]


def _related_version(article: Article, home: str, publisher: str, cited_title: str) -> str:
    """The think tank's page of a piece cited from its outlet: who published it, under what title, where."""
    own_title = clean_line(article.title)
    if own_title and own_title.casefold() != cited_title.casefold():
        return f"Also published by {publisher} as “{own_title}”: {home}"
    return f"Also published by {publisher}: {home}"


def csl_item(article: Article, *, accessed: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item (schema: citation-style-language/schema csl-data.json) for one piece.

    ``accessed`` (ISO date) defaults to when the library fetched the copy, else today.
    """
    home = article.final_url or article.url
    publisher = clean_line(article.publisher) or None
    outlet = clean_line(article.outlet) or None
    # A generic page's outlet is its own site; a think-tank page's outlet is the outside publication.
    own_site = publisher or (outlet if article.site == "generic" else None) or site_name(home)
    title = clean_line(article.title) or article.url
    authors, published = article.authors, article.published
    item: dict[str, Any] = {"id": ""}
    page = article.outlet_page
    if page is not None:
        title = clean_line(page.title) or title
        authors = page.authors or authors
        published = page.published or published
        item["type"] = "article-magazine"
        item["container-title"] = outlet or site_name(page.url)
        item["URL"] = page.url
        item["note"] = _related_version(article, home, own_site, title)
    elif article.kind in ("report", "document"):
        item["type"] = "report"
        item["publisher"] = own_site
        item["URL"] = home
        if article.report_number:
            item["number"] = clean_line(article.report_number)
        if article.pages:
            item["number-of-pages"] = str(article.pages)
    else:
        item["type"] = "webpage"
        item["container-title"] = own_site
        item["URL"] = home
        if article.kind == "podcast":
            item["genre"] = "Podcast"
        elsewhere = article.full_article_url
        if elsewhere and elsewhere == article.pdf_url:
            item["note"] = f"PDF: {elsewhere}"
        elif elsewhere and elsewhere != home:
            item["note"] = f"Full article in {outlet or site_name(elsewhere)}: {elsewhere}"
    item["title"] = title
    names = _names(authors)
    if names:
        item["author"] = names
    issued = date_parts(published)
    if issued:
        item["issued"] = issued
    accessed_parts = date_parts(accessed or article.fetched_at or date.today().isoformat())
    if accessed_parts:
        item["accessed"] = accessed_parts
    item["id"] = citation_key(item)  # stable across runs: the BibTeX key, so both exports agree
    return item
