"""The library against hostile surroundings: another program holding the write lock, a directory where the
file should be, text that UTF-8 cannot hold."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import make_article, make_page

from inkreader.store import Library, LibraryBusy, LibraryReadOnly
from server import FixtureServer, respond

BUSY = "the library is busy: another program is writing to it"

PAGE = """<!doctype html><html><head><title>Tides of procurement | Example</title></head><body>
<article><h1>Tides of procurement</h1><p>Budget cycles move like tides: slow, then all at once. Our own test
prose says so in a paragraph long enough to be taken for the article's body by any extractor at all.</p>
<p>A second paragraph adds the cranes, the ledgers and the long afternoons of the committee.</p></article>
</body></html>"""


@pytest.fixture
def locked_library(data_dir: Path) -> Iterator[Path]:
    """A library with one saved piece, while a second process holds a write transaction on it."""
    path = data_dir / "library.db"
    with Library(path) as library:
        library.put_article(make_article(1))
        library.put_page(make_page(make_article(1).url))
    code = """
        import sqlite3, sys
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO history (url, visited_at) VALUES ('https://x.example/', 'now')")
        print("locked", flush=True)
        sys.stdin.read()  # hold the lock until the test closes our stdin
        conn.execute("ROLLBACK")
    """
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield path
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_busy_library_says_so_promptly_and_reading_still_works(run_cli, locked_library: Path) -> None:
    url = make_article(1).url
    # Before: each write waited 5 s and retried 4 times (reads 29-52 s, saves 53 s); now ~1.5 s and a clear line.
    read = run_cli("--offline", "read", url, timeout=25)
    assert read.returncode == 0, read.stderr
    assert "Piece number 1 on maritime strategy" in read.stdout
    assert BUSY in read.stderr and "Traceback" not in read.stderr
    save = run_cli("--offline", "save", url, timeout=25)
    assert save.returncode == 1 and BUSY in save.stderr and "Saved" not in save.stdout
    listing = run_cli("list", "--history", timeout=25)
    assert listing.returncode == 0  # reading the lists is not blocked by a writer (WAL)
    search = run_cli("search", "harbour", timeout=25)
    assert search.returncode == 0 and "Piece number 1" in search.stdout


def test_a_busy_write_raises_library_busy(locked_library: Path) -> None:
    with Library(locked_library) as library:
        with pytest.raises(LibraryBusy, match=BUSY):
            library.save(make_article(1).url)
        assert library.get_article(make_article(1).url) is not None
        library.touch_page(make_article(1).url, "2026-01-01T00:00:00+00:00")  # a timestamp: skipped, no error
    with Library(locked_library) as library:
        assert not library.is_saved(make_article(1).url)


def test_a_directory_in_place_of_the_library_reads_with_one_note(
    run_cli, data_dir: Path, server: FixtureServer
) -> None:
    (data_dir / "library.db").mkdir()
    url = server.route("/tides", lambda request: respond(request, 200, PAGE.encode()))
    result = run_cli("read", url)
    assert result.returncode == 0, result.stderr
    assert "Budget cycles move like tides" in result.stdout
    notes = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(notes) == 1 and "is a directory" in notes[0] and "unexpected" not in notes[0], result.stderr
    listing = run_cli("list")
    assert listing.returncode == 1 and "is a directory" in listing.stderr and "unexpected" not in listing.stderr
    assert (data_dir / "library.db").is_dir()  # left as it was


def test_opening_a_directory_is_a_read_only_error(tmp_path: Path) -> None:
    (tmp_path / "library.db").mkdir()
    with pytest.raises(LibraryReadOnly, match="is a directory"):
        Library(tmp_path / "library.db")


def test_lone_surrogates_are_stored_as_replacement_characters(tmp_path: Path) -> None:
    from inkreader.model import RelatedItem

    bad = "Surrogate \ud800 headline"
    article = make_article(
        1,
        title=bad,
        authors=["Ada \udfff Marlow"],
        outlet="Out\ud83dlet",
        summary=bad,
        related=[RelatedItem(url="https://www.cnas.org/r\udc00", title=bad, summary=bad)],
    )
    with Library(tmp_path / "library.db") as library:
        library.put_article(article)  # before: UnicodeEncodeError from the row encoding
        library.put_page(make_page(article.url, headers={"x-bad": "v\ud800"}, etag='"\udc00"'))
        library.add_history("https://www.cnas.org/h\ud800")
        library.save(article.url)
        stored = library.get_article(article.url)
        assert stored is not None
        assert stored.title == "Surrogate \ufffd headline" and stored.authors == ["Ada \ufffd Marlow"]
        assert stored.summary == "Surrogate \ufffd headline" and stored.related[0].title == stored.title
        assert library.get_page(article.url).headers["x-bad"] == "v\ufffd"
        assert library.search("surrogate")[0].url == article.url
        assert library.search("surrogate \ud800") is not None
        json.dumps([h.to_json() for h in library.search("surrogate")]).encode("utf-8")
        assert library.list_history()[0].url == "https://www.cnas.org/h\ufffd"
