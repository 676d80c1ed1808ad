"""A loopback HTTP server for the bundled demo site (``inkreader demo``).

Files come from the package (``inkreader/demo/site``) through :mod:`importlib.resources`, so the demo works
from a wheel as well as from a checkout. ``/a/b`` is served from ``a/b.html``, ``a/b/index.html`` or the file
``a/b`` itself; ``{{BASE}}`` in text files becomes this server's base URL, so the pages link to each other
(and to the two demo "outlets" under ``/outlets/``) without ever leaving 127.0.0.1.

Answers carry an ETag and Last-Modified and honour conditional GETs with 304, because the reader revalidates
what it has cached. Only GET and HEAD are allowed; request logging is silent.
"""

from __future__ import annotations

import errno
import hashlib
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from importlib.resources.abc import Traversable
from urllib.parse import unquote, urlsplit

from ..errors import InkreaderError

__all__ = ["DEFAULT_PORT", "DEMO_ORIGIN", "DemoServer", "serve_forever", "site_root"]

START_PATH = "/articles-multimedia"
# The demo's own port, so a relaunch finds what was saved and read; when it is taken, any free port serves
# and the pages keep this address (DEMO_ORIGIN), so the library knows them by one name across runs.
DEFAULT_PORT = 8642
DEMO_ORIGIN = f"http://127.0.0.1:{DEFAULT_PORT}"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}
TEXT_TYPES = ("text/", "application/xml", "application/atom+xml", "application/feed+json")

NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><main><h1>Page not found</h1>
<p>The demo site has no page at this address.
Start from <a href="{base}/articles-multimedia">Articles &amp; Multimedia</a>.</p></main></body></html>
"""


def site_root() -> Traversable:
    """The packaged demo site (a directory of HTML, one PDF, a few SVGs and robots.txt)."""
    return resources.files("inkreader.demo").joinpath("site")


@dataclass(frozen=True, slots=True)
class _Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: float  # POSIX seconds, whole


def _safe_segments(raw_path: str) -> list[str] | None:
    """Split a request path into plain names; ``None`` if any part could escape the site or hide a file.

    Decoding happens first, so ``%2e%2e`` and ``%2f`` are judged as the ``..`` and ``/`` they stand for.
    """
    path = unquote(urlsplit(raw_path).path, errors="strict")
    if "\\" in path or "\x00" in path:
        return None
    segments = [segment for segment in path.split("/") if segment]
    if any(segment.startswith(".") for segment in segments):  # "..", ".", dot-files
        return None
    return segments


def _find(root: Traversable, segments: list[str]) -> Traversable | None:
    """``/a/b`` -> ``a/b.html``, then ``a/b/index.html``, then the file ``a/b`` (robots.txt, PDFs, images)."""
    if not segments:
        candidates = [["index.html"]]
    else:
        candidates = [
            [*segments[:-1], segments[-1] + ".html"],
            [*segments, "index.html"],
            segments,
        ]
    for parts in candidates:
        node = root
        for part in parts:
            node = node.joinpath(part)
        try:
            if node.is_file():
                return node
        except OSError:
            continue
    return None


def _content_type(name: str) -> str:
    dot = name.rfind(".")
    return CONTENT_TYPES.get(name[dot:].lower() if dot >= 0 else "", "application/octet-stream")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms delayed-ACK stalls
    server_version = "inkreader-demo"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # quiet: the TUI owns the terminal
        pass

    # -- methods -----------------------------------------------------------------------------------
    def do_GET(self) -> None:
        try:
            segments = _safe_segments(self.path)
        except UnicodeDecodeError:
            segments = None
        resource = self.server.owner.resource(segments) if segments is not None else None
        if resource is None:
            body = NOT_FOUND_PAGE.format(base=self.server.owner.base_url).encode("utf-8")
            self._send(404, body, "text/html; charset=utf-8")
            return
        validators = {
            "ETag": resource.etag,
            "Last-Modified": formatdate(resource.last_modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if self._not_modified(resource):
            self._send(304, b"", None, validators)
            return
        self._send(200, resource.body, resource.content_type, validators)

    do_HEAD = do_GET

    def _refuse(self) -> None:
        self._send(405, b"Only GET and HEAD are served here.\n", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    # -- helpers -----------------------------------------------------------------------------------
    def _not_modified(self, resource: _Resource) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since only counts when there is no If-None-Match."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
            return "*" in tags or resource.etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return resource.last_modified <= since
        return False

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: DemoServer

    def handle_error(self, request: object, client_address: object) -> None:  # a client hanging up is not our problem
        pass


class DemoServer:
    """The demo site on ``127.0.0.1`` in a daemon thread: ``with DemoServer() as demo: demo.start_url``.

    ``port``: a number (0: any free port), or None for :data:`DEFAULT_PORT` falling back to any free port when
    it is taken. ``origin``: the address the pages are published under (their links, and what the reader
    stores); by default the real one. With another origin, :attr:`aliases` tells the reader where it is served.
    """

    def __init__(self, port: int | None = 0, *, origin: str | None = None) -> None:
        self._port = port
        self._origin = origin.rstrip("/") if origin else None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._cache: dict[tuple[str, ...], _Resource | None] = {}
        self._lock = threading.Lock()
        self._started_at = float(int(time.time()))

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> DemoServer:
        if self._server is not None:
            return self
        if self._port is None:
            try:
                server = self._bind(DEFAULT_PORT)
            except InkreaderError:
                server = self._bind(0)
        else:
            server = self._bind(self._port)
        server.owner = self
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, name="inkreader-demo", daemon=True)
        self._thread.start()
        return self

    @staticmethod
    def _bind(port: int) -> _Server:
        if not 0 <= port <= 65535:
            raise InkreaderError(f"Port {port} is not a port number (0 to 65535).")
        try:
            return _Server(("127.0.0.1", port), _Handler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise InkreaderError(f"Port {port} is in use; try --port 0 for any free port.") from None
            raise InkreaderError(f"The demo server could not start on port {port} ({error.strerror}).") from None

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addressing --------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port or 0

    @property
    def served_url(self) -> str:
        """Where the server really listens."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The address the pages are published under (links in them point here)."""
        return self._origin or self.served_url

    @property
    def aliases(self) -> dict[str, str]:
        """``{published origin: served origin}`` when they differ, for the reader's fetcher."""
        return {self.base_url: self.served_url} if self.base_url != self.served_url else {}

    @property
    def start_url(self) -> str:
        return self.base_url + START_PATH

    # -- content -----------------------------------------------------------------------------------
    def resource(self, segments: list[str]) -> _Resource | None:
        """The answer for a path, read once and kept (the site is small and never changes while served)."""
        key = tuple(segments)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        found = _find(site_root(), segments)
        resource = self._load(found) if found is not None else None
        with self._lock:
            self._cache[key] = resource
        return resource

    def _load(self, node: Traversable) -> _Resource:
        body = node.read_bytes()
        content_type = _content_type(node.name)
        if content_type.startswith(TEXT_TYPES):
            body = body.replace(b"{{BASE}}", self.base_url.encode("ascii"))
        return _Resource(
            body=body,
            content_type=content_type,
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            last_modified=self._modified_time(node),
        )

    def _modified_time(self, node: Traversable) -> float:
        try:  # a plain directory install has real files; a zip import does not
            return float(int(node.stat().st_mtime))  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            return self._started_at


def serve_forever(port: int | None = 0) -> None:
    """``inkreader demo --serve-only``: serve until Ctrl+C, then leave quietly. The pages carry the real
    address: a browser or another program reads them, with no alias to go through."""
    server = DemoServer(port).start()
    try:  # the announcement is inside: Ctrl+C right after it must not print a traceback either
        print(f"Demo site at {server.start_url} (Ctrl+C to stop)", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
