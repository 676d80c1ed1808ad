"""Issue 15 in the TUI: visual mode, highlights in the text and in the list pane, notes, tags, citations."""

from __future__ import annotations

import dataclasses

import pytest
from test_tui import generic_page
from tui_helpers import main_screen, make_app, notes, screen_text, settle

from inkreader.config import resolve_paths
from inkreader.reader import Reader
from inkreader.tui.widgets.highlight_list import HighlightList
from server import FixtureServer, respond

SIZE = (120, 40)
BODY = (
    "<p>Harbour pilots in the northern ports keep a logbook of every vessel they bring in. The logbooks are "
    "public after five years. Few people read them.</p>"
    "<p>A <a href='/second'>study of the logbooks</a> found that crossings slowed in winter. Pilots blamed the "
    "fog rather than the ice. The authors were not convinced.</p>"
    "<p>The third paragraph closes the piece with a remark about tides and schedules, long enough to count as "
    "text that a reader extractor keeps. It ends here.</p>"
)


@pytest.fixture
def piece(server: FixtureServer) -> str:
    server.route("/second", lambda r: respond(r, 200, generic_page("Second", "<p>" + "Other words here. " * 20)))
    return server.route("/pilots", lambda r: respond(r, 200, generic_page("Harbour Pilots", BODY)))


def library_reader() -> Reader:
    return Reader(resolve_paths(None).ensure())


async def open_piece(app, pilot) -> None:
    await settle(app, pilot)
    screen = main_screen(app)
    assert screen.article is not None and screen.article.title == "Harbour Pilots"
    screen.view.focus_text()
    await pilot.pause()


def marked(screen, name: str) -> list[str]:
    """The text of every span painted with ``name`` (highlight, selection), in order."""
    body = screen.view.document
    return [
        body.blocks[block].text[a:b]
        for block, spans in sorted(body.marks.items())
        for a, b, mark in spans
        if mark == name
    ]


