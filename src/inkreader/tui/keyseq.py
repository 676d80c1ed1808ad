"""Typing a link number: a small key-sequence state machine, UI-free so every path can be unit-tested.

Digits accumulate; the number is committed at once when no larger valid number starts with the digits
typed (with 40 links, ``7`` commits at once, ``3`` waits because ``31``–``39`` exist), otherwise by Enter.
There is no timer: ``1``, a pause to find the next key, then ``2`` is link 12, never link 1. Escape cancels.
``O`` / ``Y`` / ``#`` / ``p`` start a sequence whose number goes to the browser, the clipboard, a footnote or a
PDF's page instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Target(Enum):
    FOLLOW = "follow"  # open link N in the reader
    BROWSER = "browser"  # open link N in the system browser
    COPY = "copy"  # copy link N's address
    NOTE = "note"  # jump to footnote N
    PAGE = "page"  # jump to page N of a PDF


PROMPTS = {
    Target.FOLLOW: "Follow link",
    Target.BROWSER: "Open link in browser",
    Target.COPY: "Copy link",
    Target.NOTE: "Go to note",
    Target.PAGE: "Go to page",
}


@dataclass(frozen=True, slots=True)
class Committed:
    target: Target
    number: int


class NumberEntry:
    """State: which target is pending and the digits typed so far."""

    def __init__(self) -> None:
        self.target: Target | None = None
        self.digits = ""
        self.limit = 0

    @property
    def active(self) -> bool:
        return self.target is not None

    def start(self, target: Target, limit: int) -> None:
        """Begin a sequence (``O``, ``Y``, ``#``, or the first digit); ``limit`` is the highest valid number."""
        self.target = target
        self.digits = ""
        self.limit = limit

    def digit(self, digit: str) -> Committed | None:
        """Add a digit; returns the commit when the number can no longer grow."""
        if not self.active or not digit.isdigit() or len(digit) != 1:
            return None
        if not self.digits and digit == "0":
            return None  # numbers start at 1
        self.digits += digit
        value = int(self.digits)
        if value * 10 > self.limit:
            return self.commit()
        return None

    def commit(self) -> Committed | None:
        """Enter: the number typed so far (None when nothing was typed)."""
        target, digits = self.target, self.digits
        self.cancel()
        if target is None or not digits:
            return None
        return Committed(target, int(digits))

    def cancel(self) -> None:
        self.target = None
        self.digits = ""

    @property
    def hint(self) -> str:
        """What the on-screen hint says while a sequence is pending."""
        if self.target is None:
            return ""
        shown = self.digits or "…"
        return f"{PROMPTS[self.target]} {shown}  (1–{self.limit}; Enter to go, Esc to cancel)"
