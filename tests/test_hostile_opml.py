"""OPML nested thousands deep: folders are bounded at import, and export never recurses (a library holding a
deep folder from before still exports)."""

from __future__ import annotations

import json
from pathlib import Path

import listparser

from inkreader.model import Source
from inkreader.sources.opml import (
    MAX_FOLDER_CHARS,
    MAX_FOLDER_DEPTH,
    MAX_FOLDER_PART,
    folder_path,
    read_opml,
    write_opml,
)


def nested_opml(levels: int, name: str = "d") -> str:
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>Deep</title></head><body>'
        + f'<outline text="{name}">' * levels
        + '<outline type="rss" text="Bottom" xmlUrl="https://deep.example/feed.xml"/>'
        + "</outline>" * levels
        + '<outline type="rss" text="Top" xmlUrl="https://top.example/feed.xml"/></body></opml>'
    )


def test_import_of_5000_nested_outlines_keeps_a_bounded_folder_and_export_works(run_cli, tmp_path: Path) -> None:
    file = tmp_path / "deep.opml"
    file.write_text(nested_opml(5000))
    imported = run_cli("sources", "import", str(file))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 2 sources" in imported.stdout
    listed = {source["name"]: source for source in json.loads(run_cli("sources", "--json").stdout)}
    assert set(listed) == {"Bottom", "Top"}
    exported = run_cli("sources", "export")
    assert exported.returncode == 0, exported.stderr
    again = read_opml(exported.stdout.encode())
    folders = {feed.title: feed.folder for feed in again.feeds}
    assert folders["Top"] is None
    assert folders["Bottom"] == "/".join(["d"] * MAX_FOLDER_DEPTH)


def test_a_deep_folder_already_in_the_library_still_exports() -> None:
    """Stored before folders were bounded: 5,000 levels, 9,999 characters."""
    deep = Source(name="Deep", url="https://deep.example/", feed_url="https://deep.example/feed.xml", kind="feed")
    deep.folder = "/".join(["d"] * 5000)
    text = write_opml([deep])
    assert text.count("<outline text=") == 5000 and text.count("</outline>") == 5000
    assert listparser.parse(text.encode())["feeds"][0]["url"] == "https://deep.example/feed.xml"


def test_folder_names_are_bounded_and_slashes_stay_in_one_name() -> None:
    assert folder_path(["Think tanks", "Defense/Security"]) == "Think tanks/Defense\u2215Security"
    assert folder_path(["x" * 5000]) == "x" * MAX_FOLDER_PART
    long = folder_path(["y" * MAX_FOLDER_PART] * MAX_FOLDER_DEPTH)
    assert long is not None and len(long) <= MAX_FOLDER_CHARS
    assert long.count("/") == 1  # two 100-character names fit in 300, three do not
    assert folder_path(["", "  ", "a"]) == "a"
    assert folder_path([]) is None
