"""Builders for the library tests: articles and pages with our own made-up text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inkreader.model import Article, Link, Page, RelatedItem

BODY = (
    "The harbour authority published its review of port diplomacy on a grey Tuesday.\n\n"
    "Officials argued that [shipping lanes](https://example.org/lanes) shape **alliances** more than "
    "summits do, and that sanctions enforcement depends on who runs the cranes.\n\n"
    "## What follows\n\n- Inspections at transshipment hubs\n- Insurance and flag registries\n"
)


def make_article(n: int = 1, *, title: str | None = None, body: str | None = None, **fields) -> Article:
    url = fields.pop("url", f"https://www.cnas.org/publications/commentary/piece-{n}")
    return Article(
        url=url,
        final_url=fields.pop("final_url", url + "/"),
        site=fields.pop("site", "cnas"),
        kind=fields.pop("kind", "commentary"),
        title=title if title is not None else f"Piece number {n} on maritime strategy",
        markdown=body if body is not None else BODY,
        published=fields.pop("published", "2024-03-05"),
        authors=fields.pop("authors", ["Ada Marlow", "Ben Okafor"]),
        outlet=fields.pop("outlet", "Harbour Quarterly"),
        summary=fields.pop("summary", "Ports matter."),
        related=fields.pop(
            "related",
            [
                RelatedItem(
                    url=f"https://www.cnas.org/publications/reports/r-{n}",
                    title="A related report",
                    kind="report",
                    published="2023-01-02",
                    authors=["Cy Tran"],
                    program="Defense",
                ),
                RelatedItem(url="https://www.cnas.org/people/ada", title="Ada Marlow", kind="person"),
            ],
        ),
        links=fields.pop("links", [Link(text="shipping lanes", url="https://example.org/lanes")]),
        fetched_at=fields.pop("fetched_at", "2024-03-06T10:00:00+00:00"),
        **fields,
    )


def make_page(url: str = "https://www.cnas.org/x", *, content: bytes | None = None, **fields) -> Page:
    content = content if content is not None else ("<html><body><p>Café — ports</p></body></html>" * 50).encode()
    return Page(
        url=url,
        final_url=fields.pop("final_url", url),
        status=fields.pop("status", 200),
        content=content,
        text=content.decode(fields.get("encoding", "utf-8"), "replace"),
        encoding=fields.pop("encoding", "utf-8"),
        content_type=fields.pop("content_type", "text/html; charset=utf-8"),
        fetched_at=fields.pop("fetched_at", "2024-03-06T10:00:00+00:00"),
        headers=fields.pop("headers", {"content-type": "text/html; charset=utf-8", "etag": '"v1"'}),
        etag=fields.pop("etag", '"v1"'),
        last_modified=fields.pop("last_modified", "Wed, 06 Mar 2024 10:00:00 GMT"),
        **fields,
    )


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
