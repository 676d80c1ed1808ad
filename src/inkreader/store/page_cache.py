"""The raw page cache: every page fetched, compressed, with its validators (ETag, Last-Modified) and fetch time."""

from __future__ import annotations

import json

from inkreader.model import Page

from . import codec
from .cache_budget import CacheBudget
from .connection import LibraryConnection, timestamp
from .errors import LibraryBusy, LibraryError


class PageCache:
    """Pages by the URL asked for; a read marks the row for least-recently-read eviction."""

    def __init__(self, db: LibraryConnection, budget: CacheBudget) -> None:
        self._db = db
        self._budget = budget

    def put_page(self, page: Page) -> None:
        if page.not_modified:
            self.touch_page(page.url, page.fetched_at)
            return
        body = codec.compress(page.content)
        headers = json.dumps(page.headers, ensure_ascii=False, sort_keys=True)
        now = timestamp()
        with self._db._write() as conn:
            conn.execute(
                """INSERT INTO pages (url, final_url, status, codec, body, raw_size, encoding, content_type,
                                      headers, etag, last_modified, fetched_at, accessed_at, stored_size)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     final_url = excluded.final_url, status = excluded.status, codec = excluded.codec,
                     body = excluded.body, raw_size = excluded.raw_size, encoding = excluded.encoding,
                     content_type = excluded.content_type, headers = excluded.headers, etag = excluded.etag,
                     last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,
                     accessed_at = excluded.accessed_at, stored_size = excluded.stored_size""",
                (
                    page.url,
                    page.final_url,
                    page.status,
                    codec.DEFAULT_CODEC,
                    body,
                    len(page.content),
                    page.encoding or "utf-8",
                    page.content_type or "",
                    headers,
                    page.etag,
                    page.last_modified,
                    page.fetched_at,
                    now,
                    len(body) + len(headers) + 200,
                ),
            )
        self._budget.after_put()

    def get_page(self, url: str) -> Page | None:
        with self._db._read() as conn:
            row = conn.execute(
                """SELECT url, final_url, status, codec, body, encoding, content_type, headers, etag,
                          last_modified, fetched_at FROM pages WHERE url = ?""",
                (url,),
            ).fetchone()
        if row is None:
            return None
        (key, final_url, status, row_codec, body, encoding, content_type, headers, etag, last_modified, fetched_at) = (
            row
        )
        try:
            content = codec.decompress(body, row_codec)
        except (ValueError, Exception) as error:  # zlib.error, a missing zstd module
            raise LibraryError(f"The cached copy of {url} cannot be read ({error}).") from None
        try:
            text = content.decode(encoding or "utf-8", "replace")
        except LookupError:
            text = content.decode("utf-8", "replace")
        self._db._touch_access("pages", "url", key)
        return Page(
            url=key,
            final_url=final_url,
            status=status,
            content=content,
            text=text,
            encoding=encoding,
            content_type=content_type,
            fetched_at=fetched_at,
            headers=json.loads(headers or "{}"),
            etag=etag,
            last_modified=last_modified,
            from_cache=True,
        )

    def touch_page(self, url: str, fetched_at: str) -> None:
        """Record a 304 revalidation. Only timestamps: skipped (not an error) while another program writes."""
        try:
            with self._db._write() as conn:
                conn.execute(
                    "UPDATE pages SET fetched_at = ?, accessed_at = ? WHERE url = ?", (fetched_at, timestamp(), url)
                )
        except LibraryBusy:
            pass
