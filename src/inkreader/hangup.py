"""A closed terminal ends inkreader within a second, whatever it is doing, with the library closed.

Closing the terminal window hangs up the tty and sends SIGHUP. The clean way out is Ctrl+C's (the main task is
cancelled, the app unwinds, the reader closes the library), but a hung-up tty breaks it: the first write gets
EIO, which kills Textual's output thread, and the next write then waits on that thread's full queue for good
(the process stayed, every thread waiting on a lock, the library held open). Threads still running at exit
(a fetch or an extraction in a worker) are waited for as well.

So, on a hangup, seen by the signal handler or by a thread watching the tty itself (a main thread busy in C
code runs Python signal handlers late):

1. the standard streams that are the terminal are pointed at ``/dev/null``, so every later write succeeds (and
   is lost) and every read sees the end of input: no thread dies of EIO from then on;
2. the clean way out is started, as for Ctrl+C;
3. a watchdog gives it :data:`GRACE_SECONDS`; if the process is still there, it closes the library itself
   (waiting at most :data:`CLOSE_SECONDS` for a write in progress) and ends the process.
"""

from __future__ import annotations

import os
import select
import signal
import stat
import sys
import threading
from collections.abc import Callable
from types import FrameType

GRACE_SECONDS = 0.7
"""The clean way out's time: it takes some 0.3 s (the app unmounts, the reading position is kept)."""
CLOSE_SECONDS = 0.25
"""How long the watchdog waits for the library to close (a transaction in progress finishes first)."""
EXIT_STATUS = 128 + 1  # as a process ended by SIGHUP reports

Cleanup = Callable[[], None]

_cleanups: list[Cleanup] = []
_hung_up = threading.Event()
_lock = threading.Lock()


Handler = Callable[[int, FrameType | None], None]


def install(clean_exit: Handler) -> None:
    """Handle SIGHUP from now on; ``clean_exit`` is the signal handler that starts the clean way out."""
    if not hasattr(signal, "SIGHUP"):  # Windows: no hangups
        return

    def on_sighup(signum: int, frame: FrameType | None) -> None:
        hung_up()
        clean_exit(signum, frame)

    signal.signal(signal.SIGHUP, on_sighup)


def on_hangup(cleanup: Cleanup) -> None:
    """Run ``cleanup`` (close the library) when the clean way out has not ended the process in time."""
    _cleanups.append(cleanup)


def watch_terminal(fd: int = 0) -> None:
    """Notice the tty on ``fd`` hanging up from a thread of its own, even while the main thread is busy."""
    if not hasattr(select, "poll"):
        return
    try:
        if not os.isatty(fd):
            return
    except OSError:
        return
    threading.Thread(target=_watch, args=(fd,), name="inkreader-hangup-watch", daemon=True).start()


def _watch(fd: int) -> None:
    poller = select.poll()
    poller.register(fd, 0)  # no events asked for: only a hangup or an error wakes it
    while not _hung_up.is_set():
        try:
            events = poller.poll()
        except InterruptedError:
            continue
        except OSError:
            return
        if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
            hung_up()
            # The kernel signals the terminal's session leader, which may be a shell that passes nothing on:
            # the clean way out starts here then (the handler runs in the main thread).
            os.kill(os.getpid(), signal.SIGHUP)
            return


def hung_up() -> None:
    """The terminal is gone: quiet the streams and start the watchdog (once; safe from any thread)."""
    with _lock:
        if _hung_up.is_set():
            return
        _hung_up.set()
    _quiet_standard_streams()
    threading.Thread(target=_watchdog, name="inkreader-hangup-watchdog", daemon=True).start()


def _quiet_standard_streams() -> None:
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    for stream in (sys.__stdin__, sys.__stdout__, sys.__stderr__):
        # Only the terminal (a character device; isatty() is already false once it hung up): output sent to a
        # file or a pipe keeps going there.
        try:
            if stream is not None and stat.S_ISCHR(os.fstat(stream.fileno()).st_mode):
                os.dup2(null, stream.fileno())
        except (OSError, ValueError):
            pass
    os.close(null)


def _watchdog() -> None:
    threading.Event().wait(GRACE_SECONDS)
    closer = threading.Thread(target=_run_cleanups, name="inkreader-hangup-close", daemon=True)
    closer.start()
    closer.join(CLOSE_SECONDS)
    os._exit(EXIT_STATUS)


def _run_cleanups() -> None:
    for cleanup in _cleanups:
        try:
            cleanup()
        except Exception:  # the process ends next whatever happens here
            pass
