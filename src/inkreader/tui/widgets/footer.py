"""Textual's Footer, changed in place when the keys it shows change, and without the keys it replaced staying
alive for the rest of the session."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer

from inkreader.tui.compat import (
    footer_bindings_ready,
    footer_key_class,
    footer_key_enabled,
    forget_removed_watchers,
    set_footer_key_enabled,
)

_Identity = tuple[str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class _KeyShown:
    """One key of the footer as ``Footer.compose`` makes it (the first binding of each action shown)."""

    key: str
    key_display: str
    description: str
    action: str
    tooltip: str
    enabled: bool

    @property
    def identity(self) -> _Identity:
        return (self.key, self.key_display, self.description, self.action, self.tooltip)


class ReaderFooter(Footer):
    """The footer recomposes (removes and mounts all its keys) on every bindings change, and opening a page
    changes several reactives that do that: at start, about nine recomposes of the same keys before the first
    screen. Here a recompose that would show the keys already shown does nothing, and one that adds, removes or
    greys out a few keys (Back appearing when a link is followed) changes just those keys: remounting all of
    them cost ~10 ms on the frame after a page switch.

    Each key ``Footer.compose`` yields is data-bound to the footer's ``compact`` reactive, which adds a watcher
    to the footer. Textual (8.2) drops the watchers of removed widgets only when ``compact`` changes, which it
    never does here, so each open left about seven dead keys with their render caches behind (~130 KB). Before
    composing new keys, the watchers of the ones already removed are forgotten."""

    _shown: Hashable = None
    _changing: asyncio.Lock | None = None

    def _keys_to_show(self) -> Hashable:
        if not footer_bindings_ready(self) or not self.is_attached:
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        # Only what compose shows: keys with show=True and the palette's. A hidden binding turning on or off
        # (Enter, j/k for a list, digits...) happens on most opens and focus changes, and a recompose remounts
        # every key and lays the screen out again (~20 ms a time on a long report).
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
        # One change at a time: a recompose awaits its mounts, and a second one started meanwhile (show_keys_soon
        # and a bindings refresh run in different message loops) would plan from the same keys and add them twice.
        if self._changing is None:
            self._changing = asyncio.Lock()
        async with self._changing:
            await self._recompose()

    def _typing_in_find(self) -> bool:
        """The find box has the focus: every letter is a character for it, so the screen's keys are off while it
        is typed in. The footer keeps showing them (they are back with Enter or Esc) rather than going blank."""
        focused = self.screen.focused
        return self._shown is not None and focused is not None and focused.id == "find-input"

    async def _recompose(self) -> None:
        if self._typing_in_find():
            return
        if self._shown is not None and not self.screen.is_active:
            # A dialog is open over this screen: its bindings now answer for "screen.*" actions, so the keys
            # would be wrong, and this footer is hidden. The screen refreshes its bindings when it is back.
            return
        shown = self._keys_to_show()
        if self._shown is not None and shown == self._shown:
            return
        if self._shown is not None and shown is not None and self._change_in_place():
            self._shown = shown
            return
        await super().recompose()

    def show_keys_soon(self) -> None:
        """Bring the keys up to date before the next frame rather than after it (as a bindings change does)."""
        if self._shown is not None:  # before the first compose, the footer has no keys to change
            self.call_later(self.recompose)

    def show_keys_now(self) -> None:
        """Bring the keys up to date now, with nothing awaited: whatever else the caller changes before its next
        await is painted in the same frame (a page switch and the Back key it brings). A change that is more
        than adding, removing or greying out keys is left to a recompose, soon."""
        if self._typing_in_find():
            return
        if self._shown is None or not self.screen.is_active or (self._changing and self._changing.locked()):
            self.show_keys_soon()
            return
        shown = self._keys_to_show()
        if shown == self._shown:
            return
        if shown is not None and self._change_in_place():
            self._shown = shown
        else:
            self.show_keys_soon()

    def _plan(self) -> list[_KeyShown] | None:
        """The plain keys compose would show, in order; None when it would show groups (then it recomposes)."""
        plan: list[_KeyShown] = []
        actions: set[str] = set()
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in actions:
                continue
            if binding.group is not None:
                return None
            actions.add(binding.action)
            shown = _KeyShown(
                binding.key, self.app.get_key_display(binding), binding.description, binding.action, tooltip, enabled
            )
            plan.append(shown)
        return plan

    def _change_in_place(self) -> bool:
        """Remove, add and grey out keys to match the bindings, keeping the keys that stay; False when the change
        is more than that (a key moved, groups, the palette key changed), for a recompose.

        Nothing is awaited: keys going are hidden at once and removed behind the scenes, keys coming are mounted
        (Textual lays them out in the next frame either way). Awaiting the mounts under a batch held the frame
        back: a frame due meanwhile was skipped and the page switch waited for the next one."""
        footer_key = footer_key_class()
        plan = self._plan()
        children: list[Any] = list(self.children)
        if plan is None or not all(isinstance(child, footer_key) for child in children):
            return False
        palette = [child for child in children if child.has_class("-command-palette")]
        keys: list[Any] = [child for child in children if not child.has_class("-command-palette")]
        if palette != children[len(keys) :] or self._palette_key_state() != [
            (key.key, footer_key_enabled(key)) for key in palette
        ]:
            return False
        shown_keys = [key for key in keys if key.display]  # (keys going are hidden until they are removed)
        old = {self._identity(key): key for key in shown_keys}
        new = {shown.identity: shown for shown in plan}
        if len(old) != len(shown_keys) or len(new) != len(plan):
            return False
        kept_in_old_order = [identity for identity in old if identity in new]
        kept_in_new_order = [identity for identity in new if identity in old]
        if kept_in_old_order != kept_in_new_order:
            return False
        self._apply(plan, old, new, palette[0] if palette else None)
        return True

    def _apply(
        self, plan: list[_KeyShown], old: dict[_Identity, Any], new: dict[_Identity, _KeyShown], last: Any
    ) -> None:
        footer_key = footer_key_class()
        gone = [key for identity, key in old.items() if identity not in new]
        if gone:
            for key in gone:
                key.display = False
            removal = self.remove_children(gone)

            async def forget() -> None:
                await removal
                forget_removed_watchers(self)

            self.call_later(forget)
        following = last
        for shown in reversed(plan):  # from the end, so each new key goes before the one that follows it
            existing = old.get(shown.identity)
            if existing is not None:
                if footer_key_enabled(existing) != shown.enabled:
                    set_footer_key_enabled(existing, shown.enabled)
                following = existing
                continue
            key = footer_key(
                shown.key,
                shown.key_display,
                shown.description,
                shown.action,
                disabled=not shown.enabled,
                tooltip=shown.tooltip,
            )
            # compose binds each key's ``compact`` to the footer's (data_bind needs the footer's own message
            # loop, and this may run in another's); the footer's never changes here, so it is copied
            key.set_reactive(footer_key.compact, self.compact)
            if following is None:
                self.mount(key)
            else:
                self.mount(key, before=following)
            following = key
        self.styles.grid_size_columns = len(plan)

    def _palette_key_state(self) -> list[tuple[str, bool]]:
        """The command palette's key as compose would show it: (key, enabled), or nothing."""
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return []
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return [] if active is None else [(active.binding.key, active.enabled)]

    @staticmethod
    def _identity(key: Any) -> _Identity:
        tooltip = key.tooltip if isinstance(key.tooltip, str) else ""
        return (key.key, key.key_display, key.description, key.action, tooltip)

    def compose(self) -> ComposeResult:
        forget_removed_watchers(self)
        self._shown = self._keys_to_show()
        yield from super().compose()
