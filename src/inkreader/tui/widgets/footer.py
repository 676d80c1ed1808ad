"""Textual's Footer, recomposed only when the keys it shows change, and without the keys it replaced staying
alive for the rest of the session."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer

from inkreader.tui.compat import footer_bindings_ready, forget_removed_watchers


class ReaderFooter(Footer):
    """The footer recomposes (removes and mounts all its keys) on every bindings change, and opening a page
    changes several reactives that do that: at start, about nine recomposes of the same keys before the first
    screen. Here a recompose that would show the keys already shown does nothing.

    Each key ``Footer.compose`` yields is data-bound to the footer's ``compact`` reactive, which adds a watcher
    to the footer. Textual (8.2) drops the watchers of removed widgets only when ``compact`` changes, which it
    never does here, so each open left about seven dead keys with their render caches behind (~130 KB). Before
    composing new keys, the watchers of the ones already removed are forgotten."""

    _shown: Hashable = None

    def _keys_to_show(self) -> Hashable:
        if not footer_bindings_ready(self) or not self.is_attached:
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        # Only what compose shows: keys with show=True and the palette's. A hidden binding turning on or off
        # (Enter, j/k for a list, digits...) happens on most opens and focus changes, and a recompose remounts
        # every key and lays the screen out again (~20 ms a time on a long report, issue 12).
        return (
            self.compact,
            self.show_command_palette,
            self.combine_groups,
            tuple(
                (key, binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    async def recompose(self) -> None:
        if self._shown is not None and self._keys_to_show() == self._shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        forget_removed_watchers(self)
        self._shown = self._keys_to_show()
        yield from super().compose()
