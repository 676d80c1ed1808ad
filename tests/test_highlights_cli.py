"""The installed command: highlight, highlights, tag, list --tag, search tag:, unsave --force, export, over real
HTTP against the loopback fixture server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from server import FixtureServer, respond

FULL = "/publications/commentary/grain-corridor-referee"
REPORT = "/publications/reports/cables-under-pressure"
QUOTE = "the two tallies have drifted apart by almost a fifth"


def one_line_failure(result, fragment: str = "") -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("inkreader: "), result.stderr
    assert fragment.lower() in lines[0].lower()


def test_highlight_note_list_edit_delete(run_cli, site_server: FixtureServer) -> None:
    url = site_server.url(FULL)
    made = run_cli(
        "highlight",
        url,
        "The Two Tallies have drifted  apart by almost a fifth",
        "--note",
        "Check the *real* figures \x1b[31m[bold]now[/]",
    )
    assert made.returncode == 0, made.stderr
    assert f"“{QUOTE}”" in made.stdout
    assert "Check the *real* figures ␛[31m[bold]now[/]" in made.stdout  # plain text, shown literally
    assert "\x1b" not in made.stdout
    data = json.loads(run_cli("highlights", "--json").stdout)
    assert len(data) == 1
    entry = data[0]
    assert {k: entry[k] for k in ("url", "title", "quote", "note", "tags", "detached")} == {
        "url": url,
        "title": "The Grain Corridor Compact Needs a Referee",
        "quote": QUOTE,
        "note": "Check the *real* figures \x1b[31m[bold]now[/]",
        "tags": [],
        "detached": False,
    }
    assert entry["created"]
    listed = run_cli("highlights")
    assert listed.returncode == 0 and "The Grain Corridor Compact Needs a Referee" in listed.stdout
    assert f"[{entry['id']}] “{QUOTE}”" in listed.stdout
    edited = run_cli("highlight", "--edit", str(entry["id"]), "--note", "Plain now.")
    assert edited.returncode == 0 and json.loads(run_cli("highlights", "--json").stdout)[0]["note"] == "Plain now."
    assert run_cli("highlight", "--delete", str(entry["id"])).returncode == 0
    assert json.loads(run_cli("highlights", "--json").stdout) == []
    one_line_failure(run_cli("highlight", "--delete", str(entry["id"])), "no highlight")
    one_line_failure(run_cli("highlight", url, "a passage this piece never contains"), "not in")


def test_highlight_usage_errors(run_cli) -> None:
    for args in (
        ("highlight",),
        ("highlight", "https://x.example/a"),
        ("highlight", "--edit", "3"),
        ("highlight", "--delete", "x"),
        ("tag", "--remove", "a"),
        ("export",),
    ):
        result = run_cli(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args


def test_tags_list_and_search(run_cli, site_server: FixtureServer) -> None:
    full, report = site_server.url(FULL), site_server.url(REPORT)
    assert run_cli("tag", full, "grain, referees", "Verrin Sea").stdout == "grain, referees, Verrin Sea\n"
    assert run_cli("tag", report, "verrin sea").returncode == 0
    assert run_cli("tag", full, "--remove", "referees").stdout == "grain, Verrin Sea\n"
    assert run_cli("tag", full).stdout == "grain, Verrin Sea\n"
    assert run_cli("tag").stdout.splitlines()[0] == "Verrin Sea (2)"
    tagged = json.loads(run_cli("list", "--tag", "VERRIN SEA", "--json").stdout)
    assert {entry["url"] for entry in tagged} == {full, report}
    assert "Nothing tagged" in run_cli("list", "--tag", "nothing").stdout
    by_tag = json.loads(run_cli("search", 'tag:"verrin sea"', "--json").stdout)
    assert {hit["url"] for hit in by_tag} == {full, report}
    narrowed = json.loads(run_cli("search", "tag:grain secretariat", "--json").stdout)
    assert [hit["url"] for hit in narrowed] == [full]
    assert run_cli("highlight", report, "Download the Full Report", "--note", "quayside reminder").returncode == 0
    found = json.loads(run_cli("search", "quayside", "--json").stdout)
    assert [hit["url"] for hit in found] == [report]


def test_unsave_asks_first_when_the_piece_has_highlights(run_cli, site_server: FixtureServer) -> None:
    url = site_server.url(FULL)
    assert run_cli("save", url).returncode == 0
    run_cli("highlight", url, QUOTE)
    refused = run_cli("unsave", url)
    one_line_failure(refused, "--force")
    assert "1 highlight" in refused.stderr
    assert json.loads(run_cli("list", "--json").stdout)[0]["url"] == url
    forced = run_cli("unsave", "--force", url)
    assert forced.returncode == 0 and json.loads(run_cli("list", "--json").stdout) == []
    assert json.loads(run_cli("highlights", "--json").stdout)[0]["quote"] == QUOTE  # kept


def test_export_puts_highlights_notes_and_tags_in_the_files(
    run_cli, site_server: FixtureServer, tmp_path: Path
) -> None:
    url = site_server.url(FULL)
    run_cli("save", url)
    run_cli("highlight", url, QUOTE, "--note", "Line one <b>\n# not a heading")
    run_cli("highlight", url, "A small secretariat")
    run_cli("tag", url, "grain", "referees: yes")
    out = tmp_path / "out"
    first = run_cli("export", str(out), "--highlights", str(tmp_path / "highlights.md"))
    assert first.returncode == 0, first.stderr
    (piece,) = out.glob("*.md")
    text = piece.read_text(encoding="utf-8")
    head, body = text[4:].split("\n---\n", 1)
    assert yaml.safe_load(head)["tags"] == ["grain", "referees: yes"]
    section = body[body.index("## Highlights") :]
    assert section.index(f"> {QUOTE}") < section.index("Line one \\<b\\>\\\n\\# not a heading")
    assert section.index("Line one") < section.index("> A small secretariat")  # note under its quote
    collected = (tmp_path / "highlights.md").read_text(encoding="utf-8")
    assert collected.startswith("# Highlights\n\n## The Grain Corridor Compact Needs a Referee\n")
    assert f"<{url}>" in collected and "Tags: grain, referees: yes" in collected and f"> {QUOTE}" in collected
    stamps = piece.stat().st_mtime_ns, (tmp_path / "highlights.md").stat().st_mtime_ns
    again = run_cli("export", str(out), "--highlights", str(tmp_path / "highlights.md"))
    assert again.returncode == 0 and "1 unchanged" in again.stdout and "Unchanged:" in again.stdout
    assert (piece.stat().st_mtime_ns, (tmp_path / "highlights.md").stat().st_mtime_ns) == stamps
    one_line_failure(run_cli("export", "--highlights", str(tmp_path)), "directory")


def test_export_includes_highlighted_and_tagged_pieces_that_were_never_saved(
    run_cli, site_server: FixtureServer, tmp_path: Path
) -> None:
    url = site_server.url(FULL)
    assert run_cli("read", url).returncode == 0  # read, never saved
    run_cli("highlight", url, QUOTE, "--note", "for the memo")
    out = tmp_path / "out"
    first = run_cli("export", str(out))
    assert first.returncode == 0, first.stderr
    (piece,) = out.glob("*.md")
    text = piece.read_text(encoding="utf-8")
    head, body = text[4:].split("\n---\n", 1)
    assert yaml.safe_load(head)["saved_at"] is None
    assert f"> {QUOTE}" in body and "for the memo" in body
    assert json.loads(run_cli("list", "--json").stdout) == []  # exporting saves nothing


PAGE = """<html><head><title>{title}</title><meta property="og:site_name" content="Harbor Notes"></head>
<body><article><h1>{title}</h1><p class="byline">By Ada Marlow</p>{paragraphs}</article></body></html>"""
ORIGINAL = [
    "Harbour pilots say the new berths cut waiting times in half during the spring season.",
    "The port authority will publish its tonnage figures every week from June onwards, officials said.",
    "Critics argue the dredging budget was spent before the environmental review was complete.",
]


def test_re_anchoring_after_the_page_changed_over_http(run_cli, server: FixtureServer) -> None:
    version = {"paragraphs": ORIGINAL}

    def page(request) -> None:
        paragraphs = "".join(f"<p>{text}</p>" for text in version["paragraphs"])
        respond(request, 200, PAGE.format(title="Berths and budgets at the harbour", paragraphs=paragraphs))

    url = server.route("/harbor/berths", page)
    assert run_cli("highlight", url, "publish its tonnage figures every week").returncode == 0
    assert run_cli("highlight", url, "dredging budget was spent before the environmental review").returncode == 0
    # A paragraph inserted before the first quote, and the second quote's paragraph reworded.
    version["paragraphs"] = [
        ORIGINAL[0],
        "A new paragraph about the harbour master arrives here.",
        ORIGINAL[1],
        "Opponents say money for deepening the channel went out ahead of any assessment.",
    ]
    assert run_cli("read", url).returncode == 0
    listed = {h["quote"]: h for h in json.loads(run_cli("highlights", "--json").stdout)}
    assert listed["publish its tonnage figures every week"]["detached"] is False
    assert listed["dredging budget was spent before the environmental review"]["detached"] is True
    assert "detached" in run_cli("highlights").stdout


KILLED_WRITER = """
import sys
from store_helpers import make_article
from inkreader.config import Settings, resolve_paths
from inkreader.reader import Reader

