"""The CNAS adapter on every fixture page: fields, related cards, follow-through link, listings, people."""

from __future__ import annotations

import re

import pytest
from cnas_helpers import BASE, SITE, fixture_html, fixture_url

from inkreader import extract_article
from inkreader.errors import ExtractError
from inkreader.model import Article
from inkreader.text import has_control_characters

TIDEWATER = "publications/commentary/tidewater-logistics.html"
HARBORS = "publications/commentary/quiet-harbors-sensor-networks.html"
GRAIN = "publications/commentary/grain-corridor-referee.html"
REPORT = "publications/reports/cables-under-pressure.html"
PODCAST = "publications/podcast/signal-flags-41-drones-over-shipping-lanes.html"
LISTING1 = "articles-multimedia.html"
LISTING2 = "articles-multimedia/p2.html"
PERSON = "people/imogen-castellanos.html"
CNAS_PAGES = [TIDEWATER, HARBORS, GRAIN, REPORT, PODCAST, LISTING1, LISTING2, PERSON]


def extract(relative: str, url: str | None = None) -> Article:
    return extract_article(fixture_html(relative), url or fixture_url(relative))


def all_strings(article: Article):
    data = article.to_record()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


# -- commentary, current markup ------------------------------------------------------------------------
def test_current_commentary_fields():
    article = extract(TIDEWATER)
    assert article.site == "cnas"
    assert article.kind == "commentary"
    assert article.title == "Tidewater Logistics: Port Resilience Is a Deterrence Question"
    assert article.published == "2026-03-03"
    assert article.authors == ["Imogen Castellanos", "Col. Marguerite Okafor, USA (Ret.)"]
    assert article.outlet == "Inkwell Review"
    assert article.full_article_url == f"{BASE}/outlets/inkwell/2026/03/tidewater-logistics"
    assert article.summary.startswith("Ports that cannot reopen")
    assert article.url == fixture_url(TIDEWATER) and article.final_url == fixture_url(TIDEWATER)
    md = article.markdown
    assert md.startswith("When planners talk about deterrence")
    assert "“homeland”" in md
    # the follow-through line stays in the CNAS body (it is the CNAS summary)
    assert f"Read the full article from [Inkwell Review]({BASE}/outlets/inkwell/2026/03/tidewater-logistics)." in md
    # not body: nav, script, authors section, more-from-cnas, footer
    for absent in (
        "not body text",
        "Senior Fellow, Maritime Security",
        "More from CNAS",
        "Footer",
        "Home",
        "View All Reports",
        "Grain Corridor",
    ):
        assert absent not in md
    assert [link.text for link in article.links] == ["Inkwell Review"]


def test_current_commentary_related_cards():
    related = extract(TIDEWATER).related
    assert [item.kind for item in related] == ["commentary", "commentary", "podcast", "commentary"]
    grain, harbors, podcast, ferry = related
    assert grain.url == f"{BASE}/publications/commentary/grain-corridor-referee"
    assert grain.title == "The Grain Corridor Compact Needs a Referee"
    assert grain.program == "Energy, Economics & Security"
    assert grain.outlet == "Quarterdeck Weekly"
    assert grain.published == "2026-05-07"
    assert grain.authors == ["Jonah Feld, Jr.", "Priya Anand-Lowell"]
    assert grain.summary.endswith("....") and "Basic disagreement" in grain.summary
    # relative href resolved against the page; card without outlet
    assert harbors.url == f"{BASE}/publications/commentary/quiet-harbors-sensor-networks"
    assert harbors.outlet is None and harbors.published == "2019-03-08"
    # podcast card: no programme, no outlet
    assert podcast.program is None and podcast.outlet is None and podcast.published == "2026-04-02"
    # preview tokens stripped; three authors with a comma suffix and an odd-capitals title
    assert ferry.url == "https://www.cnas.org/publications/commentary/ferry-fleets-in-wartime"
    assert ferry.authors == ["Dr. ED Whitcombe", "Imogen Castellanos", "Col. Marguerite Okafor, USA (Ret.)"]
    assert ferry.outlet == "The Lantern Quarterly"


# -- commentary, legacy markup -----------------------------------------------------------------------------
def test_legacy_commentary_fields():
    article = extract(HARBORS)
    assert article.site == "cnas" and article.kind == "commentary"
    assert article.title == "Quiet Harbors: Sensor Networks and the Coastal Gap"
    assert article.published == "2019-03-08"  # zero-padded, after the "Image credit" line
    assert article.authors == ["Tobias Reinholt"]
    assert article.outlet == "The Harbor Dispatch"  # words after "in", period removed
    assert article.full_article_url == f"{BASE}/outlets/harbor/2019/03/quiet-harbors"
    assert "Image credit" not in article.markdown
    assert article.markdown.startswith("Most coastlines")
    assert "Read the full article and more in The Harbor Dispatch." in article.markdown
    assert article.related == []


