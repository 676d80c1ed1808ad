"""Pilot tests of reading-pane navigation on a 15,000-word report with 48 links and 30 endnotes.

Real Reader, real SQLite library in a temp dir, the report served over loopback HTTP (tests/nav_helpers.py).
"""

from __future__ import annotations

import re
import threading

import pytest
from nav_helpers import FIND_WORD, LINKS, NOTES, REPORT_PATH, TITLE, link_url, serve_report, target_html
from textual.widgets import Input, OptionList
from tui_helpers import keys_applied, main_screen, make_app, notes, screen_text, settle, until

from inkreader.tui.screens import main as main_module
from inkreader.tui.screens.library import LibraryScreen
from inkreader.tui.screens.navigation import LinkListScreen
from inkreader.tui.widgets.findbar import KeyHint
from server import respond

SIZE = (120, 40)


@pytest.fixture
def report(server):
    server.find_count = serve_report(server)
    return server


async def open_report(app, pilot):
    await settle(app, pilot)
    screen = main_screen(app)
    assert screen.article is not None and screen.article.title == TITLE
    return screen


def title_of(app) -> str:
    article = main_screen(app).article
    return article.title if article else ""


async def test_report_is_long_and_every_link_carries_its_number(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        article = screen.article
        assert len(article.markdown.split()) >= 15000
        numbered = screen.view.numbered
        assert len(article.links) == len(numbered.links) == LINKS
        # numbering follows Article.links
        assert [link.url for link in numbered.links] == [link.url for link in article.links]
        assert all(link.shown for link in numbered.links)
        text = screen_text(app)
        assert "source 1 on convoys[1]" in text
        # endnote markers are not numbered links; notes come through the one convert scheme
        assert numbered.markdown.count("](#note-") == NOTES
        assert "[^" not in article.markdown


async def test_typing_a_number_follows_the_link_and_backspace_comes_back(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await open_report(app, pilot)
        # 5 cannot grow (50 > 48 links): followed at once
        await pilot.press("5")
        await settle(app, pilot)
        assert title_of(app) == "Target Page 5"
        await pilot.press("backspace")
        await settle(app, pilot)
        assert title_of(app) == TITLE
        # 1 could become 1x: it waits; 3 makes 13, which cannot grow
        await pilot.press("1")
        hint = app.screen.query_one(KeyHint)
        assert hint.display and "Follow link 1" in str(hint.render())
        await pilot.press("3")
        await settle(app, pilot)
        assert title_of(app) == "Target Page 13"
        assert not app.screen.query_one(KeyHint).display


async def test_the_number_hint_stays_until_the_page_it_opens_is_shown(data_dir, report):
    """Link N chosen by number: "Opening link N…" until the new page replaces the report (hidden with the page
    switch, not in a whole-screen layout of its own just before it); a load that fails takes it too."""
    release = threading.Event()

    def slow(request):
        release.wait(10)
        return respond(request, 200, target_html(9))

    report.route("/nav/target-9", slow)
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.view.focus_text()
        hint = screen.query_one(KeyHint)
        await pilot.press("9")  # 90 > 48 links: followed at once
        await until(
            pilot, lambda: screen.controller.page_loading and not screen.number_prompt.pending, "link 9 opening"
        )
        assert hint.display and "Opening link 9" in str(hint.render())
        release.set()
        await settle(app, pilot)
        assert title_of(app) == "Target Page 9" and not hint.display
        await pilot.press("backspace")
        await settle(app, pilot)
        assert title_of(app) == TITLE
        # link 2 is on another host, unreachable here: the load fails, and the hint goes with it
        await pilot.press("2", "enter")
        await settle(app, pilot)
        await keys_applied(app, pilot)
        assert title_of(app) == TITLE and not screen.controller.page_loading and not hint.display


async def test_enter_commits_a_pause_never_does_and_escape_cancels(data_dir, report, monkeypatch):
    from inkreader.tui.widgets.number_entry import LinkNumberEntry

    timers: list[float] = []  # "1", a pause, "3" is link 13: no timer may take "1" as typed meanwhile
    set_timer = LinkNumberEntry.set_timer

    def spy(self, delay, *args, **kwargs):
        timers.append(delay)
        return set_timer(self, delay, *args, **kwargs)

    monkeypatch.setattr(LinkNumberEntry, "set_timer", spy)
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.view.focus_text()
        await pilot.press("1", "escape")
        await settle(app, pilot)
        assert title_of(app) == TITLE and not screen.number_entry.active
        await pilot.press("1", "enter")
        await settle(app, pilot)
        assert title_of(app) == "Target Page 1"
        await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        assert timers == []  # the number waits for its next digit, or Enter, however long it takes
        assert screen.number_entry.active and screen.number_entry.digits == "1" and title_of(app) == TITLE
        await pilot.press("3")  # 13 cannot grow (48 links): followed at once
        await settle(app, pilot)
        assert title_of(app) == "Target Page 13"


async def test_shift_o_and_shift_y_then_a_number_open_in_browser_and_copy(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await open_report(app, pilot)
        await pilot.press("O", "9")
        assert app.opened_in_browser == [link_url(report.base_url, 9)]
        await pilot.press("Y", "1", "7")
        assert app.clipboard == link_url(report.base_url, 17)
        assert any("link 17" in message and link_url(report.base_url, 17) in message for message, _ in notes(app))
        # plain o and y still act on the piece itself
        await pilot.press("y")
        assert app.clipboard == report.url(REPORT_PATH)
        await pilot.press("O", "4", "9")  # there is no link 49 (49 > 48: committed at once)
        assert any("no link 49" in message for message, _ in notes(app))
        assert title_of(app) == TITLE


async def test_link_list_filters_as_you_type_and_enter_follows(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await open_report(app, pilot)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, LinkListScreen), "the link list")
        options = app.screen.query_one("#links-list", OptionList)
        await until(pilot, lambda: options.option_count == LINKS, "every link listed")
        text = screen_text(app)
        assert "source 1 on convoys" in text and "source1.example.org" in text
        await pilot.press(*"source 21")
        await until(pilot, lambda: options.option_count == 1, "the filter for 'source 21'")
        await pilot.press("enter")
        await settle(app, pilot)
        assert title_of(app) == "Target Page 21"
        # a number filters by number; Escape closes without following
        await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, LinkListScreen), "the link list")
        await pilot.press("4")
        listed = app.screen.query_one("#links-list", OptionList)
        await until(pilot, lambda: listed.option_count == 10, "the filter for '4'")  # 4, 40..48
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkListScreen) and title_of(app) == TITLE


