"""The reading pane as a virtual view (only the lines on screen are drawn): long lines, big tables, find counts on long
reports, resizing, the reading width (tests/test_textual_compat.py guards tui/compat.py)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from nav_helpers import REPORT_PATH, serve_report
from test_tui import generic_page, main_screen, make_app
from tui_helpers import screen_text, settle

from inkreader.config import Settings, load_settings, resolve_paths
from inkreader.reader import Reader
from inkreader.tui.app import InkReaderApp
from inkreader.tui.chunks import CODE_LINE_LIMIT, WORD_LIMIT, bound_long_lines, split_for_parsing
from inkreader.tui.document import parse
from inkreader.tui.wrap import wrap_offsets
from server import FixtureServer, respond

SIZE = (120, 40)
CUT = "more characters not shown"
PROSE = (
    "<p>This page carries enough ordinary prose around its odd parts that the extractor keeps the whole "
    "article body, as it would for any commentary of a few paragraphs about ports and shipping.</p>"
)


@pytest.fixture
def report(server: FixtureServer) -> FixtureServer:
    serve_report(server)
    return server


def widget_count(app) -> int:
    return len(list(app.screen.query("*")))


# -- huge lines and words are cut, so one line cannot stall the pane ---------------------------------------
async def test_a_megabyte_pre_line_and_a_megabyte_word_paint_at_once_and_q_quits(data_dir, server):
    pre = "x = [" + "1, " * 333_333 + "]"  # one line of about 1 MB, spaces and all
    word = "w" * 1_000_000
    body = f"{PROSE}<pre>{pre}</pre><p>Before the word {word} after the word.</p>{PROSE}"
    url = server.route("/long-lines", lambda r: respond(r, 200, generic_page("Very Long Lines", body)))
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.article is not None and screen.article.title == "Very Long Lines"
        blocks = screen.view.document.blocks
        # every line of the text is bounded, with a mark saying what was cut
        assert max(len(block.text) for block in blocks) <= max(CODE_LINE_LIMIT, WORD_LIMIT) + 100
        assert sum(CUT in block.text for block in blocks) == 2
        screen.view.focus_text()
        await pilot.press("end")
        await pilot.pause()
        assert "after the word" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


def test_bounds_cut_code_lines_and_words_and_leave_ordinary_text_alone():
    ordinary = "A paragraph of ordinary words. " * 200 + "\n"
    assert bound_long_lines(ordinary) == ordinary
    code = "```\n" + "y" * 5000 + "\nshort\n```\n"
    cut = bound_long_lines(code)
    assert "y" * CODE_LINE_LIMIT + " … [3,000 more characters not shown]" in cut and "\nshort\n```\n" in cut
    word = "start " + "z" * (WORD_LIMIT + 10) + " end\n"
    assert bound_long_lines(word) == "start " + "z" * WORD_LIMIT + " … [10 more characters not shown] end\n"


def test_wrapping_is_by_cells_and_folds_words_wider_than_the_line():
    text = "one two three " + "x" * 25 + " four"
    lines = [text[a:b] for a, b in wrap_offsets(text, 10)]
    assert lines == ["one two", "three", "x" * 10, "x" * 10, "x" * 5 + " four"]
    wide = "外交政策の議論" * 3
    assert all(len(wide[a:b]) <= 5 for a, b in wrap_offsets(wide, 10))  # two cells a character
    assert ["a\nb"[a:b] for a, b in wrap_offsets("a\nb", 10)] == ["a", "b"]


# -- a 5,000-row table is drawn as it scrolls into view, not all at once -----------------------------------------
async def test_a_five_thousand_row_table_is_drawn_lazily(data_dir, server):
    rows = "".join(f"<tr><td>Row {n}</td><td>Port {n % 97}</td><td>{n * 7} tonnes</td></tr>" for n in range(1, 5001))
    table = f"<table><thead><tr><th>Entry</th><th>Port</th><th>Cargo</th></tr></thead><tbody>{rows}</tbody></table>"
    url = server.route("/table", lambda r: respond(r, 200, generic_page("A Very Long Table", PROSE + table + PROSE)))
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.article is not None and screen.article.title == "A Very Long Table"
        text = screen_text(app)
        assert "Entry" in text and "Row 1 " in text
        assert widget_count(app) < 150  # one widget for the text however long it is, not one per cell
        screen.view.focus_text()
        await pilot.press("end")
        await pilot.pause()
        assert "Row 5000" in screen_text(app)
        rows_shown = [b for b in screen.view.document.blocks if b.kind == "table-row"]
        assert len(rows_shown) == 5001  # the header once, every row


def test_long_tables_are_parsed_in_pieces_of_rows_with_the_header_once():
    table = "| A | B |\n|---|---|\n" + "".join(f"| {n} | x |\n" for n in range(1, 1001))
    pieces = split_for_parsing("Intro.\n\n" + table + "\nAfter.\n")
    assert len(pieces) > 4 and max(len(text) for text, _ in pieces) < 8000
    from inkreader.tui.document import DocumentBuilder

    builder = DocumentBuilder()
    for text, continues in pieces:
        builder.feed(text, table_continues=continues)
    rows = [b.text.split("│")[0].strip() for b in builder.blocks if b.kind == "table-row"]
    assert rows == ["A", *map(str, range(1, 1001))]


LINKIFY_SAMPLES = [
    "Plain words, no link at all.",
    "Ends with a full stop.",
    "*20 items on this page: choose one on the left and press Enter.*",
    "See example.org for more",
    "Visit WWW. later",
    "www.example.com",
    "http://example.org/x and more",
    "HTTPS://EXAMPLE.ORG",
    "mail me at someone@example.org",
    "a @ sign",
    "//host/path",
    "ip 10.0.0.1 here",
    "LOCALHOST:8000",
    "e.g. this",
    "dots... and more",
    "Café at café.fr",
    "Ünïcödé wörds only",
    "ftp:",
    "FTP: files",
    "Mailto:someone",
    "a colon: then words",
    "a slash/or two // here",
    "U.S. policy, e.g. this, i.e. that; 3.5 billion.",
    "See [the study](https://example.org/a) and [the note](#note-1), or [home](/about).",
    "See [the study](https://example.org/a) at example.org too.",
    "An escaped \\[label](https://example.org/a) is no link.",
    "An escaped \\[see example.org now](/about) is text, its address found.",
    "An escaped \\[mail me@example.org](/about) too.",
    "A [label\\](/about) example.org with an escaped bracket.",
    "In code `[label](https://example.org/a)` only.",
    "[a [nested] label](https://example.org/a)",
    '[label](https://example.org/a "title")',
    "[[inner](https://example.org/a)](https://example.org/b)",
    "[bad](javascript:x) and [worse](vbscript:http://example.org)",
    "[label] (https://example.org/a)",
    "ends with a dot.Next word",
    "10.0.0.1",
    "a two-letter domain: example.io, then more",
    "",
]


def test_links_in_plain_text_are_found_as_linkify_it_finds_them():
    """The parser answers linkify-it's pretest itself for text without a sign of a link: what it makes of every
    sample is what markdown-it with linkify-it's own pretest makes of it."""
    from markdown_it import MarkdownIt

    from inkreader.tui.document import _parser

    reference = MarkdownIt("gfm-like")
    for text in LINKIFY_SAMPLES:
        assert _parser().render(text) == reference.render(text), text
    (block,) = parse("Read www.example.org today.")
    assert [href for _, _, href in block.links] == ["http://www.example.org"]


