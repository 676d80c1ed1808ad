"""``mark-read`` and ``mark-unread``: the reading state of pieces and inbox items, set from the shell (the work is
``reader.sources``; this is parsing and output)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from .errors import InkreaderError
from .text import clean_line

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parsers(sub: Any, global_options: Callable[..., None]) -> None:
    read = sub.add_parser(
        "mark-read",
        help="mark pieces read, in the library and in every inbox item of them (or a whole source, or all)",
    )
    read.add_argument("urls", metavar="URL", nargs="*", help="addresses of pieces or inbox items")
    read.add_argument("--source", metavar="NAME", help="every item of this source")
    read.add_argument("--all", action="store_true", help="every item of every source")
    global_options(read, top=False)
    unread = sub.add_parser("mark-unread", help="mark pieces unread again (the library and their inbox items)")
    unread.add_argument("urls", metavar="URL", nargs="+", help="addresses of pieces or inbox items")
    global_options(unread, top=False)


def check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.command != "mark-read":
        return
    chosen = sum((bool(args.urls), args.source is not None, bool(args.all)))
    if chosen != 1:
        parser.error("mark-read needs addresses, or --source NAME, or --all (one of them)")


def _err(message: str) -> None:
    sys.stderr.write(f"inkreader: {clean_line(message)}\n")


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"


async def cmd_mark_read(reader: Any, args: argparse.Namespace) -> int:
    if args.urls:
        return _mark_urls(reader, args.urls, read=True)
    try:
        changed = reader.sources.mark_source_read(None if args.all else args.source)
    except InkreaderError as error:
        _err(str(error))
        return EXIT_FAILED
    sys.stdout.write(f"Marked {_items(changed)} read.\n")
    return EXIT_OK


async def cmd_mark_unread(reader: Any, args: argparse.Namespace) -> int:
    return _mark_urls(reader, args.urls, read=False)


def _mark_urls(reader: Any, targets: list[str], *, read: bool) -> int:
    from .addresses import normalise_url

    status, marked = EXIT_OK, 0
    for target in targets:
        try:
            url = normalise_url(target)
            marked += reader.sources.mark_piece(url, target, read=read)
        except InkreaderError as error:
            _err(str(error))
            status = EXIT_FAILED
    if marked:
        pieces = "1 piece" if marked == 1 else f"{marked} pieces"
        sys.stdout.write(f"Marked {pieces} {'read' if read else 'unread'}.\n")
    return status


COMMANDS = {"mark-read": cmd_mark_read, "mark-unread": cmd_mark_unread}
