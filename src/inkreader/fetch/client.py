"""The Fetcher: one shared httpx.AsyncClient with timeouts, caps, redirects, politeness and clear errors.

Every way a fetch can fail leaves as a :class:`~inkreader.errors.FetchError` (or its subclasses
``NetworkUnavailable`` / ``BlockedByChallenge``) with a one-line message; no httpx exception escapes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import FetchError, NetworkUnavailable
from ..model import Page, utc_now_iso
from .body import BodyTooLarge, UnsupportedEncoding, read_capped, starts_like_pdf
from .checks import (
    UNTYPED_FEED_TYPES,
    has_challenge_header,
    is_challenge_page,
    is_readable_type,
    media_type,
    sniff_binary,
    sniffs_like_feed,
)
from .decode import bom_encoding, charset_from_content_type, charset_from_meta, decode_body
from .failures import (
    challenge_error,
    host_of,
    parse_retry_after,
    short_reason,
    show_url,
    status_error,
    transport_error,
)
from .pacing import HostPacer
from .robots import ROBOTS_MAX_BYTES, RobotsEntry, RobotsMemory

USER_AGENT = f"inkreader/{__version__} (+https://github.com/inkreader/inkreader)"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"
# Feeds (``fetch(..., feed=True)``): the feed types first; JSON Feed is admitted only then.
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,"
    "text/xml;q=0.9,application/json;q=0.8,text/html;q=0.5,*/*;q=0.3"
)
FEED_JSON_TYPES = frozenset({"application/feed+json", "application/json"})
# We inflate bodies ourselves (bounded), so we only ask for what zlib reads.
ACCEPT_ENCODING = "gzip, deflate"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 503})
USER_RETRY_CAP = 30.0  # a user waits at most this long for the one polite retry
BACKGROUND_RETRY_CAP = 120.0  # background work waits longer, but not for a Retry-After of hours
BACKGROUND_ATTEMPTS = 3
ROBOTS_WAIT_FOR_USER = 2.0  # a user fetch never waits longer than this for robots.txt
ROBOTS_TIMEOUT = 10.0
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five
PDF_TYPE = "application/pdf"
# PDFs have their own, larger cap (the same figure as the PDF reader's, pdf/limits.py, which says why).
PDF_MAX_BYTES = 50 * 1024 * 1024
ERROR_BODY_BYTES = 64 * 1024  # enough of an error page to recognise a bot challenge

_NETWORK_ERRORS = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError)


@dataclass(slots=True)
class _Answer:
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _host_key(url: str) -> str:
    return urlsplit(url).netloc.lower()


LOCATION_EXTENSION = "inkreader.location"


async def _take_location(response: httpx.Response) -> None:
    """Move Location out of httpx's sight: even with redirects off it parses the target, and a hostile
    ``javascript:`` or malformed Location would fail the whole exchange there. We judge it ourselves."""
    location = response.headers.get("location")
    if location is not None:
        response.extensions[LOCATION_EXTENSION] = location
        del response.headers["location"]


def _body_source(response: httpx.Response) -> tuple[AsyncIterator[bytes], str | None]:
    """The raw body chunks and their Content-Encoding. A response httpx already read (a caller's mock
    transport built with ``content=``) is handed over whole and already decoded."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return response.aiter_raw(), response.headers.get("content-encoding")

    async def whole() -> AsyncIterator[bytes]:
        yield content

    return whole(), None


