"""Parsing helpers shared by the adapters."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from ..errors import ExtractError


def parse_html(html: str | bytes) -> lxml_html.HtmlElement:
    """Parse tolerantly (lxml/libxml2 recovers from broken markup); empty input is an ExtractError."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    if not html or not html.strip():
        raise ExtractError("The page is empty.")
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(html.replace("\x00", ""), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ExtractError(f"The page could not be parsed as HTML ({error}).") from None
    return root
