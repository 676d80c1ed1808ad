"""The user's web browser and clipboard, with honest answers about what happened.

``browser = "firefox %s"`` in config.toml names the browser command (``%s`` is the address; without it the
address goes last), as newsboat and w3m do; otherwise Python's ``webbrowser`` picks one. Text-mode browsers
are refused: they would take over the terminal the reader is running in.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import webbrowser
from collections.abc import Callable

TEXT_BROWSERS = frozenset({"www-browser", "lynx", "links", "links2", "elinks", "w3m"})


class BrowserError(Exception):
    """No browser could be started; the text says why, in a few words."""


def browser_argv(command: str, url: str) -> list[str]:
    try:
        parts = shlex.split(command)
    except ValueError as error:
        raise BrowserError(f"the browser setting {command!r} cannot be read ({error})") from None
    if not parts:
        raise BrowserError("the browser setting is empty")
    if any("%s" in part for part in parts):
        return [part.replace("%s", url) for part in parts]
    return [*parts, url]


def open_in_browser(url: str, command: str = "") -> None:
    """Start the browser on ``url`` (without waiting for it); raises BrowserError when none can be started."""
    if command:
        argv = browser_argv(command, url)
        try:
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:
            raise BrowserError(f"{argv[0]} could not be started ({error.strerror or error})") from None
        return
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        raise BrowserError('no web browser found (set browser = "firefox %s" in config.toml)') from None
    name = getattr(browser, "name", "") or ""
    if os.path.basename(name) in TEXT_BROWSERS:
        raise BrowserError(f'only a text-mode browser ({name}) was found (set browser = "firefox %s" in config.toml)')
    try:
        started = browser.open(url)
    except Exception as error:  # webbrowser raises whatever its backend raises
        raise BrowserError(f"the browser failed to start ({error})") from None
    if not started:
        raise BrowserError("the browser did not start")


def _system_copier() -> list[str] | None:
    """A clipboard command that works here (a desktop session's), else None."""
    if sys.platform == "darwin":
        return ["pbcopy"] if shutil.which("pbcopy") else None
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        return ["wl-copy"]
    if os.environ.get("DISPLAY"):
        if shutil.which("xclip"):
            return ["xclip", "-selection", "clipboard"]
        if shutil.which("xsel"):
            return ["xsel", "--clipboard", "--input"]
    return None


def copy_text(text: str, what: str, *, terminal_copy: Callable[[str], None]) -> str:
    """Copy ``text`` with the system's clipboard tool when there is one (then it is known to be done); else
    send it to the terminal (OSC 52), which some terminals and tmux set-ups drop silently: say so, and show it."""
    terminal_copy(text)  # always: it costs nothing, and a terminal that honours it may be the only way
    command = _system_copier()
    if command is not None:
        try:
            subprocess.run(
                command,
                input=text.encode("utf-8"),
                check=True,
                timeout=5,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            pass  # the terminal's copy is all there is
        else:
            return f"Copied {what}: {text}"
    return f"Sent {what} to the terminal's clipboard (if your terminal allows it): {text}"
