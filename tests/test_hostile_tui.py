"""Hostile servers and pages, and faults in the library, in the TUI (Pilot, real Reader, real SQLite, loopback).

Each failure must become a notification while the app keeps running; page text with Rich markup or terminal
escapes must show as literal, inert text; javascript:/data:/file: links must never be opened or fetched.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import hostile_pages as pages
import pytest
from hostile_pages import assert_inert, library_state
from test_faults_cli import fill, remount, tmpfs
from test_hostile_cli import ENDLESS, FAILURES, TOTAL_TIMEOUT
from textual.widgets import Static
from tui_helpers import make_app, notes, screen_text, settle

from inkreader.config import Settings, resolve_paths
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.screens.library import LibraryScreen
from inkreader.tui.widgets.article_view import ArticleView
from server import FixtureServer, respond

SIZE = (120, 40)
SEEDED = "/publications/commentary/grain-corridor-referee"


@pytest.fixture(autouse=True)
def default_fetch_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ordinary pages get the product's own bound: a short one would fail them on a loaded machine."""
    monkeypatch.delenv("INKREADER_TOTAL_TIMEOUT", raising=False)


def visible_text(app: InkReaderApp) -> str:
    """The screen as plain text, plus the header/banner renderables (which the screen may wrap)."""
    parts = [screen_text(app)]
    for static in app.screen.query(Static):
        rendered = static.render()
        parts.append(getattr(rendered, "plain", str(rendered)))
    return "\n".join(parts)


async def seed(home: Path, url: str) -> None:
    async with Reader(resolve_paths(home).ensure(), settings=Settings(start_url="")) as reader:
        await reader.save(url)


def assert_library_intact(home: Path, saved_url: str) -> None:
    check, saved = library_state(home / "library.db")
    assert check == "ok" and saved_url in saved


