"""Choose the adapter for a page: by host first, then by the page's own fingerprint, else generic."""

from __future__ import annotations

from . import cnas, generic
from .dom import parse_html
from .result import Extracted


def extract_page(html: str, url: str) -> Extracted:
    """Parse ``html`` (fetched from ``url``) and extract it with the CNAS adapter or the generic one."""
    tree = parse_html(html)
    if cnas.matches(url, tree):
        return cnas.extract(tree, url)
    return generic.extract(tree, url, html)
