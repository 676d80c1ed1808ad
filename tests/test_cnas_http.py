"""The fixture site over real HTTP: CNAS pages extract from the loopback server and their outside links,
listing pagination and related cards lead to pages the server really serves."""

from __future__ import annotations

import httpx

from inkreader import extract_article


def get(url: str) -> httpx.Response:
    response = httpx.get(url, timeout=10)
    response.raise_for_status()
    return response


def test_commentary_over_http_links_to_served_outlet(site_server):
    url = site_server.url("/publications/commentary/tidewater-logistics")
    article = extract_article(get(url).text, url)
    assert article.site == "cnas" and article.outlet == "Inkwell Review"
    assert article.full_article_url == site_server.url("/outlets/inkwell/2026/03/tidewater-logistics")
    outlet_page = get(article.full_article_url)
    assert "entry-content" in outlet_page.text
    # the related cards that point into the fixture site are served too
    for item in article.related[:3]:
        assert get(item.url).status_code == 200


def test_legacy_commentary_links_to_raw_cp1252_outlet(site_server):
    url = site_server.url("/publications/commentary/quiet-harbors-sensor-networks")
    article = extract_article(get(url).text, url)
    assert article.full_article_url == site_server.url("/outlets/harbor/2019/03/quiet-harbors")
    response = get(article.full_article_url)
    assert response.headers["content-type"] == "text/html"  # no charset anywhere
    assert b"charset" not in response.content.lower()
    assert "Saint-Aub\u00e9ry".encode("cp1252") in response.content  # windows-1252 bytes
    assert "\u201cWe had the data,\u201d".encode("cp1252") in response.content


def test_listing_pages_chain_over_http(site_server):
    url = site_server.url("/articles-multimedia")
    seen = []
    pages = 0
    while url and pages < 5:
        article = extract_article(get(url).text, url)
        assert article.kind == "listing"
        seen.extend(item.title for item in article.related)
        url = article.next_url
        pages += 1
    assert pages == 2 and len(seen) == 27 and len(set(seen)) == 27


def test_report_and_person_over_http(site_server):
    for path, kind in (
        ("/publications/reports/cables-under-pressure", "report"),
        ("/people/imogen-castellanos", "person"),
        ("/publications/podcast/signal-flags-41-drones-over-shipping-lanes", "podcast"),
    ):
        url = site_server.url(path)
        article = extract_article(get(url).text, url)
        assert (article.site, article.kind) == ("cnas", kind)
