"""``export_saved``: Markdown files with YAML front matter, idempotent, never clobbering edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from store_helpers import make_article

from inkreader.export import MANIFEST_NAME, ExportError, export_saved, slugify, yaml_string
from inkreader.store import Library


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


@pytest.fixture
def lib(tmp_path: Path):
    library = Library(tmp_path / "library.db")
    yield library
    library.close()


TRICKY_TITLES = [
    'Port diplomacy: a "new" era',
    "- leading dash: and # hash",
    "Yes",  # YAML 1.1 would read a bare Yes as true
    "null",
    "'single' quotes & [brackets] {braces} *stars* | pipes > folds %percent @at `tick`",
    "Zoë Müller on Česko — ‘smart’ quotes…",
    "Line\u2028separator and tab\there",
]


def test_front_matter_parses_back(lib: Library, tmp_path: Path) -> None:
    for n, title in enumerate(TRICKY_TITLES):
        authors = ["Ada Marlow", 'O\'Brien: "Jr"'] if n % 2 else []
        lib.put_article(
            make_article(
                n,
                title=title,
                authors=authors,
                outlet=None if n == 2 else "Outlet: X",
                published=None if n == 3 else "2024-03-05",
            )
        )
        lib.save(make_article(n).url)
    report = export_saved(lib, tmp_path / "out")
    assert report.written == len(TRICKY_TITLES) and not report.skipped and not report.unchanged
    seen = {}
    for name in report.written_files:
        meta, body = _front_matter(tmp_path / "out" / name)
        seen[meta["url"]] = (meta, body)
    for n, title in enumerate(TRICKY_TITLES):
        meta, body = seen[make_article(n).url]
        assert meta["title"] == " ".join(title.split())  # one line: tabs, line separators become spaces
        assert meta["authors"] == (["Ada Marlow", 'O\'Brien: "Jr"'] if n % 2 else [])
        assert meta["outlet"] == (None if n == 2 else "Outlet: X")
        assert meta["published"] == (None if n == 3 else "2024-03-05")
        assert meta["tags"] == [] and isinstance(meta["saved_at"], str)
        assert "shipping lanes" in body and body.lstrip().startswith("# ")


def test_yaml_string_round_trips() -> None:
    for value in [*TRICKY_TITLES, "", "back\\slash", "a\nb", "\x07bell", "\ufeffbom"]:
        assert yaml.safe_load(f"k: {yaml_string(value)}")["k"] == value
    assert yaml_string(None) == "null"


def test_rerun_changes_nothing(lib: Library, tmp_path: Path) -> None:
    for n in range(3):
        lib.put_article(make_article(n))
        lib.save(make_article(n).url)
    out = tmp_path / "out"
    first = export_saved(lib, out)
    assert first.written == 3 and len(first.written_files) == 3
    old = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()}
    for path in out.iterdir():  # make any rewrite visible in the mtime
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    second = export_saved(lib, out)
    assert second.written == 0 and sorted(second.unchanged_files) == sorted(first.written_files)
    assert second.skipped == []
    for path in out.iterdir():
        assert path.stat().st_mtime_ns == 1_000_000_000 and path.read_bytes() == old[path.name][1]
    assert second.summary() == "0 written, 3 unchanged, 0 skipped"


def test_names_are_stable_slugs_with_hash_on_collision(lib: Library, tmp_path: Path) -> None:
    for n in range(2):
        lib.put_article(make_article(n, title="Same Title: Ports!"))
        lib.save(make_article(n).url)
    report = export_saved(lib, tmp_path / "out")
    names = sorted(report.written_files, key=len)
    assert names[0] == "same-title-ports.md"  # the piece saved first keeps the plain slug
    assert names[1].startswith("same-title-ports-") and len(names[1]) == len("same-title-ports-") + 7 + 3
    # The newer save keeps its hashed name even after the first piece is unsaved (looked up by URL).
    lib.unsave(make_article(0).url)
    again = export_saved(lib, tmp_path / "out")
    assert again.unchanged_files == [names[1]] and again.written == 0
    assert slugify("Zoë Müller — ‘Smart’ ports") == "zoe-muller-smart-ports"
    assert slugify("!!!") == "untitled" and len(slugify("word " * 100)) <= 80


def test_user_edits_are_never_overwritten(lib: Library, tmp_path: Path) -> None:
    lib.put_article(make_article(1))
    lib.save(make_article(1).url)
    out = tmp_path / "out"
    name = export_saved(lib, out).written_files[0]
    edited = (out / name).read_text() + "\nMy own notes.\n"
    (out / name).write_text(edited)
    lib.put_article(make_article(1, body="A much longer new body. " * 200))
    report = export_saved(lib, out)
    assert report.written == 0 and len(report.skipped) == 1 and name in report.skipped[0]
    assert (out / name).read_text() == edited


def test_shorter_copy_does_not_overwrite(lib: Library, tmp_path: Path) -> None:
    lib.put_article(make_article(1, body="Long body about harbours. " * 100))
    lib.save(make_article(1).url)
    out = tmp_path / "out"
    name = export_saved(lib, out).written_files[0]
    before = (out / name).read_bytes()
    lib.put_article(make_article(1, body="Cut."))  # e.g. the outlet now shows a paywall preview
    report = export_saved(lib, out)
    assert report.written == 0 and "shorter" in report.skipped[0]
    assert (out / name).read_bytes() == before


def test_longer_copy_replaces_our_own_file(lib: Library, tmp_path: Path) -> None:
    lib.put_article(make_article(1, body="Short body."))
    lib.save(make_article(1).url)
    out = tmp_path / "out"
    name = export_saved(lib, out).written_files[0]
    lib.put_article(make_article(1, body="Now the full article arrived. " * 50))
    report = export_saved(lib, out)
    assert report.written_files == [name]
    assert "full article arrived" in (out / name).read_text()


def test_someone_elses_file_with_the_same_name_is_kept(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "piece-number-1-on-maritime-strategy.md").write_text("my unrelated notes\n")
    lib.put_article(make_article(1))
    lib.save(make_article(1).url)
    report = export_saved(lib, out)
    assert report.written_files[0].startswith("piece-number-1-on-maritime-strategy-")
    assert (out / "piece-number-1-on-maritime-strategy.md").read_text() == "my unrelated notes\n"
    assert (out / MANIFEST_NAME).exists()


def test_export_into_a_file_path_is_a_clear_error(lib: Library, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    lib.put_article(make_article(1))
    lib.save(make_article(1).url)
    with pytest.raises(ExportError) as caught:
        export_saved(lib, target)
    assert str(target) in str(caught.value) and "\n" not in str(caught.value)


def test_nothing_saved_exports_nothing(lib: Library, tmp_path: Path) -> None:
    report = export_saved(lib, tmp_path / "out")
    assert (report.written, report.unchanged, report.skipped) == (0, 0, [])
