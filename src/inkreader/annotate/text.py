"""The text a highlight lives in: a Markdown body as blocks of plain text, as the reader sees them.

A block is one paragraph, heading, list-item paragraph, table cell or code block, in document order, with
its text as rendered (link text without the target, no emphasis marks, escapes resolved). The document text
is the blocks joined by a blank line; highlights are character ranges of it (W3C text-quote selectors are
taken from it). Parsing uses markdown-it, the parser Textual's Markdown widget uses, so the blocks are the
ones the reading pane shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

BLOCK_SEPARATOR = "\n\n"
_PAGE_ANCHOR = re.compile(r'<a id="page-(\d{1,6})">')


@dataclass(frozen=True, slots=True)
class Block:
    index: int
    kind: str  # "paragraph", "heading", "code", "cell"
    text: str
    start: int  # offset of the block's first character in DocumentText.text


@dataclass(slots=True)
class DocumentText:
    blocks: list[Block]
    text: str
    _starts: list[int] = field(default_factory=list, repr=False)
    pages: list[tuple[int, int]] = field(default_factory=list)
    """(offset, page) where each page of a PDF begins (its ``<a id="page-N"></a>`` anchors), in order."""

    @classmethod
    def from_markdown(cls, markdown: str) -> DocumentText:
        pages: list[tuple[int, int, int]] = []
        document = cls.from_blocks(_block_texts(markdown or "", pages))
        document.pages = [(document.blocks[block].start + offset, page) for block, offset, page in pages]
        return document

    def page_at(self, offset: int) -> int | None:
        """The page of a PDF that the character at ``offset`` is on (None: the text has no pages)."""
        import bisect

        if not self.pages:
            return None
        index = bisect.bisect_right(self.pages, offset, key=lambda entry: entry[0]) - 1
        return self.pages[max(0, index)][1]

    @classmethod
    def from_blocks(cls, parts: list[tuple[str, str]]) -> DocumentText:
        blocks, offset = [], 0
        for index, (kind, text) in enumerate(parts):
            blocks.append(Block(index, kind, text, offset))
            offset += len(text) + len(BLOCK_SEPARATOR)
        return cls(blocks, BLOCK_SEPARATOR.join(text for _, text in parts), [b.start for b in blocks])

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset`` (the following block for an offset in a separator)."""
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset >= self.blocks[index].start + len(self.blocks[index].text):
            index += 1
        return max(0, min(index, len(self.blocks) - 1))

    def offset(self, block: int, offset_in_block: int) -> int:
        """Document offset of a position given as (block index, offset in that block's text)."""
        return self.blocks[block].start + offset_in_block

    def sentences(self, block: int) -> list[tuple[int, int]]:
        """(start, end) offsets in the block's text of its sentences: visual mode grows by these."""
        return sentence_spans(self.blocks[block].text)


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group(0).rstrip())
        if end > start:
            spans.append((start, end))
        start = match.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans or [(0, len(text))]


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # CommonMark with the GFM tables and strikethrough Textual enables; linkify changes no text, so it is off
    # (it doubles the parse time).
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


_KINDS = {"paragraph_open": "paragraph", "heading_open": "heading", "th_open": "cell", "td_open": "cell"}


def _inline_text(token: Any, anchors: list[tuple[int, int]] | None = None) -> str:
    """The block's text; ``anchors`` gets (offset, page) of the page anchors in it."""
    out: list[str] = []
    for child in token.children or []:
        if child.type == "html_inline" and anchors is not None:
            page = _PAGE_ANCHOR.match(child.content)
            if page:
                anchors.append((sum(map(len, out)), int(page.group(1))))
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def _block_texts(markdown: str, pages: list[tuple[int, int, int]]) -> list[tuple[str, str]]:
    """(kind, text) of each block; ``pages`` gets (block, offset, page) of a PDF's page anchors."""
    parts: list[tuple[str, str]] = []
    kind = "paragraph"
    has_pages = '<a id="page-' in markdown
    for token in _parser().parse(markdown):
        if token.type in _KINDS:
            kind = _KINDS[token.type]
        elif token.type == "inline":
            anchors: list[tuple[int, int]] = []
            raw = _inline_text(token, anchors if has_pages else None)
            text = raw.strip()
            if text:
                lead = len(raw) - len(raw.lstrip())
                at = len(parts)
                pages.extend((at, 0 if kind == "heading" else max(0, offset - lead), page) for offset, page in anchors)
                parts.append((kind, text))
        elif token.type in ("fence", "code_block") and token.content.strip():
            parts.append(("code", token.content.rstrip("\n")))
    return parts
