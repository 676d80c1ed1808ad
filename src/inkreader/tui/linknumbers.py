"""Numbered links (as in w3m and newsboat): UI-free so the numbering can be unit-tested.

:func:`number_links` gives every link of the body a number that matches the order of ``Article.links``
(link 1 is ``Article.links[0]``) and writes the number right after the link in the Markdown, as an inline
code span (`` `[12]` ``): markdown-it still sees the link, the number reads as a small badge, and being code it
can never turn into link syntax itself. Links the Markdown shows but ``Article.links`` does not list (a
think-tank summary, say) are numbered after those. In-page links (footnote markers ``[1](#note-1)``, the
``↩`` back-links) are not numbered: they have their own keys; footnote markers are shown as superscripts.
Headings are left as written, so their anchors (which in-page links and Textual's ``goto_anchor`` use) do not change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from inkreader.model import Link
from inkreader.text import clean_line

# [text](url) or [text](url "title"), text may hold escaped brackets or one level of [nested] brackets. Not after
# a backslash or "!" (an image): checked in _links, since a pattern that opens with that lookbehind is scanned for
# at every position of the text (12x slower on a long report than one that opens with "[").
_LINK = re.compile(
    r"\[((?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
    r"\((<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"\n]*\")?\)"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# a code span closes within its paragraph (bounded, so a stray backtick never scans the whole document)
_CODE_SPAN = re.compile(r"(`+)(?:[^`\n]|\n(?![ \t]*\n))*?(?<!`)\1(?!`)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
NUMBERED_SCHEMES = ("http://", "https://", "mailto:")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True, slots=True)
class NumberedLink:
    number: int
    text: str
    url: str
    shown: bool = True  # the number is visible in the text (False: listed only)


@dataclass(slots=True)
class NumberedDocument:
    markdown: str
    links: list[NumberedLink] = field(default_factory=list)

    def get(self, number: int) -> NumberedLink | None:
        if 1 <= number <= len(self.links):
            return self.links[number - 1]
        return None


def badge(number: int) -> str:
    return f"`[{number}]`"


def _unescape(text: str) -> str:
    return clean_line(_ESCAPE.sub(r"\1", text))


def _protected_ranges(markdown: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(code ranges: fenced blocks and code spans, never touched) and (heading line ranges)."""
    code: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, fence_start = match.group(1)[0] * len(match.group(1)), offset
        elif fence is not None and line.lstrip().startswith(fence) and not line.strip(fence[0] + " \t\r\n"):
            code.append((fence_start, offset + len(line)))
            fence = None
        elif fence is None and _HEADING.match(line):
            headings.append((offset, offset + len(line)))
        offset += len(line)
    if fence is not None:
        code.append((fence_start, offset))
    if "`" in markdown:  # the pattern is slow to scan for (~1 ms on a long report) and most bodies have none
        code.extend(span.span() for span in _CODE_SPAN.finditer(markdown))
    code.sort()
    return code, headings


def _links(markdown: str) -> Iterator[re.Match[str]]:
    """The links of ``markdown`` in order: ``_LINK`` matches that do not open right after a backslash or a "!"."""
    position = 0
    while (match := _LINK.search(markdown, position)) is not None:
        start = match.start()
        if start and markdown[start - 1] in "\\!":
            position = start + 1  # as a lookbehind would: the next "[" may open a link
            continue
        yield match
        position = match.end()


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def number_links(markdown: str, links: Sequence[Link] = ()) -> NumberedDocument:
    """Number the links of ``markdown`` in the order of ``links`` and write the numbers into the text."""
    code, headings = _protected_ranges(markdown)
    known = [NumberedLink(i + 1, clean_line(link.text), link.url, shown=False) for i, link in enumerate(links)]
    extra: list[NumberedLink] = []
    pieces: list[str] = []
    last = 0
    cursor = 0  # links are matched in order: the next Article.links entry to look from
    for match in _links(markdown):
        start, end = match.span()
        if _inside(start, code):
            continue
        url = match.group(2).strip("<>")
        if url.startswith("#note-") and match.group(1).isdigit():
            # an endnote marker: shown as a superscript, so "note 3" never looks like "link [3]"
            pieces.append(markdown[last:start])
            pieces.append(f"[{match.group(1).translate(_SUPERSCRIPT)}]({url})")
            last = end
            continue
        if not url.lower().startswith(NUMBERED_SCHEMES):
            continue
        text = _unescape(match.group(1))
        number = None
        for index in range(cursor, len(known)):
            if known[index].url == url:
                number = index + 1
                cursor = index + 1
                break
        in_heading = _inside(start, headings)
        if number is None:
            number = len(known) + len(extra) + 1
            extra.append(NumberedLink(number, text, url, shown=not in_heading))
        elif not in_heading:
            entry = known[number - 1]
            known[number - 1] = NumberedLink(number, entry.text or text, url, shown=True)
        if in_heading:
            continue
        pieces.append(markdown[last:end])
        pieces.append(badge(number))
        if markdown.startswith("`", end):
            pieces.append(" ")  # `[3]``code` would merge the two code spans
        last = end
    pieces.append(markdown[last:])
    return NumberedDocument("".join(pieces), known + extra)


_NOTE_HEADING = re.compile(r"^#### Note (\d+)[ \t]*$", re.MULTILINE)  # copies converted before the list
_NOTES_SECTION = re.compile(r"^## Notes[ \t]*$", re.MULTILINE)
_NOTE_ITEM = re.compile(r"^(\d{1,9})\. ", re.MULTILINE)


def note_numbers(markdown: str) -> list[int]:
    """The endnotes of a converted body: the items of the ordered list under the last ``## Notes`` (see
    ``convert.markdown``), or the ``#### Note N`` headings of older copies."""
    old = [int(number) for number in _NOTE_HEADING.findall(markdown)]
    sections = list(_NOTES_SECTION.finditer(markdown))
    if old or not sections:
        return old
    return [int(number) for number in _NOTE_ITEM.findall(markdown, sections[-1].end())]
