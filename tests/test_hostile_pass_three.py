"""Smaller hostile cases: an exported title that is markup, a fetch time limit of infinity, thousands of
highlights on one piece."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from store_helpers import make_article

from inkreader.config import TOTAL_TIMEOUT, TOTAL_TIMEOUT_MAX
from inkreader.export import render
from inkreader.model import LibraryEntry
from inkreader.reader import Reader, paths_for
from server import FixtureServer

PIECE = "/publications/commentary/grain-corridor-referee"
QUOTE = "the two tallies have drifted apart by almost a fifth"

HOSTILE_TITLE = (
    "<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://tracker.example/t.png) "
    "# *stars* <img src=x onerror=alert(2)>"
)


def test_an_exported_title_is_text_not_markup() -> None:
    article = make_article(title=HOSTILE_TITLE, body="A plain body.")
    text = render(article, LibraryEntry(url=article.url, title=article.title))
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    html = MarkdownIt("commonmark").render(heading)
    for live in ("<script", "<img", "<a ", "<em>"):
        assert live not in html, html
    assert html.startswith("<h1>") and "alert(1)" in html and "tracker.example/t.png" in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("inf", TOTAL_TIMEOUT_MAX),
        ("1e400", TOTAL_TIMEOUT_MAX),
        ("Infinity", TOTAL_TIMEOUT_MAX),
        ("100000", TOTAL_TIMEOUT_MAX),
        ("nan", TOTAL_TIMEOUT),
        ("-5", TOTAL_TIMEOUT),
        ("0", TOTAL_TIMEOUT),
        ("soon", TOTAL_TIMEOUT),
        ("3", 3.0),
    ],
)
async def test_the_fetch_time_limit_from_the_environment_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, expected: float
) -> None:
    monkeypatch.setenv("INKREADER_TOTAL_TIMEOUT", value)
    async with Reader(paths_for(tmp_path)) as reader:
        assert reader.fetcher.total_timeout == expected


async def test_listing_thousands_of_highlights_costs_a_few_plain_queries(
    tmp_path: Path, site_server: FixtureServer
) -> None:
    """All highlights (``highlights --json``, ``export --highlights``, export DIR) are read with a fixed number of
    statements, none running a subquery per row: 10,000 highlights on one piece took minutes."""
    async with Reader(paths_for(tmp_path)) as reader:
        url = (await reader.add_highlight_quote(site_server.url(PIECE), QUOTE, note="first")).url
        reader.set_tags(url, "ports")
        connection = reader.library._conn
        columns = (
            "article_id, quote, prefix, suffix, block_hint, note, created_at, updated_at, placed_stored_at, "
            "placed_hash, block, start_offset, end_block, end_offset, detached"
        )
        with connection:
            for _ in range(11):  # 2,048 highlights on the piece, placed in its current copy
                connection.execute(f"INSERT INTO highlights ({columns}) SELECT {columns} FROM highlights")
        statements: list[str] = []
        connection.set_trace_callback(statements.append)
        try:
            highlights = reader.all_highlights()
        finally:
            connection.set_trace_callback(None)
        assert len(highlights) == 2048 and highlights[0].tags == ["ports"]
        assert len(statements) <= 10, statements
        for statement in statements:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                plan = connection.execute("EXPLAIN QUERY PLAN " + statement).fetchall()
                assert not any("CORRELATED" in row[-1] for row in plan), (statement, plan)
