"""Offline-first refresh: what fetching the pages of new items costs, for 50 sources.

50 sources, each a feed on its own loopback host (127.0.0.2 … 127.0.0.51, so per-host pacing is per source as on
the web), each announcing 5 items when followed and 2 more by the refresh measured; each item a ~30 KB page of
our own words. The same refresh is run with ``prefetch_pages_per_refresh = 0`` (feeds only) and ``= 100`` (the
100 new pages fetched and stored too), at the default politeness (1 s between requests to one host, robots.txt
asked). Reported: wall time, bytes the servers sent, and what the library file (with its WAL) grew by.

Runnable alone: ``python bench/offline_refresh.py``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from inkreader.config import resolve_paths  # noqa: E402
from inkreader.reader import Reader  # noqa: E402

SOURCES = 50
FIRST, ADDED = 5, 2
PARAGRAPH = (
    "<p>The harbour board met on a grey morning to weigh the dredging contract against the pilots' roster, and the "
    "numbers on the table did not agree with the numbers on the quay: fewer tugs than the plan assumed, more ships "
    "waiting at the breakwater, and a fog season that starts earlier every year.</p>\n"
)


class Site:
    """One host: its feed grows from FIRST to FIRST + ADDED items once ``grown`` is set."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.grown = False
        self.sent = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body, kind, status = site.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                site.sent += len(body) + 120  # headers, roughly

        self.server = ThreadingHTTPServer((f"127.0.0.{number + 2}", 0), Handler)
        self.base = f"http://127.0.0.{number + 2}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[bytes, str, int]:
        if path == "/feed.xml":
            count = FIRST + (ADDED if self.grown else 0)
            items = "".join(
                f"<item><title>Harbour note {self.number}-{n}</title><link>{self.base}/posts/{n}</link>"
                f"<guid>{self.base}/posts/{n}</guid><pubDate>Mon, 0{1 + n % 9} Jun 2026 08:00:00 GMT</pubDate></item>"
                for n in range(count)
            )
            feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour {self.number}</title>'
            return (feed + f"<link>{self.base}/</link>{items}</channel></rss>").encode(), "application/rss+xml", 200
        if path.startswith("/posts/"):
            title = f"Harbour note {self.number}-{path.rsplit('/', 1)[-1]}"
            page = (
                f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\n"
                + PARAGRAPH * 60
                + "</article></body></html>"
            )
            return page.encode(), "text/html; charset=utf-8", 200
        return b"not here", "text/plain", 404


def _library_bytes(directory: Path) -> int:
    """The library file's size with its write-ahead log folded in (so a checkpoint does not count)."""
    import sqlite3

    path = directory / "library.db"
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path.stat().st_size


async def _measure(pages: int) -> dict[str, float]:
    sites = [Site(n) for n in range(SOURCES)]
    try:
        with tempfile.TemporaryDirectory() as home:
            Path(home, "config.toml").write_text(f"prefetch_pages_per_refresh = {pages}\n")
            async with Reader(resolve_paths(home)) as reader:
                for site in sites:
                    await reader.sources.add(site.base + "/feed.xml")
                for site in sites:
                    site.grown, site.sent = True, 0
                before = _library_bytes(Path(home))
                started = time.perf_counter()
                report = await reader.sources.refresh()
                took = time.perf_counter() - started
                stored = report.prefetch.stored if report.prefetch else 0
            after = _library_bytes(Path(home))
            return {
                "seconds": took,
                "new": report.new,
                "pages": stored,
                "sent": sum(site.sent for site in sites),
                "disk": after - before,
            }
    finally:
        for site in sites:
            site.server.shutdown()
            site.server.server_close()


def run(quick: bool = False) -> str:
    off = asyncio.run(_measure(0))
    on = asyncio.run(_measure(100))
    lines = [
        "## Offline-first refresh (50 sources, 2 new items each)",
        "",
        "| refresh | new items | pages stored | time | bytes fetched | library grew by |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in (("feeds only", off), ("with the pages (cap 100)", on)):
        lines.append(
            f"| {name} | {row['new']:.0f} | {row['pages']:.0f} | {row['seconds']:.1f} s | "
            f"{row['sent'] / 1024:.0f} KB | {row['disk'] / 1024:.0f} KB |"
        )
    lines += [
        "",
        "Each host on its own loopback address at the default pacing (1 s between requests to one host); the pages "
        "are ~30 KB of HTML each. Pages are stored compressed with their extracted article.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
