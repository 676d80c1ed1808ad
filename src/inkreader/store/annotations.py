"""Highlights, notes and tags in the library: tables, queries and their search index (``annotation_fts``).

Everything goes through the :class:`Library`'s transactions (same crash safety and error translation). Where
a highlight is in a body is computed by ``inkreader.annotate`` (the Reader calls it); this module only stores
selectors, placements and the ``detached`` mark. Highlights and tags pin their article: see schema.py.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inkreader.model import Highlight, LibraryEntry, SearchHit, TextQuote, utc_now_iso
from inkreader.text import clean_line

from .articles import find_article
from .db import DbRow
from .errors import LibraryError, NotInLibrary
from .rows import ENTRY_COLUMNS, json_list, library_entry
from .search import SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_OPEN, fts_query

if TYPE_CHECKING:
    from .library import Library

NOTE_MAX_CHARS = 100_000
TAG_MAX_CHARS = 64


@dataclass(slots=True)
class StoredPlacement:
    """Where a highlight was last placed, and in which stored copy of the body (to know when to re-place)."""

    stored_at: str | None
    body_hash: str | None
    block: int | None = None
    start: int | None = None
    end_block: int | None = None
    end: int | None = None
    detached: bool = False
    block_hint: int | None = None
    page: int | None = None  # the page of a PDF the passage begins on


def parse_tags(text: str | list[str]) -> list[str]:
    """Tags from "a, b ,c" (or a list): trimmed, inner white space collapsed, no commas, duplicates (ignoring
    case) dropped, each at most TAG_MAX_CHARS long."""
    parts = text.split(",") if isinstance(text, str) else [p for item in text for p in item.split(",")]
    seen: set[str] = set()
    tags = []
    for part in parts:
        tag = clean_line(part)[:TAG_MAX_CHARS].strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def _note(text: str) -> str:
    note = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise LibraryError(f"The note is too long ({len(note):,} characters; at most {NOTE_MAX_CHARS:,}).")
    return note


_HIGHLIGHT_COLUMNS = """h.id, a.url, h.quote, h.prefix, h.suffix, h.block_hint, h.note, h.created_at, h.updated_at,
    h.detached, h.block, h.start_offset, h.end_block, h.end_offset, h.page, a.title, a.id"""


class Annotations:
    """The highlight/tag store of one :class:`Library`."""

    def __init__(self, library: Library) -> None:
        self.library = library

    # -- plumbing -------------------------------------------------------------------------------------
    def _article(self, conn: sqlite3.Connection, url: str) -> tuple[int, str]:
        article_id = find_article(conn, url)
        if article_id is None:
            raise NotInLibrary(f"{url} is not in the library; open it once first.")
        stored_at = conn.execute("SELECT stored_at FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        return article_id, stored_at

    @staticmethod
    def _tags_of(conn: sqlite3.Connection, article_id: int) -> list[str]:
        rows = conn.execute("SELECT tag FROM tags WHERE article_id = ? ORDER BY tagged_at, tag", (article_id,))
        return [row[0] for row in rows]

    @staticmethod
    def _highlight(row: DbRow, tags: list[str]) -> Highlight:
        (
            id_,
            url,
            quote,
            prefix,
            suffix,
            hint,
            note,
            created,
            updated,
            detached,
            block,
            start,
            end_block,
            end,
            page,
            title,
            _article_id,
        ) = row
        return Highlight(
            id=id_,
            url=url,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            block_hint=hint,
            note=note,
            created=created,
            updated=updated,
            detached=bool(detached),
            block=block,
            start=start,
            end_block=end_block,
            end=end,
            page=page,
            title=title,
            tags=tags,
        )

    @staticmethod
    def _refresh_index(conn: sqlite3.Connection, article_id: int) -> None:
        """One annotation_fts row per piece: its quotes, notes and tags (none when it has none)."""
        conn.execute("DELETE FROM annotation_fts WHERE rowid = ?", (article_id,))
        quotes, notes = conn.execute(
            "SELECT group_concat(quote, ' … '), group_concat(nullif(note, ''), ' … ') FROM highlights "
            "WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        tags = " ".join(row[0] for row in conn.execute("SELECT tag FROM tags WHERE article_id = ?", (article_id,)))
        if quotes or notes or tags:
            conn.execute(
                "INSERT INTO annotation_fts (rowid, quotes, notes, tags) VALUES (?, ?, ?, ?)",
                (article_id, quotes or "", notes or "", tags),
            )

    # -- highlights -----------------------------------------------------------------------------------
    def add_highlight(self, url: str, selector: TextQuote, note: str, placed: StoredPlacement | None) -> Highlight:
        note = _note(note)
        now = utc_now_iso()
        with self.library._write() as conn:
            article_id, stored_at = self._article(conn, url)
            placed = placed or StoredPlacement(None, None)
            highlight_id = conn.execute(
                """INSERT INTO highlights (article_id, quote, prefix, suffix, block_hint, note, created_at,
                       updated_at, placed_stored_at, placed_hash, block, start_offset, end_block, end_offset,
                       detached, page)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                (
                    article_id,
                    selector.exact,
                    selector.prefix,
                    selector.suffix,
                    selector.block_hint,
                    note,
                    now,
                    now,
                    placed.stored_at or stored_at,
                    placed.body_hash,
                    placed.block,
                    placed.start,
                    placed.end_block,
                    placed.end,
                    int(placed.detached),
                    placed.page,
                ),
            ).fetchone()[0]
            self._refresh_index(conn, article_id)
        found = self.get_highlight(highlight_id)
        assert found is not None
        return found

    def get_highlight(self, highlight_id: int) -> Highlight | None:
        with self.library._read() as conn:
            row = conn.execute(
                f"SELECT {_HIGHLIGHT_COLUMNS} FROM highlights h JOIN articles a ON a.id = h.article_id WHERE h.id = ?",
                (highlight_id,),
            ).fetchone()
            return None if row is None else self._highlight(row, self._tags_of(conn, row[-1]))

    def set_note(self, highlight_id: int, note: str) -> Highlight:
        note = _note(note)
        with self.library._write() as conn:
            row = conn.execute(
                "UPDATE highlights SET note = ?, updated_at = ? WHERE id = ? RETURNING article_id",
                (note, utc_now_iso(), highlight_id),
            ).fetchone()
            if row is None:
                raise LibraryError(f"There is no highlight {highlight_id}.")
            self._refresh_index(conn, row[0])
        found = self.get_highlight(highlight_id)
        assert found is not None
        return found

    def delete_highlight(self, highlight_id: int) -> bool:
        with self.library._write() as conn:
            row = conn.execute("DELETE FROM highlights WHERE id = ? RETURNING article_id", (highlight_id,)).fetchone()
            if row is not None:
                self._refresh_index(conn, row[0])
        return row is not None

    def highlights_of(self, url: str) -> tuple[str | None, list[tuple[Highlight, StoredPlacement]]]:
        """The piece's current ``stored_at`` and its highlights in the order they were made, each with where it
        was last placed. ``(None, [])`` when the piece is not in the library."""
        with self.library._read() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                return None, []
            stored_at = conn.execute("SELECT stored_at FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
            rows = conn.execute(
                f"SELECT {_HIGHLIGHT_COLUMNS}, h.placed_stored_at, h.placed_hash FROM highlights h "
                "JOIN articles a ON a.id = h.article_id WHERE h.article_id = ? ORDER BY h.id",
                (article_id,),
            ).fetchall()
            tags = self._tags_of(conn, article_id) if rows else []
        result = []
        for row in rows:
            highlight = self._highlight(row[:-2], tags)
            result.append(
                (
                    highlight,
                    StoredPlacement(
                        row[-2],
                        row[-1],
                        highlight.block,
                        highlight.start,
                        highlight.end_block,
                        highlight.end,
                        highlight.detached,
                        highlight.block_hint,
                        highlight.page,
                    ),
                )
            )
        return stored_at, result

    def store_placements(self, placements: dict[int, StoredPlacement]) -> None:
        """Remember where highlights were placed (one transaction); the selectors themselves never change."""
        if not placements:
            return
        with self.library._write() as conn:
            conn.executemany(
                """UPDATE highlights SET placed_stored_at = ?, placed_hash = ?, block = ?, start_offset = ?,
                       end_block = ?, end_offset = ?, detached = ?, block_hint = coalesce(?, block_hint), page = ?
                   WHERE id = ?""",
                [
                    (
                        *(p.stored_at, p.body_hash, p.block, p.start, p.end_block, p.end, int(p.detached)),
                        *(p.block_hint, p.page, hid),
                    )
                    for hid, p in placements.items()
                ],
            )

    def all_highlights(self, *, tag: str | None = None) -> list[Highlight]:
        """Every highlight, grouped by piece (most recently highlighted piece first), in reading order."""
        # Each piece's latest highlight is found once (a subquery per row scanned the piece's highlights once
        # per highlight: 10,000 on one piece took minutes), and each piece's tags are read once.
        with self.library._read() as conn:
            only_tag = "WHERE h.article_id IN (SELECT article_id FROM tags WHERE tag = ?)" if tag else ""
            rows = conn.execute(
                f"""WITH latest AS (SELECT article_id, max(created_at) AS at FROM highlights GROUP BY article_id)
                    SELECT {_HIGHLIGHT_COLUMNS} FROM highlights h JOIN articles a ON a.id = h.article_id
                    JOIN latest ON latest.article_id = h.article_id {only_tag}
                    ORDER BY latest.at DESC, h.article_id,
                             h.detached, h.block IS NULL, h.block, h.start_offset, h.id""",
                (tag,) if tag else (),
            ).fetchall()
            tags = {article_id: self._tags_of(conn, article_id) for article_id in {row[-1] for row in rows}}
        return [self._highlight(row, tags[row[-1]]) for row in rows]

    def count(self, url: str) -> int:
        with self.library._read() as conn:
            article_id = find_article(conn, url)
            if article_id is None:
                return 0
            count: int = conn.execute("SELECT count(*) FROM highlights WHERE article_id = ?", (article_id,)).fetchone()[
                0
            ]
            return count

    # -- tags -----------------------------------------------------------------------------------------
    def tags(self, url: str) -> list[str]:
        with self.library._read() as conn:
            article_id = find_article(conn, url)
            return [] if article_id is None else self._tags_of(conn, article_id)

    def change_tags(
        self,
        url: str,
        *,
        add: list[str] | None = None,
        remove: list[str] | None = None,
        replace: bool = False,
    ) -> list[str]:
        """Add and remove tags (``replace``: the piece's tags become ``add``); returns the piece's tags."""
        add, remove = add or [], remove or []
        now = utc_now_iso()
        with self.library._write() as conn:
            article_id, _ = self._article(conn, url)
            if replace:
                conn.execute("DELETE FROM tags WHERE article_id = ?", (article_id,))
            conn.executemany("DELETE FROM tags WHERE article_id = ? AND tag = ?", [(article_id, t) for t in remove])
            conn.executemany(
                "INSERT INTO tags (article_id, tag, tagged_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(article_id, tag, now) for tag in parse_tags(list(add))],
            )
            self._refresh_index(conn, article_id)
            return self._tags_of(conn, article_id)

    def tags_in_use(self) -> list[tuple[str, int]]:
        """Every tag with how many pieces carry it, most used first (completion in the TUI)."""
        with self.library._read() as conn:
            rows = conn.execute("SELECT min(tag), count(*) FROM tags GROUP BY tag ORDER BY count(*) DESC, 1")
            return [(row[0], row[1]) for row in rows]

    def tagged(self, tag: str) -> list[LibraryEntry]:
        """Pieces carrying ``tag`` (any case), most recently tagged first."""
        with self.library._read() as conn:
            rows = conn.execute(
                f"""SELECT {ENTRY_COLUMNS}
                   FROM tags t JOIN articles a ON a.id = t.article_id
                   LEFT JOIN saved s ON s.article_id = a.id LEFT JOIN history h ON h.url = a.url
                   WHERE t.tag = ? ORDER BY t.tagged_at DESC, a.id DESC""",
                (tag.strip(),),
            ).fetchall()
        return [library_entry(row) for row in rows]

    # -- search ---------------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50, *, saved_only: bool = False) -> list[SearchHit]:
        """Pieces whose highlights, notes or tags match ``query`` (best first); the snippet is from them."""
        expression = fts_query(query)
        if expression is None:
            return []
        only_saved = "AND rowid IN (SELECT article_id FROM saved)" if saved_only else ""
        with self.library._read() as conn:
            rows = conn.execute(
                f"""SELECT a.url, a.title, a.outlet, a.published, a.authors, s.article_id IS NOT NULL,
                           snippet(annotation_fts, -1, ?, ?, ?, 16)
                    FROM (SELECT rowid, bm25(annotation_fts) AS rank FROM annotation_fts
                          WHERE annotation_fts MATCH ? {only_saved} ORDER BY rank LIMIT ?) hits
                    JOIN annotation_fts ON annotation_fts.rowid = hits.rowid
                    JOIN articles a ON a.id = hits.rowid
                    LEFT JOIN saved s ON s.article_id = a.id
                    WHERE annotation_fts MATCH ?
                    ORDER BY hits.rank""",
                (SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, expression, max(0, int(limit)), expression),
            ).fetchall()
        return [
            SearchHit(
                url=url,
                title=title,
                snippet=clean_line(f"Your highlights, notes, tags: {snippet}"),
                outlet=outlet,
                published=published,
                authors=json_list(authors),
                saved=bool(saved),
            )
            for url, title, outlet, published, authors, saved, snippet in rows
        ]

    def stale_pieces(self) -> list[str]:
        """URLs of pieces re-stored since their highlights were last placed (their places may have moved)."""
        with self.library._read() as conn:
            rows = conn.execute(
                """SELECT DISTINCT a.url FROM highlights h JOIN articles a ON a.id = h.article_id
                   WHERE h.placed_stored_at IS NOT a.stored_at"""
            ).fetchall()
        return [row[0] for row in rows]

    def urls_tagged_all(self, tags: list[str]) -> set[str]:
        """URLs of pieces carrying every one of ``tags``."""
        if not tags:
            return set()
        with self.library._read() as conn:
            rows = conn.execute(
                f"""SELECT a.url FROM articles a WHERE {
                    " AND ".join("EXISTS (SELECT 1 FROM tags t WHERE t.article_id = a.id AND t.tag = ?)" for _ in tags)
                }""",
                tuple(tags),
            ).fetchall()
        return {row[0] for row in rows}
