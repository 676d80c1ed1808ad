"""Markdown → a flat list of styled text blocks, the model behind the reading pane (no Textual widgets here).

The reading pane draws only the lines on screen (see ``widgets/article_body.py``); this module gives it the
blocks to draw: a heading, a paragraph, one line of code, one table row... each a plain string with style and
link spans, plus the prefixes that lists and quotes put in front of its lines. Parsing is markdown-it's
("gfm-like", as Textual's ``Markdown`` widget parses), so the text reads as it did in that widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypedDict, Unpack

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.cells import cell_len

from inkreader.text import ANCHOR_TAG

# Style names; the widget maps each to a component class ("article-body--<name>") styled in inkreader.tcss.
H_STYLES = ("h1", "h2", "h3", "h4", "h5", "h6")
BULLETS = ("•", "◦", "▪")
QUOTE_MARK = "▌ "
TABLE_SEPARATOR = " │ "
ALIGNED_TABLE_WIDTH = 88  # rows narrower than this are padded into columns; wider ones read as text
CELL_WIDTH_CAP = 40


@dataclass(slots=True)
class Block:
    """One unit of the document: its text, where styles and links apply, and how its lines start.

    ``spans`` and ``links`` are (start, end, value) over ``text``. ``prefix`` starts the first line, ``indent``
    every other one (a list item's bullet, then spaces under it). ``wrap`` is "word" for prose, "char" for
    code (folded at the edge). ``gap`` is the number of blank lines above the block.
    """

    kind: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    prefix: str = ""
    indent: str = ""
    prefix_style: str = ""
    style: str = ""
    level: int = 0
    wrap: str = "word"
    gap: int = 1
    item_number: int = 0
    """The number written for an ordered list item, on the item's first block (endnotes are found by it)."""
    anchors: list[tuple[int, str]] = field(default_factory=list)
    """(offset, id) of the inline anchors in ``text`` (``<a id="page-3"></a>``: a PDF's pages), in order."""

    @property
    def searchable(self) -> bool:
        return self.kind != "rule" and bool(self.text)


class BlockLayout(TypedDict, total=False):
    """Block's layout fields, as keyword arguments to the builders below."""

    prefix: str
    indent: str
    prefix_style: str
    style: str
    level: int
    wrap: str
    gap: int


# What any link linkify-it finds must contain, in ASCII text: one of its schemes (http: https: ftp: mailto: //), a
# "www.", a dot before a top-level domain (two letters at least) or in an IP address, "localhost", or an e-mail's "@".
_MAY_HOLD_LINK = re.compile(r"https?:|ftp:|mailto:|//|@|\.[a-z]{2}|\.\d{1,3}\.|www\.|localhost", re.IGNORECASE)
# A Markdown link to a web address or within the site: already a link, which linkify leaves alone. (An escaped
# bracket, nested brackets, a title or a space make no match: the text is then looked at as it is.)
_MARKDOWN_LINK = re.compile(r"(?<!\\)\[[^\[\]\\`]*\]\((?:https?://|/|#)[^()\s\\`]*\)")


def _may_hold_link(text: str) -> bool:
    """False only when linkify-it would find no link in ``text`` (ASCII without a sign of one, once Markdown
    links are set aside); True sends the text to linkify-it's own test."""
    return not text.isascii() or _MAY_HOLD_LINK.search(_MARKDOWN_LINK.sub(" ", text)) is not None


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("gfm-like")
    linkify = parser.linkify
    if linkify is not None:
        # linkify-it's pretest compiles a regex of Unicode classes under IGNORECASE on first use, and its match
        # several more (~10 ms before the first frame). Text with no sign of a link is answered here.
        full_pretest = linkify.pretest

        def pretest(text: str) -> bool:
            return _may_hold_link(text) and bool(full_pretest(text))

        linkify.pretest = pretest
    return parser


class _Inline:
    """Builds a block's text and spans from an inline token's children."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []
        self.links: list[tuple[int, int, str]] = []
        self.anchors: list[tuple[int, str]] = []
        self._open: list[tuple[str, int]] = []
        self._link: tuple[str, int] | None = None

    def add(self, text: str, style: str = "") -> None:
        if not text:
            return
        if style:
            self.spans.append((self.length, self.length + len(text), style))
        self.parts.append(text)
        self.length += len(text)

    def feed(self, tokens: Iterable[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "text":
                self.add(token.content)
            elif kind == "softbreak":
                self.add(" ")
            elif kind == "hardbreak":
                self.add("\n")
            elif kind == "code_inline":
                self.add(token.content, "code")
            elif kind in ("em_open", "strong_open", "s_open"):
                self._open.append((kind[:-5], self.length))
            elif kind in ("em_close", "strong_close", "s_close"):
                name = kind[:-6]
                for index in range(len(self._open) - 1, -1, -1):
                    if self._open[index][0] == name:
                        _, start = self._open.pop(index)
                        if start < self.length:
                            self.spans.append((start, self.length, name))
                        break
            elif kind == "link_open":
                self._link = (str(token.attrGet("href") or ""), self.length)
            elif kind == "link_close":
                if self._link is not None:
                    href, start = self._link
                    if start < self.length and href:
                        self.links.append((start, self.length, href))
                        self.spans.append((start, self.length, "link"))
                    self._link = None
            elif kind == "html_inline":
                anchor = ANCHOR_TAG.match(token.content)  # raw HTML is not shown; an anchor is remembered
                if anchor:
                    self.anchors.append((self.length, anchor.group(1)))
            elif kind == "image":
                alt = token.content or "".join(child.content for child in token.children or [])
                self.add(f"[image: {alt}]" if alt else "[image]", "dim")
            elif token.children:
                self.feed(token.children)

    def block(self, kind: str, **extra: Unpack[BlockLayout]) -> Block:
        return Block(kind, "".join(self.parts), self.spans, self.links, anchors=self.anchors, **extra)


def inline_block(token: Token | None, kind: str, **extra: Unpack[BlockLayout]) -> Block:
    inline = _Inline()
    if token is not None and token.children:
        inline.feed(token.children)
    return inline.block(kind, **extra)


@dataclass(slots=True)
class _Container:
    kind: str  # "bullet", "ordered", "item", "quote"
    depth: int = 0
    number: int = 1
    marker: str = ""
    tight: bool = False
    used: bool = False  # an item's marker has been shown (later blocks of the item get spaces)
    item_number: int = 0  # an ordered item's own number, as written


class DocumentBuilder:
    """Turns Markdown into blocks, one piece after another (pieces split at block boundaries, see chunks.py).

    ``table_continues`` on :meth:`feed` says a piece is the rest of the table the previous piece began: its
    first row repeats the header for the parser's sake and is not shown again.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def feed(self, markdown: str, *, table_continues: bool = False) -> list[Block]:
        start = len(self.blocks)
        tokens = _parser().parse(markdown)
        self._walk(tokens, table_continues)
        return self.blocks[start:]

    # -- block tokens --------------------------------------------------------------------------------
    def _walk(self, tokens: list[Token], table_continues: bool) -> None:
        stack: list[_Container] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                depth = sum(1 for c in stack if c.kind in ("bullet", "ordered"))
                start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
                tight = bool(index + 2 < len(tokens) and tokens[index + 2].hidden)
                stack.append(_Container(kind.split("_")[0], depth=depth, number=start, tight=tight))
            elif kind in ("bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"):
                if stack:
                    stack.pop()
            elif kind == "list_item_open":
                parent = stack[-1] if stack else _Container("bullet")
                number = 0
                if parent.kind == "ordered":
                    # the number as written: endnote lists keep their notes' own numbers, gaps and all
                    number = int(token.info) if token.info.isdigit() else parent.number
                    marker = f"{number}. "
                    parent.number = number + 1
                else:
                    marker = f"{BULLETS[parent.depth % len(BULLETS)]} "
                stack.append(_Container("item", marker=marker, tight=parent.tight, item_number=number))
            elif kind == "blockquote_open":
                stack.append(_Container("quote"))
            elif kind == "heading_open":
                level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
                block = inline_block(tokens[index + 1], "heading", level=level, style=H_STYLES[level - 1])
                self._add(block, stack)
                index += 2
            elif kind == "paragraph_open":
                self._add(inline_block(tokens[index + 1], "paragraph"), stack, hidden=token.hidden)
                index += 2
            elif kind in ("fence", "code_block"):
                self._code(token.content, stack)
            elif kind == "hr":
                self._add(Block("rule", "", style="rule"), stack)
            elif kind == "table_open":
                index = self._table(tokens, index, stack, table_continues)
                table_continues = False
            elif kind == "html_block":
                pass  # raw HTML is not shown (as in Textual's Markdown widget)
            index += 1

    def _prefixes(self, stack: list[_Container]) -> tuple[str, str, str]:
        """(first-line prefix, other-lines prefix, style) for a block inside ``stack``."""
        first, rest = "", ""
        quoted = False
        for container in stack:
            if container.kind == "quote":
                first += QUOTE_MARK
                rest += QUOTE_MARK
                quoted = True
            elif container.kind == "item":
                pad = " " * cell_len(container.marker)
                first += pad if container.used else container.marker
                rest += pad
                container.used = True
        return first, rest, "quote" if quoted else "marker"

    def _gap(self, stack: list[_Container], hidden: bool) -> int:
        if not self.blocks:
            return 0
        items = [c for c in stack if c.kind == "item"]
        if items and (hidden or items[-1].tight):
            # tight lists run item after item; the list itself stands a line apart from the text above
            first_of_list = not items[0].used and len(items) == 1 and stack[-1] is items[0]
            previous = self.blocks[-1]
            return 1 if first_of_list and not previous.prefix.strip() and previous.kind != "heading" else 0
        return 1

    def _add(self, block: Block, stack: list[_Container], *, hidden: bool = False) -> None:
        block.gap = self._gap(stack, hidden)
        innermost = stack[-1] if stack else None
        if innermost is not None and innermost.kind == "item" and not innermost.used:
            block.item_number = innermost.item_number
        block.prefix, block.indent, block.prefix_style = self._prefixes(stack)
        self.blocks.append(block)

    def _code(self, content: str, stack: list[_Container]) -> None:
        lines = content.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines or [""]):
            block = Block("code", line.expandtabs(4), wrap="char", style="code-block")
            self._add(block, stack)
            block.prefix += " "
            block.indent += " "
            if number:
                block.gap = 0

    def _table(self, tokens: list[Token], index: int, stack: list[_Container], continues: bool) -> int:
        rows: list[tuple[bool, list[Block]]] = []
        row: list[Block] = []
        header = False
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                header = True
            elif token.type == "tbody_open":
                header = False
            elif token.type == "tr_open":
                row = []
            elif token.type in ("th_open", "td_open"):
                row.append(inline_block(tokens[index + 1], "cell"))
                index += 1
            elif token.type == "tr_close":
                rows.append((header, row))
            index += 1
        if continues and rows and rows[0][0]:
            rows = rows[1:]
        columns = max((len(cells) for _, cells in rows), default=0)
        widths = [0] * columns
        for _, cells in rows:
            for column, cell in enumerate(cells):
                widths[column] = max(widths[column], min(CELL_WIDTH_CAP, cell_len(cell.text)))
        aligned = sum(widths) + len(TABLE_SEPARATOR) * max(0, columns - 1) <= ALIGNED_TABLE_WIDTH
        for number, (is_header, cells) in enumerate(rows):
            block = _join_cells(cells, widths if aligned else None, is_header)
            self._add(block, stack)
            if number:
                block.gap = 0
            if is_header and (number + 1 >= len(rows) or not rows[number + 1][0]):
                rule_width = sum(widths) + len(TABLE_SEPARATOR) * max(0, columns - 1) if aligned else 0
                rule = Block("table-rule", "─" * rule_width, style="rule", gap=0)
                rule.prefix, rule.indent, rule.prefix_style = self._prefixes(stack)
                self.blocks.append(rule)
        return index


