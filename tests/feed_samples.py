"""Feeds and OPML files written for the tests (our own words), and hostile HTTP routes serving feeds."""

from __future__ import annotations

import json
import zlib
from http.server import BaseHTTPRequestHandler

from server import FixtureServer, respond

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_TYPE = "application/feed+json; charset=utf-8"


def rss(title: str, items: list[dict], *, link: str = "{{BASE}}/") -> str:
    """RSS 2.0; each item dict: title, link, guid, date, author, description (all optional)."""
    parts = []
    for item in items:
        fields = []
        for tag, key in (
            ("title", "title"),
            ("link", "link"),
            ("guid", "guid"),
            ("pubDate", "date"),
            ("author", "author"),
            ("description", "description"),
            ("category", "category"),
        ):
            if key in item:
                fields.append(f"<{tag}>{item[key]}</{tag}>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
        f"<link>{link}</link><description>Test feed</description>\n" + "\n".join(parts) + "\n</channel></rss>\n"
    )


def atom(title: str, entries: list[dict]) -> str:
    parts = [
        f'<entry><title>{e["title"]}</title><link rel="alternate" href="{e["link"]}"/><id>{e.get("id", e["link"])}</id>'
        f"<updated>{e.get('date', '2026-04-01T09:00:00Z')}</updated>"
        + "".join(f"<author><name>{name}</name></author>" for name in e.get("authors", []))
        + (f"<summary>{e['summary']}</summary>" if "summary" in e else "")
        + "</entry>"
        for e in entries
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{title}</title><link href="{{{{BASE}}}}/"/><id>urn:test:{title}</id>'
        "<updated>2026-04-01T09:00:00Z</updated>\n" + "\n".join(parts) + "\n</feed>\n"
    )


def json_feed(title: str, items: list[dict]) -> str:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items})


RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.test/"><title>Quarterly Harbour Notes</title><link>http://example.test/</link>
<description>notes</description></channel>
<item rdf:about="http://example.test/notes/1"><title>Dredging the inner basin</title>
<link>http://example.test/notes/1</link><dc:date>2026-03-02T08:00:00Z</dc:date><dc:creator>Rosa Imbert</dc:creator>
</item>
</rdf:RDF>
"""

XXE_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{path}">]>
<rss version="2.0"><channel><title>Leaky &secret;</title>
<item><title>Item &secret;</title><link>http://example.test/1</link></item></channel></rss>
"""

LAUGHS = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol0 "lol">' + LAUGHS + "]>\n"
    '<rss version="2.0"><channel><title>&lol9;</title>'
    "<item><title>&lol9;</title><link>http://example.test/1</link></item></channel></rss>\n"
)

# Unclosed tags, a bare ampersand, no closing </rss>: a tolerant parser still finds the first items.
MALFORMED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & Proud</title>'
    "<item><title>Still readable</title><link>http://example.test/ok</link></item>"
    "<item><title>Cut <b>off</title><link>http://example.test/cut</link>"
)

HOSTILE_TITLE = (
    "[bold red]Rich[/] [@click=app.quit]click[/] \x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07clip "
    "\x1b]8;;http://evil.test\x1b\\link\x1b]8;;\x1b\\ \u202eevil\u202c end"
)


# -- routes ------------------------------------------------------------------------------------------
def feed_route(body: str | bytes, content_type: str = RSS_TYPE):
    def handler(request: BaseHTTPRequestHandler) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        data = data.replace(b"{{BASE}}", request.server.owner.base_url.encode())  # type: ignore[attr-defined]
        respond(request, 200, data, content_type)

    return handler


def conditional_feed_route(body: str, etag: str = '"v1"', content_type: str = RSS_TYPE):
    """A feed honouring If-None-Match with 304."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == etag:
            respond(request, 304, b"", "", {"ETag": etag, "Content-Length": "0"})
            return
        data = body.replace("{{BASE}}", request.server.owner.base_url).encode()  # type: ignore[attr-defined]
        respond(request, 200, data, content_type, {"ETag": etag})

    return handler


def _stream(request: BaseHTTPRequestHandler, headers: dict[str, str], chunks) -> None:
    request.send_response(200)
    for name, value in headers.items():
        request.send_header(name, value)
    request.send_header("Connection", "close")
    request.end_headers()
    request.close_connection = True
    try:
        for chunk in chunks:
            request.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def huge_feed(request: BaseHTTPRequestHandler) -> None:
    """A valid-looking 50 MB RSS feed with no Content-Length."""
    item = (
        b"<item><title>Padding</title><link>http://example.test/p</link><description>"
        + b"x" * 4000
        + b"</description></item>\n"
    )

    def chunks():
        yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
        for _ in range(50 * 1024 * 1024 // len(item)):
            yield item
        yield b"</channel></rss>"

    _stream(request, {"Content-Type": RSS_TYPE}, chunks())


def gzip_bomb_feed(request: BaseHTTPRequestHandler) -> None:
    """300 MB of feed-shaped zeros, gzip-compressed on the fly."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)

    def chunks():
        yield compressor.compress(b'<?xml version="1.0"?><rss version="2.0"><channel><title>')
        for _ in range(300):
            chunk = compressor.compress(zeros)
            if chunk:
                yield chunk
        yield compressor.flush()

    _stream(request, {"Content-Type": RSS_TYPE, "Content-Encoding": "gzip"}, chunks())


def redirect(location: str):
    def handler(request: BaseHTTPRequestHandler) -> None:
        respond(request, 302, b"", "", {"Location": location, "Content-Length": "0"})

    return handler


def install_hostile_feeds(server: FixtureServer, secret_path: str) -> dict[str, str]:
    """Register every hostile feed; returns ``{name: url}``."""
    routes = {
        "xxe": feed_route(XXE_FEED.format(path=secret_path)),
        "laughs": feed_route(BILLION_LAUGHS),
        "huge": huge_feed,
        "bomb": gzip_bomb_feed,
        "malformed": feed_route(MALFORMED),
        "html": feed_route(
            "<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>",
            "text/html; charset=utf-8",
        ),
        "garbage": feed_route(b"\x00\x01\x02\x03 not a feed at all", "application/rss+xml"),
        "hostile_title": feed_route(rss("Escapes", [{"title": HOSTILE_TITLE, "link": "{{BASE}}/esc/1"}])),
    }
    urls = {name: server.route(f"/feeds/{name}", handler) for name, handler in routes.items()}
    server.route("/feeds/loop-a", redirect("/feeds/loop-b"))
    server.route("/feeds/loop-b", redirect("/feeds/loop-a"))
    urls["loop"] = server.url("/feeds/loop-a")
    return urls
