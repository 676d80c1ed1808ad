"""The inkreader Textual app. The CLI calls :func:`run_tui`; nothing outside ``inkreader.tui`` imports Textual."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from inkreader.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from inkreader.reader import Reader

log = logging.getLogger(__name__)


class InkReaderApp(App[int]):
    """Owns the :class:`~inkreader.reader.Reader` for the session and closes it on the way out."""

    CSS_PATH = Path(__file__).parent / "inkreader.tcss"
    TITLE = "inkreader"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, reader: Reader, start_url: str | None = None, *, offline: bool = False) -> None:
        super().__init__()
        self.reader = reader
        self.offline = offline
        self.start_url = start_url or reader.settings.start_url or None
        self._theme_name = reader.settings.theme

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.start_url)

    def on_mount(self) -> None:
        if self._theme_name and self._theme_name in self.available_themes:
            self.theme = self._theme_name
        note = self.reader.settings_note
        if note:  # a broken config.toml: say so once, carry on with defaults
            self.notify(note, severity="warning", markup=False, timeout=10)

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        main = self.main_screen
        if main is not None:
            main.remember_position()
        self.exit(0)

    async def on_unmount(self) -> None:
        try:
            await self.reader.aclose()
        except Exception:  # closing must never turn a clean exit into a traceback
            log.exception("closing the reader failed")


def run_tui(reader: Reader, start_url: str | None = None, *, offline: bool = False) -> int:
    """Run the reader until the user quits; returns the process exit code."""
    app = InkReaderApp(reader, start_url, offline=offline)
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0
