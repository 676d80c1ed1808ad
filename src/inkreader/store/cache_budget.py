"""The cache budget: how much the plain cache (pages and articles nobody keeps) holds, and eviction beyond it."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

from .connection import LibraryConnection

DEFAULT_CACHE_BUDGET = 500 * 1024 * 1024
_EVICT_CHECK_EVERY = 16  # puts between automatic budget checks (a SUM over the cache rows)
_EVICT_GRACE_SECONDS = 600  # automatic eviction spares rows used this recently (e.g. put, then saved)

# Rows that count against the budget: everything but saved, highlighted or tagged pieces (pinned_articles),
# their articles and their pages (own, final and outlet URLs).
_CACHE_ROWS = """
    WITH keep(url) AS (
        SELECT a.url FROM pinned_articles s JOIN articles a ON a.id = s.article_id
        UNION SELECT a.final_url FROM pinned_articles s JOIN articles a ON a.id = s.article_id
        UNION SELECT a.full_article_url FROM pinned_articles s JOIN articles a ON a.id = s.article_id
              WHERE a.full_article_url IS NOT NULL
    )
    SELECT 'page' AS kind, url AS key, stored_size, accessed_at FROM pages
        WHERE url NOT IN keep AND final_url NOT IN keep
    UNION ALL
    SELECT 'article', id, stored_size, accessed_at FROM articles
        WHERE id NOT IN (SELECT article_id FROM pinned_articles)
"""


class CacheBudget:
    """Least-recently-read eviction of the plain cache, checked every few puts, and the library's figures."""

    def __init__(self, db: LibraryConnection, budget_bytes: int = DEFAULT_CACHE_BUDGET) -> None:
        self._db = db
        self.budget_bytes = budget_bytes
        self._puts_since_check = _EVICT_CHECK_EVERY  # check the budget on the first put

    def cache_bytes(self, conn: sqlite3.Connection) -> int:
        total: int = conn.execute(f"SELECT coalesce(sum(stored_size), 0) FROM ({_CACHE_ROWS})").fetchone()[0]
        return total

    def after_put(self) -> None:
        self._puts_since_check += 1
        if self._puts_since_check < _EVICT_CHECK_EVERY:
            return
        self._puts_since_check = 0
        with self._db._read() as conn:
            over = self.cache_bytes(conn) > self.budget_bytes
        if over:
            self.evict(spare_recent_seconds=_EVICT_GRACE_SECONDS)

    def evict(self, *, spare_recent_seconds: float = 0) -> int:
        """Drop least-recently-read cache rows (pages and articles) until the plain cache fits the budget.

        Saved pieces and pieces with highlights or tags (pinned_articles), their articles and their pages
        (own, final and outlet URLs) are never touched and do not count against the budget. Automatic checks
        after puts spare rows used in the last ``spare_recent_seconds`` (so a piece just opened is still there
        to be saved). Returns rows removed.
        """
        removed = 0
        cutoff = datetime.fromtimestamp(time.time() - spare_recent_seconds, UTC).isoformat(timespec="microseconds")
        with self._db._write() as conn:
            total = self.cache_bytes(conn)
            if total <= self.budget_bytes:
                return 0
            candidates = conn.execute(f"{_CACHE_ROWS} ORDER BY accessed_at").fetchall()
            for kind, key, size, accessed in candidates:
                if total <= self.budget_bytes or (spare_recent_seconds and accessed >= cutoff):
                    break
                if kind == "page":
                    conn.execute("DELETE FROM pages WHERE url = ?", (key,))
                else:
                    conn.execute("DELETE FROM articles WHERE id = ?", (key,))
                total -= size
                removed += 1
        self._db._give_space_back()
        return removed

    def stats(self) -> dict[str, int | bool | str]:
        with self._db._read() as conn:
            counts = {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("pages", "articles", "saved", "history", "related")
            }
            cache_bytes = self.cache_bytes(conn)
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            page_count = conn.execute("PRAGMA page_count").fetchone()[0]
            free_pages = conn.execute("PRAGMA freelist_count").fetchone()[0]
        wal = self._db.path.with_name(self._db.path.name + "-wal")
        return {
            **counts,
            "cache_bytes": cache_bytes,
            "cache_budget_bytes": self.budget_bytes,
            "database_bytes": page_size * page_count,
            "free_bytes": page_size * free_pages,
            "file_bytes": (self._db.path.stat().st_size if self._db.path.exists() else 0)
            + (wal.stat().st_size if wal.exists() else 0),
            "read_only": self._db.read_only,
            "path": str(self._db.path),
        }