def test_commentary_without_outside_link():
    article = extract(GRAIN)
    assert article.title == "The Grain Corridor Compact Needs a Referee"  # "– CNAS" stripped
    assert article.published == "2026-05-07"  # "MAY 7, 2026"
    assert article.authors == ["Jonah Feld, Jr.", "Priya Anand-Lowell"]
    assert article.full_article_url is None and article.outlet is None
    md = article.markdown
    assert "## Who counts the ships" in md and "> “An inspection regime" in md
    assert "- publish weekly tonnage figures" in md
    assert f"[report on shared maritime infrastructure]({BASE}/publications/reports/cables-under-pressure)" in md


# -- report ----------------------------------------------------------------------------------------------
def test_report_fields_sections_and_pdfs():
    article = extract(REPORT)
    assert article.kind == "report"
    assert article.published == "2026-06-12"
    assert article.authors == ["Imogen Castellanos", "Tobias Reinholt", "Priya Anand-Lowell"]
    assert article.summary.startswith("A fictional study")
    md = article.markdown
    for heading in ("### Summary", "### How Cables Fail", "### The Repair Bottleneck", "### Recommendations"):
        assert heading in md
    assert "[Download PDF](https://s3.us-east-1.amazonaws.com/files.cnas.org/documents/CablesUnderPressure.pdf)" in md
    # protocol-relative legacy button: https added, nothing else changed
    assert "(https://s3.amazonaws.com/files.cnas.org/documents/CablesUnderPressure-Brief)" in md
    urls = [link.url for link in article.links]
    assert "https://s3.amazonaws.com/files.cnas.org/documents/CablesUnderPressure-Brief" in urls
    assert "#mainbar-toc" not in md and "Contents" not in md  # back-to-top icons and the TOC sidebar
    assert "Senior Fellow" not in md and "Arctic Relay" not in md  # Authors / More from CNAS are not body
    assert "| Anchors and trawling | 66% |" in md
    assert [item.title for item in article.related] == [
        "Tidewater Logistics: Port Resilience Is a Deterrence Question",
        "Arctic Relay Stations and the Northern Data Route",
    ]


def test_report_footnotes_link_both_ways():
    # One endnote scheme for every site (convert's): [n](#note-n) markers, and under "## Notes" one ordered
    # list whose items carry their own numbers, each note linking back to the marker's section.
    md = extract(REPORT).markdown
    markers = re.findall(r"\[(\d+)\]\(#note-(\d+)\)", md)
    items = re.findall(r"^(\d+)\. ", md.split("\n## Notes\n", 1)[1], re.MULTILINE)
    assert markers == [(n, n) for n in ("1", "2", "3", "4")]
    assert items == ["1", "2", "3", "4"]
    assert "fewer than forty undersea cables.[1](#note-1) Most faults" in md
    body, notes = md.split("\n## Notes\n", 1)
    assert "#### Note" not in body and md.count("## Notes") == 1
    note2 = notes.split("\n2. ", 1)[1].split("\n3. ", 1)[0]
    assert "Harbor Engineering Review, “Fault Causes, 2015–2025,” [online summary](" in note2
    # back-links land on the heading of the section holding the marker
    assert note2.rstrip().endswith("[↩](#how-cables-fail)")
    assert "### How Cables Fail" in body
    assert "#ref" not in md and "#fn" not in md and "[^" not in md and "inkreader-note" not in md
    assert "Endnotes" not in md


# -- podcast ---------------------------------------------------------------------------------------------
def test_podcast_player_becomes_listen_line():
    article = extract(PODCAST)
    assert article.kind == "podcast"
    assert article.title == "Signal Flags, Episode 41: Drones Over the Shipping Lanes"
    assert article.published == "2026-04-02"
    assert article.authors == ["Tobias Reinholt"]
    first_line = article.markdown.splitlines()[0]
    assert first_line.startswith("Listen: ") and f"{BASE}/media/signal-flags/41" in first_line
    assert "- the rules of engagement nobody has written yet;" in article.markdown
    assert "<iframe" not in article.markdown


