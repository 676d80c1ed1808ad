"""tmux for the end-to-end tests: a server of the test's own, with its own terminal, whatever the caller's.

The tests read the screen back as text (``capture-pane``), so what tmux believes about the terminal decides what
they see. Run from inside a tmux pane, the caller's environment used to leak in (``TMUX``, ``TERM=screen``, a
locale without UTF-8), and tmux drew the app's box lines and wide characters as garbage. Here every tmux command
runs with an environment built from nothing but what is listed below, on a socket of the test's own (``-S``, no
user config: ``-f /dev/null``), so the captures are the same from a plain shell, a tmux pane or CI.

A missing tmux skips the tests on a developer's machine, and fails them in CI (``CI`` set), where ``.ci/run``
installs it: a silent skip there would hide that the end-to-end tests never ran.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

from conftest import inkreader_command

SIZE = (80, 24)  # what the tests were written at (tmux used to give a detached session 80x24 whatever -x -y said)
TERM = "xterm-256color"


@cache
def utf8_locale() -> str:
    """A UTF-8 locale this machine has (``C.UTF-8`` nearly everywhere; glibc spells it ``C.utf8`` too)."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    except OSError:
        names = []
    for name in names:
        if name.lower().replace("-", "") == "c.utf8":
            return name
    for name in names:
        if name.lower().replace("-", "").endswith(".utf8"):
            return name
    return "C.UTF-8"


def terminal_env(**extra: str) -> dict[str, str]:
    """The whole environment of tmux and of what runs in it: none of the caller's terminal settings."""
    locale = utf8_locale()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "TERM": TERM,
        "COLORTERM": "truecolor",
        "LANG": locale,
        "LC_ALL": locale,
        **extra,
    }


def tmux_missing() -> str | None:
    """Why the tmux tests cannot run here, or None. In CI a missing tmux is a failure, never a skip."""
    if shutil.which("tmux") is not None:
        return None
    return "tmux is not installed (.ci/run installs it)"


def require_tmux() -> None:
    """Call at the start of a tmux test (the ``tmux_inkreader`` fixture does)."""
    reason = tmux_missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; in CI the end-to-end tests must run")
    pytest.skip(reason)


class TmuxSession:
    """One tmux server of its own on a socket in a fresh directory, so that parallel tests (xdist workers, other
    checkouts on the machine, the tmux the tests are run from) never share a server."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = SIZE) -> None:
        self.name = f"inkreader-test-{uuid.uuid4().hex[:12]}"
        # A short path of its own (a socket path over ~100 bytes is refused), removed with the session.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="ink-tmux-"))
        self.socket = self.socket_dir / "s"
        self.env = terminal_env()
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in {**self.env, **env}.items())
        # env -i: the pane's program sees only these variables (tmux adds TMUX and TMUX_PANE: it is in tmux)
        shell = f"env -i {exports} {shlex.join(command)}"
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]), shell, check=True)

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        # -u: the pane is UTF-8 whatever tmux would guess from a locale
        return subprocess.run(
            ["tmux", "-u", "-S", str(self.socket), "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            check=check,
            env=self.env,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys, check=True)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 30) -> str:
        check = (lambda screen: predicate in screen) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {predicate!r}; screen was:\n{screen}")

    @property
    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def wait_exit(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                return True
            time.sleep(0.2)
        return False

    def kill(self) -> None:
        self.tmux("kill-server")
        shutil.rmtree(self.socket_dir, ignore_errors=True)  # tmux leaves its socket file behind


@pytest.fixture
def tmux_inkreader(tmp_path: Path) -> Iterator[Callable[..., TmuxSession]]:
    """Start the installed ``inkreader`` with the given arguments in a tmux session of its own."""
    require_tmux()
    sessions: list[TmuxSession] = []

    def start(*args: str, size: tuple[int, int] = SIZE) -> TmuxSession:
        env = {"INKREADER_HOME": str(tmp_path / "home"), "HOME": str(tmp_path)}
        session = TmuxSession([*inkreader_command(), *args], env, size)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.kill()
