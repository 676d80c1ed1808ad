"""Opening the SQLite file: settings, read-only fallback, damage detection, and error translation.

Everything sqlite3 or the OS raises is turned into a one-line :class:`LibraryError` subclass here.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import (
    LibraryBusy,
    LibraryCorrupt,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    LibraryTooNew,
)
from .schema import SCHEMA_VERSION, current_version, migrate
from .search import cjk_bigrams, index_text

# What we bind to a statement, and what a statement gives back: a row's columns have the schema's types,
# which the checker cannot see (sqlite3's own stubs say Any).
SqlRow = tuple[str | int | float | bytes | None, ...]
DbRow = tuple[Any, ...]

# How long a call waits for another process's write lock before saying the library is busy. Interactive:
# a reader or a save must not hang for a minute behind someone else's long transaction.
BUSY_TIMEOUT_MS = 1500
BUSY_MESSAGE = "the library is busy: another program is writing to it"
# PRAGMA quick_check reads every page: run it on files up to this size unless the file is exactly as our last
# clean close left it (mark_clean), and on bigger ones only when an earlier session hit a "malformed" error (it
# leaves a marker file). Cheap header checks run always.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
_HEADER_MAGIC = b"SQLite format 3\x00"

_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def error_name(error: BaseException) -> str:
    return getattr(error, "sqlite_errorname", "") or ""


def is_busy(error: BaseException) -> bool:
    name = error_name(error)
    return name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in str(error)


def is_corrupt(error: BaseException) -> bool:
    name = error_name(error)
    text = str(error)
    return any(name.startswith(code) for code in _CORRUPT_CODES) or "malformed" in text or "not a database" in text


def is_read_only(error: BaseException) -> bool:
    return error_name(error).startswith("SQLITE_READONLY") or "readonly database" in str(error)


def translate(error: BaseException, path: Path) -> LibraryError:
    """One clear line for whatever went wrong with the library file."""
    if isinstance(error, LibraryError):
        return error
    name = error_name(error)
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return LibraryFull(f"The disk holding the library at {path} is full; nothing was written.")
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return LibraryReadOnly(f"The library at {path} is read-only; saving is off ({error.strerror}).")
        return LibraryError(f"Could not use the library at {path}: {error.strerror or error}.")
    if name.startswith("SQLITE_FULL") or "disk is full" in str(error):
        return LibraryFull(
            f"The disk holding the library at {path} is full; the change was rolled back and nothing "
            "already stored was lost."
        )
    if is_read_only(error):
        return LibraryReadOnly(f"The library at {path} is read-only; reading works, saving does not.")
    if is_busy(error):
        return LibraryBusy(BUSY_MESSAGE)
    if is_corrupt(error):
        mark_suspect(path)
        return LibraryCorrupt(
            f"The library at {path} is damaged ({error}); restart inkreader to move it aside, "
            f"or recover it with: sqlite3 {path} .recover"
        )
    return LibraryError(f"The library at {path} could not be used: {error}.")


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".check")


def _clean_stamp(path: Path) -> Path:
    return path.with_name(path.name + ".clean")


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _file_state(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def mark_clean(path: Path) -> None:
    """After the last connection closed cleanly: note the file as it was left, so that the next open may skip
    quick_check (it reads every page: 0.15 s for a 10,000-piece library) when nothing has touched it since."""
    state = _file_state(path)
    if state is None or _wal(path).exists():  # another connection still has it open: it will say so itself
        return
    try:
        _clean_stamp(path).write_text(state, encoding="ascii")
    except OSError:
        pass


def _untouched_since_clean_close(path: Path) -> bool:
    """The file is byte for byte where a clean close left it (same inode, size, mtime and ctime, no WAL).
    The stamp is used once: a session that does not end cleanly leaves none, and the next open checks."""
    stamp = _clean_stamp(path)
    try:
        recorded = stamp.read_text(encoding="ascii")
        stamp.unlink()
    except (OSError, UnicodeDecodeError):
        return False
    return not _wal(path).exists() and recorded == _file_state(path)


def mark_suspect(path: Path) -> None:
    """Ask the next open to run the full quick_check, whatever the file's size."""
    try:
        _marker(path).touch()
    except OSError:
        pass


def header_problem(path: Path) -> str | None:
    """Cheap checks on the 100-byte header: garbage and truncation show up here without reading pages."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None  # an empty file is a new library (SQLite treats it so)
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    if len(header) < 100 or not header.startswith(_HEADER_MAGIC):
        return "not an SQLite database"
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "bad page size in the header"
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # A checkpoint killed half-way may leave the file shorter than its header says while the WAL
        # still holds the pages: SQLite repairs that itself, so only quick_check may judge it.
        return None
    if size % page_size:
        return "file is truncated"
    if change_counter == valid_for and page_count and size < page_count * page_size:
        return "file is truncated"
    return None


@dataclass
class Opened:
    conn: sqlite3.Connection
    read_only: bool
    read_only_reason: str | None = None
    recovery_note: str | None = None


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """Lone surrogates (which UTF-8 cannot hold) become U+FFFD; any other text is returned as is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _valid(value: object) -> object:
    return valid_text(value) if isinstance(value, str) else value


