"""One clear line per failure: HTTP statuses and transport errors become FetchError subclasses."""

from __future__ import annotations

import errno
import socket
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from ..errors import BlockedByChallenge, FetchError, NetworkUnavailable
from ..text import clean_line

MAX_URL_IN_MESSAGE = 160


def show_url(url: str) -> str:
    """A URL fit for a one-line message: no controls, not endless."""
    url = clean_line(url)
    return url if len(url) <= MAX_URL_IN_MESSAGE else url[: MAX_URL_IN_MESSAGE - 1] + "…"


def host_of(url: str) -> str:
    try:
        return clean_line(urlsplit(url).hostname or url) or "the server"
    except ValueError:
        return "the server"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _count(amount: float, unit: str) -> str:
    """ "1 second", "2 seconds" (rounded; never "1 seconds")."""
    whole = max(1, round(amount))
    return f"{whole} {unit}" if whole == 1 else f"{whole} {unit}s"


def describe_wait(seconds: float) -> str:
    """ "in 2 hours (after 14:05 UTC)" """
    from datetime import timedelta

    at = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%H:%M UTC")
    if seconds < 90:
        span = _count(seconds, "second")
    elif seconds < 90 * 60:
        span = _count(seconds / 60, "minute")
    elif seconds < 36 * 3600:
        span = _count(seconds / 3600, "hour")
    else:
        span = _count(seconds / 86400, "day")
        at = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M UTC")
    return f"in {span} (after {at})"


def challenge_error(url: str, status: int | None) -> BlockedByChallenge:
    return BlockedByChallenge(
        f"{host_of(url)} asks for a browser check; open it in your browser "
        "(inkreader does not get past bot challenges).",
        url=url,
        status=status,
    )


def status_error(url: str, status: int, retry_after: float | None = None) -> FetchError:
    """The error for a final non-2xx, non-304 answer."""
    shown = show_url(url)
    if status == 404:
        message = f"Not found (404): {shown}"
    elif status == 410:
        message = f"Gone (410): {shown} was removed by its site."
    elif status in (401, 403):
        message = f"Access denied ({status}): {shown}"
    elif status == 407:
        message = f"A proxy asks for a login (407) before reaching {shown}"
    elif status == 429:
        when = describe_wait(retry_after) if retry_after else "later"
        message = f"Too many requests (429): {host_of(url)} asks inkreader to slow down; try again {when}."
    elif status == 503 and retry_after:
        message = f"The server had an error (503) at {shown}; it asks to try again {describe_wait(retry_after)}."
    elif status >= 500:
        message = f"The server had an error ({status}) at {shown}; try again later."
    elif 400 <= status < 500:
        message = f"The server refused the request ({status}): {shown}"
    elif 300 <= status < 400:
        message = f"The server answered with a redirect ({status}) that leads nowhere: {shown}"
    else:
        message = f"Unexpected answer ({status}) from {shown}"
    return FetchError(message, url=url, status=status)


def transport_error(error: BaseException, url: str, *, connect_timeout: float, read_timeout: float) -> FetchError:
    """Map an httpx / socket error raised while talking to the server."""
    host = host_of(url)
    reason = short_reason(error)
    if isinstance(error, httpx.ConnectTimeout):
        return NetworkUnavailable(f"Connecting to {host} timed out after {connect_timeout:g} s.", url=url)
    if isinstance(error, httpx.ReadTimeout):
        return NetworkUnavailable(f"{host} stopped answering (nothing for {read_timeout:g} s).", url=url)
    if isinstance(error, httpx.TimeoutException):
        return NetworkUnavailable(f"Talking to {host} timed out.", url=url)
    if isinstance(error, httpx.ConnectError):
        lowered = f"{reason} {error}".lower()
        codes = _errnos(error)
        if _is_ssl(error):
            return NetworkUnavailable(f"The secure connection to {host} failed ({reason}).", url=url)
        if _has_cause(error, socket.gaierror) or any(
            s in lowered for s in ("name or service", "nodename", "getaddrinfo", "name resolution", "no address")
        ):
            return NetworkUnavailable(f"Could not find the server {host} (DNS lookup failed).", url=url)
        if errno.ECONNREFUSED in codes or "refused" in lowered:
            return NetworkUnavailable(f"Could not connect to {host} (connection refused).", url=url)
        if codes & {errno.ENETUNREACH, errno.EHOSTUNREACH} or "unreachable" in lowered or "no route" in lowered:
            return NetworkUnavailable(f"Could not reach {host} (no route to the network).", url=url)
        return NetworkUnavailable(f"Could not connect to {host} ({reason}).", url=url)
    if isinstance(error, httpx.RemoteProtocolError):
        return FetchError(f"{host} closed the connection without a proper answer.", url=url)
    if isinstance(error, (httpx.ReadError, httpx.WriteError, httpx.NetworkError, OSError)):
        return NetworkUnavailable(f"The connection to {host} failed ({reason}).", url=url)
    if isinstance(error, httpx.UnsupportedProtocol):
        return FetchError(f"inkreader only opens http and https addresses: {show_url(url)}", url=url)
    if isinstance(error, (httpx.InvalidURL, ValueError, UnicodeError)):
        return FetchError(f"Not a valid address: {show_url(url)}", url=url)
    return FetchError(f"Could not fetch {show_url(url)} ({reason}).", url=url)


def _chain(error: BaseException) -> list[BaseException]:
    """The error and its causes (asyncio's "Connect call failed" may sit under several wrappers)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 8:
        chain.append(current)
        sub = getattr(current, "exceptions", None)  # an OSError group from happy-eyeballs connects
        current = current.__cause__ or current.__context__ or (sub[0] if sub else None)
    return chain


def _has_cause(error: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(item, kind) for item in _chain(error))


def _errnos(error: BaseException) -> set[int]:
    return {item.errno for item in _chain(error) if isinstance(item, OSError) and item.errno}


def _is_ssl(error: BaseException) -> bool:
    return _has_cause(error, ssl.SSLError)


def short_reason(error: BaseException) -> str:
    """The innermost cause's text, on one line ("[Errno 111] Connection refused" → "Connection refused")."""
    current: BaseException = error
    for _ in range(8):
        nxt = current.__cause__ or current.__context__
        if nxt is None:
            break
        current = nxt
    text = getattr(current, "strerror", None) or getattr(current, "reason", None) or str(current) or str(error)
    text = clean_line(str(text)) or type(error).__name__
    return text[:120]
