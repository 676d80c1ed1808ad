"""Parsing helpers shared by the adapters."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..errors import ExtractError
from ..text import strip_escape_sequences

# Characters XML (and so lxml's tree API) refuses: removing them here keeps every later tree edit safe, and
# takes terminal escape bytes out of page text at the door (inkreader.text cleans the rest on output).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# One scan finds whether either cleaning pass has anything to do (most pages: no): half the cost of two.
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x9b\x9d\ufffe\uffff\ud800-\udfff]")
# Lone surrogates (text decoded with surrogateescape, or built by hand) cannot be encoded anywhere downstream.
_SURROGATE = re.compile("[\ud800-\udfff]")
# An XML declaration (old XHTML): lxml refuses a str that names an encoding, and the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)


def _clean(html: str) -> str:
    if _NEEDS_CLEANING.search(html) is None:
        return html
    return _SURROGATE.sub("\ufffd", _XML_ILLEGAL.sub("", strip_escape_sequences(html)))


def parse_html(html: str | bytes) -> lxml_html.HtmlElement:
    """Parse tolerantly (lxml/libxml2 recovers from broken markup); empty input is an ExtractError."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    if not html or not html.strip():
        raise ExtractError("The page is empty.")
    html = _XML_DECLARATION.sub("", _clean(html).lstrip("\ufeff"), count=1)
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        return lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        pass
    # Whatever the strict path refused, parse the same text as UTF-8 bytes, which libxml2 always accepts.
    try:
        return lxml_html.document_fromstring(
            html.encode("utf-8", "replace"),
            parser=lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, encoding="utf-8"),
        )
    except (etree.ParserError, ValueError) as error:
        if "empty" in str(error).lower():  # only comments or a doctype: nothing a reader would see
            raise ExtractError("The page is empty.") from None
        raise ExtractError(f"The page could not be parsed as HTML ({error}).") from None


# A footnote marker: a short reference ("1", "[12]", "iv", "*", "†") set as a superscript or an in-page link.
_MARKER_TEXT = re.compile(r"^[\[(]?(?:\d{1,3}|[ivxlc]{1,6}|[a-z]|[*†‡§¶])[\])]?$", re.IGNORECASE)
# The same marker once flattened to text: digits glued to a word's sentence end ("…heavy use.1 Next").
_GLUED_MARKER = re.compile(r"(?<=[^\W\d_][.!?,;:”’\"')])\[?\d{1,3}\]?(?=\s|$)")


def is_note_marker(element: lxml_html.HtmlElement) -> bool:
    if element.tag not in ("sup", "a"):
        return False
    text = element.text_content().strip()
    if not text or len(text) > 8 or not _MARKER_TEXT.match(text):
        return False
    if element.tag == "sup":
        return True
    href = element.get("href") or ""
    return href.startswith("#") or any(parent.tag == "sup" for parent in element.iterancestors())


def text_without_markers(element: lxml_html.HtmlElement) -> str:
    """``text_content()`` without footnote markers (a title, summary or snippet never ends in a stray "1")."""
    if not any(is_note_marker(node) for node in element.iter("sup", "a")):
        return element.text_content()
    import copy

    clone = copy.deepcopy(element)
    clone.tail = None
    for node in [node for node in clone.iter("sup", "a") if is_note_marker(node)]:
        parent = node.getparent()
        if parent is None:
            continue
        if node.tail:  # keep what follows the marker
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)
    return clone.text_content()


def strip_glued_markers(text: str) -> str:
    """Footnote digits already flattened into a line of text, after a word's closing punctuation."""
    return _GLUED_MARKER.sub("", text) if text else text
