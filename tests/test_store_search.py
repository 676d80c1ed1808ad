"""Search as people meet it: long reports and common words, cancelling, CJK and invisible characters, and
items only seen on listings."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from store_helpers import make_article

from inkreader.model import Article, RelatedItem
from inkreader.store import CancelToken, Library, SearchCancelled
from inkreader.store.search import SNIPPET_SOURCE_CHARS, fts_query, make_snippet, parse_query

# Our own filler: lots of the most common English words, as a long report has them.
REPORT_SENTENCE = (
    "The board said that the review of the port and the state of the fleet were to be read in the spring, "
    "and that the cost of the plan was the first of the questions to be answered by the yard. "
)


def long_report(n: int = 900, size: int = 2_000_000) -> Article:
    body = REPORT_SENTENCE * (size // len(REPORT_SENTENCE))
    body += "\n\nIn closing, the zanzibarian dredging contract is discussed at last."
    return make_article(n, title="A very long report on yards", body=body, kind="report")


@pytest.fixture
def report_library(tmp_path: Path) -> Path:
    path = tmp_path / "home" / "library.db"
    path.parent.mkdir()
    with Library(path) as library:
        library.put_articles([make_article(n) for n in range(10)])
        library.put_article(long_report())
    return path


def test_a_word_typed_twice_counts_once() -> None:
    assert fts_query("the the") == '"the"'
    assert fts_query("The the THE the") == '"The"'
    assert fts_query('port "port" Port*') == '"port" "Port"*'


def test_common_words_over_a_2_mb_report_end_promptly_in_the_cli(run_cli, data_dir: Path) -> None:
    # Before: FTS5's snippet() scored every pair of matches in the body; these ran for minutes to hours.
    with Library(data_dir / "library.db") as library:
        library.put_articles([make_article(n) for n in range(10)])
        library.put_article(long_report())
    for query in ("the", "the the", "the the the the", "the of and to"):
        result = run_cli("search", query, "--json", timeout=60)
        assert result.returncode == 0, result.stderr
        hits = json.loads(result.stdout)
        report = [hit for hit in hits if hit["title"] == "A very long report on yards"]
        assert report and "**" in report[0]["snippet"], query
        assert len(report[0]["snippet"]) < 400


def test_snippets_come_from_a_bounded_prefix(report_library: Path) -> None:
    with Library(report_library) as library:
        hit = next(h for h in library.search("yard") if h.title == "A very long report on yards")
        assert "**yard**" in hit.snippet
        # A word only past the bounded prefix still finds the report; the snippet is its opening words.
        far = library.search("zanzibarian")
        assert [h.title for h in far] == ["A very long report on yards"]
        assert far[0].snippet.startswith("The board said") and "**" not in far[0].snippet


def test_make_snippet_looks_no_further_than_its_bound() -> None:
    text = "filler " * (SNIPPET_SOURCE_CHARS // 7 + 10) + "needle"
    assert "**" not in make_snippet(text, parse_query("needle"))
    assert make_snippet("one two needle three", parse_query("needle")) == "one two **needle** three"


def test_a_cancelled_search_stops_and_the_library_goes_on(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        library.put_articles([make_article(n) for n in range(400)])
        token = CancelToken()
        token.cancel()  # a newer query came: the stale one stops inside SQLite, not after it
        with pytest.raises(SearchCancelled):
            library.search("harbour", cancel=token)
        assert len(library.search("harbour", cancel=CancelToken())) == 50


def test_a_signal_during_a_search_interrupts_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM (which the CLI turns into KeyboardInterrupt) ends a running query instead of waiting for it."""
    calls: list[int] = []
    original = Library._progress

    def progress(self: Library) -> int:
        calls.append(1)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGTERM)  # arrives while SQLite is mid-query
        return original(self)

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with Library(tmp_path / "library.db") as library:
        library.put_articles([make_article(n) for n in range(400)])
        monkeypatch.setattr(Library, "_progress", progress)
        library._conn.set_progress_handler(library._progress, 1000)
        previous = signal.signal(signal.SIGTERM, terminate)
        try:
            with pytest.raises(KeyboardInterrupt):
                library.search("harbour")
        finally:
            signal.signal(signal.SIGTERM, previous)
        assert calls == [1]  # stopped at the first check, not at the end of the query
        assert len(library.search("harbour")) == 50  # and the library still works


# -- CJK and invisible characters ------------------------------------------------------------------------


