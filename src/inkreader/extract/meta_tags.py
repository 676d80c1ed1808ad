"""A page's ``<meta>`` tags as a map of name -> every value, in page order, and Parse.ly's JSON tag.

Names are lower-cased from ``property``, ``name`` or ``itemprop``; Dublin Core's ``DC:creator`` and
``DCTERMS:issued`` spellings read as ``dc.creator`` and ``dcterms.issued``. Several values under one name are
kept in order (``citation_author`` once per author). ``parsely-page`` / ``parsely-metadata`` hold a JSON
object (``title``, ``pub_date``, ``authors``) that older Parse.ly pages use instead of separate tags.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..model import JsonObject

_DC_COLON = re.compile(r"^(dc|dcterms)[:_]")
MAX_VALUES = 50  # per name: a page with thousands of meta tags costs no more than this


@dataclass(slots=True)
class MetaTags:
    values: dict[str, list[str]] = field(default_factory=dict)
    parsely: JsonObject = field(default_factory=dict)

    def first(self, *names: str) -> str | None:
        """The first non-empty value of the first name that has one."""
        for name in names:
            for value in self.values.get(name, ()):
                if value.strip():
                    return value
        return None

    def all(self, *names: str) -> list[str]:
        """Every value of the first name that has any (page order)."""
        for name in names:
            found = [value for value in self.values.get(name, ()) if value.strip()]
            if found:
                return found
        return []


def read_meta_tags(root: HtmlElement) -> MetaTags:
    tags = MetaTags()
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if not key or not content:
            continue
        key = _DC_COLON.sub(r"\1.", key)
        values = tags.values.setdefault(key, [])
        if len(values) < MAX_VALUES:
            values.append(content)
    for name in ("parsely-page", "parsely-metadata"):
        raw = tags.first(name)
        if raw is None:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            tags.parsely = {**data, **tags.parsely}
    return tags


def parsely_strings(tags: MetaTags, key: str) -> list[str]:
    """A Parse.ly JSON value as strings (``authors`` is a list; ``title`` and ``pub_date`` one string)."""
    value = tags.parsely.get(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []
