"""The inkreader Textual app. The CLI calls :func:`run_tui`; nothing outside ``inkreader.tui`` imports Textual."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App

from inkreader.tui import heap
from inkreader.tui.compat import install_workarounds, run_key_bindings
from inkreader.tui.messages import ThreadCall
from inkreader.tui.screens.main import MainScreen
from inkreader.tui.state import UiState

if TYPE_CHECKING:
    from inkreader.reader import Reader

log = logging.getLogger(__name__)


class InkReaderApp(App[int]):
    """Owns the :class:`~inkreader.reader.Reader` for the session and closes it on the way out."""

    CSS_PATH = Path(__file__).parent / "inkreader.tcss"
    TITLE = "inkreader"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self, reader: Reader, start_url: str | None = None, *, offline: bool = False, settle_heap: bool = False
    ) -> None:
        install_workarounds()  # Textual patched for this process from the app's start, not at import (tui/compat.py)
        super().__init__()
        self.reader = reader
        self.offline = offline
        self.settle_heap = settle_heap
        """Freeze the long-lived heap once settled (see tui/heap.py): the process's choice, made by ``run_tui``."""
        self.start_url = start_url or reader.settings.start_url or None
        self.browser_command: str = reader.settings.browser or ""
        self.ui_state = UiState(reader.paths.data_dir)
        self._theme_name = self.ui_state.theme(reader.settings.theme)
        self._main: MainScreen | None = None

    def get_default_screen(self) -> MainScreen:
        self._main = MainScreen(self.start_url)
        return self._main

    def on_mount(self) -> None:
        self.call_after_refresh(heap.first_frame_drawn)  # the CLI starts the app with the collector off
        if self._theme_name and self._theme_name in self.available_themes:
            self.theme = self._theme_name
        # only now: the theme set above is the saved one, not a choice to save
        self.watch(self, "theme", self._theme_chosen, init=False)
        if self.settle_heap:  # no 30 ms collector pauses while keys are pressed (tui/heap.py)
            heap.tune_collector()
            self.set_timer(heap.SETTLE_SECONDS, heap.freeze_long_lived)
        note = self.reader.settings_note
        if note:  # a broken config.toml: say so once, carry on with defaults
            self.notify(note, severity="warning", markup=False, timeout=10)

    async def on_thread_call(self, message: ThreadCall) -> None:
        """A thread worker's call (``messages.call_from_thread``), run here on the event loop."""
        await message.run()

    def page_read_in(self) -> None:
        """A page's body is all in. The first time, the app has settled: its long-lived heap is frozen then
        rather than at SETTLE_SECONDS (a full collection meanwhile paused keys typed at once for 20-30 ms);
        freezing is done once a process, later calls do nothing."""
        if self.settle_heap:
            heap.freeze_long_lived()

    def _theme_chosen(self, theme: str) -> None:
        self.run_worker(
            lambda: self.ui_state.save_theme(theme),
            thread=True,
            group="ui-state",
            exit_on_error=False,
            description="Keeping the theme",
        )

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # -- keys typed while the main screen loads a page wait their turn ----------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            screen = self.screen
            if isinstance(screen, MainScreen) and screen.controller.hold_key(event):
                return
        await super().on_event(event)

    async def replay_held_keys(self) -> None:
        """Handle the keys the main screen held, in order, until it is busy again (a key started a load).

        A key is handled at once where its bindings alone decide what it does (``run_key_bindings``), so that
        its effect goes into the frame that shows the page it waited for. A key a widget handles
        itself (typed into an input) takes the usual route through the widgets' queues, and so do the keys
        after it, to stay in order.
        """
        main = self._main
        usual_route = False
        while main is not None and main.controller.held_keys and not main.controller.busy:
            screen = self.screen
            event = main.controller.held_keys.popleft()
            if usual_route or await run_key_bindings(self, event) is None:
                usual_route = True
                await super().on_event(event)
            elif main.controller.held_keys:
                await self._queued_calls_done()  # focus() is one: Tab then j moves in the list it focused
            if self.screen is not screen and main.controller.held_keys:
                # a key opened a dialog: the rest is typed into it once it is mounted and focused
                self.call_after_refresh(self.replay_held_keys)
                return

    async def _queued_calls_done(self) -> None:
        """Return once the calls queued on the app so far have run."""
        done = asyncio.Event()
        if self.call_later(done.set):  # False: the app is closing, nothing more will run
            await done.wait()

    # -- the system's browser and clipboard ---------------------------------------------------------------
    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open ``url`` in the user's browser; raises :class:`system.BrowserError` when none could be started."""
        from inkreader.tui import system  # on first use: the first frame needs no browser or clipboard

        system.open_in_browser(url, self.browser_command)

    def copy_text(self, text: str, what: str) -> str:
        """Copy ``text``; returns what to tell the user (honest about what is known to have happened)."""
        from inkreader.tui import system

        return system.copy_text(text, what, terminal_copy=self.copy_to_clipboard)

    async def on_unmount(self) -> None:
        main = self._main
        try:
            if main is not None:  # every way out (q, Ctrl+Q, the palette) keeps the reading position
                await asyncio.to_thread(main.controller.remember_position)
        except Exception:
            log.exception("keeping the reading position failed")
        try:
            await self.reader.aclose()
        except Exception:  # closing must never turn a clean exit into a traceback
            log.exception("closing the reader failed")


def run_tui(reader: Reader, start_url: str | None = None, *, offline: bool = False) -> int:
    """Run the reader until the user quits; returns the process exit code."""
    app = InkReaderApp(reader, start_url, offline=offline, settle_heap=True)
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0
