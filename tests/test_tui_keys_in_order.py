"""Keys typed quickly apply to the screen they were typed for, in order; one focus rule."""

from __future__ import annotations

from nav_helpers import REPORT_PATH, serve_report
from test_tui import LISTING, TIDEWATER, main_screen, make_app, open_item
from textual import events
from tui_helpers import notes, screen_text, settle, until

from inkreader.tui.screens.help import HelpScreen
from inkreader.tui.widgets.related_list import RelatedList

SIZE = (120, 40)
SMALL_PAGE = "/nav/target-1"  # a short page the report's server also serves (nav_helpers.serve_report)
CHARACTERS = {"enter": "\r", "backspace": "\x08", "tab": "\t"}


def burst(app, *keys: str) -> None:
    """Keys as a fast typist sends them: all queued before the app handles the first one."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


async def test_h_j_j_enter_in_one_burst_goes_back_and_opens_the_listings_third_item(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        listing = list(screen.related.items)
        await open_item(app, pilot, listing[0].title[:20])
        assert screen.article.url == listing[0].url and screen.article.related  # it has related items of its own
        burst(app, "h", "j", "j", "enter")
        await settle(app, pilot)
        assert screen.article.url == listing[2].url, screen.article.title


async def test_a_link_number_typed_right_after_backspace_is_for_the_page_gone_back_to(data_dir, server):
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        burst(app, "1", "3")  # link 13: a small page of this server, with no links of its own
        await settle(app, pilot)
        assert screen.article.title == "Target Page 13"
        burst(app, "backspace", "5")  # back to the report, then its link 5 (5 commits at once: no link 50)
        await settle(app, pilot)
        assert screen.article.title == "Target Page 5", screen.article.title


async def test_enter_moves_the_focus_to_the_text_and_tab_returns_to_the_list(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert isinstance(app.focused, RelatedList)
        first = screen.related.items[0]
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.article.url == first.url
        assert screen.view.text_has_focus  # Space / PgDn page the article, as help says
        highlighted = screen.related.highlighted
        await pilot.press("j")  # scrolls the text, the list stays put
        assert screen.related.highlighted == highlighted
        await pilot.press("tab")
        assert app.focused is screen.related
        await pilot.press("h")  # back on a listing: the list has the focus again
        await settle(app, pilot)
        assert screen.article.kind == "listing" and app.focused is screen.related
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "takes the focus to its text" in screen_text(app)


async def test_keys_typed_while_a_page_loads_wait_for_it(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.open_location(site_server.url(TIDEWATER))  # a load in flight...
        burst(app, "tab", "j")  # ...these are for the piece it opens: Tab to its list, j to its second item
        await settle(app, pilot)
        assert screen.article.url == site_server.url(TIDEWATER) and len(screen.article.related) > 1
        assert app.focused is screen.related and screen.related.highlighted == 1
        assert not screen.controller.held_keys and not screen.controller.page_loading


async def test_escape_stops_a_load_and_q_is_never_held(data_dir, server):
    import threading

    from server import respond

    release = threading.Event()

    def slow(request):
        release.wait(10)
        return respond(request, 200, "<html><head><title>Late</title></head><body><p>late</p></body></html>")

    url = server.route("/late", slow)
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.open_location(url)
        await pilot.pause()
        assert screen.controller.page_loading
        await pilot.press("escape")
        assert not screen.controller.page_loading and not screen.view.loading
        release.set()
        await settle(app, pilot)
        assert screen.article is None  # the stopped load did not come back


async def test_a_key_typed_while_a_page_loads_is_in_the_pages_first_frame(data_dir, server, monkeypatch):
    """j typed during the load scrolls the new page before it is first painted: no frame shows the page
    unscrolled, and none shows half a switch (the new list and header over the old text)."""
    from textual.screen import Screen

    serve_report(server)
    app = make_app(server.url(SMALL_PAGE))
    painted: list[tuple[str | None, str, float]] = []
    original = Screen._on_timer_update

    def paint(self: Screen) -> None:
        screen = self.app.main_screen
        if screen is not None and screen.article is not None:
            painted.append((screen.article.url, screen.view.markdown[:40], screen.view.scroller.scroll_y))
        original(self)

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        first = screen.article
        report = server.url(REPORT_PATH)
        monkeypatch.setattr(Screen, "_on_timer_update", paint)
        screen.open_location(report)
        burst(app, "j")
        await settle(app, pilot)
        monkeypatch.setattr(Screen, "_on_timer_update", original)
        assert screen.article.url == report and screen.view.scroller.scroll_y == 1
        after = [frame for frame in painted if frame[0] == report]
        assert after and after[0][2] == 1, after[:3]  # scrolled in the first frame that shows it
        assert all(frame[1] != first.markdown[:40] for frame in after)  # never the new page over the old text


async def test_keys_typed_while_a_page_loads_can_open_the_find_box_and_type_into_it(data_dir, server):
    serve_report(server)
    app = make_app(server.url(SMALL_PAGE))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.open_location(server.url(REPORT_PATH))
        burst(app, "slash", "l", "i", "g", "h", "t")  # / finds in the page; the letters go into the box
        await settle(app, pilot)
        await until(pilot, lambda: screen.view.find_query == "light", "the find box to hold what was typed")
        assert screen.finding and screen.view.matches


async def test_a_key_typed_during_a_slow_load_acts_on_the_new_page(data_dir, server, monkeypatch):
    """With the loading indicator up (a load that takes a while), the held j still scrolls the new page: the
    indicator covers the header only, and the text keeps its layout for the keys replayed onto it."""
    import threading

    from nav_helpers import report_html

    from inkreader.tui import controller
    from server import respond

    monkeypatch.setattr(controller, "LOADING_INDICATOR_AFTER", 0.0001)
    serve_report(server)
    release = threading.Event()

    def slow(request):
        release.wait(10)  # the server thread waits for the test, not for a time
        return respond(request, 200, report_html(server.base_url)[0])

    slow_report = server.route("/slow/the-long-watch", slow)
    app = make_app(server.url(SMALL_PAGE))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        shown: list[bool] = []
        screen.watch(screen.view, "loading", lambda value: shown.append(value), init=False)
        screen.open_location(slow_report)
        await until(pilot, lambda: True in shown, "the loading indicator")
        burst(app, "j")
        await until(pilot, lambda: len(screen.controller.held_keys) == 1, "j held")
        release.set()
        await settle(app, pilot)
        assert screen.article.url == slow_report and screen.view.scroller.scroll_y == 1


async def test_a_broken_config_is_said_once_at_start_not_again_with_each_page(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    app.reader.settings_note = "config.toml could not be read: using the defaults."
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_item(app, pilot, "Tidewater")
        await pilot.press("h")
        await settle(app, pilot)
        said = [message for message, _ in notes(app) if "config.toml" in message]  # expired ones too
        assert said == ["config.toml could not be read: using the defaults."]
