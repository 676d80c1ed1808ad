"""Highlights and notes as Markdown: a section for a piece's exported file, and one file of them all.

Quotes and notes are plain text: whatever looks like Markdown, HTML or an escape sequence in them is written
so that it shows literally (Markdown punctuation backslash-escaped, control characters as visible symbols).
Output is deterministic (no export time), so a re-export with nothing new writes the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from inkreader.model import Highlight

SECTION_HEADING = "## Highlights"
DETACHED_NOTE = "*(detached: this passage is no longer in the text)*"

# Punctuation that means something inline anywhere in a line, and what means something at a line's start.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
# Control characters but tab and newline, DEL, C1 controls and bidi overrides.
_SHOWN_AS_SYMBOLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def literal(text: str) -> str:
    """Control characters as visible symbols (ESC → ␛, U+0007 → ␇, bidi overrides as <U+202E>), so a note
    holding escape sequences shows them instead of acting on a terminal; tabs and newlines stay."""
    return _SHOWN_AS_SYMBOLS.sub(_symbol, text)  # one regex pass: a character loop cost 4 s on 10,000 notes


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)


def plain_paragraphs(text: str) -> str:
    """Plain text as Markdown that renders as the same text: escaped, line breaks kept (hard breaks)."""
    lines = [escape_line(line.rstrip()) for line in literal(text).split("\n")]
    return "\\\n".join(line for line in lines).replace("\\\n\\\n", "\n\n")


def blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in plain_paragraphs(text).split("\n"))


def highlight_block(highlight: Highlight) -> str:
    parts = [blockquote(highlight.quote)]
    if highlight.page is not None and not highlight.detached:  # a PDF's page: what a citation of the quote needs
        parts.append(f"*p. {highlight.page}*")
    if highlight.detached:
        parts.append(DETACHED_NOTE)
    if highlight.note:
        parts.append(plain_paragraphs(highlight.note))
    return "\n\n".join(parts)


def highlights_section(highlights: Iterable[Highlight]) -> str:
    """The section appended to a piece's exported file ("" when it has none): each quote as a blockquote,
    its note under it."""
    blocks = [highlight_block(h) for h in highlights]
    return "" if not blocks else SECTION_HEADING + "\n\n" + "\n\n".join(blocks) + "\n"


def highlights_document(highlights: Iterable[Highlight]) -> str:
    """All highlights in one Markdown file, grouped by piece in the order given (``export --highlights``)."""
    groups: dict[str, list[Highlight]] = {}
    for highlight in highlights:
        groups.setdefault(highlight.url, []).append(highlight)
    out = ["# Highlights", ""]
    for url, items in groups.items():
        first = items[0]
        title = escape_line(literal(" ".join(first.title.split()) or url))
        out += [f"## {title}", "", f"<{url}>" if not re.search(r"[\s<>]", url) else escape_line(url), ""]
        if first.tags:
            out += ["Tags: " + ", ".join(escape_line(literal(tag)) for tag in first.tags), ""]
        for highlight in items:
            out += [highlight_block(highlight), ""]
    if not groups:
        out += ["No highlights yet.", ""]
    return "\n".join(out)
