"""How faithfully inkreader reads feeds, measured on feedparser's own test corpus.

The rule: feedparser's ``tests/wellformed/{rss,atom,atom10,rdf,amp,sanitize,base,namespace,media-rss,itunes}``
files whose ``Expect:`` line tests the first entry's title (``title``, ``title_detail['value']``), author(s)
(``author``, ``author_detail['name']``, ``authors``), link, or published/updated date (``published``,
``updated`` and their ``_parsed`` forms). Where the file's first item has no link, one is injected (inkreader
leaves out items that lead nowhere). Titles are compared as plain text (markup and entities resolved, blanks
collapsed), authors by name, dates by UTC day. Each comparison in the line must hold.

The corpus is read from a copy of feedparser's repository (``--corpus DIR`` pointing at ``tests/wellformed``,
or a git directory with ``--git DIR``: its HEAD's files are read with ``git archive``); it is never committed.

Runnable alone: ``python bench/feedparser_agreement.py --git /path/to/feedparser.git [--verbose]``.
"""

from __future__ import annotations

import argparse
import ast
import html
import io
import os
import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from inkreader.sources.feeds import FeedError, parse_feed  # noqa: E402

DIRECTORIES = ("rss", "atom", "atom10", "rdf", "amp", "sanitize", "base", "namespace", "media-rss", "itunes")
DEFAULT_GIT = Path("/work/.mirror/kurtmckee+feedparser/repo")
INJECTED = "http://injected.example/item"
_EXPECT = re.compile(rb"Expect:\s*(.*?)\s*-->", re.DOTALL)
_FIELDS = {"title", "author", "authors", "link", "published", "published_parsed", "updated", "updated_parsed"}
_DETAIL = {("title_detail", "value"): "title", ("author_detail", "name"): "author"}


@dataclass(slots=True)
class Check:
    field: str  # title | author | authors | link | date
    expected: Any


@dataclass(slots=True)
class Case:
    name: str
    content: bytes
    checks: list[Check]


def corpus_from_git(git_dir: Path) -> Iterator[tuple[str, bytes]]:
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", "HEAD", "tests/wellformed"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if member.isfile() and len(parts) == 4 and parts[2] in DIRECTORIES:
                handle = tar.extractfile(member)
                if handle is not None:
                    yield "/".join(parts[2:]), handle.read()


def corpus_from_directory(root: Path) -> Iterator[tuple[str, bytes]]:
    for directory in DIRECTORIES:
        for path in sorted((root / directory).glob("*")):
            if path.is_file():
                yield f"{directory}/{path.name}", path.read_bytes()


def _subscript_path(node: ast.AST) -> list[Any] | None:
    """``entries[0]['a']['b']`` → [0, 'a', 'b'] (None when not rooted at ``entries``)."""
    keys: list[Any] = []
    while isinstance(node, ast.Subscript):
        if not isinstance(node.slice, ast.Constant):
            return None
        keys.append(node.slice.value)
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == "entries"):
        return None
    return list(reversed(keys))


def checks_of(expect: str) -> list[Check] | None:
    """The comparisons of an Expect line on the first entry's fields of the rule; None when it tests none."""
    try:
        tree = ast.parse(expect.strip(), mode="eval")
    except SyntaxError:
        return None
    checks: list[Check] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)):
            continue
        path = _subscript_path(node.left)
        if not path or path[0] != 0 or len(path) < 2:
            continue
        key = path[1]
        if len(path) == 3 and (key, path[2]) in _DETAIL:
            field = _DETAIL[(key, path[2])]
        elif len(path) == 2 and key in _FIELDS:
            field = key
        else:
            continue
        try:
            expected = ast.literal_eval(node.comparators[0])
        except ValueError:
            continue
        if field in ("published", "updated", "published_parsed", "updated_parsed"):
            field = "date"
        checks.append(Check(field, expected))
    return checks or None


def cases(files: Iterator[tuple[str, bytes]]) -> list[Case]:
    found = []
    for name, content in files:
        match = _EXPECT.search(content)
        if not match:
            continue
        checks = checks_of(match.group(1).decode("utf-8", "replace"))
        if checks:
            found.append(Case(name, content, checks))
    return found


def _plain(text: str) -> str:
    """feedparser's title (HTML, sanitised) as the text a reader sees."""
    text = re.sub(r"<[^>]*>", "", text)
    return " ".join(html.unescape(text).split())


