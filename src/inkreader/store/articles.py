"""Extracted articles: their stored record, the related cards each page showed, their search entries, and the
cards' titles and summaries kept for search (``seen_items``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from inkreader.model import Article

from . import codec
from .cache_budget import CacheBudget
from .connection import LibraryConnection, timestamp
from .db import SqlRow, valid_text
from .errors import LibraryError
from .rows import json_list
from .search import cjk_bigrams, index_text, plain_text

# A card a page showed, as the related table stores it: position, url, title, kind, outlet, published, summary,
# authors (JSON), program.
_RelatedRow = tuple[int, str, str, str | None, str | None, str | None, str | None, str, str | None]


def find_article(conn: sqlite3.Connection, url: str) -> int | None:
    """The article stored for ``url``: asked for by that URL, else the latest one that ended there."""
    row = conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT id FROM articles WHERE final_url = ? ORDER BY accessed_at DESC LIMIT 1", (url,)
        ).fetchone()
    return row[0] if row else None


class ArticleStore:
    """Articles by URL, stored in one transaction with their related cards and search entries."""

    def __init__(self, db: LibraryConnection, budget: CacheBudget) -> None:
        self._db = db
        self._budget = budget

    def put_articles(self, articles: Iterable[Article]) -> int:
        """Store many articles in one transaction (imports, the benchmark); returns how many."""
        prepared = [self._article_row(article) for article in articles]
        with self._db._write() as conn:
            for row, related, fts in prepared:
                article_id = conn.execute(
                    """INSERT INTO articles (url, final_url, full_article_url, title, authors, outlet,
                                             published, kind, site, codec, record, stored_size, stored_at,
                                             accessed_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(url) DO UPDATE SET
                         final_url = excluded.final_url, full_article_url = excluded.full_article_url,
                         title = excluded.title, authors = excluded.authors, outlet = excluded.outlet,
                         published = excluded.published, kind = excluded.kind, site = excluded.site,
                         codec = excluded.codec, record = excluded.record, stored_size = excluded.stored_size,
                         stored_at = excluded.stored_at, accessed_at = excluded.accessed_at
                       RETURNING id""",
                    row,
                ).fetchone()[0]
                conn.execute("DELETE FROM related WHERE article_id = ?", (article_id,))
                conn.executemany(
                    """INSERT INTO related (article_id, position, url, title, kind, outlet, published,
                                            summary, authors, program)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [(article_id, *item) for item in related],
                )
                conn.execute("DELETE FROM search_index WHERE rowid = ?", (article_id,))
                if fts is not None:
                    conn.execute(
                        "INSERT INTO search_index (rowid, title, authors, outlet, body, cjk) VALUES (?, ?, ?, ?, ?, ?)",
                        (article_id, *fts),
                    )
                self._note_seen(conn, related)
        self._budget.after_put()
        return len(prepared)

    @staticmethod
    def _article_row(article: Article) -> tuple[SqlRow, list[_RelatedRow], SqlRow | None]:
        record = article.to_record()
        related = record.pop("related", [])
        record["from_cache"] = False
        blob = codec.compress(valid_text(json.dumps(record, ensure_ascii=False)).encode("utf-8"))
        body = plain_text(article.markdown)
        authors = [a for a in article.authors if a]
        now = timestamp()
        stored_size = len(blob) + 2 * len(body.encode("utf-8")) + 300  # the FTS copy and its index
        row = (
            article.url,
            article.final_url,
            article.full_article_url,
            article.title,
            json.dumps(authors, ensure_ascii=False),
            article.outlet,
            article.published,
            article.kind,
            article.site,
            codec.DEFAULT_CODEC,
            blob,
            stored_size,
            now,
            now,
        )
        related_rows = [
            (
                position,
                item["url"],
                item["title"],
                item.get("kind"),
                item.get("outlet"),
                item.get("published"),
                item.get("summary"),
                json.dumps(item.get("authors") or [], ensure_ascii=False),
                item.get("program"),
            )
            for position, item in enumerate(related)
        ]
        # A listing is only other pieces' titles: indexing it would put it above the pieces themselves.
        title = index_text(article.title)
        fts = (
            None
            if article.kind == "listing"
            else (
                title,
                index_text(", ".join(authors)),
                index_text(article.outlet),
                body,
                cjk_bigrams(f"{title} {body}"),
            )
        )
        return row, related_rows, fts

    @staticmethod
    def _note_seen(conn: sqlite3.Connection, related: list[_RelatedRow]) -> None:
        """Remember the cards this page showed (title, summary) so search finds what was only seen."""
        now = timestamp()
        for _position, url, title, kind, outlet, published, summary, authors, _program in related:
            if not title:
                continue
            old = conn.execute("SELECT id, title, summary FROM seen_items WHERE url = ?", (url,)).fetchone()
            summary = summary or (old[2] if old else None)  # a card without one keeps what another card said
            if old is not None and (old[1], old[2]) == (title, summary):
                continue
            item_id = conn.execute(
                """INSERT INTO seen_items (url, title, kind, outlet, published, summary, authors, seen_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     title = excluded.title, kind = coalesce(excluded.kind, kind),
                     outlet = coalesce(excluded.outlet, outlet), published = coalesce(excluded.published, published),
                     summary = excluded.summary, authors = excluded.authors, seen_at = excluded.seen_at
                   RETURNING id""",
                (url, title, kind, outlet, published, summary, authors, now),
            ).fetchone()[0]
            conn.execute("DELETE FROM seen_index WHERE rowid = ?", (item_id,))
            text = f"{title} {summary or ''}"
            conn.execute(
                "INSERT INTO seen_index (rowid, title, summary, cjk) VALUES (?, ?, ?, ?)",
                (item_id, index_text(title), index_text(summary), cjk_bigrams(text)),
            )

    def get_article(self, url: str) -> Article | None:
        with self._db._read() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                return None
            codec_name, blob = conn.execute("SELECT codec, record FROM articles WHERE id = ?", (article_id,)).fetchone()
            related_rows = conn.execute(
                """SELECT url, title, kind, outlet, published, summary, authors, program FROM related
                   WHERE article_id = ? ORDER BY position""",
                (article_id,),
            ).fetchall()
        try:
            record = json.loads(codec.decompress(blob, codec_name))
        except Exception as error:  # zlib.error, bad JSON, a missing zstd module
            raise LibraryError(f"The stored copy of {url} cannot be read ({error}).") from None
        record["related"] = [
            {
                "url": r[0],
                "title": r[1],
                "kind": r[2],
                "outlet": r[3],
                "published": r[4],
                "summary": r[5],
                "authors": json_list(r[6]),
                "program": r[7],
            }
            for r in related_rows
        ]
        article = Article.from_record(record)
        article.from_cache = True
        self._db._touch_access("articles", "id", article_id)
        return article
