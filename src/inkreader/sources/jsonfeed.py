"""JSON Feed 1.0/1.1 read by us, item by item: one malformed item (a string, null, authors that are no list, a
date that is a number) is left out and the rest kept, where a whole-feed parser gives up on the lot.

Gives the same shape fastfeedparser gives for XML feeds (``{"feed": {...}, "entries": [{...}]}``), so the
cleaning in :mod:`.feeds` is shared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(slots=True)
class JsonFeed:
    feed: dict[str, Any]
    entries: list[dict[str, Any]]
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


class JsonFeedError(ValueError):
    """Not a JSON Feed we can read; the text is one line for a person."""


def is_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def parse_json_feed(content: bytes) -> JsonFeed:
    try:
        data = json.loads(content.decode("utf-8-sig", errors="replace"))
    except RecursionError:
        raise JsonFeedError("its JSON is nested too deeply to be a feed") from None
    except ValueError as error:
        message = getattr(error, "msg", "") or "not JSON"
        raise JsonFeedError(f"not valid JSON: {message}") from None
    if not isinstance(data, dict):
        raise JsonFeedError("its JSON is not an object, as a JSON Feed is")
    items = data.get("items")
    if not isinstance(items, list):
        raise JsonFeedError('its JSON has no list of "items"')
    feed = {"title": _text(data.get("title")), "link": _text(data.get("home_page_url"))}
    entries, skipped = [], 0
    for item in items:
        entry = _entry(item)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    result = JsonFeed(feed=feed, entries=entries, skipped=skipped)
    if skipped:
        result.notes.append(
            f"{skipped} of the feed's {len(items)} items {'was' if skipped == 1 else 'were'} malformed and left out."
        )
    return result


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _entry(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    identifier = item.get("id")
    if isinstance(identifier, (int, float)) and not isinstance(identifier, bool):
        identifier = str(identifier)  # 1.0 feeds number their items; the spec says a string
    link = _text(item.get("url")) or _text(item.get("external_url"))
    if not link and not isinstance(identifier, str):
        return None
    entry: dict[str, Any] = {
        "id": identifier if isinstance(identifier, str) else "",
        "link": link,
        "title": _text(item.get("title")),
        "summary": _text(item.get("summary")) or _text(item.get("content_text"))[:2000],
        "published": _date(item.get("date_published")),
        "updated": _date(item.get("date_modified")),
        "authors": _authors(item),
        "tags": [{"term": tag} for tag in item.get("tags") or [] if isinstance(tag, str)]
        if isinstance(item.get("tags"), list)
        else [],
    }
    return entry


def _authors(item: dict[str, Any]) -> list[dict[str, str]]:
    authors = item.get("authors")
    if not isinstance(authors, list):
        single = item.get("author")  # JSON Feed 1.0
        authors = [single] if isinstance(single, dict) else []
    return [
        {"name": author["name"]}
        for author in authors
        if isinstance(author, dict) and isinstance(author.get("name"), str)
    ]


def _date(value: Any) -> str | None:
    """RFC 3339 as the spec says, in UTC ISO 8601; anything else (numbers, objects, nonsense) is no date."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    text = value.strip().replace("z", "Z")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat()
