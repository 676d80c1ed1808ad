"""Text hygiene shared by every output: page text must never act on the terminal or on Rich/Textual markup.

Extraction calls :func:`clean_text` on everything it takes from a page, so escape sequences and control
characters never enter an :class:`~inkreader.model.Article`; outputs call it again as a last line of defence.
Rich/Textual markup is neutralised where text is rendered (the TUI never passes page text as markup).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# CSI / OSC / DCS / other ESC sequences (OSC 52 clipboard writes included), then lone C0/C1 controls.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC ... BEL or ST (or unterminated)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?     # DCS / SOS / PM / APC ... ST
    | \x9b[0-?]*[ -/]*[@-~]             # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?    # 8-bit OSC
    | \x1b.?                            # any other ESC + one char
    """,
    re.VERBOSE,
)
# C0 controls except \t \n, DEL, C1 controls; plus bidi overrides that can disguise text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_escape_sequences(text: str) -> str:
    """Remove whole terminal escape sequences (CSI, OSC, DCS...), leaving other characters alone."""
    return _ESCAPE_SEQUENCE.sub("", text)


def clean_text(text: str, *, keep_newlines: bool = True) -> str:
    """Remove terminal escape sequences and control characters; keep printable text and (optionally) newlines."""
    if not text:
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not keep_newlines:
        text = " ".join(text.split())
    return text


def clean_line(text: str | None) -> str:
    """One line of metadata (title, author, outlet): controls removed, whitespace collapsed."""
    if not text:
        return ""
    return " ".join(clean_text(unicodedata.normalize("NFC", text)).split())


def has_control_characters(text: str) -> bool:
    """True when ``text`` still holds something :func:`clean_text` would remove (used by tests and outputs)."""
    return bool(_CONTROL.search(text) or "\x1b" in text)


# Scripts written without spaces between words (Chinese; Japanese kanji and kana): each character counts as a
# word, as a run of letters does elsewhere, so that three sentences of Japanese are not "six words".
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@functools.cache
def word_pattern() -> re.Pattern[str]:
    """Words: runs of letters and digits, or one character of a script written without spaces. Compiled on first
    use: its character classes take ~5 ms to compile, and the reader's start counts no words."""
    return re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters and digits, and each character of a script written without spaces."""
    return len(word_pattern().findall(text))


# An inline anchor in Markdown (a PDF's pages: ``<a id="page-3"></a>``): renderers hide it; counts and indexes skip it.
INLINE_ANCHOR = re.compile(r'<a id="[^"<>\n]{1,100}"></a>')


def page_anchor(number: int) -> str:
    return f'<a id="page-{number}"></a>'


def without_anchors(markdown: str) -> str:
    return INLINE_ANCHOR.sub("", markdown) if "<a id=" in markdown else markdown
