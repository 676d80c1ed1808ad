"""The network layer: polite, bounded HTTP fetching of pages (and reading local .html files).

Public interface: :class:`Fetcher`, :func:`read_local_file`, :func:`decode_body`, :data:`USER_AGENT`.
"""

from __future__ import annotations

from .client import USER_AGENT, Fetcher
from .decode import decode_body
from .local import read_local_file
from .robots import RobotsEntry, RobotsMemory

__all__ = ["USER_AGENT", "Fetcher", "RobotsEntry", "RobotsMemory", "decode_body", "read_local_file"]
