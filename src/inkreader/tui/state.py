"""What the TUI remembers between runs that is not a setting: the theme last chosen in the palette.

Kept in ``ui.json`` in the data dir, written atomically. ``config.toml``'s ``theme`` is the default; a theme
chosen in the palette wins until ``config.toml`` names another one (the file remembers which it overrode).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "ui.json"


class UiState:
    def __init__(self, data_dir: Path | None) -> None:
        self.path = data_dir / FILE_NAME if data_dir is not None else None
        self._config_theme: str | None = None

    def _load(self) -> dict[str, object]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: the defaults will do, and the next choice rewrites it
        return data if isinstance(data, dict) else {}

    def theme(self, config_theme: str | None) -> str | None:
        """The theme to start with: the one chosen last, unless config.toml has named another since."""
        self._config_theme = config_theme
        saved = self._load()
        chosen = saved.get("theme")
        if isinstance(chosen, str) and chosen and saved.get("config_theme") == config_theme:
            return chosen
        return config_theme

    def save_theme(self, theme: str) -> None:
        if self.path is None:
            return
        data = {**self._load(), "theme": theme, "config_theme": self._config_theme}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".ui-", suffix=".json", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file)
            os.replace(temp, self.path)
        except OSError as error:  # a read-only data dir: the choice lasts for this session only
            log.info("could not keep the theme: %s", error)
