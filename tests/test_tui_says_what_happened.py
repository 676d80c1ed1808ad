"""The reader says what really happened: reload offline, no browser, the terminal's clipboard, a busy library,
an address typed without a scheme."""

from __future__ import annotations

import sqlite3
import webbrowser

import pytest
from test_tui import TIDEWATER, generic_page, main_screen, notes
from tui_helpers import settle

from inkreader.config import Settings, resolve_paths
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.screens.help import HelpScreen
from inkreader.tui.system import BrowserError, browser_argv, open_in_browser
from server import respond

SIZE = (120, 40)
BODY = "<p>" + "A page with enough prose to be an article, said plainly and at length. " * 8 + "</p>"


def real_app(start_url: str | None, **settings) -> InkReaderApp:
    """The app as a user runs it: its own browser and clipboard code (no stand-ins)."""
    reader = Reader(resolve_paths().ensure(), settings=Settings(start_url="", **settings))
    return InkReaderApp(reader, start_url)


async def test_reload_when_the_server_fails_says_nothing_was_checked(data_dir, server):
    answers = iter([200])  # the first visit works; after that the server is down for maintenance

    def piece(request):
        status = next(answers, 503)
        return respond(request, status, generic_page("A Piece To Reload", BODY) if status == 200 else "down")

    url = server.route("/piece", piece)
    app = real_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert main_screen(app).article.title == "A Piece To Reload"
        await pilot.press("r")
        await settle(app, pilot)
        messages = [message for message, _ in notes(app)]
        assert not any("No changes" in message for message in messages), messages
        assert any(message.startswith("Not checked for changes:") for message in messages), messages


async def test_reload_offline_says_nothing_was_checked(data_dir, site_server):
    reader = Reader(resolve_paths().ensure(), settings=Settings(start_url=""))
    async with reader:
        await reader.open(site_server.url(TIDEWATER))
    offline = Reader(resolve_paths().ensure(), settings=Settings(start_url=""), offline=True)
    app = InkReaderApp(offline, site_server.url(TIDEWATER), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert "Not checked for changes: working offline." in [message for message, _ in notes(app)]


async def test_reload_with_the_server_up_and_nothing_new_says_no_changes(data_dir, site_server):
    app = real_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        messages = [message for message, _ in notes(app)]
        assert any(m in ("No changes since the last visit.", "The page has changed: reloaded.") for m in messages)


async def test_o_with_a_browser_command_that_cannot_start_says_so_and_shows_the_address(data_dir, site_server):
    app = real_app(site_server.url(TIDEWATER), browser="/nonexistent/inkreader-test-browser %s")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        errors = [message for message, severity in notes(app) if severity == "error"]
        assert errors and "Could not open" in errors[-1] and site_server.url(TIDEWATER) in errors[-1], notes(app)


async def test_o_with_no_browser_at_all_says_so(data_dir, site_server, monkeypatch: pytest.MonkeyPatch):
    # Whether this machine has a browser is not ours to know: webbrowser is told it has none.
    def no_browser(using=None):
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    app = real_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        errors = [message for message, severity in notes(app) if severity == "error"]
        assert errors and "no web browser found" in errors[-1] and site_server.url(TIDEWATER) in errors[-1]


def test_the_browser_setting_takes_the_address_where_it_says():
    assert browser_argv("firefox %s", "http://x/") == ["firefox", "http://x/"]
    assert browser_argv("open -a 'Safari'", "http://x/") == ["open", "-a", "Safari", "http://x/"]
    with pytest.raises(BrowserError):
        browser_argv("firefox 'unclosed", "http://x/")
    with pytest.raises(BrowserError, match="could not be started"):
        open_in_browser("http://x/", "/nonexistent/inkreader-test-browser")


async def test_y_does_not_claim_a_copy_the_terminal_may_have_dropped(data_dir, site_server, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):  # no desktop clipboard: only the terminal's (OSC 52) is left
        monkeypatch.delenv(name, raising=False)
    app = real_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        message = notes(app)[-1][0]
        assert not message.startswith("Copied"), message
        assert "terminal" in message and site_server.url(TIDEWATER) in message
        assert app.clipboard == site_server.url(TIDEWATER)


async def test_g_with_host_and_port_but_no_scheme_opens_it_over_http(data_dir, server):
    server.route("/plain/path", lambda r: respond(r, 200, generic_page("Reached Without A Scheme", BODY)))
    typed = server.url("/plain/path").removeprefix("http://")  # "127.0.0.1:PORT/plain/path"
    app = real_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await settle(app, pilot)
        article = main_screen(app).article
        assert article is not None and article.title == "Reached Without A Scheme", notes(app)


async def test_a_busy_library_never_freezes_the_keys_and_the_save_waits_for_it(data_dir, site_server):
    app = real_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library_file = resolve_paths().library_file
        other = sqlite3.connect(library_file, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("question_mark")  # the keys still answer while the save waits on the lock
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(app, pilot)
        messages = [message for message, _ in notes(app)]
        assert "Saved for offline reading." in messages or any("Not saved" in m for m in messages), messages
