"""Pipeline benchmark: fetch over loopback + extract + convert + follow-through + store, then warm opens.

200 distinct commentary pages (the test fixture's CNAS commentary with a different title and body per page),
each following through to its own outlet page, served by the tests' loopback server. Measured in one process:
cold ``Reader.open`` (two fetches, two extractions, library writes), warm ``Reader.open`` with a conditional
GET answered 304, and warm opens straight from the library (no network). Anchor in the same run: plain httpx
GET of both pages + ``trafilatura.extract(output_format="markdown")`` of each, no storage.
Peak RSS of the process is reported too. Runnable alone: ``python -m bench pipeline``.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for extra in (REPO / "src", REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from bench.common import table  # noqa: E402
from server import FixtureServer, respond  # noqa: E402

SITE = REPO / "tests" / "fixtures" / "site"
COMMENTARY = SITE / "publications" / "commentary" / "tidewater-logistics.html"
OUTLET = SITE / "outlets" / "inkwell" / "2026" / "03" / "tidewater-logistics.html"


def _install_pages(server: FixtureServer, count: int) -> list[str]:
    commentary = COMMENTARY.read_text(encoding="utf-8")
    outlet = OUTLET.read_text(encoding="utf-8")
    urls = []
    for index in range(count):
        outlet_path = f"/outlets/inkwell/bench/{index}"
        page = (
            commentary.replace("{{BASE}}/outlets/inkwell/2026/03/tidewater-logistics", "{{BASE}}" + outlet_path)
            .replace("Tidewater Logistics", f"Tidewater Logistics {index}")
            .replace("{{BASE}}", server.base_url)
        )
        full = outlet.replace("cranes", f"cranes-{index}").replace("{{BASE}}", server.base_url)

        server.route(f"/bench/commentary/{index}", _etag_handler(page.encode(), f'"c{index}"'))
        server.route(outlet_path, _plain_handler(full.encode()))
        urls.append(server.url(f"/bench/commentary/{index}"))
    return urls


def _etag_handler(body: bytes, tag: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route serving ``body`` with ETag ``tag``, answering 304 to a matching If-None-Match."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == tag:
            respond(request, 304, b"", headers={"ETag": tag})
        else:
            respond(request, 200, body, headers={"ETag": tag})

    return handler


def _plain_handler(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(request: BaseHTTPRequestHandler) -> None:
        respond(request, 200, body)

    return handler


def _stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000, len(ordered) / sum(ordered)


async def _ours(urls: list[str], home: Path) -> dict[str, tuple[float, float, float]]:
    from inkreader.config import resolve_paths
    from inkreader.reader import Reader

    results: dict[str, tuple[float, float, float]] = {}
    async with Reader(resolve_paths(home)) as reader:
        for label, kwargs in (
            ("cold: fetch + extract + follow + store", {}),
            ("warm: conditional GET (304) + library", {}),
            ("warm: library only (no network)", {"revalidate": False}),
        ):
            samples = []
            for url in urls:
                start = time.perf_counter()
                await reader.open(url, **kwargs)
                samples.append(time.perf_counter() - start)
            results[label] = _stats(samples)
    return results


async def _anchor(urls: list[str]) -> tuple[float, float, float]:
    import httpx
    import trafilatura

    samples = []
    async with httpx.AsyncClient() as client:
        for url in urls:
            start = time.perf_counter()
            page = await client.get(url)
            outlet_url = url.replace("/bench/commentary/", "/outlets/inkwell/bench/")
            full = await client.get(outlet_url)
            trafilatura.extract(page.text, url=url, output_format="markdown")
            trafilatura.extract(full.text, url=outlet_url, output_format="markdown")
            samples.append(time.perf_counter() - start)
    return _stats(samples)


def run(quick: bool = False) -> str:
    count = 40 if quick else 200
    server = FixtureServer(root=SITE).start()
    try:
        urls = _install_pages(server, count)
        asyncio.run(_anchor(urls[:5]))  # warm imports and connections for the anchor
        anchor = asyncio.run(_anchor(urls))
        with tempfile.TemporaryDirectory() as tmp:
            ours = asyncio.run(_ours(urls, Path(tmp)))
            db_bytes = (Path(tmp) / "library.db").stat().st_size
    finally:
        server.stop()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    anchor_label = "anchor: httpx GET x2 + trafilatura markdown x2"
    rows = [[anchor_label, f"{anchor[0]:.1f}", f"{anchor[1]:.1f}", f"{anchor[2]:.1f}", "1.00"]]
    for label, (median, p95, rate) in ours.items():
        rows.append([f"inkreader {label}", f"{median:.1f}", f"{p95:.1f}", f"{rate:.1f}", f"{median / anchor[0]:.2f}"])
    return "\n".join(
        [
            "## Pipeline",
            "",
            f"{count} commentary pages over loopback HTTP, each following through to its own outlet page "
            "(two fetches and two extractions per piece), one process, sequential.",
            "",
            table(["path", "median ms", "p95 ms", "pieces/s", "median vs anchor"], rows),
            "",
            f"Library after the run: {db_bytes / 1024:.0f} KiB ({db_bytes / count / 1024:.1f} KiB per piece, "
            "raw pages of both sites included). "
            f"Peak RSS of the whole benchmark process: {peak_rss_mb:.0f} MB.",
        ]
    )


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
