"""Where in-page links lead in a body's blocks: headings, inline anchors (a PDF's pages) and endnotes. UI-free.

An anchor is resolved as Textual's ``Markdown.goto_anchor`` does (the first heading whose GitHub-style slug
matches), then among the inline anchors (``<a id="page-3"></a>``, which the blocks keep, see ``document.py``),
and ``note-N`` also reaches the item numbered N of the endnote list under the last "Notes" heading.
Places are (block index, character offset) pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from inkreader.tui.compat import TrackedSlugs
from inkreader.tui.document import Block

_NOTE_ANCHOR = re.compile(r"^note-(\d+)$")
_PAGE_ANCHOR = re.compile(r"^page-(\d{1,6})$")
_PAGE_PARAMETER = re.compile(r"^page=(\d{1,6})(?:&|$)")
Spot = tuple[int, int]  # (block index, character offset)


@dataclass
class BodyAnchors:
    headings: list[int] = field(default_factory=list)  # block indexes of headings, in order
    named: dict[str, Spot] = field(default_factory=dict)  # inline anchors: the first of each name
    pages: list[tuple[Spot, int]] = field(default_factory=list)  # where each page of a PDF begins, in order

    def clear(self) -> None:
        self.headings.clear()
        self.named.clear()
        self.pages.clear()

    def take(self, blocks: Sequence[Block], first: int) -> None:
        """Note the headings and anchors of ``blocks``, read in at block index ``first``."""
        for index, block in enumerate(blocks, first):
            if block.kind == "heading":
                self.headings.append(index)
            for offset, name in block.anchors:
                if block.kind == "heading":
                    offset = 0  # written after the heading's words (see pdf/compose.py): the heading is the place
                self.named.setdefault(name, (index, offset))
                page = _PAGE_ANCHOR.match(name)
                if page:
                    self.pages.append(((index, offset), int(page.group(1))))

    def resolve(self, anchor: str, blocks: Sequence[Block]) -> Spot | None:
        slugs = TrackedSlugs()
        for index in self.headings:
            if slugs.slug(blocks[index].text) == anchor:
                return index, 0
        if anchor in self.named:
            return self.named[anchor]
        note = _NOTE_ANCHOR.match(anchor)
        item = self.note_item(int(note.group(1)), blocks) if note else None
        return None if item is None else (item, 0)

    def fragment(self, fragment: str, blocks: Sequence[Block]) -> Spot | None:
        """Where an address's fragment leads: ``#page=N`` (a PDF's open parameter, as viewers take it) to page
        N, anything else as an in-page link; None when the page has no such place."""
        page = _PAGE_PARAMETER.match(fragment)
        if page and self.pages:
            found = self.page_from(int(page.group(1)))
            return found[0] if found else None
        return self.resolve(unquote(fragment), blocks)

    def note_item(self, number: int, blocks: Sequence[Block]) -> int | None:
        """The block of endnote ``number``: an ordered item after the last "Notes" heading."""
        notes = next((i for i in reversed(self.headings) if blocks[i].text.strip().casefold() == "notes"), None)
        if notes is None:
            return None
        return next((i for i in range(notes + 1, len(blocks)) if blocks[i].item_number == number), None)

    # -- a PDF's pages ---------------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        """The last page whose text has been read in (0: the body has no pages: it is not a PDF)."""
        return max((number for _, number in self.pages), default=0)

    def page_from(self, number: int) -> tuple[Spot, int] | None:
        """Where page ``number`` begins, or (a page with no text of its own) the next page that has some."""
        return next(((spot, page) for spot, page in self.pages if page >= number), None)

    def page_at(self, spot: Spot) -> int | None:
        """The page that the words at ``spot`` are on (None: the body has no pages)."""
        if not self.pages:
            return None
        at = bisect_right(self.pages, spot, key=lambda entry: entry[0])
        return self.pages[max(0, at - 1)][1]