def _join_cells(cells: list[Block], widths: list[int] | None, header: bool) -> Block:
    text: list[str] = []
    spans: list[tuple[int, int, str]] = []
    links: list[tuple[int, int, str]] = []
    anchors: list[tuple[int, str]] = []
    length = 0
    for column, cell in enumerate(cells):
        if column:
            spans.append((length, length + len(TABLE_SEPARATOR), "rule"))
            text.append(TABLE_SEPARATOR)
            length += len(TABLE_SEPARATOR)
        body = cell.text.replace("\n", " ")
        if widths is not None:
            body += " " * max(0, widths[column] - cell_len(body))
        spans.extend((start + length, end + length, style) for start, end, style in cell.spans)
        links.extend((start + length, end + length, href) for start, end, href in cell.links)
        anchors.extend((offset + length, name) for offset, name in cell.anchors)
        text.append(body)
        length += len(body)
    joined = "".join(text).rstrip()
    if header:
        spans.insert(0, (0, len(joined), "table-head"))
    return Block("table-row", joined, spans, links, style="table", anchors=anchors)


def shown_texts(blocks: Sequence[Block]) -> list[str]:
    """The blocks' texts as the highlights' alignment (``textmap.py``) reads them: a rule is drawing, not text
    (a table's rule wider than the aligner's look-ahead put every highlight below the table out of reach)."""
    return ["" if block.kind in ("rule", "table-rule") else block.text for block in blocks]


def parse(markdown: str) -> list[Block]:
    builder = DocumentBuilder()
    builder.feed(markdown)
    return builder.blocks
