"""Choose the adapter for a page: by host first, then by the page's own fingerprint, else generic."""

from __future__ import annotations

from . import cnas, generic
from .dom import parse_html
from .generic_meta import publication_facts
from .result import Extracted


def extract_page(html: str, url: str) -> Extracted:
    """Parse ``html`` (fetched from ``url``) and extract it with the CNAS adapter or the generic one."""
    tree = parse_html(html)
    if cnas.matches(url, tree):
        facts = publication_facts(tree, url)  # before the adapter takes the scripts (JSON-LD) out
        extracted = cnas.extract(tree, url)
        article = extracted.article
        article.publisher = article.publisher or facts.publisher
        article.report_number = article.report_number or facts.report_number
        article.pdf_url = article.pdf_url or facts.pdf_url
        return extracted
    return generic.extract(tree, url, html)
