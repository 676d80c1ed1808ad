"""Property tests: arbitrary tag soup and hostile text never crash extraction or conversion, never leak controls."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inkreader import extract_article
from inkreader.convert import to_markdown
from inkreader.errors import InkreaderError
from inkreader.model import Article
from inkreader.text import has_control_characters

TAGS = [
    "div",
    "p",
    "span",
    "a",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "sup",
    "img",
    "figure",
    "figcaption",
    "article",
    "section",
    "aside",
    "nav",
    "script",
    "style",
    "br",
    "form",
    "iframe",
    "svg",
    "noscript",
    "header",
    "footer",
    "main",
]
ATTRS = [
    ' class="content"',
    ' class="share"',
    ' class="paywall"',
    ' class="content-gated"',
    ' id="fn1"',
    ' href="#fn1"',
    ' href="javascript:alert(1)"',
    ' href="/x"',
    ' href="file:///etc/passwd"',
    ' style="display:none"',
    " hidden",
    ' alt="pic"',
    ' src="data:image/png;base64,AAAA"',
    ' href="data:x"',
    ' class="comments"',
    ' aria-hidden="true"',
    "",
]
NASTY = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x07",
        "\x00",
        "\x9b2J",
        "\u202e",
        "\r",
        "\t",
        "&amp;",
        "&#0;",
        "&#x1b;",
        "<!--",
        "]]>",
        "[bold]",
        "*",
        "_",
        "`",
        "\\",
        "↩",
        "↑",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=30), NASTY), max_size=6).map("".join)


@st.composite
def tag_soup(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 1))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attrs = "".join(draw(st.lists(st.sampled_from(ATTRS), max_size=2)))
            inner = draw(tag_soup(depth + 1))
            close = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # unclosed tags too
            parts.append(f"<{tag}{attrs}>{inner}{close}")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


PAGES = st.one_of(
    tag_soup().map(lambda body: f"<html><head><title>t</title></head><body>{body}</body></html>"),
    tag_soup(),
    TEXT,
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(PAGES)
def test_extract_article_returns_an_article_or_an_inkreader_error(html):
    try:
        article = extract_article(html, "https://example.org/page")
    except InkreaderError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(article, Article)
    assert article.markdown.strip()
    for text in (article.markdown, article.title, *article.authors, *(link.text for link in article.links)):
        assert not has_control_characters(text)
    assert all(link.url.split(":", 1)[0] in ("http", "https", "mailto") for link in article.links)


@SETTINGS
@given(PAGES)
def test_to_markdown_never_raises_and_never_leaks_controls(html):
    markdown, links = to_markdown(html, "https://example.org/base/")
    assert not has_control_characters(markdown)
    assert "![" not in markdown
    assert "javascript:" not in markdown.lower() and "file:" not in markdown and "data:" not in markdown
    for link in links:
        assert link.url.split(":", 1)[0] in ("http", "https", "mailto")
        assert not has_control_characters(link.text)
