"""The schema as a list of forward migrations; ``PRAGMA user_version`` is the number applied.

``MIGRATIONS[i]`` takes a library from version ``i`` to ``i + 1``. To change the schema, append a step
(never edit a shipped one): each step runs in one transaction together with its ``user_version`` bump, so
a crash mid-upgrade leaves the previous version intact.
"""

from __future__ import annotations

import re
import sqlite3

_V1 = """
-- Raw HTTP responses, body compressed; ETag/Last-Modified for conditional GETs.
CREATE TABLE pages (
    url           TEXT PRIMARY KEY,
    final_url     TEXT NOT NULL,
    status        INTEGER NOT NULL,
    codec         TEXT NOT NULL,
    body          BLOB NOT NULL,
    raw_size      INTEGER NOT NULL,
    encoding      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    headers       TEXT NOT NULL DEFAULT '{}',      -- JSON object, lower-case names
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL,
    accessed_at   TEXT NOT NULL,                   -- least-recently-read eviction
    stored_size   INTEGER NOT NULL
);
CREATE INDEX pages_final_url ON pages(final_url);
CREATE INDEX pages_accessed ON pages(accessed_at);

-- Extracted articles: metadata in columns (listing, search, eviction), the rest as compressed JSON.
CREATE TABLE articles (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL UNIQUE,
    final_url        TEXT NOT NULL,
    full_article_url TEXT,
    title            TEXT NOT NULL,
    authors          TEXT NOT NULL DEFAULT '[]',   -- JSON list
    outlet           TEXT,
    published        TEXT,
    kind             TEXT,
    site             TEXT,
    codec            TEXT NOT NULL,
    record           BLOB NOT NULL,                -- Article.to_record() without "related"
    stored_size      INTEGER NOT NULL,
    stored_at        TEXT NOT NULL,
    accessed_at      TEXT NOT NULL,
    read_at          TEXT,
    position         REAL
);
CREATE INDEX articles_final_url ON articles(final_url);
CREATE INDEX articles_accessed ON articles(accessed_at);

CREATE TABLE related (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    url        TEXT NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT,
    outlet     TEXT,
    published  TEXT,
    summary    TEXT,
    authors    TEXT NOT NULL DEFAULT '[]',
    program    TEXT,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE INDEX related_url ON related(url);

-- A saved piece pins its article (RESTRICT: eviction can never take it).
CREATE TABLE saved (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE RESTRICT,
    saved_at   TEXT NOT NULL
);
CREATE INDEX saved_saved_at ON saved(saved_at);

CREATE TABLE history (
    url        TEXT PRIMARY KEY,
    visited_at TEXT NOT NULL,
    visits     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX history_visited_at ON history(visited_at);

-- Full-text index; rowid = articles.id. It keeps its own copy of the plain text (snippets need it, and
-- the article row only holds compressed Markdown), so it is neither contentless nor external-content.
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, authors, outlet, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
"""

# The search index again, with a shadow column of CJK character pairs (see store.search) and the text without
# zero-width characters; items seen on listings and related cards get an index of their own (title, summary).
# inkreader_index_text() and inkreader_cjk() are Python functions every connection registers (store.db).
STORE_SEARCH_V2 = """
CREATE VIRTUAL TABLE search_index USING fts5(
    title, authors, outlet, body, cjk,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO search_index (rowid, title, authors, outlet, body, cjk)
    SELECT rowid, inkreader_index_text(title), inkreader_index_text(authors), inkreader_index_text(outlet),
           inkreader_index_text(body), inkreader_cjk(title || ' ' || body)
    FROM article_fts;
DROP TRIGGER articles_fts_delete;
DROP TABLE article_fts;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;

CREATE TABLE seen_items (
    id        INTEGER PRIMARY KEY,
    url       TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    kind      TEXT,
    outlet    TEXT,
    published TEXT,
    summary   TEXT,
    authors   TEXT NOT NULL DEFAULT '[]',
    seen_at   TEXT NOT NULL
);
CREATE VIRTUAL TABLE seen_index USING fts5(
    title, summary, cjk,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER seen_items_delete AFTER DELETE ON seen_items BEGIN
    DELETE FROM seen_index WHERE rowid = old.id;
END;
INSERT INTO seen_items (url, title, kind, outlet, published, summary, authors, seen_at)
    SELECT url, title, kind, outlet, published, summary, authors, strftime('%Y-%m-%dT%H:%M:%f+00:00')
    FROM related WHERE title <> '' GROUP BY url;
INSERT INTO seen_index (rowid, title, summary, cjk)
    SELECT id, inkreader_index_text(title), inkreader_index_text(coalesce(summary, '')),
           inkreader_cjk(title || ' ' || coalesce(summary, ''))
    FROM seen_items;
"""

