"""Subcommands for the reader's own work: ``cite``, ``highlight``, ``highlights``, ``tag``; plus the parts of
``list --tag``, ``export --highlights`` and ``unsave --force`` that concern it.

Registered by :mod:`inkreader.cli` (parsers and dispatch); like every command they only call the Reader.
Notes are plain text: in text output their control characters are shown as visible symbols.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from .errors import HasHighlights, InkreaderError
from .text import clean_line, clean_text

CITE_FORMATS = ("chicago", "apa", "mla", "bibtex", "ris", "csl-json")  # inkreader.cite.FORMATS, not imported
EXIT_OK, EXIT_FAILED = 0, 1


def add_parsers(sub: Any, global_options: Callable[..., None]) -> None:
    cite = sub.add_parser("cite", help="print the citation of a piece (Chicago, APA, MLA, BibTeX, RIS, CSL-JSON)")
    cite.add_argument("target", metavar="URL")
    cite.add_argument(
        "--format",
        choices=CITE_FORMATS,
        default="chicago",
        help="citation style or format (default: chicago, author-date)",
    )
    global_options(cite, top=False)

    highlight = sub.add_parser(
        "highlight",
        help="highlight a passage of a piece (with a note); --edit/--delete an existing one",
        description='inkreader highlight URL "passage as it appears" [--note TEXT]; '
        "inkreader highlight --edit ID --note TEXT; inkreader highlight --delete ID",
    )
    highlight.add_argument("target", metavar="URL", nargs="?")
    highlight.add_argument(
        "quote",
        metavar="QUOTE",
        nargs="?",
        help="the passage, as it appears (case, spacing and curly quotes do not matter)",
    )
    highlight.add_argument("--note", help="a note on the passage (plain text)")
    which = highlight.add_mutually_exclusive_group()
    which.add_argument("--edit", type=int, metavar="ID", help="change the note of highlight ID")
    which.add_argument("--delete", type=int, metavar="ID", help="delete highlight ID")
    global_options(highlight, top=False)

    listing = sub.add_parser("highlights", help="list highlights and notes, grouped by piece")
    listing.add_argument("target", metavar="URL", nargs="?", help="only this piece's")
    listing.add_argument("--tag", help="only pieces with this tag")
    listing.add_argument(
        "--json",
        action="store_true",
        help="an array of {url, title, quote, note, tags, created, detached, page, id, updated}",
    )
    global_options(listing, top=False)

    tag = sub.add_parser("tag", help="tag a piece (no tags: show its tags; no URL: the tags in use)")
    tag.add_argument("target", metavar="URL", nargs="?")
    tag.add_argument("tags", metavar="TAG", nargs="*", help="tags to add (a tag may hold spaces; commas separate)")
    tag.add_argument("--remove", metavar="TAG", nargs="+", default=[], help="tags to remove")
    global_options(tag, top=False)


def check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Usage errors (exit 2) the parser cannot see on its own."""
    if args.command == "highlight":
        if args.delete is not None or args.edit is not None:
            if args.target or args.quote:
                parser.error("--edit and --delete take a highlight ID, not a URL or quote")
            if args.edit is not None and args.note is None:
                parser.error("--edit needs --note TEXT (an empty text removes the note)")
        elif not args.target or not args.quote or not args.quote.strip():
            parser.error('highlight needs a URL and the passage: inkreader highlight URL "passage"')
    if args.command == "tag" and not args.target and (args.tags or args.remove):
        parser.error("tag needs the URL of the piece before its tags")
    if args.command == "export" and not args.directory and not args.highlights:
        parser.error("export needs a DIR, or --highlights FILE, or both")


def _write(text: str) -> None:
    sys.stdout.write(clean_text(text))


def _quote_line(highlight: Any) -> str:
    from .annotate.markdown import literal

    mark = "  (detached: no longer in the text)" if highlight.detached else ""
    if highlight.page is not None and not highlight.detached:
        mark = f"  (p. {highlight.page})"
    return f"  [{highlight.id}] “{clean_line(literal(highlight.quote))}”{mark}\n"


