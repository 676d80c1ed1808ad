"""Subcommands for the reader's own work: ``cite``, ``highlight``, ``highlights``, ``tag``.

Registered by :mod:`inkreader.cli` (parsers and dispatch); like every command they only call the Reader.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from .text import clean_text

CITE_FORMATS = ("chicago", "apa", "mla", "bibtex", "ris", "csl-json")  # inkreader.cite.FORMATS, without importing it
SUBCOMMANDS = ("cite",)


def add_parsers(sub: Any, global_options: Callable[..., None]) -> None:
    cite = sub.add_parser("cite", help="print the citation of a piece (Chicago, APA, MLA, BibTeX, RIS, CSL-JSON)")
    cite.add_argument("target", metavar="URL")
    cite.add_argument("--format", choices=CITE_FORMATS, default="chicago",
                      help="citation style or format (default: chicago, author-date)")
    global_options(cite, top=False)


async def cmd_cite(reader: Any, args: argparse.Namespace) -> int:
    text = await reader.cite(args.target, args.format)
    # RIS lines end in CR LF by its specification: write bytes so no newline translation touches them.
    text = clean_text(text)
    if args.format == "ris":
        text = text.replace("\n", "\r\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return 0


COMMANDS: dict[str, Callable[[Any, argparse.Namespace], Any]] = {"cite": cmd_cite}
