"""Hostile input, second round, through the installed command against 127.0.0.1: stray NUL bytes, a full-article
link that leads back to the page, a FIFO named on the command line, a robots.txt that hangs, a data dir that is
a file, and settings out of bounds or of the wrong type.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import hostile_pages as pages
import hostile_routes as routes
import pytest
from hostile_pages import assert_inert

from conftest import inkreader_command
from inkreader.config import Paths, Settings, load_settings
from server import FixtureServer

TOTAL_TIMEOUT = 2  # INKREADER_TOTAL_TIMEOUT for the one test whose server never answers (robots.txt hangs)


def run(home: Path, *args: str, timeout: float = 60, **env_extra: str) -> subprocess.CompletedProcess[str]:
    # No short fetch limit by default: on a loaded machine an ordinary page may take longer than a few seconds.
    env = dict(os.environ, INKREADER_HOME=str(home), NO_COLOR="1", **env_extra)
    env.pop("INKREADER_DEBUG", None)
    return subprocess.run([*inkreader_command(), *args], capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[FixtureServer, dict[str, str]]]:
    server = FixtureServer().start()
    urls = pages.install_hostile_pages(server)
    yield server, urls
    server.stop()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


# -- one stray NUL byte does not make a page "binary" ---------------------------------------------------------
@pytest.mark.parametrize("name", ["nul_early", "nul_late"])
def test_a_stray_nul_byte_is_shown_not_fatal_nor_silent(home: Path, hostile, name: str) -> None:
    _, urls = hostile
    result = run(home, "read", urls[name], "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "A Stray Byte in the Quay Report"
    # The same byte is treated the same wherever it sits: shown as U+FFFD, like any invalid byte.
    assert "Dred\ufffdging budgets" in data["markdown"]
    assert_inert(result.stdout + result.stderr)


def test_html_followed_by_data_is_binary(home: Path, hostile) -> None:
    _, urls = hostile
    result = run(home, "read", urls["binary_after_html"])
    assert result.returncode == 1 and "is not an HTML page (binary data)" in result.stderr, result.stderr


# -- a full-article link back to the same page is not followed round in a loop -------------------------------
@pytest.mark.parametrize("name", ["self_link_query", "self_link_redirect"])
def test_a_full_article_link_back_to_the_page_is_not_followed(home: Path, hostile, name: str) -> None:
    server, urls = hostile
    result = run(home, "read", urls[name], "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["followed"] is False
    assert "leads back to this page" in result.stderr
    markdown = run(home, "read", urls[name], "--offline")
    assert "Full text from" not in markdown.stdout
    if name == "self_link_query":  # seen to be this page before any request is made
        assert "/hostile-pages/self-link-query?view=full" not in server.hits


# -- only regular files are read: a FIFO or a device would hang the command ----------------------------------
def test_reading_a_fifo_is_a_clear_error_not_a_hang(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "x.html"
    os.mkfifo(fifo)
    result = run(home, "read", str(fifo), timeout=20)  # before: blocked in open() for ever, deaf to SIGTERM
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"inkreader: {fifo} is a named pipe; inkreader reads only regular files."


def test_reading_a_device_is_refused(home: Path) -> None:
    result = run(home, "read", "/dev/zero", timeout=20)
    assert result.returncode == 1 and "character device" in result.stderr, result.stderr


# -- errors say what really happened, not a nearby symptom ---------------------------------------------------
def test_bulk_save_with_a_hanging_robots_txt_says_so(home: Path, server: FixtureServer) -> None:
    urls = routes.install_hanging_robots(server)
    result = run(home, "save", urls["page_1"], urls["page_2"], INKREADER_TOTAL_TIMEOUT=str(TOTAL_TIMEOUT))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    for line in lines:
        assert "robots.txt" in line and "no answer in 2 s" in line, line
        assert "Offline" not in line and "not in the library" not in line, line


def test_a_data_dir_that_is_a_file_says_so(tmp_path: Path) -> None:
    file = tmp_path / "not-a-dir"
    file.write_text("x")
    for args, named in ((("list",), f"INKREADER_HOME={file}"), (("--data-dir", str(file), "list"), "--data-dir")):
        result = run(file, *args)
        assert result.returncode == 1, result.stderr
        [line] = result.stderr.splitlines()
        assert named in line and "is a file, not a directory" in line, line
        assert "File exists" not in line


# -- settings out of bounds or of the wrong type: the default, and a note naming the setting -----------------
def settings_from(tmp_path: Path, text: str) -> tuple[Settings, str | None]:
    (tmp_path / "config.toml").write_text(text)
    return load_settings(Paths(tmp_path, tmp_path, tmp_path / "cache"))


@pytest.mark.parametrize(
    "text, expected, words",
    [
        ("host_delay_seconds = 1e308", 60.0, "host_delay_seconds = 1e+308 is more than 60; using 60."),
        ("host_delay_seconds = inf", 60.0, "host_delay_seconds = inf is more than 60; using 60."),
        ("host_delay_seconds = nan", 1.0, "host_delay_seconds = nan is not a number; using the default, 1.0."),
        ("host_delay_seconds = -5", 0.0, "host_delay_seconds = -5 is less than 0; using 0."),
        ("host_delay_seconds = 2", 2.0, None),
    ],
)
def test_host_delay_is_bounded(tmp_path: Path, text: str, expected: float, words: str | None) -> None:
    settings, note = settings_from(tmp_path, text)
    assert settings.host_delay_seconds == expected and isinstance(settings.host_delay_seconds, float)
    assert note == (f"config.toml: {words}" if words else None)


def test_wrong_types_name_the_setting_and_the_default(tmp_path: Path) -> None:
    settings, note = settings_from(tmp_path, 'follow_outlets = "no"\ncache_budget_mb = "lots"\ntheme = 3\n')
    assert (settings.follow_outlets, settings.cache_budget_mb, settings.theme) == (True, 500, "textual-dark")
    assert note is not None
    assert note.splitlines() == [
        'config.toml: follow_outlets should be true or false, not "no"; using the default, true.',
        'config.toml: cache_budget_mb should be a whole number, not "lots"; using the default, 500.',
        'config.toml: theme should be a string in quotes, not 3; using the default, "textual-dark".',
    ]


def test_good_values_and_unknown_keys_pass(tmp_path: Path) -> None:
    settings, note = settings_from(tmp_path, "cache_budget_mb = 64.0\nfollow_outlets = false\nmy_key = [1]\n")
    assert note is None
    assert settings.cache_budget_mb == 64 and settings.follow_outlets is False and settings.extra == {"my_key": [1]}


def test_settings_problems_reach_the_command_line_one_line_each(home: Path) -> None:
    (home / "config.toml").write_text('follow_outlets = "no"\nhost_delay_seconds = inf\n')
    result = run(home, "list")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        'inkreader: config.toml: follow_outlets should be true or false, not "no"; using the default, true.',
        "inkreader: config.toml: host_delay_seconds = inf is more than 60; using 60.",
    ]


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{b=", "}")], ids=["arrays", "inline-tables"])
def test_deeply_nested_toml_is_a_config_error(home: Path, opening: str, closing: str) -> None:
    (home / "config.toml").write_text("a = " + opening * 100_000 + ("1" if opening != "[" else "") + closing * 100_000)
    result = run(home, "list")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"inkreader: {home / 'config.toml'} is not valid TOML (nested too deeply); using the default settings."
    ]


def test_a_fifo_config_is_not_read(home: Path) -> None:
    os.mkfifo(home / "config.toml")
    result = run(home, "list", timeout=20)
    assert result.returncode == 0
    assert "is a named pipe, not a file; using the default settings." in result.stderr


def test_a_new_key_is_one_declaration() -> None:
    """What another part adds (a reading width, a browser command) is checked like the rest."""
    from dataclasses import dataclass, fields

    from inkreader.config import check_setting, setting

    @dataclass
    class More:
        reading_width: int = setting(90, minimum=40, maximum=400)
        browser: str | None = setting(None, kind=str)

    width, browser = fields(More)
    assert check_setting("reading_width", 1000, width) == (400, "reading_width = 1000 is more than 400; using 400.")
    assert check_setting("reading_width", 120, width) == (120, None)
    assert check_setting("browser", "firefox %s", browser) == ("firefox %s", None)
    assert check_setting("browser", 5, browser) == (
        None,
        "browser should be a string in quotes, not 5; using the default, none.",
    )
