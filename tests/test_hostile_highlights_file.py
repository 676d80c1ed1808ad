"""``export --highlights FILE`` where FILE is not what it seems (a FIFO, a link to a device) and where it
already exists with its own permissions; through the installed command on a real library."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from test_hostile_export import run

from server import FixtureServer

PIECE = "/publications/commentary/grain-corridor-referee"
QUOTE = "the two tallies have drifted apart by almost a fifth"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, site_server: FixtureServer) -> Path:
    home = tmp_path_factory.mktemp("highlights-home")
    made = run(home, "highlight", site_server.url(PIECE), QUOTE, "--note", "Check the figures.")
    assert made.returncode == 0, made.stderr
    return home


def one_line(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("inkreader: ") and fragment in lines[0], result.stderr


def test_a_fifo_is_refused_not_waited_on(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "highlights.md"
    os.mkfifo(fifo)
    one_line(run(home, "export", "--highlights", str(fifo)), "is a named pipe, not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_link_to_a_device_is_refused_and_left_alone(home: Path, tmp_path: Path, device: str) -> None:
    link = tmp_path / "highlights.md"
    link.symlink_to(device)
    one_line(run(home, "export", "--highlights", str(link)), "is a character device, not a regular file")
    assert link.is_symlink() and os.readlink(link) == device


def test_a_new_file_follows_the_umask(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "highlights.md"
    result = run(home, "export", "--highlights", str(target), umask=0o022)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert QUOTE in target.read_text().casefold()
    private = tmp_path / "private.md"
    assert run(home, "export", "--highlights", str(private), umask=0o077).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_replaced_file_keeps_its_mode(home: Path, tmp_path: Path, mode: int) -> None:
    target = tmp_path / "highlights.md"
    target.write_text("older notes\n")
    target.chmod(mode)
    result = run(home, "export", "--highlights", str(target), umask=0o022)
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout and QUOTE in target.read_text().casefold()
    assert stat.S_IMODE(target.stat().st_mode) == mode
    again = run(home, "export", "--highlights", str(target), umask=0o022)
    assert again.returncode == 0 and "Unchanged" in again.stdout
