"""Charset decoding, local files, Retry-After and the pieces of the fetch layer that need no server."""

from __future__ import annotations

import codecs
import gzip
import zlib
from datetime import UTC
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inkreader.errors import FetchError
from inkreader.fetch import Fetcher, decode_body, read_local_file
from inkreader.fetch.body import BodyTooLarge, read_capped
from inkreader.fetch.failures import parse_retry_after
from inkreader.fetch.robots import RobotsEntry

QUOTED = "\u201cA quiet caf\u00e9\u201d \u2014 na\u00efve notes on deterrence and the alliance\u2019s budget."


def test_header_charset_wins() -> None:
    text, encoding = decode_body(QUOTED.encode("cp1252"), "text/html; charset=windows-1252")
    assert (text, encoding) == (QUOTED, "cp1252")


def test_latin1_label_reads_as_windows_1252() -> None:
    # Browsers read iso-8859-1 as windows-1252, so 0x93/0x94 are curly quotes, not C1 controls.
    text, encoding = decode_body(QUOTED.encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert text == QUOTED and encoding == "cp1252"


def test_latin_label_on_utf8_bytes_reads_utf8() -> None:
    text, encoding = decode_body(QUOTED.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert text == QUOTED and encoding == "utf-8"


def test_meta_http_equiv() -> None:
    body = b'<html><head><meta http-equiv="content-type" content="text/html;charset=koi8-r"></head>' + (
        "<p>\u041f\u0440\u0438\u0432\u0435\u0442</p>".encode("koi8-r")
    )
    text, encoding = decode_body(body, "text/html")
    assert encoding == "koi8-r" and "\u041f\u0440\u0438\u0432\u0435\u0442" in text


def test_meta_claiming_utf16_is_read_as_utf8() -> None:
    body = '<meta charset="utf-16"><p>caf\u00e9</p>'.encode()
    text, encoding = decode_body(body, None)
    assert encoding == "utf-8" and "caf\u00e9" in text


def test_bom_wins_over_header() -> None:
    body = codecs.BOM_UTF16_LE + "<p>caf\u00e9</p>".encode("utf-16-le")
    text, encoding = decode_body(body, "text/html; charset=iso-8859-1")
    assert encoding == "utf-16" and text.endswith("<p>caf\u00e9</p>")


def test_unknown_charset_label_falls_back() -> None:
    text, encoding = decode_body("<p>caf\u00e9</p>".encode(), "text/html; charset=x-no-such-thing")
    assert text == "<p>caf\u00e9</p>" and encoding == "utf-8"


@pytest.mark.parametrize(
    "paragraph",
    [
        "The harbor \u201cgap\u201d is real \u2014 sensors cost less than patrols.",
        "Die Stra\u00dfe f\u00fchrt \u00fcber den Fluss; \u201eGr\u00fc\u00dfe\u201c aus M\u00fcnchen.",
        "Se\u00f1or Pe\u00f1a dijo: \u00abla cooperaci\u00f3n mar\u00edtima\u00bb \u2014 \u00bfy ahora?",
    ],
)
def test_unlabelled_western_text_reads_as_windows_1252(paragraph: str) -> None:
    # The detector alone guesses cp775 / cp850 / cp1250 for pages like these.
    page = f"<html><body><p>{paragraph}</p>" + "<p>Agencies share data slowly and buy first.</p>" * 20
    text, encoding = decode_body(page.encode("cp1252"), "text/html")
    assert (text, encoding) == (page, "cp1252")


def test_cyrillic_without_label_is_detected() -> None:
    body = (
        "<html><body><p>" + "\u042d\u0442\u043e \u0434\u043e\u0432\u043e\u043b\u044c\u043d\u043e "
        "\u0434\u043b\u0438\u043d\u043d\u044b\u0439 \u0442\u0435\u043a\u0441\u0442 \u043d\u0430 "
        "\u0440\u0443\u0441\u0441\u043a\u043e\u043c \u044f\u0437\u044b\u043a\u0435. " * 5 + "</p></body></html>"
    )
    text, encoding = decode_body(body.encode("cp1251"), "text/html")
    assert encoding == "cp1251" and text == body


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2048),
    st.sampled_from(
        [
            None,
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=shift_jis",
            "text/html; charset=utf-16",
            "text/html; charset=bogus",
        ]
    ),
)
def test_decode_never_raises(content: bytes, content_type: str | None) -> None:
    text, encoding = decode_body(content, content_type)
    assert isinstance(text, str) and isinstance(encoding, str)


