"""The library under stress: migrations, read-only files, a full disk, damage, kills and two writers."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from store_helpers import integrity, make_article

import inkreader.store.schema as schema
from inkreader.store import (
    Library,
    LibraryCorrupt,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    LibraryTooNew,
)

TESTS = Path(__file__).parent
NOBODY = 65534


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    return env


def _python(code: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_env(),
        **kw,
    )


# -- migrations --------------------------------------------------------------------------------------------


def test_empty_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    path.write_bytes(b"")
    with Library(path) as library:
        assert library.recovery_note is None
        library.put_article(make_article(1))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_v0_database_without_tables_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    with Library(path) as library:
        assert library.recovery_note is None  # migrated in place, not moved aside as damaged
        library.put_article(make_article(1))
        library.save(make_article(1).url)
        assert [entry.url for entry in library.list_saved()] == [make_article(1).url]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        library.put_article(make_article(1))
        library.save(make_article(1).url)
    for _ in range(2):
        with Library(path) as library:
            assert [e.url for e in library.list_saved()] == [make_article(1).url]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_a_v1_to_v2_step_applies_once_and_keeps_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        library.put_article(make_article(1))
        library.save(make_article(1).url)
    step = "ALTER TABLE saved ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';\nCREATE INDEX saved_tags ON saved(tags);"
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, step])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    import inkreader.store.db as db

    monkeypatch.setattr(db, "SCHEMA_VERSION", schema.SCHEMA_VERSION)
    for _ in range(2):
        with Library(path) as library:
            assert library.is_saved(make_article(1).url)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("SELECT tags FROM saved").fetchall() == [("[]",)]


def test_newer_library_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryTooNew, match="newer inkreader"):
        Library(path)
    assert path.read_bytes() == before


# -- read-only ---------------------------------------------------------------------------------------------


SRC = Path(__import__("inkreader").__file__).resolve().parents[1]


def _interpreters() -> list[str]:
    """sys.executable first; when root, the venv's interpreter may live under /root (0700), so also the
    system python3 (the store needs only the standard library and inkreader's own modules)."""
    found = [sys.executable]
    for name in ("python3.13", "python3.12", "python3.11", "python3"):
        for directory in ("/usr/bin", "/usr/local/bin"):
            candidate = os.path.join(directory, name)
            if os.path.exists(candidate) and candidate not in found:
                found.append(candidate)
    return found


_INTERPRETER: list[str] = []


def _unprivileged_run(code: str, cwd: Path, interpreter: str | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` as a user the file modes apply to (root ignores them: drop to nobody)."""
    kw: dict = {}
    if os.geteuid() == 0:
        kw = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    env = _child_env()
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(TESTS)])
    env.pop("PYTHONHOME", None)
    return subprocess.run(
        [interpreter or _INTERPRETER[0], "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        **kw,
    )


@pytest.fixture
def shared_dir():
    """A directory outside pytest's private tmp (0700, root's) that an unprivileged child can reach."""
    directory = Path(tempfile.mkdtemp(prefix="inkreader-ro-"))
    directory.chmod(0o755)
    if not _INTERPRETER:
        problems = []
        for interpreter in _interpreters():
            try:
                probe = _unprivileged_run("import inkreader.store, store_helpers", directory, interpreter)
            except OSError as error:
                problems.append(f"{interpreter}: {error.strerror}")
                continue
            if probe.returncode == 0:
                _INTERPRETER.append(interpreter)
                break
            problems.append(f"{interpreter}: {probe.stderr.strip().splitlines()[-1:]}")
    if not _INTERPRETER:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.skip("no Python an unprivileged user can run here: " + "; ".join(problems))
    yield directory
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o700)
    shutil.rmtree(directory, ignore_errors=True)


READ_ONLY_CHECK = """
    import sys
    from pathlib import Path
    from inkreader.store import Library, LibraryReadOnly
    from store_helpers import make_article
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "{path}")
    library = Library(path)
    assert library.read_only, "should be read-only"
    assert [e.url for e in library.list_saved()] == [make_article(1).url]
    assert library.get_article(make_article(1).url).title == make_article(1).title
    assert library.search("harbour")[0].url == make_article(1).url
    for attempt in (lambda: library.save(make_article(1).url), lambda: library.put_article(make_article(2)),
                    lambda: library.add_history("https://x.example/")):
        try:
            attempt()
        except LibraryReadOnly as error:
            message = str(error)
            assert "read-only" in message and str(path) in message and "\\n" not in message, message
        else:
            raise AssertionError("a write went through")
    library.close()
    print("READ-ONLY OK")
"""


def _make_saved_library(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Library(path) as library:
        library.put_article(make_article(1))
        library.save(make_article(1).url)
    assert not path.with_name(path.name + "-wal").exists()  # closed cleanly: checkpointed


def test_read_only_directory_still_reads(shared_dir: Path) -> None:
    path = shared_dir / "data" / "library.db"
    _make_saved_library(path)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    result = _unprivileged_run(READ_ONLY_CHECK.format(path=path), shared_dir)
    assert result.returncode == 0, result.stderr
    assert "READ-ONLY OK" in result.stdout
    assert integrity(path) == "ok"


def test_read_only_file_in_writable_directory(shared_dir: Path) -> None:
    path = shared_dir / "data" / "library.db"
    _make_saved_library(path)
    path.parent.chmod(0o777)
    path.chmod(0o444)
    result = _unprivileged_run(READ_ONLY_CHECK.format(path=path), shared_dir)
    assert result.returncode == 0, result.stderr


def test_new_library_in_read_only_directory_is_a_clear_error(shared_dir: Path) -> None:
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    code = f"""
        from pathlib import Path
        from inkreader.store import Library, LibraryReadOnly
        try:
            Library(Path("{locked}") / "sub" / "library.db")
        except LibraryReadOnly as error:
            print("ERR", error)
    """
    result = _unprivileged_run(code, shared_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ERR The library at") and "cannot be created" in result.stdout
    assert result.stdout.count("\n") == 1


# -- full disk ---------------------------------------------------------------------------------------------


def test_full_disk_rolls_back_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        for n in range(5):
            library.put_article(make_article(n))
            library.save(make_article(n).url)
        pages = library._conn.execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own limit: past it, writes fail with SQLITE_FULL ("database or disk is full").
        library._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        huge = " ".join(os.urandom(120_000).hex()[i : i + 7] for i in range(0, 240_000, 7))
        with pytest.raises(LibraryFull) as caught:
            library.put_article(make_article(99, body=huge))
        message = str(caught.value)
        assert "full" in message and str(path) in message and "\n" not in message
        assert library.get_article(make_article(99).url) is None  # nothing half-written
        assert len(library.list_saved()) == 5
        assert library.search("harbour") != []
        library._conn.execute("PRAGMA max_page_count = 1073741823")
        library.put_article(make_article(99, body=huge))  # room again: works
    assert integrity(path) == "ok"
    with Library(path) as library:
        assert len(library.list_saved()) == 5 and library.get_article(make_article(99).url) is not None


# -- damaged files -----------------------------------------------------------------------------------------


def _corrupt_files(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm")))


def _assert_recovered(path: Path, original: bytes, library: Library) -> None:
    kept = _corrupt_files(path)
    assert len(kept) == 1 and kept[0].read_bytes() == original
    note = library.recovery_note
    assert note and str(kept[0]) in note and ".recover" in note and "\n" not in note
    library.put_article(make_article(1))
    library.save(make_article(1).url)
    assert library.is_saved(make_article(1).url)


def test_garbage_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    garbage = b"this is not a database at all, just words " * 200
    path.write_bytes(garbage)
    with Library(path) as library:
        _assert_recovered(path, garbage, library)
    assert integrity(path) == "ok"


@pytest.mark.parametrize("cut", ["half", "odd"])
def test_truncated_file_is_moved_aside(tmp_path: Path, cut: str) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        for n in range(40):
            library.put_article(make_article(n, body=os.urandom(3000).hex()))
    data = path.read_bytes()
    size = (len(data) // 2 // 4096) * 4096 if cut == "half" else len(data) - 1000
    path.write_bytes(data[:size])
    with Library(path) as library:
        _assert_recovered(path, data[:size], library)


def test_damaged_pages_are_found_by_quick_check(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        for n in range(40):
            library.put_article(make_article(n, body=os.urandom(3000).hex()))
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data) - page, page * 3):  # scribble over some pages, keep the header
        data[offset : offset + 200] = os.urandom(200)
    path.write_bytes(bytes(data))
    with Library(path) as library:
        _assert_recovered(path, bytes(data), library)


def _quick_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records each quick_check open_database runs (the real check still runs)."""
    import inkreader.store.db as db

    checked: list[Path] = []
    real = db._quick_check
    monkeypatch.setattr(db, "_quick_check", lambda conn: checked.append(Path()) or real(conn))
    return checked


def test_a_file_left_as_a_clean_close_left_it_opens_without_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        library.put_article(make_article(1))
    checked = _quick_checks(monkeypatch)
    with Library(path) as library:  # untouched since the clean close: no page-by-page read
        assert library.get_article(make_article(1).url) is not None
    assert checked == []
    library = Library(path)  # this session never closes (a crash): the next open checks
    other = Library(path)
    assert len(checked) == 1 and other.recovery_note is None
    other.close()
    library.close()
    with Library(path):
        pass
    assert len(checked) == 1  # the last close was clean again
    path.with_name("library.db.clean").write_text("1 2 3 4", encoding="ascii")  # a file changed since
    with Library(path):
        pass
    assert len(checked) == 2


def test_damage_found_later_asks_for_a_full_check_next_time(tmp_path: Path) -> None:
    from inkreader.store.db import mark_suspect

    path = tmp_path / "library.db"
    Library(path).close()
    mark_suspect(path)
    assert path.with_name("library.db.check").exists()
    with Library(path) as library:  # sound after all: the full check passes and the marker goes away
        assert library.recovery_note is None


# -- killed writers and two writers ------------------------------------------------------------------------

SAVE_LOOP = """
    import sys
    from pathlib import Path
    from inkreader.store import Library
    from store_helpers import make_article
    start = int(sys.argv[2])
    with Library(Path(sys.argv[1])) as library:
        for n in range(start, start + 100000):
            library.put_article(make_article(n, body=("Harbour text %d. " % n) * 300))
            library.save(make_article(n).url)
            library.add_history(make_article(n).url)
            print(n, flush=True)
"""


def test_sigkill_during_saves_keeps_everything_committed(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    committed: list[int] = []
    for round_number, wanted in enumerate((15, 40, 25)):
        start = round_number * 1000
        child = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(SAVE_LOOP), str(path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_child_env(),
        )
        seen = 0
        assert child.stdout is not None
        deadline = time.monotonic() + 60
        while seen < wanted and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            committed.append(int(line))
            seen += 1
        os.kill(child.pid, signal.SIGKILL)  # mid-loop: very likely inside a transaction
        child.wait(timeout=10)
        # Anything the child printed after our last read was committed too; take it as well.
        committed.extend(int(line) for line in child.stdout.read().split())
        assert seen == wanted, child.stderr.read()
        assert integrity(path) == "ok"
        with Library(path) as library:
            saved = {entry.url for entry in library.list_saved()}
            assert {make_article(n).url for n in committed} <= saved
            for n in committed[-3:]:
                assert library.get_article(make_article(n).url) is not None
            assert library.recovery_note is None


def test_two_processes_saving_at_once(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "library.db"  # both start on a library that does not exist yet
    code = """
        import sys
        from pathlib import Path
        from inkreader.store import Library
        from store_helpers import make_article
        start = int(sys.argv[2])
        with Library(Path(sys.argv[1])) as library:
            for n in range(start, start + 60):
                library.put_article(make_article(n))
                library.save(make_article(n).url)
                library.add_history(make_article(n).url)
                library.search("harbour")
                library.list_saved()
            library.put_article(make_article(5000))
            library.save(make_article(5000).url)
        print("done")
    """
    children = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), str(path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_child_env(),
        )
        for start in (0, 100)
    ]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and out.strip() == "done", err
    with Library(path) as library:
        saved = {entry.url for entry in library.list_saved()}
        expected = {make_article(n).url for n in [*range(60), *range(100, 160), 5000]}
        assert saved == expected
        assert len(library.list_history(limit=500)) == 120
    assert integrity(path) == "ok"


def test_busy_writer_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    Library(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with Library(path) as library:
        library._conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(LibraryError, match="busy"):
            library.put_article(make_article(1))
        blocker.execute("ROLLBACK")
        library.put_article(make_article(1))  # the lock is free again
        blocker.execute("BEGIN IMMEDIATE")
        # Reading while someone else writes: the access-time mark is skipped, the read itself works.
        assert library.get_article(make_article(1).url) is not None
        assert library.search("harbour") and library.list_saved() == []
        blocker.execute("ROLLBACK")
    blocker.close()


def test_errors_are_library_errors_with_one_line(tmp_path: Path) -> None:
    for error_type in (LibraryCorrupt, LibraryFull, LibraryReadOnly, LibraryTooNew):
        assert issubclass(error_type, LibraryError)
