"""Quitting while work set off after the first frame is still under way ends cleanly (no traceback at exit)."""

from __future__ import annotations

from tui_helpers import main_screen, make_app, settle, until


async def test_quitting_while_the_link_list_is_made_ahead(data_dir, site_server) -> None:
    app = make_app(site_server.url("/publications/commentary/grain-corridor-referee"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        main_screen(app).links.prepare_list()  # what the timer a second after start does
        app.exit()
    assert app.return_code in (None, 0)


async def test_a_thread_workers_call_never_waits_for_the_event_loop(data_dir):
    """A thread worker hands its result to the event loop without waiting for it: Textual's own call_from_thread
    waits, so a worker that finished while the app closed (the terminal gone) kept the process alive for good."""
    import threading

    from inkreader.tui.messages import call_from_thread

    app = make_app(None)
    async with app.run_test() as pilot:
        ran_on: list[int] = []
        worker = threading.Thread(target=call_from_thread, args=(app, lambda: ran_on.append(threading.get_ident())))
        worker.start()
        worker.join(timeout=30)  # the event loop is held right here: a call that waited for it never returns
        assert not worker.is_alive() and ran_on == []
        await until(pilot, lambda: ran_on == [threading.get_ident()], "the call run on the event loop")
