"""What a person types as an address: a local file, or a URL made whole and canonical.

Apart from the Reader so that its parts (annotation verbs, sources) can use these without importing the Reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import FetchError
from .extract.urls import canonical_url


def local_path(target: str) -> Path | None:
    """The file a command-line argument names (a path or a ``file://`` URL), else None."""
    if target.startswith("file://"):
        return Path(unquote(urlsplit(target).path))
    if "://" in target:
        return None
    path = Path(target).expanduser()
    return path if path.exists() or target.endswith((".html", ".htm")) else None


_SCHEME_ONLY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")

# Loopback and private hosts rarely speak TLS (a demo, a test server, a device on the LAN).
_LOCAL_HOST = re.compile(
    r"^(?:localhost|127(?:\.\d+){3}|10(?:\.\d+){3}|192\.168(?:\.\d+){2}|\[::1\])(?::\d+)?(?:[/?#]|$)"
)


def normalise_url(target: str) -> str:
    """A bare host/path becomes a URL ("www.cnas.org/x" → https, "127.0.0.1:8000/x" and localhost → http,
    as a browser's address bar does); then the site's canonical form. Text that is no address is refused."""
    target = target.strip()
    if not target or any(character.isspace() for character in target):
        raise FetchError(f"{target!r} is not a web address.", url=target)
    # "javascript:x", "mailto:a@b", "data:..." keep their scheme (and are refused); "host:8000/x" is a host.
    if "://" not in target and not _SCHEME_ONLY.match(target):
        scheme = "http" if _LOCAL_HOST.match(target) else "https"
        target = f"{scheme}://{target}"
    return canonical_url(target)