async def test_the_link_list_is_made_ahead_and_opens_afresh_on_the_page_shown(data_dir, report, monkeypatch):
    """One link-list dialog serves the session (composed ahead, kept between openings): each opening shows the
    current page's links, unfiltered, from the top, with the filter box taking the typing."""
    monkeypatch.setattr(main_module, "LINK_LIST_READY_AFTER", 0.01)
    prose = "A short page citing two sources, with enough words of its own to count as an article here. " * 6
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Two Sources</title></head><body><article>"
        f"<h1>Two Sources</h1><p>{prose} As <a href='/nav/first-source'>the first source</a> records, {prose}</p>"
        f"<p>{prose} And <a href='/nav/second-source'>the second source</a> agrees. {prose}</p></article></body></html>"
    )
    two = report.route("/nav/two-sources", lambda request: respond(request, 200, page))
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        await until(
            pilot, lambda: screen.links._link_list is not None and screen.links._link_list.is_mounted, "the dialog made"
        )
        dialog = screen.links._link_list
        assert dialog is not None and app.screen is screen  # made unseen
        await pilot.press("u")
        await until(pilot, lambda: app.screen is dialog, "the link list")
        options = dialog.option_list
        assert options.option_count == LINKS and options.highlighted == 0
        await pilot.press(*["down"] * 40)
        await until(pilot, lambda: options.highlighted == 40, "the highlight moved down")
        assert options.scroll_y > 0
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the link list closed")
        await pilot.press("u")
        await until(pilot, lambda: app.screen is dialog, "the link list again")
        assert options.option_count == LINKS and options.highlighted == 0 and options.scroll_y == 0
        await pilot.press(*"source 3")
        await until(pilot, lambda: dialog.filter_box.value == "source 3", "the filter typed")
        await until(pilot, lambda: 0 < options.option_count < LINKS, "the list filtered")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the link list closed")
        await pilot.press("u")
        await until(pilot, lambda: app.screen is dialog, "the link list again")
        assert dialog.filter_box.value == "" and dialog.filter_box.has_focus and options.option_count == LINKS
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the link list closed")
        # another page: its own links
        screen.open_location(two)
        await settle(app, pilot)
        assert title_of(app) == "Two Sources"
        await pilot.press("u")
        await until(pilot, lambda: app.screen is dialog, "the link list on the other page")
        assert options.option_count == 2 and options.highlighted == 0
        text = screen_text(app)
        assert "Links · 2" in text and "the first source" in text and "the second source" in text
        assert "source 1 on convoys" not in text


