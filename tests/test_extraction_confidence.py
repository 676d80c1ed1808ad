"""Every extraction says how it was made and how sure it is: kept in the Article, given by ``read --json``."""

from __future__ import annotations

from inkreader import extract_article
from inkreader.model import Article, Extraction

ESSAY = "".join(
    f"<p>Paragraph {n} of the essay on canal locks tells how the keepers worked the gates by hand, and why the "
    f"village kept the old winch house after the motors came in the spring of that year.</p>"
    for n in range(8)
)


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Locks</title>{head}</head><body>{body}</body></html>"


def test_a_clear_article_is_generic_and_sure():
    page = _page(
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav><article>{ESSAY}</article>'
        '<footer><a href="/about">About</a></footer>'
    )
    extraction = extract_article(page, "https://example.org/locks").extraction
    assert extraction is not None and extraction.method == "generic"
    assert extraction.confidence >= 0.8


def test_two_equal_candidates_make_a_less_sure_choice():
    other = ESSAY.replace("canal locks", "river weirs").replace("Paragraph", "Part")
    sure = extract_article(_page(f"<article>{ESSAY}</article>"), "https://example.org/a").extraction
    unsure = extract_article(
        _page(f"<article>{ESSAY}</article><div class='story'>{other}</div>"), "https://example.org/b"
    ).extraction
    assert sure is not None and unsure is not None
    assert unsure.confidence < sure.confidence


def test_extraction_is_in_the_json_and_old_records_give_null():
    article = extract_article(_page(f"<article>{ESSAY}</article>"), "https://example.org/locks")
    data = article.to_json()
    assert set(data["extraction"]) == {"method", "confidence"} and data["extraction"]["method"] == "generic"
    restored = Article.from_record(article.to_record())
    assert restored.extraction == article.extraction
    old = article.to_record()
    del old["extraction"]  # an article cached before extractions said how they were made
    cached = Article.from_record(old)
    assert cached.extraction is None and cached.to_json()["extraction"] is None


def test_extraction_json_rounds_the_confidence():
    assert Extraction("reconciled", 0.123456).to_json() == {"method": "reconciled", "confidence": 0.123}


def test_the_pages_own_stated_body_makes_a_thin_looking_choice_sure():
    text = (
        "The lock keepers voted on Tuesday to keep the night crossings open, and the board agreed to pay for "
        "the extra hours out of the summer tolls."
    )
    rail = "".join(f'<li><a href="/s{n}">Another story about the harbour number {n}</a></li>' for n in range(30))
    ld = '{"@type": "NewsArticle", "articleBody": "' + text + '"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    page = _page(f"<div class='story'><p>{text}</p></div><ul class='more'>{rail}</ul>", head)
    bare = _page(f"<div class='story'><p>{text}</p></div><ul class='more'>{rail}</ul>")
    stated = extract_article(page, "https://example.org/keepers").extraction
    unstated = extract_article(bare, "https://example.org/keepers").extraction
    assert stated is not None and unstated is not None
    assert stated.confidence >= 0.9 > unstated.confidence
