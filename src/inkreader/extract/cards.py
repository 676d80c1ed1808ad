"""CNAS cards (``ul.entry-listing li``): "More from CNAS", listing pages, a person's publications.

A card holds, in this order: an image link, the type label, a programme link, the title link,
a summary, a "By …" byline, and a nested list of ``[outside outlet,] date``. Each part may be missing.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ..model import RelatedItem
from ..text import clean_line
from .authors import split_authors
from .dates import parse_date
from .dom import strip_glued_markers, text_without_markers
from .urls import absolute_url, canonical_url

# /publications/<kind>/<slug>, /press/<kind>/<slug>, /people/<slug>, /events/<slug>
_KIND_IN_PATH = re.compile(
    r"/(?:publications|press)/(?P<kind>[a-z0-9-]+)/[^/?#]+|/(?P<people>people)/[^/?#]+|/(?P<events>events)/[^/?#]+"
)
_LABEL_KINDS = {
    "reports": "report",
    "report": "report",
    "commentary": "commentary",
    "podcasts": "podcast",
    "podcast": "podcast",
    "video": "video",
    "videos": "video",
    "transcript": "transcript",
    "transcripts": "transcript",
    "blog": "blog",
    "blog post": "blog",
    "congressional testimony": "congressional-testimony",
    "testimony": "congressional-testimony",
    "press release": "press-release",
    "press note": "press-release",
    "event": "event",
    "events": "event",
    "interview": "interview",
    "interviews": "interview",
    "article": "article",
    "articles": "article",
    "in the news": "in-the-news",
}


def kind_from_url(url: str) -> str | None:
    """The CNAS kind a URL path says ("commentary", "report", "podcast", "person", ...), or None."""
    match = _KIND_IN_PATH.search(url.split("?", 1)[0])
    if not match:
        return None
    if match.group("people"):
        return "person"
    if match.group("events"):
        return "event"
    kind = match.group("kind")
    return {"reports": "report", "podcasts": "podcast", "press-note": "press-release"}.get(kind, kind)


def kind_from_label(label: str | None) -> str | None:
    label = clean_line(label).lower()
    if not label:
        return None
    return _LABEL_KINDS.get(label) or re.sub(r"[^a-z0-9]+", "-", label).strip("-") or None


def _text(element: lxml_html.HtmlElement) -> str:
    return clean_line(element.text_content())


def _is_program_link(href: str) -> bool:
    return "/research/" in href or "/programs/" in href or "/topics/" in href


def _in_nested_list(element: lxml_html.HtmlElement, card: lxml_html.HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is card:
            return False
        if ancestor.tag in ("ul", "ol"):
            return True
    return False


def parse_card(card: lxml_html.HtmlElement, base_url: str) -> RelatedItem | None:
    """One ``li`` card -> RelatedItem (None when it has no title link)."""
    label_el = next(
        iter(
            card.xpath(
                ".//*[contains(concat(' ', normalize-space(@class), ' '), ' type ') or "
                "contains(concat(' ', normalize-space(@class), ' '), ' eyebrow ') or "
                "contains(concat(' ', normalize-space(@class), ' '), ' entry-type ')][1]"
            )
        ),
        None,
    )
    title_link = None
    program = None
    for anchor in card.iter("a"):
        href = anchor.get("href") or ""
        if not _text(anchor) or _in_nested_list(anchor, card):
            continue  # the image link; an outlet link in the date list
        if _is_program_link(href):
            program = program or _text(anchor)
        elif title_link is None:
            title_link = anchor
    if title_link is None:
        return None
    url = absolute_url(title_link.get("href"), base_url)
    if not url:
        return None
    url = canonical_url(url)
    summary = None
    byline = None
    for paragraph in card.iter("p"):
        text = clean_line(text_without_markers(paragraph))
        if not text:
            continue
        if re.match(r"by\b", text, re.IGNORECASE) and byline is None:
            byline = text
        elif summary is None and (label_el is None or paragraph is not label_el):
            summary = strip_glued_markers(text)
    outlet = None
    published = None
    for item in card.xpath(".//ul/li | .//ol/li"):
        text = _text(item)
        if not text:
            continue
        date = parse_date(text)
        if date and published is None:
            published = date
        elif not date and outlet is None:
            outlet = text
    label = _text(label_el) if label_el is not None else None
    return RelatedItem(
        url=url,
        title=_text(title_link),
        kind=kind_from_url(url) or kind_from_label(label),
        outlet=outlet,
        published=published,
        summary=summary,
        authors=split_authors(byline) if byline else [],
        program=program,
    )


def parse_cards(container: lxml_html.HtmlElement, base_url: str) -> list[RelatedItem]:
    """Every card under ``container`` (its ``ul.entry-listing`` items, else its top-level ``li``), in order."""
    cards = container.xpath(".//ul[contains(concat(' ', normalize-space(@class), ' '), ' entry-listing ')]/li")
    if not cards:
        cards = [
            li
            for li in container.iter("li")
            if li.find(".//a") is not None
            and not any(anc.tag == "li" for anc in li.iterancestors() if anc is not container)
        ]
    items = []
    seen = set()
    for card in cards:
        item = parse_card(card, base_url)
        if item and item.url not in seen:
            seen.add(item.url)
            items.append(item)
    return items
