"""The ``sources``, ``refresh`` and ``inbox`` commands: parsing and output only (the work is ``reader.sources``).

Exit status as for ``read``: 0 success, 1 a source or file could not be read (one line each on stderr;
``refresh`` exits 0 when at least one source refreshed and lists the failures), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import InkreaderError
from .text import clean_line, clean_text

EXIT_OK, EXIT_FAILED = 0, 1


def add_parsers(sub: Any, global_options: Callable[..., None]) -> None:
    sources = sub.add_parser("sources", help="the sites and feeds you follow (list, add, remove, import, export)")
    sources.add_argument("--json", action="store_true", help="list as JSON")
    global_options(sources, top=False)
    actions = sources.add_subparsers(dest="sources_action", metavar="ACTION")

    listing = actions.add_parser("list", help="every source with its items, unread count and last refresh")
    listing.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    global_options(listing, top=False)

    add = actions.add_parser("add", help="follow a feed, or a site's page (its feed is found for you)")
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", help="what to call it (default: the feed's title)")
    global_options(add, top=False)

    remove = actions.add_parser("remove", help="stop following a source (its items go too)")
    remove.add_argument("key", metavar="NAME|URL")
    global_options(remove, top=False)

    imports = actions.add_parser("import", help="follow the feeds of an OPML file")
    imports.add_argument("file", metavar="FILE.opml")
    global_options(imports, top=False)

    export = actions.add_parser("export", help="print every source as OPML 2.0")
    global_options(export, top=False)

    refresh = sub.add_parser("refresh", help="fetch what is new from every source (or the ones named)")
    refresh.add_argument("names", metavar="NAME", nargs="*")
    global_options(refresh, top=False)

    inbox = sub.add_parser("inbox", help="items from your sources, newest first")
    inbox.add_argument("--source", metavar="NAME", help="only this source's items")
    inbox.add_argument("--unread", action="store_true", help="only items not read yet")
    inbox.add_argument("--limit", type=int, default=0, metavar="N", help="at most N items (default: all)")
    inbox.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {url, title, source, sources, kind, outlet, published, authors, summary, read}",
    )
    global_options(inbox, top=False)


def _err(message: str) -> None:
    sys.stderr.write(f"inkreader: {clean_line(message)}\n")


def _line(text: str) -> None:
    """One line of output; page text in it never acts on the terminal (spacing kept, newlines flattened)."""
    sys.stdout.write(clean_text(text).replace("\n", " ") + "\n")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# -- sources ------------------------------------------------------------------------------------------
async def cmd_sources(reader: Any, args: argparse.Namespace) -> int:
    action = getattr(args, "sources_action", None) or "list"
    return await _SOURCE_ACTIONS[action](reader, args)


async def _list(reader: Any, args: argparse.Namespace) -> int:
    from .sources.service import describe_age

    sources = reader.sources.all()
    if getattr(args, "json", False):
        _print_json([source.to_json() for source in sources])
        return EXIT_OK
    if not sources:
        sys.stdout.write("No sources yet: 'inkreader sources add URL' or 'inkreader sources import FILE.opml'.\n")
        return EXIT_OK
    for source in sources:
        refreshed = f"refreshed {describe_age(source.last_refresh)}"
        state = f"failed: {source.last_error}" if source.last_error else refreshed
        _line(f"{source.name}  ({source.kind}, {source.unread} unread of {source.items}, {state})  {source.feed_url}")
    return EXIT_OK


async def _add(reader: Any, args: argparse.Namespace) -> int:
    source, found = await reader.sources.add(args.url, args.name)
    _line(f"Following {source.name!r}: {found.how}.")
    _line(f"  {source.kind} {source.feed_url}, {len(found.entries)} items now; 'inkreader refresh' for more.")
    return EXIT_OK


async def _remove(reader: Any, args: argparse.Namespace) -> int:
    source = reader.sources.remove(args.key)
    if source is None:
        _err(f"No source named {args.key!r}; 'inkreader sources' lists them.")
        return EXIT_FAILED
    _line(f"No longer following {source.name!r} ({source.feed_url}).")
    return EXIT_OK


async def _import(reader: Any, args: argparse.Namespace) -> int:
    report = reader.sources.import_opml(Path(args.file).expanduser())
    for reason in report.rejected[:20]:
        _err(f"left out: {reason}")
    if len(report.rejected) > 20:
        _err(f"left out {len(report.rejected) - 20} more")
    _line(
        f"Imported {len(report.added)} sources ({report.skipped} followed already, "
        f"{len(report.rejected)} left out); 'inkreader refresh' fetches them."
    )
    return EXIT_OK


async def _export(reader: Any, args: argparse.Namespace) -> int:
    sys.stdout.write(reader.sources.export_opml())
    return EXIT_OK


_SOURCE_ACTIONS = {"list": _list, "add": _add, "remove": _remove, "import": _import, "export": _export}


# -- refresh ------------------------------------------------------------------------------------------
class _Progress:
    """Each source's outcome as it finishes (new items on stdout, a failure on stderr), and on a terminal a
    ``[3/12] Name`` line rewritten in place below them."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.width = 0

    def __call__(self, done: int, total: int, result: Any) -> None:
        self.clear()
        if result.new:
            _line(f"  +{result.new}  {result.name}")
            sys.stdout.flush()  # a pipe or a file sees it now, not at the end
        for note in result.notes:
            _err(f"{result.name}: {note}")
        if result.error:
            _err(f"{result.name}: {result.error}")
        if not self.live:
            return
        text = clean_line(f"[{done}/{total}] {result.name}")[:70]
        sys.stderr.write("\r" + text)
        sys.stderr.flush()
        self.width = len(text)

    def pages(self, done: int, total: int) -> None:
        """The pages of new items fetched for offline reading, as they come (on a terminal only)."""
        if not self.live:
            return
        self.clear()
        text = f"[{done}/{total}] pages for offline reading"
        sys.stderr.write("\r" + text)
        sys.stderr.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.live and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