def _valid_params(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {key: _valid(value) for key, value in parameters.items()}
    return tuple(_valid(value) for value in parameters)


class _Connection(sqlite3.Connection):
    """Binds text that UTF-8 cannot encode (a lone surrogate from a page) as U+FFFD instead of raising
    UnicodeEncodeError: the last line of defence at the store's boundary."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, _valid_params(parameters))

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        return super().executemany(sql, (_valid_params(parameters) for parameters in seq_of_parameters))


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target,
        uri=uri,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        factory=_Connection,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Used by the schema's migration steps to rebuild the search index (store.schema).
    conn.create_function("inkreader_index_text", 1, lambda text: index_text(text) if text else "", deterministic=True)
    conn.create_function("inkreader_cjk", 1, lambda text: cjk_bigrams(text) if text else "", deterministic=True)
    return conn


def _set_up_writable(conn: sqlite3.Connection, path: Path) -> None:
    if not conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
        # Only takes effect on a new file, before WAL mode writes its first page: lets evict() give
        # freed pages back to the file system (PRAGMA incremental_vacuum).
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise LibraryError(f"The library at {path} could not switch to WAL mode (got {mode}).")
    # FULL: every committed save survives a power cut too, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise LibraryTooNew(
            f"The library at {path} was written by a newer inkreader (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade inkreader to use it."
        )
    return version


def _quick_check(conn: sqlite3.Connection) -> str | None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    problems = [line.strip() for row in rows if row[0] != "ok" for line in str(row[0]).splitlines()]
    problems = [line for line in problems if line and not line.startswith("***")]
    if not rows or rows[0][0] == "ok":
        return None
    first = problems[0] if problems else "quick_check failed"
    return first if len(first) <= 120 else first[:117] + "..."


def _damage(path: Path, conn: sqlite3.Connection | None, *, untouched: bool = False) -> str | None:
    """None when the file looks sound, else what is wrong with it. ``untouched``: as a clean close left it
    (then quick_check runs only when a session asked for it)."""
    problem = header_problem(path)
    if problem:
        return problem
    if conn is None:
        return None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        size = path.stat().st_size if path.exists() else 0
        if _marker(path).exists() or (size <= QUICK_CHECK_MAX_BYTES and not untouched):
            return _quick_check(conn)
    except sqlite3.DatabaseError as error:
        if is_corrupt(error):
            return str(error)
        raise
    return None


def move_aside(path: Path, reason: str) -> str:
    """Rename the damaged file (and its -wal/-shm) to ``<name>.corrupt-<timestamp>``; never delete it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as error:
        raise LibraryCorrupt(
            f"The library at {path} is damaged ({reason}) and could not be moved aside "
            f"({error.strerror}); recover it with: sqlite3 {path} .recover"
        ) from None
    try:
        _marker(path).unlink()
    except OSError:
        pass
    return (
        f"The library at {path} was damaged ({reason}); it was kept as {target} and a new, empty library "
        f"was started. To get back what it held: "
        f"sqlite3 {target} .recover | sqlite3 {path.parent / 'recovered.db'}"
    )


def _writable(path: Path) -> tuple[bool, str | None]:
    directory = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False, "the file is not writable"
    if not os.access(directory, os.W_OK):
        return False, "its directory is not writable"
    return True, None


def _open_read_only(path: Path, reason: str) -> Opened:
    if not path.exists():
        raise LibraryReadOnly(f"The library at {path} cannot be created: {reason}.")
    if header_problem(path):
        raise LibraryCorrupt(
            f"The library at {path} is damaged ({header_problem(path)}) and read-only; "
            f"recover it with: sqlite3 {path} .recover"
        )
    last: BaseException | None = None
    # mode=ro needs the -shm file to exist or be creatable; immutable=1 reads the bare file without locks.
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = _connect(f"{path.resolve().as_uri()}?{query}", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            last = error
            continue
        conn.execute("PRAGMA query_only = ON")
        version = _check_version(conn, path)
        if version < SCHEMA_VERSION:
            conn.close()
            raise LibraryReadOnly(
                f"The library at {path} needs an upgrade but is read-only ({reason}); make it writable once."
            )
        note = f"The library at {path} is read-only ({reason}); reading works, saving does not."
        return Opened(conn, True, note)
    assert last is not None
    raise translate(last, path)


def open_database(path: Path) -> Opened:
    """Open (creating or migrating) the library; a damaged file is moved aside and a fresh one started."""
    if path.is_dir():
        # Nothing to read and nowhere to write; never move a directory aside. Reading pages still works.
        raise LibraryReadOnly(
            f"The library at {path} is a directory, not a library file; reading works, saving does not "
            "(move the directory away to start a new library)."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if not path.exists():
            raise LibraryReadOnly(f"The library at {path} cannot be created: {error.strerror or error}.") from None
    writable, reason = _writable(path)
    if not writable:
        return _open_read_only(path, reason or "read-only")

    recovery_note = None
    untouched = _untouched_since_clean_close(path)  # before connecting: a read creates the -wal file
    problem = header_problem(path)
    if problem:
        recovery_note = move_aside(path, problem)
    for attempt in range(2):
        conn = None
        try:
            conn = _connect(str(path))
            problem = _damage(path, conn, untouched=untouched)
            if problem:
                conn.close()
                if attempt == 0 and recovery_note is None:
                    recovery_note = move_aside(path, problem)
                    continue
                raise LibraryCorrupt(f"The library at {path} is damaged ({problem}).")
            _check_version(conn, path)
            _set_up_writable(conn, path)
            if migrate(conn):
                # A step that rebuilds an index frees the old one's pages: give them back to the file system
                # (a no-op in files made before auto_vacuum was set; VACUUM would rewrite the whole file).
                conn.executescript("PRAGMA incremental_vacuum;")  # execute() would free one page only
            return Opened(conn, False, None, recovery_note)
        except LibraryError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            if is_read_only(error):
                return _open_read_only(path, "the file system refused a write")
            if is_corrupt(error) and attempt == 0 and recovery_note is None:
                recovery_note = move_aside(path, str(error))
                continue
            raise translate(error, path) from None
        except OSError as error:
            if conn is not None:
                conn.close()
            raise translate(error, path) from None
    raise LibraryCorrupt(f"The library at {path} could not be opened after moving a damaged file aside.")