async def test_visual_mode_grows_by_sentence_and_block_and_saves_a_highlight(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        await pilot.press("v")
        await pilot.pause()
        assert "VISUAL" in screen_text(app)
        assert marked(screen, "selection") == [
            "Harbour pilots in the northern ports keep a logbook of every vessel they bring in."
        ]
        await pilot.press("j", "j")
        assert " ".join(marked(screen, "selection")).endswith("Few people read them.")
        await pilot.press("k")
        assert " ".join(marked(screen, "selection")).endswith("public after five years.")
        await pilot.press("J")  # to the end of this block, then the next block
        await pilot.press("J")
        text = " ".join(marked(screen, "selection"))
        assert text.endswith("The authors were not convinced.")
        assert "study of the logbooks" in text and "[1]" not in text  # the link number is not part of it
        await pilot.press("K", "K")
        assert " ".join(marked(screen, "selection")).endswith("bring in.")  # never less than one sentence
        await pilot.press("shift+down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.view.selection is None and not marked(screen, "selection")
        assert "VISUAL" not in screen_text(app)
        assert " ".join(marked(screen, "highlight")).endswith("Few people read them.")
        assert ("Highlighted.", "information") in notes(app)
    saved = library_reader().highlights(piece)
    assert len(saved) == 1 and saved[0].quote.startswith("Harbour pilots") and saved[0].note == ""


async def test_escape_cancels_visual_mode_and_saves_nothing(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        await pilot.press("v", "j", "escape")
        await settle(app, pilot)
        assert screen.view.selection is None and not screen.view.document.marks
        await pilot.press("j")  # j scrolls again
    assert library_reader().highlights(piece) == []


async def test_a_note_is_typed_in_a_dialog_and_shown_literally(data_dir, piece):
    note = "[bold red]not markup[/] \x1b[31m and [link=x]y[/link]"
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        await pilot.press("v", "n")
        await pilot.pause()
        await pilot.press(*note.replace("\x1b", ""))
        await pilot.press("enter")
        await settle(app, pilot)
        saved = library_reader().highlights(piece)
        assert [h.note for h in saved] == [note.replace("\x1b", "")]
        await pilot.press("H")
        await settle(app, pilot)
        listing = screen.query_one(HighlightList)
        assert listing.display and listing.has_focus
        text = screen_text(app)
        assert "[bold red]not markup[/]" in text and "[link=x]y[/link]" in text
        assert "Harbour pilots in the northern ports" in text
        app.reader.set_note(saved[0].id, "red \x1b[31malert\x1b[0m \x07bell")  # pasted escape sequences
        await pilot.press("escape", "H")
        await settle(app, pilot)
        text = screen_text(app)
        assert "red ␛[31malert␛[0m ␇bell" in text and "\x1b" not in text


async def test_the_highlights_list_jumps_edits_and_deletes(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=(120, 14)) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        reader = app.reader
        doc = reader.document(piece)
        last = doc.blocks[-1]
        reader.add_highlight(piece, last.start, last.start + 19, note="first note")
        reader.add_highlight(piece, doc.blocks[0].start, doc.blocks[0].start + 14)
        await pilot.press("H")
        await settle(app, pilot)
        listing = screen.query_one(HighlightList)
        assert [h.quote for h in listing.highlights] == ["Harbour pilots", last.text[:19]]
        assert "Highlights · 2" in screen_text(app)
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert screen.view.text_has_focus and screen.view.scroller.scroll_y > 0
        assert last.text[:19] in marked(screen, "highlight")
        await pilot.press("backspace")  # back from the jump
        await pilot.pause()
        assert screen.view.scroller.scroll_y == 0
        await pilot.press("H")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u", *"second thoughts", "enter")
        await settle(app, pilot)
        assert [h.note for h in reader.highlights(piece)] == ["", "second thoughts"]
        await pilot.press("H")  # H in the list closes it; H again opens it
        assert not screen.query_one(HighlightList).display
        await pilot.press("H")
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # no: kept
        await settle(app, pilot)
        assert len(reader.highlights(piece)) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert [h.quote for h in reader.highlights(piece)] == [last.text[:19]]
        assert [h.quote for h in screen.query_one(HighlightList).highlights] == [last.text[:19]]
        assert marked(screen, "highlight") == [last.text[:19]]


async def test_unsaving_a_piece_with_highlights_asks_first(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        reader = app.reader
        await pilot.press("s")
        await settle(app, pilot)
        assert reader.is_saved(piece)
        doc = reader.document(piece)
        reader.add_highlight(piece, doc.blocks[0].start, doc.blocks[0].start + 14)
        await pilot.press("s")
        await pilot.pause()
        assert "This piece has 1 highlight" in screen_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert reader.is_saved(piece)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert not reader.is_saved(piece)
        assert len(reader.highlights(piece)) == 1  # the highlight is kept


async def test_the_library_screen_asks_before_unsaving_a_piece_with_highlights(data_dir, piece):
    from inkreader.tui.screens.library import LibraryScreen

    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        reader = app.reader
        await reader.save(piece)
        doc = reader.document(piece)
        reader.add_highlight(piece, doc.blocks[0].start, doc.blocks[0].start + 14)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("s")
        await settle(app, pilot)
        assert "This piece has 1 highlight" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert not reader.is_saved(piece) and len(reader.highlights(piece)) == 1


async def test_tags_are_edited_with_suggestions_from_the_tags_in_use(data_dir, piece, server):
    other = server.route("/other", lambda r: respond(r, 200, generic_page("Other", "<p>" + "Some words. " * 30)))
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        reader = app.reader
        await reader.tag(other, ["maritime policy", "ports"])
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*"winter, mar")
        await pilot.pause()
        await pilot.press("right")  # accepts the suggestion
        await pilot.press(*", fog", "enter")
        await settle(app, pilot)
        assert reader.tags(piece) == ["fog", "maritime policy", "winter"] or sorted(reader.tags(piece)) == [
            "fog",
            "maritime policy",
            "winter",
        ]
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("escape")  # cancel: nothing changes
        await settle(app, pilot)
        assert sorted(reader.tags(piece)) == ["fog", "maritime policy", "winter"]


async def test_c_copies_a_chicago_citation(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert "Harbour Pilots" in app.clipboard
        assert piece in app.clipboard
        assert any("citation" in message for message, _ in notes(app))


# -- the annotation text on screen (pure) ------------------------------------------------------------------
def shown_spans(markdown: str, quote: str, links=()) -> list[str]:
    """Where ``quote`` (a passage of the annotation text) is painted in the reading pane's blocks."""
    from inkreader.annotate import document_text
    from inkreader.tui.document import parse
    from inkreader.tui.textmap import TextMap
    from inkreader.tui.widgets.article_view import prepare

    doc = document_text(markdown)
    blocks = parse(prepare(markdown, links).markdown)
    start = doc.text.index(quote)
    ranges = TextMap(doc.text, [b.text for b in blocks]).ranges(start, start + len(quote))
    return [blocks[block].text[a:b] for block, spans in sorted(ranges.items()) for a, b in spans]


def test_the_text_map_leaves_out_link_numbers_and_follows_footnotes_tables_code_and_images():
    from inkreader.model import Link

    md = (
        "Intro with [a link](https://example.org/a) inside and a note[1](#note-1) after it.\n\n"
        "| Port | Ships |\n|---|---|\n| Gdansk | 40 |\n\n"
        "```\nfirst line\nsecond line\n```\n\n"
        "![a crane at dusk](https://example.org/c.png)\n\n#### Note 1\n\nThe note itself."
    )
    links = [Link(text="a link", url="https://example.org/a")]
    assert shown_spans(md, "a link inside and a note", links) == ["a link", "inside and a note"]
    assert shown_spans(md, "note1 after", links) == ["note¹ after"]
    assert shown_spans(md, "Gdansk\n\n40") == ["Gdansk ", "40"]  # the column rule between them is not painted
    assert shown_spans(md, "first line\nsecond") == ["first line", "second"]
    assert shown_spans(md, "a crane at dusk") == ["a crane at dusk"]
    assert shown_spans(md, "The note itself.") == ["The note itself."]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_highlight_has_a_background_in_light_and_dark_themes_and_at_16_colours_unlike_the_selection(
    data_dir, piece, theme
):
    from rich.color import ColorSystem
    from textual.color import Color

    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await open_piece(app, pilot)
        body = main_screen(app).view.document
        app.console._color_system = ColorSystem.TRUECOLOR
        body._styles.clear()
        style = body._style("highlight")
        plain, warning = body.rich_style.bgcolor, app.theme_variables["warning"]
        assert style.bgcolor is not None and not style.reverse
        assert style.bgcolor not in (plain, Color.parse(warning).rich_color)  # a tint between the two
        app.console._color_system = ColorSystem.STANDARD  # as on a 16-colour terminal
        body._styles.clear()
        highlight, selection = body._style("highlight"), body._style("selection")
        assert highlight.bgcolor is not None and highlight.bgcolor.number is not None and not highlight.reverse
        assert highlight.color is not None and highlight.color != highlight.bgcolor  # readable on it
        assert selection.reverse  # the selection is reversed: the two never look alike


async def test_a_highlight_in_the_think_tank_summary_shows_there(data_dir, site_server):
    from test_tui import TIDEWATER

    url = site_server.url(TIDEWATER)
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.article is not None and screen.article.summary_markdown
        await pilot.press("f")
        await settle(app, pilot)
        assert screen.controller.showing_summary
        await pilot.press("v", "enter")
        await settle(app, pilot)
        (highlight,) = app.reader.highlights(url)
        summary = app.reader.document(dataclasses.replace(screen.article, markdown=screen.article.summary_markdown))
        assert highlight.quote in summary.text
        assert " ".join(marked(screen, "highlight")).startswith(highlight.quote[:30])
        await pilot.press("f")  # the outlet's full text: painted there only if the passage is in it
        await settle(app, pilot)
        assert not screen.controller.showing_summary
        full = app.reader.document(screen.article).text
        assert bool(marked(screen, "highlight")) == (highlight.quote in full)


def test_text_below_a_wide_table_can_be_highlighted() -> None:
    """A table's rule is drawn, not read: one wider than the aligner's look-ahead (48 characters) used to put
    every passage below the table out of reach (visual mode began at the end of the document)."""
    from inkreader.annotate import document_text
    from inkreader.tui.document import parse, shown_texts
    from inkreader.tui.textmap import TextMap

    markdown = (
        "A paragraph above.\n\n| Corridor of the northern seabed | Cables laid | Pipelines | Repair days |\n"
        "|---|---|---|---|\n| Hollin Gap | 9 | 2 | 41 |\n\nThe paragraph below the table."
    )
    blocks = parse(markdown)
    rule = next(block for block in blocks if block.kind == "table-rule")
    assert len(rule.text) > 48
    text = document_text(markdown)
    below = next(index for index, block in enumerate(blocks) if block.text.startswith("The paragraph below"))
    offset = TextMap(text.text, shown_texts(blocks)).text_offset(below)
    assert text.text[offset:].startswith("The paragraph below the table.")
