"""A real HTTP server on 127.0.0.1 for the tests: fixture pages plus per-test routes.

Static pages live under ``tests/fixtures/site/``: ``/a/b`` is served from ``site/a/b.html``,
``site/a/b.raw.html`` (byte for byte, ``Content-Type: text/html`` with no charset), or ``site/a/b/index.html``.
``{{BASE}}`` in a text file becomes the server's base URL, so fixture pages can link to each other and to the
fixture "outlets" without touching the internet.

A route is ``handler(request) -> None`` writing the whole response itself, so tests can drip, truncate,
loop or bomb. Routes win over files. The server can be stopped and restarted on the same port (offline tests).
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SITE_ROOT = Path(__file__).parent / "fixtures" / "site"

Route = Callable[[BaseHTTPRequestHandler], None]


def respond(
    request: BaseHTTPRequestHandler,
    status: int = 200,
    body: bytes | str = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Write a complete response (Content-Length set unless ``headers`` gives one)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    request.send_response(status)
    if content_type:
        request.send_header("Content-Type", content_type)
    headers = dict(headers or {})
    headers.setdefault("Content-Length", str(len(data)))
    for name, value in headers.items():
        request.send_header(name, value)
    request.end_headers()
    if request.command != "HEAD":
        try:
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.owner.hits.append(self.path)
        self.server.owner.requests.append((self.path, dict(self.headers)))
        path = urlsplit(self.path).path
        route = self.server.owner.routes.get(path) or self.server.owner.routes.get(self.path)
        if route is not None:
            route(self)
            return
        file = self.server.owner.find_file(path)
        if file is None:
            respond(self, 404, "<html><body><h1>Not found</h1></body></html>")
            return
        data = file.read_bytes()
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.name.endswith(".raw.html"):  # served byte for byte, with no charset in the header
            respond(self, 200, data, "text/html")
            return
        if ctype.startswith("text/") or ctype in ("application/xml", "application/json"):
            data = data.replace(b"{{BASE}}", self.server.owner.base_url.encode())
            ctype += "; charset=utf-8"
        respond(self, 200, data, ctype)

    do_HEAD = do_GET


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FixtureServer

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that refuses a body (size cap, cancelled fetch) hangs up mid-write: expected, not news.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class FixtureServer:
    def __init__(self, root: Path = SITE_ROOT, port: int = 0) -> None:
        self.root = root
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> FixtureServer:
        self._server = _Server(("127.0.0.1", self._port), _Handler)
        self._server.owner = self
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    # -- addressing --------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, handler: Route) -> str:
        """Register ``handler`` for ``path``; returns the full URL."""
        self.routes[path] = handler
        return self.url(path)

    def find_file(self, path: str) -> Path | None:
        relative = path.strip("/")
        candidates = [
            self.root / relative,
            self.root / f"{relative}.html",
            self.root / f"{relative}.raw.html",
            self.root / relative / "index.html",
        ]
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and self.root.resolve() in resolved.parents:
                return resolved
        return None
