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

    @classmethod
    def from_markdown(cls, markdown: str) -> DocumentText:
        return cls.from_blocks(_block_texts(markdown or ""))

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


def _inline_text(token: Any) -> str:
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def _block_texts(markdown: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    kind = "paragraph"
    for token in _parser().parse(markdown):
        if token.type in _KINDS:
            kind = _KINDS[token.type]
        elif token.type == "inline":
            text = _inline_text(token).strip()
            if text:
                parts.append((kind, text))
        elif token.type in ("fence", "code_block") and token.content.strip():
            parts.append(("code", token.content.rstrip("\n")))
    return parts
