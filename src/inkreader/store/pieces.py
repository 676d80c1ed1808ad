"""The key that says two addresses are one piece: what the inbox merges on and what a read marks.

Kept in the store (which may not import the extractors' URL helpers) and deliberately looser than the
library's canonical URL: http and https, ``www.``, a trailing slash, the order of query parameters and the
usual click-tracking parameters do not make another piece.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit

# Parameters mail and social tools add to a link; none of them changes what the page says.
_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "ref_src",
        "ref_url",
        "cmpid",
        "sr_share",
        "at_medium",
        "at_campaign",
    }
)


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING or name.startswith(("utm_", "pk_", "mtm_"))


def piece_key(url: str) -> str:
    """``host/path?query`` with the differences that never make another piece taken out. Never raises:
    text that is not an http(s) address is its own key."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname.rstrip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    if port and port not in (80, 443):
        host += f":{port}"
    path = parts.path.rstrip("/") or ""
    pairs = sorted(
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(name)
    )
    query = "?" + urlencode(pairs) if pairs else ""
    return f"{host}{path}{query}"


# -- pieces in the library (functions on a connection inside the caller's transaction) -------------------
_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def resolve(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    """Each key's piece (the key itself unless an alias says otherwise)."""
    found: dict[str, str] = {}
    unique = list(dict.fromkeys(keys))
    for chunk in _chunks(unique):
        found.update(conn.execute(f"SELECT key, piece FROM piece_aliases WHERE key IN ({_marks(len(chunk))})", chunk))
    return {key: found.get(key, key) for key in unique}


def backfill(conn: sqlite3.Connection) -> None:
    """Give items stored before pieces existed their piece (once: later calls find none, by an index)."""
    rows = conn.execute("SELECT id, url FROM source_items WHERE piece IS NULL").fetchall()
    if not rows:
        return
    pieces = resolve(conn, [piece_key(url) for _, url in rows])
    conn.executemany(
        "UPDATE source_items SET piece = ? WHERE id = ?", [(pieces[piece_key(url)], item) for item, url in rows]
    )
    relead(conn, sorted(set(pieces.values())))


def relead(conn: sqlite3.Connection, pieces: Sequence[str]) -> None:
    """Make the first-seen item of each piece its lead (the one the all-sources inbox shows)."""
    for chunk in _chunks(list(pieces)):
        marks = _marks(len(chunk))
        conn.execute(f"UPDATE source_items SET lead = 0 WHERE piece IN ({marks}) AND lead = 1", chunk)
        conn.execute(
            f"""UPDATE source_items SET lead = 1 WHERE id IN (
                    SELECT min(id) FROM source_items WHERE piece IN ({marks}) GROUP BY piece)""",
            chunk,
        )


def merge(conn: sqlite3.Connection, urls: Sequence[str]) -> str | None:
    """The addresses are one piece (a redirect's start and end, a think-tank page and the outlet copy it
    leads to): record it, so their items become one, now and when they arrive later. Returns the piece
    (None when no address is an http(s) one). Items of pieces merged take the piece's read state: read
    when any of them was."""
    keys = list(dict.fromkeys(piece_key(url) for url in urls if url.lower().startswith(("http://", "https://"))))
    if not keys:
        return None
    resolved = resolve(conn, keys)
    pieces = list(dict.fromkeys(resolved.values()))
    target = pieces[0]
    missing = [(key, target) for key in keys if key != target and resolved[key] != target]
    conn.executemany("INSERT OR REPLACE INTO piece_aliases (key, piece) VALUES (?, ?)", missing)
    others = pieces[1:]
    if not others:
        return target
    marks = _marks(len(others))
    conn.execute(f"UPDATE piece_aliases SET piece = ? WHERE piece IN ({marks})", (target, *others))
    conn.executemany(
        "INSERT OR REPLACE INTO piece_aliases (key, piece) VALUES (?, ?)", [(other, target) for other in others]
    )
    moved = conn.execute(f"UPDATE source_items SET piece = ? WHERE piece IN ({marks})", (target, *others)).rowcount
    if moved:
        read_at = conn.execute(
            "SELECT min(read_at) FROM source_items WHERE piece = ? AND read_at IS NOT NULL", (target,)
        ).fetchone()[0]
        if read_at is not None:
            conn.execute("UPDATE source_items SET read_at = ? WHERE piece = ? AND read_at IS NULL", (read_at, target))
        relead(conn, [target])
    return target


def known(conn: sqlite3.Connection, urls: Sequence[str]) -> bool:
    """Does any item (or alias) concern these addresses? A cheap read that spares most reads a write."""
    keys = list(dict.fromkeys(piece_key(url) for url in urls))
    marks = _marks(len(keys))
    row = conn.execute(
        f"""SELECT 1 FROM source_items WHERE piece IN ({marks}) OR url IN ({_marks(len(urls))})
            UNION ALL SELECT 1 FROM piece_aliases WHERE key IN ({marks}) LIMIT 1""",
        (*keys, *urls, *keys),
    ).fetchone()
    return row is not None
