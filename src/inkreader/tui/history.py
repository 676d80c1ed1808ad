"""Back/forward history of the reading pane: UI-free so it can be unit-tested (hike's ``support/history.py``)."""

from __future__ import annotations


class History:
    """A list of visited URLs with a cursor; visiting from the middle drops the forward part, as browsers do."""

    def __init__(self, maxlen: int = 256) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self.maxlen = maxlen
        self._items: list[str] = []
        self._index = -1

    def __len__(self) -> int:
        return len(self._items)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self._items)

    @property
    def index(self) -> int:
        return self._index

    @property
    def current(self) -> str | None:
        return self._items[self._index] if self._items else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._items) - 1

    def visit(self, url: str) -> None:
        """Record ``url`` as the current location (a repeat of the current one is not a new entry)."""
        if self.current == url:
            return
        del self._items[self._index + 1 :]
        self._items.append(url)
        overflow = len(self._items) - self.maxlen
        if overflow > 0:
            del self._items[:overflow]
        self._index = len(self._items) - 1

    def replace_current(self, url: str) -> None:
        """The current page moved (redirect, canonical URL): keep its slot, change its address."""
        if self._items:
            self._items[self._index] = url
        else:
            self.visit(url)

    def back(self) -> str | None:
        """Step back; returns the URL to show, or None at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> str | None:
        """Step forward; returns the URL to show, or None at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._items[self._index]
