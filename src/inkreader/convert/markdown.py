"""Body HTML -> Markdown for the reading pane: a markdownify subclass fed a pre-cleaned fragment.

Two passes:

1. :mod:`.prepare` walks the lxml fragment once: absolute URLs, unsafe or useless links unlinked or dropped
   (``javascript:``/``data:``/``vbscript:``/``file:``, icon-only, share buttons, back-to-top arrows), images
   turned into their alt text or caption in italics, endnotes lifted out (see below), and the body's links
   collected in order.
2. :class:`InkMarkdownConverter` (markdownify's ``MarkdownConverter`` with our tag rules) writes Markdown.

Endnotes scheme (one for pages, CNAS reports and PDFs): an inline marker becomes ``[1](#note-1)``; the notes
are gathered at the end under ``## Notes`` as one ordered list, each item written with its own number
(``1. text [↩](#slug)``), so a reader resolves ``#note-N`` to the item numbered N of the list under the last
``## Notes`` heading. Notes are not headings: a reference list of hundreds of notes must not fill the
contents. The back-link goes to the slug of the heading before the marker (none when no heading precedes it:
there is nothing a Markdown link could land on).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from markdownify import MarkdownConverter

from ..model import Link
from ..text import clean_text
from .prepare import Note, prepare

if TYPE_CHECKING:  # bs4's own names for find_parent's arguments, so the override keeps its signature
    from bs4._typing import _AtMostOneTag, _StrainableAttribute, _StrainableAttributes
    from bs4.element import _OptionalFindMethodName

_HTML_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
# An underscore between two letters or digits never opens or closes emphasis (CommonMark's flanking rules),
# so "snake_case" needs no escape: left escaped, copied text and search read "snake\_case".
_INTRAWORD_UNDERSCORE = re.compile(r"(?<=[^\W_])\\_(?=[^\W_])")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


class InkMarkdownConverter(MarkdownConverter):
    """markdownify with inkreader's rules: ATX headings, no raw HTML, images as words, links as prepared."""

    def __init__(self) -> None:
        super().__init__(
            heading_style="atx",
            bullets="-*+",
            escape_misc=False,
            autolinks=False,
            table_infer_header=True,
            bs4_options="lxml",
        )

    # markdownify's bundled stub declares only convert() and convert_soup(): the hooks below exist at run time.
    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = super().escape(text, parent_tags)  # type: ignore[misc]
        if "\\_" in text:
            text = _INTRAWORD_UNDERSCORE.sub("_", text)
        # Page text must not become markup: "<tag" would read as raw HTML, "[x](y)" as a link, "![" as an image.
        if "<" in text:
            text = _HTML_LIKE.sub(r"\\<", text)
        if "](" in text:
            text = text.replace("](", "\\](")
        if "![" in text:
            text = text.replace("![", "!\\[")
        return text

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = el.get("href")
        if not href:
            return text
        converted: str = super().convert_a(el, text, parent_tags)  # type: ignore[misc]
        return converted

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        value = el.get("alt")  # a str: bs4 makes lists only of multi-valued attributes (class, rel...)
        alt = " ".join(value.split()) if isinstance(value, str) else ""
        return f" *{alt}* " if alt else ""

    def convert_figcaption(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = text.strip()
        if not text:
            return ""
        if "_inline" in parent_tags:
            return f" {text} "
        return f"\n\n*{text}*\n\n" if not text.startswith("*") else f"\n\n{text}\n\n"

    def convert_em(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        converted: str = super().convert_em(el, text, parent_tags)  # type: ignore[misc]
        return _underscored(converted) if _italic_against_bold(el) else converted

    convert_i = convert_em

    def convert_video(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_span(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    convert_picture = convert_span
    convert_iframe = convert_video


_BOLD = ("strong", "b")


def _italic_against_bold(el: Tag) -> bool:
    """Italics touching bold with no space between: ``*x***y**`` reads as asterisks, ``_x_**y**`` does not. Not
    inside a word (where ``_`` cannot open or close)."""
    before, after = el.previous_sibling, el.next_sibling
    touching = any(isinstance(side, Tag) and side.name in _BOLD for side in (before, after))
    if not touching:
        return False
    return not any(
        isinstance(side, NavigableString) and (str(side)[-1:] if side is before else str(side)[:1]).isalnum()
        for side in (before, after)
    )


def _underscored(converted: str) -> str:
    core = converted.strip()
    if len(core) < 3 or not core.startswith("*") or not core.endswith("*") or core.startswith("**"):
        return converted
    lead = converted[: len(converted) - len(converted.lstrip())]
    trail = converted[len(converted.rstrip()) :]
    return f"{lead}_{core[1:-1]}_{trail}"


class _Tag(Tag):
    """bs4's Tag with a quick ``find_parent(name)``: markdownify asks ``find_parent("pre")`` of every tag, and
    bs4's general matcher made that about half of the conversion time."""

    def find_parent(
        self,
        name: _OptionalFindMethodName = None,
        attrs: _StrainableAttributes | None = None,
        **kwargs: _StrainableAttribute,
    ) -> _AtMostOneTag:
        if not isinstance(name, str) or attrs or kwargs:
            return super().find_parent(name, attrs or {}, **kwargs)
        parent = self.parent
        while parent is not None:
            if parent.name == name:
                return parent
            parent = parent.parent
        return None


_CONVERTER = InkMarkdownConverter()
# markdownify recurses about three Python frames per level of nesting, and Python allows 1000 in all.
MAX_NESTING = 150


def _notes_list(notes: list[Note]) -> str:
    """The notes as one ordered list under ``## Notes``, each item written with its own number (a marker's
    target is the item numbered N, whatever the list's first number); a note's later paragraphs are indented
    under its item so they stay inside it."""
    items = []
    for note in notes:
        lead = f"{note.number}. "
        body = note.markdown.strip()
        back = f" [↩](#{note.back_slug})" if note.back_slug else ""
        lines = f"{body}{back}".strip().split("\n")
        indent = " " * len(lead)
        rest = [f"{indent}{line}" if line.strip() else "" for line in lines[1:]]
        items.append("\n".join([f"{lead}{lines[0]}".rstrip(), *rest]))
    return "## Notes\n\n" + "\n".join(items)


def _flatten_deep(root: HtmlElement, limit: int = MAX_NESTING) -> None:
    """Markup nested past ``limit`` (hostile or broken pages) keeps its words but loses its tags, so the
    recursive converter never meets it (walked with a stack: no recursion here either)."""
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth < limit:
            stack.extend((child, depth + 1) for child in element)
        elif len(element):
            text = element.text_content()  # the children's text and tails, in order
            for child in list(element):
                element.remove(child)
            element.text = text


def _convert(html: str) -> str:
    if not html.strip():
        return ""
    soup = BeautifulSoup(html, "lxml", element_classes={Tag: _Tag})
    return _CONVERTER.convert_soup(soup)


def _convert_tree(root: HtmlElement) -> str:
    """Convert an lxml tree without writing it out as HTML and parsing that again: its parse events go
    straight to BeautifulSoup's tree-building calls (what bs4's own lxml builder does while parsing)."""
    soup = BeautifulSoup("", "lxml", element_classes={Tag: _Tag})
    start, end, data = soup.handle_starttag, soup.handle_endtag, soup.handle_data
    start("html", None, None, {})
    start("body", None, None, {})
    for event, el in etree.iterwalk(root, events=("start", "end")):
        # prepare() stripped comments and processing instructions: every node walked is an element named by a str
        tag = cast(str, el.tag)
        if event == "start":
            start(tag, None, None, dict(el.attrib))
            if el.text:
                data(el.text)
        else:
            soup.endData()
            end(tag)
            if el.tail and el is not root:
                data(el.tail)
    soup.endData()
    end("body")
    end("html")
    return _CONVERTER.convert_soup(soup)


def to_markdown(fragment: lxml_html.HtmlElement | str, base_url: str) -> tuple[str, list[Link]]:
    """Convert a body fragment; returns the Markdown and the body's links (absolute, http/https/mailto, in order).

    ``fragment`` is not modified (a copy is prepared).
    """
    root = _as_element(fragment)
    if root is None:
        return "", []
    prepared = prepare(root, base_url)
    _flatten_deep(prepared.root)
    markdown = _convert_tree(prepared.root)
    for note in prepared.notes:
        note.markdown = _convert(note.html)
    if prepared.notes:
        markdown = markdown.rstrip() + "\n\n" + _notes_list(prepared.notes)
    markdown = clean_text(markdown).replace("\xad", "")  # soft hyphens: hints for a typesetter, not text
    markdown = _TRAILING_SPACE.sub("\n", markdown)
    markdown = _BLANK_LINES.sub("\n\n", markdown).strip()
    return (markdown + "\n" if markdown else ""), prepared.links


def _as_element(fragment: HtmlElement | str | bytes) -> HtmlElement | None:
    if isinstance(fragment, (str, bytes)):
        if isinstance(fragment, bytes):
            fragment = fragment.decode("utf-8", "replace")
        fragment = clean_text(fragment)
        if not fragment.strip():
            return None
        try:
            return lxml_html.fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError):
            return None
    return fragment
