"""Messages the panes post to the main screen. A pane never calls the screen: it says what the user chose and
the screen routes it (to the reading controller, which owns the page life cycle)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial

from textual.app import App
from textual.message import Message


class OpenLocation(Message):
    """Open ``url`` in the reading pane (a card, an inbox item, a highlight's piece, a search result...)."""

    def __init__(self, url: str, *, remember: bool = True, inbox_item: bool = False, move_focus: bool = True) -> None:
        super().__init__()
        self.url = url
        self.remember = remember
        self.move_focus = move_focus
        """False: the focus stays in the pane that asked (the inbox: the next item is one key away)."""
        self.inbox_item = inbox_item
        """An inbox item: the feed's metadata fills what the page lacks, and the item is marked read."""


class ThreadCall(Message):
    """A call from a thread worker, run on the event loop by the app (``InkReaderApp.on_thread_call``)."""

    def __init__(self, callback: Callable[[], object]) -> None:
        super().__init__()
        self.callback = callback

    async def run(self) -> None:
        result = self.callback()
        if inspect.isawaitable(result):
            await result


def call_from_thread(app: App[object], callback: Callable[..., object], *args: object) -> None:
    """Run ``callback(*args)`` on the event loop, from a thread worker, without waiting for it. Textual's own
    ``App.call_from_thread`` waits for the result: a worker finishing while the app closes (the terminal gone,
    q pressed) then waited for good, and kept the process alive."""
    app.post_message(ThreadCall(partial(callback, *args)))
