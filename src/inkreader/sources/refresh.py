"""``refresh``: fetch every source politely and store what is new.

Hosts are worked in parallel (at most :data:`MAX_HOSTS` at once), each host's sources one after another;
the Fetcher's background mode adds robots.txt, per-host pacing and 429/503 back-off, and conditional GETs
(ETag / Last-Modified) make an unchanged feed one short 304. Whatever happens to one source — a network
error, a hostile feed, a bug — becomes that source's one-line error; the others go on.

One host gets :data:`HOST_DEADLINE` seconds a refresh in all: feeds that drip a byte a second would
otherwise cost a minute each before that host's good ones. Its sources that failed last time go last, so a
good feed is not stuck behind a bad one twice; those the time did not reach are reported, not marked failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from ..errors import InkreaderError
from ..fetch import Fetcher
from ..model import FeedEntry, Page, RefreshReport, Source, SourceResult
from ..store.sources import SourceStore
from ..text import clean_line
from .feeds import parse_feed_page

MAX_HOSTS = 64  # hosts worked at once (httpx pools 100 connections); each host one request at a time
HOST_DEADLINE = 60.0  # seconds one host's sources get in all, per refresh
MIN_SHARE = 1 / 6  # of that time, the least one source is given (10 s of 60): a slow feed still loads
Progress = Callable[[int, int, SourceResult], None]


def _host(source: Source) -> str:
    try:
        return urlsplit(source.feed_url).netloc.lower()
    except ValueError:
        return source.feed_url


async def refresh_sources(
    fetcher: Fetcher,
    store: SourceStore,
    sources: Sequence[Source],
    *,
    progress: Progress | None = None,
    host_deadline: float = HOST_DEADLINE,
) -> RefreshReport:
    report = RefreshReport()
    by_host: dict[str, list[Source]] = {}
    for source in sources:
        by_host.setdefault(_host(source), []).append(source)
    gate = asyncio.Semaphore(MAX_HOSTS)
    total = len(sources)
    loop = asyncio.get_running_loop()

    async def work_host(host: str, queue: list[Source]) -> None:
        async with gate:
            ends = loop.time() + host_deadline
            ordered = sorted(queue, key=lambda source: source.last_error is not None)
            for position, source in enumerate(ordered):
                left = ends - loop.time()
                # a fair share of what is left, so one dripping feed cannot take the time of all the others
                share = min(left, max(left / (len(ordered) - position), host_deadline * MIN_SHARE))
                result = await _refresh_within(fetcher, store, source, host, share, left, host_deadline)
                report.results.append(result)
                if progress is not None:
                    progress(len(report.results), total, result)

    try:
        await asyncio.gather(*(work_host(host, queue) for host, queue in by_host.items()))
    finally:  # what was learnt before a cancel is kept too
        await _record_outcomes(store, sources, report)
    order = {source.name: index for index, source in enumerate(sources)}
    report.results.sort(key=lambda result: order.get(result.name, 0))
    return report


async def _refresh_within(
    fetcher: Fetcher, store: SourceStore, source: Source, host: str, share: float, left: float, deadline: float
) -> SourceResult:
    """:func:`refresh_one` within ``share`` seconds of the ``left`` its host has; a source the time does not
    reach is skipped."""
    shown = clean_line(host)[:80] or "its host"
    if left <= 0:
        return SourceResult(
            name=source.name,
            error=f"not refreshed this time: {shown} used its {deadline:g} s on slower sources (tried first next time)",
            skipped=True,
        )
    try:
        async with asyncio.timeout(share):
            return await refresh_one(fetcher, store, source)
    except TimeoutError:
        return SourceResult(
            name=source.name,
            error=f"{shown} sent no whole feed within {share:.0f} s, its share of the {deadline:g} s one host has "
            "per refresh",
        )


async def _record_outcomes(store: SourceStore, sources: Sequence[Source], report: RefreshReport) -> None:
    ids = {source.name: source.id for source in sources}
    unchanged = [(ids[r.name], r.fetched_at or "") for r in report.results if r.not_modified and ids.get(r.name)]
    failed = [(ids[r.name], r.error) for r in report.results if r.error and not r.skipped and ids.get(r.name)]
    try:
        await asyncio.to_thread(store.record_outcomes, unchanged, failed)  # type: ignore[arg-type]
    except InkreaderError as error:  # the library said no (read-only...): the report still tells the user
        for result in report.results:
            if result.not_modified:
                result.error = str(error)


async def refresh_one(fetcher: Fetcher, store: SourceStore, source: Source) -> SourceResult:
    """Fetch one source and store new items; a 304 or a failure is only reported (stored in one batch)."""
    assert source.id is not None
    result = SourceResult(name=source.name)
    try:
        page = await fetcher.fetch(
            source.feed_url,
            etag=source.etag,
            last_modified=source.last_modified,
            background=True,
            feed=source.kind == "feed",
        )
        result.fetched_at = page.fetched_at
        if page.not_modified:
            result.not_modified = True
            return result
        entries = await _entries(fetcher, source, page, result.notes)
        result.new = await asyncio.to_thread(
            store.record_entries,
            source.id,
            entries,
            etag=page.etag,
            last_modified=page.last_modified,
        )
    except asyncio.CancelledError:
        raise
    except InkreaderError as error:
        result.error = clean_line(str(error)) or type(error).__name__
    except Exception as error:  # a bug or a library's surprise must not stop the other sources
        result.error = clean_line(f"unexpected error ({type(error).__name__}: {error})")[:300]
    return result


async def _entries(fetcher: Fetcher, source: Source, page: Page, notes: list[str]) -> list[FeedEntry]:
    # Imported when needed: a refresh of feeds alone never loads the extractors (lxml.html, markdownify).
    if source.kind == "listing":
        from .listing import listing_entries

        entries: list[FeedEntry] = await asyncio.to_thread(listing_entries, page.text, page.final_url)
        return entries
    if source.kind == "sitemap":
        from .discover import sitemap_entries

        return await sitemap_entries(fetcher, source.feed_url, page, background=True)
    parsed = await asyncio.to_thread(parse_feed_page, page)
    notes.extend(parsed.notes)
    return parsed.entries
