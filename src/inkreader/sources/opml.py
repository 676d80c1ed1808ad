"""OPML subscription lists: read with listparser (OPML 1.0/2.0 as newsboat, NetNewsWire, Feedly and Inoreader
write them; nested outlines become folders), written as OPML 2.0.

listparser reads through lxml's HTML parser, which neither expands entities nor touches the network; a file
that declares entities or is not XML at all is refused before it gets there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from ..model import Source
from ..model_sources import SourceKind
from ..text import clean_line
from .feeds import _ENTITY_DECLARATION, _PROLOG_BYTES, FeedError

MAX_OUTLINES = 50_000
MAX_FOLDER_DEPTH = 8  # folders nested deeper are kept at this depth (no reader's sidebar goes deeper)
MAX_FOLDER_PART = 100  # characters of one folder's name
MAX_FOLDER_CHARS = 300  # characters of the whole path ("Think tanks/Defense/...")


@dataclass(slots=True)
class OpmlFeed:
    url: str
    title: str
    folder: str | None = None
    kind: SourceKind = "feed"
    """"listing" or "sitemap": a page followed without a feed (written as an OPML ``link`` outline)."""


@dataclass(slots=True)
class OpmlList:
    feeds: list[OpmlFeed] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # one line each: what was left out and why


def read_opml(content: bytes, name: str = "the file") -> OpmlList:
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<") or b"<opml" not in content[:_PROLOG_BYTES].lower():
        raise FeedError(f"{name} is not an OPML file (it does not start as XML with an <opml> element).")
    if _ENTITY_DECLARATION.search(content[:_PROLOG_BYTES]):
        raise FeedError(f"{name} declares XML entities; inkreader does not read it.")
    import listparser

    try:
        parsed = listparser.parse(content)  # bytes: listparser never fetches anything for bytes
    except RecursionError:
        raise FeedError(f"{name} nests its outlines too deeply to be read.") from None
    result = OpmlList()
    seen: set[str] = set()
    # outlines of type "link": pages followed without a feed (a listing, a sitemap), as write_opml writes them
    entries: list[tuple[Any, SourceKind | None]] = [(feed, "feed") for feed in parsed.get("feeds") or []]
    entries += [(entry, _page_kind(clean_line(entry.get("url")))) for entry in parsed.get("lists") or []]
    for feed, kind in entries:
        url = clean_line(feed.get("url"))
        title = clean_line(feed.get("title")) or url
        if not re.match(r"^https?://[^/\s]", url, re.IGNORECASE):
            scheme = url.split(":", 1)[0].lower() if ":" in url else "no"
            result.rejected.append(f"{title[:80]}: only http and https feeds are followed, not {scheme}: ones")
            continue
        if url in seen:
            continue
        seen.add(url)
        if len(result.feeds) >= MAX_OUTLINES:
            result.rejected.append(f"more than {MAX_OUTLINES} feeds; the rest were left out")
            break
        categories = feed.get("categories") or []
        folder = folder_path(categories[0]) if categories and categories[0] else None
        if kind is None:
            result.rejected.append(f"{title[:80]}: a list of lists (another OPML file) is not followed")
            continue
        result.feeds.append(OpmlFeed(url=url, title=title, folder=folder or None, kind=kind))
    if not result.feeds and not result.rejected:
        raise FeedError(f"{name} lists no feeds.")
    return result


def folder_path(parts: Sequence[str]) -> str | None:
    """The folder a feed is kept in, from its outline's ancestors: at most :data:`MAX_FOLDER_DEPTH` levels of
    at most :data:`MAX_FOLDER_PART` characters, :data:`MAX_FOLDER_CHARS` in all (a file nesting 5,000 outlines
    made a 10,000-character folder). A "/" in a name would read as one more level: it becomes "∕"."""
    names: list[str] = []
    length = 0
    for part in parts:
        name = clean_line(part).replace("/", "\u2215")[:MAX_FOLDER_PART].strip()
        if not name:
            continue
        if len(names) == MAX_FOLDER_DEPTH or length + len(name) + bool(names) > MAX_FOLDER_CHARS:
            break
        names.append(name)
        length += len(name) + (len(names) > 1)
    return "/".join(names) or None


def write_opml(sources: Sequence[Source], title: str = "inkreader sources") -> str:
    """OPML 2.0: folders as nested outlines (``text`` only), each feed an ``rss`` outline, each page followed
    without a feed (a listing, a sitemap) a ``link`` outline."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{datetime.now(UTC).strftime('%a, %d %b %Y %H:%M:%S GMT')}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    tree: dict[tuple[str, str], Any] = {}
    for source in sources:
        node = tree
        for part in [p for p in (source.folder or "").split("/") if p]:
            node = node.setdefault(("folder", part), {})
        node.setdefault(("sources", ""), []).append(source)
    _write_node(tree, lines, 2)
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"


def _write_node(tree: dict[tuple[str, str], Any], lines: list[str], depth: int) -> None:
    """The folder tree as nested outlines, walked with a stack of its own: a library holding a folder nested
    thousands deep (imported before folders were bounded) still exports, never a RecursionError."""
    stack: list[tuple[str, Any, int]] = [("node", tree, depth)]
    while stack:
        step, value, level = stack.pop()
        pad = "  " * level
        if step == "open":
            lines.append(f"{pad}<outline text={quoteattr(value)} title={quoteattr(value)}>")
            continue
        if step == "close":
            lines.append(f"{pad}</outline>")
            continue
        for source in value.get(("sources", ""), []):
            names = f"text={quoteattr(source.name)} title={quoteattr(source.name)}"
            if source.kind == "feed":
                urls = f"xmlUrl={quoteattr(source.feed_url)} htmlUrl={quoteattr(source.url)}"
                lines.append(f'{pad}<outline type="rss" {names} {urls}/>')
            else:  # a listing page or a sitemap is not a feed: a reader given it as xmlUrl would fail on it
                lines.append(f'{pad}<outline type="link" {names} url={quoteattr(source.feed_url)}/>')
        folders = [(name, child) for (kind, name), child in value.items() if kind == "folder"]
        for name, child in reversed(folders):  # popped in order: open, contents, close
            stack += [("close", None, level), ("node", child, level + 1), ("open", name, level)]


def _page_kind(url: str) -> SourceKind | None:
    """What a ``link`` outline points at: a sitemap, another OPML file (None: not followed), else a listing."""
    path = urlsplit(url).path.lower() if url else ""
    if path.endswith(".opml"):
        return None
    return "sitemap" if "sitemap" in path and path.endswith((".xml", ".xml.gz")) else "listing"


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
