"""Sources and their items (the inbox) in the library: same file, same transactions, same error handling.

:class:`SourceStore` borrows a :class:`~inkreader.store.Library`'s connection and write transactions, so a
refresh's items and its bookkeeping land together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from inkreader.model import FeedEntry, InboxItem, Source
from inkreader.text import clean_line

from . import pieces
from .errors import LibraryError
from .library import Library
from .pieces import piece_key
from .rows import json_list

_SOURCE_COLUMNS = (
    "s.id, s.name, s.url, s.feed_url, s.kind, s.folder, s.etag, s.last_modified, s.last_refresh, s.last_error"
)
_ITEM_COLUMNS = "i.id, i.url, i.title, s.name, i.kind, i.outlet, i.published, i.authors, i.summary, i.read_at, i.piece"


class DuplicateSource(LibraryError):
    """A source with this name or feed address is already followed."""


NAME_CHARS = 200  # a source's name: a feed's title or an OPML outline's, however long those are


def _name(text: str) -> str:
    name = clean_line(text[: 8 * NAME_CHARS])
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sort_time(published: str | None, now: str) -> str | None:
    """Where an item sorts: its date, but a date in the future (a wrong clock, a hostile feed) never pins
    it to the top; it sorts as when it was first seen."""
    if not published:
        return None
    return None if published[:10] > now[:10] and published > now else published


def _item(row: tuple[Any, ...], names: dict[str, list[str]] | None = None) -> InboxItem:
    item_id, url, title, source, kind, outlet, published, authors, summary, read_at, piece = row
    return InboxItem(
        url=url,
        title=title,
        source=source,
        kind=kind,
        outlet=outlet,
        published=published,
        authors=json_list(authors),
        summary=summary,
        read=read_at is not None,
        id=item_id,
        sources=list((names or {}).get(piece) or [source]),
    )


@dataclass(frozen=True, slots=True)
class Retention:
    """How long items stay once no feed lists them: read ones ``read_days`` after they were read, and at most
    ``per_source`` per source (0: no limit). Items a feed still lists, and pieces saved, highlighted or tagged,
    always stay."""

    read_days: int = 90
    per_source: int = 2000


class SourceStore:
    def __init__(self, library: Library, retention: Retention | None = None) -> None:
        self.library = library
        self.retention = retention or Retention()

    # -- sources -----------------------------------------------------------------------------------------
    def add(self, source: Source) -> Source:
        """Follow ``source``; a name taken by another source gets " (2)", " (3)"… A feed followed already
        is refused (DuplicateSource names the source that has it)."""
        with self.library._write() as conn:
            existing = conn.execute("SELECT name FROM sources WHERE feed_url = ?", (source.feed_url,)).fetchone()
            if existing:
                raise DuplicateSource(f"Already following {source.feed_url} as {existing[0]!r}.")
            source.name = self._free_name(conn, _name(source.name) or _name(source.feed_url))
            source.id = conn.execute(
                """INSERT INTO sources (name, url, feed_url, kind, folder, added_at) VALUES (?, ?, ?, ?, ?, ?)
                   RETURNING id""",
                (source.name, source.url, source.feed_url, source.kind, source.folder, _now()),
            ).fetchone()[0]
        return source

    def add_many(self, sources: Sequence[Source]) -> tuple[list[Source], int]:
        """Follow many at once (an OPML import) in one transaction; feeds followed already are skipped.
        Returns (the sources added, how many were skipped)."""
        added, skipped = [], 0
        with self.library._write() as conn:
            names = {name.casefold() for (name,) in conn.execute("SELECT name FROM sources")}
            feeds = {url for (url,) in conn.execute("SELECT feed_url FROM sources")}
            next_number: dict[str, int] = {}  # many outlines with one title must not cost a search each
            for source in sources:
                if source.feed_url in feeds:
                    skipped += 1
                    continue
                feeds.add(source.feed_url)
                base = _name(source.name) or _name(source.feed_url)
                name, number = base, next_number.get(base.casefold(), 1)
                while name.casefold() in names:
                    number += 1
                    name = f"{base} ({number})"
                next_number[base.casefold()] = number
                names.add(name.casefold())
                source.name = name
                source.id = conn.execute(
                    """INSERT INTO sources (name, url, feed_url, kind, folder, added_at) VALUES (?, ?, ?, ?, ?, ?)
                       RETURNING id""",
                    (source.name, source.url, source.feed_url, source.kind, source.folder, _now()),
                ).fetchone()[0]
                added.append(source)
        return added, skipped

    @staticmethod
    def _free_name(conn: sqlite3.Connection, name: str) -> str:
        candidate, counter = name, 1
        while conn.execute("SELECT 1 FROM sources WHERE name = ?", (candidate,)).fetchone():
            counter += 1
            candidate = f"{name} ({counter})"
        return candidate

    def all(self) -> list[Source]:
        """Every source by name, with its item and unread counts."""
        with self.library._read() as conn:
            rows = conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources s ORDER BY s.name").fetchall()
            totals = dict(conn.execute("SELECT source_id, count(*) FROM source_items GROUP BY source_id"))
            unread = dict(
                conn.execute("SELECT source_id, count(*) FROM source_items WHERE read_at IS NULL GROUP BY source_id")
            )
        return [self._source(row, totals.get(row[0], 0), unread.get(row[0], 0)) for row in rows]

    @staticmethod
    def _source(row: tuple[Any, ...], items: int = 0, unread: int = 0) -> Source:
        source_id, name, url, feed_url, kind, folder, etag, last_modified, last_refresh, last_error = row
        return Source(
            name=name,
            url=url,
            feed_url=feed_url,
            kind=kind,
            folder=folder,
            items=items,
            unread=unread,
            last_refresh=last_refresh,
            last_error=last_error,
            etag=etag,
            last_modified=last_modified,
            id=source_id,
        )

    def find(self, key: str) -> Source | None:
        """A source by name (any case), by the address the user added, or by its feed address."""
        with self.library._read() as conn:
            row = conn.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM sources s WHERE s.name = ? OR s.url = ? OR s.feed_url = ? "
                "ORDER BY s.name = ? DESC LIMIT 1",
                (key, key, key, key),
            ).fetchone()
        return self._source(row) if row else None

    def remove(self, key: str) -> Source | None:
        source = self.find(key)
        if source is None:
            return None
        with self.library._write() as conn:
            gone = [
                piece
                for (piece,) in conn.execute(
                    "SELECT DISTINCT piece FROM source_items WHERE source_id = ? AND piece IS NOT NULL", (source.id,)
                )
            ]
            conn.execute("DELETE FROM source_items WHERE source_id = ?", (source.id,))
            conn.execute("DELETE FROM sources WHERE id = ?", (source.id,))
            pieces.relead(conn, gone)
        return source

    # -- refresh bookkeeping -----------------------------------------------------------------------------
    def record_entries(
        self,
        source_id: int,
        entries: Sequence[FeedEntry],
        *,
        etag: str | None,
        last_modified: str | None,
        fetched_at: str | None = None,
    ) -> int:
        """Store what a refresh found (new items added, known ones updated, read state kept); returns how
        many are new. The validators and the refresh time are written in the same transaction."""
        now = fetched_at or _now()
        with self.library._write() as conn:
            pieces.backfill(conn)
            known: dict[str, tuple[str, str]] = {
                guid: (url, piece)
                for guid, url, piece in conn.execute(
                    "SELECT guid, url, piece FROM source_items WHERE source_id = ?", (source_id,)
                )
            }
            guid_of_piece = {piece: guid for guid, (_, piece) in known.items()}
            piece_of = pieces.resolve(conn, [piece_key(entry.url) for entry in entries])
            elsewhere = self._pieces_present(conn, [piece for piece in piece_of.values() if piece not in guid_of_piece])
            fresh: list[tuple[Any, ...]] = []
            seen: set[str] = set()
            seen_pieces: set[str] = set()
            moved: set[str] = set()
            for entry in entries:
                piece = piece_of[piece_key(entry.url)]
                if entry.guid in seen or piece in seen_pieces:  # a repeated GUID or address: the first counts
                    continue
                seen.add(entry.guid)
                seen_pieces.add(piece)
                old_guid = guid_of_piece.get(piece)
                if entry.guid not in known and old_guid is not None and old_guid not in seen:
                    # The piece we have under another GUID (some feeds make a new one on every request): it
                    # stays one item, under the GUID the feed gives now.
                    conn.execute(
                        "UPDATE source_items SET guid = ? WHERE source_id = ? AND guid = ?",
                        (entry.guid, source_id, old_guid),
                    )
                    known[entry.guid] = known.pop(old_guid)
                sort_time = _sort_time(entry.published, now)
                row = (
                    entry.url,
                    entry.title,
                    entry.kind,
                    entry.outlet,
                    (entry.published or "")[:10] or None,
                    json.dumps(entry.authors, ensure_ascii=False),
                    entry.summary,
                    piece,
                )
                if entry.guid in known:
                    if known[entry.guid][1] != piece:
                        moved.update((known[entry.guid][1], piece))
                    conn.execute(
                        """UPDATE source_items SET url = ?, title = ?, kind = ?, outlet = ?, published = ?,
                                  authors = ?, summary = ?, piece = ?, sort_key = coalesce(?, first_seen)
                           WHERE source_id = ? AND guid = ?""",
                        (*row, sort_time, source_id, entry.guid),
                    )
                else:
                    read_at = elsewhere.get(piece, "")
                    lead = 0 if piece in elsewhere else 1
                    fresh.append((source_id, entry.guid, *row, sort_time or now, now, read_at or None, lead))
            first_new = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM source_items").fetchone()[0]
            conn.executemany(
                """INSERT INTO source_items (source_id, guid, url, title, kind, outlet, published, authors,
                                            summary, piece, sort_key, first_seen, read_at, lead)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                fresh,
            )
            if fresh:  # a piece read before its item arrived arrives read
                conn.execute(
                    """UPDATE source_items
                       SET read_at = (SELECT a.read_at FROM articles a WHERE a.url = source_items.url)
                       WHERE id >= ? AND source_id = ? AND read_at IS NULL
                         AND url IN (SELECT url FROM articles WHERE read_at IS NOT NULL)""",
                    (first_new, source_id),
                )
            pieces.relead(conn, sorted(moved))
            self._prune(conn, source_id, seen, now)
            conn.execute(
                "UPDATE sources SET etag = ?, last_modified = ?, last_refresh = ?, last_error = NULL WHERE id = ?",
                (etag, last_modified, now, source_id),
            )
        return len(fresh)

    def _prune(self, conn: sqlite3.Connection, source_id: int, listed: set[str], now: str) -> int:
        """Forget the source's items its feed no longer lists: read ones after ``retention.read_days``, and the
        oldest beyond ``retention.per_source``; never those of a piece kept in the library. (A feed that makes
        new GUIDs and addresses on every request so grows by at most the cap.) Returns how many went."""
        keep = self.retention
        if keep.read_days <= 0 and keep.per_source <= 0:
            return 0
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS prune_listed (guid TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS prune_kept (piece TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("DELETE FROM prune_listed")
        conn.execute("DELETE FROM prune_kept")
        conn.executemany("INSERT OR IGNORE INTO prune_listed VALUES (?)", [(guid,) for guid in listed])
        kept_urls = [
            url
            for row in conn.execute(
                "SELECT a.url, a.final_url FROM pinned_articles p JOIN articles a ON a.id = p.article_id"
            )
            for url in row
            if url
        ]
        kept = pieces.resolve(conn, [piece_key(url) for url in kept_urls])
        conn.executemany("INSERT OR IGNORE INTO prune_kept VALUES (?)", [(piece,) for piece in kept.values()])
        spare = """source_id = ? AND guid NOT IN (SELECT guid FROM prune_listed)
                   AND coalesce(piece, url) NOT IN (SELECT piece FROM prune_kept)
                   AND url NOT IN (SELECT piece FROM prune_kept)"""
        gone: list[str] = []
        if keep.read_days > 0:
            cutoff = (datetime.fromisoformat(now) - timedelta(days=keep.read_days)).isoformat(timespec="seconds")
            gone += [
                piece
                for (piece,) in conn.execute(
                    f"DELETE FROM source_items WHERE {spare} AND read_at IS NOT NULL AND read_at < ? RETURNING piece",
                    (source_id, cutoff),
                )
            ]
        if keep.per_source > 0:
            gone += [
                piece
                for (piece,) in conn.execute(
                    f"""DELETE FROM source_items WHERE {spare} AND id IN (
                            SELECT id FROM source_items WHERE source_id = ?
                            ORDER BY sort_key DESC, id DESC LIMIT -1 OFFSET ?)
                        RETURNING piece""",
                    (source_id, source_id, keep.per_source),
                )
            ]
        pieces.relead(conn, sorted({piece for piece in gone if piece}))
        return len(gone)

    @staticmethod
    def _pieces_present(conn: sqlite3.Connection, wanted: Sequence[str]) -> dict[str, str]:
        """Of these pieces, the ones some source has an item of already, with their read time ("" unread)."""
        present: dict[str, str] = {}
        unique = list(dict.fromkeys(wanted))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            present.update(
                conn.execute(
                    f"""SELECT piece, coalesce(min(read_at), '') FROM source_items
                        WHERE piece IN ({", ".join("?" * len(chunk))}) GROUP BY piece""",
                    chunk,
                )
            )
        return present

    def record_outcomes(self, unchanged: Sequence[tuple[int, str]], failed: Sequence[tuple[int, str]]) -> None:
        """The bookkeeping of a refresh, in one transaction (one fsync for fifty sources, not fifty):
        ``unchanged`` (source id, when) answered 304; ``failed`` (source id, error) keep their items and say
        what went wrong (their last good refresh time stays)."""
        if not unchanged and not failed:
            return
        with self.library._write() as conn:
            conn.executemany(
                "UPDATE sources SET last_refresh = ?, last_error = NULL WHERE id = ?",
                [(when or _now(), source_id) for source_id, when in unchanged],
            )
            conn.executemany(
                "UPDATE sources SET last_error = ? WHERE id = ?",
                [(clean_line(error)[:500], source_id) for source_id, error in failed],
            )

    def oldest_refresh(self) -> tuple[int, str | None]:
        """(number of sources, the oldest last refresh — None when one was never refreshed)."""
        with self.library._read() as conn:
            count, never, oldest = conn.execute(
                "SELECT count(*), sum(last_refresh IS NULL), min(last_refresh) FROM sources"
            ).fetchone()
        return count, (None if never else oldest)

    # -- the inbox ---------------------------------------------------------------------------------------
    def inbox(self, *, source: str | None = None, unread: bool = False, limit: int | None = None) -> list[InboxItem]:
        """Items newest first (published date, else when first seen), of one source or all. Across all
        sources a piece announced by several is one item (its first), naming every source."""
        where: list[str] = []
        params: list[Any] = []
        if source is not None:
            found = self.find(source)
            if found is None:
                raise LibraryError(f"No source named {source!r}; 'inkreader sources' lists them.")
            where.append("i.source_id = ?")
            params.append(found.id)
        else:
            where.append("i.lead = 1")
        if unread:
            where.append("i.read_at IS NULL")
        sql = f"SELECT {_ITEM_COLUMNS} FROM source_items i JOIN sources s ON s.id = i.source_id"
        sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.sort_key DESC, i.id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        with self.library._read() as conn:
            rows = conn.execute(sql, params).fetchall()
            names = self._shared_pieces(conn)
        return [_item(row, names) for row in rows]

    @staticmethod
    def _shared_pieces(conn: sqlite3.Connection) -> dict[str, list[str]]:
        """The source names of every piece more than one source announces, first seen first (a few: an
        index holds the items that are not their piece's lead)."""
        names: dict[str, list[str]] = {}
        rows = conn.execute(
            """SELECT i.piece, s.name FROM source_items i JOIN sources s ON s.id = i.source_id
               WHERE i.piece IN (SELECT piece FROM source_items WHERE lead = 0) ORDER BY i.id"""
        )
        for piece, name in rows:
            listed = names.setdefault(piece, [])
            if name not in listed:
                listed.append(name)
        return names

    def newest_item_id(self) -> int:
        with self.library._read() as conn:
            newest: int = conn.execute("SELECT coalesce(max(id), 0) FROM source_items").fetchone()[0]
        return newest

    def unread_since(self, item_id: int, *, unstored: bool = False, limit: int = 100) -> list[str]:
        """Addresses of the unread pieces that arrived after ``item_id``, newest first; ``unstored``: only those
        whose page the library does not hold yet."""
        sql = "SELECT i.url FROM source_items i WHERE i.id > ? AND i.lead = 1 AND i.read_at IS NULL"
        if unstored:
            sql += " AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = i.url OR a.final_url = i.url)"
        sql += " ORDER BY i.sort_key DESC, i.id DESC LIMIT ?"
        with self.library._read() as conn:
            return [url for (url,) in conn.execute(sql, (item_id, max(0, limit)))]

    def unread_total(self) -> int:
        """Unread items across all sources, a piece announced by several counted once."""
        with self.library._read() as conn:
            count: int = conn.execute(
                "SELECT count(*) FROM source_items WHERE lead = 1 AND read_at IS NULL"
            ).fetchone()[0]
        return count

    def item_for_url(self, url: str) -> InboxItem | None:
        """The item of the piece at ``url`` (any of its addresses), else None."""
        with self.library._read() as conn:
            piece = pieces.resolve(conn, [piece_key(url)])[piece_key(url)]
            row = conn.execute(
                f"SELECT {_ITEM_COLUMNS} FROM source_items i JOIN sources s ON s.id = i.source_id "
                "WHERE i.piece = ? OR i.url = ? ORDER BY i.lead DESC, i.sort_key DESC LIMIT 1",
                (piece, url),
            ).fetchone()
        return _item(row) if row else None

    def mark_read(self, urls: Iterable[str], read: bool = True) -> int:
        """Mark the pieces at these addresses (their items in every source) read or unread; returns how many
        items changed."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return 0
        value = _now() if read else None
        changed = 0
        with self.library._write() as conn:
            resolved = pieces.resolve(conn, [piece_key(url) for url in wanted])
            targets = list(dict.fromkeys(resolved.values()))
            for start in range(0, max(len(targets), len(wanted)), 500):
                keys, addresses = targets[start : start + 500], wanted[start : start + 500]
                changed += conn.execute(
                    f"""UPDATE source_items SET read_at = ?
                        WHERE (piece IN ({", ".join("?" * len(keys))}) OR url IN ({", ".join("?" * len(addresses))}))
                          AND (read_at IS NULL) = ?""",
                    (value, *keys, *addresses, read),
                ).rowcount
        return changed

    def unknown_urls(self, urls: Iterable[str]) -> list[str]:
        """Of these addresses, the ones no inbox item is a copy of."""
        with self.library._read() as conn:
            return [url for url in dict.fromkeys(urls) if not pieces.known(conn, [url])]

    def mark_piece_read(self, addresses: Sequence[str]) -> int:
        """A piece was read: its addresses (the one asked for, where it redirected, the outlet copy it led
        to) become one piece, and every inbox item of it is read. Costs one read when no item concerns it."""
        addresses = [url for url in dict.fromkeys(addresses) if url]
        with self.library._read() as conn:
            if not addresses or not pieces.known(conn, addresses):
                return 0
        self.link_addresses(addresses)
        return self.mark_read(addresses)

    def link_addresses(self, addresses: Sequence[str]) -> None:
        """These addresses are one piece (known once a page is read or prefetched): their items merge."""
        if len({piece_key(url) for url in addresses}) < 2:
            return
        with self.library._read() as conn:
            if not pieces.known(conn, addresses):
                return
        with self.library._write() as conn:
            pieces.merge(conn, addresses)

    def mark_source_read(self, key: str | None) -> int:
        """Mark a whole source (or, with None, every source) read; its pieces are read in other sources too.
        Returns how many of the source's own items changed."""
        now = _now()
        with self.library._write() as conn:
            if key is None:
                every: int = conn.execute("UPDATE source_items SET read_at = ? WHERE read_at IS NULL", (now,)).rowcount
                return every
            found = self.find(key)
            if found is None:
                raise LibraryError(f"No source named {key!r}; 'inkreader sources' lists them.")
            changed: int = conn.execute(
                "UPDATE source_items SET read_at = ? WHERE read_at IS NULL AND source_id = ?", (now, found.id)
            ).rowcount
            conn.execute(
                """UPDATE source_items SET read_at = ? WHERE read_at IS NULL
                   AND piece IN (SELECT piece FROM source_items WHERE source_id = ?)""",
                (now, found.id),
            )
        return changed
