"""Hostile and failing HTTP endpoints for a :class:`server.FixtureServer`, shared by the fetch, CLI and TUI tests.

``install_hostile_routes(server)`` registers every route and returns ``{name: url}``. Each handler's loops are
bounded (in count and time) and stop as soon as the client goes away. Page text here is our own.
"""

from __future__ import annotations

import select
import socket
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler

from server import FixtureServer, respond

CP1252_TEXT = (
    "<html><head><title>Notes from the caf\u00e9</title></head><body>"
    "<h1>Notes from the caf\u00e9</h1>"
    "<p>\u201cDeterrence is a conversation,\u201d she said \u2014 and the na\u00efve r\u00e9sum\u00e9 of the "
    "alliance\u2019s posture did not survive the afternoon.</p>"
    "<p>The second paragraph is plain: ships, budgets, ports and the long calendar of exercises.</p>"
    "</body></html>"
)
OK_HTML = (
    '<!doctype html><html><head><meta charset="utf-8"><title>A quiet page</title></head><body>'
    "<article><h1>A quiet page</h1><p>Allied planners met in the spring to argue about logistics.</p>"
    "</article></body></html>"
)
CHALLENGE_HTML = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<p>Checking if the site connection is secure.</p></body></html>"
)
ATTENTION_HTML = (
    "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>"
    "<h1>Sorry, you have been blocked</h1></body></html>"
)
# The slow, endless and hanging handlers hold on until the client hangs up: the client's own bound ends the
# exchange however loaded the machine is, never a race between two clocks. This is only a hang guard, so that
# a handler ends by itself if a client never hangs up; no test waits for it.
HANG_GUARD_SECONDS = 110.0
BOMB_MEGABYTES = 320
HUGE_MEGABYTES = 60


def _close_after(request: BaseHTTPRequestHandler) -> None:
    request.close_connection = True


def _start(request: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    """Status line and headers for a body of unknown length, ended by closing the connection."""
    _close_after(request)
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name, value)
    request.send_header("Connection", "close")
    request.end_headers()


