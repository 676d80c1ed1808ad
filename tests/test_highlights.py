"""Highlights, notes and tags through the Reader: stored in the library, re-anchored, pinned, searchable."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from store_helpers import integrity, make_article

from inkreader.config import Settings, resolve_paths
from inkreader.errors import HasHighlights, InkreaderError
from inkreader.reader import Reader
from inkreader.store import Library, LibraryReadOnly
from inkreader.store import schema as schema_module

BODY = (
    "The harbour authority published its review of port diplomacy on a grey Tuesday.\n\n"
    "Officials argued that [shipping lanes](https://example.org/lanes) shape **alliances** more than "
    "summits do, and that sanctions enforcement depends on who runs the cranes.\n\n"
    "A closing paragraph says insurers and flag registries decide more than admirals.\n"
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def reader_for(home: Path) -> Reader:
    return Reader(resolve_paths(home).ensure(), settings=Settings(start_url="", host_delay_seconds=0.0), offline=True)


@pytest.fixture
def reader(home: Path):
    reader = reader_for(home)
    reader.library.put_article(make_article(1, body=BODY))
    reader.library.put_article(make_article(2, body="Another piece on grain corridors and referees."))
    yield reader
    reader.library.close()


URL = make_article(1).url


def highlight_text(reader: Reader, text: str, note: str = ""):
    doc = reader.document(URL)
    start = doc.text.index(text)
    return reader.add_highlight(URL, start, start + len(text), note=note)


def test_a_highlight_is_stored_with_its_selector_and_survives_reopening(reader: Reader, home: Path) -> None:
    made = highlight_text(reader, "shipping lanes shape alliances", note="Key claim.")
    assert made.quote == "shipping lanes shape alliances" and made.note == "Key claim."
    assert made.prefix.endswith("Officials argued that ") and made.suffix.startswith(" more than")
    assert (made.block, made.start, made.end_block) == (1, 22, 1) and made.end == 22 + len(made.quote)
    assert made.created and made.updated == made.created and not made.detached
    reader.library.close()
    again = reader_for(home)
    (stored,) = again.highlights(URL)
    assert stored.quote == made.quote and stored.note == "Key claim." and stored.id == made.id
    assert stored.to_json().keys() >= {"url", "title", "quote", "note", "tags", "created", "detached"}
    assert stored.title == make_article(1).title
    again.library.close()


def test_re_anchoring_after_the_page_changed(reader: Reader) -> None:
    claim = highlight_text(reader, "sanctions enforcement depends on who runs the cranes")
    closing = highlight_text(reader, "insurers and flag registries decide more than admirals")
    changed = BODY.replace("Officials argued", "A paragraph added before the quote.\n\nOfficials argued").replace(
        "A closing paragraph says insurers and flag registries decide more than admirals.",
        "In the end, underwriters and ship registers matter above naval officers.",
    )
    reader.library.put_article(make_article(1, body=changed))
    placed = {h.id: h for h in reader.highlights(URL)}
    assert placed[claim.id].block == 2 and not placed[claim.id].detached  # moved down one block
    assert placed[closing.id].detached and placed[closing.id].block is None  # reworded: kept, detached
    listed = reader.all_highlights()
    assert [h.detached for h in listed] == [False, True]  # detached listed last, never dropped
    # The text comes back: the highlight is placed again.
    reader.library.put_article(make_article(1, body=BODY))
    assert not any(h.detached for h in reader.highlights(URL))


def test_placements_are_stored_so_the_next_open_does_not_parse(reader: Reader, monkeypatch) -> None:
    highlight_text(reader, "grey Tuesday")
    reader.library.put_article(make_article(1, body="New first paragraph.\n\n" + BODY))
    assert reader.highlights(URL)[0].block == 1
    import inkreader.annotate as annotate

    monkeypatch.setattr(annotate, "document_text", lambda markdown: pytest.fail("parsed again"))
    assert reader.highlights(URL)[0].block == 1


def test_all_highlights_updates_detached_for_pieces_changed_since(reader: Reader) -> None:
    highlight_text(reader, "grey Tuesday")
    reader.library.put_article(make_article(1, body="Entirely different words now."))
    (listed,) = reader.all_highlights()
    assert listed.detached


def test_notes_are_plain_text_kept_as_typed(reader: Reader) -> None:
    note = "[bold]not markup[/] **stars** <b>tags</b> \x1b[31mred\x1b[0m \\n and\nsecond line"
    made = highlight_text(reader, "grey Tuesday", note=note)
    assert reader.highlights(URL)[0].note == note
    edited = reader.set_note(made.id, "  changed  ")
    assert edited.note == "changed" and edited.updated >= made.updated
    assert reader.delete_highlight(made.id) and reader.highlights(URL) == []
    with pytest.raises(InkreaderError):
        reader.set_note(made.id, "gone")


def test_an_empty_selection_or_unknown_piece_is_refused(reader: Reader) -> None:
    with pytest.raises(InkreaderError, match="Select some text"):
        reader.add_highlight(URL, 5, 5)
    with pytest.raises(InkreaderError, match="not in the library"):
        reader.add_highlight("https://www.cnas.org/nowhere", 0, 4)


async def test_a_typed_quote_is_found_or_refused(reader: Reader) -> None:
    made = await reader.add_highlight_quote(URL, "SHIPPING lanes  shape alliances", note="n")
    assert made.quote == "shipping lanes shape alliances"
    with pytest.raises(InkreaderError, match="not in"):
        await reader.add_highlight_quote(URL, "words that appear nowhere in this piece at all")


def test_a_piece_with_highlights_or_tags_is_never_evicted(home: Path) -> None:
    reader = reader_for(home)
    library = reader.library
    for n in range(1, 6):
        library.put_article(make_article(n, body=BODY * 20))
    highlight_text(reader, "grey Tuesday")
    reader.set_tags(make_article(2).url, "kept")
    library.cache_budget_bytes = 1
    library.evict()
    assert library.get_article(URL) is not None and library.get_article(make_article(2).url) is not None
    assert library.get_article(make_article(3).url) is None  # an ordinary cached piece goes
    assert integrity(library.path) == "ok"
    library.close()


def test_unsaving_a_piece_with_highlights_asks_first(reader: Reader) -> None:
    reader.library.save(URL)
    highlight_text(reader, "grey Tuesday", note="mine")
    with pytest.raises(HasHighlights) as raised:
        reader.unsave(URL)
    assert raised.value.count == 1 and reader.is_saved(URL)
    assert reader.unsave(URL, force=True) and not reader.is_saved(URL)
    assert reader.highlights(URL)[0].note == "mine"  # kept, and the piece with it
    reader.library.save(make_article(2).url)
    assert reader.unsave(make_article(2).url)  # no highlights: no question


def test_tags_add_remove_complete_and_filter(reader: Reader) -> None:
    other = make_article(2).url
    assert reader.set_tags(URL, " Maritime ,  port   security, maritime,, ") == ["Maritime", "port security"]
    assert reader.tags(URL) == ["Maritime", "port security"]
    reader.set_tags(other, ["maritime"])
    assert reader.tags_in_use()[0] == ("Maritime", 2)
    assert {e.url for e in reader.tagged("MARITIME")} == {URL, other}
    assert [e.url for e in reader.tagged("port security")] == [URL]
    assert reader.set_tags(URL, "") == [] and reader.tagged("port security") == []


async def test_search_covers_highlights_notes_and_tags(reader: Reader) -> None:
    highlight_text(reader, "grey Tuesday", note="Remember the quayside inspection regime")
    reader.set_tags(make_article(2).url, "corridors, wheat")
    hits = reader.search("quayside")
    assert [h.url for h in hits] == [URL] and "**quayside**" in hits[0].snippet
    assert [h.url for h in reader.search("wheat")] == [make_article(2).url]
    assert [h.url for h in reader.search("tag:wheat")] == [make_article(2).url]
    assert reader.search("tag:wheat")[0].snippet == "Tags: corridors, wheat"
    assert [h.url for h in reader.search("tag:wheat grain")] == [make_article(2).url]
    assert reader.search("tag:wheat Tuesday") == []
    assert reader.search('tag:"no such tag"') == []
    assert {h.url for h in reader.search("admirals")} == {URL}  # the text itself is still searched


def test_old_library_gains_the_tables_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library(path) as library:
        library.put_article(make_article(1, body=BODY))
        library.save(URL)
    conn = sqlite3.connect(path)  # back to the version before highlights: what an older inkreader left
    before = schema_module.MIGRATIONS.index(schema_module._ANNOTATIONS)
    for statement in (
        "DROP VIEW pinned_articles",
        "DROP TABLE annotation_fts",
        "DROP TABLE tags",
        "DROP TABLE highlights",
        f"PRAGMA user_version = {before}",
    ):
        conn.execute(statement)
    conn.commit()
    conn.close()
    with Library(path) as library:
        assert library.is_saved(URL)
    conn = sqlite3.connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"highlights", "tags", "annotation_fts", "pinned_articles"} <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_module.SCHEMA_VERSION


def test_a_read_only_library_refuses_highlights_clearly(reader: Reader, home: Path) -> None:
    highlight_text(reader, "grey Tuesday")
    reader.library.close()
    path = resolve_paths(home).library_file
    readonly = reader_for(home)
    readonly._library = _read_only_library(path)
    assert readonly.highlights(URL)[0].quote == "grey Tuesday"
    with pytest.raises(LibraryReadOnly):
        readonly.add_highlight(URL, 0, 3)
    readonly._library.close()


def _read_only_library(path: Path) -> Library:
    library = Library(path)
    library.read_only = True
    library.read_only_reason = "read-only for the test"
    return library


def test_highlight_json_contract(reader: Reader) -> None:
    made = highlight_text(reader, "grey Tuesday", note="n")
    reader.set_tags(URL, "a, b")
    (listed,) = reader.all_highlights()
    data = listed.to_json()
    assert {k: data[k] for k in ("url", "title", "quote", "note", "tags", "detached")} == {
        "url": URL,
        "title": make_article(1).title,
        "quote": "grey Tuesday",
        "note": "n",
        "tags": ["a", "b"],
        "detached": False,
    }
    assert data["created"] == made.created
    assert dataclasses.asdict(listed)["id"] == made.id
