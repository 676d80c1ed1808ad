"""Faults in our own house, through the installed command: a read-only or full file system, a damaged library,
two processes saving at once, SIGKILL in the middle of saves, SIGTERM and Ctrl+C during a fetch.

Read-only and full file systems are real where the test may mount a small tmpfs (root in a container);
elsewhere a full disk is simulated with RLIMIT_FSIZE and the read-only case is skipped.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import hostile_pages as pages
import hostile_routes as routes
import pytest
from hostile_pages import assert_inert, library_state

from conftest import inkreader_command
from server import FixtureServer, respond

PIECES = 40
HANG_GUARD = 90  # seconds: only a hang guard for waits on a child; no test expects to reach it


def page_html(n: int, paragraphs: int = 4) -> str:
    return pages._article(f"Quay Notes Number {n}", [f"Note {n}: {p}" for p in pages.FILLER * paragraphs])


@pytest.fixture(scope="module")
def fault_server() -> Iterator[FixtureServer]:
    server = FixtureServer().start()
    for n in range(PIECES):
        server.route(f"/piece/{n}", lambda r, n=n: respond(r, 200, page_html(n)))

    def slow_piece(request) -> None:  # a little network time per page: kills land mid-command
        time.sleep(0.05)
        respond(request, 200, page_html(int(request.path.rsplit("/", 1)[1]) + 1000))

    for n in range(PIECES):
        server.route(f"/slow/{n}", slow_piece)
    big = pages._article(
        "A Very Long Report on Quays", [" ".join(os.urandom(8).hex() for _ in range(200)) for _ in range(400)]
    )
    server.route("/big", lambda r: respond(r, 200, big))
    server.route("/drip", routes.drip)
    yield server
    server.stop()


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, INKREADER_HOME=str(home), NO_COLOR="1", **extra)
    env.pop("INKREADER_DEBUG", None)
    return env


def cli(home: Path, *args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*inkreader_command(), *args], capture_output=True, text=True, timeout=timeout, env=env_for(home), **kw
    )


def popen(home: Path, *args: str, **extra_env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*inkreader_command(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(home, **extra_env),
    )


def no_pacing(home: Path) -> None:
    """Bulk saves are background work, paced 1 s per host by default: the loopback server needs none."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("host_delay_seconds = 0.0\n")


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("inkreader: ")
    assert_inert(lines[0])
    return lines[0]


def saved_urls(home: Path) -> set[str]:
    check, saved = library_state(home / "library.db")
    assert check == "ok"
    return saved


# -- file systems ----------------------------------------------------------------------------------------------
@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[bool]:
    """Mount a tmpfs of ``size_kb`` at ``path``; yields False when mounting is not allowed here."""
    path.mkdir(parents=True, exist_ok=True)
    if not shutil.which("mount"):
        yield False
        return
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount(path: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], check=True, capture_output=True)


def fill(directory: Path, leave_bytes: int) -> Path:
    filler = directory / "filler"
    stat = os.statvfs(directory)
    free = stat.f_bavail * stat.f_frsize
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * max(0, free - leave_bytes))
    return filler


def test_read_only_file_system(tmp_path: Path, fault_server: FixtureServer) -> None:
    home = tmp_path / "ro"
    with tmpfs(home, 8 * 1024) as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (root ignores file modes, so no real read-only directory)")
        first, second = fault_server.url("/piece/0"), fault_server.url("/piece/1")
        assert cli(home, "save", first).returncode == 0
        remount(home, "ro")
        try:
            listed = cli(home, "list")
            assert listed.returncode == 0 and first in listed.stdout, listed.stderr
            offline = cli(home, "--offline", "read", first)
            assert offline.returncode == 0 and "Quay Notes Number 0" in offline.stdout, offline.stderr
            fresh = cli(home, "read", second)  # a new page is still read and shown, only not cached
            assert fresh.returncode == 0 and "Quay Notes Number 1" in fresh.stdout
            assert "read-only" in one_line(fresh.stderr)
            refused = cli(home, "save", second)
            assert refused.returncode == 1
            assert "read-only" in one_line(refused.stderr)
            unsave = cli(home, "unsave", first)
            assert unsave.returncode == 1 and "read-only" in one_line(unsave.stderr)
            searched = cli(home, "search", "telephone")
            assert searched.returncode == 0 and first in searched.stdout, searched.stderr
        finally:
            remount(home, "rw")
        assert saved_urls(home) == {first}


