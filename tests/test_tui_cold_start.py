"""What the start costs before its first words are on screen: cards laid out once per width, the start page
marked read after its first frame, no pattern compiled that the start does not use."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rich.console import Console
from test_tui import LISTING
from tui_helpers import main_screen, make_app, settle, until

from inkreader.model import ReadingMark, RelatedItem
from inkreader.tui.widgets.fields import FieldLine
from inkreader.tui.widgets.related_list import RelatedList, card_prompt

ITEM = RelatedItem(
    url="https://www.cnas.org/publications/commentary/cards",
    title="A title long enough to wrap over two lines of a narrow list pane",
    kind="commentary",
    outlet="Center for Northern Atlantic Studies",
    published="2026-01-15",
    authors=["A. Writer", "B. Colleague"],
)


def test_a_card_is_laid_out_once_per_width_and_drawn_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # an option list renders a Rich prompt twice: to count its lines (every card, before the first frame) and
    # to draw it; the second render reuses the first one's lines
    laid_out: list[int] = []
    text = FieldLine.text

    def counting(self: FieldLine, width: int) -> object:
        laid_out.append(width)
        return text(self, width)

    monkeypatch.setattr(FieldLine, "text", counting)
    card = card_prompt(ITEM, ReadingMark(saved=True, read=True))
    console = Console(width=80, color_system=None)
    first = list(console.render(card, console.options.update_width(28)))
    again = list(console.render(card, console.options.update_width(28)))
    assert again == first and laid_out == [28]
    lines = "".join(segment.text for segment in first).splitlines()
    assert lines[:2] == ["★ saved · Commentary", "Center for Northern Atlanti…"]  # never broken inside a field
    console.render(card, console.options.update_width(40))
    list(console.render(card, console.options.update_width(40)))
    assert laid_out == [28, 40]


async def test_the_start_page_is_marked_read_after_its_first_frame(data_dir, site_server, monkeypatch):
    # marking a piece read imports the inbox's store (~12 ms of CPU): never before the page is on screen (offline,
    # the first frame waits for the page, so that import ran beside it)
    drawn_cards: list[int] = []
    render_line = RelatedList.render_line

    def drawing(self: RelatedList, y: int) -> object:
        if self.option_count:
            drawn_cards.append(y)
        return render_line(self, y)

    first_visit = make_app(site_server.url(LISTING))
    async with first_visit.run_test(size=(120, 40)) as pilot:  # the listing kept in the library
        await settle(first_visit, pilot)
    monkeypatch.setattr(RelatedList, "render_line", drawing)
    app = make_app(site_server.url(LISTING), offline=True)  # as `inkreader --offline` starts on it
    marked: list[bool] = []
    mark_opened = app.reader.mark_opened

    def marking(*args: object) -> float | None:
        marked.append(bool(drawn_cards))
        return mark_opened(*args)  # type: ignore[arg-type]

    app.reader.mark_opened = marking  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: bool(marked), "the start page marked read")
        assert main_screen(app).article.kind == "listing"
        assert marked[0], "marked read before its cards were on screen"


def test_starting_the_reader_compiles_no_word_pattern() -> None:
    code = (
        "import inkreader.cli, inkreader.reader, inkreader.tui.app\n"
        "from inkreader.text import count_words, word_pattern\n"
        "print(word_pattern.cache_info().currsize, count_words('two words'), word_pattern.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "2", "1"]
