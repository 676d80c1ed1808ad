"""What a key press costs on a long report: scrolling repaints the reading pane without laying the
whole screen out again, the footer is remounted only when the keys it shows change, and the app started by
``run_tui`` takes its long-lived objects out of the garbage collector's reach once settled.

Counted, not timed: a screen layout or a footer remount is what made a key wait.
"""

from __future__ import annotations

import gc
import threading

from nav_helpers import FIND_WORD, REPORT_PATH, TITLE, serve_report
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_helpers import keys_applied, main_screen, make_app, screen_text, settle, until

from inkreader.tui import controller as controller_module
from inkreader.tui import heap
from inkreader.tui.document import parse
from inkreader.tui.screens.navigation import LinkListScreen
from inkreader.tui.widgets.footer import ReaderFooter
from server import respond

SIZE = (120, 40)


async def _open_report(app, pilot, server):
    await settle(app, pilot)
    screen = main_screen(app)
    assert screen.article is not None and screen.article.title == TITLE
    screen.view.focus_text()
    await pilot.pause()
    return screen


def _progress_line(app) -> str:
    return next(line for line in screen_text(app).splitlines() if "%" in line and ("━" in line or "╺" in line))


async def test_scrolling_moves_the_progress_bar_without_laying_the_screen_out(data_dir, server, monkeypatch):
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    layouts: list[bool] = []
    original = Screen._refresh_layout

    def counting(self, size=None, scroll=False):
        layouts.append(scroll)
        return original(self, size, scroll)

    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_report(app, pilot, server)
        scroller = screen.view.scroller
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        for _ in range(12):
            await pilot.press("pagedown")
        await keys_applied(app, pilot)
        assert scroller.scroll_y > 0
        percent = round(scroller.fraction * 100)
        assert percent > 0 and f"{percent:>3}%" in screen_text(app)  # the bar follows the text
        assert [scroll for scroll in layouts if not scroll] == []  # no full layout for a scroll
        monkeypatch.setattr(Screen, "_refresh_layout", original)
        # a narrower terminal: the bar is drawn again at the new width
        before = _progress_line(app).count("━") + _progress_line(app).count("─")
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        await pilot.pause()
        after = _progress_line(app).count("━") + _progress_line(app).count("─")
        assert 0 < after < before


async def test_more_of_a_long_body_comes_in_without_laying_the_screen_out(data_dir, server, monkeypatch):
    """A long body is read in piece by piece: each piece only lengthens the text's scroll bar, and laying the
    whole screen out for it made every frame of the load a whole-screen layout."""
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    layouts: list[bool] = []
    original = Screen._refresh_layout

    def counting(self, size=None, scroll=False):
        layouts.append(scroll)
        return original(self, size, scroll)

    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_report(app, pilot, server)
        body = screen.view.document
        lines = body.line_count
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        body.append_blocks(parse("A paragraph that came in late.\n\nAnd one more, the last of the report."))
        await pilot.pause()
        await pilot.pause()
        assert [scroll for scroll in layouts if not scroll] == []
        assert body.line_count > lines
        assert body.virtual_size.height == body.vertical_scrollbar.window_virtual_size == body.line_count
        monkeypatch.setattr(Screen, "_refresh_layout", original)
        screen.view.focus_text()
        await pilot.press("end")
        await keys_applied(app, pilot)
        assert "the last of the report" in screen_text(app)


async def test_the_footer_keeps_its_keys_until_the_keys_it_shows_change(data_dir, server):
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_report(app, pilot, server)
        await pilot.press("slash", *FIND_WORD, "enter")  # find, then back to the text (n / N step)
        await keys_applied(app, pilot)
        assert screen.finding and screen.view.text_has_focus and screen.view.matches
        keys = list(screen.query(FooterKey))
        assert keys
        # Esc closes the find: hidden bindings (n, N, Esc) turn off, the keys the footer shows stay as they are
        await pilot.press("escape")
        await keys_applied(app, pilot)
        assert not screen.finding
        assert list(screen.query(FooterKey)) == keys
        # a key the footer shows changes state (h: back, greyed on the first page, lit once there is a page to
        # go back to): the same keys stay mounted, Back only lights up, and nothing else moves
        back = [key for key in keys if key.action.endswith("back")]
        assert back and back[0].has_class("-disabled")
        await pilot.press("5")  # follows link 5
        await settle(app, pilot)
        assert screen.article is not None and screen.article.title != TITLE
        assert list(screen.query(FooterKey)) == keys and not back[0].has_class("-disabled")
        assert _shown(keys) == await _composed(screen, pilot)  # (which composed the footer's keys anew)
        # and greys out again on the way back to the first page
        keys = list(screen.query(FooterKey))
        back = [key for key in keys if key.action.endswith("back")]
        await pilot.press("h")
        await settle(app, pilot)
        assert screen.article is not None and screen.article.title == TITLE
        assert list(screen.query(FooterKey)) == keys and back[0].has_class("-disabled")
        assert _shown(keys) == await _composed(screen, pilot)


