"""What a new user tripped over on the command line in a first day: mistyped commands, repeated URLs in errors,
"1 seconds", out-of-range ports, the wrong usage text, and a demo that forgot everything between runs.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import inkreader_command
from inkreader.cli import build_parser, looks_like_target, subcommands
from inkreader.config import resolve_paths
from inkreader.demo.server import DEFAULT_PORT, DEMO_ORIGIN, DemoServer
from inkreader.reader import Reader
from server import FixtureServer, respond

PIECE = "/publications/commentary/a-coast-guard-is-not-a-navy"


def run(home: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, INKREADER_HOME=str(home), NO_COLOR="1")
    env.pop("INKREADER_DEBUG", None)
    return subprocess.run(
        [*inkreader_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


# -- a mistyped command is a usage error, not a trip to the TUI ----------------------------------------------
@pytest.mark.parametrize(
    "args, hint",
    [
        (["serach", "drones"], "did you mean 'search'?"),
        (["sav", "x"], "did you mean 'save'?"),
        (["frobnicate"], "commands: "),  # the list comes from the parser: every command, whichever are added
    ],
)
def test_a_mistyped_command_is_a_usage_error(home: Path, args: list[str], hint: str) -> None:
    result = run(home, *args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"inkreader: error: '{args[0]}' is neither a command, an address nor a file")
    assert hint in last
    assert not (home / "library.db").exists()  # nothing was opened, nothing fetched


def test_the_command_list_comes_from_the_parser() -> None:
    parser = build_parser()
    names = subcommands(parser)
    assert {"read", "save", "unsave", "list", "search", "export", "demo"} <= set(names)
    parser._subparsers._group_actions[0].add_parser("frobnicate-later")  # what another subcommand would do
    assert "frobnicate-later" in subcommands(parser)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.cnas.org/x",
        "www.cnas.org/publications",
        "cnas.org",
        "127.0.0.1:8000/path",
        "localhost",
        "localhost:8000/x",
        "[::1]:8000",
        "myhost:8080",
        "file:///tmp/x.html",
        "example.org?q=1",
    ],
)
def test_addresses_go_to_the_reader(text: str) -> None:
    assert looks_like_target(text)


@pytest.mark.parametrize("text", ["frobnicate", "serach", "inbox", "x"])
def test_words_are_not_addresses(text: str) -> None:
    assert not looks_like_target(text)


def test_an_existing_file_without_a_dot_is_a_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "saved-page").write_text("<html></html>")
    monkeypatch.chdir(tmp_path)
    assert looks_like_target("saved-page")


# -- messages and usage: one line each, the address named once, the command's own usage ----------------------
@pytest.fixture
def failing(server: FixtureServer) -> Iterator[FixtureServer]:
    server.route("/bad/404", lambda r: respond(r, 404, "<html><body>none</body></html>"))
    server.route("/bad/busy", lambda r: respond(r, 503, "<html><body>busy</body></html>", headers={"Retry-After": "1"}))
    yield server


def test_a_failed_save_names_the_url_once(home: Path, failing: FixtureServer) -> None:
    url = failing.url("/bad/404")
    result = run(home, "save", url)
    assert result.returncode == 1
    assert result.stderr == f"inkreader: Not found (404): {url}\n"


def test_one_second_is_singular(home: Path, failing: FixtureServer) -> None:
    result = run(home, "read", failing.url("/bad/busy"))
    assert result.returncode == 1
    assert "try again in 1 second (after" in result.stderr and "1 seconds" not in result.stderr, result.stderr


@pytest.mark.parametrize("port", ["99999", "-1", "eighty"])
def test_a_bad_demo_port_is_a_usage_error(home: Path, port: str) -> None:
    result = run(home, "demo", "--port", port, "--serve-only")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("usage: inkreader demo")
    assert "is not a port number" in result.stderr and "unexpected error" not in result.stderr


@pytest.mark.parametrize("command", ["list", "search x", "export d"])
def test_an_unknown_option_shows_the_commands_own_usage(home: Path, command: str) -> None:
    result = run(home, *command.split(), "--bogus")
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: inkreader {command.split()[0]}"), result.stderr
    assert result.stderr.splitlines()[-1] == f"inkreader {command.split()[0]}: error: unrecognized arguments: --bogus"


# -- the demo remembers what was saved and read, whatever port it takes next ---------------------------------
async def test_demo_state_survives_a_relaunch_on_another_port(home: Path) -> None:
    """Two launches on two different ports: what was saved, and where reading stopped, is found again."""
    with DemoServer(0, origin=DEMO_ORIGIN) as first, DemoServer(0, origin=DEMO_ORIGIN) as second:
        assert first.port != second.port
        url = first.base_url + PIECE
        assert url == second.base_url + PIECE == DEMO_ORIGIN + PIECE
        async with Reader(resolve_paths(home), origin_aliases=first.aliases) as reader:
            article = await reader.save(url)
            reader.library.set_position(article.url, 0.42)
        first.stop()  # the first launch is gone; only the second one answers now
        async with Reader(resolve_paths(home), origin_aliases=second.aliases) as reader:
            assert reader.is_saved(url)
            again = await reader.open(url)
            assert again.title == article.title and again.notes == []
            [entry] = reader.library.list_saved()
            assert entry.url == url and entry.position == pytest.approx(0.42)
            assert len(reader.library.list_history()) == 1  # one piece, one address: no duplicates


def test_demo_takes_its_own_port_or_falls_back() -> None:
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", DEFAULT_PORT))  # busy, as when another program has it
    except OSError:
        pass  # already busy: the same case
    try:
        with DemoServer(None, origin=DEMO_ORIGIN) as demo:
            assert demo.port != DEFAULT_PORT
            assert demo.start_url == DEMO_ORIGIN + "/articles-multimedia"
            assert demo.aliases == {DEMO_ORIGIN: f"http://127.0.0.1:{demo.port}"}
    finally:
        holder.close()
    with DemoServer(None) as plain:  # --serve-only: the pages carry the address they are really at
        assert plain.aliases == {} and plain.base_url == f"http://127.0.0.1:{plain.port}"
