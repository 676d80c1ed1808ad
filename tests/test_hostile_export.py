"""``inkreader export DIR`` in a folder someone else controls (shared, synced, cloned): the manifest is data,
never a list of places to write; only regular files are read or replaced; new files follow the umask.

Through the installed command, on a real library holding a piece saved over HTTP from 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import inkreader_command
from server import FixtureServer

PIECE = "/publications/commentary/grain-corridor-referee"
MANIFEST = ".inkreader-export.json"
VICTIM_TEXT = "my own notes, not inkreader's\n"  # short: any export copy is longer, so nothing stops a write


def run(home: Path, *args: str, umask: int | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, INKREADER_HOME=str(home), NO_COLOR="1")
    env.pop("INKREADER_DEBUG", None)
    return subprocess.run(
        [*inkreader_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, site_server: FixtureServer) -> Path:
    home = tmp_path_factory.mktemp("export-home")
    saved = run(home, "save", site_server.url(PIECE))
    assert saved.returncode == 0, saved.stderr
    return home


@pytest.fixture(scope="module")
def piece_url(home: Path) -> str:
    listed = run(home, "list", "--json")
    [entry] = json.loads(listed.stdout)
    return entry["url"]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def exported_names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".md"))


@pytest.mark.parametrize("shape", ["parent", "absolute", "deep-parent", "separator", "dot-file", "backslash"])
def test_manifest_names_never_lead_outside_dir(home: Path, piece_url: str, tmp_path: Path, shape: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.md"
    victim.write_text(VICTIM_TEXT)
    out = tmp_path / "notes" / "a" / "b" / "export"
    out.mkdir(parents=True)
    (out / "sub").symlink_to(outside, target_is_directory=True)  # a symlinked "parent" inside DIR
    name = {
        "parent": "../../../../outside/victim.md",
        "absolute": str(victim),
        "deep-parent": "../../../created-outside.md",
        "separator": "sub/victim.md",
        "dot-file": MANIFEST,
        "backslash": "..\\..\\victim.md",
    }[shape]
    manifest = {"files": {name: {"url": piece_url, "sha256": sha256(VICTIM_TEXT)}}}
    (out / MANIFEST).write_text(json.dumps(manifest))

    result = run(home, "export", str(out))

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert victim.read_text() == VICTIM_TEXT
    assert sorted(p.name for p in outside.iterdir()) == ["victim.md"]
    assert not (tmp_path / "notes" / "created-outside.md").exists()
    assert not (tmp_path / "created-outside.md").exists()
    warnings = [line for line in result.stderr.splitlines() if "not a plain file name" in line]
    assert len(warnings) == 1, result.stderr
    # The piece is exported all the same, under its own name, inside DIR; the bad entry is gone for good.
    [written] = exported_names(out)
    assert "Grain" in (out / written).read_text() or "grain" in written
    kept = json.loads((out / MANIFEST).read_text())["files"]
    assert list(kept) == [written]


def test_many_bad_entries_give_one_warning(home: Path, piece_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    bad = ["../a.md", "/etc/b.md", "c/../../d.md", "..", "", 7, "e.md\x00.txt"]
    files = {str(name): {"url": piece_url, "sha256": "0" * 64} for name in bad}
    (out / MANIFEST).write_text(json.dumps({"files": files}))
    result = run(home, "export", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "ignored 7 entries" in lines[0], result.stderr
    assert exported_names(out) and not (tmp_path / "a.md").exists()


def test_a_symlink_under_the_pieces_name_is_left_alone(home: Path, piece_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(home, "export", str(out))
    assert first.returncode == 0, first.stderr
    [name] = exported_names(out)
    outside = tmp_path / "victim.md"
    outside.write_text(VICTIM_TEXT)
    (out / name).unlink()
    (out / name).symlink_to(outside)
    (out / MANIFEST).write_text(json.dumps({"files": {name: {"url": piece_url, "sha256": sha256(VICTIM_TEXT)}}}))

    result = run(home, "export", str(out))

    assert result.returncode == 0, result.stderr
    assert (out / name).is_symlink() and outside.read_text() == VICTIM_TEXT
    assert "symbolic link" in result.stderr and name in result.stderr


def test_a_fifo_named_like_a_piece_does_not_hang_export(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(home, "export", str(out))
    [name] = exported_names(out)
    (out / name).unlink()
    os.mkfifo(out / name)
    os.mkfifo(out / "someone-elses-pipe.md")
    os.mkfifo(out / MANIFEST.replace(".json", ".pipe.json"))

    result = run(home, "export", str(out), timeout=30)  # before: blocked for ever opening the FIFO

    assert first.returncode == 0 and result.returncode == 0, result.stderr
    assert stat.S_ISFIFO((out / name).stat().st_mode)
    assert "named pipe" in result.stderr and name in result.stderr


def test_a_fifo_manifest_is_neither_read_nor_replaced(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / MANIFEST)
    result = run(home, "export", str(out), timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO((out / MANIFEST).stat().st_mode)
    assert "named pipe" in result.stderr
    assert exported_names(out)


def test_exported_files_follow_the_umask(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(home, "export", str(out), umask=0o022)
    assert result.returncode == 0, result.stderr
    for path in [*(out / name for name in exported_names(out)), out / MANIFEST]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, (path.name, oct(path.stat().st_mode))
    strict = tmp_path / "strict"
    assert run(home, "export", str(strict), umask=0o077).returncode == 0
    for path in strict.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_replaced_file_keeps_its_own_permissions(home: Path, piece_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(home, "export", str(out), umask=0o022).returncode == 0
    [name] = exported_names(out)
    shorter = "---\nurl: x\n---\n"  # our own earlier, shorter copy: replaced by the longer one
    (out / name).write_text(shorter)
    (out / name).chmod(0o640)
    (out / MANIFEST).write_text(json.dumps({"files": {name: {"url": piece_url, "sha256": sha256(shorter)}}}))
    result = run(home, "export", str(out), umask=0o022)
    assert result.returncode == 0 and "1 new or changed" in result.stdout, result.stdout + result.stderr
    assert stat.S_IMODE((out / name).stat().st_mode) == 0o640