class Fetcher:
    """Fetches pages politely. Use as ``async with Fetcher() as fetcher:`` or call :meth:`aclose`."""

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        connect_timeout: float = 10,
        read_timeout: float = 20,
        total_timeout: float = 60,
        max_bytes: int = 10 * 1024 * 1024,
        pdf_max_bytes: int = PDF_MAX_BYTES,
        max_redirects: int = 10,
        host_delay: float = 1.0,
        robots_ttl: float = 24 * 3600,
        transport: httpx.AsyncBaseTransport | None = None,
        origin_aliases: dict[str, str] | None = None,
        robots_memory: RobotsMemory | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.robots_memory = robots_memory
        # Public origin -> where it is really served ("http://127.0.0.1:8642" -> "http://127.0.0.1:41234"):
        # the demo's pages keep one address whatever port the demo had to take.
        self.origin_aliases = {origin_of(k): origin_of(v) for k, v in (origin_aliases or {}).items()}
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.pdf_max_bytes = pdf_max_bytes
        self.max_redirects = max_redirects
        self.host_delay = host_delay
        self.robots_ttl = robots_ttl
        self.pacer = HostPacer(host_delay)
        # origin ("https://host[:port]") → what its robots.txt said; plain data, see RobotsEntry.to_record.
        self.robots_cache: dict[str, RobotsEntry] = {}
        self._robots_tasks: dict[str, asyncio.Task[RobotsEntry]] = {}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout),
            follow_redirects=False,  # followed by hand: scheme checks, loop detection, per-hop pacing
            transport=transport,
            event_hooks={"response": [_take_location]},
        )

    # -- lifecycle ------------------------------------------------------------------------------------
    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        tasks = list(self._robots_tasks.values())
        self._robots_tasks.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self._client.aclose()

    # -- public ---------------------------------------------------------------------------------------
    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        background: bool = False,
        feed: bool = False,
    ) -> Page:
        """GET ``url``: a :class:`Page` (``not_modified`` on a 304), or a FetchError saying why not.

        ``feed``: ask for feeds first and admit JSON Feed answers as well as HTML and XML."""
        self._check_url(url)
        robots_pending: RobotsEntry | asyncio.Task[RobotsEntry] | None = None
        if background:
            await self._require_robots(url)
        else:
            robots_pending = self._robots_lookup(origin_of(url))
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if feed:
            headers["Accept"] = FEED_ACCEPT
        try:
            answer = await self._get_with_retry(url, headers, background=background)
        except FetchError:
            raise
        except _NETWORK_ERRORS as error:
            raise transport_error(
                error, url, connect_timeout=self.connect_timeout, read_timeout=self.read_timeout
            ) from None
        page = self._to_page(url, answer, feed=feed)
        if robots_pending is not None:
            note = await self._robots_note(url, robots_pending)
            if note:
                page.notes.append(note)
        return page

    async def allowed_by_robots(self, url: str) -> bool:
        """May background work fetch ``url``? (robots.txt, cached; 4xx → yes, 5xx/unreachable → no)."""
        try:
            self._check_url(url)
        except FetchError:
            return False
        entry = await self._robots_entry(origin_of(url))
        return entry.verdict(url) == "allow"

    def _served_at(self, url: str) -> str:
        """Where to send a request for ``url``: itself, or its origin's alias (the answer keeps ``url``)."""
        if self.origin_aliases:
            target = self.origin_aliases.get(origin_of(url))
            if target is not None:
                return target + url[len(origin_of(url)) :]
        return url

    # -- URL checks -----------------------------------------------------------------------------------
    @staticmethod
    def _check_url(url: str) -> None:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError, UnicodeError):
            raise FetchError(f"Not a valid address: {show_url(str(url))}", url=str(url)) from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(
                f"inkreader only opens http and https addresses, not {parsed.scheme or 'this'}: {show_url(url)}",
                url=url,
            )
        if not parsed.host:
            raise FetchError(f"Not a valid address (no host): {show_url(url)}", url=url)

    # -- robots.txt -----------------------------------------------------------------------------------
    def _robots_lookup(self, origin: str) -> RobotsEntry | asyncio.Task[RobotsEntry]:
        entry = self.robots_cache.get(origin)
        if entry is not None and entry.is_fresh(self.robots_ttl):
            return entry
        task = self._robots_tasks.get(origin)
        if task is None:
            task = asyncio.ensure_future(self._load_robots(origin))
            self._robots_tasks[origin] = task

            def forget(done: asyncio.Task[RobotsEntry], origin: str = origin) -> None:
                if self._robots_tasks.get(origin) is done:
                    del self._robots_tasks[origin]

            task.add_done_callback(forget)
        return task

    async def _robots_entry(self, origin: str) -> RobotsEntry:
        pending = self._robots_lookup(origin)
        if isinstance(pending, RobotsEntry):
            return pending
        return await asyncio.shield(pending)  # shared: one caller's cancellation must not cancel others

    async def _robots_note(self, url: str, pending: RobotsEntry | asyncio.Task[RobotsEntry]) -> str | None:
        if isinstance(pending, RobotsEntry):
            entry = pending
        else:
            try:
                entry = await asyncio.wait_for(asyncio.shield(pending), ROBOTS_WAIT_FOR_USER)
            except TimeoutError:  # slow robots.txt: it keeps loading for next time; this page goes on
                return None
        if entry.verdict(url) == "disallow":
            return f"robots.txt of {host_of(url)} disallows this page; fetched because you asked for it."
        return None

    async def _require_robots(self, url: str) -> None:
        """Background work: refuse what robots.txt disallows (or what we cannot check)."""
        entry = await self._robots_entry(origin_of(url))
        verdict = entry.verdict(url)
        host = host_of(url)
        if verdict == "allow":
            return
        if verdict == "disallow":
            raise FetchError(
                f"robots.txt of {host} disallows {show_url(url)}; inkreader does not fetch it in the background.",
                url=url,
            )
        if verdict == "unreachable":
            raise NetworkUnavailable(
                f"Could not read robots.txt of {host} ({entry.error}); "
                "inkreader does not fetch from it in the background until it can.",
                url=url,
            )
        raise FetchError(
            f"robots.txt of {host} is unavailable (server error {entry.status}); "
            "inkreader does not fetch from it in the background for now.",
            url=url,
            status=entry.status,
        )

    async def _load_robots(self, origin: str) -> RobotsEntry:
        """GET /robots.txt (paced, bounded); never raises — failures become an 'unreachable' entry.

        An answer an earlier session kept (``robots_memory``) and still fresh is used without a request."""
        remembered = await self._recall_robots(origin)
        if remembered is not None:
            self.robots_cache[origin] = remembered
            return remembered
        try:
            status, text = await self._read_robots(origin + "/robots.txt")
            entry = RobotsEntry(origin=origin, fetched_at=time.time(), status=status, text=text)
        except asyncio.CancelledError:
            raise
        except TimeoutError:
            limit = min(ROBOTS_TIMEOUT, self.total_timeout)
            entry = RobotsEntry(origin=origin, fetched_at=time.time(), status=None, error=f"no answer in {limit:g} s")
        except (*_NETWORK_ERRORS, zlib.error, UnsupportedEncoding) as error:
            entry = RobotsEntry(origin=origin, fetched_at=time.time(), status=None, error=short_reason(error))
        self.robots_cache[origin] = entry
        if entry.status is not None:  # an unreachable host is asked again within a minute anyway
            await self._remember_robots(entry)
        return entry

    async def _recall_robots(self, origin: str) -> RobotsEntry | None:
        if self.robots_memory is None:
            return None
        try:
            record = await asyncio.to_thread(self.robots_memory.recall, origin)
            entry = RobotsEntry.from_record(record) if record else None
        except Exception:  # a memory that cannot be read is an empty one: fetch the file
            return None
        if entry is None or entry.origin != origin or not entry.is_fresh(self.robots_ttl):
            return None
        return entry

    async def _remember_robots(self, entry: RobotsEntry) -> None:
        if self.robots_memory is None:
            return
        try:
            await asyncio.to_thread(self.robots_memory.remember, entry.to_record())
        except Exception:  # a busy or read-only library costs the next session one request, nothing more
            pass

    async def _read_robots(self, url: str) -> tuple[int, str]:
        current = url
        for _ in range(ROBOTS_MAX_REDIRECTS + 1):
            # Never longer than a page may take: a robots.txt that hangs must not outlast the fetch it gates.
            limit = min(ROBOTS_TIMEOUT, self.total_timeout)
            async with self.pacer.slot(_host_key(current)), asyncio.timeout(limit):
                request = self._client.build_request("GET", self._served_at(current))
                response = await self._client.send(request, stream=True)
                try:
                    location = str(response.extensions.get(LOCATION_EXTENSION, "")).strip()
                    if response.status_code in REDIRECT_STATUSES and location:
                        current = urljoin(current, location.strip())
                        if urlsplit(current).scheme not in ("http", "https"):
                            return 404, ""  # nowhere we go: "unavailable", which allows all
                        continue
                    if not 200 <= response.status_code < 300:
                        return response.status_code, ""
                    body = await read_capped(*_body_source(response), ROBOTS_MAX_BYTES, truncate=True)
                    return response.status_code, body.decode("utf-8", "replace")
                finally:
                    await response.aclose()
        return 404, ""  # RFC 9309: too many redirects may be treated as unavailable

    def _crawl_delay(self, url: str) -> float | None:
        entry = self.robots_cache.get(origin_of(url))
        return entry.crawl_delay() if entry is not None else None

    # -- requests -------------------------------------------------------------------------------------
    async def _get_with_retry(self, url: str, headers: dict[str, str], *, background: bool) -> _Answer:
        attempts = BACKGROUND_ATTEMPTS if background else 2
        for attempt in range(1, attempts + 1):
            answer = await self._exchange(url, headers, background=background)
            self._raise_if_challenge(answer)
            host = _host_key(answer.final_url)
            if answer.status not in RETRY_STATUSES:
                if background:
                    self.pacer.succeeded(host)
                return answer
            retry_after = parse_retry_after(answer.headers.get("retry-after"))
            cap = BACKGROUND_RETRY_CAP if background else USER_RETRY_CAP
            if attempt == attempts or (retry_after is not None and retry_after > cap):
                break
            if background:
                self.pacer.back_off(host, retry_after)  # the next slot for this host waits it out
            else:
                await self.pacer.pause(retry_after if retry_after is not None else 1.0)
        raise status_error(answer.final_url, answer.status, retry_after)

    def _raise_if_challenge(self, answer: _Answer) -> None:
        if has_challenge_header(answer.headers):
            raise challenge_error(answer.final_url, answer.status)
        if answer.status not in (403, 429, 503) or not answer.content:
            return
        if is_challenge_page(answer.content[:ERROR_BODY_BYTES].decode("utf-8", "replace")):
            raise challenge_error(answer.final_url, answer.status)

    async def _exchange(self, url: str, headers: dict[str, str], *, background: bool) -> _Answer:
        """One GET with redirects followed by hand; the total time budget excludes pacing waits."""
        budget = self.total_timeout
        seen = {url}
        current = url
        redirects = 0
        while True:
            if background and current != url:
                await self._require_robots(current)
            pacing = (
                self.pacer.slot(_host_key(current), self._crawl_delay(current))
                if background
                else contextlib.nullcontext()
            )
            async with pacing:
                started = time.monotonic()
                try:
                    async with asyncio.timeout(max(budget, 0.0)):
                        answer, target = await self._request(current, headers)
                except TimeoutError:
                    raise NetworkUnavailable(
                        f"{host_of(current)} took longer than {self.total_timeout:g} s to send the page; "
                        "inkreader gave up.",
                        url=url,
                    ) from None
                budget -= time.monotonic() - started
            if target is None:
                return answer
            redirects += 1
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(
                    f"{show_url(current)} redirects to a {scheme or 'non-web'}: address; "
                    "inkreader only follows http and https.",
                    url=url,
                )
            if target in seen:
                raise FetchError(f"{show_url(url)} redirects in a loop (back to {show_url(target)}).", url=url)
            if redirects > self.max_redirects:
                raise FetchError(
                    f"{show_url(url)} redirects more than {self.max_redirects} times; inkreader stopped following.",
                    url=url,
                )
            seen.add(target)
            current = target

    async def _request(self, url: str, headers: dict[str, str]) -> tuple[_Answer, str | None]:
        """One HTTP exchange: the answer, and the redirect target when it is a redirect."""
        request = self._client.build_request("GET", self._served_at(url), headers=headers)
        response = await self._client.send(request, stream=True)
        try:
            answer_headers = {name.lower(): value for name, value in response.headers.items()}
            status = response.status_code
            answer = _Answer(final_url=url, status=status, headers=answer_headers, content=b"")
            location = str(response.extensions.get(LOCATION_EXTENSION, "")).strip()
            if status in REDIRECT_STATUSES and location:
                return answer, urljoin(url, location)
            if 200 <= status < 300 and status != 204:
                answer.content = await self._read_body(response, url)
            elif status >= 400:
                answer.content = await self._read_error_body(response)
            return answer, None
        finally:
            await response.aclose()

    async def _read_body(self, response: httpx.Response, url: str) -> bytes:
        chunks, encoding = _body_source(response)
        length = response.headers.get("content-length", "").strip()
        identity = not encoding or encoding.strip().lower() == "identity"
        # A PDF may be larger than a page (reports carry photographs and fonts): its cap is its own.
        mime = media_type(response.headers.get("content-type"))
        declared_cap = self.max_bytes if is_readable_type(mime) else max(self.max_bytes, self.pdf_max_bytes)
        if identity and length.isdigit() and int(length) > declared_cap:
            raise self._too_large(url, response.status_code, pdf=declared_cap > self.max_bytes)
        try:
            return await read_capped(chunks, encoding, self.max_bytes, pdf_max_bytes=self.pdf_max_bytes)
        except BodyTooLarge:
            raise self._too_large(url, response.status_code) from None
        except UnsupportedEncoding as error:
            raise FetchError(
                f"{host_of(url)} sent the page compressed as {error}, which inkreader cannot read.",
                url=url,
                status=response.status_code,
            ) from None
        except zlib.error:
            raise FetchError(
                f"{host_of(url)} sent a damaged compressed page.", url=url, status=response.status_code
            ) from None
        except httpx.RemoteProtocolError:
            raise FetchError(
                "The connection closed before the page was complete.", url=url, status=response.status_code
            ) from None

    async def _read_error_body(self, response: httpx.Response) -> bytes:
        """A little of an error page (to spot a bot challenge); its own failures do not matter."""
        try:
            return await read_capped(*_body_source(response), ERROR_BODY_BYTES, truncate=True)
        except (*_NETWORK_ERRORS, zlib.error, UnsupportedEncoding):
            return b""

    def _too_large(self, url: str, status: int, *, pdf: bool = False) -> FetchError:
        size = (self.pdf_max_bytes if pdf else self.max_bytes) / (1024 * 1024)
        return FetchError(
            f"The response is larger than {size:g} MB; inkreader stopped reading it.", url=url, status=status
        )

    # -- the page -------------------------------------------------------------------------------------
    def _to_page(self, url: str, answer: _Answer, *, feed: bool = False) -> Page:
        headers = answer.headers
        content_type_header = headers.get("content-type")
        mime = media_type(content_type_header)
        fetched_at = utc_now_iso()

        def page(content: bytes, text: str, encoding: str, content_type: str, not_modified: bool = False) -> Page:
            return Page(
                url=url,
                final_url=answer.final_url,
                status=answer.status,
                fetched_at=fetched_at,
                headers=headers,
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
                content=content,
                text=text,
                encoding=encoding,
                content_type=content_type,
                not_modified=not_modified,
            )

        if answer.status == 304:
            return page(content=b"", text="", encoding="", content_type=mime, not_modified=True)
        if not 200 <= answer.status < 300:
            raise status_error(answer.final_url, answer.status, parse_retry_after(headers.get("retry-after")))
        content = answer.content
        if not content.strip():
            raise FetchError("The page is empty.", url=url, status=answer.status)
        shown = show_url(answer.final_url)
        if not feed and (mime == PDF_TYPE or starts_like_pdf(content)):
            # A PDF, whatever its address said (old CNAS links have no .pdf) or its type (octet-stream):
            # read by the PDF reader from the bytes, so no text is decoded here.
            return page(content=content, text="", encoding="", content_type=PDF_TYPE)
        feed_anyway = feed and (mime in FEED_JSON_TYPES or (mime in UNTYPED_FEED_TYPES and sniffs_like_feed(content)))
        if mime and not is_readable_type(mime) and not feed_anyway:
            raise FetchError(f"{shown} is not an HTML page ({mime}).", url=url, status=answer.status)
        declared = charset_from_content_type(content_type_header) or charset_from_meta(content) or ""
        wide = bom_encoding(content) is not None or declared.startswith(("utf-16", "utf-32"))
        binary = sniff_binary(content, wide_charset=wide)
        if binary:
            raise FetchError(f"{shown} is not an HTML page ({binary}).", url=url, status=answer.status)
        text, encoding = decode_body(content, content_type_header)
        if is_challenge_page(text):
            raise challenge_error(answer.final_url, answer.status)
        return page(content=content, text=text, encoding=encoding, content_type=mime or "text/html")
