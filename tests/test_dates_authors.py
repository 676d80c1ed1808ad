"""dates.parse_date and authors.split_authors: the formats CNAS prints, and never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inkreader.extract.authors import split_authors
from inkreader.extract.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 08, 2019", "2019-03-08"),
        ("May 7, 2026", "2026-05-07"),
        ("MAY 7, 2026", "2026-05-07"),
        ("may 7 2026", "2026-05-07"),
        ("Mar. 8, 2019", "2019-03-08"),
        ("Sept. 30, 2025", "2025-09-30"),
        ("Sep 30, 2025", "2025-09-30"),
        ("December 1st, 2024", "2024-12-01"),
        ("8 March 2019", "2019-03-08"),
        ("2026-03-03", "2026-03-03"),
        ("2026-03-03T10:00:00Z", "2026-03-03"),
        ("2026-03-03T10:00:00+00:00", "2026-03-03"),
        ("Published: June 12, 2026 · Reports", "2026-06-12"),
        ("  \n  October 19, 2020\n", "2020-10-19"),
    ],
)
def test_parse_date_formats(text: str, expected: str):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Commentary",
        "February 30, 2020",
        "Image credit: Agency",
        "2026-13-01",
        "Maybe 7, 2026",
        "Inkwell Review",
        "20 of 27",
    ],
)
def test_parse_date_rejects(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Ada Example", ["Ada Example"]),
        ("By Ada Example & Bo Sample", ["Ada Example", "Bo Sample"]),
        ("By Ada Example, Bo Sample & Cy Test", ["Ada Example", "Bo Sample", "Cy Test"]),
        ("Ada Example and Bo Sample", ["Ada Example", "Bo Sample"]),
        ("Ada Example, Bo Sample, and Cy Test", ["Ada Example", "Bo Sample", "Cy Test"]),
        ("By Col. Ada Example, USA (Ret.)", ["Col. Ada Example, USA (Ret.)"]),
        ("By Col. Ada Example, USA (Ret.) & Bo Sample", ["Col. Ada Example, USA (Ret.)", "Bo Sample"]),
        ("Jonah Feld, Jr. & Priya Anand-Lowell", ["Jonah Feld, Jr.", "Priya Anand-Lowell"]),
        ("By Yara Quill, PhD, and Zed Marsh", ["Yara Quill, PhD", "Zed Marsh"]),
        ("By Dr. ED Whitcombe", ["Dr. ED Whitcombe"]),
        ("BY  Ada   Example", ["Ada Example"]),
        ("By Ada Example & Ada Example", ["Ada Example"]),
        ("By Lt. Gen. Sam Rook, USMC (Ret.), Ada Example", ["Lt. Gen. Sam Rook, USMC (Ret.)", "Ada Example"]),
        ("Byron Example", ["Byron Example"]),
        ("", []),
        ("By", []),
    ],
)
def test_split_authors(text: str, expected: list[str]):
    assert split_authors(text) == expected


def test_split_authors_cleans_control_characters():
    assert split_authors("By Ada\x1b[31m Example\x07 & Bo") == ["Ada Example", "Bo"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_split_authors_never_raises(text: str):
    names = split_authors(text)
    assert isinstance(names, list)
    assert all(isinstance(name, str) and name and name == name.strip() for name in names)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_date_never_raises(text: str):
    result = parse_date(text)
    assert result is None or (len(result) == 10 and result[4] == "-" and result[7] == "-")


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.sampled_from(["%B %d, %Y", "%B %-d, %Y", "%b %d, %Y", "%Y-%m-%d", "%d %B %Y"]), st.booleans())
def test_parse_date_round_trips(day, fmt, upper):
    text = day.strftime(fmt)
    if upper:
        text = text.upper()
    expected = day.isoformat() if 1900 <= day.year <= 2200 else None
    assert parse_date(text) == expected
