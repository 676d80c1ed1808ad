"""Bytes to text: the charset from the header, then ``<meta>``, then detection; never raises.

Order follows what browsers do (a BOM wins, then the Content-Type header, then a ``<meta>`` prescan), with two
corrections for pages that lie: a "utf-8" page that is not UTF-8 at all is re-detected, and a page labelled with
a Latin single-byte charset whose bytes are valid multi-byte UTF-8 is read as UTF-8.
"""

from __future__ import annotations

import codecs
import re

# How much of the body the <meta> prescan and the detector look at (detection is slow on megabytes).
META_SCAN_BYTES = 8192
DETECT_SAMPLE_BYTES = 256 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
# Covers both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
# Labels browsers read as windows-1252 (WHATWG Encoding Standard): its superset covers curly quotes and dashes.
_WINDOWS_1252_LABELS = {"latin_1", "iso8859-1", "ascii", "cp1252"}
# Letters of Western-European languages and typographic punctuation: what the high bytes of a real
# windows-1252 page decode to. Superscripts, fractions and the like (³ ¹ ¼ ¥ ¯ ...) are what a Central
# European page misread as windows-1252 shows instead.
_WESTERN_1252_CHARS = frozenset(
    "\u201c\u201d\u2018\u2019\u201a\u201e\u2013\u2014\u2026\u2022\u20ac\u2122\u00ab\u00bb\u00a1\u00bf"
    "\u00b0\u00a7\u00a9\u00ae\u00b7\u00a0\u00a3\u0152\u0153\u0160\u0161\u017d\u017e\u0178"
    "\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf"
    "\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00df"
    "\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef"
    "\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00ff"
)
_WESTERN_LANGUAGES = frozenset(
    {
        "English",
        "German",
        "French",
        "Dutch",
        "Italian",
        "Spanish",
        "Portuguese",
        "Swedish",
        "Norwegian",
        "Finnish",
        "Danish",
        "Indonesian",
    }
)
# Legacy encodings in rough order of how common they are on the web (ties in detection go to the first).
_WEB_PREFERENCE = ("cp1252", "cp1251", "shift_jis", "gb18030", "gbk", "euc_kr", "big5", "cp1250", "euc_jp")
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125\d|iso8859-\d+|latin_1|ascii|mac-roman|cp437|cp850)$")


def normalise_encoding(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "unicode-1-1-utf-8", "utf8"):
        label = "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_LABELS else name


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalise_encoding(match.group(1)) if match else None


def charset_from_meta(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:META_SCAN_BYTES])
    if not match:
        return None
    encoding = normalise_encoding(match.group(1).decode("ascii", "replace"))
    # A <meta> that could be read at all was read as ASCII: a UTF-16 claim there is wrong (WHATWG rule).
    if encoding and encoding.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return encoding


_XML_DECLARED = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:+-]+)["']""", re.IGNORECASE)


def charset_from_xml_declaration(content: bytes) -> str | None:
    """The encoding an XML declaration names (old XHTML: ``<?xml version="1.0" encoding="iso-8859-1"?>``)."""
    match = _XML_DECLARED.match(content[:256])
    if not match:
        return None
    encoding = normalise_encoding(match.group(1).decode("ascii", "replace"))
    # the declaration was read as ASCII bytes: a UTF-16 claim there is wrong, as for <meta>
    return "utf-8" if encoding and encoding.startswith(("utf-16", "utf-32")) else encoding


def bom_encoding(content: bytes) -> tuple[str, str] | None:
    """(codec to decode with, name to report) when the body starts with a byte-order mark."""
    for bom, codec, name in _BOMS:
        if content.startswith(bom):
            return codec, name
    return None


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(content: bytes) -> bool:
    """Damaged UTF-8 (a few bad bytes) rather than a legacy charset mislabelled as UTF-8."""
    text = content.decode("utf-8", "replace")
    bad = text.count("\ufffd") - content.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    # Legacy text read as UTF-8 yields almost no valid multi-byte sequences; damaged UTF-8 keeps many.
    return good > 0 and good * 4 >= bad


