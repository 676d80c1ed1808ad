"""Helpers for the TUI tests: the screen as plain text, waiting for loads."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.worker import WorkerCancelled

from inkreader.config import Settings, resolve_paths
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.screens.main import MainScreen


def make_app(
    start_url: str | None, *, home: Path | None = None, offline: bool = False, host_delay: float = 1.0
) -> InkReaderApp:
    """The app on a real Reader; the library under ``home`` (default: INKREADER_HOME, set by ``data_dir``).

    No default start page (that one is on the internet), and links never launch a real browser: they are
    collected in ``app.opened_in_browser``.
    """
    settings = Settings(start_url="", host_delay_seconds=host_delay)
    reader = Reader(resolve_paths(home).ensure(), settings=settings, offline=offline)
    app = InkReaderApp(reader, start_url, offline=offline)
    app.opened_in_browser = []
    app.open_url = lambda url, **kw: app.opened_in_browser.append(url)
    record_notifications(app)
    return app


def record_notifications(app: InkReaderApp) -> None:
    """Keep every notification in ``app.notified``: Textual drops expired ones from its own list, and on a
    loaded machine a long test outlives the first ones' timeouts."""
    app.notified = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> object:
        app.notified.append((message, str(kwargs.get("severity", "information"))))
        return notify(message, *args, **kwargs)

    app.notify = recording


def main_screen(app: InkReaderApp) -> MainScreen:
    screen = app.main_screen
    assert screen is not None
    return screen


def notes(app: InkReaderApp) -> list[tuple[str, str]]:
    """Every notification so far, as (message, severity)."""
    recorded = getattr(app, "notified", None)
    if recorded is not None:
        return list(recorded)
    return [(n.message, n.severity) for n in app._notifications]


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text (same rendering path as ``export_screenshot``)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(app, pilot, rounds: int = 3) -> None:
    """Wait for workers (page loads) and the messages they post, a few times over (loads chain)."""
    for _ in range(rounds):
        while True:
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # a newer load superseded an older one (keys replayed after a load do that)
                await pilot.pause()
        await pilot.pause()


async def keys_applied(app: InkReaderApp, pilot: object) -> None:
    """Wait until every key typed so far has been handled: keys typed while a page loads are held and replayed
    once it is shown (ReadingController.hold_key), so on a busy machine they may still be on their way."""
    main = app.main_screen
    while main is not None and (main.controller.held_keys or main.controller.busy):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def until(pilot: object, condition: Callable[[], bool], what: str = "the condition") -> None:
    """Let the app handle its messages until ``condition()`` holds. A key typed into an Input reaches the
    screen's handler a few message hops later (Input → its container → the screen), one hop per pause, and a
    worker's result later still; on a loaded machine that is more pauses, never a different outcome."""
    # Fails only after ~60 s of pauses: the bound is for a condition that never comes, never a race with the
    # app (the suite shares two cores with other work, and a filter over 48 links took over 4 s there).
    for round_ in range(6000):
        if condition():
            return
        await pilot.pause(None if round_ < 20 else 0.01)  # type: ignore[attr-defined]
    assert condition(), f"{what} never held"
