"""Smaller hostile cases: an exported title that is markup, and a fetch time limit of infinity."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from store_helpers import make_article

from inkreader.config import TOTAL_TIMEOUT, TOTAL_TIMEOUT_MAX
from inkreader.export import render
from inkreader.model import LibraryEntry
from inkreader.reader import Reader, paths_for

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