def _client_gone(request: BaseHTTPRequestHandler, wait: float) -> bool:
    """True once the client has closed its side (or reset it); waits up to ``wait`` seconds to learn it."""
    connection = request.connection
    try:
        readable, _, _ = select.select([connection], [], [], wait)
        if not readable:
            return False
        return connection.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def _hold_until_client_leaves(request: BaseHTTPRequestHandler) -> bool:
    """Say nothing until the client hangs up (True) or the hang guard runs out (False)."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while time.monotonic() < deadline:
        if _client_gone(request, 0.1):
            return True
    return False


def _write(request: BaseHTTPRequestHandler, data: bytes) -> bool:
    """False once the client has gone."""
    try:
        request.wfile.write(data)
        request.wfile.flush()
        return True
    except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
        return False


# -- decoding ---------------------------------------------------------------------------------------------
def ok(request: BaseHTTPRequestHandler) -> None:
    respond(request, 200, OK_HTML, headers={"ETag": '"ok-1"', "Last-Modified": "Tue, 03 Mar 2026 10:00:00 GMT"})


def cp1252_no_charset(request: BaseHTTPRequestHandler) -> None:
    respond(request, 200, CP1252_TEXT.encode("cp1252"), "text/html")


def meta_charset(request: BaseHTTPRequestHandler) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    body = CP1252_TEXT.replace("<head>", "<head>" + meta)
    respond(request, 200, body.encode("cp1252"), "text/html")


def invalid_utf8(request: BaseHTTPRequestHandler) -> None:
    body = "<html><head><title>Broken bytes</title></head><body><p>Before \u00e9 \u2014 ".encode() + (
        b"\xff\xfe\xc3 after</p></body></html>"
    )
    respond(request, 200, body, "text/html; charset=utf-8")


def lying_charset(request: BaseHTTPRequestHandler) -> None:
    respond(request, 200, CP1252_TEXT.encode("cp1252"), "text/html; charset=utf-8")


# -- statuses -------------------------------------------------------------------------------------------
def not_found(request: BaseHTTPRequestHandler) -> None:
    respond(request, 404, "<html><body><h1>Nothing here</h1></body></html>")


def gone(request: BaseHTTPRequestHandler) -> None:
    respond(request, 410, "<html><body><h1>Removed</h1></body></html>")


def server_error(request: BaseHTTPRequestHandler) -> None:
    respond(request, 500, "<html><body><h1>Oops</h1></body></html>")


def make_flaky_503(failures: int = 1, retry_after: str = "1"):
    """503 (Retry-After) for the first ``failures`` requests, then the ok page."""
    lock = threading.Lock()
    state = {"count": 0}

    def handler(request: BaseHTTPRequestHandler) -> None:
        with lock:
            state["count"] += 1
            count = state["count"]
        if count <= failures:
            respond(request, 503, "<html><body>Busy</body></html>", headers={"Retry-After": retry_after})
        else:
            ok(request)

    return handler


def rate_limited_long(request: BaseHTTPRequestHandler) -> None:
    respond(request, 429, "<html><body>Slow down</body></html>", headers={"Retry-After": "7200"})


def not_modified(request: BaseHTTPRequestHandler) -> None:
    if request.headers.get("If-None-Match") == '"v1"' or request.headers.get("If-Modified-Since"):
        respond(request, 304, b"", content_type="", headers={"ETag": '"v1"'})
    else:
        respond(request, 200, OK_HTML, headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 09:00:00 GMT"})


# -- redirects ------------------------------------------------------------------------------------------
def redirect_to(location: str, status: int = 302):
    def handler(request: BaseHTTPRequestHandler) -> None:
        respond(request, status, b"", headers={"Location": location})

    return handler


def install_redirect_chain(server: FixtureServer, length: int, prefix: str = "/chain") -> str:
    """``prefix/0`` → ``prefix/1`` → … → ``prefix/<length>`` (the page): ``length`` redirects."""
    for step in range(length):
        server.route(f"{prefix}/{step}", redirect_to(f"{prefix}/{step + 1}"))
    server.route(f"{prefix}/{length}", ok)
    return server.url(f"{prefix}/0")


# -- slow and endless -----------------------------------------------------------------------------------
def slow(request: BaseHTTPRequestHandler) -> None:
    """Says nothing for as long as the client waits: only the client's own timeout ends the exchange."""
    _close_after(request)
    if not _hold_until_client_leaves(request):
        respond(request, 200, OK_HTML)


def drip(request: BaseHTTPRequestHandler) -> None:
    """A page that never ends: one byte every 0.2 s (each gap is short, the total is endless) until the client
    hangs up."""
    _start(request, 200, {"Content-Type": "text/html; charset=utf-8"})
    _write(request, b"<html><body><p>")
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while time.monotonic() < deadline:
        if not _write(request, b".") or _client_gone(request, 0.2):
            return