# -- listings -----------------------------------------------------------------------------------------------
def test_listing_first_page():
    article = extract(LISTING1)
    assert article.kind == "listing"
    assert article.title == "Articles & Multimedia"
    assert len(article.related) == 20
    assert article.next_url == f"{BASE}/articles-multimedia/p2"
    assert article.summary == "Showing 1-20 of 27 Publications"
    first = article.related[0]
    assert (first.kind, first.program, first.published, first.outlet) == (
        "report",
        "Technology & National Security",
        "2026-06-12",
        None,
    )
    assert first.authors == ["Imogen Castellanos", "Tobias Reinholt", "Priya Anand-Lowell"]
    kinds = {item.kind for item in article.related}
    assert {
        "report",
        "commentary",
        "podcast",
        "video",
        "congressional-testimony",
        "transcript",
        "blog",
        "press-release",
    } <= kinds
    press = next(item for item in article.related if item.kind == "press-release")
    assert press.authors == [] and press.published == "2025-06-02"
    with_outlet = [item for item in article.related if item.outlet]
    assert {item.outlet for item in with_outlet} == {
        "Quarterdeck Weekly",
        "Inkwell Review",
        "The Lantern Quarterly",
        "The Harbor Dispatch",
    }
    assert all(item.published for item in article.related)
    md = article.markdown
    assert md.startswith("Showing 1-20 of 27 Publications")
    for item in article.related:
        assert item.title in md
    assert len(article.to_json()["related"]) == 20 and article.to_json()["next_url"] == article.next_url


def test_listing_last_page_has_no_next():
    article = extract(LISTING2)
    assert article.kind == "listing" and article.title == "Articles & Multimedia"
    assert len(article.related) == 7
    assert article.next_url is None
    assert article.related[3].title == "Quiet Harbors: Sensor Networks and the Coastal Gap"


def test_listing_next_derived_from_showing_line():
    html = re.sub(r'<nav class="pagination">.*?</nav>', "", fixture_html(LISTING1), flags=re.DOTALL)
    article = extract_article(html, "https://cnas.org/articles-multimedia?type=commentary&x-craft-preview=9")
    assert article.url == "https://www.cnas.org/articles-multimedia?type=commentary"
    assert article.next_url == "https://www.cnas.org/articles-multimedia/p2?type=commentary"
    article = extract_article(html, "https://www.cnas.org/reports/p3?area=defense")
    assert article.kind == "listing"
    assert article.next_url == "https://www.cnas.org/reports/p4?area=defense"


def test_listing_recognised_without_listing_url():
    """A saved listing with an unhelpful name is still a listing (cards, no article body)."""
    article = extract_article(fixture_html(LISTING1), "http://127.0.0.1:8000/saved/page-17")
    assert article.kind == "listing" and len(article.related) == 20


# -- people ------------------------------------------------------------------------------------------------
def test_person_page():
    article = extract(PERSON)
    assert article.kind == "person"
    assert article.title == "Imogen Castellanos"
    assert article.summary == "Senior Fellow, Maritime Security Program"
    assert article.markdown.startswith("Imogen Castellanos is a Senior Fellow")
    assert "*Inkwell Review*" in article.markdown
    assert "Dredging Is Defense" not in article.markdown
    assert [item.title for item in article.related] == [
        "Cables Under Pressure: Securing the Undersea Data Backbone",
        "Tidewater Logistics: Port Resilience Is a Deterrence Question",
        "Dredging Is Defense",
    ]
    assert article.published is None  # card dates are never the page's


# -- recognising CNAS pages wherever they are ---------------------------------------------------------------
@pytest.mark.parametrize("relative", CNAS_PAGES)
def test_fingerprint_on_loopback_and_file_urls(relative: str):
    on_server = extract(relative)
    assert on_server.site == "cnas"
    file_url = (SITE / relative).resolve().as_uri()
    from_file = extract_article(fixture_html(relative), file_url)
    assert from_file.site == "cnas"
    assert from_file.kind == on_server.kind and from_file.title == on_server.title
    assert from_file.published == on_server.published and from_file.authors == on_server.authors
    # links inside a saved page never point at local files
    assert all(not link.url.startswith("file:") for link in from_file.links)
    assert all(not item.url.startswith("file:") for item in from_file.related)


def test_saved_file_resolves_relative_links_against_canonical_address():
    article = extract_article(fixture_html(TIDEWATER), (SITE / TIDEWATER).resolve().as_uri())
    harbors = article.related[1]
    assert harbors.url == "https://www.cnas.org/publications/commentary/quiet-harbors-sensor-networks"


@pytest.mark.parametrize("relative", ["outlets/inkwell/2026/03/tidewater-logistics.html"])
def test_outlet_pages_are_not_cnas(relative: str):
    assert extract(relative).site != "cnas"


@pytest.mark.parametrize(
    "title",
    ["Quiet Harbors | CNAS", "Quiet Harbors - CNAS", "Quiet Harbors — Center for a New American Security"],
)
def test_title_suffix_alone_is_a_fingerprint(title: str):
    html = (
        f"<html><head><title>{title}</title></head><body><main><h1>Quiet Harbors</h1>"
        "<p>Enough text to read about harbors and sensors.</p></main></body></html>"
    )
    article = extract_article(html, "http://127.0.0.1:8000/some/saved/copy")
    assert article.site == "cnas" and article.title == "Quiet Harbors"


