"""Issue 15 with the mouse: drag, double- and triple-click select text in the reading pane; Enter, n, y and Esc act
on the selection as they do on visual mode's. Driven with real mouse events (Pilot, and the driver's path where
Textual makes a Click of a press and release)."""

from __future__ import annotations

import pytest
from test_tui import generic_page
from test_tui_highlights import BODY, library_reader, marked, open_piece
from textual import events
from textual.pilot import _get_mouse_message_arguments
from tui_helpers import main_screen, make_app, notes, screen_text, settle

from inkreader.tui.mouse_select import word_span
from inkreader.tui.widgets.article_body import ArticleBody, Place
from server import FixtureServer, respond

SIZE = (120, 40)
LONG_BODY = "".join(
    f"<p>Paragraph {n} of the survey describes berth {n} and the cranes that serve it. "
    f"Each berth keeps its own tally of ships. The tally for berth {n} ends here.</p>"
    for n in range(1, 25)
)


@pytest.fixture
def piece(server: FixtureServer) -> str:
    server.route("/second", lambda r: respond(r, 200, generic_page("Second", "<p>" + "Other words here. " * 20)))
    return server.route("/pilots", lambda r: respond(r, 200, generic_page("Harbour Pilots", BODY)))


@pytest.fixture
def long_piece(server: FixtureServer) -> str:
    return server.route("/survey", lambda r: respond(r, 200, generic_page("Harbour Pilots", LONG_BODY)))


def body_of(app) -> ArticleBody:
    return main_screen(app).view.document


def at(body: ArticleBody, phrase: str, char: int = 0) -> tuple[int, int]:
    """Where character ``char`` of ``phrase`` is drawn in the reading pane (widget offset)."""
    for index, block in enumerate(body.blocks):
        found = block.text.find(phrase)
        if found >= 0:
            where = body.offset_of(Place(index, found + char))
            assert where is not None, f"{phrase!r} is not on screen"
            return where
    raise AssertionError(f"{phrase!r} is not in the text")


def overlaid(body: ArticleBody) -> list[str]:
    return [body.blocks[block].text[a:b] for block, spans in sorted(body.overlay.items()) for a, b, _ in spans]


async def drag(pilot, body: ArticleBody, start: tuple[int, int], end: tuple[int, int]) -> None:
    await pilot.mouse_down(body, offset=start)
    await pilot.hover(body, offset=end)
    await pilot.mouse_up(body, offset=end)


