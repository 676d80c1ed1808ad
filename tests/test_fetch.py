"""The network layer over real HTTP against the loopback server: decoding, statuses, hostile servers, politeness."""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import tracemalloc
from collections.abc import AsyncIterator

import hostile_routes as hostile
import httpx
import pytest

from inkreader.errors import BlockedByChallenge, FetchError, NetworkUnavailable
from inkreader.fetch import USER_AGENT, Fetcher, RobotsEntry
from inkreader.fetch.failures import transport_error
from inkreader.fetch.pacing import HostPacer
from server import FixtureServer, respond


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(connect_timeout=2, read_timeout=2, total_timeout=10, host_delay=0.05) as fetcher:
        yield fetcher


class PacingClock:
    """The pacer's clock: it moves only when the pacer sleeps (at once), so the pauses between requests are
    read off it exactly, with no waiting. The loopback server's handlers note the time each request arrives."""

    def __init__(self) -> None:
        self.now = 0.0
        self.arrivals: list[tuple[str, float]] = []
        self.in_flight = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)

    def pace(self, fetcher: Fetcher) -> Fetcher:
        fetcher.pacer = HostPacer(fetcher.host_delay, clock=self.clock, sleep=self.sleep)
        return fetcher

    def handler(self, name: str, answers: list[tuple[int, dict[str, str]]] | None = None):
        """Notes the arrival, then answers the next of ``answers`` (status, headers), else the ok page."""

        def handle(request):
            with self._lock:
                self.arrivals.append((name, self.now))
                self.in_flight += 1
                self.overlapped |= self.in_flight > 1
                status, headers = answers.pop(0) if answers else (200, {})
            try:
                respond(request, status, hostile.OK_HTML, headers=headers)
            finally:
                with self._lock:
                    self.in_flight -= 1

        return handle

    def gaps(self) -> list[float]:
        return [later - earlier for (_, earlier), (_, later) in itertools.pairwise(self.arrivals)]


