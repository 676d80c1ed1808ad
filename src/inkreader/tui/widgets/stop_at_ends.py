"""Lists that stop at their ends: Textual's OptionList wraps from the last option to the first (and back), so
``j j M`` on the last source of the inbox went round to "All sources" and marked everything read."""

from __future__ import annotations

from textual.widgets import OptionList


class StopAtEnds(OptionList):
    """j/k and the arrows stop at the first and last options (mix in before OptionList)."""

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        options = self.options
        if not options:
            return
        start = self.highlighted
        if start is None:
            start = -1 if direction == 1 else len(options)
        index = start + direction
        while 0 <= index < len(options):
            if not options[index].disabled:
                self.highlighted = index
                return
            index += direction