# -- hostile servers: a notification, the app keeps running -------------------------------------------------
@pytest.mark.parametrize("name", sorted(FAILURES))
async def test_hostile_server_is_a_notification(
    tmp_path: Path, site_server, hostile_urls: dict[str, str], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    await seed(home, site_server.url(SEEDED))
    if name in ENDLESS:  # only a server that never finishes the page gets a short bound (read when the app fetches)
        monkeypatch.setenv("INKREADER_TOTAL_TIMEOUT", str(TOTAL_TIMEOUT))
    app = make_app(hostile_urls[name], home=home, host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        errors = [message for message, severity in notes(app) if severity == "error"]
        assert len(errors) == 1, notes(app)
        pattern = FAILURES[name].replace("^inkreader: ", "^")
        assert re.search(pattern, errors[0], re.IGNORECASE), errors[0]
        assert "\n" not in errors[0] and len(errors[0]) < 300
        assert_inert(errors[0], "notification")
        if isinstance(app.screen, LibraryScreen):  # a network failure on the start page offers the library
            assert "Grain Corridor" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
        assert "Nothing to show" in screen_text(app) or "Offline" in screen_text(app)
        await pilot.press("s")  # nothing open: saving does nothing, and nothing breaks
        await settle(app, pilot)
        assert app.is_running
    assert_library_intact(home, site_server.url(SEEDED))


async def test_a_barrage_of_hostile_pages_in_one_session(
    tmp_path: Path, site_server, hostile_urls: dict[str, str]
) -> None:
    """One session opening every hostile page in turn (as a user clicking around would) stays usable."""
    home = tmp_path / "home"
    await seed(home, site_server.url(SEEDED))
    app = make_app(hostile_urls["ordinary"], home=home, host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        for name in sorted(FAILURES):
            if name in ENDLESS:
                continue  # covered above: they need the short bound that ordinary pages must not have
            screen.open_location(hostile_urls[name])
            await settle(app, pilot)
        assert app.is_running
        assert screen.article.title == "An Ordinary Page About Quays"  # the last good page stays shown
        assert len([1 for _, severity in notes(app) if severity == "error"]) == len(FAILURES) - 2
        await pilot.press("s")
        await settle(app, pilot)
        assert app.reader.is_saved(hostile_urls["ordinary"])
    assert_library_intact(home, site_server.url(SEEDED))


# -- markup and escapes: literal and inert --------------------------------------------------------------------
async def test_markup_and_escapes_show_as_literal_inert_text(tmp_path: Path, hostile_urls: dict[str, str]) -> None:
    app = make_app(hostile_urls["escapes"], home=tmp_path / "home", host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        article = app.main_screen.article
        assert article is not None and "Escaped Title" in article.title
        shown = visible_text(app)
        assert_inert(shown, "the screen")
        assert "[bold red]Ports[/] and [link=http://evil.example]harbours[/link]" in shown  # literal, not styled
        assert "[blink]Ada Marlow[/blink]" in shown
        assert "[reverse]inverted[/reverse]" in shown
        assert_inert(app.sub_title, "the sub-title")
        for message, _ in notes(app):
            assert_inert(message, "a notification")
        # The body's Markdown source holds no escape either.
        assert_inert(app.main_screen.view.document.source, "the Markdown source")
        # A click on the title ([@click=app.quit] in the page's text) runs nothing.
        await pilot.click("#article-header", offset=(60, 0))
        await pilot.pause()
        assert app.is_running
        await pilot.press("y")  # copy the address: our URL, never the page's OSC 52 payload
        assert app.clipboard == hostile_urls["escapes"]


# -- links that must never be opened -----------------------------------------------------------------------------
# As a Markdown link would carry them: HTML entities already decoded by the parser.
@pytest.mark.parametrize(
    "href", [*map(html.unescape, pages.DANGEROUS_HREFS.values()), "FILE:///etc/passwd", "data:,hi"]
)
async def test_dangerous_link_clicks_are_refused(
    tmp_path: Path, hostile_urls: dict[str, str], hostile_server: FixtureServer, href: str
) -> None:
    app = make_app(hostile_urls["dangerous_links"], home=tmp_path / "home", host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        assert screen.article.title == "Links That Must Not Be Followed"
        # The converter left these as plain words; a forged click is refused all the same.
        document = app.main_screen.view.document
        document.post_message(ArticleView.LinkClicked(document, href))
        await settle(app, pilot)
        assert screen.article.title == "Links That Must Not Be Followed"
        assert any(severity == "warning" and "Not opening" in message for message, severity in notes(app)), notes(app)
        assert app.opened_in_browser == []
        assert "/hostile-pages/beacon" not in hostile_server.hits
        assert "root:x:0:0" not in visible_text(app)


@pytest.mark.parametrize("typed", ["file:///etc/passwd", "data:text/html,<h1>x</h1>", "javascript:alert(1)"])
async def test_go_to_refuses_other_schemes(tmp_path: Path, hostile_urls: dict[str, str], typed: str) -> None:
    app = make_app(hostile_urls["ordinary"], home=tmp_path / "home", host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await settle(app, pilot)
        assert app.main_screen.article.title == "An Ordinary Page About Quays"
        assert any(severity == "warning" for _, severity in notes(app)), notes(app)
        assert "root:x:0:0" not in visible_text(app)


@pytest.mark.parametrize("name", ["cnas_outlet_file", "cnas_outlet_javascript", "cnas_outlet_data"])
async def test_full_article_link_to_another_scheme_is_never_followed(
    tmp_path: Path, hostile_urls: dict[str, str], hostile_server: FixtureServer, name: str
) -> None:
    app = make_app(hostile_urls[name], home=tmp_path / "home", host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        assert screen.article.title == "Dredging Budgets Are Defense Budgets"
        assert not screen.article.followed
        await pilot.press("f")  # "follow the full article": there is nothing safe to follow
        await settle(app, pilot)
        assert screen.article.title == "Dredging Budgets Are Defense Budgets"
        assert app.opened_in_browser == []
        assert "/hostile-pages/beacon" not in hostile_server.hits
        assert "root:x:0:0" not in visible_text(app)


@pytest.mark.parametrize("name", ["invalid_utf8", "lying_charset", "nested_inline", "redirect_chain_10"])
async def test_damaged_but_readable_pages_are_shown(tmp_path: Path, hostile_urls: dict[str, str], name: str) -> None:
    app = make_app(hostile_urls[name], home=tmp_path / "home", host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.article is not None, notes(app)
        assert not [m for m, severity in notes(app) if severity == "error"]
        assert_inert(visible_text(app))


# -- faults in the library ----------------------------------------------------------------------------------------
async def test_damaged_library_is_announced_and_kept_aside(
    tmp_path: Path, site_server, hostile_urls: dict[str, str]
) -> None:
    home = tmp_path / "home"
    await seed(home, site_server.url(SEEDED))
    damaged = b"not a database, only words " * 300
    (home / "library.db").write_bytes(damaged)
    app = make_app(hostile_urls["ordinary"], home=home, host_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.article.title == "An Ordinary Page About Quays"
        kept = [p for p in home.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
        told = visible_text(app) + "\n".join(m for m, _ in notes(app))
        assert str(kept[0].name) in told.replace("\n", "") or ".recover" in told, told[-2000:]
        await pilot.press("s")
        await settle(app, pilot)
        assert app.reader.is_saved(hostile_urls["ordinary"])
        assert app.is_running


async def test_read_only_library_reads_and_refuses_saves_with_a_notification(
    tmp_path: Path, site_server, hostile_urls: dict[str, str]
) -> None:
    home = tmp_path / "ro"
    with tmpfs(home, 8 * 1024) as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here")
        await seed(home, site_server.url(SEEDED))
        remount(home, "ro")
        try:
            app = make_app(hostile_urls["ordinary"], home=home, host_delay=0.0)
            async with app.run_test(size=SIZE) as pilot:
                await settle(app, pilot)
                assert app.main_screen.article.title == "An Ordinary Page About Quays"
                assert "read-only" in visible_text(app)  # the banner says why it is not cached
                await pilot.press("s")
                await settle(app, pilot)
                assert any(s == "error" and "read-only" in m for m, s in notes(app)), notes(app)
                assert app.is_running
                await pilot.press("L")  # the library still opens and lists the saved piece
                await pilot.pause()
                assert "Grain Corridor" in screen_text(app)
        finally:
            remount(home, "rw")
        assert_library_intact(home, site_server.url(SEEDED))


async def test_full_disk_refuses_the_save_with_a_notification(
    tmp_path: Path, site_server, hostile_server: FixtureServer
) -> None:
    big = pages._article(
        "A Very Long Report on Quays", [" ".join(os.urandom(8).hex() for _ in range(200)) for _ in range(400)]
    )
    url = hostile_server.route("/tui-big", lambda r: respond(r, 200, big))
    home = tmp_path / "full"
    with tmpfs(home, 24 * 1024) as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (test_faults_cli simulates it for the CLI)")
        await seed(home, site_server.url(SEEDED))
        filler = fill(home, 64 * 1024)
        app = make_app(url, home=home, host_delay=0.0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.main_screen.article.title == "A Very Long Report on Quays"
            await pilot.press("s")
            await settle(app, pilot)
            assert any(s == "error" and "full" in m for m, s in notes(app)), notes(app)
            assert app.is_running
            filler.unlink()
            await pilot.press("s")
            await settle(app, pilot)
            assert app.reader.is_saved(url), notes(app)
        assert_library_intact(home, site_server.url(SEEDED))