# -- good pages and decoding ------------------------------------------------------------------------------
async def test_ok_page(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    page = await fetcher.fetch(hostile_route_urls["ok"])
    assert page.status == 200
    assert "Allied planners met" in page.text
    assert page.encoding == "utf-8"
    assert page.content_type == "text/html"
    assert page.final_url == hostile_route_urls["ok"]
    assert page.etag == '"ok-1"'
    assert page.last_modified == "Tue, 03 Mar 2026 10:00:00 GMT"
    assert all(name == name.lower() for name in page.headers)
    assert page.fetched_at.endswith("+00:00")
    assert page.notes == []


async def test_windows_1252_without_charset_header(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    page = await fetcher.fetch(hostile_route_urls["cp1252"])
    assert page.encoding == "cp1252"
    assert "\u201cDeterrence is a conversation,\u201d she said \u2014 and the na\u00efve r\u00e9sum\u00e9" in page.text
    assert "\ufffd" not in page.text


async def test_meta_charset(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    page = await fetcher.fetch(hostile_route_urls["meta_charset"])
    assert page.encoding == "cp1252"
    assert "caf\u00e9" in page.text and "\u2014" in page.text


async def test_invalid_utf8_is_replaced_not_raised(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    page = await fetcher.fetch(hostile_route_urls["invalid_utf8"])
    assert page.encoding == "utf-8"
    assert "Before \u00e9 \u2014" in page.text  # the valid part stays right
    assert "\ufffd" in page.text and "after" in page.text


async def test_lying_charset_is_detected(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    page = await fetcher.fetch(hostile_route_urls["lying_charset"])  # says utf-8, is windows-1252
    assert "\u201cDeterrence is a conversation,\u201d" in page.text
    assert "\ufffd" not in page.text


async def test_user_agent_is_ours(
    fetcher: Fetcher, hostile_server: FixtureServer, hostile_route_urls: dict[str, str]
) -> None:
    await fetcher.fetch(hostile_route_urls["ok"])
    agents = [headers.get("User-Agent") for path, headers in hostile_server.requests if path == "/hostile/ok"]
    assert agents and set(agents) == {USER_AGENT}
    assert USER_AGENT.startswith("inkreader/") and "Mozilla" not in USER_AGENT


async def test_conditional_get_304(
    fetcher: Fetcher, hostile_server: FixtureServer, hostile_route_urls: dict[str, str]
) -> None:
    first = await fetcher.fetch(hostile_route_urls["not_modified"])
    assert first.etag == '"v1"' and not first.not_modified
    again = await fetcher.fetch(hostile_route_urls["not_modified"], etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.status == 304 and again.content == b""
    sent = [headers for path, headers in hostile_server.requests if path == "/hostile/not-modified"][-1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 02 Mar 2026 09:00:00 GMT"


# -- statuses -------------------------------------------------------------------------------------------
async def test_404(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(hostile_route_urls["not_found"])
    assert str(caught.value) == f"Not found (404): {hostile_route_urls['not_found']}"
    assert caught.value.status == 404 and not isinstance(caught.value, NetworkUnavailable)


async def test_410(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"Gone \(410\)") as caught:
        await fetcher.fetch(hostile_route_urls["gone"])
    assert caught.value.status == 410


async def test_500(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"^The server had an error \(500\)") as caught:
        await fetcher.fetch(hostile_route_urls["server_error"])
    assert caught.value.status == 500


async def test_403_access_denied(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"^Access denied \(403\)") as caught:
        await fetcher.fetch(hostile_route_urls["forbidden"])
    assert not isinstance(caught.value, BlockedByChallenge)


async def test_503_then_200_honours_retry_after(fetcher: Fetcher, hostile_server: FixtureServer) -> None:
    paced = PacingClock()
    flaky = paced.handler("flaky", [(503, {"Retry-After": "1"})])
    page = await paced.pace(fetcher).fetch(hostile_server.route("/flaky-user", flaky))
    assert "Allied planners" in page.text
    assert paced.gaps() == pytest.approx([1.0])  # waited as asked


async def test_429_with_long_retry_after_says_when(
    fetcher: Fetcher, hostile_server: FixtureServer, hostile_route_urls: dict[str, str]
) -> None:
    expected = r"Too many requests \(429\).*try again in 2 hours \(after \d\d:\d\d UTC\)"
    with pytest.raises(FetchError, match=expected) as caught:
        await fetcher.fetch(hostile_route_urls["rate_limited"])
    assert caught.value.status == 429
    assert hostile_server.hits.count("/hostile/rate-limited") == 1  # no pointless retry against a 2-hour wait


# -- redirects ------------------------------------------------------------------------------------------
async def test_redirect_loop(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match="redirects in a loop"):
        await fetcher.fetch(hostile_route_urls["redirect_loop"])


async def test_eleven_redirects_is_too_many(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match="redirects more than 10 times"):
        await fetcher.fetch(hostile_route_urls["redirect_chain_11"])


async def test_ten_redirects_are_followed(
    fetcher: Fetcher, hostile_server: FixtureServer, hostile_route_urls: dict[str, str]
) -> None:
    page = await fetcher.fetch(hostile_route_urls["redirect_chain_10"])
    assert page.url == hostile_route_urls["redirect_chain_10"]
    assert page.final_url == hostile_server.url("/hostile/chain10/10")


async def test_redirect_to_file_is_refused(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"redirects to a file: address; inkreader only follows http and https"):
        await fetcher.fetch(hostile_route_urls["redirect_file"])
    with pytest.raises(FetchError, match="redirects to a javascript: address"):
        await fetcher.fetch(hostile_route_urls["redirect_javascript"])


async def test_non_http_url_is_refused(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="only opens http and https"):
        await fetcher.fetch("ftp://example.invalid/file")


# -- slow, endless and huge ----------------------------------------------------------------------------
async def test_timeout_is_network_unavailable(hostile_route_urls: dict[str, str]) -> None:
    async with Fetcher(connect_timeout=1, read_timeout=0.5) as fetcher:
        with pytest.raises(NetworkUnavailable, match=r"stopped answering \(nothing for 0.5 s\)"):
            await fetcher.fetch(hostile_route_urls["slow"])


async def test_slow_drip_ends_at_total_timeout(hostile_route_urls: dict[str, str]) -> None:
    # Every gap (0.2 s) is shorter than the read timeout: only the total bound ends the exchange, and says so.
    async with Fetcher(read_timeout=1, total_timeout=0.6) as fetcher:
        with pytest.raises(NetworkUnavailable, match=r"took longer than 0\.6 s"):
            await fetcher.fetch(hostile_route_urls["drip"])


async def test_gzip_bomb_stops_at_cap_with_small_memory(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"^The response is larger than 10 MB; inkreader stopped reading it\.$"):
            await fetcher.fetch(hostile_route_urls["gzip_bomb"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 48 * 1024 * 1024  # the cap plus change, not 300 MB


async def test_60_mb_streamed_body_stops_at_cap(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match="larger than 10 MB"):
        await fetcher.fetch(hostile_route_urls["huge"])


async def test_60_mb_content_length_refused_before_reading(
    fetcher: Fetcher, hostile_route_urls: dict[str, str]
) -> None:
    with pytest.raises(FetchError, match="larger than 10 MB"):
        await fetcher.fetch(hostile_route_urls["huge_with_length"])


async def test_truncated_body(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"^The connection closed before the page was complete\.$"):
        await fetcher.fetch(hostile_route_urls["truncated"])


# -- not a page -----------------------------------------------------------------------------------------
async def test_binary_served_as_html(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"is not an HTML page \(binary data\)"):
        await fetcher.fetch(hostile_route_urls["binary"])


async def test_empty_200(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(FetchError, match=r"^The page is empty\.$"):
        await fetcher.fetch(hostile_route_urls["empty"])


async def test_pdf_is_handed_on_as_bytes(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    # the PDF reader reads it (and refuses this damaged one); fetch decodes no text from it
    page = await fetcher.fetch(hostile_route_urls["pdf"])
    assert page.content_type == "application/pdf" and page.content.startswith(b"%PDF-") and page.text == ""


# -- bot challenges -------------------------------------------------------------------------------------
CHALLENGE_MESSAGE = (
    r"^127\.0\.0\.1 asks for a browser check; open it in your browser "
    r"\(inkreader does not get past bot challenges\)\.$"
)


async def test_cloudflare_403_cf_mitigated(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(BlockedByChallenge, match=CHALLENGE_MESSAGE) as caught:
        await fetcher.fetch(hostile_route_urls["challenge_403"])
    assert caught.value.status == 403


async def test_cloudflare_503_just_a_moment(
    fetcher: Fetcher, hostile_server: FixtureServer, hostile_route_urls: dict[str, str]
) -> None:
    with pytest.raises(BlockedByChallenge, match=CHALLENGE_MESSAGE):
        await fetcher.fetch(hostile_route_urls["challenge_503"])
    assert hostile_server.hits.count("/hostile/challenge-503") == 1  # a challenge is not retried


async def test_attention_required_page(fetcher: Fetcher, hostile_route_urls: dict[str, str]) -> None:
    with pytest.raises(BlockedByChallenge):
        await fetcher.fetch(hostile_route_urls["attention_403"])


# -- no network -----------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_connection_refused_is_network_unavailable(fetcher: Fetcher) -> None:
    with pytest.raises(NetworkUnavailable, match=r"^Could not connect to 127\.0\.0\.1 \(connection refused\)\.$"):
        await fetcher.fetch(f"http://127.0.0.1:{_free_port()}/page")


def test_dns_failure_is_network_unavailable() -> None:
    # Built by hand: a real lookup would send a query off this machine.
    try:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as cause:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from cause
    except httpx.ConnectError as error:
        mapped = transport_error(error, "https://nowhere.example/x", connect_timeout=10, read_timeout=20)
    assert isinstance(mapped, NetworkUnavailable)
    assert str(mapped) == "Could not find the server nowhere.example (DNS lookup failed)."


# -- robots.txt -----------------------------------------------------------------------------------------
ROBOTS = "User-agent: *\nDisallow: /private\n"


def _robots(server: FixtureServer, status: int = 200, body: str = ROBOTS) -> None:
    server.route("/robots.txt", lambda request: respond(request, status, body, "text/plain"))


async def test_robots_disallows_background(fetcher: Fetcher, server: FixtureServer) -> None:
    _robots(server)
    url = server.route("/private/page", hostile.ok)
    with pytest.raises(FetchError, match=r"^robots\.txt of 127\.0\.0\.1 disallows .*/private/page"):
        await fetcher.fetch(url, background=True)
    assert "/private/page" not in server.hits
    assert not await fetcher.allowed_by_robots(url)
    assert await fetcher.allowed_by_robots(server.url("/public"))


async def test_robots_disallowed_user_fetch_gets_a_note(fetcher: Fetcher, server: FixtureServer) -> None:
    _robots(server)
    page = await fetcher.fetch(server.route("/private/page", hostile.ok))
    assert "Allied planners" in page.text
    assert page.notes == ["robots.txt of 127.0.0.1 disallows this page; fetched because you asked for it."]


async def test_robots_4xx_allows_all(fetcher: Fetcher, server: FixtureServer) -> None:
    _robots(server, 404, "none")
    page = await fetcher.fetch(server.route("/private/page", hostile.ok), background=True)
    assert page.status == 200 and page.notes == []


async def test_robots_5xx_disallows_background(fetcher: Fetcher, server: FixtureServer) -> None:
    _robots(server, 503, "down")
    url = server.route("/any", hostile.ok)
    with pytest.raises(FetchError, match=r"robots\.txt of 127\.0\.0\.1 is unavailable \(server error 503\)"):
        await fetcher.fetch(url, background=True)
    assert not await fetcher.allowed_by_robots(url)
    page = await fetcher.fetch(url)  # the user asked: fetched
    assert page.status == 200


async def test_robots_is_cached(fetcher: Fetcher, server: FixtureServer) -> None:
    _robots(server)
    url = server.route("/page", hostile.ok)
    for _ in range(3):
        await fetcher.fetch(url, background=True)
    assert server.hits.count("/robots.txt") == 1
    entry = fetcher.robots_cache[server.base_url]
    assert RobotsEntry.from_record(entry.to_record()).verdict(server.url("/private/x")) == "disallow"


async def test_slow_robots_does_not_hold_a_user_fetch(
    fetcher: Fetcher, server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("inkreader.fetch.client.ROBOTS_WAIT_FOR_USER", 0.05)  # how long a user fetch waits for it
    release = threading.Event()
    answered = threading.Event()

    def slow_robots(request):
        release.wait(30)  # until the page is in hand (30 s: a guard should the fetch wait for robots after all)
        respond(request, 200, ROBOTS, "text/plain")
        answered.set()

    server.route("/robots.txt", slow_robots)
    async with Fetcher(read_timeout=10, host_delay=0.05) as patient:
        try:
            page = await patient.fetch(server.route("/private/page", hostile.ok))
            assert not answered.is_set()  # the page came while robots.txt was still loading
        finally:
            release.set()
    assert page.status == 200 and page.notes == []


# -- pacing ---------------------------------------------------------------------------------------------
async def test_background_fetches_to_one_host_are_spaced(server: FixtureServer) -> None:
    paced = PacingClock()
    urls = [server.route(f"/paced/{name}", paced.handler(name)) for name in ("a", "b", "c")]
    async with paced.pace(Fetcher(host_delay=0.4)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(url, background=True) for url in urls))
    assert sorted(name for name, _ in paced.arrivals) == ["a", "b", "c"]
    assert not paced.overlapped
    assert paced.gaps() == pytest.approx([0.4, 0.4])


async def test_background_backs_off_on_503(server: FixtureServer) -> None:
    paced = PacingClock()
    busy = paced.handler("busy", [(503, {"Retry-After": "1"})])
    async with paced.pace(Fetcher(host_delay=0.05)) as fetcher:
        page = await fetcher.fetch(server.route("/busy", busy), background=True)
    assert page.status == 200
    assert paced.gaps() == pytest.approx([1.0])  # Retry-After, not the host delay


async def test_background_redirect_into_disallowed_path(fetcher: Fetcher, server: FixtureServer) -> None:
    _robots(server)
    server.route("/private/target", hostile.ok)
    url = server.route("/go", hostile.redirect_to("/private/target"))
    with pytest.raises(FetchError, match=r"robots\.txt of 127\.0\.0\.1 disallows .*/private/target"):
        await fetcher.fetch(url, background=True)
    assert "/private/target" not in server.hits


async def test_crawl_delay_is_honoured_in_background(server: FixtureServer) -> None:
    _robots(server, body="User-agent: *\nCrawl-delay: 1\n")
    paced = PacingClock()
    url = server.route("/slowly", paced.handler("slowly"))
    async with paced.pace(Fetcher(host_delay=0.05)) as fetcher:
        await fetcher.fetch(url, background=True)
        await fetcher.fetch(url, background=True)
    assert paced.gaps() == pytest.approx([1.0])  # robots.txt's Crawl-delay, not the host delay
