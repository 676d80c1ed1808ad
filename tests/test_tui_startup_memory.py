"""A long session keeps nothing each page opened left behind (RSS grew ~130 KB per open); the start page comes
first at start, and offline its first frame already shows it."""

from __future__ import annotations

import gc
import weakref

from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_helpers import main_screen, make_app, settle

SIZE = (120, 40)
LISTING = "/articles-multimedia"
TIDEWATER = "/publications/commentary/tidewater-logistics"


async def test_footer_keys_of_earlier_pages_are_freed(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        earlier = [weakref.ref(key) for key in screen.query(FooterKey)]
        assert earlier
        for url in (TIDEWATER, LISTING, TIDEWATER, LISTING):  # each open changes the keys: the footer recomposes
            screen.open_location(site_server.url(url))
            await settle(app, pilot)
        footer = screen.query_one(Footer)
        shown = list(footer.query(FooterKey))
        gc.collect()
        left = [ref() for ref in earlier if ref() is not None and ref() not in shown]
        assert left == []
        assert screen.article.url == site_server.url(LISTING) and shown


async def test_the_start_page_is_on_screen_before_the_sources_refresh_starts(data_dir) -> None:
    from inkreader.config import Settings, resolve_paths
    from inkreader.demo.server import DemoServer
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.widgets.inbox_pane import InboxPane

    with DemoServer() as demo:
        settings = Settings(start_url="", host_delay_seconds=0.0)
        async with Reader(resolve_paths().ensure(), settings=settings) as reader:
            reader.sources.follow_demo(demo.base_url)  # followed, never refreshed: a refresh is due
        reader = Reader(resolve_paths().ensure(), settings=settings)
        app = InkReaderApp(reader, demo.start_url)
        started_with: list[object] = []
        start_refresh = InboxPane.start_refresh

        def recording(pane: InboxPane, *args: object, **kwargs: object) -> None:
            started_with.append(main_screen(app).article)
            start_refresh(pane, *args, **kwargs)

        InboxPane.start_refresh = recording  # type: ignore[method-assign]
        try:
            async with app.run_test(size=SIZE) as pilot:
                await settle(app, pilot)
                assert len(started_with) == 1 and started_with[0] is not None  # the start page was shown first
                assert any("new in the inbox" in n.message for n in app._notifications)
        finally:
            InboxPane.start_refresh = start_refresh  # type: ignore[method-assign]


async def test_offline_the_first_frame_already_shows_the_start_page(data_dir, site_server) -> None:
    from textual import events
    from textual.widgets import LoadingIndicator

    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    app = make_app(site_server.url(TIDEWATER), offline=True)
    at_first_layout: list[tuple[object, int]] = []
    indicators: list[object] = []

    def watch(message: object) -> None:
        # Ready is posted by the screen's first layout, which the first frame is drawn from
        if isinstance(message, events.Ready) and not at_first_layout:
            screen = main_screen(app)
            at_first_layout.append((screen.article, len(screen.view.document.blocks)))
        if isinstance(message, events.Mount) and isinstance(message._sender, LoadingIndicator):
            indicators.append(message._sender)

    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        await settle(app, pilot)
        assert main_screen(app).article.offline
    [(article, blocks)] = at_first_layout
    assert article is not None and article.url == site_server.url(TIDEWATER) and blocks > 0
    assert indicators == []  # no loading indicator drawn only to be taken down


async def test_the_first_screen_of_a_long_piece_is_drawn_before_the_rest_is_read_in(data_dir, server) -> None:
    from textual import events

    from inkreader.tui.chunks import split_for_parsing
    from inkreader.tui.document import DocumentBuilder
    from inkreader.tui.widgets.article_view import prepare
    from server import respond

    paragraphs = "".join(
        f"<h2>Part {i}</h2><p>{'Harbour convoys and the ledger of readiness. ' * 12}</p>" for i in range(40)
    )
    page = f"<html><head><title>A Long Read</title></head><body><article><h1>A Long Read</h1>{paragraphs}</article>"
    url = server.route("/long-read", lambda request: respond(request, 200, page))
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    app = make_app(url, offline=True)
    at_first_layout: list[tuple[bool, int]] = []

    def watch(message: object) -> None:
        if isinstance(message, events.Ready) and not at_first_layout:
            view = main_screen(app).view
            at_first_layout.append((view.rendering, len(view.document.blocks)))

    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        first_piece, _ = split_for_parsing(prepare(view.markdown).markdown)[0]
        whole = len(view.document.blocks)
    [(rendering, blocks)] = at_first_layout
    assert rendering and blocks == len(DocumentBuilder().feed(first_piece)) < whole  # the rest is read in after


async def test_the_garbage_collector_is_back_on_once_the_first_frame_is_drawn(data_dir, site_server) -> None:
    # `inkreader` turns it off while it imports and builds the first screen (cli._run_tui); the app turns it on
    app = make_app(site_server.url(TIDEWATER))
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


def test_a_removed_widgets_style_cache_is_not_kept_by_textual():
    from textual._styles_cache import StylesCache
    from textual.color import Color

    from inkreader.tui.compat import install_workarounds

    install_workarounds()  # what the app does when it starts: the fix is in tui/compat.py

    cache = StylesCache()
    kept = weakref.ref(cache)
    assert len(cache.get_inner_outer(Color(10, 20, 30), Color(40, 50, 60, 0.5))) == 2  # (inner, outer) styles
    del cache
    gc.collect()
    assert kept() is None