async def cmd_refresh(reader: Any, args: argparse.Namespace) -> int:
    if not reader.sources.select(args.names):
        sys.stdout.write("No sources yet: 'inkreader sources add URL' or 'inkreader sources import FILE.opml'.\n")
        return EXIT_OK
    progress = _Progress()
    try:
        report = await reader.sources.refresh(args.names, progress=progress, prefetch_progress=progress.pages)
    finally:
        progress.clear()
    ok = report.succeeded
    failed = sum(1 for result in report.failures if not result.skipped)
    later = len(report.failures) - failed
    _line(
        f"Refreshed {ok} of {len(report.results)} sources: {report.new} new items"
        + (f", {failed} failed" if failed else "")
        + (f", {later} left for the next refresh" if later else "")
        + "."
    )
    if report.prefetch is not None and report.prefetch.wanted:
        pages = report.prefetch
        _line(
            f"Stored {pages.stored} of {pages.wanted} new items' pages for offline reading"
            + (f" ({pages.failed} could not be fetched now)." if pages.failed else ".")
        )
    return EXIT_OK if ok else EXIT_FAILED


# -- inbox --------------------------------------------------------------------------------------------
async def cmd_inbox(reader: Any, args: argparse.Namespace) -> int:
    items = reader.sources.inbox(source=args.source, unread=args.unread, limit=args.limit or None)
    if reader.offline:
        _offline_note(reader)
    if args.json:
        _print_json([item.to_json() for item in items])
        return EXIT_OK
    if not items:
        sys.stdout.write("The inbox is empty.\n" if not args.unread else "Nothing unread.\n")
    for item in items:
        mark = " " if item.read else "•"
        meta = " · ".join(p for p in (item.kind, item.outlet or item.source, item.published) if p)
        _line(f"{mark} {item.title}  ({meta})  {item.url}")
        if item.authors:
            _line("    By " + ", ".join(item.authors))
    return EXIT_OK


def _offline_note(reader: Any) -> None:
    from .sources.service import describe_age

    try:
        _, oldest = reader.sources.store.oldest_refresh()
    except InkreaderError:
        return
    _err(f"offline: the inbox as last refreshed ({describe_age(oldest)})")


def follow_demo_sources(data_dir: str | None, base_url: str) -> None:
    """``inkreader demo`` starts with the demo site's feeds as sources (the TUI refreshes them on start)."""
    from .reader import Reader, paths_for

    reader = Reader(paths_for(data_dir))
    try:
        reader.sources.follow_demo(base_url)
    except InkreaderError as error:  # a read-only library: the demo still runs, without an inbox
        _err(f"the demo's sources were not added: {error}")
    finally:
        if reader._library is not None:
            reader._library.close()


COMMANDS = {"sources": cmd_sources, "refresh": cmd_refresh, "inbox": cmd_inbox}