def test_no_library_yet_on_a_read_only_file_system(tmp_path: Path, fault_server: FixtureServer) -> None:
    home = tmp_path / "ro-empty"
    with tmpfs(home, 1024) as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here")
        remount(home, "ro")
        result = cli(home, "save", fault_server.url("/piece/2"))
        assert result.returncode == 1
        assert "cannot be created" in one_line(result.stderr)
        # Reading needs no library: the page is shown, with one line saying it was not cached.
        read = cli(home, "read", fault_server.url("/piece/2"))
        assert read.returncode == 0 and "Quay Notes Number 2" in read.stdout, read.stderr
        assert "cannot be created" in one_line(read.stderr)


def test_full_disk(tmp_path: Path, fault_server: FixtureServer) -> None:
    home = tmp_path / "full"
    small, big = fault_server.url("/piece/3"), fault_server.url("/big")
    with tmpfs(home, 24 * 1024) as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here; see test_full_disk_simulated")
        assert cli(home, "save", small).returncode == 0
        filler = fill(home, 64 * 1024)
        refused = cli(home, "save", big)
        assert refused.returncode == 1
        line = one_line(refused.stderr)
        assert "is full" in line and "nothing already stored was lost" in line
        shown = cli(home, "read", big)  # reading still works: the page is shown, not cached
        assert shown.returncode == 0 and "A Very Long Report" in shown.stdout
        assert "full" in one_line(shown.stderr)
        assert saved_urls(home) == {small}
        filler.unlink()
        again = cli(home, "save", big)
        assert again.returncode == 0, again.stderr
        assert saved_urls(home) == {small, big}


def test_full_disk_simulated(tmp_path: Path, fault_server: FixtureServer) -> None:
    """Where no small file system can be had: a per-process file-size limit makes the big write fail."""
    home = tmp_path / "fsize"
    small, big = fault_server.url("/piece/4"), fault_server.url("/big")
    assert cli(home, "save", small).returncode == 0
    limit = (home / "library.db").stat().st_size + 64 * 1024

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    refused = cli(home, "save", big, preexec_fn=limited)
    assert refused.returncode == 1
    one_line(refused.stderr)
    assert saved_urls(home) == {small}
    assert cli(home, "save", big).returncode == 0