def test_more_from_cnas_section_alone_is_a_fingerprint():
    html = (
        "<html><head><title>Piece</title></head><body><article><h1>Piece</h1><div class='body'>"
        "<p>Body text of a piece that is long enough to read.</p></div></article>"
        "<section><h2>More from CNAS</h2><ul><li><a href='/publications/commentary/x'>X</a>"
        "<ul><li>May 1, 2020</li></ul></li></ul></section></body></html>"
    )
    article = extract_article(html, "http://127.0.0.1:9/p")
    assert article.site == "cnas"
    assert article.published is None  # the card's date is not the page's
    assert [item.title for item in article.related] == ["X"]
    assert "Body text" in article.markdown


def test_host_alone_chooses_cnas():
    html = "<html><head><title>Plain</title></head><body><h1>Plain</h1><p>Some text.</p></body></html>"
    assert extract_article(html, "https://cnas.org/publications/blog/plain").site == "cnas"
    assert extract_article(html, "https://cnas.org/publications/blog/plain").kind == "blog"
    assert (
        extract_article(html, "https://cnas.org/publications/blog/plain").url
        == "https://www.cnas.org/publications/blog/plain"
    )


# -- robustness ---------------------------------------------------------------------------------------------
def test_related_card_dates_never_become_the_page_date():
    html = fixture_html(TIDEWATER).replace("<p>March 3, 2026</p>", "<p></p>")
    article = extract_article(html, fixture_url(TIDEWATER))
    assert article.published is None
    assert article.related[0].published == "2026-05-07"


def test_control_characters_never_reach_fields():
    nasty = "\x1b[31mRED\x1b[0m\x07\x1b]52;c;aGk=\x07"
    html = (
        fixture_html(TIDEWATER)
        .replace("Tidewater Logistics: Port", f"Tidewater{nasty} Logistics: Port")
        .replace("Imogen Castellanos</a>", f"Imogen{nasty} Castellanos</a>")
        .replace("Ferry Fleets in Wartime</a>", f"Ferry{nasty} Fleets</a>")
        .replace("When planners", f"When{nasty} planners")
        .replace(
            'href="/publications/commentary/quiet-harbors-sensor-networks"',
            'href="/publications/commentary/quiet-\x1b[2Jharbors-sensor-networks"',
        )
    )
    article = extract_article(html, fixture_url(TIDEWATER))
    for value in all_strings(article):
        assert not has_control_characters(value), repr(value)
    assert "RED" in article.title
    assert article.related[1].url == f"{BASE}/publications/commentary/quiet-harbors-sensor-networks"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Nothing | CNAS</title></head><body><main id='content'></main></body></html>",
        "<html><head><meta property='og:site_name' content='CNAS'></head><body><script>app()</script></body></html>",
        "<html><head><title>Shell | CNAS</title></head>"
        "<body><div id='mainbar'><div class='wysiwyg'></div></div></body></html>",
    ],
)
def test_unreadable_cnas_page_is_an_extract_error(html: str):
    with pytest.raises(ExtractError) as info:
        extract_article(html, "https://www.cnas.org/publications/commentary/empty")
    message = str(info.value)
    assert "\n" not in message and "CNAS" in message


def test_empty_document_is_an_extract_error():
    with pytest.raises(ExtractError):
        extract_article("   ", "https://www.cnas.org/")


def test_every_fixture_is_clean_and_has_markdown():
    for relative in CNAS_PAGES:
        article = extract(relative)
        assert article.markdown.strip(), relative
        for value in all_strings(article):
            assert not has_control_characters(value), (relative, value)


# -- never a traceback ----------------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["commentary/x", "reports/y", "podcast/z"]))
def test_arbitrary_cnas_markup_gives_article_or_extract_error(text: str, path: str):
    html = f"<html><head><title>T | CNAS</title></head><body><main id='content'>{text}</main></body></html>"
    try:
        article = extract_article(html, f"https://www.cnas.org/publications/{path}")
    except ExtractError as error:
        assert "\n" not in str(error)
    else:
        assert article.site == "cnas"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CNAS_PAGES), st.floats(min_value=0.0, max_value=1.0))
def test_truncated_fixture_pages_never_crash(relative: str, fraction: float):
    html = fixture_html(relative)
    cut = html[: int(len(html) * fraction)]
    try:
        article = extract_article(cut, fixture_url(relative))
    except ExtractError:
        return
    assert article.site in ("cnas", "generic")
