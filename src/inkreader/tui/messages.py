"""App-level intents: widgets and screens post these, the main screen decides what happens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenLocation(Message):
    """Open ``url`` in the reading pane (a list item, a link, the go-to box, the library)."""

    url: str
    remember: bool = True
    """Add it to back/forward history (False when moving through history itself)."""
