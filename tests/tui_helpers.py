"""Helpers for the TUI tests: the screen as plain text, waiting for loads."""

from __future__ import annotations

import io

from rich.console import Console
from textual.worker import WorkerCancelled


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text (same rendering path as ``export_screenshot``)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(app, pilot, rounds: int = 3) -> None:
    """Wait for workers (page loads) and the messages they post, a few times over (loads chain)."""
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # a newer load superseded an older one (keys replayed after a load do that)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
