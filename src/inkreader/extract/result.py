"""What an adapter hands back: the Article's metadata and the body HTML, still to be converted.

Extraction never converts: :mod:`inkreader.pipeline` turns ``body`` into Markdown and links in one place,
then applies the adapter's rule for a body with nothing to read (refuse the page, or show other text).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from ..model import Article


@dataclass(slots=True)
class Extracted:
    article: Article  # metadata; conversion fills ``markdown`` and ``links``
    body: lxml_html.HtmlElement | None  # the body to convert (None: the page has none)
    base_url: str  # what relative links in the body resolve against
    empty_markdown: str = ""  # shown when the body converts to nothing (a person's role or name)
    refusal: str | None = None  # the ExtractError text when the body has too little to read:
    min_words: int = 0  # nothing at all, or fewer words of its own (outside links) than this
