"""The library: one SQLite file holding the page cache, extracted articles, saved pieces, history and search.

One connection per :class:`Library`, serialised by a lock so that it may be used from any thread: the Reader
and the TUI call it from worker threads, so that a wait on another program's write lock never holds up keys.
Writes take the write lock up front (``BEGIN IMMEDIATE``) so waiting on another process goes through SQLite's
busy timeout instead of failing on a lock upgrade; when that runs out the write fails as LibraryBusy.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inkreader.model import Article, LibraryEntry, Page, ReadingMark, SearchHit
from inkreader.text import clean_line

from . import codec
from .db import BUSY_TIMEOUT_MS, DbRow, SqlRow, mark_clean, open_database, translate, valid_text
from .errors import LibraryBusy, LibraryError, LibraryReadOnly, NotInLibrary, SearchCancelled
from .rows import ENTRY_COLUMNS, json_list, library_entry
from .search import (
    SNIPPET_SOURCE_CHARS,
    CancelToken,
    ParsedQuery,
    cjk_bigrams,
    index_text,
    make_snippet,
    parse_query,
    plain_text,
)

if TYPE_CHECKING:
    from inkreader.config import Paths

DEFAULT_CACHE_BUDGET = 500 * 1024 * 1024
HISTORY_LIMIT = 10_000  # rows kept in history; older visits are dropped
_EVICT_CHECK_EVERY = 16  # puts between automatic budget checks (a SUM over the cache rows)
_SYNC_DURABLE = "FULL"  # every save survives a power cut (store.db sets it at open)
_SYNC_NOT_DURABLE = "NORMAL"  # WAL stays consistent, the commit does not wait for the disk
_TOUCH_TIMEOUT_MS = 50  # a read's access-time mark waits at most this long for the write lock
_EVICT_GRACE_SECONDS = 600  # automatic eviction spares rows used this recently (e.g. put, then saved)
_FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0, 2.0)  # title, authors, outlet, body, CJK pairs of title and body
_SEEN_WEIGHTS = (10.0, 1.0, 2.0)  # title, summary, CJK pairs
_RANK_CANDIDATES = 500  # at most this many matching pieces are ranked by bm25 (the newest ones)
_PROGRESS_STEPS = 1000  # SQLite VM steps between checks for a cancelled search or a signal


def _now() -> str:
    """UTC with microseconds: orders saves and visits made within the same second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


# A card a page showed, as the related table stores it: position, url, title, kind, outlet, published, summary,
# authors (JSON), program.
_RelatedRow = tuple[int, str, str, str | None, str | None, str | None, str | None, str, str | None]


