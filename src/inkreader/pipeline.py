"""Page HTML -> :class:`~inkreader.model.Article`: extract (pick the adapter), then convert the body. Pure.

The one place where extraction and conversion meet: the Reader and the public
:func:`inkreader.extract_article` both call :func:`extract_article`.
"""

from __future__ import annotations

import re

from .convert import to_markdown
from .errors import ExtractError
from .extract.registry import extract_page
from .extract.result import Extracted
from .model import Article
from .text import clean_text

_LINKED = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"\w+")


def extract_article(html: str, url: str) -> Article:
    """Extract ``html`` (fetched from ``url``) with its site's adapter and convert the body to Markdown."""
    return convert_body(extract_page(html, url))


def convert_body(extracted: Extracted) -> Article:
    """Fill the Article's ``markdown`` and ``links`` from the extracted body; refuse a page with nothing to read."""
    article = extracted.article
    markdown, links = to_markdown(extracted.body, extracted.base_url) if extracted.body is not None else ("", [])
    markdown = clean_text(markdown).strip()
    if extracted.refusal is not None and (not markdown or _own_words(markdown) < extracted.min_words):
        raise ExtractError(extracted.refusal)
    markdown = markdown or extracted.empty_markdown
    article.markdown = markdown + "\n" if markdown else ""
    article.links = links
    return article


def _own_words(markdown: str) -> int:
    """Words outside links: a page of navigation has many links and few words of its own."""
    return len(_WORD.findall(_LINKED.sub("", markdown)))
