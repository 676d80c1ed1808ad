"""urls.canonical_url / absolute_url / same_page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inkreader.extract.urls import absolute_url, canonical_url, same_page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://cnas.org/publications/commentary/x", "https://www.cnas.org/publications/commentary/x"),
        ("https://CNAS.org/reports/p2", "https://www.cnas.org/reports/p2"),
        (
            "https://www.cnas.org/articles-multimedia/p142?type=commentary&x-craft-preview=abc",
            "https://www.cnas.org/articles-multimedia/p142?type=commentary",
        ),
        (
            "https://www.cnas.org/publications/commentary/x?token=abc&x-craft-live-preview=1",
            "https://www.cnas.org/publications/commentary/x",
        ),
        (
            "https://www.cnas.org/articles-multimedia?area=defense&type=commentary#top",
            "https://www.cnas.org/articles-multimedia?area=defense&type=commentary",
        ),
        ("https://www.cnas.org/x?utm_source=feed&utm_medium=rss&page=2", "https://www.cnas.org/x?page=2"),
        ("http://127.0.0.1:8000/outlets/a?utm_campaign=z", "http://127.0.0.1:8000/outlets/a"),
        # elsewhere a lone "token" may be what opens the page: kept
        ("https://outlet.example/story?token=abc", "https://outlet.example/story?token=abc"),
        ("https://outlet.example/story?token=abc&x-craft-preview=1", "https://outlet.example/story"),
        ("https://www.cnas.org:443/x", "https://www.cnas.org/x"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("file:///tmp/page.html#frag", "file:///tmp/page.html"),
        ("  https://www.cnas.org/x  ", "https://www.cnas.org/x"),
    ],
)
def test_canonical_url(url: str, expected: str):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent_on_examples():
    for url in ("https://cnas.org/a?b=1&token=2", "http://127.0.0.1:1/x?y=%20z"):
        assert canonical_url(canonical_url(url)) == canonical_url(url)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_canonical_url_never_raises(text: str):
    assert isinstance(canonical_url(text), str)


def test_absolute_url():
    base = "http://127.0.0.1:8000/publications/reports/r"
    assert (
        absolute_url("//s3.amazonaws.com/files.cnas.org/documents/X", base)
        == "https://s3.amazonaws.com/files.cnas.org/documents/X"
    )
    assert absolute_url("/reports", base) == "http://127.0.0.1:8000/reports"
    assert absolute_url("https://www.cnas.org/a", base) == "https://www.cnas.org/a"
    assert absolute_url("javascript:alert(1)", base) is None
    assert absolute_url("", base) is None
    assert absolute_url(None, base) is None
    assert absolute_url("//s3.amazonaws.com/x", "file:///tmp/a.html") == "https://s3.amazonaws.com/x"


def test_same_page():
    assert same_page("https://cnas.org/a?token=1", "https://www.cnas.org/a/")
    assert not same_page("https://www.cnas.org/a", "https://www.cnas.org/b")


def test_absolute_url_strips_controls_and_line_breaks():
    base = "http://127.0.0.1:8000/a"
    assert absolute_url("/re\nports\x1b[31m", base) == "http://127.0.0.1:8000/reports"
    assert absolute_url(" /a b ", base) == "http://127.0.0.1:8000/a%20b"
