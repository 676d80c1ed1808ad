"""The reader's shelf: saved pieces, read marks, reading positions and the history of pieces opened."""

from __future__ import annotations

from inkreader.model import LibraryEntry, ReadingMark

from .articles import find_article
from .connection import LibraryConnection, timestamp
from .errors import NotInLibrary
from .rows import ENTRY_COLUMNS, library_entry

HISTORY_LIMIT = 10_000  # rows kept in history; older visits are dropped


class Shelf:
    """What the reader did with pieces; every piece is looked up by the URL it was opened with (or ended at)."""

    def __init__(self, db: LibraryConnection) -> None:
        self._db = db

    def save(self, url: str) -> None:
        with self._db._write() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                raise NotInLibrary(f"{url} is not in the library yet; open it once before saving it.")
            conn.execute(
                "INSERT INTO saved (article_id, saved_at) VALUES (?, ?) ON CONFLICT(article_id) DO NOTHING",
                (article_id, timestamp()),
            )

    def unsave(self, url: str) -> bool:
        with self._db._write() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                return False
            return conn.execute("DELETE FROM saved WHERE article_id = ?", (article_id,)).rowcount > 0

    def is_saved(self, url: str) -> bool:
        with self._db._read() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                return False
            row = conn.execute("SELECT 1 FROM saved WHERE article_id = ?", (article_id,)).fetchone()
            return row is not None

    def list_saved(self, limit: int | None = None, offset: int = 0) -> list[LibraryEntry]:
        """Saved pieces, newest first; ``limit``/``offset`` page through a long list (None: all of it)."""
        with self._db._read() as conn:
            rows = conn.execute(
                f"""SELECT {ENTRY_COLUMNS}
                   FROM saved s CROSS JOIN articles a ON a.id = s.article_id
                   LEFT JOIN history h ON h.url = a.url
                   ORDER BY s.saved_at DESC, s.article_id DESC
                   LIMIT ? OFFSET ?""",  # CROSS JOIN: walk saved newest first (left alone, SQLite scanned articles)
                (-1 if limit is None else max(0, int(limit)), max(0, int(offset))),
            ).fetchall()
        return [library_entry(row) for row in rows]

    def list_kept(self) -> list[LibraryEntry]:
        """Every piece the reader keeps: saved ones and ones with highlights or tags (``export DIR``), in the
        order they were first kept (saved, else first highlighted or tagged), oldest first."""
        with self._db._read() as conn:
            rows = conn.execute(
                f"""SELECT {ENTRY_COLUMNS},
                       coalesce(s.saved_at,
                                (SELECT min(created_at) FROM highlights WHERE article_id = a.id),
                                (SELECT min(tagged_at) FROM tags WHERE article_id = a.id)) AS kept_at
                   FROM pinned_articles p CROSS JOIN articles a ON a.id = p.article_id
                   LEFT JOIN saved s ON s.article_id = a.id
                   LEFT JOIN history h ON h.url = a.url
                   ORDER BY kept_at, a.url""",
            ).fetchall()
        return [library_entry(row) for row in rows]

    def mark_read(self, url: str, read: bool = True) -> None:
        """Set or clear the read mark; an article not in the library is ignored."""
        with self._db._write() as conn:
            conn.execute(
                "UPDATE articles SET read_at = ? WHERE id = ?",
                (timestamp() if read else None, find_article(conn, url)),
            )

    def set_position(self, url: str, position: float) -> None:
        """Remember the reading position (0..1, clamped); an article not in the library is ignored."""
        position = min(1.0, max(0.0, float(position)))
        with self._db._write() as conn:
            conn.execute("UPDATE articles SET position = ? WHERE id = ?", (position, find_article(conn, url)))

    def get_position(self, url: str) -> float | None:
        with self._db._read() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                return None
            position: float | None = conn.execute(
                "SELECT position FROM articles WHERE id = ?", (article_id,)
            ).fetchone()[0]
            return position

    def reading_marks(self, urls: list[str]) -> dict[str, ReadingMark]:
        """Read/saved state of ``urls`` (one query per 500); URLs the library has never seen are left out."""
        marks: dict[str, ReadingMark] = {}
        unique = list(dict.fromkeys(urls))
        with self._db._read() as conn:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                values = ", ".join("(?)" for _ in chunk)
                rows = conn.execute(
                    f"""WITH wanted(url) AS (VALUES {values})
                        SELECT w.url, h.url IS NOT NULL OR a.read_at IS NOT NULL, s.article_id IS NOT NULL
                        FROM wanted w
                        LEFT JOIN history h ON h.url = w.url
                        LEFT JOIN articles a ON a.url = w.url
                        LEFT JOIN saved s ON s.article_id = a.id
                        WHERE h.url IS NOT NULL OR a.id IS NOT NULL""",
                    chunk,
                ).fetchall()
                for url, read, saved in rows:
                    marks[url] = ReadingMark(read=bool(read), saved=bool(saved))
        return marks

    # -- history -------------------------------------------------------------------------------------------

    def add_history(self, url: str) -> None:
        with self._db._write(durable=False) as conn:
            conn.execute(
                """INSERT INTO history (url, visited_at) VALUES (?, ?)
                   ON CONFLICT(url) DO UPDATE SET visited_at = excluded.visited_at, visits = visits + 1""",
                (url, timestamp()),
            )
            conn.execute(
                """DELETE FROM history WHERE url IN (
                       SELECT url FROM history ORDER BY visited_at DESC LIMIT -1 OFFSET ?)""",
                (HISTORY_LIMIT,),
            )

    def count_saved(self) -> int:
        with self._db._read() as conn:
            count: int = conn.execute("SELECT count(*) FROM saved").fetchone()[0]
            return count

    def list_history(self, limit: int = 200, offset: int = 0) -> list[LibraryEntry]:
        """Pieces opened, newest first; ``limit``/``offset`` page through it."""
        with self._db._read() as conn:
            rows = conn.execute(
                # library_entry's columns (ENTRY_COLUMNS) but the URL opened, and that URL for a title until
                # the piece is stored.
                """SELECT h.url, coalesce(nullif(a.title, ''), h.url), a.outlet, a.published, a.kind, a.authors,
                          s.saved_at, a.read_at, h.visited_at, a.position
                   FROM (SELECT url, visited_at FROM history ORDER BY visited_at DESC LIMIT ? OFFSET ?) h
                   LEFT JOIN articles a ON a.id = coalesce(
                       (SELECT id FROM articles WHERE url = h.url),
                       (SELECT id FROM articles WHERE final_url = h.url ORDER BY accessed_at DESC LIMIT 1))
                   LEFT JOIN saved s ON s.article_id = a.id
                   ORDER BY h.visited_at DESC""",
                (max(0, int(limit)), max(0, int(offset))),
            ).fetchall()
        return [library_entry(row) for row in rows]
