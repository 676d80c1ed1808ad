"""Choose the adapter for a page: by host first, then by the page's own fingerprint, else generic."""

from __future__ import annotations

from ..model import Article
from .dom import parse_html


def extract_article(html: str, url: str) -> Article:
    tree = parse_html(html)
    from . import cnas, generic

    if cnas.matches(url, tree):
        return cnas.extract(tree, url)
    return generic.extract(tree, url)