def detect_encoding(content: bytes) -> str:
    """Best guess for a body with no usable label; prefers UTF-8, then windows-1252 among equals."""
    sample = content[:DETECT_SAMPLE_BYTES]
    if _is_utf8(content):
        return "utf-8"
    if _looks_like_western_1252(sample):
        return "cp1252"
    try:
        from charset_normalizer import from_bytes

        results = list(from_bytes(sample))
    except Exception:  # the detector is a heuristic: a crash in it must not cost the page
        results = []
    if not results:
        return "cp1252"
    best = results[0]
    # For Western-European text the detector's code-page guess is close to random (cp775, cp850, cp1250
    # for an English page with curly quotes); windows-1252 is what such pages are actually written in.
    if best.language.rstrip("—") in _WESTERN_LANGUAGES and _decodes(content, "cp1252"):
        return "cp1252"
    # charset-normalizer often ties cp1250/cp1252/cp1257 on English or French text, or koi8-r/cp1251 on
    # Russian; among near-equal guesses the one more common on the web wins.
    near = [
        name
        for candidate in results
        if candidate.chaos <= best.chaos + 0.01
        and candidate.coherence >= best.coherence - 0.05
        and (name := normalise_encoding(candidate.encoding))
    ]
    for preferred in _WEB_PREFERENCE:
        if preferred in near:
            return preferred
    return normalise_encoding(best.encoding) or "cp1252"


def _looks_like_western_1252(sample: bytes) -> bool:
    """Mostly-ASCII text whose few high bytes read as Western letters and typographic punctuation in
    windows-1252. The detector is unreliable on such pages (it has little to go on), and whole-word scripts
    (Cyrillic, Greek, CJK) fail the first test: nearly all their letters are high bytes."""
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return False
    ascii_letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if len(high) > 0.3 * (len(high) + ascii_letters):
        return False
    plausible = sum(1 for ch in high if ch in _WESTERN_1252_CHARS)
    return plausible >= 0.9 * len(high)


def _decodes(content: bytes, encoding: str) -> bool:
    try:
        content.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _decode(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding, "replace")
    except LookupError:
        return content.decode("cp1252", "replace")


def decode_body(content: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a page: ``(text, encoding)``. Invalid bytes become U+FFFD; a lying label never raises.

    A stray NUL becomes U+FFFD too, as invalid bytes do: the HTML parser would drop it without a trace."""
    text, encoding = _decode_body(content, content_type)
    return (text.replace("\x00", "\ufffd") if "\x00" in text else text), encoding


def _decode_body(content: bytes, content_type: str | None) -> tuple[str, str]:
    if not content:
        return "", normalise_encoding(charset_from_content_type(content_type)) or "utf-8"
    bom = bom_encoding(content)
    if bom is not None:
        codec, name = bom
        return _decode(content, codec), name

    declared = (
        charset_from_content_type(content_type) or charset_from_meta(content) or charset_from_xml_declaration(content)
    )
    if declared is None:
        encoding = detect_encoding(content)
        return _decode(content, encoding), encoding

    if declared == "utf-8":
        if _is_utf8(content) or _mostly_utf8(content[:DETECT_SAMPLE_BYTES]):
            return _decode(content, "utf-8"), "utf-8"
        encoding = detect_encoding(content)  # labelled UTF-8 but written in a legacy charset
        return _decode(content, encoding), encoding

    if _LATIN_SINGLE_BYTE.match(declared) and not content.isascii() and _is_utf8(content):
        return _decode(content, "utf-8"), "utf-8"  # labelled Latin-1-ish, written in UTF-8
    try:
        return content.decode(declared), declared
    except UnicodeDecodeError:
        return _decode(content, declared), declared
