"""Hostile servers and pages through the installed ``inkreader`` command.

Every case runs against one library that already holds a saved piece: after each, the command has said one
clear line (or read the page), nothing on stdout/stderr can act on a terminal, the library passes
``PRAGMA integrity_check`` and the saved piece is still there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import hostile_pages as pages
import pytest
from hostile_pages import assert_inert, library_state

from conftest import inkreader_command
from server import FixtureServer

SEEDED = "/publications/commentary/grain-corridor-referee"
# INKREADER_TOTAL_TIMEOUT for the servers that never finish a page (hostile_routes.slow and .drip hold on until
# the client hangs up), and only for them: an ordinary page on a loaded machine may take longer than this.
TOTAL_TIMEOUT = 3
ENDLESS = frozenset({"drip", "slow"})


class Cli:
    """The installed command on one data dir shared by the module's tests."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def __call__(
        self, *args: str, timeout: float = 90, total_timeout: float | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, INKREADER_HOME=str(self.home), NO_COLOR="1")
        env.pop("INKREADER_DEBUG", None)
        env.pop("INKREADER_TOTAL_TIMEOUT", None)
        if total_timeout is not None:
            env["INKREADER_TOTAL_TIMEOUT"] = f"{total_timeout:g}"
        return subprocess.run([*inkreader_command(), *args], capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, site_server: FixtureServer) -> tuple[Cli, str]:
    cli = Cli(tmp_path_factory.mktemp("hostile-home"))
    url = site_server.url(SEEDED)
    saved = cli("save", url)
    assert saved.returncode == 0, saved.stderr
    return cli, url


@pytest.fixture
def cli(seeded: tuple[Cli, str]) -> Iterator[Cli]:
    runner, saved_url = seeded
    yield runner
    check, saved = library_state(runner.home / "library.db")
    assert check == "ok"
    assert saved_url in saved


