"""Feed parsing and OPML reading: every format, every date form, and the hostile inputs (pure, no network)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from feed_samples import BILLION_LAUGHS, HOSTILE_TITLE, MALFORMED, RSS1, XXE_FEED, atom, json_feed, rss

from inkreader.model import Source
from inkreader.sources.feeds import FeedError, parse_feed
from inkreader.sources.opml import read_opml, write_opml
from inkreader.text import has_control_characters

BASE = "http://feeds.test/feed.xml"


def test_rss2_items_with_authors_summary_and_kind() -> None:
    feed = parse_feed(
        rss(
            "Harbour Watch",
            [
                {
                    "title": "Tugs &amp; tides",
                    "link": "http://feeds.test/a",
                    "guid": "a",
                    "date": "Fri, 01 May 2026 10:00:00 GMT",
                    "author": "desk@feeds.test (Lena Ortiz)",
                    "description": "&lt;p&gt;Two &lt;b&gt;ports&lt;/b&gt; compared&lt;/p&gt;",
                    "category": "Commentary",
                },
            ],
        ).encode(),
        BASE,
    )
    assert feed.title == "Harbour Watch"
    [entry] = feed.entries
    assert (entry.title, entry.url, entry.guid) == ("Tugs & tides", "http://feeds.test/a", "a")
    assert entry.published.startswith("2026-05-01T10:00:00")
    assert entry.authors == ["Lena Ortiz"]
    assert entry.summary == "Two ports compared"
    assert entry.kind == "commentary"


def test_rss1_atom_and_json_feed() -> None:
    rdf = parse_feed(RSS1.encode(), BASE)
    assert [(e.title, e.url) for e in rdf.entries] == [("Dredging the inner basin", "http://example.test/notes/1")]
    assert rdf.entries[0].published.startswith("2026-03-02")

    feed = parse_feed(
        atom(
            "Signal Post",
            [
                {
                    "title": "Relay stations",
                    "link": "/posts/relay",
                    "id": "urn:1",
                    "authors": ["Ada Vance"],
                    "date": "2026-04-02T09:30:00+02:00",
                    "summary": "Short",
                },
            ],
        )
        .replace("{{BASE}}", "http://feeds.test")
        .encode(),
        BASE,
    )
    [entry] = feed.entries
    assert entry.url == "http://feeds.test/posts/relay"  # relative link made absolute
    assert entry.published.startswith("2026-04-02T07:30:00")
    assert entry.authors == ["Ada Vance"]

    feed = parse_feed(
        json_feed(
            "Ledger",
            [
                {
                    "id": "7",
                    "url": "http://feeds.test/ledger/7",
                    "title": "Budget lines",
                    "date_published": "2026-02-01T00:00:00Z",
                    "authors": [{"name": "Tom Reyes"}],
                    "summary": "Lines and more lines",
                },
            ],
        ).encode(),
        BASE,
    )
    assert [(e.title, e.authors, e.summary) for e in feed.entries] == [
        ("Budget lines", ["Tom Reyes"], "Lines and more lines")
    ]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Fri, 01 May 2026 10:00:00 GMT", "2026-05-01T10:00:00"),  # RFC 822 with weekday
        ("01 May 2026 10:00:00 +0200", "2026-05-01T08:00:00"),  # without weekday, with an offset
        ("Fri, 1 May 2026 10:00 EST", "2026-05-01T15:00:00"),  # named zone, no seconds
        ("2026-05-01T10:00:00Z", "2026-05-01T10:00:00"),  # ISO 8601
        ("2026-05-01T10:00:00", "2026-05-01T10:00:00"),  # no time zone
        ("2026-05-01", "2026-05-01"),  # a bare date
        ("the day after tomorrow", None),  # garbage
        ("", None),
    ],
)
def test_dates_in_every_form(raw: str, expected: str | None) -> None:
    feed = parse_feed(rss("Dates", [{"title": "t", "link": "http://feeds.test/d", "date": raw}]).encode(), BASE)
    published = feed.entries[0].published
    assert (published[: len(expected)] if published else None) == expected


def test_duplicate_guids_count_once_and_items_without_links_are_left_out() -> None:
    feed = parse_feed(
        rss(
            "Dupes",
            [
                {"title": "First", "link": "http://feeds.test/1", "guid": "same"},
                {"title": "Second", "link": "http://feeds.test/2", "guid": "same"},
                {"title": "No link at all"},
                {"title": "Link is javascript", "link": "javascript:alert(1)"},
                {"title": "Relative", "link": "/rel/3"},
                {"title": "Guid is the link", "guid": "http://feeds.test/4"},
            ],
        ).encode(),
        BASE,
    )
    assert [(e.title, e.url) for e in feed.entries] == [
        ("First", "http://feeds.test/1"),
        ("Relative", "http://feeds.test/rel/3"),
        ("Guid is the link", "http://feeds.test/4"),
    ]


def test_titles_cannot_act_on_the_terminal() -> None:
    feed = parse_feed(
        rss(
            "Esc",
            [{"title": HOSTILE_TITLE.replace("\x07", "").replace("\x1b", "&#27;"), "link": "http://feeds.test/e"}],
        ).encode(),
        BASE,
    )
    # XML 1.0 forbids raw ESC; a feed can still carry one through a CDATA or a lax server: use both ways.
    cdata = rss("Esc", [{"title": f"<![CDATA[{HOSTILE_TITLE}]]>", "link": "http://feeds.test/e"}]).encode()
    for parsed in (feed, parse_feed(cdata, BASE)):
        for entry in parsed.entries:
            assert not has_control_characters(entry.title)
            assert "\u202e" not in entry.title
    # Rich markup stays literal text (the TUI renders titles as Text, never as markup).
    assert "[bold red]Rich[/]" in parse_feed(cdata, BASE).entries[0].title


def test_xxe_is_refused_and_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    content = XXE_FEED.format(path=secret).encode()
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(content, BASE)
    # The parser underneath is safe on its own too: it keeps entities unexpanded and reads no file.
    import fastfeedparser

    parsed = fastfeedparser.parse(content)
    assert "TOP-SECRET" not in repr(parsed)


def test_billion_laughs_is_refused_quickly_and_the_parser_never_expands() -> None:
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS.encode(), BASE)
    import fastfeedparser

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    parsed = fastfeedparser.parse(BILLION_LAUGHS.encode())
    assert "lollol" not in repr(parsed)
    assert time.process_time() - started < 5  # a safety bound, not a speed claim: expansion would take ages
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: no gigabytes


def test_malformed_xml_is_read_as_far_as_it_goes() -> None:
    feed = parse_feed(MALFORMED.encode(), BASE)
    assert feed.entries[0].title == "Still readable"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<!doctype html><html><head><title>x</title></head><body>hi</body></html>", "HTML page, not a feed"),
        (b"", "empty"),
        (b"\x00\x01garbage", "Not a feed"),
        (b'{"not": "a feed"}', "Not a feed"),
    ],
)
def test_what_is_no_feed_says_so(content: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(content, BASE)


# -- OPML ------------------------------------------------------------------------------------------------
NESTED_OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Think tanks">
    <outline text="Maritime">
      <outline type="rss" text="Harbour Watch" xmlUrl="http://feeds.test/harbour.xml" htmlUrl="http://feeds.test/"/>
    </outline>
    <outline type="rss" text="Signal Post" xmlUrl="https://signal.test/atom"/>
  </outline>
  <outline type="rss" text="Loose one" xmlUrl="http://loose.test/rss"/>
  <outline type="rss" text="Sneaky" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
</body></opml>
"""


