"""Reading files we did not make: only regular files, never blocking, never unbounded.

``open()`` on a FIFO waits for a writer forever (in a thread a signal cannot interrupt), and a character
device such as ``/dev/zero`` never ends. Every file inkreader reads on a user's behalf (a page named on the
command line, ``config.toml``, files in an export folder) goes through :func:`read_regular`, which opens
without blocking, checks what it opened, and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path names something other than a regular file (``str()`` says what, for a person)."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.kind = kind
        self.strerror = f"it is {kind}, not a regular file"


def kind_of(mode: int) -> str:
    """ "a named pipe", "a directory"… for a ``st_mode`` that is not a regular file ("a special file" else)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a special file"


def read_regular(
    path: str | os.PathLike[str],
    limit: int,
    *,
    follow_symlinks: bool = True,
    dir_fd: int | None = None,
) -> bytes:
    """Up to ``limit + 1`` bytes of ``path`` (one more than allowed, so a caller can tell "too big").

    Raises :class:`NotRegularFile` for FIFOs, devices, sockets and directories (and for a symbolic link when
    ``follow_symlinks`` is false), and OSError for everything else that goes wrong. ``dir_fd`` resolves a
    plain name inside an already opened directory, as :func:`os.open` does.
    """
    flags = os.O_RDONLY | _NONBLOCK | _BINARY | (0 if follow_symlinks else _NOFOLLOW)
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as error:
        # O_NOFOLLOW on a link fails with ELOOP: say what it is rather than "too many levels of links".
        if not follow_symlinks and _is_symlink(path, dir_fd):
            raise NotRegularFile(path, "a symbolic link") from None
        raise error
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _is_symlink(path: str | os.PathLike[str], dir_fd: int | None) -> bool:
    try:
        return stat.S_ISLNK(os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def describe_not_regular(path: Path) -> str | None:
    """What ``path`` is when it exists and is not a regular file (None for a regular file or no file)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)
