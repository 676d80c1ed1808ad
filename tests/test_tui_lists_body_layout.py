"""Pilot tests of lists, bodies and layout: j/k in the contents and link lists, back keeping your place, typing
in the saved library, search snippets; bodies shown in pieces and the progress bar; narrow terminals (80x24),
contents without per-note entries, and the wording of refusals."""

from __future__ import annotations

from nav_helpers import REPORT_PATH, serve_report
from test_tui import LISTING, open_item
from textual.app import App, ComposeResult
from tui_helpers import main_screen, make_app, notes, screen_text, settle, until

from inkreader.tui.links import LinkAction, classify_link
from inkreader.tui.widgets.article_view import ArticleView

SIZE = (120, 40)


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleView()


async def test_a_body_shown_in_pieces_keeps_every_block():
    # a listing: a line, a long list (the whole first piece), then "Next page" in the second piece
    items = "".join(
        f"- [Item number {i} with a title long enough](https://example.org/{i}) — meta\n" for i in range(1, 41)
    )
    markdown = f"Showing 1-40 of 45\n\n{items}\n[Next page](https://example.org/p2)\n"
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        await view.show_body(markdown)
        await pilot.pause()
        shown = [(block.prefix.strip(), block.text.split(" with")[0]) for block in view.document.blocks]
        items = [("•", f"Item number {i}") for i in range(1, 41)]
        expected = [("", "Showing 1-40 of 45"), *items, ("", "Next page[41]")]
        assert shown == expected, shown
        assert "Item number 1 " in screen_text(app)


async def test_a_long_report_keeps_the_paragraph_at_the_end_of_the_first_piece():
    paragraphs = [f"Paragraph {i}: " + "words that fill the line " * 12 for i in range(1, 60)]
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        await view.show_body("\n\n".join(paragraphs) + "\n")
        await pilot.pause()
        shown = [block.text.split(":")[0] for block in view.document.blocks]
        assert shown == [f"Paragraph {i}" for i in range(1, 60)]


async def test_progress_is_full_when_the_piece_fits_on_one_screen():
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        await view.show_body("A short piece.\n")
        await pilot.pause()
        await pilot.pause()
        assert "100%" in screen_text(app)


async def test_a_placeholder_page_has_nothing_read():
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        view.show_message("Nothing to show", "Press **g** to go to a web address.")
        await pilot.pause()
        await pilot.pause()
        assert " 0%" in screen_text(app) and "100%" not in screen_text(app)


async def test_j_and_k_move_in_the_contents(data_dir, server):
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("t")
        await pilot.pause()
        contents = screen.contents
        assert contents.has_focus and contents.highlighted == 0
        await pilot.press("j", "j", "k")
        assert contents.highlighted == 1
        labels = [h.label for h in contents.headings]
        assert "Notes" in labels and not any(label.startswith("Note ") for label in labels)
        assert f"Contents · {len(labels)}" in screen_text(app)


async def test_j_and_k_move_in_the_link_list(data_dir, server):
    serve_report(server)
    app = make_app(server.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        links = app.screen.option_list
        links.focus()
        await pilot.press("j", "j")
        assert links.highlighted == 2


async def test_back_returns_to_the_highlighted_item_and_the_scroll(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        related = screen.related
        chosen = next(i for i, option in enumerate(related.options) if option and "Tidewater" in str(option.prompt))
        await open_item(app, pilot, "Tidewater")  # a card further down the list (served by the fixture site)
        assert chosen > 0 and "Tidewater" in screen.article.title
        screen.view.scroller.scroll_to(y=3, animate=False, immediate=True)
        await pilot.press("backspace")
        await settle(app, pilot)
        assert screen.article.kind == "listing" and related.highlighted == chosen
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.pause()
        assert "Tidewater" in screen.article.title and screen.view.scroller.scroll_y == 3


def test_refused_schemes_are_worded_plainly():
    verdict = classify_link("ftp://files.example.org/a.txt", None)
    assert verdict.action is LinkAction.REFUSE
    assert verdict.reason.startswith("Not opening ftp: links: ")


async def test_the_start_listing_shows_its_items_in_the_reading_pane(data_dir, site_server):
    app = make_app(site_server.url(LISTING))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        first = screen.article.related[0].title
        assert first[:30] in " ".join(screen_text(app).split())
        assert not notes(app)


async def test_slash_in_the_saved_library_searches_the_saved_pieces(data_dir, site_server):
    from test_tui import TIDEWATER
    from textual.widgets import Input

    from inkreader.tui.screens.library import LibraryScreen

    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.saved_only
        assert "saved pieces" in screen.query_one(Input).placeholder
        screen.search_delay = 0.01
        await pilot.press("slash", *"cranes")
        await until(pilot, lambda: "in your saved pieces" in screen_text(app), "the results")
        assert screen.query_one(Input).value == "cranes"
        text = screen_text(app)
        assert "Tidewater" in text and "in your saved pieces" in text
        assert "**" not in text  # matches are highlighted, not wrapped in Markdown bold
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "slash")  # from the list ("/" in the text finds in the page)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and not app.screen.saved_only


def test_snippet_marks_become_styles_and_markup_stays_literal():
    from inkreader.tui.widgets.format import marked_snippet

    text = marked_snippet("…the **cranes** at [b]port[/b] and **cranes** again **unclosed", "**", "**")
    assert text.plain == "…the cranes at [b]port[/b] and cranes again **unclosed"
    bold = [text.plain[span.start : span.end] for span in text.spans]
    assert bold == ["cranes", "cranes"]


def test_find_count_shortens_to_fit():
    from inkreader.tui.widgets.findbar import count_text

    assert count_text(1, 3, "x", 120).plain == "2 of 3  ·  n next  N previous  Esc closes"
    assert len(count_text(1, 3, "x", 30).plain) <= 30 and count_text(1, 3, "x", 30).plain.startswith("2 of 3")
    assert count_text(1, 3, "x", 8).plain == "2 of 3"


async def test_at_80_by_24_the_footer_keeps_help_and_quit_and_help_is_wide(data_dir, site_server):
    from test_tui import TIDEWATER

    from inkreader.tui.screens.help import HelpScreen

    app = make_app(site_server.url(TIDEWATER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help-dialog").size.width >= 66  # 90% of 80 (was 80%)
