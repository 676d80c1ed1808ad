"""Command line: argument parsing and output. No pipeline logic here: every command calls the Reader.

Exit status: 0 success; 1 the page could not be fetched or read (one line on stderr, no traceback); 2 usage.
Heavy modules (Textual, httpx, lxml, markdownify) are imported only by the commands that need them, so
``--version`` and ``--help`` answer at once.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import json
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from . import __version__, hangup

# cli_annotate and cli_sources (the other commands' parsers and output) are imported where used: the reader's own
# launch (reader_launch) needs neither.
from .errors import HasHighlights, InkreaderError
from .text import clean_line, clean_text

if TYPE_CHECKING:  # the Reader pulls in the store: imported only by the commands that run
    from .model import Article, LibraryEntry
    from .reader import Reader

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


# -- argument parsing ---------------------------------------------------------------------------------
def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before and after the subcommand; the subcommand's copy must not reset the top-level value.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep config, library and cache under DIR (also $INKREADER_HOME)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="never touch the network; read from the library",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inkreader",
        description="A keyboard-driven terminal reader for policy commentary. "
        "With no command (or a URL), opens the reader.",
        epilog="Commands: read, save, unsave, list, search, export, cite, highlight, highlights, tag, demo, "
        "sources, refresh, inbox, mark-read, mark-unread. "
        "'inkreader COMMAND --help' for more.",
    )
    parser.add_argument("--version", action="version", version=f"inkreader {__version__}")
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    read = sub.add_parser("read", help="print a piece as Markdown (or JSON)")
    read.add_argument("target", metavar="URL_OR_FILE")
    read.add_argument("--json", action="store_true", help="print the JSON contract instead of Markdown")
    read.add_argument(
        "--no-follow", action="store_true", help="keep the think-tank summary; do not follow to the outlet"
    )
    _global_options(read, top=False)

    save = sub.add_parser("save", help="keep pieces for offline reading")
    save.add_argument("targets", metavar="URL", nargs="+")
    _global_options(save, top=False)

    unsave = sub.add_parser("unsave", help="forget saved pieces (the cache may keep a copy)")
    unsave.add_argument("targets", metavar="URL", nargs="+")
    unsave.add_argument("--force", action="store_true", help="also pieces with highlights (they are kept)")
    _global_options(unsave, top=False)

    listing = sub.add_parser("list", help="saved pieces (default) or reading history")
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--saved", action="store_true", help="saved pieces, newest first (default)")
    which.add_argument("--history", action="store_true", help="pieces opened, newest first")
    listing.add_argument("--tag", metavar="TAG", help="pieces with this tag")
    listing.add_argument(
        "--json", action="store_true", help="print a JSON array of {url, title, outlet, published, ..., unread}"
    )
    _global_options(listing, top=False)

    search = sub.add_parser("search", help="full-text search of the library")
    search.add_argument(
        "query",
        help='words to find; "quoted phrases" and tag:NAME narrow it (tag:"port security" for a tag with a space)',
    )
    search.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {url, title, snippet, outlet, published, authors, saved, kind, seen_only}",
    )
    _global_options(search, top=False)

    export = sub.add_parser(
        "export", help="write saved, highlighted and tagged pieces as Markdown files (YAML front matter)"
    )
    export.add_argument("directory", metavar="DIR", nargs="?")
    export.add_argument("--highlights", metavar="FILE", help="also write all highlights, by piece, to FILE")
    _global_options(export, top=False)

    demo = sub.add_parser("demo", help="serve the bundled demo site on 127.0.0.1 and open the reader on it")
    demo.add_argument(
        "--port",
        type=port_number,
        default=None,
        help="port to serve on (default: 8642, or any free port when it is taken; 0: any free port)",
    )
    demo.add_argument("--serve-only", action="store_true", help="only serve the site, do not open the reader")
    _global_options(demo, top=False)
    from . import cli_annotate, cli_reading, cli_sources

    cli_annotate.add_parsers(sub, _global_options)
    cli_sources.add_parsers(sub, _global_options)
    cli_reading.add_parsers(sub, _global_options)
    return parser


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name (read from the parser, so a new subcommand needs no list to update)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, str | None]:
    """Parse ``argv``; a first positional that is not a command is a URL or file for the TUI, when it looks
    like one (else a usage error, with the nearest command suggested)."""
    argv = list(argv)
    return reader_launch(argv) or parse_with_parser(argv)


def parse_with_parser(argv: list[str]) -> tuple[argparse.Namespace, str | None]:
    parser = build_parser()
    commands = subcommands(parser)
    first_positional = _first_positional(argv)
    if first_positional is not None and argv[first_positional] not in commands:
        target = argv.pop(first_positional)
        if not looks_like_target(target):
            parser.error(_unknown_command(target, commands))
        args = _parse(parser, commands, argv)
        if args.command is not None:
            parser.error(f"unexpected argument {target!r}")
        return args, target
    args = _parse(parser, commands, argv)
    if args.command == "search" and not args.query.strip():
        commands["search"].error("search needs some words to look for")
    from . import cli_annotate, cli_reading

    cli_annotate.check_usage(parser, args)
    cli_reading.check_usage(parser, args)
    return args, None


def reader_launch(argv: list[str]) -> tuple[argparse.Namespace, str | None] | None:
    """``inkreader [--offline] [--data-dir DIR] [URL]``, the reader's own launch, read without building every
    subcommand's parser (a few ms of a cold start). Anything else (a command, help, an abbreviated option, a
    word that is no address) returns None and takes the full parser; the result is the same either way."""
    data_dir: str | None = None
    offline = False
    target: str | None = None
    args = iter(argv)
    for arg in args:
        if arg == "--offline":
            offline = True
        elif arg == "--data-dir":
            value = next(args, None)
            if value is None or value.startswith("-"):
                return None
            data_dir = value
        elif arg.startswith("--data-dir="):
            data_dir = arg.partition("=")[2]
        elif arg.startswith("-") or target is not None or arg in command_names() or not looks_like_target(arg):
            return None
        else:
            target = arg
    return argparse.Namespace(data_dir=data_dir, offline=offline, command=None), target


def command_names() -> set[str]:
    """Every subcommand (``tests/test_cli.py`` checks it against the parser's)."""
    return {*_commands(), "demo"}


def _parse(
    parser: argparse.ArgumentParser, commands: dict[str, argparse.ArgumentParser], argv: list[str]
) -> argparse.Namespace:
    """Unknown options are reported by the subcommand they were given to, with its usage (not the top one)."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        (commands.get(args.command or "") or parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PORT = re.compile(r":\d+$")


def looks_like_target(text: str) -> bool:
    """An address (a scheme, a dot in the host, a port, localhost) or an existing file."""
    if "://" in text or (_SCHEME.match(text) and not _PORT.search(text.split("/", 1)[0])):
        return True
    host = re.split(r"[/?#]", text, maxsplit=1)[0].rpartition("@")[2]
    if host.startswith("[") or "." in host or _PORT.search(host) or host.split(":")[0].lower() == "localhost":
        return True
    try:
        return os.path.exists(os.path.expanduser(text))
    except (OSError, ValueError):
        return False


def _unknown_command(word: str, commands: dict[str, argparse.ArgumentParser]) -> str:
    names = sorted(commands)
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "commands: " + ", ".join(names)
    return f"'{clean_line(word)}' is neither a command, an address nor a file ({hint})"


def _first_positional(argv: list[str]) -> int | None:
    skip_next = False
    for index, arg in enumerate(argv):
        if skip_next:
            skip_next = False
            continue
        if arg == "--data-dir":
            skip_next = True
        elif arg == "--":
            return index + 1 if index + 1 < len(argv) else None
        elif not arg.startswith("-"):
            return index
    return None


# -- output helpers -----------------------------------------------------------------------------------
def _out(text: str) -> None:
    sys.stdout.write(clean_text(text))
    if not text.endswith("\n"):
        sys.stdout.write("\n")


def _err(message: str) -> None:
    sys.stderr.write(f"inkreader: {clean_line(message)}\n")


def _print_json(data: object) -> None:
    # json escapes every control character, so page text cannot act on the terminal.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def article_markdown(article: Article) -> str:
    """The article as one Markdown document: title, a metadata line, notes, then the body."""
    meta = [
        part
        for part in (
            (article.kind or "").replace("-", " ").capitalize() or None,
            article.outlet,
            article.published,
            ("By " + ", ".join(article.authors)) if article.authors else None,
        )
        if part
    ]
    lines = [f"# {clean_line(article.title)}", ""]
    if meta:
        lines += [clean_line(" · ".join(meta)), ""]
    if article.followed and article.full_article_url:
        lines += [f"Full text from {clean_line(article.outlet or 'the outlet')}: <{article.full_article_url}>", ""]
    lines.append(article.markdown.strip())  # a listing's Markdown already lists its cards and next page
    return "\n".join(lines) + "\n"


def _entry_line(entry: LibraryEntry, when: str | None) -> str:
    mark = "•" if entry.unread and entry.saved_at else " "
    meta = " · ".join(p for p in (entry.outlet, entry.published, when and when[:16].replace("T", " ")) if p)
    return clean_line(f"{mark} {entry.title}  ({meta})  {entry.url}")


# -- commands -----------------------------------------------------------------------------------------
async def cmd_read(reader: Reader, args: argparse.Namespace) -> int:
    article = await reader.open(args.target, follow=False if args.no_follow else None)
    try:  # reading a piece reads its inbox items too; a library that cannot say so costs the read nothing
        await asyncio.to_thread(reader.mark_opened, article, args.target)
    except InkreaderError:
        pass
    for note in article.notes:
        _err(note)
    if args.json:
        _print_json(article.to_json())
    else:
        _out(article_markdown(article))
    return EXIT_OK


async def cmd_save(reader: Reader, args: argparse.Namespace) -> int:
    status = EXIT_OK
    bulk = len(args.targets) > 1  # many at once is background work: robots.txt and per-host pacing apply
    for target in args.targets:
        try:
            article = await reader.save(target, background=bulk)
        except InkreaderError as error:
            message = str(error)  # most messages name the address already: say it once
            _err(message if target in message or clean_line(target) in message else f"{target}: {message}")
            status = EXIT_FAILED
            continue
        for note in article.notes:
            _err(note)
        sys.stdout.write(clean_line(f"Saved: {article.title}  {article.url}") + "\n")
    return status


async def cmd_unsave(reader: Reader, args: argparse.Namespace) -> int:
    status = EXIT_OK
    for target in args.targets:
        try:
            removed = reader.unsave(target, force=args.force)
        except HasHighlights as error:
            from . import cli_annotate

            _err(cli_annotate.unsave_refused(error, target))
            status = EXIT_FAILED
            continue
        if removed:
            sys.stdout.write(clean_line(f"Removed: {target}") + "\n")
        else:
            _err(f"not saved: {target}")
            status = EXIT_FAILED
    return status


async def cmd_list(reader: Reader, args: argparse.Namespace) -> int:
    if args.tag is not None:
        from . import cli_annotate

        return await cli_annotate.list_tagged(reader, args, _entry_line)
    entries = reader.history() if args.history else reader.saved()
    if args.json:
        _print_json([entry.to_json() for entry in entries])
    elif not entries:
        sys.stdout.write("Nothing in the history yet.\n" if args.history else "Nothing saved yet.\n")
    else:
        for entry in entries:
            sys.stdout.write(_entry_line(entry, entry.visited_at if args.history else entry.saved_at) + "\n")
    return EXIT_OK


async def cmd_search(reader: Reader, args: argparse.Namespace) -> int:
    # asyncio.run turns the first Ctrl+C into a task cancellation that waits for the running call: during
    # the (synchronous) search, Ctrl+C raises at once instead; the library stops SQLite within its next step.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        hits = reader.search(args.query)  # the text, and the reader's highlights, notes and tags (tag:T)
    finally:
        signal.signal(signal.SIGINT, previous)
    if args.json:  # snippets mark matches **like this**; the text output below shows them plain
        _print_json([hit.to_json() for hit in hits])
        return EXIT_OK
    if not hits:
        sys.stdout.write("No matches.\n")
    for hit in hits:
        status = "seen on a listing, not read yet" if hit.seen_only else ("saved" if hit.saved else None)
        meta = " · ".join(p for p in (hit.outlet, hit.published, status) if p)
        sys.stdout.write(clean_line(f"{hit.title}  ({meta})  {hit.url}") + "\n")
        sys.stdout.write("    " + clean_line(hit.plain_snippet) + "\n")
    return EXIT_OK


async def cmd_export(reader: Reader, args: argparse.Namespace) -> int:
    if args.highlights:
        from . import cli_annotate

        cli_annotate.export_highlights(reader, args.highlights)
    if not args.directory:
        return EXIT_OK
    directory = Path(args.directory).expanduser()
    if directory.exists() and not directory.is_dir():
        raise InkreaderError(f"{directory} is not a directory; export writes one file per piece into a directory.")
    report = reader.export(directory)
    for warning in report.warnings:
        _err(warning)
    for skipped in report.skipped:
        _err(f"kept as is: {skipped}")
    sys.stdout.write(
        f"Exported {report.written} new or changed, {report.unchanged} unchanged, "
        f"{len(report.skipped)} kept as is, to {args.directory}\n"
    )
    return EXIT_OK


def _commands() -> dict[str, Callable[[Reader, argparse.Namespace], Awaitable[int]]]:
    from . import cli_annotate, cli_reading, cli_sources

    return {
        "read": cmd_read,
        "save": cmd_save,
        "unsave": cmd_unsave,
        "list": cmd_list,
        "search": cmd_search,
        "export": cmd_export,
        **cli_annotate.COMMANDS,
        **cli_sources.COMMANDS,
        **cli_reading.COMMANDS,
    }


async def _run_command(args: argparse.Namespace) -> int:
    from .reader import Reader, paths_for

    reader = Reader(paths_for(args.data_dir), offline=args.offline)
    hangup.on_hangup(lambda: _close_library(reader))
    for note in (reader.settings_note or "").splitlines():  # one line per bad setting
        _err(note)
    try:
        return await _commands()[args.command](reader, args)
    finally:
        for notice in reader.notices:  # not yet shown with an article (list, search, a failed read...)
            _err(notice)
        await reader.aclose()


def _run_tui(args: argparse.Namespace, target: str | None, origin_aliases: dict[str, str] | None = None) -> int:
    from .tui import heap  # the garbage collector's policy for the reader (no Textual in it)

    hangup.watch_terminal()
    with heap.collector_off_until_first_frame():
        from .reader import Reader, paths_for
        from .tui.app import run_tui

        heap.set_imports_aside()
        reader = Reader(paths_for(args.data_dir), offline=args.offline, origin_aliases=origin_aliases)
        hangup.on_hangup(lambda: _close_library(reader))
        try:
            return run_tui(reader, target, offline=args.offline)
        finally:  # the app closes it on the way out; not when a signal cut that short
            _close_library(reader)


def _close_library(reader: Reader) -> None:
    """The watchdog's last resort after a hangup (the clean way out closes it otherwise)."""
    if reader._library is not None:
        reader._library.close()


def demo_data_dir(data_dir: str | None) -> str:
    """Where the demo keeps its library: ``--data-dir`` when given, else a ``demo`` directory inside the user's
    own data directory, so that its sources (on a loopback server gone when it ends) never join the real ones."""
    if data_dir:
        return data_dir
    from .config import resolve_paths

    return str(resolve_paths(None).data_dir / "demo")


def _run_demo(args: argparse.Namespace) -> int:
    from .demo.server import DEMO_ORIGIN, DemoServer, serve_forever

    if args.serve_only:
        serve_forever(args.port)
        return EXIT_OK
    args.data_dir = demo_data_dir(args.data_dir)
    # The pages keep one address whatever port the server takes: saved pieces and reading positions are
    # found again at the next launch.
    with DemoServer(args.port, origin=DEMO_ORIGIN) as server:
        from . import cli_sources

        cli_sources.follow_demo_sources(args.data_dir, server.base_url)
        return _run_tui(args, server.start_url, server.aliases)


def _terminate(signum: int, frame: FrameType | None) -> None:
    # SIGTERM takes Ctrl+C's path: inside asyncio.run that handler cancels the main task, which unwinds cleanly.
    # Raising KeyboardInterrupt here instead lands at any bytecode, often inside asyncio or httpx internals of
    # another task, and leaves a traceback on stderr.
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signal.SIGINT, frame)
        return
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args, target = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _terminate)  # SIGTERM ends like Ctrl+C: transactions roll back, no traceback
    hangup.install(_terminate)  # the terminal window was closed: the same clean ending, within a second
    try:
        if args.command == "demo":
            return _run_demo(args)
        if args.command is None:
            return _run_tui(args, target)
        return asyncio.run(_run_command(args))
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # `inkreader read URL | head`: the reader went away; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except InkreaderError as error:
        _err(str(error))
        return EXIT_FAILED
    except Exception as error:
        if os.environ.get("INKREADER_DEBUG"):
            raise
        _err(f"unexpected error ({type(error).__name__}: {error}); set INKREADER_DEBUG=1 for details")
        return EXIT_FAILED
