"""The Reader's policy, tested directly: cache and revalidation, follow-through, offline, the stale copy on 5xx.

The library is a real SQLite file in a temp dir and the pages are our own fixtures; only the fetcher is a fake
(a dict of pages that records every request), so each case can say exactly which requests the Reader makes.
The same policy is reached end to end through the installed command in test_cli.py and test_hostile_cli.py.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cnas_helpers import fixture_html, fixture_url

import inkreader
from inkreader.config import Settings, resolve_paths
from inkreader.errors import FetchError, InkreaderError, NetworkUnavailable, NotInLibrary
from inkreader.model import Page, utc_now_iso
from inkreader.reader import Reader, Recheck

PIECE_FILE = "publications/commentary/tidewater-logistics.html"
OUTLET_FILE = "outlets/inkwell/2026/03/tidewater-logistics.html"
PIECE = fixture_url(PIECE_FILE)
OUTLET = fixture_url(OUTLET_FILE)
GENERIC = "http://127.0.0.1:8000/notes/harbour-cranes"
SERVER_ERROR = "The server answered 503 (Service Unavailable); try again later."


def generic_page(title: str) -> str:
    words = "Harbour cranes decide how fast a port recovers after a storm or a strike, and who pays. " * 4
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{words}</p></article>"
        "</body></html>"
    )


@dataclass(frozen=True)
class Request:
    url: str
    etag: str | None
    background: bool


class FakeFetcher:
    """Serves ``pages`` with an ETag per body and answers a matching conditional GET with 304 (not_modified).

    ``failures[url]`` is raised instead of answering; ``network_down`` makes every request NetworkUnavailable.
    """

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.failures: dict[str, FetchError] = {}
        self.network_down = False
        self.requests: list[Request] = []

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, background: bool = False
    ) -> Page:
        self.requests.append(Request(url, etag, background))
        if self.network_down:
            raise NetworkUnavailable(f"Could not connect to {url}.", url=url)
        if url in self.failures:
            raise self.failures[url]
        html = self.pages[url]
        tag = '"' + hashlib.sha256(html.encode()).hexdigest()[:16] + '"'
        content = b"" if etag == tag else html.encode()
        return Page(
            url=url,
            final_url=url,
            status=304 if etag == tag else 200,
            content=content,
            text=content.decode(),
            encoding="utf-8",
            content_type="text/html",
            fetched_at=utc_now_iso(),
            etag=tag,
            not_modified=etag == tag,
        )

    async def aclose(self) -> None:
        pass

    def urls(self) -> list[str]:
        return [request.url for request in self.requests]


@pytest.fixture
def fetcher() -> FakeFetcher:
    return FakeFetcher(
        {
            PIECE: fixture_html(PIECE_FILE),
            OUTLET: fixture_html(OUTLET_FILE),
            GENERIC: generic_page("Harbour Cranes"),
        }
    )


@pytest.fixture
async def reader(tmp_path: Path, fetcher: FakeFetcher) -> AsyncIterator[Reader]:
    paths = resolve_paths(tmp_path / "home").ensure()
    async with Reader(paths, settings=Settings(start_url=""), fetcher=fetcher) as reader:  # type: ignore[arg-type]
        yield reader


def outlet_markdown() -> str:
    return inkreader.extract_article(fixture_html(OUTLET_FILE), OUTLET).markdown


def summary_markdown() -> str:
    return inkreader.extract_article(fixture_html(PIECE_FILE), PIECE).markdown


# -- cache and revalidation ----------------------------------------------------------------------------------
async def test_a_first_open_fetches_follows_and_stores(reader: Reader, fetcher: FakeFetcher) -> None:
    article = await reader.open(PIECE)
    assert fetcher.urls() == [PIECE, OUTLET]
    assert article.followed and not article.from_cache and not article.offline
    assert article.markdown == outlet_markdown()
    assert article.summary_markdown == summary_markdown()
    # the think-tank page's metadata stays
    assert article.title == "Tidewater Logistics: Port Resilience Is a Deterrence Question"
    assert article.outlet == "Inkwell Review" and article.published == "2026-03-03"
    assert [entry.url for entry in reader.history()] == [PIECE]


async def test_an_unchanged_page_is_revalidated_with_its_etag_and_served_from_the_library(
    reader: Reader, fetcher: FakeFetcher
) -> None:
    first = await reader.open(PIECE)
    fetcher.requests.clear()
    again = await reader.open(PIECE)
    assert fetcher.urls() == [PIECE]  # one conditional GET; the outlet is not asked again
    assert fetcher.requests[0].etag is not None
    assert again.from_cache and not again.offline
    assert again.markdown == first.markdown and again.followed


async def test_without_revalidation_the_library_copy_is_served_with_no_request(
    reader: Reader, fetcher: FakeFetcher
) -> None:
    await reader.open(PIECE)
    fetcher.requests.clear()
    article = await reader.open(PIECE, revalidate=False)
    assert fetcher.requests == []
    assert article.from_cache and article.followed


async def test_a_changed_page_replaces_the_library_copy(reader: Reader, fetcher: FakeFetcher) -> None:
    await reader.open(GENERIC)
    fetcher.pages[GENERIC] = generic_page("Harbour Cranes, Revised")
    fresh = await reader.revalidate(GENERIC)
    assert fresh is not None and fresh.title == "Harbour Cranes, Revised" and not fresh.from_cache
    fetcher.requests.clear()
    assert await reader.revalidate(GENERIC) is None  # unchanged now: nothing new to show
    assert (await reader.open(GENERIC, revalidate=False)).title == "Harbour Cranes, Revised"


# -- follow-through ------------------------------------------------------------------------------------------
async def test_no_follow_keeps_the_summary_and_never_asks_the_outlet(reader: Reader, fetcher: FakeFetcher) -> None:
    article = await reader.open(PIECE, follow=False)
    assert fetcher.urls() == [PIECE]
    assert not article.followed and article.full_article_url == OUTLET
    assert article.markdown == summary_markdown()


async def test_no_follow_neither_serves_nor_overwrites_the_followed_copy(reader: Reader, fetcher: FakeFetcher) -> None:
    await reader.open(PIECE)
    summary = await reader.open(PIECE, follow=False)
    assert not summary.followed and summary.markdown == summary_markdown()
    offline_summary = await reader.open(PIECE, follow=False, offline=True)
    assert not offline_summary.followed and offline_summary.markdown == summary_markdown()
    kept = await reader.open(PIECE, revalidate=False)
    assert kept.followed and kept.markdown == outlet_markdown()


async def test_an_outlet_that_refuses_leaves_the_summary_with_a_note_and_is_asked_again_next_time(
    reader: Reader, fetcher: FakeFetcher
) -> None:
    fetcher.failures[OUTLET] = FetchError("The server refused the request (403 Forbidden).", url=OUTLET, status=403)
    article = await reader.open(PIECE)
    assert not article.followed and article.markdown == summary_markdown()
    assert any(
        note.startswith("Showing the summary: the full article from Inkwell Review could not be read")
        and "403 Forbidden" in note
        for note in article.notes
    )
    del fetcher.failures[OUTLET]
    fetcher.requests.clear()
    article = await reader.open(PIECE)
    assert fetcher.urls() == [PIECE, OUTLET]
    assert article.followed and article.markdown == outlet_markdown()


# -- offline -------------------------------------------------------------------------------------------------
async def test_offline_serves_the_library_copy_marked_as_such(reader: Reader, fetcher: FakeFetcher) -> None:
    await reader.open(PIECE)
    fetcher.requests.clear()
    article = await reader.open(PIECE, offline=True)
    assert fetcher.requests == []
    assert article.offline and article.from_cache and article.followed
    assert article.notes[0].startswith("Offline copy from 20")


async def test_offline_without_a_copy_is_not_in_the_library(reader: Reader, fetcher: FakeFetcher) -> None:
    with pytest.raises(NotInLibrary):
        await reader.open(PIECE, offline=True)
    assert fetcher.requests == []


async def test_with_the_network_down_the_library_copy_is_an_offline_copy(reader: Reader, fetcher: FakeFetcher) -> None:
    await reader.open(PIECE)
    fetcher.network_down = True
    article = await reader.open(PIECE)
    assert article.offline and article.from_cache and article.markdown == outlet_markdown()
    assert article.notes[0].startswith("Offline copy from")


async def test_with_the_network_down_and_no_copy_the_error_is_the_network(reader: Reader, fetcher: FakeFetcher) -> None:
    fetcher.network_down = True
    with pytest.raises(NetworkUnavailable):
        await reader.open(PIECE)


async def test_saving_with_the_network_down_saves_the_library_copy(reader: Reader, fetcher: FakeFetcher) -> None:
    await reader.open(PIECE)
    fetcher.network_down = True
    article = await reader.save(PIECE)
    assert article.followed and reader.is_saved(PIECE)


# -- a server error when a copy is at hand ---------------------------------------------------------------------
async def test_a_server_error_shows_the_stale_copy_with_a_note(reader: Reader, fetcher: FakeFetcher) -> None:
    first = await reader.open(PIECE)
    fetcher.failures[PIECE] = FetchError(SERVER_ERROR, url=PIECE, status=503)
    article = await reader.open(PIECE)
    assert article.from_cache and not article.offline
    assert article.markdown == first.markdown
    assert article.notes[0] == f"{SERVER_ERROR} Showing the copy from {first.fetched_at[:10]}."


async def test_a_server_error_with_no_copy_is_the_error(reader: Reader, fetcher: FakeFetcher) -> None:
    fetcher.failures[PIECE] = FetchError(SERVER_ERROR, url=PIECE, status=503)
    with pytest.raises(FetchError, match="503"):
        await reader.open(PIECE)


# -- opens that run at the same time (the TUI's) ------------------------------------------------------------------
class HeldFetcher(FakeFetcher):
    """Like FakeFetcher, but the next request, once answered, waits for ``release`` before it returns."""

    def __init__(self, pages: dict[str, str]) -> None:
        super().__init__(pages)
        self.hold_next = False
        self.answered = asyncio.Event()
        self.release = asyncio.Event()

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, background: bool = False
    ) -> Page:
        held, self.hold_next = self.hold_next, False
        page = await super().fetch(url, etag=etag, last_modified=last_modified, background=background)
        if held:
            self.answered.set()
            await self.release.wait()
        return page


async def test_a_recheck_says_what_its_own_request_found_whatever_another_open_met(tmp_path: Path) -> None:
    fetcher = HeldFetcher({PIECE: fixture_html(PIECE_FILE), OUTLET: fixture_html(OUTLET_FILE)})
    paths = resolve_paths(tmp_path / "home").ensure()
    async with Reader(paths, settings=Settings(start_url=""), fetcher=fetcher) as reader:  # type: ignore[arg-type]
        await reader.open(PIECE)
        fetcher.hold_next = True
        recheck = asyncio.create_task(reader.recheck(PIECE))
        await fetcher.answered.wait()  # the server told the recheck "unchanged"...
        fetcher.failures[PIECE] = FetchError(SERVER_ERROR, url=PIECE, status=503)
        stale = await reader.open(PIECE)  # ...and meanwhile another open of the page met a server error
        assert stale.notes[0].startswith(SERVER_ERROR)
        fetcher.release.set()
        assert await recheck == Recheck(None, True)


async def test_open_result_tells_a_copy_served_unasked_from_one_the_server_vouched_for(
    reader: Reader, fetcher: FakeFetcher
) -> None:
    first = await reader.open_result(PIECE)
    assert first.unchecked is None and first.store_error is None and first.article.followed
    assert (await reader.open_result(PIECE)).unchecked is None  # 304: the server says the copy is current
    fetcher.failures[PIECE] = FetchError(SERVER_ERROR, url=PIECE, status=503)
    assert (await reader.open_result(PIECE)).unchecked == SERVER_ERROR
    fetcher.network_down = True
    down = await reader.open_result(PIECE)
    assert down.article.offline and down.unchecked == f"Could not connect to {PIECE}."


# -- the library verbs the CLI and the TUI use ------------------------------------------------------------------
async def test_saved_pieces_keep_a_reading_position_and_a_read_mark(reader: Reader) -> None:
    await reader.save(PIECE)
    await reader.open(GENERIC)
    assert [entry.url for entry in reader.saved()] == [PIECE]
    assert reader.saved()[0].unread
    reader.set_position(PIECE, 0.4)
    reader.set_position(GENERIC, 0.7)  # not saved: no position kept
    assert reader.mark_opened(PIECE) == pytest.approx(0.4)
    assert not reader.saved()[0].unread
    assert reader.mark_opened(GENERIC) is None and reader.position(GENERIC) is None
    assert [entry.url for entry in reader.history()] == [GENERIC, PIECE]


async def test_search_finds_read_pieces_and_can_keep_to_the_saved_ones(reader: Reader) -> None:
    await reader.save(PIECE)
    await reader.open(GENERIC)
    assert {hit.url for hit in reader.search("cranes")} == {GENERIC, PIECE}
    assert [hit.url for hit in reader.search("cranes", saved_only=True)] == [PIECE]


async def test_local_files_are_not_saved(reader: Reader, tmp_path: Path) -> None:
    local = tmp_path / "page.html"
    local.write_text(generic_page("A Page On Disk"), encoding="utf-8")
    with pytest.raises(InkreaderError, match="Local files are not saved"):
        await reader.save(str(local))


async def test_the_sources_part_is_made_once_and_follows_the_library_the_reader_has_open(reader: Reader) -> None:
    sources = reader.sources
    assert reader.sources is sources
    assert sources.store.library is reader.library
    await reader.aclose()  # a Reader reopens its library on next use; its parts reach the new one
    assert reader.sources is sources and sources.store.library is reader.library
    assert reader.annotations.store.library is reader.library