def test_opml_nested_outlines_become_folders_and_bad_schemes_are_refused() -> None:
    listed = read_opml(NESTED_OPML)
    assert [(f.title, f.url, f.folder) for f in listed.feeds] == [
        ("Harbour Watch", "http://feeds.test/harbour.xml", "Think tanks/Maritime"),
        ("Signal Post", "https://signal.test/atom", "Think tanks"),
        ("Loose one", "http://loose.test/rss", None),
    ]
    assert len(listed.rejected) == 2
    assert any("javascript" in line for line in listed.rejected)
    assert any("file" in line for line in listed.rejected)


def test_opml_round_trip_keeps_folders() -> None:
    sources = [
        Source(name=f.title, url=f.url, feed_url=f.url, kind="feed", folder=f.folder)
        for f in read_opml(NESTED_OPML).feeds
    ]
    again = read_opml(write_opml(sources).encode())
    assert sorted((f.title, f.url, f.folder or "") for f in again.feeds) == sorted(
        (s.name, s.feed_url, s.folder or "") for s in sources
    )


def test_opml_writes_pages_followed_without_a_feed_as_links_and_reads_them_back() -> None:
    sources = [
        Source(name="Harbour Feed", url="https://a.example/", feed_url="https://a.example/feed.xml", kind="feed"),
        Source(
            name="Think Tank Listing",
            url="https://b.example/",
            feed_url="https://b.example/articles-multimedia",
            kind="listing",
            folder="Think tanks",
        ),
        Source(name="Quiet Site", url="https://c.example/", feed_url="https://c.example/sitemap.xml", kind="sitemap"),
    ]
    written = write_opml(sources)
    # another reader given a listing page or a sitemap as a feed (xmlUrl) would fail on it
    assert written.count("xmlUrl=") == 1 and 'type="link"' in written
    again = read_opml(written.encode())
    assert sorted((f.title, f.url, f.kind, f.folder or "") for f in again.feeds) == sorted(
        (s.name, s.feed_url, s.kind, s.folder or "") for s in sources
    )


def test_opml_link_to_another_opml_file_is_not_followed() -> None:
    listed = read_opml(
        b'<?xml version="1.0"?><opml version="2.0"><body>'
        b'<outline type="link" text="More lists" url="https://d.example/more.opml"/>'
        b'<outline type="rss" text="A feed" xmlUrl="https://d.example/feed"/></body></opml>'
    )
    assert [f.url for f in listed.feeds] == ["https://d.example/feed"]
    assert any("More lists" in line for line in listed.rejected)


def test_opml_with_ten_thousand_outlines() -> None:
    outlines = "\n".join(
        f'<outline type="rss" text="Feed {n}" xmlUrl="http://many.test/{n}.xml"/>' for n in range(10_000)
    )
    listed = read_opml(f'<?xml version="1.0"?><opml version="1.0"><body>{outlines}</body></opml>'.encode())
    assert len(listed.feeds) == 10_000


@pytest.mark.parametrize(
    "content", [b"just some words, not xml", b"\x89PNG\r\n\x1a\n....", b"<html><body>hi</body></html>"]
)
def test_opml_that_is_not_xml(content: bytes) -> None:
    with pytest.raises(FeedError, match="not an OPML file"):
        read_opml(content, "subs.opml")


def test_opml_with_entities_is_refused() -> None:
    content = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body></body></opml>'
    )
    with pytest.raises(FeedError, match="entities"):
        read_opml(content)
