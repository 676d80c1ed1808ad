"""Sources and the inbox: feed parsing against feedparser, the inbox on a big library, refresh on loopback.

1. Parse a 200-item RSS feed, a 1 MB RSS feed and a 200-item Atom feed with inkreader (fastfeedparser + our
   cleaning) and with feedparser, in the same run (median of N).
2. A library with 200 sources and 50,000 items: the whole inbox, the TUI's first 500, one source's items,
   the unread counts of ``sources list``, marking a source read and mark-one-item.
3. ``refresh`` of 50 sources, each on its own loopback server (its own host:port), every one answering 304,
   at the default pacing (1 s between requests to one host): requests to different hosts overlap.

Runnable alone: ``python bench/sources.py [--quick]``.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from inkreader.config import Settings, resolve_paths  # noqa: E402
from inkreader.model import FeedEntry, Source  # noqa: E402
from inkreader.reader import Reader  # noqa: E402
from inkreader.sources.feeds import parse_feed  # noqa: E402
from inkreader.store import Library  # noqa: E402
from inkreader.store.sources import SourceStore  # noqa: E402

SEED = 20261130
WORDS = (
    "harbour sanctions alliance deterrence convoy cable undersea logistics frigate budget readiness "
    "icebreaker energy grid strait corridor treaty patrol shipyard drones doctrine"
).split()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def rss_feed(items: int, words_per_summary: int, rng: random.Random) -> bytes:
    start = datetime(2026, 6, 1, tzinfo=UTC)
    parts = []
    for i in range(items):
        parts.append(
            f"<item><title>{_words(rng, 8).capitalize()} {i}</title><link>https://outlet.test/p/{i}</link>"
            f"<guid>https://outlet.test/p/{i}</guid><pubDate>{format_datetime(start - timedelta(hours=i))}</pubDate>"
            f"<dc:creator>Writer {i % 17}</dc:creator><category>Commentary</category>"
            f"<description>&lt;p&gt;{_words(rng, words_per_summary)}&lt;/p&gt;</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Bench Outlet</title><link>https://outlet.test/</link>" + "".join(parts) + "</channel></rss>"
    ).encode()


def atom_feed(items: int, rng: random.Random) -> bytes:
    parts = [
        f"<entry><title>{_words(rng, 8)}</title><link href='https://outlet.test/a/{i}'/><id>urn:a:{i}</id>"
        f"<updated>2026-05-{1 + i % 28:02d}T10:00:00Z</updated><author><name>A {i % 9}</name></author>"
        f"<summary>{_words(rng, 40)}</summary></entry>"
        for i in range(items)
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title>'
        + "".join(parts)
        + "</feed>"
    ).encode()


def _median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_parsing(quick: bool) -> list[str]:
    import feedparser

    rng = random.Random(SEED)
    feeds = [
        ("RSS 2.0, 200 items", rss_feed(200, 40, rng)),
        ("RSS 2.0, 1 MB", rss_feed(1100, 120, rng)),
        ("Atom, 200 items", atom_feed(200, rng)),
    ]
    repeat = 3 if quick else 9
    lines = ["| feed | bytes | items | inkreader ms | feedparser ms | ratio |", "|---|---|---|---|---|---|"]
    for label, data in feeds:
        ours = _median_ms(lambda data=data: parse_feed(data, "https://outlet.test/feed"), repeat)
        theirs = _median_ms(lambda data=data: feedparser.parse(data), max(3, repeat // 3))
        count = len(parse_feed(data, "https://outlet.test/feed").entries)
        lines.append(f"| {label} | {len(data):,} | {count} | {ours:.1f} | {theirs:.1f} | {ours / theirs:.3f} |")
    return lines


def bench_library(quick: bool, work: Path) -> list[str]:
    sources_count, items_count = (40, 10_000) if quick else (200, 50_000)
    rng = random.Random(SEED)
    library = Library(work / "library.db")
    store = SourceStore(library)
    added, _ = store.add_many(
        [
            Source(name=f"Source {n:03d}", url=f"https://s{n}.test/", feed_url=f"https://s{n}.test/feed", kind="feed")
            for n in range(sources_count)
        ]
    )
    start = datetime(2026, 6, 1, tzinfo=UTC)
    per_source = items_count // sources_count
    build = time.perf_counter()
    for source in added:
        entries = [
            FeedEntry(
                url=f"https://s{source.id}.test/p/{i}",
                title=_words(rng, 8),
                guid=f"g{i}",
                published=(start - timedelta(minutes=rng.randrange(500_000))).isoformat(),
                authors=[f"Writer {i % 13}"],
                summary=_words(rng, 30),
            )
            for i in range(per_source)
        ]
        store.record_entries(source.id, entries, etag=None, last_modified=None)
    build = time.perf_counter() - build
    one = added[len(added) // 2].name
    repeat = 5 if quick else 15
    total = items_count
    figures = [
        (f"whole inbox ({total:,} items)", _median_ms(lambda: store.inbox(), repeat), 100),
        ("inbox, newest 500 (what the TUI shows)", _median_ms(lambda: store.inbox(limit=500), repeat), 100),
        ("unread only, newest 500", _median_ms(lambda: store.inbox(unread=True, limit=500), repeat), 100),
        (f"one source's items ({per_source})", _median_ms(lambda: store.inbox(source=one), repeat), 100),
        ("sources list with counts", _median_ms(lambda: store.all(), repeat), 100),
    ]
    marks = []
    for source in added[:repeat]:
        started = time.perf_counter()
        store.mark_source_read(source.name)
        marks.append((time.perf_counter() - started) * 1000)
    figures.append((f"mark a source read ({per_source} items)", statistics.median(marks), 50))
    url = f"https://s{added[-1].id}.test/p/3"
    flips = iter(range(10_000))  # read, unread, read...: every call changes the row (and commits it)
    figures.append(
        ("mark one item read/unread", _median_ms(lambda: store.mark_read([url], next(flips) % 2 == 0), repeat), 50)
    )
    library.close()
    lines = [
        f"{len(added)} sources, {items_count:,} items (built in {build:.1f} s, one transaction per source).",
        "",
        "| query | ms (median) | target ms |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {ms:.1f} | < {target} |" for name, ms, target in figures]
    return lines


# 50 servers in a child process (not threads of this one: the client must not share its GIL with them).
SERVERS = r"""
import sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class NotModified(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def do_GET(self):
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(304)
        self.send_header("ETag", '"same"')
        self.end_headers()

ports = []
for _ in range(int(sys.argv[1])):
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotModified)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ports.append(server.server_address[1])
print(" ".join(map(str, ports)), flush=True)
sys.stdin.read()
"""


def bench_refresh(quick: bool, work: Path) -> list[str]:
    count = 10 if quick else 50
    child = subprocess.Popen(
        [sys.executable, "-c", SERVERS, str(count)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        ports = [int(port) for port in child.stdout.readline().split()]  # type: ignore[union-attr]
        home = work / "refresh"
        paths = resolve_paths(home).ensure()
        with Library(paths.library_file) as library:
            store = SourceStore(library)
            added, _ = store.add_many(
                [
                    Source(
                        name=f"Loopback {n}",
                        url=f"http://127.0.0.1:{port}/",
                        feed_url=f"http://127.0.0.1:{port}/feed",
                        kind="feed",
                    )
                    for n, port in enumerate(ports)
                ]
            )
            for source in added:
                store.record_entries(source.id, [], etag='"same"', last_modified=None)

        async def refresh() -> tuple[float, int]:
            async with Reader(paths, settings=Settings(start_url="")) as reader:  # default pacing: 1 s per host
                assert reader.fetcher is not None  # made before the clock starts (httpx's import is no refresh)
                started = time.perf_counter()
                report = await reader.sources.refresh()
                return time.perf_counter() - started, sum(1 for r in report.results if r.not_modified)

        seconds, unchanged = asyncio.run(refresh())
    finally:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait(timeout=10)
    return [
        "| sources (hosts) | all 304 | wall s | target s |",
        "|---|---|---|---|",
        f"| {count} | {unchanged} | {seconds:.2f} | < 2 |",
        "",
        "Each host gets robots.txt first (once per run), then its feed: two requests, one pacing pause "
        "between them (1 s); up to 64 hosts run at once. The servers run in a child process.",
    ]


def run(quick: bool = False) -> str:
    work = Path(tempfile.mkdtemp(prefix="inkreader-bench-sources-"))
    try:
        parts = ["## Sources and the inbox", "", "### Feed parsing (same run, median)", ""]
        parts += bench_parsing(quick)
        parts += ["", "### Inbox queries on a big library", ""]
        parts += bench_library(quick, work)
        parts += ["", "### Refresh with nothing new (loopback)", ""]
        parts += bench_refresh(quick, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(parts)


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
