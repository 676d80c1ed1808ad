"""The metadata fields of ``read --json``: publisher, outlet_page, pages, report_number (DESIGN.md contract)."""

from __future__ import annotations

import json

from inkreader.model import Article, OutletPage
from server import FixtureServer

COMMENTARY = "/publications/commentary/tidewater-logistics"  # follows to the Inkwell Review
LEGACY = "/publications/commentary/quiet-harbors-sensor-networks"  # no og: tags, "| Center for …" title
REPORT = "/publications/reports/cables-under-pressure"


def test_a_followed_piece_names_its_publisher_and_the_outlets_page(run_cli, site_server: FixtureServer) -> None:
    result = run_cli("read", site_server.url(COMMENTARY), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["followed"] is True
    assert data["publisher"] == "CNAS"  # the page's own og:site_name, not a name we know
    assert data["outlet_page"] == {
        "url": site_server.url("/outlets/inkwell/2026/03/tidewater-logistics"),
        "title": "Tidewater Logistics: Port Resilience Is a Deterrence Question",
        "published": "2026-03-03",
        "authors": ["Imogen Castellanos", "Marguerite Okafor"],
    }
    assert data["pages"] is None and data["report_number"] is None


def test_without_follow_there_is_no_outlet_page_and_the_publisher_comes_from_the_title(
    run_cli, site_server: FixtureServer
) -> None:
    data = json.loads(run_cli("read", site_server.url(LEGACY), "--json", "--no-follow").stdout)
    assert data["followed"] is False and data["outlet_page"] is None
    assert data["publisher"] == "Center for a New American Security"  # "Title | Center for a New American Security"
    report = json.loads(run_cli("read", site_server.url(REPORT), "--json").stdout)
    assert report["publisher"] == "CNAS" and report["outlet_page"] is None and report["pages"] is None


def test_articles_stored_before_the_fields_existed_give_null() -> None:
    old = {"url": "https://x.example/a", "final_url": "https://x.example/a", "site": "generic", "kind": "article"}
    article = Article.from_record({**old, "title": "A", "markdown": "Body.\n"})
    data = article.to_json()
    assert (data["publisher"], data["outlet_page"], data["pages"], data["report_number"]) == (None, None, None, None)
    page = OutletPage("https://outlet.example/a", "Headline", "2026-01-02", ["Ada Example"])
    stored = Article(**{**old, "title": "A", "markdown": "", "outlet_page": page}).to_record()
    assert Article.from_record(stored).outlet_page == page
    broken = Article.from_record({**old, "title": "A", "markdown": "", "outlet_page": {"title": "no address"}})
    assert broken.outlet_page is None


def test_the_library_keeps_the_fields_and_the_summary_view_has_no_outlet_page(
    run_cli, site_server: FixtureServer
) -> None:
    url = site_server.url(COMMENTARY)
    first = json.loads(run_cli("read", url, "--json").stdout)
    offline = json.loads(run_cli("read", url, "--json", "--offline").stdout)
    assert offline["from_cache"] is True
    assert (offline["publisher"], offline["outlet_page"]) == (first["publisher"], first["outlet_page"])
    summary = json.loads(run_cli("read", url, "--json", "--offline", "--no-follow").stdout)
    assert summary["followed"] is False and summary["outlet_page"] is None and summary["publisher"] == "CNAS"