def _note_lines(note: str) -> str:
    from .annotate.markdown import literal

    return "".join(f"      {line}\n" for line in literal(note).split("\n")) if note else ""


async def cmd_cite(reader: Any, args: argparse.Namespace) -> int:
    text = clean_text(await reader.cite(args.target, args.format))
    if args.format == "ris":  # RIS lines end in CR LF by its specification: bytes, so nothing translates them
        text = text.replace("\n", "\r\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK


async def cmd_highlight(reader: Any, args: argparse.Namespace) -> int:
    if args.delete is not None:
        if not reader.delete_highlight(args.delete):
            raise InkreaderError(f"There is no highlight {args.delete}.")
        _write(f"Deleted highlight {args.delete}.\n")
        return EXIT_OK
    if args.edit is not None:
        highlight = reader.set_note(args.edit, args.note)
        _write(
            f"Note {'changed' if highlight.note else 'removed'} on highlight {highlight.id} in "
            f"{clean_line(highlight.title)}.\n"
        )
        return EXIT_OK
    highlight = await reader.add_highlight_quote(args.target, args.quote, note=args.note or "")
    _write(f"Highlighted in {clean_line(highlight.title)}:\n" + _quote_line(highlight) + _note_lines(highlight.note))
    return EXIT_OK


async def cmd_highlights(reader: Any, args: argparse.Namespace) -> int:
    if args.target:
        highlights = reader.highlights(args.target)
        if args.tag:
            highlights = [h for h in highlights if args.tag.casefold() in (t.casefold() for t in h.tags)]
    else:
        highlights = reader.all_highlights(tag=args.tag)
    if args.json:  # json escapes control characters: notes come out exactly as typed, and safe
        sys.stdout.write(json.dumps([h.to_json() for h in highlights], ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not highlights:
        _write("No highlights yet.\n")
        return EXIT_OK
    current = None
    for highlight in highlights:
        if highlight.url != current:
            current = highlight.url
            tags = f"  [{', '.join(highlight.tags)}]" if highlight.tags else ""
            _write(
                ("\n" if current and highlight is not highlights[0] else "")
                + clean_line(f"{highlight.title}  {highlight.url}{tags}")
                + "\n"
            )
        _write(_quote_line(highlight) + _note_lines(highlight.note))
    return EXIT_OK


async def cmd_tag(reader: Any, args: argparse.Namespace) -> int:
    if not args.target:
        in_use = reader.tags_in_use()
        _write("".join(clean_line(f"{tag}  ({count})") + "\n" for tag, count in in_use) or "No tags yet.\n")
        return EXIT_OK
    if args.tags or args.remove:
        tags = await reader.tag(args.target, args.tags, remove=args.remove)
    else:
        tags = reader.tags(args.target)
    _write(clean_line(", ".join(tags)) + "\n" if tags else "No tags.\n")
    return EXIT_OK


async def list_tagged(reader: Any, args: argparse.Namespace, entry_line: Callable[[Any, str | None], str]) -> int:
    """``list --tag T``: the pieces with tag T, in the ``list`` formats."""
    entries = reader.tagged(args.tag)
    if args.json:
        sys.stdout.write(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n")
    elif not entries:
        _write(f"Nothing tagged {clean_line(args.tag)}.\n")
    else:
        for entry in entries:
            _write(entry_line(entry, entry.saved_at or entry.visited_at) + "\n")
    return EXIT_OK


def export_highlights(reader: Any, path: str) -> None:
    changed = reader.export_highlights(path)
    _write(f"{'Wrote' if changed else 'Unchanged:'} highlights to {path}\n")


def unsave_refused(error: HasHighlights, target: str) -> str:
    noun = "highlight" if error.count == 1 else "highlights"
    return (
        f"{target} has {error.count} {noun}; unsaving keeps them (and the piece with them) but takes it off "
        f"the saved list. To unsave it anyway: inkreader unsave --force {target}"
    )


COMMANDS: dict[str, Callable[[Any, argparse.Namespace], Any]] = {
    "cite": cmd_cite,
    "highlight": cmd_highlight,
    "highlights": cmd_highlights,
    "tag": cmd_tag,
}
