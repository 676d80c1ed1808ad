"""Split Markdown at block boundaries so the reading pane can show the first screen before the rest.

Textual's ``Markdown`` widget mounts one widget per block, which is slow for long documents.
We mount a small first part, then append the rest in pieces; splits fall on blank lines outside code fences,
so every piece starts a new top-level block and ``Markdown.append`` re-joins lists that straddle a split.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def markdown_blocks(markdown: str) -> list[str]:
    """Top-level blocks (each with its trailing blank line), never splitting inside a fenced code block."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
        elif fence is not None and line.lstrip().startswith(fence) and not line.strip(fence[0] + " \t\r\n"):
            fence = None
        current.append(line)
        if fence is None and not line.strip() and any(part.strip() for part in current):
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    return blocks


def split_for_display(
    markdown: str, *, first_chars: int = 2500, first_blocks: int = 24, chunk_blocks: int = 40
) -> list[str]:
    """A small first piece (about one screen), then pieces of ``chunk_blocks`` blocks."""
    blocks = markdown_blocks(markdown)
    if not blocks:
        return [markdown] if markdown else []
    pieces: list[str] = []
    first: list[str] = []
    size = 0
    index = 0
    while index < len(blocks) and (not first or (size < first_chars and len(first) < first_blocks)):
        first.append(blocks[index])
        size += len(blocks[index])
        index += 1
    pieces.append("".join(first))
    while index < len(blocks):
        pieces.append("".join(blocks[index : index + chunk_blocks]))
        index += chunk_blocks
    # A piece must end with a newline, or the next one would be glued to its last line.
    return [piece if piece.endswith("\n") else piece + "\n" for piece in pieces]
