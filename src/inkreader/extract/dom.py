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
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(_clean(html), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ExtractError(f"The page could not be parsed as HTML ({error}).") from None
    return root
