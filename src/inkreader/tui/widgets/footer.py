"""Textual's Footer, without the keys it replaced staying alive for the rest of the session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class ReaderFooter(Footer):
    """Each key ``Footer.compose`` yields is data-bound to the footer's ``compact`` reactive, which adds a watcher
    to the footer. Textual (8.2) drops the watchers of removed widgets only when ``compact`` changes, which it
    never does here; the footer recomposes whenever the bindings change (every page opened), so each open left
    about seven dead keys with their render caches behind (~130 KB). Before composing new keys, forget the
    watchers of the ones already removed."""

    def compose(self) -> ComposeResult:
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries
                          if node is self or getattr(node, "is_attached", True)]
        yield from super().compose()
