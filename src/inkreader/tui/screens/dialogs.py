"""Small modal dialogs: go to a URL, confirm opening in the browser, a line of text (a note, tags)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static


class GotoScreen(ModalScreen[str | None]):
    """Ask for a web address; dismisses with the text typed (the main screen validates it) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-dialog", classes="dialog"):
            yield Label("Go to a web address (http or https):", markup=False)
            yield Input(self._initial, placeholder="https://www.cnas.org/…", id="goto-input", select_on_focus=True)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no question; the question text is plain (it may hold a URL from a page)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question = question
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(Text(self._question, style="bold"), markup=False)
            if self._detail:
                yield Static(Text(self._detail), markup=False, id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TagSuggester(Suggester):
    """Completes the last of the comma-separated tags typed from the tags in use."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        stem = last.lstrip()
        if not stem:
            return None
        typed = {t.strip().casefold() for t in head.split(",")}
        for tag in self._tags:
            if tag.casefold().startswith(stem.casefold()) and tag.casefold() not in typed and tag != stem:
                return value + tag[len(stem) :]
        return None


class TextPromptScreen(ModalScreen[str | None]):
    """One line of plain text (a note, the tags); dismisses with what was typed ("" clears) or None (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        initial: str = "",
        *,
        detail: str = "",
        placeholder: str = "",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__()
        self._question = question
        self._initial = initial
        self._detail = detail
        self._placeholder = placeholder
        self._suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="dialog"):
            yield Label(self._question, markup=False)
            if self._detail:
                yield Static(Text(self._detail, style="italic"), markup=False, id="prompt-detail")
            yield Input(self._initial, placeholder=self._placeholder, id="prompt-input", suggester=self._suggester)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
