"""Body HTML -> Markdown. (First cut; the extraction/convert owner refines it.)"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import html as lxml_html

from ..model import Link
from ..text import clean_text


def to_markdown(fragment: "lxml_html.HtmlElement | str", base_url: str) -> tuple[str, list[Link]]:
    """Convert a body fragment; returns the Markdown and the body's links (absolute, in order)."""
    from markdownify import markdownify

    if not isinstance(fragment, str):
        fragment = lxml_html.tostring(fragment, encoding="unicode")
    markdown = markdownify(fragment, heading_style="ATX")
    links: list[Link] = []
    for element in lxml_html.fragment_fromstring(fragment, create_parent="div").iter("a"):
        href = element.get("href")
        if href and not href.startswith("#"):
            links.append(Link(text=clean_text(element.text_content().strip()), url=urljoin(base_url, href)))
    return clean_text(markdown).strip() + "\n", links