# -- find right after opening a long report counts the whole text, not what is in yet ---------------------------
async def test_find_right_after_opening_a_long_report_counts_the_whole_text(data_dir, report):
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await settle(app, pilot)
        article = await app.reader.open(report.url(REPORT_PATH))
        view = screen.view
        view.timings = {}
        worker = screen.run_worker(screen.controller.show_article(article), group="open", exclusive=True)
        while "first_text" not in view.timings:
            await asyncio.sleep(0)
        await screen.action_find()
        assert view.rendering  # the rest of the report is still coming in
        view.find("harbor")  # what typing in the find bar does
        await worker.wait()
        await settle(app, pilot)
        shown = re.sub(r"\]\([^)]*\)", "]", article.markdown)  # link targets are not text
        expected = shown.lower().count("harbor")
        assert expected > 100
        assert len(view.matches) == expected
        assert re.search(rf"\b\d+ of {expected}\b", screen_text(app)), screen_text(app)[-400:]


# -- a long report is one widget (a widget per block was slow), and every feature still works -------------------
async def test_a_long_report_is_one_widget_and_links_still_click(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert widget_count(app) < 150
        body = screen.view.document
        # a click on a link's text opens it (link 1 goes to a page on this server)
        from inkreader.tui.widgets.article_body import Place

        for index, block in enumerate(body.blocks):
            for start, _, href in block.links:
                if href.startswith(report.base_url):
                    body.scroll_to(y=body.line_of(Place(index, start)), animate=False, immediate=True)
                    await pilot.pause()
                    offset = body.offset_of(Place(index, start + 1))
                    assert offset is not None
                    await pilot.click(body, offset=offset)
                    await settle(app, pilot)
                    assert screen.article.title.startswith("Target Page")
                    return
        raise AssertionError("no local link in the report")


# -- resizing keeps the reader's place; text keeps to a reading width --------------------------------------------
async def test_resizing_keeps_the_place_in_the_text(data_dir, report):
    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        view.scroller.scroll_to_fraction(0.23)
        await pilot.pause()
        before = view.place()
        block = view.document.blocks[before.block]
        await pilot.resize_terminal(200, 50)
        await settle(app, pilot)
        after = view.place()
        assert after.block == before.block and abs(after.offset - before.offset) <= 90, (before, after)
        assert block.text[after.offset : after.offset + 20] in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert view.place().block == before.block


def body_lines(app) -> list[str]:
    """The reading pane's text lines as shown (between its borders)."""
    lines = []
    for line in screen_text(app).splitlines():
        if "│" in line:
            inner = line.split("│")
            if len(inner) >= 3:
                lines.append(inner[-2])
    return lines


@pytest.mark.parametrize("width", [90, 60])
async def test_text_keeps_to_the_reading_width_and_is_centred(data_dir, report, width):
    reader = Reader(resolve_paths().ensure(), settings=Settings(start_url="", reading_width=width))
    app = InkReaderApp(reader, report.url(REPORT_PATH))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        view = main_screen(app).view
        pane = view.document.size.width
        assert pane > width + 20
        paragraph = next(i for i, b in enumerate(view.document.blocks) if len(b.text) > 3 * width)
        view.scroller.scroll_to(y=view.document.block_line(paragraph), animate=False, immediate=True)
        await pilot.pause()
        strips = [view.document.render_line(y).text for y in range(5)]
        texts = [s for s in strips if s.strip()]
        assert texts and all(len(s.strip()) <= width for s in texts)
        assert max(len(s.strip()) for s in texts) > width - 15  # it does fill the width
        left = len(texts[0]) - len(texts[0].lstrip())
        assert abs(left - (pane - width) // 2) <= 1  # centred


def test_reading_width_is_read_from_config_toml(tmp_path: Path):
    paths = resolve_paths(tmp_path / "home").ensure()
    paths.config_file.write_text("reading_width = 72\n", encoding="utf-8")
    settings, note = load_settings(paths)
    assert settings.reading_width == 72 and note is None
    assert Settings().reading_width == 90


# -- compat: a held key ---------------------------------------------------------------------------------------
async def test_a_held_key_runs_its_binding_at_once_unless_a_widget_on_its_way_types_it(data_dir, report):
    from textual import events

    from inkreader.tui.compat import run_key_bindings

    app = make_app(report.url(REPORT_PATH))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.view.focus_text()
        await pilot.pause()
        assert await run_key_bindings(app, events.Key("j", "j")) is True
        await pilot.pause()
        assert screen.view.scroller.scroll_y == 1
        await pilot.press("slash")  # the find box has the focus: it types letters itself
        await pilot.pause()
        assert await run_key_bindings(app, events.Key("h", "h")) is None


def test_markdown_becomes_blocks_with_prefixes_links_and_headings():
    blocks = parse("# Title\n\nSome *em* [a link](https://x.example/) `[1]`.\n\n- one\n- two\n\n> quoted\n")
    assert [(b.kind, b.prefix + b.text) for b in blocks] == [
        ("heading", "Title"),
        ("paragraph", "Some em a link [1]."),
        ("paragraph", "• one"),
        ("paragraph", "• two"),
        ("paragraph", "▌ quoted"),
    ]
    assert blocks[1].links == [(8, 14, "https://x.example/")]


# -- a long body comes in without a whole-screen layout per piece, so keys never wait -----------------------------
async def test_the_scroll_bar_keeps_up_with_a_long_body_coming_in(data_dir, report):
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await settle(app, pilot)
        article = await app.reader.open(report.url(REPORT_PATH))
        view = screen.view
        body = view.document
        view.timings = {}
        worker = screen.run_worker(screen.controller.show_article(article), group="open", exclusive=True)
        while "first_text" not in view.timings:
            await asyncio.sleep(0)
        seen: set[int] = set()
        while view.rendering:  # after each piece: the scroll bar spans the lines laid out so far
            await asyncio.sleep(0)
            if body.line_count not in seen and body.vertical_scrollbar.window_virtual_size == body.line_count:
                seen.add(body.line_count)
        await worker.wait()
        await settle(app, pilot)
        assert len(seen) > 3  # it followed the body piece by piece
        assert body.virtual_size.height == body.line_count
        assert body.vertical_scrollbar.window_virtual_size == body.line_count
        assert body.max_scroll_y == body.line_count - body.scrollable_content_region.height
        view.focus_text()
        await pilot.press("end")
        await settle(app, pilot)
        assert body.scroll_y == body.max_scroll_y
        last_words = body.blocks[-1].text.split()[-3:]
        assert " ".join(last_words) in screen_text(app)
