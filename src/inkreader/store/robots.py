"""robots.txt answers kept in the library between sessions (the fetch layer's ``RobotsMemory``).

Plain JSON records in, plain records out: the store knows nothing of robots rules, only that a record has an
``origin`` and a ``fetched_at``. Records older than :data:`KEEP_SECONDS` are dropped as new ones arrive.
"""

from __future__ import annotations

import json
import time
from typing import Any

from .library import Library

KEEP_SECONDS = 7 * 24 * 3600  # far beyond any freshness the fetcher grants (a day): older ones are dead weight
MAX_RECORD_CHARS = 600_000  # robots.txt is capped at 512 KiB on the way in; anything bigger is not ours


class RobotsStore:
    """Borrows a :class:`Library`'s connection and transactions."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def recall(self, origin: str) -> dict[str, Any] | None:
        with self.library._read() as conn:
            row = conn.execute("SELECT record FROM robots WHERE origin = ?", (origin,)).fetchone()
        if row is None:
            return None
        try:
            record = json.loads(row[0])
        except ValueError:
            return None
        return record if isinstance(record, dict) else None

    def remember(self, record: dict[str, object]) -> None:
        origin, fetched_at = record.get("origin"), record.get("fetched_at")
        if not isinstance(origin, str) or not isinstance(fetched_at, (int, float)):
            return
        text = json.dumps(record, ensure_ascii=False)
        if len(text) > MAX_RECORD_CHARS:
            return
        with self.library._write(durable=False) as conn:  # losing one to a power cut costs one request
            conn.execute(
                """INSERT INTO robots (origin, record, fetched_at) VALUES (?, ?, ?)
                   ON CONFLICT(origin) DO UPDATE SET record = excluded.record, fetched_at = excluded.fetched_at""",
                (origin, text, float(fetched_at)),
            )
            conn.execute("DELETE FROM robots WHERE fetched_at < ?", (time.time() - KEEP_SECONDS,))