# -- bounded decompression ---------------------------------------------------------------------------------
async def _chunks(data: bytes, size: int = 4096):
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_gzip_and_deflate_bodies() -> None:
    page = b"<p>" + b"words " * 5000 + b"</p>"
    assert await read_capped(_chunks(gzip.compress(page)), "gzip", 10**6) == page
    assert await read_capped(_chunks(zlib.compress(page)), "deflate", 10**6) == page
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert await read_capped(_chunks(raw.compress(page) + raw.flush()), "deflate", 10**6) == page
    two = gzip.compress(page[:100]) + gzip.compress(page[100:])
    assert await read_capped(_chunks(two), "gzip", 10**6) == page


async def test_cap_applies_after_decompression() -> None:
    bomb = gzip.compress(bytes(5 * 1024 * 1024))
    with pytest.raises(BodyTooLarge):
        await read_capped(_chunks(bomb), "gzip", 1024 * 1024)
    assert len(await read_capped(_chunks(bomb), "gzip", 1000, truncate=True)) == 1000


# -- Retry-After, robots entries -------------------------------------------------------------------------
def test_retry_after_forms() -> None:
    from datetime import datetime

    now = datetime(2026, 3, 3, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Tue, 03 Mar 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Tue, 03 Mar 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_robots_entry_longest_match_and_statuses() -> None:
    rules = "User-agent: *\nDisallow: /search\nAllow: /search/about\nCrawl-delay: 10\n"
    entry = RobotsEntry(origin="https://a.example", fetched_at=0, status=200, text=rules)
    assert entry.verdict("https://a.example/search/q") == "disallow"
    assert entry.verdict("https://a.example/search/about/x") == "allow"
    assert entry.crawl_delay() == 10.0
    assert RobotsEntry("o", 0, 404).verdict("https://a.example/search") == "allow"
    assert RobotsEntry("o", 0, 500).verdict("https://a.example/") == "server-error"
    assert RobotsEntry("o", 0, None, error="timed out").verdict("https://a.example/") == "unreachable"
    assert not RobotsEntry("o", 0, 200).is_fresh(24 * 3600, now=24 * 3600 + 1)
    assert not RobotsEntry("o", 0, None).is_fresh(24 * 3600, now=120)  # failures are retried sooner
    assert not RobotsEntry("o", 0, 503).is_fresh(24 * 3600, now=3600)
    assert RobotsEntry("o", 0, 503).is_fresh(24 * 3600, now=120)


# -- local files ----------------------------------------------------------------------------------------
def test_read_local_file(tmp_path: Path) -> None:
    file = tmp_path / "piece.html"
    file.write_bytes(f"<html><body><p>{QUOTED}</p></body></html>".encode("cp1252"))
    page = read_local_file(file)
    assert page.final_url == file.resolve().as_uri() and page.final_url.startswith("file://")
    assert QUOTED in page.text and page.status == 200


def test_read_local_file_errors(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"^Cannot read .*missing\.html: No such file or directory$"):
        read_local_file(tmp_path / "missing.html")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(FetchError, match=r"is not an HTML page \(image/png\)"):
        read_local_file(binary)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    with pytest.raises(FetchError, match="is empty"):
        read_local_file(empty)


# -- a caller's own transport -----------------------------------------------------------------------------
async def test_custom_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(
            200,
            content=gzip.compress(b"<html><body><p>from a mock</p></body></html>"),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        )

    async with Fetcher(transport=httpx.MockTransport(handler)) as fetcher:
        page = await fetcher.fetch("https://mock.example/page")
    assert "from a mock" in page.text and page.headers["content-encoding"] == "gzip"


def test_an_xml_declaration_names_the_encoding_when_nothing_else_does():
    text = "Le bac coûte 2 € et part à l'heure, sauf les jours fériés."
    page = (
        '<?xml version="1.0" encoding="iso-8859-15"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>Le bac</title></head><body><p>{text}</p></body></html>"
    ).encode("iso-8859-15")
    decoded, encoding = decode_body(page, "text/html")
    assert text in decoded
    assert encoding == "iso8859-15"


def test_a_header_charset_wins_over_an_xml_declaration():
    page = '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>Grüße</p></body></html>'.encode()
    decoded, encoding = decode_body(page, "text/html; charset=utf-8")
    assert "Grüße" in decoded and encoding == "utf-8"
