"""robots.txt policy (RFC 9309) over protego, with a cache a caller may persist (:class:`RobotsMemory`).

A cache entry keeps what was *seen* (status and text, or the network error) and when, so it can be stored as
plain data; the verdict is derived from it: 2xx → the rules, 4xx → allow all, 5xx / 429 / unreachable → disallow
all (for background work only; a page the user asks for is fetched anyway, with a note).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from protego import Protego

# The product token our rules are looked up under (the User-Agent's first word).
ROBOTS_TOKEN = "inkreader"
# RFC 9309: parse at least 500 KiB; more than that is not a robots.txt anyone meant.
ROBOTS_MAX_BYTES = 512 * 1024
# A failure to read robots.txt is retried sooner than a success is refreshed; a network failure soonest
# (the network may simply have come back).
ERROR_TTL_SECONDS = 15 * 60
UNREACHABLE_TTL_SECONDS = 60
# A Crawl-delay above this is capped: a hostile value must not park the reader for hours.
MAX_CRAWL_DELAY = 60.0

Verdict = Literal["allow", "disallow", "unreachable", "server-error"]


@dataclass(slots=True)
class RobotsEntry:
    """What ``GET /robots.txt`` gave, as plain data (``to_record`` / ``from_record`` round-trip it)."""

    origin: str  # "https://www.cnas.org"
    fetched_at: float  # time.time()
    status: int | None  # HTTP status; None when the server could not be reached
    text: str = ""  # the rules, when 2xx
    error: str = ""  # why it could not be read (network) — one line
    _parsed: Protego | None = field(default=None, repr=False, compare=False)

    def is_fresh(self, ttl: float, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        if self.status is None:
            ttl = min(ttl, UNREACHABLE_TTL_SECONDS)
        elif self.status >= 500 or self.status == 429:
            ttl = min(ttl, ERROR_TTL_SECONDS)
        return now - self.fetched_at < ttl

    def _rules(self) -> Protego:
        if self._parsed is None:
            self._parsed = Protego.parse(self.text)
        return self._parsed

    def verdict(self, url: str) -> Verdict:
        if self.status is None:
            return "unreachable"
        if self.status == 429 or self.status >= 500:
            return "server-error"
        if self.status >= 300:  # 4xx, or redirects that never reached a file: "unavailable" → allow all
            return "allow"
        try:
            return "allow" if self._rules().can_fetch(url, ROBOTS_TOKEN) else "disallow"
        except Exception:  # a robots.txt protego cannot make sense of restricts nothing
            return "allow"

    def crawl_delay(self) -> float | None:
        if self.status is None or not 200 <= self.status < 300:
            return None
        try:
            delay = self._rules().crawl_delay(ROBOTS_TOKEN)
        except Exception:
            return None
        return min(float(delay), MAX_CRAWL_DELAY) if delay else None

    def to_record(self) -> dict[str, object]:
        return {
            "origin": self.origin,
            "fetched_at": self.fetched_at,
            "status": self.status,
            "text": self.text,
            "error": self.error,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> RobotsEntry:
        return cls(
            origin=data["origin"],
            fetched_at=float(data["fetched_at"]),
            status=data.get("status"),
            text=data.get("text", ""),
            error=data.get("error", ""),
        )


class RobotsMemory(Protocol):
    """Where robots.txt answers outlive a session (the library), so each start does not ask every host again.

    Both may raise anything: a memory that fails is treated as empty (the file is simply fetched)."""

    def recall(self, origin: str) -> dict[str, Any] | None: ...

    def remember(self, record: dict[str, object]) -> None: ...
