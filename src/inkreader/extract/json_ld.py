"""JSON-LD on a page: every object (``@graph`` members and ``mainEntity`` included), the one that describes
the article, and the names of its people and organisations.

Yoast-style graphs name their authors by reference (``"author": [{"@id": "…#/schema/person/1"}]``) with the
Person elsewhere in the graph; references are resolved. A name is ``name`` (a string, or a ``{"@value"}``
object), else ``givenName`` + ``familyName``. Broken JSON is skipped; nothing here raises.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urldefrag

from lxml.html import HtmlElement

from ..model import JsonObject

MAX_OBJECTS = 50
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|Posting|Thesis|Chapter", re.I)

# "\ud800" with no partner: json would hand back a lone surrogate, which no encoder (SQLite, the terminal) takes.
# It becomes U+FFFD, as a numeric entity for one does in HTML.
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_ld_objects(root: HtmlElement) -> list[JsonObject]:
    """Every JSON-LD object on the page, ``@graph`` members and ``mainEntity`` objects flattened, page order."""
    found: list[JsonObject] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_LONE_SURROGATE_ESCAPE.sub(r"\\ufffd", script.text.strip().rstrip(";")))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(found) < MAX_OBJECTS:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                for key in ("@graph", "mainEntity"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])
    return found


def types_of(item: JsonObject) -> list[str]:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return [kind for kind in kinds if isinstance(kind, str)]


def _addresses(item: JsonObject) -> set[str]:
    found = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str):
            found.add(urldefrag(value)[0].rstrip("/"))
    return found


def article_object(objects: list[JsonObject], url: str = "") -> JsonObject:
    """The object that describes the piece: of an article type (the one at this page's address when several
    are), else the first that carries a date or an author; ``{}`` when none does."""
    articles = [
        item for item in objects if any(_ARTICLE_TYPES.search(kind) and kind != "WebPage" for kind in types_of(item))
    ]
    if len(articles) > 1 and url:
        here = urldefrag(url)[0].rstrip("/")
        for item in articles:
            if here in _addresses(item):
                return item
    if articles:
        return articles[0]
    for item in objects:
        if item.get("datePublished") or item.get("author"):
            return item
    return {}


def index_by_id(objects: list[JsonObject]) -> dict[str, JsonObject]:
    return {item["@id"]: item for item in objects if isinstance(item.get("@id"), str)}


def _name_of(item: JsonObject) -> str | None:
    name = item.get("name")
    if isinstance(name, dict):
        name = name.get("@value")
    if isinstance(name, list):
        name = next((part for part in name if isinstance(part, str)), None)
    if isinstance(name, str) and name.strip():
        return name
    given, family = item.get("givenName"), item.get("familyName")
    parts = [part for part in (given, family) if isinstance(part, str) and part.strip()]
    return " ".join(parts) or None


def names(value: Any, index: dict[str, JsonObject], depth: int = 0) -> list[str]:
    """Names in ``value``: a string, a Person or Organization object (or a reference to one), or a list."""
    if depth > 4:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:MAX_OBJECTS]:
            out.extend(names(item, index, depth + 1))
        return out
    if isinstance(value, dict):
        name = _name_of(value)
        if name is None and isinstance(value.get("@id"), str):
            target = index.get(value["@id"])
            if target is not None and target is not value:
                return names(target, index, depth + 1)
        return [name] if name else []
    return []


def publisher_name(article: JsonObject, objects: list[JsonObject]) -> str | None:
    """The organisation that publishes the piece: the article's ``publisher``, else the web page's or web
    site's, else the web site's own name."""
    index = index_by_id(objects)
    holders = [article] + [item for item in objects if {"WebPage", "WebSite"} & set(types_of(item))]
    for holder in holders:
        found = names(holder.get("publisher"), index)
        if found:
            return found[0]
    for item in objects:
        if "WebSite" in types_of(item):
            name = _name_of(item)
            if name:
                return name
    return None
