"""A thin layer over fastfeedparser for the fields it reads differently from feedparser (measured on
feedparser's own test corpus, bench/feedparser_agreement.py): titles with markup (Atom ``xhtml``, ``html``,
Atom 0.3 ``mode="base64"`` and ``mode="xml"``), every author of an item in order, the last of several dates of
one kind, ``published`` over ``issued``, ``created``, an Atom ``<link>`` with the address as its text, and RSS
0.90, which it does not read at all.

The same lxml, with the same refusal of entities (the caller refuses DOCTYPE entity declarations before
either parser sees the bytes); only the items' own children are looked at.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

_ITEM_NAMES = {"item", "entry"}
_PUBLISHED = {"published", "issued", "pubDate", "date"}  # dc:date is a publication date in RSS 1.0
_UPDATED = {"updated", "modified"}
_CREATED = {"created"}
_AUTHOR_NAMES = {"author", "creator"}  # Atom/RSS author, dc:creator
_XHTML_TYPES = {"xhtml", "application/xhtml+xml"}
_HTML_TYPES = {"html", "text/html"}
_HIDDEN = {"script", "style"}
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_MEDIA_NS = "http://search.yahoo.com/mrss/"


@dataclass(slots=True)
class ItemFields:
    title: str | None = None  # plain text (None: leave the parser's)
    title_is_html: bool = False  # the title may hold markup to strip (else literal < and > are text)
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # raw date text, the last of its kind
    updated: str | None = None
    created: str | None = None
    link: str | None = None
    guid: str | None = None
    dates: int = 0  # how many date elements: with one, fastfeedparser's reading stands


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag.rsplit(":", 1)[-1]


def _namespace(tag: Any) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _text_of(element: Any) -> str:
    """The element's text and its children's, without script and style (markup read, not shown)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if _local(child.tag) not in _HIDDEN:
            parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _title(element: Any) -> tuple[str, bool]:
    kind = (element.get("type") or "").strip().lower()
    mode = (element.get("mode") or "").strip().lower()
    if mode == "base64" or kind == "application/octet-stream":  # Atom 0.3's mode, and 1.0 feeds that copy it
        try:
            decoded = base64.b64decode("".join((element.text or "").split()), validate=True)
            return decoded.decode("utf-8", "replace"), True
        except (binascii.Error, ValueError):
            return element.text or "", False
    if len(element) or kind in _XHTML_TYPES or mode == "xml":
        return _text_of(element), False
    text = element.text or ""
    if kind in _HTML_TYPES or mode == "escaped":
        return _SCRIPT.sub(" ", text), True
    return text, kind == ""  # no type: RSS titles are often escaped HTML; Atom's "text" is literal


def channel_title(content: bytes) -> str | None:
    """The feed's own title (for RSS 0.90, which only our layer reads)."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    for element in root.iter():
        if _local(element.tag) == "channel":
            for child in element:
                if _local(child.tag) == "title":
                    return child.text or None
    return None


def read_items(content: bytes) -> list[ItemFields] | None:
    """The fields above for every item, in document order; None when the bytes are not XML lxml reads."""
    from lxml import etree

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    # lxml finds the items (its tag filter runs in C); only their own children are looked at in Python
    return [_fields(element) for element in root.iter("{*}item", "{*}entry")]


def _fields(item: Any) -> ItemFields:
    fields = ItemFields()
    seen_title = False
    for child in item:
        name, text = _local(child.tag), (child.text or "").strip()
        if name == "title" and not seen_title and _namespace(child.tag) != _MEDIA_NS:
            seen_title = True
            if len(child) or child.get("type") or child.get("mode"):
                fields.title, fields.title_is_html = _title(child)
            else:  # as RSS titles are read: markup in the text is stripped
                fields.title, fields.title_is_html = child.text or "", True
        elif name in _AUTHOR_NAMES:
            author = _author(child)
            if author and author not in fields.authors:
                fields.authors.append(author)
        elif name in _PUBLISHED and text:
            fields.published = text
            fields.dates += 1
        elif name in _UPDATED and text:
            fields.updated = text
            fields.dates += 1
        elif name in _CREATED and text:
            fields.created = text
            fields.dates += 1
        elif name == "link" and fields.link is None:
            rel = (child.get("rel") or "alternate").strip().lower()
            href = (child.get("href") or "").strip() or text
            if href and rel == "alternate":
                fields.link = href
        elif name in ("guid", "id") and text:
            fields.guid = text
    return fields


def _author(element: Any) -> str:
    names = [child for child in element if _local(child.tag) == "name"]
    if names:
        return " ".join((names[0].text or "").split())
    if len(element):  # an Atom author with only an email or a URI: no name to show
        return ""
    return " ".join((element.text or "").split())