def assert_one_clear_line(result: subprocess.CompletedProcess[str], pattern: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout[:300], result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("inkreader: ") and len(line) < 300, line
    assert "unexpected error" not in line, line
    assert re.search(pattern, line, re.IGNORECASE), line
    assert_inert(line, "stderr")
    return line


# name -> the words the one line must hold
FAILURES = {
    "redirect_loop": r"redirects in a loop",
    "redirect_chain_11": r"redirects more than 10 times",
    "redirect_file": r"redirects to a file: address",
    "redirect_javascript": r"redirects to a javascript: address",
    "redirect_data": r"redirects to a data: address",
    "redirect_escape": r"not a valid address",
    "redirect_huge": r"closed the connection without a proper answer",
    "gzip_bomb": r"^inkreader: The response is larger than 10 MB; inkreader stopped reading it\.$",
    "huge": r"larger than 10 MB",
    "huge_with_length": r"larger than 10 MB",
    "truncated": r"connection closed before the page was complete",
    "drip": rf"took longer than {TOTAL_TIMEOUT} s",
    "slow": rf"took longer than {TOTAL_TIMEOUT} s",
    "binary": r"is not an HTML page \(binary data\)",
    "pdf": r"^inkreader: The PDF is damaged and could not be read\.$",
    "empty": r"^inkreader: The page is empty\.$",
    "js_shell": r"no readable article text.*javascript",
    "nested_divs": r"no readable article text",
    "challenge_403": r"asks for a browser check",
    "challenge_503": r"asks for a browser check",
    "rate_limited": r"too many requests \(429\).*try again in 2 hours",
    "not_found": r"not found \(404\)",
    "server_error": r"server had an error \(500\)",
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_hostile_server_gives_one_clear_line(cli: Cli, hostile_urls: dict[str, str], name: str) -> None:
    # The drip and the slow server never end on their own: "took longer than" says our bound ended them.
    total_timeout = TOTAL_TIMEOUT if name in ENDLESS else None
    assert_one_clear_line(cli("read", hostile_urls[name], total_timeout=total_timeout), FAILURES[name])


@pytest.mark.parametrize("name", ["gzip_bomb", "truncated", "binary", "js_shell", "redirect_loop"])
def test_saving_a_hostile_page_saves_nothing(cli: Cli, hostile_urls: dict[str, str], name: str) -> None:
    result = cli("save", hostile_urls[name])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    said = 2 if name == "redirect_loop" else 1  # "X redirects in a loop (back to X)" names it twice on purpose
    assert len(lines) == 1 and lines[0].count(hostile_urls[name]) == said, result.stderr  # which page, said once
    _, saved = library_state(cli.home / "library.db")
    assert hostile_urls[name] not in saved


def test_gzip_bomb_is_cheap_for_the_process(cli: Cli, hostile_urls: dict[str, str]) -> None:
    """The command's own peak memory stays far below the 300 MB the bomb inflates to."""
    # VmHWM (this process image's own peak), not ru_maxrss: Linux carries ru_maxrss across fork and exec,
    # so it would report the forking pytest process's size (about 280 MB late in a full run).
    code = (
        "import re, sys\nfrom inkreader.cli import main\n"
        "status = main(['read', sys.argv[1]])\n"
        "status_text = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status_text).group(1)) // 1024, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    env = dict(os.environ, INKREADER_HOME=str(cli.home))
    env.pop("INKREADER_TOTAL_TIMEOUT", None)
    python = Path(inkreader_command()[0]).with_name("python")
    result = subprocess.run(
        [str(python if python.exists() else "python3"), "-c", code, hostile_urls["gzip_bomb"]],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )
    message, peak_mb = result.stderr.splitlines()
    assert result.returncode == 1 and "larger than 10 MB" in message
    assert int(peak_mb) < 200, f"peak RSS {peak_mb} MB"


# -- pages that are read, with their hostility neutralised -------------------------------------------------
def read_json(cli: Cli, url: str) -> dict:
    result = cli("read", url, "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_inert(result.stderr, "stderr")
    return json.loads(result.stdout)


def all_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from all_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)


def test_markup_and_escapes_everywhere_come_out_inert(cli: Cli, hostile_urls: dict[str, str]) -> None:
    markdown = cli("read", hostile_urls["escapes"])
    assert markdown.returncode == 0, markdown.stderr
    assert_inert(markdown.stdout, "markdown on stdout")
    assert_inert(markdown.stderr, "stderr")
    assert "Escaped Title" in markdown.stdout

    data = read_json(cli, hostile_urls["escapes"])
    for text in all_strings(data):  # json escapes controls on the wire; the values themselves must be clean
        assert_inert(text, "a JSON value")
    assert pages.RICH_TITLE in data["title"]  # Rich markup is kept as the page's literal text
    assert any("Ada Marlow" in author for author in data["authors"]), data["authors"]
    assert "52;c;" not in json.dumps(data)  # the clipboard payload went with its escape
    assert "pwned window title" not in data["title"]
    assert "inverted" in data["markdown"] and "alarm" in data["markdown"]
    assert all(link["url"].startswith("http") for link in data["links"])


def test_escape_laden_outlet_link_is_cleaned_before_following(cli: Cli, hostile_urls: dict[str, str]) -> None:
    data = read_json(cli, hostile_urls["cnas_outlet_escapes"])
    assert data["followed"] is True
    assert data["full_article_url"] == hostile_urls["ordinary"]


@pytest.mark.parametrize("name", ["dangerous_links", "cnas_outlet_file", "cnas_outlet_javascript", "cnas_outlet_data"])
def test_javascript_data_and_file_links_are_never_opened(
    cli: Cli, hostile_urls: dict[str, str], hostile_server: FixtureServer, name: str
) -> None:
    for args in (("read", hostile_urls[name], "--json"), ("save", hostile_urls[name])):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        everything = result.stdout + result.stderr
        assert "root:x:0:0" not in everything  # the file: target's text never shows
        assert_inert(everything)
    data = read_json(cli, hostile_urls[name])
    assert data["followed"] is False
    assert data["full_article_url"] is None or data["full_article_url"].startswith("http")
    for link in data["links"]:
        assert link["url"].split(":", 1)[0] in ("http", "https", "mailto"), link
    lowered = data["markdown"].lower()
    for scheme in ("javascript:", "vbscript:", "data:text", "file://"):
        assert scheme not in lowered, scheme
    assert "/hostile-pages/beacon" not in hostile_server.hits


def test_local_file_never_opens_the_files_it_links(cli: Cli, tmp_path: Path) -> None:
    """A page read from disk (where file: is how it was named) still never follows file: links inside it."""
    local = tmp_path / "downloaded.html"
    local.write_text(
        pages.cnas_page("file:///etc/passwd").replace(
            "</article>", "<iframe src='file:///etc/passwd'></iframe><img src='file:///etc/passwd' alt=''></article>"
        )
    )
    for args in (("read", str(local)), ("read", str(local), "--json")):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        assert "root:x:0:0" not in result.stdout + result.stderr
    refused = cli("save", str(local))  # local files are read, never saved
    assert refused.returncode == 1 and "Local files are not saved" in refused.stderr


@pytest.mark.parametrize(
    "name, words",
    [
        ("invalid_utf8", ["Broken Bytes in a Long Piece", "Café society survives", "\u201cCafé résumé,\u201d"]),
        ("invalid_utf8_heavy", ["Broken Bytes in a Long Piece", "telephone tree"]),
        ("lying_charset", ["The Café on the Quay", "\u201cNaïve,\u201d she said \u2014 résumé"]),
        ("cp1252", ["Notes from the café", "naïve résumé"]),
        ("meta_charset", ["Notes from the café"]),
        ("nested_inline", ["Nested Emphasis All the Way Down", "telephone tree"]),
        ("redirect_chain_10", ["An Ordinary Page About Quays"]),
    ],
)
def test_damaged_but_readable_pages_are_read(
    cli: Cli, hostile_urls: dict[str, str], name: str, words: list[str]
) -> None:
    result = cli("read", hostile_urls[name])
    assert result.returncode == 0, result.stderr
    assert_inert(result.stdout + result.stderr)
    for word in words:
        assert word in result.stdout, (word, result.stdout[:400])
