"""What a response is: an HTML (or feed) page, something else, or a bot challenge. Pure functions."""

from __future__ import annotations

import re

# inkreader reads HTML; XML types stay allowed so sitemaps and feeds can go through the same client.
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_XML_TYPES = {"application/xml", "text/xml"}

_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "audio/video or image data"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\x7fELF", "application/octet-stream"),
)
SNIFF_BYTES = 4096

_CHALLENGE_TITLE = re.compile(
    r"<title[^>]*>\s*(?:just a moment|attention required|checking your browser|one more step"
    r"|please wait while we verify|ddos-guard)",
    re.IGNORECASE,
)
CHALLENGE_SCAN_CHARS = 16 * 1024


def media_type(content_type: str | None) -> str:
    """``"text/html"`` from ``"Text/HTML; charset=utf-8"``; empty when absent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


# Servers that do not know a feed's type send one of these; the bytes then say whether it is a feed.
UNTYPED_FEED_TYPES = frozenset({"text/plain", "application/octet-stream", "binary/octet-stream"})
_FEED_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?(?:rss|feed|RDF)[\s>]", re.DOTALL)


def sniffs_like_feed(content: bytes) -> bool:
    """Bytes that start as an RSS, Atom or RDF document, or a JSON Feed (UTF-8, or UTF-16 with its BOM)."""
    head = content[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8", "replace")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return b"jsonfeed.org" in head
    return bool(_FEED_START.match(head))


def is_readable_type(mime: str) -> bool:
    """HTML, XHTML, or XML (feeds, sitemaps). An absent type is judged by sniffing instead."""
    return mime in _HTML_TYPES or mime in _XML_TYPES or mime.endswith("+xml")


# C0 controls other than tab, newline, form feed and carriage return, and DEL: text has next to none of them.
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13)) + b"\x7f"
# Random bytes hold about 11% controls, text close to 0%: a page past 5% is data, whatever a few stray bytes say.
BINARY_CONTROL_SHARE = 0.05


def control_share(data: bytes) -> float:
    """The share of control bytes in ``data`` (0.0 for nothing)."""
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def sniff_binary(content: bytes, *, wide_charset: bool = False) -> str | None:
    """The kind of binary data ``content`` is, or None when it looks like text.

    Judged by a known file signature, then by the share of control bytes in the head and in the whole body
    (one NUL byte, wherever it sits, does not make a page binary; 4 kB of HTML before megabytes of data do not
    make it text). ``wide_charset``: the body is UTF-16/32, where NUL bytes are normal.
    """
    head = content[:SNIFF_BYTES]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if wide_charset:
        return None
    if control_share(head) > BINARY_CONTROL_SHARE or control_share(content) > BINARY_CONTROL_SHARE:
        return "binary data"
    return None


def is_challenge_page(text: str) -> bool:
    """A bot-check interstitial ("Just a moment...", "Attention Required! | Cloudflare")."""
    return bool(_CHALLENGE_TITLE.search(text[:CHALLENGE_SCAN_CHARS]))


def has_challenge_header(headers: dict[str, str]) -> bool:
    return headers.get("cf-mitigated", "").strip().lower() == "challenge"