reader = Reader(resolve_paths(sys.argv[1]).ensure(), settings=Settings(start_url=""), offline=True)
article = make_article(1, body=" ".join(f"Sentence number {n} of the piece." for n in range(400)))
reader.library.put_article(article)
doc = reader.document(article.url)
for n in range(400):
    start = doc.text.index(f"Sentence number {n} ")
    reader.add_highlight(article.url, start, start + 20, note=f"note {n}")
    reader.set_tags(article.url, [f"t{n}"])
    print(n, flush=True)
"""


def test_highlights_survive_a_killed_writer(tmp_path: Path) -> None:
    # Every highlight and tag write is one transaction: killed at any moment, the library is sound and holds
    # every highlight it said it committed, each with its note, and the search index agrees.
    import signal
    import sqlite3
    import subprocess
    import sys

    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(home)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    committed = [int(child.stdout.readline()) for _ in range(25)]
    child.send_signal(signal.SIGKILL)
    child.wait()
    conn = sqlite3.connect(next(home.rglob("library.db")))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT quote, note FROM highlights ORDER BY id").fetchall()
    assert len(rows) >= len(committed)
    for n, (quote, note) in enumerate(rows):
        assert quote.startswith(f"Sentence number {n}") and note == f"note {n}"
    indexed = conn.execute("SELECT notes FROM annotation_fts").fetchone()[0]
    assert indexed.count("note ") == len(rows)
    conn.close()
