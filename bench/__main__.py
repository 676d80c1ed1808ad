"""``python -m bench [name ...] [--quick]``: run the benchmark modules and write ``bench/RESULTS.md``.

Every ``bench/<name>.py`` exposing ``run(quick: bool = False) -> str`` (a Markdown section) is a benchmark.
Named ones run in the order given; with no names, all of them in alphabetical order. ``RESULTS.md`` is
rewritten only when every benchmark ran (with names given, the other sections of the old file are kept).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import re
import sys
import time
import traceback
from pathlib import Path

from .common import git_commit, machine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
NOT_BENCHES = {"__init__", "__main__", "common", "keywait"}  # keywait: a child of the tui bench


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem not in NOT_BENCHES and not p.stem.startswith("_"))


def _old_sections() -> dict[str, str]:
    """Sections of the previous RESULTS.md, keyed by bench name (kept when only some benches are re-run)."""
    if not RESULTS.exists():
        return {}
    sections: dict[str, str] = {}
    for match in re.finditer(
        r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->", RESULTS.read_text(encoding="utf-8"), re.DOTALL
    ):
        sections[match.group(1)] = match.group(2).strip()
    return sections


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(available())})")
    parser.add_argument("--quick", action="store_true", help="fewer pages/iterations: a smoke run")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    names = args.names or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}")

    old = _old_sections()
    # A run of some benches keeps the other sections; a full run keeps only the notes (sections named after no
    # bench: before/after comparisons written by hand when a change landed).
    sections = old if args.names else {name: body for name, body in old.items() if name not in available()}
    failed = False
    for name in names:
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            body = module.run(quick=args.quick).strip()
        except Exception:
            failed = True
            body = f"## {name}\n\nFailed:\n\n```\n{traceback.format_exc(limit=5)}```"
        body += f"\n\n_(bench `{name}` took {time.perf_counter() - start:.1f} s{', --quick' if args.quick else ''})_"
        sections[name] = body
        print(body + "\n", flush=True)

    if not args.no_write:
        now = datetime.datetime.now().astimezone().replace(microsecond=0).isoformat()
        parts = [
            "# Benchmark results",
            "",
            "Written by `python -m bench`; sections named after no bench are notes written by hand, kept as they are.",
            "",
            f"- Date: {now}",
            f"- Commit: {git_commit()}",
            f"- Machine: {machine()}",
            "",
        ]
        for name in sorted(sections):
            parts += [f"<!-- bench:{name} -->", sections[name], f"<!-- /bench:{name} -->", ""]
        RESULTS.write_text("\n".join(parts), encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(HERE.parent)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
