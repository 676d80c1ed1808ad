"""A long session does not keep what each page opened left behind (RSS grew ~130 KB per open)."""

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
