"""Fetch benchmark: loopback fetch latency and throughput, the gzip bomb's cost, charset decoding speed.

Everything runs against the tests' loopback server (``tests/server.py``) on 127.0.0.1; nothing leaves the
machine. Runnable alone: ``python bench/fetch.py [--quick]``.
"""

from __future__ import annotations

import asyncio
import gzip
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for extra in (REPO / "src", REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import hostile_routes as hostile  # noqa: E402

from inkreader.errors import FetchError  # noqa: E402
from inkreader.fetch import Fetcher, decode_body  # noqa: E402
from server import FixtureServer, respond  # noqa: E402

PARAGRAPH = (
    "Allied planners met in the spring to argue about logistics, ports and the long calendar of exercises; "
    "the \u201cquiet\u201d budget lines \u2014 fuel, spares, caf\u00e9-sized depots \u2014 "
    "decided more than the speeches. "
)


def _page(size: int) -> str:
    body = []
    while sum(len(p) for p in body) < size:
        body.append(f"<p>{PARAGRAPH * 3}</p>\n")
    return "<!doctype html><html><head><title>Bench</title></head><body>" + "".join(body) + "</body></html>"


def _install(server: FixtureServer) -> dict[str, str]:
    small = _page(100 * 1024).encode()
    big = _page(9 * 1024 * 1024).encode()
    big_gz = gzip.compress(big, 6)
    urls = hostile.install_hostile_routes(server)
    urls["small"] = server.route("/bench/small", lambda r: respond(r, 200, small))
    urls["big"] = server.route("/bench/big", lambda r: respond(r, 200, big))
    urls["big_gz"] = server.route(
        "/bench/big-gz", lambda r: respond(r, 200, big_gz, headers={"Content-Encoding": "gzip"})
    )
    return urls


async def _measure(urls: dict[str, str], quick: bool) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    async with Fetcher(host_delay=0) as fetcher:
        await fetcher.fetch(urls["small"])  # warm the connection and the robots cache
        times = []
        for _ in range(20 if quick else 100):
            started = time.perf_counter()
            await fetcher.fetch(urls["small"])
            times.append(time.perf_counter() - started)
        median, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]
        rows.append(("100 KB page, user fetch (median / p95)", f"{median * 1000:.1f} ms / {p95 * 1000:.1f} ms"))
        for name, label in (("big", "9 MB page, identity"), ("big_gz", "9 MB page, gzip")):
            times = []
            for _ in range(2 if quick else 5):
                started = time.perf_counter()
                page = await fetcher.fetch(urls[name])
                times.append(time.perf_counter() - started)
            best = min(times)
            rows.append((label, f"{best * 1000:.0f} ms ({len(page.content) / best / 1e6:.0f} MB/s decoded)"))
        tracemalloc.start()
        started = time.perf_counter()
        try:
            await fetcher.fetch(urls["gzip_bomb"])
        except FetchError:
            pass
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append(
            ("gzip bomb (320 MB of zeros) refused", f"{elapsed * 1000:.0f} ms, peak {peak / 1e6:.1f} MB traced")
        )
    return rows


def _decode_rows(quick: bool) -> list[tuple[str, str]]:
    text = _page(1024 * 1024)
    rows = []
    for label, data, ctype in (
        ("decode 1 MB UTF-8, labelled", text.encode(), "text/html; charset=utf-8"),
        ("decode 1 MB windows-1252, unlabelled (detection)", text.encode("cp1252"), "text/html"),
    ):
        times = []
        for _ in range(3 if quick else 10):
            started = time.perf_counter()
            decode_body(data, ctype)
            times.append(time.perf_counter() - started)
        rows.append((label, f"{min(times) * 1000:.1f} ms"))
    return rows


def run(quick: bool = False) -> str:
    server = FixtureServer().start()
    try:
        rows = asyncio.run(_measure(_install(server), quick))
    finally:
        server.stop()
    rows += _decode_rows(quick)
    lines = ["## Fetch (loopback)", "", "| measure | result |", "| --- | --- |"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