# -- a damaged library -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["garbage", "scribbled", "truncated"])
def test_damaged_library_is_kept_aside_and_the_user_told_how_to_recover(
    tmp_path: Path, fault_server: FixtureServer, damage: str
) -> None:
    home = tmp_path / "damaged"
    no_pacing(home)
    urls = [fault_server.url(f"/piece/{n}") for n in range(5, 25)]
    assert cli(home, "save", *urls).returncode == 0
    library = home / "library.db"
    data = bytearray(library.read_bytes())
    if damage == "garbage":
        data = bytearray(b"these bytes are no database at all " * 400)
    elif damage == "scribbled":
        for offset in range(4096 * 2, len(data) - 4096, 4096 * 2):
            data[offset : offset + 300] = os.urandom(300)
    else:
        data = data[: len(data) // 2 + 100]
    library.write_bytes(bytes(data))

    result = cli(home, "read", fault_server.url("/piece/30"))
    assert result.returncode == 0, result.stderr
    kept = [p for p in home.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)  # kept aside, byte for byte
    notice = one_line(result.stderr)
    assert "damaged" in notice and str(kept[0]) in notice and ".recover" in notice
    assert "Quay Notes Number 30" in result.stdout
    # The new library works; the notice is not repeated.
    listed = cli(home, "list")
    assert listed.returncode == 0 and listed.stderr == ""
    assert cli(home, "save", urls[0]).returncode == 0
    assert saved_urls(home) == {urls[0]}
    assert kept[0].exists()


def test_damaged_library_notice_reaches_list_too(tmp_path: Path, fault_server: FixtureServer) -> None:
    home = tmp_path / "damaged-list"
    assert cli(home, "save", fault_server.url("/piece/31")).returncode == 0
    (home / "library.db").write_bytes(b"\x00garbage" * 500)
    result = cli(home, "list")
    assert result.returncode == 0
    notice = one_line(result.stderr)
    assert ".corrupt-" in notice and ".recover" in notice


# -- two writers, killed writers, interrupted fetches ----------------------------------------------------------
def test_two_processes_saving_at_the_same_time(tmp_path: Path, fault_server: FixtureServer) -> None:
    home = tmp_path / "two"
    no_pacing(home)
    halves = (
        [fault_server.url(f"/piece/{n}") for n in range(0, 20)],
        [fault_server.url(f"/piece/{n}") for n in range(20, 40)],
    )
    children = [popen(home, "save", *half) for half in halves]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out.count("Saved:") == 20
        assert "Traceback" not in err
    assert saved_urls(home) == set(halves[0]) | set(halves[1])


def test_sigkill_in_the_middle_of_saves_loses_nothing_saved(tmp_path: Path, fault_server: FixtureServer) -> None:
    home = tmp_path / "killed"
    no_pacing(home)
    seed = fault_server.url("/piece/39")
    assert cli(home, "save", seed).returncode == 0
    confirmed: set[str] = {seed}
    for round_number in range(4):
        urls = [fault_server.url(f"/slow/{n}") for n in range(round_number * 10, round_number * 10 + 10)]
        child = popen(home, "save", *urls, PYTHONUNBUFFERED="1")  # each "Saved:" line leaves at once
        # Kill after a different number of confirmed saves each round (mid-way through the next one), judged
        # by what the child said, not by a clock: the kill lands inside a save however loaded the machine is.
        assert child.stdout is not None
        seen = 0
        for line in child.stdout:
            if line.startswith("Saved:"):
                confirmed.add(line.split()[-1])
                seen += 1
                if seen > round_number:
                    break
        child.kill()
        out, _ = child.communicate(timeout=HANG_GUARD)
        confirmed |= {line.rsplit(" ", 1)[1] for line in out.splitlines() if line.startswith("Saved:")}
        saved = saved_urls(home)  # integrity_check passes after every kill
        assert confirmed <= saved, confirmed - saved
    after = cli(home, "list")
    assert after.returncode == 0 and after.stderr == "", after.stderr  # no "damaged" notice: nothing to recover
    assert len(confirmed) > 1


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("command", ["read", "save"])
def test_interrupt_during_a_fetch(tmp_path: Path, fault_server: FixtureServer, signum: int, command: str) -> None:
    home = tmp_path / "interrupted"
    seed = fault_server.url("/piece/38")
    assert cli(home, "save", seed).returncode == 0
    arrived = threading.Event()

    def marked_drip(request) -> None:  # an endless page that says when the command has asked for it
        arrived.set()
        routes.drip(request)

    path = f"/drip-{command}-{signum}"
    fault_server.route(path, marked_drip)
    child = popen(home, command, fault_server.url(path), INKREADER_TOTAL_TIMEOUT="600")
    try:
        # The request on the wire means the command is inside its fetch, its signal handlers set: the signal
        # lands there however long the start took. The wait's bound is only a hang guard.
        assert arrived.wait(HANG_GUARD), "the command never asked for the page"
        child.send_signal(signum)
        out, err = child.communicate(timeout=HANG_GUARD)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130, (child.returncode, err)
    assert err == "inkreader: interrupted\n", err
    assert out == ""
    assert saved_urls(home) == {seed}
    assert cli(home, "list").returncode == 0
