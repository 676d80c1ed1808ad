"""Pages where the generic extractor could choose wrong or find nothing: the article is still found, and only
the article (our own pages in the shapes these failures take)."""

from __future__ import annotations

import pytest
from generic_helpers import fetch_fixture
from lxml import html as lxml_html

from inkreader import extract_article
from inkreader.errors import ExtractError
from inkreader.extract import fallback, generic

BUS = "the new bus route runs from the station to the hospital"
CHOIR = "the choir from the upper town will sing"


def test_a_short_story_beats_a_longer_contact_block_beside_the_pages_main_part(server):
    html, url = fetch_fixture(server, "short-story-contact.html")
    md = extract_article(html, url).markdown
    assert "The change keeps the crossing clear of the new freight barges." in md
    assert "Season tickets stay valid." in md
    assert "reader desk" not in md and "Contact us" not in md


def test_an_article_repeated_as_escaped_data_is_read_once_without_escapes(server):
    html, url = fetch_fixture(server, "escaped-inline-data.html")
    md = extract_article(html, url).markdown
    assert md.count("voted on Tuesday to keep the night crossings") == 1
    assert "\\u2019" not in md and "<\\/p>" not in md and '{"' not in md
    assert "The lock keepers’ union" in md


@pytest.mark.parametrize("name", ["feed-next-article.html", "second-article-appended.html"])
def test_the_story_the_title_names_and_not_the_one_after_it(server, name):
    html, url = fetch_fixture(server, name)
    md = extract_article(html, url).markdown
    assert md.count(BUS) == 4
    assert CHOIR not in md and "roof fund" not in md


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("one-paragraph-main.html", "The library on Mill Street opens at nine and closes at five"),
        ("product.html", "Cut from a single piece of oiled oak"),
        ("short-story.html", "The old bridge is closed until Thursday for repairs."),
        ("body-in-link.html", "The market runs from six until midnight"),
    ],
)
def test_a_page_whose_text_passes_no_article_test_still_shows_it(server, name, words):
    html, url = fetch_fixture(server, name)
    article = extract_article(html, url)
    assert words in article.markdown
    assert article.extraction is not None and 0 <= article.extraction.confidence <= 1


@pytest.mark.parametrize(
    ("html", "said"),
    [
        ('<html><frameset><frame src="a.html"><frame src="b.html"></frameset></html>', "frameset"),
        ('<html><body><p><img src="/poster.jpg"></p></body></html>', "only an image"),
        ('<html><body><div id="app"></div><script src="/app.js"></script></body></html>', "only scripts"),
    ],
)
def test_an_empty_page_is_refused_saying_what_it_holds(html, said):
    with pytest.raises(ExtractError, match="No readable article text") as refused:
        extract_article(html, "https://example.org/empty")
    assert said in str(refused.value)


def test_a_json_ld_body_escaped_twice_reads_as_text():
    body = "It\\\\u2019s the keepers\\\\u2019 night: " + "the gates open at dusk and close at dawn. " * 6
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "'
        + body
        + '"}</script></head><body><div id="app"></div></body></html>'
    )
    md = extract_article(html, "https://example.org/keepers").markdown
    assert md.startswith("It’s the keepers’ night") and "\\u2019" not in md


def test_an_article_in_a_script_without_spaces_is_read_not_its_dateline(server):
    html, url = fetch_fixture(server, "cjk-article.html")
    article = extract_article(html, url)
    assert "平日は午後八時まで利用できる" in article.markdown
    assert "祝日は従来どおり休館" in article.markdown
    assert "11時30分" not in article.markdown


PROSE = "".join(
    f"<p>Section {n}: the water board measured the spring floods at the weir, and the banks held better than "
    "in any year since the new walls went in.</p>"
    for n in range(6)
)


def test_a_thin_post_gives_way_to_the_second_opinions_article(monkeypatch):
    monkeypatch.setattr(fallback, "second_opinion", lambda html: lxml_html.fromstring(f"<div>{PROSE}</div>"))
    dateline = lxml_html.fromstring("<div><p>[06月24日 11時30分]</p></div>")
    fragment, extraction = generic._nothing_plausible([], "<html></html>", dateline)
    assert fragment is not None and "Section 5: the water board" in fragment.text_content()
    assert extraction.method == "fallback"


def test_a_one_line_post_with_its_document_link_stays_the_post(monkeypatch):
    monkeypatch.setattr(fallback, "second_opinion", lambda html: lxml_html.fromstring(f"<div>{PROSE}</div>"))
    post = lxml_html.fromstring('<div><p>Slides: <a href="/talk.pdf">the talk</a></p></div>')
    fragment, extraction = generic._nothing_plausible([], "<html></html>", post)
    assert fragment is post and extraction.method == "generic"


def test_links_alone_are_no_sentence_so_no_fallback(monkeypatch):
    monkeypatch.setattr(
        fallback, "second_opinion", lambda html: lxml_html.fromstring("<div><p>Home\nNews\nAbout us</p></div>")
    )
    assert generic._nothing_plausible([], "<html></html>", None)[0] is None
