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
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x9b\x9d\ufffe\uffff]")
# An XML declaration (old XHTML): lxml refuses a str that names an encoding, and the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)


def _clean(html: str) -> str:
    if _NEEDS_CLEANING.search(html) is None:
        return html
    return _XML_ILLEGAL.sub("", strip_escape_sequences(html))


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
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"),
                                             parser=lxml_html.HTMLParser(huge_tree=True, remove_comments=True,
                                                                         remove_pis=True, encoding="utf-8"))
    except (etree.ParserError, ValueError) as error:
        if "empty" in str(error).lower():  # only comments or a doctype: nothing a reader would see
            raise ExtractError("The page is empty.") from None
        raise ExtractError(f"The page could not be parsed as HTML ({error}).") from None
