"""The library's everyday behaviour, on real SQLite files in temporary directories."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest
from store_helpers import BODY, integrity, make_article, make_page

from inkreader.config import resolve_paths
from inkreader.model import Article
from inkreader.store import Library, LibraryError, NotInLibrary
from inkreader.store.schema import SCHEMA_VERSION


@pytest.fixture
def lib(tmp_path: Path):
    library = Library(tmp_path / "library.db")
    yield library
    library.close()


def test_open_uses_paths_and_sets_up_wal(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "home")
    with Library.open(paths) as library:
        assert library.path == paths.library_file
        assert library.read_only is False and library.recovery_note is None
    conn = sqlite3.connect(paths.library_file)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental


def test_page_round_trip_is_compressed(lib: Library, tmp_path: Path) -> None:
    page = make_page(content=("<p>Café — ports and harbours</p>" * 400).encode("utf-8"))
    lib.put_page(page)
    got = lib.get_page(page.url)
    assert got is not None and got.from_cache is True
    assert got.content == page.content and got.text == page.content.decode("utf-8")
    assert (got.etag, got.last_modified) == ('"v1"', "Wed, 06 Mar 2024 10:00:00 GMT")
    assert got.headers == page.headers and got.status == 200 and got.final_url == page.url
    assert got.encoding == "utf-8" and got.content_type == page.content_type
    codec, body, raw_size = lib._conn.execute(
        "SELECT codec, body, raw_size FROM pages WHERE url = ?", (page.url,)
    ).fetchone()
    assert codec in ("zlib", "zstd") and raw_size == len(page.content)
    assert len(body) < len(page.content) / 10
    if codec == "zlib":
        assert zlib.decompress(body) == page.content
    assert lib.get_page("https://nowhere.example/") is None


def test_page_in_a_legacy_encoding_decodes_again(lib: Library) -> None:
    content = "<p>Caf\u00e9 na\u00efve</p>".encode("cp1252")
    lib.put_page(make_page("https://x.example/w", content=content, encoding="cp1252"))
    assert lib.get_page("https://x.example/w").text == "<p>Caf\u00e9 na\u00efve</p>"


def test_touch_page_after_304_refreshes_only_the_timestamp(lib: Library) -> None:
    page = make_page()
    lib.put_page(page)
    lib.touch_page(page.url, "2025-01-01T00:00:00+00:00")
    got = lib.get_page(page.url)
    assert got.fetched_at == "2025-01-01T00:00:00+00:00" and got.content == page.content and got.etag == '"v1"'
    # A 304 Page handed to put_page does not wipe the stored body either.
    not_modified = make_page(content=b"", not_modified=True, fetched_at="2025-02-02T00:00:00+00:00")
    lib.put_page(not_modified)
    got = lib.get_page(page.url)
    assert got.content == page.content and got.fetched_at == "2025-02-02T00:00:00+00:00"


def test_article_round_trip_with_related_and_links(lib: Library) -> None:
    article = make_article(
        1,
        notes=["outlet refused: 403"],
        followed=True,
        full_article_url="https://harbour.example/full",
        summary_markdown="Short *note*.",
    )
    lib.put_article(article)
    got = lib.get_article(article.url)
    assert got is not None and got.from_cache is True
    expected = Article.from_record({**article.to_record(), "from_cache": True})
    assert got == expected
    assert [r.program for r in got.related] == ["Defense", None]
    assert got.links[0].url == "https://example.org/lanes"
    # Also found by its final URL (after redirects).
    assert lib.get_article(article.final_url).url == article.url
    assert lib.get_article("https://www.cnas.org/never") is None


def test_put_article_again_replaces_it_and_keeps_saved_state(lib: Library) -> None:
    lib.put_article(make_article(1))
    lib.save(make_article(1).url)
    lib.set_position(make_article(1).url, 0.4)
    updated = make_article(1, title="A new title about fisheries", related=[])
    lib.put_article(updated)
    got = lib.get_article(updated.url)
    assert got.title == "A new title about fisheries" and got.related == []
    assert lib.is_saved(updated.url) and lib.get_position(updated.url) == pytest.approx(0.4)
    assert [h.url for h in lib.search("fisheries")] == [updated.url]
    assert lib.search('"maritime strategy"') == []  # the old title is gone from the index
    assert lib.stats()["articles"] == 1


def test_save_unsave_and_list_newest_first(lib: Library) -> None:
    for n in range(1, 4):
        lib.put_article(make_article(n))
    for n in (2, 1, 3):
        lib.save(make_article(n).url)
    lib.save(make_article(2).url)  # saving twice keeps the first save time
    assert [e.url for e in lib.list_saved()] == [make_article(n).url for n in (3, 1, 2)]
    entry = lib.list_saved()[0]
    assert entry.title == make_article(3).title and entry.authors == ["Ada Marlow", "Ben Okafor"]
    assert entry.outlet == "Harbour Quarterly" and entry.unread and entry.saved_at
    assert lib.unsave(make_article(1).url) is True
    assert lib.unsave(make_article(1).url) is False
    assert lib.unsave("https://never.example/") is False
    assert [e.url for e in lib.list_saved()] == [make_article(n).url for n in (3, 2)]
    assert lib.is_saved(make_article(2).final_url) and not lib.is_saved(make_article(1).url)


def test_saving_an_unknown_url_is_a_clear_error(lib: Library) -> None:
    with pytest.raises(NotInLibrary) as caught:
        lib.save("https://www.cnas.org/unknown")
    assert isinstance(caught.value, LibraryError) and "\n" not in str(caught.value)


def test_mark_read_and_position(lib: Library) -> None:
    article = make_article(1)
    lib.put_article(article)
    lib.save(article.url)
    assert lib.get_position(article.url) is None
    lib.set_position(article.url, 0.25)
    assert lib.get_position(article.url) == pytest.approx(0.25)
    lib.set_position(article.url, 7)  # clamped
    assert lib.get_position(article.url) == 1.0
    lib.mark_read(article.url)
    entry = lib.list_saved()[0]
    assert entry.read_at is not None and not entry.unread and entry.position == 1.0
    lib.mark_read(article.url, read=False)
    assert lib.list_saved()[0].unread
    lib.mark_read("https://unknown.example/")  # ignored
    assert lib.get_position("https://unknown.example/") is None


def test_history_is_newest_first_and_one_row_per_url(lib: Library) -> None:
    lib.put_article(make_article(1))
    for url in (make_article(1).url, "https://other.example/a", make_article(1).url, "https://other.example/b"):
        lib.add_history(url)
    history = lib.list_history()
    assert [h.url for h in history] == ["https://other.example/b", make_article(1).url, "https://other.example/a"]
    assert history[1].title == make_article(1).title and history[1].visited_at
    assert history[0].title == "https://other.example/b"  # never extracted: the URL stands in
    assert [h.url for h in lib.list_history(limit=1)] == ["https://other.example/b"]


def test_history_and_access_marks_commit_without_making_saves_less_durable(lib: Library) -> None:
    """History and access times commit without waiting for the disk; saves still use synchronous=FULL."""
    levels: list[str] = []
    lib._conn.set_trace_callback(lambda sql: levels.append(sql) if "synchronous" in sql else None)
    lib.put_article(make_article(1))
    lib.add_history(make_article(1).url)
    assert lib.get_article(make_article(1).url) is not None
    lib._conn.set_trace_callback(None)
    assert levels == ["PRAGMA synchronous = NORMAL", "PRAGMA synchronous = FULL"] * 2  # history, access time
    assert lib._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for the next save
    other = sqlite3.connect(lib.path)  # committed: another reader sees it
    assert other.execute("SELECT count(*) FROM history").fetchone()[0] == 1
    other.close()


@pytest.fixture
def search_lib(lib: Library) -> Library:
    lib.put_article(make_article(1, title="Port diplomacy in the Indian Ocean"))
    lib.put_article(
        make_article(
            2,
            title="Sanctions: the next round",
            authors=["Zoë Müller"],
            body='Export controls on chips and the **semiconductor** supply chain. A"B test.',
        )
    )
    lib.put_article(
        make_article(
            3,
            title="Ports without diplomacy",
            outlet="War on the Rocks",
            body="Diplomacy was absent while the port authority expanded. Café culture.",
        )
    )
    lib.save(make_article(2).url)
    return lib


def test_search_words_phrases_and_ranking(search_lib: Library) -> None:
    hits = search_lib.search("port diplomacy")
    assert {h.url for h in hits} == {make_article(n).url for n in (1, 3)}  # "ports" stems to "port"
    sanctions = search_lib.search("sanctions")
    assert [h.url for h in sanctions] == [make_article(2).url, make_article(1).url]  # title beats body
    phrase = search_lib.search('"port diplomacy"')
    assert phrase[0].url == make_article(1).url
    assert make_article(3).url not in {h.url for h in phrase}  # "ports without diplomacy" is not the phrase
    assert search_lib.search("semiconductor")[0].saved is True
    assert len(search_lib.search("diplomacy", limit=1)) == 1


def test_search_snippets_mark_matches(search_lib: Library) -> None:
    hit = search_lib.search("semiconductor")[0]
    assert "**semiconductor**" in hit.snippet and "\n" not in hit.snippet
    assert hit.title == "Sanctions: the next round" and hit.authors == ["Zoë Müller"]
    assert "https://" not in search_lib.search("shipping lanes")[0].snippet  # link targets are not indexed


@pytest.mark.parametrize(
    "query",
    [
        'a"b',
        '"',
        "-x",
        "-diplomacy",
        "NOT",
        "port AND",
        "(port",
        "title:port",
        "*",
        "port*ocean",
        "''",
        "\\",
        "diplomacy)",
        "NEAR(port diplomacy)",
        "^port",
        "—",
        "",
        "   ",
        '"unclosed phrase',
    ],
)
def test_search_never_raises_on_user_text(search_lib: Library, query: str) -> None:
    assert isinstance(search_lib.search(query), list)


def test_search_punctuation_unicode_and_prefix(search_lib: Library) -> None:
    assert search_lib.search("Sanctions:")[0].url == make_article(2).url
    assert [h.url for h in search_lib.search("muller")] == [make_article(2).url]  # diacritics folded
    assert [h.url for h in search_lib.search("Müller")] == [make_article(2).url]
    assert [h.url for h in search_lib.search("cafe")] == [make_article(3).url]
    assert [h.url for h in search_lib.search("semicond*")] == [make_article(2).url]
    assert [h.url for h in search_lib.search("war rocks")] == [make_article(3).url]  # outlet indexed
    assert [h.url for h in search_lib.search('a"b')] == [make_article(2).url]
    assert search_lib.search("-diplomacy") != []  # a dash is not NOT: it finds diplomacy
    assert search_lib.search("!!!") == []


def test_eviction_keeps_saved_pieces_and_their_pages(tmp_path: Path) -> None:
    import os

    with Library(tmp_path / "library.db", cache_budget_bytes=60_000) as library:
        saved = make_article(1, full_article_url="https://outlet.example/full")
        library.put_article(saved)
        library.put_page(make_page(saved.url, content=os.urandom(30_000)))
        library.put_page(make_page("https://outlet.example/full", content=os.urandom(30_000)))
        library.save(saved.url)
        for n in range(2, 12):
            library.put_article(make_article(n))
            library.put_page(make_page(f"https://www.cnas.org/p{n}", content=os.urandom(20_000)))
        library.get_page("https://www.cnas.org/p2")  # read recently: the least likely to go
        removed = library.evict()
        assert removed > 0
        stats = library.stats()
        assert stats["cache_bytes"] <= 60_000
        assert library.get_article(saved.url) is not None and library.is_saved(saved.url)
        assert library.get_page(saved.url) is not None
        assert library.get_page("https://outlet.example/full") is not None
        assert library.get_page("https://www.cnas.org/p3") is None  # oldest unread page went
        assert library.get_page("https://www.cnas.org/p2") is not None
        assert library.evict() == 0
    assert integrity(tmp_path / "library.db") == "ok"


def test_search_forgets_evicted_articles(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db", cache_budget_bytes=1) as library:
        library.put_article(make_article(1))
        library.put_article(make_article(2, body="Unique word zanzibarian here."))
        library.save(make_article(1).url)
        library.evict()
        assert library.search("zanzibarian") == []
        assert [h.url for h in library.search("harbour")] == [make_article(1).url]
        assert library.stats()["related"] == 2  # the evicted piece's related rows went with it


def test_automatic_eviction_on_put(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import inkreader.store.cache_budget as cache_budget_module

    monkeypatch.setattr(cache_budget_module, "_EVICT_GRACE_SECONDS", 0)
    with Library(tmp_path / "library.db", cache_budget_bytes=200_000) as library:
        for n in range(40):
            library.put_page(make_page(f"https://www.cnas.org/auto{n}", content=os.urandom(20_000)))
        assert library.stats()["cache_bytes"] <= 200_000 + 16 * 21_000


def test_stats_counts(lib: Library) -> None:
    lib.put_article(make_article(1))
    lib.put_page(make_page())
    lib.save(make_article(1).url)
    lib.add_history("https://a.example/")
    stats = lib.stats()
    assert (stats["articles"], stats["pages"], stats["saved"], stats["history"]) == (1, 1, 1, 1)
    assert stats["file_bytes"] > 0 and stats["database_bytes"] > 0


def test_closed_library_says_so(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.db")
    library.close()
    library.close()  # twice is fine
    with pytest.raises(LibraryError, match="closed"):
        library.list_saved()


def test_body_text_indexed_not_markdown(lib: Library) -> None:
    lib.put_article(make_article(1, body=BODY))
    hit = lib.search("alliances")[0]
    assert "**alliances**" in hit.snippet and "[" not in hit.snippet


def test_automatic_eviction_spares_what_was_just_opened(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db", cache_budget_bytes=1) as library:
        for n in range(20):
            library.put_article(make_article(n))
        library.save(make_article(19).url)  # still there to be saved, although far over budget
        assert library.stats()["articles"] == 20


def test_search_can_be_limited_to_saved_pieces(tmp_path) -> None:
    from inkreader.model import Article
    from inkreader.store import Library

    with Library(tmp_path / "library.db") as library:
        for index in range(3):
            library.put_article(
                Article(
                    url=f"https://example.org/{index}",
                    final_url=f"https://example.org/{index}",
                    site="generic",
                    kind="article",
                    title=f"Harbor piece {index}",
                    markdown="Cranes and harbors, again and again.",
                )
            )
        library.save("https://example.org/1")
        assert len(library.search("harbors")) == 3
        saved = library.search("harbors", saved_only=True)
        assert [hit.url for hit in saved] == ["https://example.org/1"] and saved[0].saved
        assert saved[0].plain_snippet == saved[0].snippet.replace("**", "")


def test_saved_list_and_history_page(lib: Library) -> None:
    for n in range(5):
        lib.put_article(make_article(n))
        lib.save(make_article(n).url)
        lib.add_history(make_article(n).url)
    everything = [entry.url for entry in lib.list_saved()]
    assert [e.url for e in lib.list_saved(limit=2)] == everything[:2]
    assert [e.url for e in lib.list_saved(limit=2, offset=2)] == everything[2:4]
    assert lib.count_saved() == 5
    history = [entry.url for entry in lib.list_history()]
    assert [e.url for e in lib.list_history(limit=3, offset=1)] == history[1:4]


def test_eviction_gives_the_freed_pages_back(tmp_path: Path) -> None:
    import os
    import sqlite3

    path = tmp_path / "library.db"
    with Library(path, cache_budget_bytes=1) as library:
        for n in range(30):
            library.put_page(make_page(f"https://www.cnas.org/p{n}", content=os.urandom(20_000)))
        assert library.evict() > 0
    # Before: PRAGMA incremental_vacuum through execute() freed a single page.
    assert sqlite3.connect(path).execute("PRAGMA freelist_count").fetchone()[0] == 0
