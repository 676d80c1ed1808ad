"""Metadata on any site: title, date, every author in order, publisher, report number and PDF, from the
sources think tanks and outlets use (citation_* tags, JSON-LD, Dublin Core, Open Graph, Parse.ly, the byline).

The pages under fixtures/meta are our own prose in the shapes of Brookings, RAND, CSIS, Carnegie, the Atlantic
Council and War on the Rocks (SITES.md); the small pages below test one source each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inkreader import extract_article
from inkreader.extract.authors import split_authors
from inkreader.model import Article
from server import FixtureServer

META = Path(__file__).parent / "fixtures" / "meta"

SHAPES = {
    "brookings": (
        "https://www.brookings.edu/articles/rethinking-harbor-insurance-after-the-strait-closures/",
        {
            "title": "Rethinking Harbor Insurance After the Strait Closures",
            "published": "2026-02-11",
            "authors": ["Odile Marchetti", "Kwame Adjei-Porter", "Lena Varga"],  # Person references resolved
            "publisher": "The Brookings Institution",
        },
    ),
    "rand": (
        "https://www.rand.org/pubs/research_reports/RRA4417-2.html",
        {
            "title": "Counting Icebreakers: Polar Access and Allied Fleets",
            "published": "2026-04-09",  # citation_publication_date "2026/04/09"
            "authors": ["Ingrid Halvorsen", "Tomas Okonjo", "Clara Reyes-Whitfield"],  # "Halvorsen, Ingrid"
            "publisher": "RAND Corporation",
            "report_number": "RR-A4417-2",
            "pdf_url": "https://www.rand.org/content/dam/rand/pubs/research_reports/RRA4400/RRA4417-2/RAND_RRA4417-2.pdf",
        },
    ),
    "csis": (
        "https://www.csis.org/analysis/grid-interconnectors-are-new-pipelines",
        {
            "title": "Grid Interconnectors Are the New Pipelines",
            "published": "2026-05-20",
            "authors": ["Ruth Achterberg", "Davit Sargsyan"],  # givenName + familyName; roles are not people
            "publisher": "Center for Strategic and International Studies",
        },
    ),
    "carnegie": (
        "https://carnegieendowment.org/research/2026/03/coastal-states-fishing-laws",
        {
            "title": "Why Coastal States Are Quietly Rewriting Their Fishing Laws",
            "published": "2026-03-27",  # Parse.ly's JSON tag
            "authors": ["Amara Oyelaran", "Felix Brandauer"],
            "publisher": "Carnegie Endowment for International Peace",
        },
    ),
    "atlantic-council": (
        "https://www.atlanticcouncil.org/blogs/new-atlanticist/the-baltic-ferry-problem/",
        {
            "title": "The Baltic Ferry Problem",
            "published": "2026-01-22",
            # JSON-LD names the first author only; the byline names three, with roles between them
            "authors": ["Imani Castell", "Rafael Quintero", "Sun-Hee Park"],
            "publisher": "Atlantic Council",
        },
    ),
    "war-on-the-rocks": (
        "https://warontherocks.com/2026/06/minesweepers-are-boring-and-that-is-the-point/",
        {
            "title": "Minesweepers Are Boring, and That Is the Point",  # "- War on the Rocks" off og:title
            "published": "2026-06-08",
            "authors": ["Tamsin Reeve", "Idris Mbeki"],  # meta author names one; rel=author links both
            "publisher": "War on the Rocks",
        },
    ),
}


def read_shape(name: str) -> Article:
    url, _ = SHAPES[name]
    return extract_article((META / f"{name}.html").read_text(encoding="utf-8"), url)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_think_tank_and_outlet_shapes(name: str) -> None:
    article = read_shape(name)
    _, expected = SHAPES[name]
    found = {key: getattr(article, key) for key in expected}
    assert found == expected
    assert article.outlet_page is None and article.pages is None
    assert "Related" not in article.markdown  # the related rails hold other people's bylines


def test_read_json_carries_the_fields_over_http(run_cli, server: FixtureServer) -> None:
    page = (META / "rand.html").read_text(encoding="utf-8")
    server.routes["/pubs/research_reports/RRA4417-2.html"] = lambda request: _respond(request, page)
    result = run_cli("read", server.url("/pubs/research_reports/RRA4417-2.html"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["publisher"] == "RAND Corporation" and data["report_number"] == "RR-A4417-2"
    assert data["authors"] == ["Ingrid Halvorsen", "Tomas Okonjo", "Clara Reyes-Whitfield"]
    assert data["outlet_page"] is None and data["pages"] is None


def _respond(request, page: str) -> None:
    from server import respond

    respond(request, 200, page)


# -- one source at a time -------------------------------------------------------------------------------

BODY = "".join(
    f"<p>Paragraph {n} of a piece about harbours, tides and the ships that use them, long enough to be read as "
    "the article and not as furniture around it.</p>"
    for n in range(1, 5)
)


def page(head: str, byline: str = "", url: str = "https://think.example/analysis/harbours") -> Article:
    html = (
        f"<html><head>{head}</head><body><main><article><h1>Harbours and Tides</h1>{byline}"
        f"<div class='content'>{BODY}</div></article></main></body></html>"
    )
    return extract_article(html, url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_citation_authors_in_catalogue_order_become_names_in_order() -> None:
    article = page(
        '<meta name="citation_author" content="Quill, Yara">'
        '<meta name="citation_author" content="Marsh, Zed, Jr.">'
        '<meta name="citation_author" content="Ada Example">'
        '<meta name="citation_date" content="2025/11/04">'
        '<meta name="citation_title" content="Harbours and Tides">'
    )
    assert article.authors == ["Yara Quill", "Zed Marsh, Jr.", "Ada Example"]
    assert article.published == "2025-11-04" and article.title == "Harbours and Tides"


def test_dublin_core_in_either_spelling() -> None:
    article = page(
        '<meta name="DC.creator" content="Ada Example">'
        '<meta name="DC.creator" content="Bo Sample">'
        '<meta name="DCTERMS.issued" content="2024-09-30">'
        '<meta name="dcterms.publisher" content="Harbour Institute">'
    )
    assert article.authors == ["Ada Example", "Bo Sample"]
    assert article.published == "2024-09-30" and article.publisher == "Harbour Institute"


def test_article_author_tags_and_parsely_tags() -> None:
    tags = page(
        '<meta property="article:author" content="https://facebook.example/ada">'
        '<meta name="parsely-author" content="Ada Example">'
        '<meta name="parsely-author" content="Bo Sample">'
        '<meta name="parsely-pub-date" content="2023-05-06T10:00:00Z">'
    )
    assert tags.authors == ["Ada Example", "Bo Sample"] and tags.published == "2023-05-06"
    article_author = page(
        '<meta property="article:author" content="Cy Test">'
        '<meta property="article:author" content="Di Trial">'
        '<meta property="article:published_time" content="2022-02-03T08:00:00Z">'
    )
    assert article_author.authors == ["Cy Test", "Di Trial"] and article_author.published == "2022-02-03"


def test_json_ld_arrays_nesting_and_organisations() -> None:
    top_level_array = page(
        ld(
            [
                {"@type": "WebPage", "name": "Harbours"},
                {
                    "@type": ["NewsArticle", "OpinionNewsArticle"],
                    "author": [{"@type": "Organization", "name": "Harbour Desk"}, "Bo Sample"],
                    "datePublished": "2021-07-08",
                    "publisher": {"@type": "NewsMediaOrganization", "name": "The Tidewater Review"},
                },
            ]
        )
    )
    assert top_level_array.authors == ["Harbour Desk", "Bo Sample"]
    assert top_level_array.published == "2021-07-08" and top_level_array.publisher == "The Tidewater Review"
    main_entity = page(
        ld(
            {
                "@type": "WebPage",
                "mainEntity": {
                    "@type": "Report",
                    "author": {"@type": "Person", "name": {"@value": "Ada Example"}},
                    "reportNumber": "HI-2020-07",
                    "datePublished": "2020-01-02",
                },
            }
        )
    )
    assert main_entity.authors == ["Ada Example"] and main_entity.report_number == "HI-2020-07"
    assert main_entity.published == "2020-01-02"


def test_the_article_at_this_address_wins_over_other_articles_in_the_json_ld() -> None:
    url = "https://think.example/analysis/harbours"
    article = page(
        ld(
            {
                "@graph": [
                    {"@type": "Article", "url": "https://think.example/analysis/other", "author": "Other Person"},
                    {"@type": "Article", "url": url, "author": "Ada Example", "datePublished": "2026-02-03"},
                ]
            }
        ),
        url=url,
    )
    assert article.authors == ["Ada Example"] and article.published == "2026-02-03"


def test_many_authors_are_all_kept_in_order_up_to_twenty() -> None:
    names = [f"Ada Number{chr(65 + n)}" for n in range(24)]
    article = page(ld({"@type": "ScholarlyArticle", "author": [{"@type": "Person", "name": n} for n in names]}))
    assert article.authors == names[:20]


def test_a_printed_byline_when_the_page_has_no_metadata() -> None:
    article = page("<title>Harbours and Tides | Harbour Institute</title>", "<p>By Ada Example and Bo Sample</p>")
    assert article.authors == ["Ada Example", "Bo Sample"]
    assert article.title == "Harbours and Tides" and article.publisher == "Harbour Institute"
    dated = page("", "<div class='meta'><span>By Cy Test | March 3, 2026 | 6 min read</span></div>")
    assert dated.authors == ["Cy Test"]


def test_the_publisher_is_never_guessed_from_the_address() -> None:
    assert page("").publisher is None  # the outlet may fall back to the host; the publisher names itself
    assert page('<meta property="og:site_name" content="Harbour Notes">').publisher == "Harbour Notes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "By Ada Example, Senior Fellow, Energy Program, and Bo Sample, Director, Project on Trade",
            ["Ada Example", "Bo Sample"],
        ),
        ("Ada Example, a senior fellow at the Harbour Institute", ["Ada Example"]),
        ("By Ada Example, Senior Fellow and Director, Maritime Program", ["Ada Example"]),
        ("Authors: Ada Example, Bo Sample", ["Ada Example", "Bo Sample"]),
        ("By Ed van der Berg and Ana de la Cruz", ["Ed van der Berg", "Ana de la Cruz"]),
        ("Alexandra Anderson and Sandy Band", ["Alexandra Anderson", "Sandy Band"]),
        ("CNAS Editorial Staff", ["CNAS Editorial Staff"]),
    ],
)
def test_bylines_with_roles_and_and(text: str, expected: list[str]) -> None:
    assert split_authors(text) == expected


def test_a_page_naming_hundreds_of_contributors_keeps_the_first_twenty() -> None:
    from inkreader.extract.authors import MAX_AUTHORS

    people = "".join(f"<a class='contributor' href='/people/p{n}'>Person Number{n}</a>" for n in range(300))
    html = (
        "<html><head><title>Many Hands | CNAS</title></head><body><main id='content'><article><header>"
        f"<div class='attribution-block'><p>May 7, 2026</p></div><h1 class='page-title'>Many Hands</h1>{people}"
        f"</header><div id='mainbar'><div class='wysiwyg margin-vertical'>{BODY}</div></div></article></main></body>"
        "</html>"
    )
    article = extract_article(html, "https://www.cnas.org/publications/commentary/many-hands")
    assert article.site == "cnas" and len(article.authors) == MAX_AUTHORS
    assert article.authors[:2] == ["Person Number0", "Person Number1"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a post's own footer holds its byline; labels before the name go
        ("<footer class='entry-footer'><span class='byline'>Author Ada Example</span></footer>", ["Ada Example"]),
        ("<div class='author-info'><a href='/author/ada/'>View all posts by Ada Example</a></div>", ["Ada Example"]),
        ("<p class='byline'>Text und Interview: Ada Example</p>", ["Ada Example"]),
        ("<span class='byline'>tlow</span>", ["tlow"]),  # a handle as the whole byline
        ("<p class='byline'>By Ada Example and Bo Sample Monday</p>", ["Ada Example", "Bo Sample"]),
        ("<p class='byline'>By Ada Example, Harbour.com</p>", ["Ada Example"]),
        # not bylines: a label whose name is elsewhere, a sentence, a date in another language
        ("<span class='meta-prep-author'>Veröffentlicht am</span>", []),
        ("<p class='byline'>Artikel von</p>", []),
        ("<div class='byline'>Dezember 10</div>", []),
        ("<p class='author-note'>by the Harbour Board and its pilots</p>", []),
        # comments and related rails hold other people's names
        ("<div class='comments'><span class='comment-author'>Cy Test</span></div>", []),
        ("<section class='related-posts'><p class='byline'>By Di Trial</p></section>", []),
    ],
)
def test_printed_bylines_on_blogs_and_papers(byline: str, expected: list[str]) -> None:
    assert page("", byline).authors == expected


def test_a_name_with_a_site_after_it_in_json_ld_keeps_only_the_person() -> None:
    article = page(ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Troy Example, Harbour.com"}}))
    assert article.authors == ["Troy Example"]


def test_a_printed_date_when_the_page_states_none_in_metadata() -> None:
    assert page("", "<p class='pub-date'>Published March 27, 2026</p>").published == "2026-03-27"
    updated_only = "<p class='date-updated'>Updated March 28, 2026</p>"
    assert page("", updated_only).published is None
    rail = "<aside class='related'><p class='date'>March 1, 2026</p></aside>"
    assert page("", rail).published is None