def test_words_inside_cjk_runs_are_found(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        library.put_article(make_article(1, title="中国外交政策研究", body="本报告讨论中国外交政策的变化与地区安全。"))
        library.put_article(make_article(2, title="日本の防衛", body="日本の外交と防衛政策について述べる。"))
        library.put_article(make_article(3, title="한국 해양 전략", body="한국의해양전략과 동맹에 관한 보고서."))
        hits = library.search("外交政策")
        assert [h.url for h in hits] == [make_article(1).url]
        assert "**外交政策**" in hits[0].snippet
        assert {h.url for h in library.search("外交")} == {make_article(1).url, make_article(2).url}
        assert [h.url for h in library.search("防衛政策")] == [make_article(2).url]
        assert [h.url for h in library.search("해양전략")] == [make_article(3).url]
        assert [h.url for h in library.search("政策 security")] == []  # still AND across scripts
        assert [h.url for h in library.search("研究")] == [make_article(1).url]  # in the title only
        assert library.search("策研")[0].url == make_article(1).url  # any pair inside a run
        assert library.search("外政") == []  # not a pair in the text


def test_zero_width_characters_and_soft_hyphens_do_not_split_words(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        library.put_article(
            make_article(1, title="Ex\u200bport con\u00adtrols", body="Ship\u00adbuilding and dr\u200cones.")
        )
        library.put_article(make_article(2, body="Shipbuilding plain."))
        assert [h.url for h in library.search("export controls")] == [make_article(1).url]
        assert {h.url for h in library.search("shipbuilding")} == {make_article(1).url, make_article(2).url}
        assert [h.url for h in library.search("drones")] == [make_article(1).url]
        assert [h.url for h in library.search("a\u200bb ex\u200bport")] == []  # "ab export": no such word
        assert [h.url for h in library.search("ex\u200bport")] == [make_article(1).url]
        hit = next(h for h in library.search("shipbuilding") if h.url == make_article(1).url)
        assert hit.snippet.startswith("**Shipbuilding**")


# -- items seen on listings and related cards ------------------------------------------------------------


def _listing() -> Article:
    return Article(
        url="https://www.cnas.org/articles-multimedia",
        final_url="https://www.cnas.org/articles-multimedia",
        site="cnas",
        kind="listing",
        title="Articles and multimedia",
        markdown="- cards",
        related=[
            RelatedItem(
                url="https://www.cnas.org/publications/commentary/cheap-drones",
                title="Cheap Drones, Expensive Doctrine",
                kind="commentary",
                outlet="Inkwell",
                published="2026-03-02",
                summary="Why quadcopters upset procurement plans.",
                authors=["Ada Marlow"],
            ),
            RelatedItem(
                url="https://www.cnas.org/publications/reports/tidal", title="Tidal Power at Sea", kind="report"
            ),
        ],
    )


def test_titles_and_summaries_seen_on_listings_are_searchable(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        library.put_article(_listing())
        hits = library.search("drones")
        assert [(h.title, h.seen_only, h.saved) for h in hits] == [("Cheap Drones, Expensive Doctrine", True, False)]
        assert hits[0].kind == "commentary" and hits[0].outlet == "Inkwell" and hits[0].authors == ["Ada Marlow"]
        assert [h.seen_only for h in library.search("quadcopters")] == [True]  # the summary too
        assert "**quadcopters**" in library.search("quadcopters")[0].snippet
        assert library.search("drones", saved_only=True) == []
        # Once read, the piece itself answers (and is no longer "only seen").
        library.put_article(
            make_article(
                7,
                url="https://www.cnas.org/publications/commentary/cheap-drones",
                title="Cheap Drones, Expensive Doctrine",
                body="Quadcopters and budgets.",
            )
        )
        hits = library.search("drones")
        assert [(h.url, h.seen_only) for h in hits] == [
            ("https://www.cnas.org/publications/commentary/cheap-drones", False)
        ]


def test_a_card_seen_again_keeps_its_summary_and_takes_a_new_title(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        library.put_article(_listing())
        library.put_article(
            make_article(
                1,
                related=[
                    RelatedItem(
                        url="https://www.cnas.org/publications/commentary/cheap-drones",
                        title="Cheap Drones, Dear Doctrine",
                    )
                ],
            )
        )
        hits = library.search("quadcopters")
        assert [h.title for h in hits] == ["Cheap Drones, Dear Doctrine"]
        assert library.search("expensive") == []


def test_search_json_keeps_its_fields_and_marks_seen_items(run_cli, data_dir: Path) -> None:
    with Library(data_dir / "library.db") as library:
        library.put_article(_listing())
        library.put_article(make_article(1, title="Drones over the harbour"))
    result = run_cli("search", "drones", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert {"url", "title", "snippet", "outlet", "published", "authors", "saved"} <= set(hits[0])
    assert [(h["title"], h["seen_only"]) for h in hits] == [
        ("Drones over the harbour", False),
        ("Cheap Drones, Expensive Doctrine", True),
    ]
    text = run_cli("search", "drones")
    assert "not read yet" in text.stdout.splitlines()[2]


def test_a_library_of_the_first_schema_gains_the_new_index(tmp_path: Path) -> None:
    """A library written before this step: its pieces are found by CJK words and its cards by title."""
    import sqlite3

    from inkreader.store import schema

    path = tmp_path / "library.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in schema._statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("""INSERT INTO articles (id, url, final_url, title, codec, record, stored_size, stored_at,
                    accessed_at) VALUES (1, 'https://a.example/1', 'https://a.example/1', '中国外交政策', 'none',
                    '{}', 1, 'now', 'now')""")
    conn.execute(
        "INSERT INTO article_fts (rowid, title, authors, outlet, body) "
        "VALUES (1, '中国外交政策', '', '', 'ex\u200bport rules')"
    )
    conn.execute(
        "INSERT INTO related (article_id, position, url, title, summary) VALUES "
        "(1, 0, 'https://a.example/drones', 'Cheap Drones', 'Quadcopters again.')"
    )
    conn.close()
    with Library(path) as library:
        assert [h.url for h in library.search("外交")] == ["https://a.example/1"]
        assert [h.url for h in library.search("export")] == ["https://a.example/1"]
        assert [(h.url, h.seen_only) for h in library.search("drones")] == [("https://a.example/drones", True)]
        library.put_article(make_article(1))  # writes go to the new index
        assert [h.url for h in library.search("harbour")] == [make_article(1).url]


def test_beyond_500_matches_title_matches_then_the_newest_come_first(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        # Every body says "harbour"; rowid order is the order pieces were first stored.
        library.put_articles([make_article(n, outlet="Gazette") for n in range(505)])
        library.put_article(make_article(300, title="Harbour dues and the port budget", outlet="Gazette"))
        library.put_article(make_article(9999, title="Another piece", outlet="Gazette"))
        hits = library.search("harbour", limit=5)
        assert [h.url for h in hits] == [make_article(n).url for n in (300, 9999, 504, 503, 502)]
        assert all("**" in h.snippet for h in hits)
