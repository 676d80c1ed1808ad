"""Full-text search over the library (FTS5): pieces stored, best first, then items only seen on cards.

The query language, snippets and index text are :mod:`inkreader.store.search`'s; this runs the queries.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from inkreader.model import SearchHit
from inkreader.text import clean_line

from .connection import LibraryConnection
from .db import DbRow
from .errors import SearchCancelled
from .rows import json_list
from .search import SNIPPET_SOURCE_CHARS, CancelToken, ParsedQuery, make_snippet, parse_query

_FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0, 2.0)  # title, authors, outlet, body, CJK pairs of title and body
_SEEN_WEIGHTS = (10.0, 1.0, 2.0)  # title, summary, CJK pairs
_RANK_CANDIDATES = 500  # at most this many matching pieces are ranked by bm25 (the newest ones)


def _hit(
    parsed: ParsedQuery, card: list[Any], text: str | None, *, saved: bool = False, seen_only: bool = False
) -> SearchHit:
    """A hit from a row's url, title, outlet, published, authors and kind, with a snippet of ``text``."""
    url, title, outlet, published, authors, kind = card
    return SearchHit(
        url=url,
        title=title,
        snippet=clean_line(make_snippet(text or "", parsed)),
        outlet=outlet,
        published=published,
        authors=json_list(authors),
        saved=saved,
        kind=kind,
        seen_only=seen_only,
    )


class FullTextSearch:
    """Searches that one connection runs; a search may be cancelled from another thread."""

    def __init__(self, db: LibraryConnection) -> None:
        self._db = db

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
        with self._db._read(cancel) as conn:
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
        for *card, saved, body in rows:
            self._check_cancel(cancel)
            hits.append(_hit(parsed, card, body, saved=bool(saved)))
        for *card, summary in seen:
            self._check_cancel(cancel)
            hits.append(_hit(parsed, card, summary, seen_only=True))
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
