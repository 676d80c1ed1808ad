"""A second opinion for pages where the generic extractor is unsure: trafilatura, imported only when asked.

Used when the block we chose holds a small share of the page's text (an article we may have cut short, or a
comment box taken for it): trafilatura's body is taken instead when it is clearly longer. Imported lazily so
start-up and the pages we are sure of never pay for it.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from ..text import clean_text


def second_opinion(html: str) -> lxml_html.HtmlElement | None:
    """trafilatura's article body as a ``<div>`` (links kept), or None when it finds none or fails."""
    try:
        import trafilatura  # lazy: a cost only the unsure pages pay
    except ImportError:
        return None
    try:
        out = trafilatura.extract(
            html, output_format="html", include_comments=False, include_tables=True, fast=True, include_links=True
        )
    except Exception:  # a fallback must never turn a page we read into an error
        return None
    if not out:
        return None
    try:
        document = lxml_html.document_fromstring(clean_text(out))
    except (etree.ParserError, ValueError):
        return None
    found = document.find("body")
    if found is None:
        return None
    found.tag = "div"
    return found


def text_length(fragment: lxml_html.HtmlElement) -> int:
    """Characters outside links (whitespace runs counted once), as the extractor's own counts measure text."""
    linked = sum(len(" ".join(a.text_content().split())) for a in fragment.iter("a"))
    return len(" ".join(fragment.text_content().split())) - linked