# The reader's own work on a piece (store/annotations.py). Highlights and tags pin their article like a
# saved piece (RESTRICT; eviction skips every article in pinned_articles). annotation_fts: rowid = articles.id.
_ANNOTATIONS = """
CREATE TABLE highlights (
    id               INTEGER PRIMARY KEY,
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE RESTRICT,
    quote            TEXT NOT NULL,                -- W3C text-quote selector: exact, prefix, suffix
    prefix           TEXT NOT NULL DEFAULT '',
    suffix           TEXT NOT NULL DEFAULT '',
    block_hint       INTEGER,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    placed_stored_at TEXT,                         -- articles.stored_at of the copy the placement is for
    placed_hash      TEXT,                         -- and a hash of its body
    block            INTEGER,
    start_offset     INTEGER,
    end_block        INTEGER,
    end_offset       INTEGER,
    detached         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX highlights_article ON highlights(article_id);

CREATE TABLE tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE RESTRICT,
    tag        TEXT NOT NULL COLLATE NOCASE,
    tagged_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag);

CREATE VIRTUAL TABLE annotation_fts USING fts5(
    quotes, notes, tags,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE VIEW pinned_articles(article_id) AS
    SELECT article_id FROM saved UNION SELECT article_id FROM highlights UNION SELECT article_id FROM tags;
"""

# Sources the user follows and the items they announce (the inbox). IF NOT EXISTS: steps appended by
# parallel work may land in either order.
_V_SOURCES = """
CREATE TABLE IF NOT EXISTS sources (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    url           TEXT NOT NULL,                   -- what the user added
    feed_url      TEXT NOT NULL UNIQUE,            -- what refresh fetches
    kind          TEXT NOT NULL,                   -- feed | listing | sitemap
    folder        TEXT,                            -- OPML folder path
    etag          TEXT,
    last_modified TEXT,
    added_at      TEXT NOT NULL,
    last_refresh  TEXT,
    last_error    TEXT
);
CREATE TABLE IF NOT EXISTS source_items (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    guid       TEXT NOT NULL,
    url        TEXT NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT,
    outlet     TEXT,
    published  TEXT,
    authors    TEXT NOT NULL DEFAULT '[]',         -- JSON list
    summary    TEXT,
    sort_key   TEXT NOT NULL,                      -- published, else when first seen: newest first
    first_seen TEXT NOT NULL,
    read_at    TEXT,
    UNIQUE (source_id, guid)
);
CREATE INDEX IF NOT EXISTS source_items_sort ON source_items(sort_key DESC, id DESC);
CREATE INDEX IF NOT EXISTS source_items_source_sort ON source_items(source_id, sort_key DESC, id DESC);
CREATE INDEX IF NOT EXISTS source_items_url ON source_items(url);
CREATE INDEX IF NOT EXISTS source_items_unread ON source_items(source_id) WHERE read_at IS NULL;
"""

# What each origin's robots.txt said (fetch/robots.py RobotsEntry.to_record as JSON), kept between sessions.
_V_ROBOTS = """
CREATE TABLE IF NOT EXISTS robots (
    origin     TEXT PRIMARY KEY,
    record     TEXT NOT NULL,
    fetched_at REAL NOT NULL
) WITHOUT ROWID;
"""

# One piece, one inbox item: ``piece`` is the item's key (store/pieces.py) after the aliases learnt since (a
# redirect's final address, the outlet copy a think-tank page leads to); ``lead`` marks the one item of a piece
# the all-sources inbox shows. Rows from before this step have no piece yet: each is its own, until a refresh
# fills it in.
_V_PIECES = """
ALTER TABLE source_items ADD COLUMN piece TEXT;
ALTER TABLE source_items ADD COLUMN lead INTEGER NOT NULL DEFAULT 1;
CREATE INDEX IF NOT EXISTS source_items_piece ON source_items(piece);
CREATE INDEX IF NOT EXISTS source_items_lead_sort ON source_items(sort_key DESC, id DESC) WHERE lead = 1;
CREATE INDEX IF NOT EXISTS source_items_followers ON source_items(piece) WHERE lead = 0;
CREATE INDEX IF NOT EXISTS source_items_no_piece ON source_items(id) WHERE piece IS NULL;
CREATE TABLE IF NOT EXISTS piece_aliases (
    key   TEXT PRIMARY KEY,
    piece TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS piece_aliases_piece ON piece_aliases(piece);
"""

# The page of a PDF a highlight begins on, found with its place (NULL: not a PDF, detached, or placed before).
_V_HIGHLIGHT_PAGES = """
ALTER TABLE highlights ADD COLUMN page INTEGER;
"""

MIGRATIONS: list[str] = [_V1, STORE_SEARCH_V2, _ANNOTATIONS, _V_SOURCES, _V_ROBOTS, _V_PIECES, _V_HIGHLIGHT_PAGES]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _statements(script: str) -> list[str]:
    """Split a step into statements (a trigger's BEGIN ... END holds semicolons of its own)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


_ADD_COLUMN = re.compile(r"^ALTER TABLE (\w+) ADD COLUMN (\w+)\b", re.IGNORECASE)


def _column_exists(conn: sqlite3.Connection, statement: str) -> bool:
    """An ``ALTER TABLE … ADD COLUMN`` whose column is there already (SQLite has no IF NOT EXISTS for it): a
    step run again, as every other statement of a step may be (they all say IF NOT EXISTS), must not fail."""
    match = _ADD_COLUMN.match(statement)
    if match is None:
        return False
    table, column = match.groups()
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing steps (the caller checked the file is not newer than us); returns steps applied.

    ``conn`` is in autocommit mode. Each step takes the write lock first and re-reads the version, so two
    processes opening a new library at once do not both create the tables.
    """
    applied = 0
    while current_version(conn) < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = current_version(conn)
            if version < SCHEMA_VERSION:
                for statement in _statements(MIGRATIONS[version]):
                    if not _column_exists(conn, statement):
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                applied += 1
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return applied