async def test_footnote_markers_jump_to_their_note_and_back(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        view = screen.view
        await pilot.press("number_sign", "7")  # 70 > 30 notes: at once
        await pilot.pause()
        assert view.scroller.scroll_y > 0
        heading = view.current_heading()
        assert heading is not None and heading.label == "Notes"  # notes are list items, not headings
        assert view.place().block <= view.anchors.note_item(
            7, view.document.blocks
        )  # at the top, or as near as the text's end allows
        assert "7. Fictional harbour survey 7" in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert view.scroller.scroll_y == 0 and title_of(app) == TITLE
        # clicking the marker itself goes there too; the note's ↩ returns to the section of the marker
        screen._follow_href("#note-2")
        await pilot.pause()
        assert view.place().block <= view.anchors.note_item(
            2, view.document.blocks
        ) and "2. Fictional harbour survey 2" in screen_text(app)
        notes = view.numbered.markdown.rsplit("## Notes", 1)[1]
        note_markdown = notes.split("\n2. ", 1)[1].split("\n3. ", 1)[0]
        back_anchor = note_markdown.rsplit("(#", 1)[1].rstrip(")\n ")
        screen._follow_href("#" + back_anchor)
        await pilot.pause()
        assert view.current_heading().label.startswith("Section ")
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert view.scroller.scroll_y == 0


async def test_contents_lists_headings_marks_the_current_one_and_jumps(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        view = screen.view
        await pilot.press("t")
        await pilot.pause()
        contents = screen.contents
        assert contents.display and contents.has_focus and not screen.related.display
        labels = [h.label for h in contents.headings]
        assert labels[0] == "Section 1: The Convoy Question" and "Notes" in labels
        assert not any(label.startswith("Note ") for label in labels)  # one "Notes", not one per note
        text = screen_text(app)
        assert contents.highlighted == 0 and re.search(r"▸\s+Section 1:", text) and "Contents · " in text
        await pilot.press(*["down"] * 9, "enter")
        await pilot.pause()
        assert view.current_heading().label.startswith("Section 10:")
        assert view.text_has_focus and contents.display  # reading on, contents still showing
        text = screen_text(app)
        assert "§ Section 10" in text and re.search(r"▸\s+Section 10:", text)
        # scrolling on moves the mark to the section being read
        view.scroller.scroll_to(y=view.scroller.scroll_y + 200, animate=False, immediate=True)
        await pilot.pause()
        current = view.current_heading().label
        assert current.startswith(("Section 12:", "Section 13:"))
        assert contents.headings[contents.current_index].label == current
        assert re.search(r"▸\s+" + re.escape(current.split(":")[0] + ":"), screen_text(app))
        await pilot.press("backspace")  # back to where the jump started
        await pilot.pause()
        assert view.current_heading().label.startswith("Section 1:")
        await pilot.press("t")  # t again: back to the list
        await pilot.pause()
        assert not contents.display and screen.related.display


async def test_find_highlights_every_match_and_n_moves_between_them(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        view = screen.view
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, Input) and screen.finding
        await pilot.press(*FIND_WORD.upper())  # case-insensitive
        await until(pilot, lambda: len(view.matches) == report.find_count == 8, "eight matches")
        assert "1 of 8" in screen_text(app)
        painted = view.document.highlights  # the view keeps the highlights, block by block
        assert set(painted) == {m.block for m in view.matches} and len(painted) == 8
        await pilot.press("enter")  # back to the text: n / N now move
        assert view.text_has_focus
        await pilot.press("n", "n")
        assert view.match_index == 2 and "3 of 8" in screen_text(app)
        assert FIND_WORD in screen_text(app)  # the current match is on screen
        await pilot.press("N", "N", "N")
        assert view.match_index == 7  # wraps
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.finding and view.matches == []
        # with the find bar closed n is "next listing page" again: nothing to load here, nothing moves
        y = view.scroller.scroll_y
        await pilot.press("n")
        assert view.scroller.scroll_y == y and title_of(app) == TITLE


async def test_slash_finds_in_the_reading_pane_and_searches_the_library_from_the_list(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.view.focus_text()
        await pilot.press("slash")
        assert screen.finding and isinstance(app.focused, Input)
        await pilot.press(*"no such words here")
        await until(pilot, lambda: "no matches" in screen_text(app), "'no matches'")
        await pilot.press("escape")
        screen.related.focus()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_progress_shows_percent_read_and_saved_position_is_restored(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        view = screen.view
        assert "  0%" in screen_text(app)
        await pilot.press("s")
        await settle(app, pilot)
        view.scroller.scroll_to_fraction(0.5)
        await pilot.pause()
        assert " 50%" in screen_text(app)
        await pilot.press("5")  # away to another page (stores the position)...
        await settle(app, pilot)
        assert title_of(app) == "Target Page 5"
        await pilot.press("backspace")  # ...and back: the saved report reopens where it was left
        await settle(app, pilot)
        await pilot.pause()
        assert title_of(app) == TITLE
        assert abs(view.scroller.fraction - 0.5) < 0.02
        assert " 50%" in screen_text(app) or " 49%" in screen_text(app) or " 51%" in screen_text(app)
        view.scroller.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "100%" in screen_text(app)


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_navigation_works_in_light_and_dark_themes(data_dir, report, theme):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        screen = await open_report(app, pilot)
        await pilot.press("ctrl+f", *FIND_WORD, "enter")
        await pilot.pause()
        assert len(screen.view.matches) == 8
        text = screen_text(app)
        assert FIND_WORD in text and "1 of 8" in text
        assert app.export_screenshot().startswith("<svg")
        await pilot.press("escape", "t")
        await pilot.pause()
        assert screen.contents.display
        await pilot.press("escape", "u")
        await pilot.pause()
        assert isinstance(app.screen, LinkListScreen)


async def test_keys_answer_while_the_report_is_still_rendering(data_dir, report):
    """Keys pressed while the body is being appended are handled (not lost, not crashing)."""
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.controller.render_again()  # render the body again and press keys while it is appended
        await pilot.press("t")
        await pilot.pause()
        assert screen.contents.display and screen.contents.headings
        await pilot.press("escape", "ctrl+f", *"harbor")
        await settle(app, pilot)
        assert screen.view.matches and not screen.view.rendering
        assert screen.finding
