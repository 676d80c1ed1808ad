"""Typing a link number: the hint line that collects the digits and posts the number chosen.

:class:`KeyHint` (the one-line hint above the footer) lives here: the first frame needs it, not the find bar.

The screen's key bindings feed it (``start`` for ``O`` / ``Y`` / ``#``, ``digit``, ``commit``, ``cancel``);
the :class:`~inkreader.tui.keyseq.NumberEntry` state machine decides when a number is complete; this widget
shows the hint, runs the pause timer and posts :class:`LinkNumberEntry.Chosen`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from inkreader.tui.keyseq import Committed, NumberEntry, Target

NUMBER_PAUSE = 1.2  # seconds after the last digit before a number that could still grow is taken as typed


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
        self._timer: Timer | None = None
        self._typed = 0  # digits typed so far in this session: a pause timer set before the last one is stale
        self.pending = False
        """A Chosen message is on its way to the screen (keys typed meanwhile wait for it: see the app)."""

    @property
    def active(self) -> bool:
        return self.entry.active

    def start(self, target: Target, limit: int) -> None:
        self._stop_timer()
        self.entry.start(target, limit)
        self._show_hint()

    def digit(self, digit: str) -> None:
        self._stop_timer()
        self._typed += 1
        committed = self.entry.digit(digit)
        if committed is not None:
            self._choose(committed)
            return
        self._show_hint()
        if self.entry.digits:
            # the pause counts from when the hint is on screen, not from when a busy loop got to the key
            self.call_after_refresh(self._arm_timer, self._typed)

    def _arm_timer(self, typed: int) -> None:
        if typed == self._typed and self.entry.active:
            self._stop_timer()
            self._timer = self.set_timer(NUMBER_PAUSE, lambda: self._pause_elapsed(typed))

    def commit(self) -> None:
        """Enter (or the pause): take the digits typed so far."""
        self._stop_timer()
        committed = self.entry.commit()
        self._show_hint()
        if committed is not None:
            self._choose(committed)

    def cancel(self) -> None:
        self._stop_timer()
        self.entry.cancel()
        self._show_hint()

    def _pause_elapsed(self, typed: int) -> None:
        # Through the app's queue: a digit read from the terminal before the pause ended is already queued
        # there, and is handled first (on a busy machine the timer and a key can be due at the same moment).
        self.app.call_later(self._commit_after_pause, typed)

    def _commit_after_pause(self, typed: int) -> None:
        if typed == self._typed and self.entry.active:
            self.commit()

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

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show_hint(self) -> None:
        self.show(self.entry.hint)
