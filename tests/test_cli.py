"""The installed ``inkreader`` command, end to end over real HTTP against the loopback fixture server."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from server import FixtureServer, respond

COMMENTARY = "/publications/commentary/tidewater-logistics"  # current markup, follows to Inkwell
LEGACY = "/publications/commentary/quiet-harbors-sensor-networks"  # legacy markup, follows to Harbor
FULL = "/publications/commentary/grain-corridor-referee"  # CNAS text, nothing to follow
REPORT = "/publications/reports/cables-under-pressure"
LISTING = "/articles-multimedia"

JSON_KEYS = {
    "url",
    "final_url",
    "site",
    "kind",
    "title",
    "published",
    "authors",
    "outlet",
    "summary",
    "full_article_url",
    "followed",
    "markdown",
    "related",
    "links",
    "fetched_at",
    "from_cache",
    "offline",
}


def assert_clean_failure(result, *, fragment: str = "") -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("inkreader: ")
    assert fragment.lower() in lines[0].lower()


def test_version_and_help(run_cli) -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("inkreader ")
    helped = run_cli("--help")
    assert helped.returncode == 0 and "read" in helped.stdout
    usage = run_cli("read")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--offline"],
        ["https://www.cnas.org/publications/commentary/x"],
        ["--offline", "www.cnas.org/x", "--data-dir", "/tmp/somewhere"],
        ["--data-dir=/tmp/a", "127.0.0.1:8000/x", "--offline"],
        ["--data-dir", "/tmp/a", "--data-dir", "/tmp/b"],
    ],
)
def test_the_readers_own_launch_is_read_as_the_full_parser_reads_it(argv: list[str]) -> None:
    from inkreader.cli import parse_with_parser, reader_launch

    quick = reader_launch(list(argv))
    assert quick is not None
    full_args, full_target = parse_with_parser(list(argv))
    assert (vars(quick[0]), quick[1]) == (vars(full_args), full_target)


@pytest.mark.parametrize(
    "argv",
    [["read", "x.org"], ["--off", "x.org"], ["x.org", "y.org"], ["--data-dir"], ["--help"], ["sav"], ["--", "x.org"]],
)
def test_everything_else_takes_the_full_parser(argv: list[str]) -> None:
    from inkreader.cli import build_parser, command_names, reader_launch, subcommands

    assert reader_launch(list(argv)) is None
    assert command_names() == set(subcommands(build_parser()))


def test_read_follows_through_to_the_outlet(run_cli, site_server: FixtureServer) -> None:
    result = run_cli("read", site_server.url(COMMENTARY), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= JSON_KEYS
    assert data["site"] == "cnas" and data["kind"] == "commentary"
    assert data["followed"] is True
    assert data["outlet"] == "Inkwell Review"
    assert data["full_article_url"] == site_server.url("/outlets/inkwell/2026/03/tidewater-logistics")
    assert data["published"] == "2026-03-03"
    assert "Col. Marguerite Okafor, USA (Ret.)" in data["authors"]
    assert "cranes" in data["markdown"]  # the outlet's full text, not the CNAS summary
    assert "Read the full article" not in data["markdown"]
    assert len(data["related"]) == 4
    assert {"url", "title", "kind", "outlet", "published", "summary", "authors"} <= set(data["related"][0])
    assert data["from_cache"] is False and data["offline"] is False
    # the text shown is the outlet's: its extraction says how that text was found, not the CNAS page's
    assert data["extraction"]["method"] in ("generic", "reconciled") and 0 < data["extraction"]["confidence"] <= 1


def test_read_markdown_and_no_follow(run_cli, site_server: FixtureServer) -> None:
    followed = run_cli("read", site_server.url(LEGACY))
    assert followed.returncode == 0, followed.stderr
    assert followed.stdout.startswith("# Quiet Harbors")
    assert "Full text from The Harbor Dispatch" in followed.stdout
    assert "Café" in followed.stdout or "é" in followed.stdout  # windows-1252 outlet decoded right

    summary = run_cli("read", site_server.url(LEGACY), "--no-follow", "--json")
    data = json.loads(summary.stdout)
    assert data["followed"] is False
    assert data["extraction"] == {"method": "cnas", "confidence": 1.0}
    assert "Read the full article and more in" in data["markdown"]
    assert data["full_article_url"].endswith("/outlets/harbor/2019/03/quiet-harbors")


def test_read_listing_gives_cards_and_next_page(run_cli, site_server: FixtureServer) -> None:
    data = json.loads(run_cli("read", site_server.url(LISTING), "--json").stdout)
    assert data["kind"] == "listing"
    assert len(data["related"]) == 20
    assert data["next_url"].endswith("/articles-multimedia/p2")
    # A listing is a table of contents, not a piece: search finds the pieces, never the listing page.
    hits = json.loads(run_cli("search", "Tidewater", "--json").stdout)
    assert site_server.url(LISTING) not in [hit["url"] for hit in hits]


def test_read_local_file(run_cli, tmp_path: Path, site_server: FixtureServer) -> None:
    page = Path(__file__).parent / "fixtures" / "site" / FULL.lstrip("/")
    local = tmp_path / "saved-page.html"
    local.write_text(page.with_suffix(".html").read_text().replace("{{BASE}}", site_server.base_url))
    result = run_cli("read", str(local), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["url"].startswith("file://")
    assert data["site"] == "cnas"
    assert data["title"] == "The Grain Corridor Compact Needs a Referee"


def test_global_options_before_and_after(run_cli, site_server: FixtureServer, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    before = run_cli("--data-dir", str(elsewhere), "read", site_server.url(FULL))
    assert before.returncode == 0, before.stderr
    assert (elsewhere / "library.db").exists()
    after = run_cli("read", site_server.url(FULL), "--offline", "--data-dir", str(elsewhere))
    assert after.returncode == 0, after.stderr


def test_offline_reads_the_cache_and_says_so(run_cli, server: FixtureServer) -> None:
    url = server.url(COMMENTARY)
    assert run_cli("read", url).returncode == 0
    server.stop()
    result = run_cli("read", url, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from_cache"] is True and data["offline"] is True
    assert data["followed"] is True and "cranes" in data["markdown"]
    assert "Offline copy from" in result.stderr
    explicit = run_cli("--offline", "read", url)
    assert explicit.returncode == 0 and "Tidewater" in explicit.stdout

    never_seen = run_cli("read", server.url(REPORT))
    assert_clean_failure(never_seen)
    offline_unknown = run_cli("read", server.url(REPORT), "--offline")
    assert_clean_failure(offline_unknown, fragment="not in the library")


def test_revalidation_uses_a_conditional_get(run_cli, server: FixtureServer) -> None:
    calls: list[dict[str, str]] = []

    def page(request) -> None:
        calls.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            respond(request, 304, b"", headers={"ETag": '"v1"'})
        else:
            body = (Path(__file__).parent / "fixtures" / "site" / (FULL.lstrip("/") + ".html")).read_text()
            respond(request, 200, body.replace("{{BASE}}", server.base_url), headers={"ETag": '"v1"'})

    url = server.route("/etagged", page)
    first = json.loads(run_cli("read", url, "--json").stdout)
    second = json.loads(run_cli("read", url, "--json").stdout)
    assert first["from_cache"] is False
    assert second["from_cache"] is True and second["offline"] is False
    assert second["markdown"] == first["markdown"]
    assert calls[-1].get("If-None-Match") == '"v1"'


def test_save_list_search_export_unsave(run_cli, site_server: FixtureServer, data_dir: Path, tmp_path: Path) -> None:
    saved = run_cli("save", site_server.url(COMMENTARY), site_server.url(REPORT))
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.count("Saved:") == 2

    listed = json.loads(run_cli("list", "--saved", "--json").stdout)
    assert [entry["url"] for entry in listed] == [site_server.url(REPORT), site_server.url(COMMENTARY)]
    assert all(entry["unread"] for entry in listed)

    hits = json.loads(run_cli("search", "spare crane", "--json").stdout)
    assert hits and hits[0]["url"] == site_server.url(COMMENTARY)
    assert hits[0]["snippet"]
    assert run_cli("search", 'odd "quotes -and* (syntax').returncode == 0

    history = json.loads(run_cli("list", "--history", "--json").stdout)
    assert {entry["url"] for entry in history} >= {site_server.url(COMMENTARY), site_server.url(REPORT)}

    out = tmp_path / "export"
    exported = run_cli("export", str(out))
    assert exported.returncode == 0, exported.stderr
    files = sorted(out.glob("*.md"))
    assert len(files) == 2
    text = files[0].read_text() + files[1].read_text()
    assert text.count("---\n") >= 4 and "title:" in text and "cranes" in text
    before = {f.name: f.stat().st_mtime_ns for f in files}
    assert run_cli("export", str(out)).returncode == 0
    assert {f.name: f.stat().st_mtime_ns for f in out.glob("*.md")} == before

    assert run_cli("unsave", site_server.url(REPORT)).returncode == 0
    assert [e["url"] for e in json.loads(run_cli("list", "--json").stdout)] == [site_server.url(COMMENTARY)]
    assert run_cli("unsave", site_server.url(REPORT)).returncode == 1

    with sqlite3.connect(data_dir / "library.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    "status, fragment",
    [(404, "404"), (410, "410"), (500, "500"), (403, "403")],
)
def test_http_errors_give_one_clear_line(run_cli, server: FixtureServer, status: int, fragment: str) -> None:
    url = server.route("/broken", lambda request: respond(request, status, "<html><body>no</body></html>"))
    assert_clean_failure(run_cli("read", url), fragment=fragment)


def test_markup_and_escapes_in_page_text_are_neutralised(run_cli, server: FixtureServer) -> None:
    hostile = (
        "<html><head><title>[bold red]Boom[/] \x1b]52;c;ZXZpbA==\x07 title</title></head><body><article>"
        "<h1>[link=http://evil.example]click[/link] \x1b[31mred\x1b[0m</h1>"
        + "<p>Paragraph with [bold]markup[/bold] and \x1b]8;;http://evil.example\x07a link\x1b]8;;\x07 "
        "and a bell \x07 and more words to make it an article body of decent length. </p>"
        * 8
        + "</article></body></html>"
    )
    url = server.route("/hostile", lambda request: respond(request, 200, hostile))
    for args in (("read", url), ("read", url, "--json")):
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\x1b" not in result.stderr
    data = json.loads(run_cli("read", url, "--json").stdout)
    assert "[link=http://evil.example]click[/link]" in data["title"]  # shown literally, never interpreted


def test_a_failing_server_shows_the_cached_copy(run_cli, server: FixtureServer) -> None:
    healthy = {"ok": True}
    body = (Path(__file__).parent / "fixtures" / "site" / (FULL.lstrip("/") + ".html")).read_text()

    def page(request) -> None:
        if healthy["ok"]:
            respond(request, 200, body.replace("{{BASE}}", server.base_url))
        else:
            respond(request, 500, "<html><body>down</body></html>")

    url = server.route("/flaky", page)
    assert run_cli("read", url).returncode == 0
    healthy["ok"] = False
    result = run_cli("read", url, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from_cache"] is True and data["offline"] is False
    assert "Who counts the ships" in data["markdown"]
    assert "500" in result.stderr and "Showing the copy from" in result.stderr


def test_no_follow_never_serves_or_overwrites_the_followed_copy(run_cli, site_server: FixtureServer) -> None:
    url = site_server.url(COMMENTARY)
    summary_first = json.loads(run_cli("read", url, "--no-follow", "--json").stdout)
    assert summary_first["followed"] is False
    followed = json.loads(run_cli("read", url, "--json").stdout)
    assert followed["followed"] is True and "cranes" in followed["markdown"]  # a summary-only copy is followed now
    summary_again = json.loads(run_cli("read", url, "--no-follow", "--json").stdout)
    assert summary_again["followed"] is False and "Read the full article from" in summary_again["markdown"]
    still_followed = json.loads(run_cli("read", url, "--offline", "--json").stdout)
    assert still_followed["followed"] is True  # --no-follow did not overwrite the library's copy
    offline_summary = json.loads(run_cli("read", url, "--offline", "--no-follow", "--json").stdout)
    assert offline_summary["followed"] is False and "Read the full article from" in offline_summary["markdown"]


def test_friendly_refusals(run_cli, site_server: FixtureServer, tmp_path: Path) -> None:
    listing = run_cli("save", site_server.url(LISTING))
    assert_clean_failure(listing, fragment="listing, not a piece")
    assert run_cli("search", "  ").returncode == 2
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    assert_clean_failure(run_cli("export", str(a_file)), fragment="not a directory")
    assert a_file.read_text() == "mine"
    assert_clean_failure(run_cli("read", "not a url"), fragment="not a web address")
    # A bare loopback address is read over plain http, as a browser's address bar would.
    bare = site_server.url(FULL).removeprefix("http://")
    result = run_cli("read", bare, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["url"] == site_server.url(FULL)
