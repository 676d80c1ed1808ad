"""Typing a link number: the hint line that collects the digits and posts the number chosen.

:class:`KeyHint` (the one-line hint above the footer) lives here: the first frame needs it, not the find bar.

The screen's key bindings feed it (``start`` for ``O`` / ``Y`` / ``#``, ``digit``, ``commit``, ``cancel``);
the :class:`~inkreader.tui.keyseq.NumberEntry` state machine decides when a number is complete (when it cannot
grow, or on Enter: never after a pause); this widget shows the hint and posts :class:`LinkNumberEntry.Chosen`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from inkreader.tui.keyseq import Committed, NumberEntry, Target


class KeyHint(Static):
    """A one-line hint above the footer (hidden in the .tcss until there is something to say)."""

    def show(self, hint: str) -> None:
        self.update(Text(hint))
        self.display = bool(hint)


class LinkNumberEntry(KeyHint):
    """``Follow link 3…  (1–42; Enter to go, Esc to cancel)`` while digits are typed."""

    @dataclass
    class Chosen(Message):
        """A number was typed in full: ``committed.target`` says what to do with link (or note) N."""

        committed: Committed

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.entry = NumberEntry()
        self.pending = False
        """A Chosen message is on its way to the screen (keys typed meanwhile wait for it: see the app)."""

    @property
    def active(self) -> bool:
        return self.entry.active

    def start(self, target: Target, limit: int) -> None:
        self.entry.start(target, limit)
        self._show_hint()

    def digit(self, digit: str) -> None:
        committed = self.entry.digit(digit)
        if committed is not None:
            self._choose(committed)
            return
        self._show_hint()

    def commit(self) -> None:
        """Enter: take the digits typed so far."""
        committed = self.entry.commit()
        self._show_hint()
        if committed is not None:
            self._choose(committed)

    def cancel(self) -> None:
        self.entry.cancel()
        self._show_hint()

    def _choose(self, committed: Committed) -> None:
        if committed.target is Target.FOLLOW:
            # Kept on screen until the page it opens is (MainScreen hides it with the switch, or at once when
            # no page opens): hidden now, it cost a whole-screen layout of its own just before the switch's.
            self.show(f"Opening link {committed.number}…")
        else:
            self._show_hint()
        self.pending = True
        self.post_message(self.Chosen(committed))

    def page_shown(self) -> None:
        """A number chosen to follow a link has had its effect: the hint goes, unless another number is typed."""
        if self.display and not self.entry.active:
            self._show_hint()

    def _show_hint(self) -> None:
        self.show(self.entry.hint)
