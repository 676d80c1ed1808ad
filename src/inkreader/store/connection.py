"""The library's one connection: opening and closing it, transactions, error translation, cancellation.

One connection per :class:`~inkreader.store.Library`, serialised by a lock so that it may be used from any
thread: the Reader and the TUI call it from worker threads, so that a wait on another program's write lock
never holds up keys. Writes take the write lock up front (``BEGIN IMMEDIATE``) so waiting on another process
goes through SQLite's busy timeout instead of failing on a lock upgrade; when that runs out the write fails as
LibraryBusy. The library's parts (page cache, articles, shelf, search, cache budget) and the stores beside it
(sources, annotations, robots) all go through these transactions.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .db import BUSY_TIMEOUT_MS, mark_clean, open_database, translate
from .errors import LibraryError, LibraryReadOnly, SearchCancelled
from .search import CancelToken

_SYNC_DURABLE = "FULL"  # every save survives a power cut (store.db sets it at open)
_SYNC_NOT_DURABLE = "NORMAL"  # WAL stays consistent, the commit does not wait for the disk
_TOUCH_TIMEOUT_MS = 50  # a read's access-time mark waits at most this long for the write lock
_PROGRESS_STEPS = 1000  # SQLite VM steps between checks for a cancelled search or a signal


def timestamp() -> str:
    """UTC with microseconds: orders saves and visits made within the same second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class LibraryConnection:
    """The open library file. Every error that reaches a caller is a :class:`LibraryError` with one line.

    ``read_only`` is True when the file (or its directory) cannot be written: reads work, writes raise
    :class:`LibraryReadOnly`. ``recovery_note`` is set when a damaged file was moved aside at open: show it
    to the user once (it names the kept file and the ``sqlite3 … .recover`` command).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        opened = open_database(self.path)
        self._conn: sqlite3.Connection = opened.conn
        self.read_only: bool = opened.read_only
        self.read_only_reason: str | None = opened.read_only_reason
        self.recovery_note: str | None = opened.recovery_note
        self._lock = threading.RLock()
        self._closed = False
        self._cancel: CancelToken | None = None  # the running search's token
        # Python code runs every few thousand SQLite steps: a pending SIGINT/SIGTERM handler raises there
        # (SQLite then stops with "interrupted"), and a cancelled search stops.
        self._conn.set_progress_handler(self._progress, _PROGRESS_STEPS)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if not self.read_only:
                    self._conn.execute("PRAGMA busy_timeout = 0")  # never wait at exit for a nicety
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            if not self.read_only:
                mark_clean(self.path)

    # -- plumbing ------------------------------------------------------------------------------------------

    def _read_only_error(self) -> LibraryReadOnly:
        return LibraryReadOnly(self.read_only_reason or f"The library at {self.path} is read-only.")

    @contextmanager
    def _write(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: all or nothing; errors come out as LibraryError.

        ``durable=False``: for marks that cost nothing when a power cut loses them (history, access times).
        The commit then does not wait for an fsync, which on a busy disk took up to 0.1 s on the way to the
        first screen of a cached article. The file stays consistent (WAL), and the next durable commit
        makes it durable too.
        """
        if self.read_only:
            raise self._read_only_error()
        with self._lock:
            self._check_open()
            if not durable:
                self._set_synchronous(_SYNC_NOT_DURABLE)
            try:
                yield from self._transaction()
            finally:
                if not durable:
                    self._set_synchronous(_SYNC_DURABLE)

    def _set_synchronous(self, level: str) -> None:
        try:
            self._conn.execute(f"PRAGMA synchronous = {level}")
        except sqlite3.Error:
            pass  # the connection is broken: the transaction says so itself

    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE (SQLite waits up to the busy timeout while another process holds the lock) ... COMMIT
        or ROLLBACK."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._translate(error) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as error:
            if self._conn.in_transaction:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (e.g. after SQLITE_FULL)
            if isinstance(error, (sqlite3.Error, OSError)):
                raise self._translate(error) from None
            raise

    @contextmanager
    def _read(self, cancel: CancelToken | None = None) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            self._cancel = cancel  # under the lock: the progress handler checks the running query's token
            try:
                yield self._conn
            except (sqlite3.Error, OSError) as error:
                raise self._translate(error) from None
            finally:
                self._cancel = None

    def _progress(self) -> int:
        token = self._cancel
        return 1 if token is not None and token.cancelled else 0

    def _translate(self, error: BaseException) -> LibraryError:
        if isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error):
            if self._cancel is not None and self._cancel.cancelled:
                return SearchCancelled("the search was cancelled")
            # Not us: a signal handler raised KeyboardInterrupt inside the progress handler, where sqlite3
            # can only turn it into "interrupted". Raise it again so Ctrl+C and SIGTERM end the command.
            raise KeyboardInterrupt
        translated = translate(error, self.path)
        if isinstance(translated, LibraryReadOnly) and not self.read_only:
            # The file system refused a write we expected to work (e.g. remounted read-only).
            self.read_only = True
            self.read_only_reason = str(translated)
        return translated

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError(f"The library at {self.path} is closed.")

    def _touch_access(self, table: str, key_column: str, key: Any) -> None:
        """Record a read for least-recently-read eviction. Best effort and never blocking a read for long:
        if another process holds the write lock, the mark is skipped (a read-only library skips it too)."""
        if self.read_only:
            return
        with self._lock:
            if self._closed:
                return
            try:
                self._conn.execute(f"PRAGMA busy_timeout = {_TOUCH_TIMEOUT_MS}")
                self._conn.execute(f"PRAGMA synchronous = {_SYNC_NOT_DURABLE}")  # see _write(durable=False)
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute(f"UPDATE {table} SET accessed_at = ? WHERE {key_column} = ?", (timestamp(), key))
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                if self._conn.in_transaction:
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if "interrupted" in str(error):
                    raise KeyboardInterrupt from None  # a signal stopped it: do not swallow that
            finally:
                try:
                    self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    self._conn.execute(f"PRAGMA synchronous = {_SYNC_DURABLE}")
                except sqlite3.Error:
                    pass

    def _give_space_back(self) -> None:
        """Let SQLite shrink the file by the pages rows freed (the library is in incremental auto-vacuum)."""
        try:
            with self._lock:
                self._conn.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page only
        except sqlite3.Error:
            pass  # giving space back is a nicety
