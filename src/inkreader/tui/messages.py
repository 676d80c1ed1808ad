"""Messages the panes post to the main screen. A pane never calls the screen: it says what the user chose and
the screen routes it (to the reading controller, which owns the page life cycle)."""

from __future__ import annotations

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