class Library:
    """The user's library. Every error that reaches a caller is a :class:`LibraryError` with one line.

    ``read_only`` is True when the file (or its directory) cannot be written: reads work, writes raise
    :class:`LibraryReadOnly`. ``recovery_note`` is set when a damaged file was moved aside at open: show it
    to the user once (it names the kept file and the ``sqlite3 … .recover`` command).
    """

    def __init__(self, path: Path, *, cache_budget_bytes: int = DEFAULT_CACHE_BUDGET) -> None:
        self.path = Path(path)
        self.cache_budget_bytes = cache_budget_bytes
        opened = open_database(self.path)
        self._conn: sqlite3.Connection = opened.conn
        self.read_only: bool = opened.read_only
        self.read_only_reason: str | None = opened.read_only_reason
        self.recovery_note: str | None = opened.recovery_note
        self._lock = threading.RLock()
        self._puts_since_check = _EVICT_CHECK_EVERY  # check the budget on the first put
        self._closed = False
        self._cancel: CancelToken | None = None  # the running search's token
        # Python code runs every few thousand SQLite steps: a pending SIGINT/SIGTERM handler raises there
        # (SQLite then stops with "interrupted"), and a cancelled search stops.
        self._conn.set_progress_handler(self._progress, _PROGRESS_STEPS)

    @classmethod
    def open(cls, paths: Paths, **kw: Any) -> Library:
        try:
            paths.ensure()
        except OSError:
            pass  # a read-only data dir: open_database says so clearly (or reads what is there)
        return cls(paths.library_file, **kw)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if not self.read_only:
                    self._conn.execute("PRAGMA busy_timeout = 0")  # never wait at exit for a nicety
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            if not self.read_only:
                mark_clean(self.path)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------------------

    def _read_only_error(self) -> LibraryReadOnly:
        return LibraryReadOnly(self.read_only_reason or f"The library at {self.path} is read-only.")

    @contextmanager
    def _write(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: all or nothing; errors come out as LibraryError.

        ``durable=False``: for marks that cost nothing when a power cut loses them (history, access times).
        The commit then does not wait for an fsync, which on a busy disk took up to 0.1 s on the way to the
        first screen of a cached article. The file stays consistent (WAL), and the next durable commit
        makes it durable too.
        """
        if self.read_only:
            raise self._read_only_error()
        with self._lock:
            self._check_open()
            if not durable:
                self._set_synchronous(_SYNC_NOT_DURABLE)
            try:
                yield from self._transaction()
            finally:
                if not durable:
                    self._set_synchronous(_SYNC_DURABLE)

    def _set_synchronous(self, level: str) -> None:
        try:
            self._conn.execute(f"PRAGMA synchronous = {level}")
        except sqlite3.Error:
            pass  # the connection is broken: the transaction says so itself

    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE (SQLite waits up to the busy timeout while another process holds the lock) ... COMMIT
        or ROLLBACK."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._translate(error) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as error:
            if self._conn.in_transaction:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (e.g. after SQLITE_FULL)
            if isinstance(error, (sqlite3.Error, OSError)):
                raise self._translate(error) from None
            raise

    @contextmanager
    def _read(self, cancel: CancelToken | None = None) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            self._cancel = cancel  # under the lock: the progress handler checks the running query's token
            try:
                yield self._conn
            except (sqlite3.Error, OSError) as error:
                raise self._translate(error) from None
            finally:
                self._cancel = None

    def _progress(self) -> int:
        token = self._cancel
        return 1 if token is not None and token.cancelled else 0

    def _translate(self, error: BaseException) -> LibraryError:
        if isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error):
            if self._cancel is not None and self._cancel.cancelled:
                return SearchCancelled("the search was cancelled")
            # Not us: a signal handler raised KeyboardInterrupt inside the progress handler, where sqlite3
            # can only turn it into "interrupted". Raise it again so Ctrl+C and SIGTERM end the command.
            raise KeyboardInterrupt
        translated = translate(error, self.path)
        if isinstance(translated, LibraryReadOnly) and not self.read_only:
            # The file system refused a write we expected to work (e.g. remounted read-only).
            self.read_only = True
            self.read_only_reason = str(translated)
        return translated

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError(f"The library at {self.path} is closed.")

    def _touch_access(self, table: str, key_column: str, key: Any) -> None:
        """Record a read for least-recently-read eviction. Best effort and never blocking a read for long:
        if another process holds the write lock, the mark is skipped (a read-only library skips it too)."""
        if self.read_only:
            return
        with self._lock:
            if self._closed:
                return
            try:
                self._conn.execute(f"PRAGMA busy_timeout = {_TOUCH_TIMEOUT_MS}")
                self._conn.execute(f"PRAGMA synchronous = {_SYNC_NOT_DURABLE}")  # see _write(durable=False)
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute(f"UPDATE {table} SET accessed_at = ? WHERE {key_column} = ?", (_now(), key))
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                if self._conn.in_transaction:
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if "interrupted" in str(error):
                    raise KeyboardInterrupt from None  # a signal stopped it: do not swallow that
            finally:
                try:
                    self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    self._conn.execute(f"PRAGMA synchronous = {_SYNC_DURABLE}")
                except sqlite3.Error:
                    pass

    def _article_id(self, conn: sqlite3.Connection, url: str) -> int | None:
        row = conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        if row is None:
            row = conn.execute(
                "SELECT id FROM articles WHERE final_url = ? ORDER BY accessed_at DESC LIMIT 1", (url,)
            ).fetchone()
        return row[0] if row else None

    # -- raw page cache ------------------------------------------------------------------------------------

    def put_page(self, page: Page) -> None:
        if page.not_modified:
            self.touch_page(page.url, page.fetched_at)
            return
        body = codec.compress(page.content)
        headers = json.dumps(page.headers, ensure_ascii=False, sort_keys=True)
        now = _now()
        with self._write() as conn:
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
        self._maybe_evict()

    def get_page(self, url: str) -> Page | None:
        with self._read() as conn:
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
        self._touch_access("pages", "url", key)
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
            with self._write() as conn:
                conn.execute(
                    "UPDATE pages SET fetched_at = ?, accessed_at = ? WHERE url = ?", (fetched_at, _now(), url)
                )
        except LibraryBusy:
            pass

    # -- articles ------------------------------------------------------------------------------------------

    def put_article(self, article: Article) -> None:
        """Store (or replace) one extracted article, its related items and its search entry."""
        self.put_articles([article])

    def put_articles(self, articles: Iterable[Article]) -> int:
        """Store many articles in one transaction (imports, the benchmark); returns how many."""
        prepared = [self._article_row(article) for article in articles]
        with self._write() as conn:
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
        self._maybe_evict()
        return len(prepared)

    @staticmethod
    def _article_row(article: Article) -> tuple[SqlRow, list[_RelatedRow], SqlRow | None]:
        record = article.to_record()
        related = record.pop("related", [])
        record["from_cache"] = False
        blob = codec.compress(valid_text(json.dumps(record, ensure_ascii=False)).encode("utf-8"))
        body = plain_text(article.markdown)
        authors = [a for a in article.authors if a]
        now = _now()
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
        now = _now()
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
        with self._read() as conn:
            article_id = self._article_id(conn, url)
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
        self._touch_access("articles", "id", article_id)
        return article

    # -- saved pieces --------------------------------------------------------------------------------------

    def save(self, url: str) -> None:
        with self._write() as conn:
            article_id = self._article_id(conn, url)
            if article_id is None:
                raise NotInLibrary(f"{url} is not in the library yet; open it once before saving it.")
            conn.execute(
                "INSERT INTO saved (article_id, saved_at) VALUES (?, ?) ON CONFLICT(article_id) DO NOTHING",
                (article_id, _now()),
            )

    def unsave(self, url: str) -> bool:
        with self._write() as conn:
            article_id = self._article_id(conn, url)
            if article_id is None:
                return False
            return conn.execute("DELETE FROM saved WHERE article_id = ?", (article_id,)).rowcount > 0

    def is_saved(self, url: str) -> bool:
        with self._read() as conn:
            article_id = self._article_id(conn, url)
            if article_id is None:
                return False
            row = conn.execute("SELECT 1 FROM saved WHERE article_id = ?", (article_id,)).fetchone()
            return row is not None

    def list_saved(self, limit: int | None = None, offset: int = 0) -> list[LibraryEntry]:
        """Saved pieces, newest first; ``limit``/``offset`` page through a long list (None: all of it)."""
        with self._read() as conn:
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
        with self._read() as conn:
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
        with self._write() as conn:
            conn.execute(
                "UPDATE articles SET read_at = ? WHERE id = ?",
                (_now() if read else None, self._article_id(conn, url)),
            )

    def set_position(self, url: str, position: float) -> None:
        """Remember the reading position (0..1, clamped); an article not in the library is ignored."""
        position = min(1.0, max(0.0, float(position)))
        with self._write() as conn:
            conn.execute("UPDATE articles SET position = ? WHERE id = ?", (position, self._article_id(conn, url)))

    def get_position(self, url: str) -> float | None:
        with self._read() as conn:
            article_id = self._article_id(conn, url)
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
        with self._read() as conn:
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
        with self._write(durable=False) as conn:
            conn.execute(
                """INSERT INTO history (url, visited_at) VALUES (?, ?)
                   ON CONFLICT(url) DO UPDATE SET visited_at = excluded.visited_at, visits = visits + 1""",
                (url, _now()),
            )
            conn.execute(
                """DELETE FROM history WHERE url IN (
                       SELECT url FROM history ORDER BY visited_at DESC LIMIT -1 OFFSET ?)""",
                (HISTORY_LIMIT,),
            )

    def count_saved(self) -> int:
        with self._read() as conn:
            count: int = conn.execute("SELECT count(*) FROM saved").fetchone()[0]
            return count

    def list_history(self, limit: int = 200, offset: int = 0) -> list[LibraryEntry]:
        """Pieces opened, newest first; ``limit``/``offset`` page through it."""
        with self._read() as conn:
            rows = conn.execute(
                """SELECT h.url, h.visited_at, a.title, a.outlet, a.published, a.kind, a.authors, s.saved_at,
                          a.read_at, a.position
                   FROM (SELECT url, visited_at FROM history ORDER BY visited_at DESC LIMIT ? OFFSET ?) h
                   LEFT JOIN articles a ON a.id = coalesce(
                       (SELECT id FROM articles WHERE url = h.url),
                       (SELECT id FROM articles WHERE final_url = h.url ORDER BY accessed_at DESC LIMIT 1))
                   LEFT JOIN saved s ON s.article_id = a.id
                   ORDER BY h.visited_at DESC""",
                (max(0, int(limit)), max(0, int(offset))),
            ).fetchall()
        return [
            LibraryEntry(
                url=r[0],
                visited_at=r[1],
                title=r[2] or r[0],
                outlet=r[3],
                published=r[4],
                kind=r[5],
                authors=json_list(r[6]),
                saved_at=r[7],
                read_at=r[8],
                position=r[9],
            )
            for r in rows
        ]

    # -- search --------------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 50,
        *,
        saved_only: bool = False,
        cancel: CancelToken | None = None,
    ) -> list[SearchHit]:
        """Full-text search over title, authors, outlet and body, best (bm25) first, with snippets.

        Items only seen on listings and related cards (title and summary) come too, after the pieces in the
        library and marked ``seen_only``. ``saved_only`` limits it to saved pieces (the
        TUI's saved library) before ranking and the limit.

        Any text is safe: words are quoted for FTS5 (see :func:`~inkreader.store.search.parse_query`). Each
        hit costs a bounded amount whatever the size of its body. ``cancel``: another thread may cancel the
        token to drop the search; it then raises :class:`SearchCancelled` within a few milliseconds.
        """
        parsed = parse_query(query)
        if parsed is None:
            return []
        limit = max(0, int(limit))
        weights = ", ".join(str(w) for w in _FTS_WEIGHTS)
        only_saved = "AND rowid IN (SELECT article_id FROM saved)" if saved_only else ""
        with self._read(cancel) as conn:
            # bm25 reads every match of every query word in every matching piece, and first counts the
            # pieces holding each word over the whole index: over many pieces full of common words that
            # takes most of a second. So it ranks only when at most _RANK_CANDIDATES pieces match (found
            # newest first, a scan that stops early); beyond that the newest matches come first, those
            # with the words in their title, authors or outlet before the others.
            newest = [
                row[0]
                for row in conn.execute(
                    f"SELECT rowid FROM search_index WHERE search_index MATCH ? {only_saved} "
                    "ORDER BY rowid DESC LIMIT ?",
                    (parsed.expression, _RANK_CANDIDATES + 1),
                )
            ]
            if len(newest) <= _RANK_CANDIDATES:
                ranked = (
                    [
                        row[0]
                        for row in conn.execute(
                            f"""SELECT rowid FROM search_index WHERE search_index MATCH ? {only_saved}
                        ORDER BY bm25(search_index, {weights}) LIMIT ?""",
                            (parsed.expression, limit),
                        )
                    ]
                    if newest
                    else []
                )
            else:
                # Ascending from the oldest candidate: FTS5 seeks there (a descending scan reads far more).
                in_title = [
                    row[0]
                    for row in conn.execute(
                        f"SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid >= ? {only_saved}",
                        (f"{{title authors outlet cjk}} : ({parsed.expression})", newest[_RANK_CANDIDATES - 1]),
                    )
                ][::-1]
                taken = set(in_title)
                ranked = (in_title + [rowid for rowid in newest if rowid not in taken])[:limit]
            found = {
                row[0]: row[1:]
                for row in conn.execute(
                    """SELECT a.id, a.url, a.title, a.outlet, a.published, a.authors, a.kind,
                          s.article_id IS NOT NULL, substr(body_source.c3, 1, ?)
                   FROM articles a
                   -- The index's own copy of the text (FTS5's content table, c3 = body): a plain rowid
                   -- lookup, several times cheaper than going through the virtual table.
                   JOIN search_index_content body_source ON body_source.id = a.id
                   LEFT JOIN saved s ON s.article_id = a.id
                   WHERE a.id IN (SELECT value FROM json_each(?))""",
                    (SNIPPET_SOURCE_CHARS, json.dumps(ranked)),
                )
            }
            rows = [found[rowid] for rowid in ranked if rowid in found]
            room = limit - len(rows)
            seen = [] if saved_only or room <= 0 else self._search_seen(conn, parsed, room)
        hits: list[SearchHit] = []
        for url, title, outlet, published, authors, kind, saved, body in rows:
            self._check_cancel(cancel)
            hits.append(
                SearchHit(
                    url=url,
                    title=title,
                    snippet=clean_line(make_snippet(body or "", parsed)),
                    outlet=outlet,
                    published=published,
                    authors=json_list(authors),
                    saved=bool(saved),
                    kind=kind,
                )
            )
        for url, title, outlet, published, authors, kind, summary in seen:
            self._check_cancel(cancel)
            hits.append(
                SearchHit(
                    url=url,
                    title=title,
                    snippet=clean_line(make_snippet(summary or "", parsed)),
                    outlet=outlet,
                    published=published,
                    authors=json_list(authors),
                    kind=kind,
                    seen_only=True,
                )
            )
        return hits

    @staticmethod
    def _search_seen(conn: sqlite3.Connection, parsed: ParsedQuery, limit: int) -> list[DbRow]:
        weights = ", ".join(str(w) for w in _SEEN_WEIGHTS)
        return conn.execute(
            f"""SELECT s.url, s.title, s.outlet, s.published, s.authors, s.kind, s.summary
                FROM (SELECT rowid, bm25(seen_index, {weights}) AS rank FROM seen_index
                      WHERE seen_index MATCH ? ORDER BY rank) hits
                JOIN seen_items s ON s.id = hits.rowid
                WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = s.url)
                  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.final_url = s.url)
                ORDER BY hits.rank LIMIT ?""",
            (parsed.expression, limit),
        ).fetchall()

    @staticmethod
    def _check_cancel(cancel: CancelToken | None) -> None:
        if cancel is not None and cancel.cancelled:
            raise SearchCancelled("the search was cancelled")

    # -- cache budget --------------------------------------------------------------------------------------

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

    def _cache_bytes(self, conn: sqlite3.Connection) -> int:
        total: int = conn.execute(f"SELECT coalesce(sum(stored_size), 0) FROM ({self._CACHE_ROWS})").fetchone()[0]
        return total

    def _maybe_evict(self) -> None:
        self._puts_since_check += 1
        if self._puts_since_check < _EVICT_CHECK_EVERY:
            return
        self._puts_since_check = 0
        with self._read() as conn:
            over = self._cache_bytes(conn) > self.cache_budget_bytes
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
        with self._write() as conn:
            total = self._cache_bytes(conn)
            if total <= self.cache_budget_bytes:
                return 0
            candidates = conn.execute(f"{self._CACHE_ROWS} ORDER BY accessed_at").fetchall()
            for kind, key, size, accessed in candidates:
                if total <= self.cache_budget_bytes or (spare_recent_seconds and accessed >= cutoff):
                    break
                if kind == "page":
                    conn.execute("DELETE FROM pages WHERE url = ?", (key,))
                else:
                    conn.execute("DELETE FROM articles WHERE id = ?", (key,))
                total -= size
                removed += 1
        try:
            with self._lock:
                self._conn.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page only
        except sqlite3.Error:
            pass  # giving space back is a nicety
        return removed

    def stats(self) -> dict[str, int | bool | str]:
        with self._read() as conn:
            counts = {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("pages", "articles", "saved", "history", "related")
            }
            cache_bytes = self._cache_bytes(conn)
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            page_count = conn.execute("PRAGMA page_count").fetchone()[0]
            free_pages = conn.execute("PRAGMA freelist_count").fetchone()[0]
        wal = self.path.with_name(self.path.name + "-wal")
        return {
            **counts,
            "cache_bytes": cache_bytes,
            "cache_budget_bytes": self.cache_budget_bytes,
            "database_bytes": page_size * page_count,
            "free_bytes": page_size * free_pages,
            "file_bytes": (self.path.stat().st_size if self.path.exists() else 0)
            + (wal.stat().st_size if wal.exists() else 0),
            "read_only": self.read_only,
            "path": str(self.path),
        }
