"""Where inkreader keeps things, and the user's settings.

One module owns every on-disk path. ``--data-dir DIR`` or ``INKREADER_HOME`` puts config, library and cache
under DIR (tests use a temporary directory); otherwise platformdirs' per-user directories are used.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

APP_NAME = "inkreader"
DEFAULT_START_URL = "https://www.cnas.org/articles-multimedia"


@dataclass(frozen=True, slots=True)
class Paths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def library_file(self) -> Path:
        return self.data_dir / "library.db"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "inkreader.lock"

    def ensure(self) -> Paths:
        for directory in (self.config_dir, self.data_dir, self.cache_dir):
            directory.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """``data_dir`` (from ``--data-dir``) wins, then ``INKREADER_HOME``, then platformdirs."""
    root = data_dir or os.environ.get("INKREADER_HOME")
    if root:
        base = Path(root).expanduser().resolve()
        return Paths(config_dir=base, data_dir=base, cache_dir=base / "cache")
    from platformdirs import PlatformDirs

    dirs = PlatformDirs(APP_NAME, appauthor=False)
    return Paths(
        config_dir=dirs.user_config_path, data_dir=dirs.user_data_path, cache_dir=dirs.user_cache_path
    )


@dataclass(slots=True)
class Settings:
    """``config.toml`` keys; unknown keys are ignored, missing ones take these defaults."""

    start_url: str = DEFAULT_START_URL
    """The page the TUI opens on."""
    cache_budget_mb: int = 500
    """Size budget of the plain page cache; saved pieces never count against it or get evicted."""
    host_delay_seconds: float = 1.0
    """Pause between background requests to one host."""
    follow_outlets: bool = True
    """Follow "Read the full article from <outlet>" links."""
    theme: str = "textual-dark"
    reading_width: int = 90
    """Widest line of article text in columns, centred in a wider pane (0: use the whole pane)."""
    extra: dict = field(default_factory=dict)


def load_settings(paths: Paths) -> tuple[Settings, str | None]:
    """Read ``config.toml``; a broken file gives defaults plus a message, never an exception."""
    try:
        raw = paths.config_file.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        return Settings(), f"Could not read {paths.config_file}: {error.strerror}; using defaults."
    try:
        data = tomllib.loads(raw.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError as error:
        return Settings(), f"{paths.config_file} is not valid TOML ({error}); using defaults."
    known = {f.name: f for f in fields(Settings) if f.name != "extra"}
    values: dict = {}
    extra: dict = {}
    for key, value in data.items():
        if key in known and isinstance(value, type(getattr(Settings(), key))):
            values[key] = value
        elif key in known and known[key].type == "float" and isinstance(value, int):
            values[key] = float(value)
        else:
            extra[key] = value
    return Settings(**values, extra=extra), None
