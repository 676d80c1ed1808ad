"""Where inkreader keeps things, and the user's settings.

One module owns every on-disk path. ``--data-dir DIR`` or ``INKREADER_HOME`` puts config, library and cache
under DIR (tests use a temporary directory); otherwise platformdirs' per-user directories are used.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import InkreaderError
from .files import NotRegularFile, describe_not_regular, read_regular

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

    def ensure(self) -> Paths:
        for directory in (self.config_dir, self.data_dir, self.cache_dir):
            directory.mkdir(parents=True, exist_ok=True)
        return self


class ConfigError(InkreaderError):
    """The data directory or the settings cannot be used as they are."""


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """``data_dir`` (from ``--data-dir``) wins, then ``INKREADER_HOME``, then platformdirs."""
    root = data_dir or os.environ.get("INKREADER_HOME")
    if root:
        base = Path(root).expanduser().resolve()
        if base.exists() and not base.is_dir():
            named = f"--data-dir {root}" if data_dir else f"INKREADER_HOME={root}"
            raise ConfigError(
                f"{named} is {describe_not_regular(base) or 'a file'}, not a directory; "
                "inkreader keeps its config, library and cache in a directory there."
            )
        return Paths(config_dir=base, data_dir=base, cache_dir=base / "cache")
    from platformdirs import PlatformDirs

    dirs = PlatformDirs(APP_NAME, appauthor=False)
    return Paths(config_dir=dirs.user_config_path, data_dir=dirs.user_data_path, cache_dir=dirs.user_cache_path)


# -- the environment ---------------------------------------------------------------------------------------
TOTAL_TIMEOUT = 60.0  # seconds for one whole fetch, slow-drip bodies included
TOTAL_TIMEOUT_MAX = 600.0


def total_timeout_from_env() -> float:
    """``INKREADER_TOTAL_TIMEOUT`` (seconds) bounds one whole fetch; tests set it to keep slow cases short.
    Bounded as ``config.toml``'s numbers are: ``inf`` or ``1e400`` give :data:`TOTAL_TIMEOUT_MAX` (a fetch is
    never unbounded), and anything that is not a positive number gives the default."""
    try:
        seconds = float(os.environ.get("INKREADER_TOTAL_TIMEOUT", ""))
    except ValueError:
        return TOTAL_TIMEOUT
    if math.isnan(seconds) or seconds <= 0:
        return TOTAL_TIMEOUT
    return min(seconds, TOTAL_TIMEOUT_MAX)


# -- settings ----------------------------------------------------------------------------------------------
CONFIG_MAX_BYTES = 1024 * 1024  # a settings file is a few lines; anything this big is not one


def setting(
    default: Any, *, kind: type | None = None, minimum: float | None = None, maximum: float | None = None
) -> Any:
    """A ``config.toml`` key: its default, its type (the default's unless given) and bounds, if any.
    Values outside the bounds are brought inside them; values of the wrong type give the default."""
    return field(
        default=default,
        metadata={
            "kind": kind or type(default),
            "minimum": minimum,
            "maximum": maximum,
        },
    )


@dataclass(slots=True)
class Settings:
    """``config.toml`` keys; unknown keys are kept in ``extra``, missing ones take these defaults.
    A new key is one line here: its loading, checking and note on a bad value follow from ``setting()``."""

    start_url: str = setting(DEFAULT_START_URL)
    """The page the TUI opens on."""
    cache_budget_mb: int = setting(500, minimum=0, maximum=1024 * 1024)
    """Size budget of the plain page cache; saved pieces never count against it or get evicted."""
    host_delay_seconds: float = setting(1.0, minimum=0.0, maximum=60.0)
    """Pause between background requests to one host (capped like robots.txt's Crawl-delay)."""
    follow_outlets: bool = setting(True)
    """Follow "Read the full article from <outlet>" links."""
    theme: str = setting("textual-dark")
    """The TUI's colour theme (one of those Ctrl+P offers); a theme chosen in the palette is kept until this changes."""
    browser: str = setting("")
    """Command that opens a web page, ``%s`` standing for the address (``"firefox %s"``); empty: the system's."""
    refresh_interval_minutes: int = setting(60, minimum=0, maximum=7 * 24 * 60)
    """The TUI refreshes the sources in the background on start when the last refresh is older than this."""
    reading_width: int = setting(90, minimum=0, maximum=10_000)
    """Widest line of article text in columns, centred in a wider pane (0: use the whole pane)."""
    prefetch_pages_per_refresh: int = setting(0, minimum=0, maximum=10_000)
    """``refresh`` then fetches the pages of at most this many new items (and their outlet copies) so that the
    inbox reads offline (100 is a good number); 0, the default for now, turns it off."""
    prune_read_after_days: int = setting(90, minimum=0, maximum=100 * 365)
    """Inbox items read this many days ago are forgotten once their feed no longer lists them (0: never)."""
    max_items_per_source: int = setting(2000, minimum=0, maximum=10_000_000)
    """At most this many items kept per source beyond what its feed lists now (0: no limit); saved,
    highlighted or tagged pieces always stay."""
    extra: dict[str, Any] = field(default_factory=dict)


_KIND_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a string in quotes"}


def _shown(value: object) -> str:
    """A value as it would be written in TOML, short."""
    if value is None:
        text = "none"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _number_text(value: float) -> str:
    return f"{value:g}"


def check_setting(name: str, value: object, spec: Field[Any]) -> tuple[Any, str | None]:
    """``(value to use, note)``: the value itself, brought within bounds, or the default with a note."""
    kind = spec.metadata.get("kind", type(spec.default))
    default = spec.default
    wrong = (
        f"{name} should be {_KIND_WORDS.get(kind, kind.__name__)}, not {_shown(value)}; "
        f"using the default, {_shown(default)}."
    )
    if kind is bool:
        return (value, None) if isinstance(value, bool) else (default, wrong)
    if kind is str:
        return (value, None) if isinstance(value, str) else (default, wrong)
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return default, wrong
        if isinstance(value, float) and math.isnan(value):
            return default, f"{name} = nan is not a number; using the default, {_shown(default)}."
        if kind is int and isinstance(value, float):
            if not value.is_integer():
                return default, wrong
            value = int(value)
        minimum, maximum = spec.metadata.get("minimum"), spec.metadata.get("maximum")
        if maximum is not None and value > maximum:
            limit = kind(maximum)
            return limit, f"{name} = {_shown(value)} is more than {_number_text(maximum)}; using {_number_text(limit)}."
        if minimum is not None and value < minimum:
            limit = kind(minimum)
            return limit, f"{name} = {_shown(value)} is less than {_number_text(minimum)}; using {_number_text(limit)}."
        return kind(value), None
    return (value, None) if isinstance(value, kind) else (default, wrong)


def load_settings(paths: Paths) -> tuple[Settings, str | None]:
    """Read ``config.toml``; a broken file gives defaults plus a message, never an exception.

    The message has one line per problem (a bad value names the setting and what is used instead)."""
    where = paths.config_file
    try:
        raw = read_regular(where, CONFIG_MAX_BYTES)
    except FileNotFoundError:
        return Settings(), None
    except NotRegularFile as error:
        return Settings(), f"{where} is {error.kind}, not a file; using the default settings."
    except OSError as error:
        return Settings(), f"Could not read {where}: {error.strerror or error}; using the default settings."
    if len(raw) > CONFIG_MAX_BYTES:
        return Settings(), f"{where} is larger than 1 MB; using the default settings."
    import tomllib  # only when there is a file to read: most starts have none

    try:
        data = tomllib.loads(raw.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError as error:
        return Settings(), f"{where} is not valid TOML ({error}); using the default settings."
    except RecursionError:  # tomllib recurses once per level of nested arrays or inline tables
        return Settings(), f"{where} is not valid TOML (nested too deeply); using the default settings."
    specs = {spec.name: spec for spec in fields(Settings) if spec.name != "extra"}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in data.items():
        spec = specs.get(key)
        if spec is None:
            extra[key] = value
            continue
        values[key], note = check_setting(key, value, spec)
        if note:
            notes.append(f"{where.name}: {note}")
    return Settings(**values, extra=extra), "\n".join(notes) or None
