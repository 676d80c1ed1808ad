"""Quitting while work set off after the first frame is still under way ends cleanly (no traceback at exit)."""

from __future__ import annotations

from tui_helpers import main_screen, make_app, settle


async def test_quitting_while_the_link_list_is_made_ahead(data_dir, site_server) -> None:
    app = make_app(site_server.url("/publications/commentary/grain-corridor-referee"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        main_screen(app).links.prepare_list()  # what the timer a second after start does
        app.exit()
    assert app.return_code in (None, 0)
