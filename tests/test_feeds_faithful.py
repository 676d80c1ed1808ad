"""Feeds read as faithfully as feedparser reads them: one fixture of our own per class of difference found on
feedparser's test corpus (bench/feedparser_agreement.py measures the corpus itself)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from feed_samples import feed_route, rss

from inkreader.sources.feeds import parse_feed

BASE = "http://feeds.test/feed.xml"
ATOM = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tideline</title>{}</feed>'
ATOM03 = '<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old tide</title>{}</feed>'
RSS_DC = (
    '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/">'
    "<channel><title>Harbour notes</title>{}</channel></rss>"
)


def first(feed_xml: str, **options: str):
    feed = parse_feed(feed_xml.encode(), BASE, **options)
    assert feed.entries, "no entry read"
    return feed.entries[0]


def test_every_author_in_order_up_to_twenty() -> None:
    creators = "".join(f"<dc:creator>Writer {n}</dc:creator>" for n in range(25))
    entry = first(RSS_DC.format(f"<item><title>Many hands</title><link>http://feeds.test/a</link>{creators}</item>"))
    assert entry.authors == [f"Writer {n}" for n in range(20)]
    atom_authors = "".join(f"<author><name>{name}</name></author>" for name in ("Ines Varga", "Tom Reyes", "Al Ng"))
    entry = first(ATOM.format(f'<entry><title>Three</title><link href="http://feeds.test/b"/>{atom_authors}</entry>'))
    assert entry.authors == ["Ines Varga", "Tom Reyes", "Al Ng"]


@pytest.mark.parametrize("author", ["Ines Varga (ines@tide.test)", "ines@tide.test (Ines Varga)"])
def test_name_and_address_in_either_order_give_the_name(author: str) -> None:
    entry = first(rss("Harbour", [{"title": "t", "link": "http://feeds.test/c", "author": author}]))
    assert entry.authors == ["Ines Varga"]


@pytest.mark.parametrize(
    "title, expected",
    [
        (
            '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Tides <b>and</b> tugs</div></title>',
            "Tides and tugs",
        ),
        ('<title type="html">Tides &lt;b&gt;and&lt;/b&gt; tugs</title>', "Tides and tugs"),
        ('<title type="text">Why &lt;blink&gt; never came back</title>', "Why <blink> never came back"),
        (
            '<title type="html">Safe&lt;script&gt;location.href="http://evil.test/"&lt;/script&gt; title</title>',
            "Safe title",
        ),
    ],
)
def test_atom_titles_of_every_type_keep_their_text(title: str, expected: str) -> None:
    entry = first(ATOM.format(f'<entry>{title}<link href="http://feeds.test/d"/></entry>'))
    assert entry.title == expected


def test_atom_03_titles_in_base64_and_inline_markup_are_read() -> None:
    encoded = base64.b64encode(b"Dredging <b>the</b> basin").decode()
    entry = first(
        ATOM03.format(f'<entry><title mode="base64">{encoded}</title><link href="http://feeds.test/e"/></entry>')
    )
    assert entry.title == "Dredging the basin"
    entry = first(
        ATOM03.format('<entry><title>Pilots <b>at</b> dawn</title><link href="http://feeds.test/f"/></entry>')
    )
    assert entry.title == "Pilots at dawn"


@pytest.mark.parametrize(
    "dates, day",
    [
        ("<dcterms:created>2025-02-03T08:00:00Z</dcterms:created>", "2025-02-03"),
        ("<dc:date>2025-02-03T08:00:00Z</dc:date><dc:date>2025-03-04T08:00:00Z</dc:date>", "2025-03-04"),
    ],
)
def test_rss_dates_created_and_the_last_of_several(dates: str, day: str) -> None:
    entry = first(RSS_DC.format(f"<item><title>t</title><link>http://feeds.test/g</link>{dates}</item>"))
    assert (entry.published or "")[:10] == day


def test_atom_dates_last_updated_wins_and_published_beats_issued() -> None:
    entry = first(
        ATOM.format(
            '<entry><title>t</title><link href="http://feeds.test/h"/>'
            "<updated>2025-01-01T00:00:00Z</updated><updated>2024-06-01T10:00:00Z</updated></entry>"
        )
    )
    assert (entry.published or "")[:10] == "2024-06-01"
    entry = first(
        ATOM03.format(
            '<entry><title>t</title><link href="http://feeds.test/i"/>'
            "<issued>2023-01-01T00:00:00Z</issued><published>2024-02-02T00:00:00Z</published></entry>"
        )
    )
    assert (entry.published or "")[:10] == "2024-02-02"
    entry = first(
        ATOM03.format(
            '<entry><title>t</title><link href="http://feeds.test/j"/><created>2022-05-05T00:00:00Z</created></entry>'
        )
    )
    assert (entry.published or "")[:10] == "2022-05-05"


def test_media_title_does_not_override_the_title() -> None:
    entry = first(
        RSS_DC.format(
            "<item><media:title>Clip</media:title><title>The piece</title><link>http://feeds.test/k</link></item>"
        )
    )
    assert entry.title == "The piece"


def test_addresses_from_link_text_permalink_guids_and_upper_case_ids() -> None:
    entry = first(ATOM.format("<entry><title>t</title><link>http://feeds.test/l</link></entry>"))
    assert entry.url == "http://feeds.test/l"
    entry = first(ATOM.format("<entry><title>t</title><id>HTTP://feeds.test/m</id></entry>"))
    assert entry.url.lower() == "http://feeds.test/m"
    entry = first(RSS_DC.format('<item><title>t</title><guid isPermaLink="true">http://feeds.test/n</guid></item>'))
    assert entry.url == "http://feeds.test/n"


def test_rss_090_is_read() -> None:
    feed = parse_feed(
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old harbour</title>'
        b"<link>http://feeds.test/</link></channel><item><title>First tide</title>"
        b"<link>http://feeds.test/o</link></item></rdf:RDF>",
        BASE,
    )
    assert feed.title == "Old harbour" and [(e.title, e.url) for e in feed.entries] == [
        ("First tide", "http://feeds.test/o")
    ]


def test_content_location_is_the_base_of_relative_links() -> None:
    entry = first(rss("Harbour", [{"title": "t", "link": "/relative/p"}]), content_location="http://other.test/")
    assert entry.url == "http://other.test/relative/p"


# -- through the command, served as real servers serve them ----------------------------------------------------
FEED = rss("Served oddly", [{"title": "Odd but fine", "link": "{{BASE}}/posts/odd", "guid": "odd"}])


@pytest.mark.parametrize(
    "body, content_type",
    [
        (FEED.encode(), "text/plain; charset=utf-8"),
        (FEED.encode(), "application/octet-stream"),
        (
            b"\xff\xfe" + FEED.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le"),
            "application/rss+xml",
        ),
        (b"\xff\xfe" + FEED.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le"), "text/plain"),
    ],
    ids=["text-plain", "octet-stream", "utf-16", "utf-16-as-text"],
)
def test_sources_add_reads_feeds_served_with_odd_types_and_utf16(server, run_cli, data_dir: Path, body, content_type):
    (data_dir / "config.toml").write_text("host_delay_seconds = 0.0\n")
    server.route(
        "/feed",
        feed_route(body.replace("{{BASE}}".encode("utf-16-le"), server.base_url.encode("utf-16-le")), content_type),
    )
    added = run_cli("sources", "add", server.url("/feed"))
    assert added.returncode == 0, added.stderr
    [item] = json.loads(run_cli("inbox", "--json").stdout)
    assert item["title"] == "Odd but fine" and item["url"] == server.url("/posts/odd")
    assert run_cli("refresh").returncode == 0
