"""Choose the adapter for a page: by host first, then by the page's own fingerprint, else generic."""

from __future__ import annotations

from lxml import html as lxml_html

from ..errors import ExtractError
from ..model import Article
from . import cnas
from .dom import parse_html


def extract_article(html: str, url: str) -> Article:
    """Parse ``html`` (fetched from ``url``) and extract it with the CNAS adapter or the generic one."""
    tree = parse_html(html)
    if cnas.matches(url, tree):
        return cnas.extract(tree, url)
    return _generic(tree, url)


def _generic(tree: lxml_html.HtmlElement, url: str) -> Article:
    try:
        from . import generic
    except ModuleNotFoundError as error:  # generic.py not there yet: a bare fallback keeps the pipeline whole
        if error.name != f"{__package__}.generic":
            raise
        return _fallback_generic(tree, url)
    return generic.extract(tree, url)


def _fallback_generic(tree: lxml_html.HtmlElement, url: str) -> Article:
    from ..convert import to_markdown
    from ..text import clean_line
    from .urls import canonical_url

    for junk in tree.xpath("//script | //style | //nav | //header | //footer | //aside | //form"):
        junk.drop_tree()
    body = next(iter(tree.xpath("//article | //main | //body")), None)
    if body is None or not body.text_content().strip():
        raise ExtractError("The page holds no readable text.")
    title = clean_line(next(iter(tree.xpath("//h1//text() | //title/text()")), ""))
    markdown, links = to_markdown(body, url)
    return Article(url=canonical_url(url), final_url=url, site="generic", kind="article",
                   title=title or url, markdown=markdown, links=links)