def gzip_bomb(request: BaseHTTPRequestHandler) -> None:
    """>300 MB of zeros gzip-compressed on the fly (a few hundred KB on the wire)."""
    _start(request, 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    if not _write(request, compressor.compress(b"<html><body>")):
        return
    for _ in range(BOMB_MEGABYTES):
        chunk = compressor.compress(zeros)
        if chunk and not _write(request, chunk):
            return
    _write(request, compressor.flush())


def huge(request: BaseHTTPRequestHandler) -> None:
    """A 60 MB page, streamed with no Content-Length (the client must stop at its cap on its own)."""
    _start(request, 200, {"Content-Type": "text/html; charset=utf-8"})
    block = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
    for _ in range(HUGE_MEGABYTES * 16):
        if not _write(request, block):
            return


def huge_with_length(request: BaseHTTPRequestHandler) -> None:
    """The same 60 MB, announced by Content-Length."""
    _close_after(request)
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", str(HUGE_MEGABYTES * 1024 * 1024))
    request.end_headers()
    block = b"x" * (64 * 1024)
    for _ in range(HUGE_MEGABYTES * 16):
        if not _write(request, block):
            return


def truncated(request: BaseHTTPRequestHandler) -> None:
    """Promises 10 000 bytes, sends 3 000, hangs up."""
    _close_after(request)
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", "10000")
    request.end_headers()
    _write(request, b"<html><body><p>" + b"y" * 2985)


# -- not a page -----------------------------------------------------------------------------------------
def binary_as_html(request: BaseHTTPRequestHandler) -> None:
    data = bytes(range(256)) * 64  # NUL bytes and controls: no HTML page looks like this
    respond(request, 200, data, "text/html")


def empty(request: BaseHTTPRequestHandler) -> None:
    respond(request, 200, b"", "text/html; charset=utf-8")


def pdf(request: BaseHTTPRequestHandler) -> None:
    respond(request, 200, b"%PDF-1.7\n% a report\n" + b"0" * 2000, "application/pdf")


# -- bot challenges -------------------------------------------------------------------------------------
def challenge_403(request: BaseHTTPRequestHandler) -> None:
    respond(request, 403, CHALLENGE_HTML, headers={"cf-mitigated": "challenge", "Server": "cloudflare"})


def challenge_503(request: BaseHTTPRequestHandler) -> None:
    respond(request, 503, CHALLENGE_HTML, headers={"Server": "cloudflare"})


def attention_403(request: BaseHTTPRequestHandler) -> None:
    respond(request, 403, ATTENTION_HTML)


def forbidden(request: BaseHTTPRequestHandler) -> None:
    respond(request, 403, "<html><head><title>Forbidden</title></head><body>No.</body></html>")


# -- robots.txt -----------------------------------------------------------------------------------------
HANG_SECONDS = HANG_GUARD_SECONDS  # the name older tests bound their waits by


def hanging(request: BaseHTTPRequestHandler) -> None:
    """Accepts the request and says nothing while the client waits (a robots.txt that hangs); a 404 only if the
    hang guard runs out first."""
    _close_after(request)
    if not _hold_until_client_leaves(request):
        respond(request, 404, b"", "text/plain")


def install_hanging_robots(server: FixtureServer) -> dict[str, str]:
    """A server whose pages answer at once and whose /robots.txt hangs; ``{"page_1": url, "page_2": url}``."""
    server.route("/robots.txt", hanging)
    return {f"page_{n}": server.route(f"/answers/{n}", ok) for n in (1, 2)}


def install_hostile_routes(server: FixtureServer) -> dict[str, str]:
    """Register every hostile route on ``server``; returns ``{name: url}``."""
    simple = {
        "ok": ok,
        "cp1252": cp1252_no_charset,
        "meta_charset": meta_charset,
        "invalid_utf8": invalid_utf8,
        "lying_charset": lying_charset,
        "not_found": not_found,
        "gone": gone,
        "server_error": server_error,
        "flaky_503": make_flaky_503(),
        "rate_limited": rate_limited_long,
        "not_modified": not_modified,
        "redirect_file": redirect_to("file:///etc/passwd"),
        "redirect_javascript": redirect_to("javascript:alert(1)"),
        "slow": slow,
        "drip": drip,
        "gzip_bomb": gzip_bomb,
        "huge": huge,
        "huge_with_length": huge_with_length,
        "truncated": truncated,
        "binary": binary_as_html,
        "empty": empty,
        "pdf": pdf,
        "challenge_403": challenge_403,
        "challenge_503": challenge_503,
        "attention_403": attention_403,
        "forbidden": forbidden,
    }
    urls = {name: server.route(f"/hostile/{name.replace('_', '-')}", handler) for name, handler in simple.items()}
    server.route("/hostile/loop-a", redirect_to("/hostile/loop-b"))
    urls["redirect_loop"] = server.route("/hostile/loop-b", redirect_to("/hostile/loop-a"))
    urls["redirect_loop"] = server.url("/hostile/loop-a")
    urls["redirect_chain_11"] = install_redirect_chain(server, 11, "/hostile/chain11")
    urls["redirect_chain_10"] = install_redirect_chain(server, 10, "/hostile/chain10")
    return urls
