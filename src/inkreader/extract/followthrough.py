"""Find the "Read the full article from <Outlet>." line that ends a CNAS commentary summary.

Two wordings are known ("Read the full article from X." and the 2019 "Read the full article and more in X."),
with the link either on the outlet's name or on the whole sentence. Any host is accepted (fixture outlets
live on the test server), except a link back to the page itself or an in-page anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from ..text import clean_line
from .urls import absolute_url, same_page

FULL_ARTICLE = re.compile(
    r"\bread\s+(?:the\s+)?full\s+(?:article|piece|op-?ed|interview|story|essay|commentary|text)"
    r"[^.]*?\b(?:from|in|at|on)\b\s*(?P<outlet>.*)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCKS = ("p", "div", "li", "blockquote", "h2", "h3", "h4", "h5", "h6")
_LAST_BLOCKS = 4  # the line sits at the end; looking further risks a quoted sentence in the body


@dataclass(slots=True)
class FullArticleLink:
    url: str
    outlet: str | None
    element: lxml_html.HtmlElement  # the paragraph holding the line


def _outlet_from_words(words: str) -> str | None:
    """The outlet named after "from/in": up to the sentence's end, trailing period removed."""
    words = clean_line(words)
    words = re.split(r"(?<=[a-z0-9\)])[.!?](?:\s|$)", words, maxsplit=1)[0]
    return words.rstrip(" .!:;")[:120] or None


def find_full_article(body: lxml_html.HtmlElement, page_url: str) -> FullArticleLink | None:
    """Look in the last few text blocks of ``body``; return the link and the outlet's name, or None."""
    blocks = [
        el
        for el in body.iter(*_BLOCKS)
        if not any(child.tag in _BLOCKS for child in el.iterchildren()) and el.text_content().strip()
    ]
    for block in reversed(blocks[-_LAST_BLOCKS:]):
        text = " ".join(block.text_content().split())
        match = FULL_ARTICLE.search(text)
        if not match:
            continue
        anchors = list(block.iter("a"))
        anchors += [a for a in block.iterancestors("a")]  # <a><p>Read the full…</p></a>
        for anchor in anchors:
            href = anchor.get("href") or ""
            if href.startswith("#"):
                continue
            url = absolute_url(href, page_url)
            if not url or not url.startswith(("http://", "https://")) or same_page(url, page_url):
                continue
            anchor_text = " ".join(anchor.text_content().split())
            inner = FULL_ARTICLE.search(anchor_text)
            if inner:  # the whole sentence is the link: the outlet is what follows from/in/at/on
                outlet = _outlet_from_words(inner.group("outlet"))
            else:
                outlet = clean_line(anchor_text).rstrip(" .") or _outlet_from_words(match.group("outlet"))
            return FullArticleLink(url=url, outlet=outlet, element=block)
    return None