def _shown(keys: list[FooterKey]) -> list[tuple[str, str, str, bool]]:
    return [(key.key, key.description, key.action, key.has_class("-disabled")) for key in keys]


async def _composed(screen, pilot) -> list[tuple[str, str, str, bool]]:
    """The keys Textual's own Footer shows for the screen's bindings now (it recomposes them all)."""
    footer = screen.query_one(ReaderFooter)
    done: list[bool] = []

    async def recompose() -> None:  # on the footer's own message loop, as Textual runs it
        await Footer.recompose(footer)
        done.append(True)

    footer.call_later(recompose)
    await until(pilot, lambda: bool(done), "the footer recomposed")
    return _shown(list(screen.query(FooterKey)))


async def test_a_dialog_leaves_the_footer_underneath_as_it_was(data_dir, server):
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_report(app, pilot, server)
        keys = list(screen.query(FooterKey))
        shown = _shown(keys)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, LinkListScreen), "the link list")
        await pilot.pause()
        # the dialog's bindings answer for "screen.*" actions while it is open (Enter, Esc of the reading pane's
        # selection looked enabled): the hidden footer is not remounted for them
        assert list(screen.query(FooterKey)) == keys and _shown(keys) == shown
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the link list closed")
        await keys_applied(app, pilot)
        assert list(screen.query(FooterKey)) == keys
        assert _shown(keys) == shown == await _composed(screen, pilot)


async def test_the_app_run_tui_starts_tunes_the_collector_and_freezes_its_long_lived_objects_once(
    data_dir, monkeypatch
):
    frozen: list[int] = []
    thresholds: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    monkeypatch.setattr(gc, "set_threshold", lambda *values: thresholds.append(values))
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(heap, "SETTLE_SECONDS", 0.01)
    plain = make_app(None)  # what the tests and tools make: the process's collector is left alone
    async with plain.run_test(size=SIZE) as pilot:
        await settle(plain, pilot)
    assert frozen == [] and thresholds == []
    settled = make_app(None)
    settled.settle_heap = True  # what run_tui asks for
    async with settled.run_test(size=SIZE) as pilot:
        while not frozen:
            await pilot.pause()
    heap.freeze_long_lived()  # never twice in a process
    assert frozen == [1]
    assert [values[0] for values in thresholds] == [heap.YOUNG_THRESHOLD]  # fewer, larger young collections


async def test_the_loading_indicator_shows_only_for_a_load_that_takes_a_while(data_dir, server, monkeypatch):
    release = threading.Event()

    def page(title: str):
        return f"<html><head><title>{title}</title></head><body><article><p>{title} text.</p></article></body></html>"

    def late(request):
        release.wait(10)
        return respond(request, 200, page("Late"))

    quick_url = server.route("/quick", lambda request: respond(request, 200, page("Quick")))
    late_url = server.route("/late", late)
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        view = screen.view
        shown: list[bool] = []
        screen.watch(view, "loading", lambda value: shown.append(value), init=False)
        # a load done before the indicator is due never shows it (no flash, no two whole-screen layouts)
        monkeypatch.setattr(controller_module, "LOADING_INDICATOR_AFTER", 60.0)
        screen.open_location(quick_url)
        await settle(app, pilot)
        assert screen.article is not None and screen.article.title == "Quick"
        assert True not in shown and not view.loading
        # one still under way when it is due shows it, until the page is there
        monkeypatch.setattr(controller_module, "LOADING_INDICATOR_AFTER", 0.01)
        screen.open_location(late_url)
        while not view.loading:
            await pilot.pause()
        assert screen.controller.page_loading
        release.set()
        await settle(app, pilot)
        assert screen.article.title == "Late" and not view.loading
