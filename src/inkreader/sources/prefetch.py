"""Offline-first refresh: after the feeds, the pages of the new items are fetched and stored, so that the inbox
reads on a train. Politely: the Reader's background fetch (robots.txt, one request at a time per host with the
configured pause), a few hosts at once, a cap per run (the caller's), and never the reason a refresh fails."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from ..model_sources import PrefetchReport

HOSTS_AT_ONCE = 8  # hosts worked in parallel; each host's pages one after another


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


async def prefetch_pages(
    fetch: Callable[[str], Awaitable[None]],
    urls: Sequence[str],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> PrefetchReport:
    report = PrefetchReport(wanted=len(urls))
    started = time.monotonic()
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_host(url), []).append(url)
    gate = asyncio.Semaphore(HOSTS_AT_ONCE)

    async def work(queue: list[str]) -> None:
        async with gate:
            for url in queue:
                try:
                    await fetch(url)
                except asyncio.CancelledError:
                    raise
                except Exception:  # a page that cannot be had now is fetched when it is opened, as always
                    report.failed += 1
                else:
                    report.stored += 1
                if progress is not None:
                    progress(report.stored + report.failed, report.wanted)

    await asyncio.gather(*(work(queue) for queue in by_host.values()))
    report.seconds = time.monotonic() - started
    return report