def _name(text: str) -> str:
    """feedparser's author string "Name (email)" / "email (Name)" / "email" → the name part."""
    text = " ".join(text.split())
    match = re.match(r"^(?P<a>[^()]*?)\s*\((?P<b>[^()]*)\)$", text)
    if match:
        a, b = match.group("a"), match.group("b")
        return b if "@" in a or not a else a
    return "" if "@" in text and " " not in text else text


def _day(value: Any) -> str | None:
    if isinstance(value, tuple) and len(value) >= 3:
        return f"{value[0]:04d}-{value[1]:02d}-{value[2]:02d}"
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return value[:10]
        if when.tzinfo is not None:
            when = when.astimezone(UTC)
        return when.strftime("%Y-%m-%d")
    return None


def _inject_link(content: bytes) -> bytes:
    if re.search(rb"<(?:\w+:)?entry[\s>]", content):
        return re.sub(
            rb"(<(?:\w+:)?entry(?:\s[^>]*)?>)",
            rb'\1<link rel="alternate" href="' + INJECTED.encode() + rb'"/>',
            content,
            count=1,
        )
    return re.sub(rb"(<(?:\w+:)?item(?:\s[^>]*)?>)", rb"\1<link>" + INJECTED.encode() + rb"</link>", content, count=1)


def agrees(case: Case) -> tuple[bool, str]:
    """Does inkreader read the case as feedparser does? (and what it read, for --verbose)"""
    base = f"http://127.0.0.1:8097/tests/wellformed/{case.name}"  # where feedparser's own tests serve it
    header = re.search(rb"Header:\s*Content-Location:\s*(\S+)", case.content)
    location = header.group(1).decode() if header else None
    try:
        feed = parse_feed(case.content, base, content_location=location)
        if not feed.entries:
            feed = parse_feed(_inject_link(case.content), base, content_location=location)
    except FeedError as error:
        try:
            feed = parse_feed(_inject_link(case.content), base, content_location=location)
        except FeedError:
            return False, f"refused: {error}"
    if not feed.entries:
        return False, "no entries"
    entry = feed.entries[0]
    for check in case.checks:
        expected = check.expected
        if check.field == "title":  # an item without a title shows its address: that is "no title"
            title = "" if entry.title == entry.url else " ".join(entry.title.split())
            literal = re.search(rb"<(?:\w+:)?title[^>]*type=[\"']text(?:/plain)?[\"']", case.content)
            want = " ".join(str(expected).split()) if literal else _plain(str(expected))  # text titles are text
            ok, got = want == title, entry.title
        elif check.field == "author":
            name = _name(str(expected))
            ok, got = (name in entry.authors[:1]) if name else not entry.authors, entry.authors
        elif check.field == "authors":
            names = [_name(str(a.get("name") or a.get("email") or "")) for a in expected if isinstance(a, dict)]
            ok, got = [n for n in names if n] == entry.authors, entry.authors
        elif check.field == "link":
            ok, got = str(expected) == entry.url, entry.url
        else:
            ok, got = _day(expected) == (entry.published or "")[:10], entry.published
        if not ok:
            return False, f"{check.field}: expected {expected!r}, got {got!r}"
    return True, ""


def measure(files: Iterator[tuple[str, bytes]], verbose: bool = False) -> tuple[int, int, list[str]]:
    found = cases(files)
    failures = []
    for case in found:
        ok, why = agrees(case)
        if not ok:
            failures.append(f"{case.name}: {why}")
    if verbose:
        for line in failures:
            print(line)
    return len(found) - len(failures), len(found), failures


def run(quick: bool = False) -> str:
    git_dir = Path(os.environ.get("FEEDPARSER_GIT", DEFAULT_GIT))
    if not git_dir.exists():
        return "## Feedparser agreement\n\nSkipped: no copy of feedparser's repository (set FEEDPARSER_GIT).\n"
    started = time.perf_counter()
    agreed, total, _ = measure(corpus_from_git(git_dir))
    took = time.perf_counter() - started
    return (
        "## Feedparser agreement\n\n"
        f"inkreader reads the first entry as feedparser does in **{agreed} of {total}** of feedparser's own "
        f"test files (rule in bench/feedparser_agreement.py; {took:.1f} s).\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="feedparser's tests/wellformed directory")
    parser.add_argument("--git", type=Path, default=DEFAULT_GIT, help="feedparser's git directory")
    parser.add_argument("--verbose", action="store_true", help="list the files read differently, and why")
    args = parser.parse_args()
    files = corpus_from_directory(args.corpus) if args.corpus else corpus_from_git(args.git)
    agreed, total, _ = measure(files, verbose=args.verbose)
    print(f"agreement: {agreed}/{total}")


if __name__ == "__main__":
    main()