async def test_dragging_selects_a_passage_mid_sentence_and_enter_saves_it_as_a_highlight(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        screen.related.focus()  # the list has the focus: a press in the text takes it
        await pilot.pause()
        await pilot.mouse_down("#article-header", offset=(2, 0))  # Textual's own selection, in the header
        await pilot.hover("#article-header", offset=(9, 0))
        await pilot.mouse_up("#article-header", offset=(9, 0))
        assert app.screen.get_selected_text() == "Harbour "
        await pilot.mouse_down(body, offset=at(body, "logbook of"))
        await pilot.hover(body, offset=at(body, "every vessel", 11))
        assert overlaid(body) == ["logbook of every vessel"]  # shown selected while dragging
        assert screen.view.selection is None
        await pilot.mouse_up(body, offset=at(body, "every vessel", 11))
        assert screen.view.text_has_focus
        assert marked(screen, "selection") == ["logbook of every vessel"] and not body.overlay
        text = screen_text(app)
        assert "SELECTED" in text and "Highlight" in text and "Copy" in text  # the pane's border, the footer
        assert app.screen.selections == {}  # Textual's own went, and stayed out of the text
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.view.selection is None and "Highlight" not in screen_text(app).splitlines()[-1]
        assert marked(screen, "highlight") == ["logbook of every vessel"]
        assert ("Highlighted.", "information") in notes(app)
    (saved,) = library_reader().highlights(piece)
    assert saved.quote == "logbook of every vessel" and saved.note == "" and not saved.detached


async def test_a_drag_across_blocks_leaves_out_link_numbers_and_ending_on_a_link_does_not_follow_it(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        start, end = at(body, "Few people"), at(body, "study of the", 4)
        # as a terminal sends it: the driver's path, where Textual adds a Click after a press and release on
        # the same widget (on a link here, which a click would follow)
        for event, where in ((events.MouseDown, start), (events.MouseMove, end), (events.MouseUp, end)):
            arguments = _get_mouse_message_arguments(body, where, button=1)
            arguments["widget"] = None
            app.post_message(event(**arguments))
            await pilot.pause()
        await settle(app, pilot)
        assert screen.article is not None and screen.article.title == "Harbour Pilots"  # not followed
        assert app.opened_in_browser == []
        assert screen.view.selected_text() == "Few people read them.\n\nA study"
        await pilot.press("enter")
        await settle(app, pilot)
    (saved,) = library_reader().highlights(piece)
    assert saved.quote == "Few people read them.\n\nA study"


async def test_double_click_selects_a_word_and_triple_click_a_sentence_then_n_adds_a_note(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        await pilot.double_click(body, offset=at(body, "logbooks are", 3))
        assert screen.view.selected_text() == "logbooks"
        assert marked(screen, "selection") == ["logbooks"]
        await pilot.triple_click(body, offset=at(body, "blamed the", 2))
        assert screen.view.selected_text() == "Pilots blamed the fog rather than the ice."
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"fog, not ice", "enter")
        await settle(app, pilot)
        assert screen.view.selection is None
    (saved,) = library_reader().highlights(piece)
    assert saved.quote == "Pilots blamed the fog rather than the ice." and saved.note == "fog, not ice"


async def test_escape_or_a_click_clears_the_selection_and_y_copies_it(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        await drag(pilot, body, at(body, "The logbooks"), at(body, "five years", 9))
        assert screen.view.selected_text() == "The logbooks are public after five years"
        await pilot.press("escape")
        assert screen.view.selection is None and not marked(screen, "selection") and not body.overlay
        assert "SELECTED" not in screen_text(app)
        await pilot.double_click(body, offset=at(body, "tides"))
        assert screen.view.selected_text() == "tides"
        await pilot.click(body, offset=at(body, "schedules"))  # a click elsewhere drops it, as in a browser
        assert screen.view.selection is None and not marked(screen, "selection")
        await drag(pilot, body, at(body, "Harbour pilots"), at(body, "Harbour pilots", 13))
        await pilot.press("y")  # copies the selection (not the address, which y copies otherwise)
        await settle(app, pilot)
        assert app.clipboard == "Harbour pilots"
        assert screen.view.selection is None
        assert any(message.startswith(("Copied the selection", "Sent the selection")) for message, _ in notes(app))
        await pilot.double_click(body, offset=at(body, "tides"))
        await pilot.press("ctrl+c")  # what copies Textual's own selection copies this one too
        assert app.clipboard == "tides" and screen.view.selection is None
        await pilot.press("j")  # j scrolls again: no selection left behind
    assert library_reader().highlights(piece) == []


async def test_dragging_past_the_bottom_edge_scrolls_and_extends_the_selection(data_dir, long_piece):
    app = make_app(long_piece)
    async with app.run_test(size=(120, 16)) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        assert body.scroll_y == 0 and body.max_scroll_y > 10
        bottom = body.scrollable_content_region.height - 1
        last_on_screen = body.place_at(0, bottom)
        assert last_on_screen is not None
        await pilot.mouse_down(body, offset=at(body, "Paragraph 1 of", 10))
        x = body.region.x + 20
        await pilot.hover(None, offset=(x, body.region.bottom + 1))  # below the pane: over the footer
        assert body.scroll_y > 0  # each move past the edge scrolls (and a timer goes on while it stays there)
        assert len(overlaid(body)) > 1
        await pilot.hover(None, offset=(x, body.region.bottom - 1))  # back inside: the scrolling stops
        scrolled = body.scroll_y
        await pilot.mouse_up(None, offset=(x, body.region.bottom - 1))
        assert body.scroll_y == scrolled and body._auto_scroll is None
        selected = screen.view.selected_text()
        assert selected.startswith("1 of the survey")
        end = body.place_at(0, round(body.scroll_y) + bottom - 1)
        assert end is not None and end.block > last_on_screen.block  # beyond what the first screen showed
        await pilot.press("enter")
        await settle(app, pilot)
    (saved,) = library_reader().highlights(long_piece)
    assert saved.quote == selected


async def test_dragging_past_the_top_edge_scrolls_up(data_dir, long_piece):
    app = make_app(long_piece)
    async with app.run_test(size=(120, 16)) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        body.scroll_to(y=12, animate=False, immediate=True)
        await pilot.pause()
        await pilot.mouse_down(body, offset=(30, 2))
        await pilot.hover(None, offset=(body.region.x + 30, body.region.y - 1))  # above the pane
        assert body.scroll_y < 12
        await pilot.mouse_up(None, offset=(body.region.x + 30, body.region.y - 1))
        assert screen.view.selection is not None and screen.view.selection.by_mouse


async def test_k_in_visual_mode_grows_the_selection_upward_past_its_start(data_dir, piece):
    app = make_app(piece)
    async with app.run_test(size=(120, 14)) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        second = next(i for i, block in enumerate(body.blocks) if block.text.startswith("A study"))
        await pilot.press(*["j"] * body.block_line(second))  # the second paragraph at the top of the view
        await pilot.pause()
        assert body.place().block == second
        await pilot.press("v")
        assert screen.view.selected_text() == "A study of the logbooks found that crossings slowed in winter."
        await pilot.press("k")  # up past the start: the sentence before joins the selection
        assert screen.view.selected_text().startswith("Few people read them.\n\nA study")
        assert screen.view.selected_text().endswith("slowed in winter.")
        await pilot.press("K")  # to the start of that block
        assert screen.view.selected_text().startswith("Harbour pilots in the northern ports")
        assert body.scroll_y == 0  # the start of the selection was scrolled into view
        await pilot.press("j", "j", "j")  # back down: the anchor sentence stays
        assert screen.view.selected_text() == "A study of the logbooks found that crossings slowed in winter."
        await pilot.press("j")
        assert screen.view.selected_text().endswith("rather than the ice.")
        await pilot.press("enter")
        await settle(app, pilot)
    (saved,) = library_reader().highlights(piece)
    assert (
        saved.quote
        == "A study of the logbooks found that crossings slowed in winter. Pilots blamed the fog rather than the ice."
    )


async def test_a_selection_made_on_a_page_no_longer_shown_is_dropped(data_dir, piece):
    from inkreader.tui.mouse_select import MouseSelect

    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)
        body = body_of(app)
        earlier_page = list(body.blocks)  # the blocks of a page shown before this one
        body.post_message(MouseSelect.Selected(earlier_page, Place(0, 0), Place(0, 7)))
        await pilot.pause()
        assert screen.view.selection is None
        body.post_message(MouseSelect.Selected(body.blocks, Place(0, 0), Place(0, 7)))
        await pilot.pause()
        assert screen.view.selected_text() == "Harbour"


def test_word_span_takes_inner_apostrophes_and_hyphens():
    text = "The port’s long-standing rules, (mostly) kept."
    assert text[slice(*word_span(text, 5))] == "port’s"
    assert text[slice(*word_span(text, 12))] == "long-standing"
    assert text[slice(*word_span(text, 33))] == "mostly"
    assert word_span(text, 3) is None  # a space


def test_visual_selection_has_an_anchor_and_a_head_that_moves_either_way():
    from inkreader.annotate import document_text
    from inkreader.tui.visual import begin, by_block, by_sentence, sentence_at

    doc = document_text("One. Two. Three.\n\nFour. Five.")
    selection = begin(doc, 1)
    assert selection is not None and doc.text[selection.start : selection.end] == "Four."
    up = by_sentence(doc, selection, -1)
    assert doc.text[up.start : up.end] == "Three.\n\nFour."
    assert doc.text[slice(*by_block(doc, up, -1).head)] == "One."
    assert by_sentence(doc, by_block(doc, up, -1), -1) == by_block(doc, up, -1)  # nothing above the first
    assert doc.text[slice(*by_block(doc, selection, 1).head)] == "Five."
    assert doc.text[slice(*sentence_at(doc, doc.text.index("wo.")))] == "Two."


async def test_a_selection_in_the_header_survives_the_link_list_being_made_ahead(data_dir, piece):
    """The link list dialog is composed unseen soon after start; its filter box, mounting, cleared the text
    selected on the screen that is shown (Textual's Input clears the app's selection whenever its own changes)."""
    app = make_app(piece)
    async with app.run_test(size=SIZE) as pilot:
        await open_piece(app, pilot)
        screen = main_screen(app)

        async def made_ahead():
            dialog = screen.links.prepare_list()  # (the start's own, if its timer has fired already)
            while not dialog.query("#links-filter"):
                await pilot.pause()
            await pilot.pause()
            return dialog

        first = await made_ahead()  # here, not during the selection below
        await pilot.mouse_down("#article-header", offset=(2, 0))
        await pilot.hover("#article-header", offset=(9, 0))
        await pilot.mouse_up("#article-header", offset=(9, 0))
        assert app.screen.get_selected_text() == "Harbour "
        app.uninstall_screen(first)
        screen.links._link_list = None
        await made_ahead()
        assert app.screen is screen and app.screen.get_selected_text() == "Harbour "
