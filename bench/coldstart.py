"""Cold start as a person meets it: the installed command in a real terminal (tmux), until words are on screen.

``run(quick=False) -> str`` (a Markdown section for ``python -m bench``). For each case a fresh tmux pane of
120×40 runs a command; ``tmux capture-pane -p`` is polled every 10 ms until a marker text is visible. Runs are
interleaved (anchor, inkreader, anchor, …) after two warm-ups each; the median of the runs is reported with their
spread (min–max). Beside the wall time, the CPU time the process (all its threads) had used when the words were
seen, from ``/proc/<pid>/task/*/schedstat``: what other load on the machine does not change. Each run ends with
Ctrl+Q, as a person quits.

Set ``INKREADER_BENCH_BASELINE_SRC`` to another checkout's ``src`` for before/after columns in the same runs.

Cases, each beside the same anchor (a minimal Textual app showing the same Markdown in a ``Markdown`` widget):
* a cached 1,500-word commentary: ``inkreader --offline URL``;
* the same with a library of 10,000 pieces;
* the start listing (the demo's listing page, cached): ``inkreader --offline`` on the start page;
* the case people meet most: a cached CNAS commentary followed through to its outlet (the outlet's text shown,
  the think-tank summary kept for ``f``), with its "More from CNAS" cards in the list pane, opened by URL.

``python -m bench.coldstart [--quick] [--case NAME]`` runs all cases, or the one whose name starts with NAME.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inkreader.model import Article

REPO = Path(__file__).resolve().parent.parent
COLUMNS, ROWS = 120, 40
POLL = 0.01
WARM_UPS = 2
TIMEOUT = 20.0
QUIT_WAIT = 10.0
URL = "https://www.cnas.org/publications/commentary/bench-cold-start"
BASELINE = os.environ.get("INKREADER_BENCH_BASELINE_SRC", "")
"""A ``src`` directory of another checkout (e.g. ``git archive <commit> src``): its figures go in extra columns."""

MINIMAL_APP = """
import sys
from pathlib import Path
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

TEXT = Path(sys.argv[1]).read_text(encoding="utf-8")


class Minimal(App):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(TEXT, open_links=False)


Minimal().run()
"""


def _inkreader_command() -> str:
    """The installed entry point beside the running interpreter (a venv's bin/), else the one on PATH."""
    beside = Path(sys.executable).with_name("inkreader")
    found = str(beside) if beside.exists() else shutil.which("inkreader")
    if not found:
        raise RuntimeError("the inkreader command is not installed (pip install -e .)")
    return found


def _commentary(words: int) -> str:
    vocabulary = (
        "harbour convoy deterrence ledger alliance cable shipyard treaty budget sensor corridor "
        "readiness coastline insurance fleet doctrine"
    ).split()
    paragraphs = []
    written = 0
    index = 0
    while written < words:
        body = " ".join(vocabulary[(index * 5 + i) % len(vocabulary)] for i in range(80))
        paragraphs.append(f"{body.capitalize()}, as [one study](https://example.org/s{index}) puts it.")
        written += 85
        index += 1
        if index % 4 == 0:
            paragraphs.append(f"## Section {index // 4}")
    return "Opening words of the bench commentary.\n\n" + "\n\n".join(paragraphs) + "\n"


def _followed_commentary(markdown: str) -> Article:
    """A CNAS commentary as the library keeps it once followed: the outlet's body, the CNAS summary beside it,
    the CNAS metadata and a dozen related cards."""
    from inkreader.model import Article, Link, RelatedItem

    related = [
        RelatedItem(
            url=f"https://www.cnas.org/publications/commentary/related-{i}",
            title=f"Related commentary number {i}",
            kind="commentary",
            outlet="Outlet Review" if i % 3 == 0 else None,
            published="2026-01-10",
            summary="A sentence that sums the related piece up.",
            authors=["B. Colleague"],
        )
        for i in range(12)
    ]
    return Article(
        url=URL,
        final_url=URL,
        site="cnas",
        kind="commentary",
        title="The bench commentary, followed",
        markdown=markdown,
        published="2026-01-15",
        authors=["A. Writer"],
        outlet="Outlet Review",
        summary="The think-tank page's short summary.",
        full_article_url="https://outlet.example/2026/01/bench-commentary",
        followed=True,
        related=related,
        links=[Link(text=f"one study {i}", url=f"https://example.org/s{i}") for i in range(20)],
        fetched_at="2026-01-15T10:00:00+00:00",
        summary_markdown="The think-tank page's short summary, with a link to the full article.",
    )


def _prepare(home: Path, *, pieces: int, listing: bool, followed: bool = False) -> tuple[str, str]:
    """A library under ``home`` holding the commentary (and ``pieces - 1`` others); returns (markdown, marker).
    ``followed``: the commentary as followed through to its outlet, with related cards."""
    from inkreader.config import resolve_paths
    from inkreader.model import Article, RelatedItem
    from inkreader.store import Library

    markdown = _commentary(1500)
    if followed:
        library = Library.open(resolve_paths(home).ensure())
        try:
            library.put_article(_followed_commentary(markdown))
        finally:
            library.close()
        return markdown, "Opening words of the bench"
    library = Library.open(resolve_paths(home).ensure())
    try:
        for number in range(1, pieces):
            library.put_article(
                Article(
                    url=f"https://www.cnas.org/publications/commentary/filler-{number}",
                    final_url=f"https://www.cnas.org/publications/commentary/filler-{number}",
                    site="cnas",
                    kind="commentary",
                    title=f"Filler piece {number}",
                    markdown=_commentary(300),
                    published="2025-06-01",
                    authors=["F. Iller"],
                    fetched_at="2026-01-15T10:00:00+00:00",
                )
            )
        if listing:
            url = "https://www.cnas.org/articles-multimedia"
            related = [
                RelatedItem(
                    url=f"{url}/item-{i}",
                    title=f"Listing item number {i}",
                    kind="commentary",
                    published="2026-01-15",
                    summary="A short summary of the item.",
                )
                for i in range(20)
            ]
            library.put_article(
                Article(
                    url=url,
                    final_url=url,
                    site="cnas",
                    kind="listing",
                    title="Articles & Multimedia",
                    markdown="",
                    related=related,
                    fetched_at="2026-01-15T10:00:00+00:00",
                )
            )
            (home / "config.toml").write_text(f'start_url = "{url}"\n', encoding="utf-8")
            markdown = "\n\n".join(f"**{item.title}**" for item in related)
            return markdown, "Listing item number 0"
        library.put_article(
            Article(
                url=URL,
                final_url=URL,
                site="cnas",
                kind="commentary",
                title="The bench commentary",
                markdown=markdown,
                published="2026-01-15",
                authors=["A. Writer"],
                fetched_at="2026-01-15T10:00:00+00:00",
            )
        )
    finally:
        library.close()
    return markdown, "Opening words of the bench"


class Tmux:
    """One private tmux server (its own socket) for the whole benchmark."""

    def __init__(self) -> None:
        self.socket = f"inkreader-bench-{os.getpid()}"
        self.sessions = 0
        # An idle session keeps the server alive between runs (it exits with its last session, racing the next).
        self("new-session", "-d", "-s", "keep", "-x", str(COLUMNS), "-y", str(ROWS), "sleep 86400")

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def time_to_text(self, command: list[str], marker: str, output: Path) -> tuple[float, float]:
        """Seconds from starting ``command`` in a fresh 120×40 pane until ``marker`` is on screen, and the CPU
        seconds the process had used when it wrote ``marker``.

        The pane's output is copied to ``output`` as it is written (``pipe-pane``), and that file is watched every
        millisecond: the CPU time is read as soon as the marker is in it, before the process goes on with what it
        does after its first frame. (Should the output not show it, e.g. split by escape codes, the CPU time is
        read just after the capture that showed it.)"""
        self.sessions += 1
        session = f"cold{self.sessions}"
        line = " ".join(_quote(part) for part in command)
        output = output.with_name(f"{output.name}-{session}")  # a fresh file: the last run's copier may linger
        output.write_bytes(b"")
        start = time.perf_counter()
        self("new-session", "-d", "-s", session, "-x", str(COLUMNS), "-y", str(ROWS), line)
        pane_pid = int(self("display-message", "-p", "-t", session, "#{pane_pid}").strip() or 0)
        self("pipe-pane", "-o", "-t", session, f"cat >> {_quote(str(output))}")
        wanted = marker.encode()
        cpu: float | None = None
        captured_at = 0.0
        try:
            with output.open("rb") as written:
                seen = b""
                while True:
                    elapsed = time.perf_counter() - start
                    if elapsed > TIMEOUT:
                        raise RuntimeError(f"{marker!r} never appeared: {self('capture-pane', '-p', '-t', session)}")
                    if cpu is None:
                        seen = seen[-len(wanted) :] + written.read()
                        if wanted in seen:
                            cpu = _cpu_seconds(pane_pid)
                    if elapsed - captured_at >= POLL:
                        captured_at = elapsed
                        try:
                            screen = self("capture-pane", "-p", "-t", session)
                        except RuntimeError:
                            screen = ""
                        if marker in screen:
                            if cpu is None:
                                cpu = _cpu_seconds(pane_pid)
                            self._quit(session)
                            return elapsed, cpu
                    time.sleep(0.001)
        finally:
            subprocess.run(["tmux", "-L", self.socket, "kill-session", "-t", session], capture_output=True)

    def _quit(self, session: str) -> None:
        """Quit the way a person does (Ctrl+Q, which both apps bind), so that the next run starts from what a
        clean exit leaves (inkreader: a closed library, which then opens without a full integrity check)."""
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", session, "C-q"], capture_output=True)
        deadline = time.perf_counter() + QUIT_WAIT
        while time.perf_counter() < deadline:
            alive = subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", session], capture_output=True)
            if alive.returncode:
                return
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by process ``pid``, every thread (``schedstat``'s first field, in ns). tmux runs a
    pane's command through ``sh -c``, which execs it: the pane's process is the command's."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(task.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def _spread(values: list[float]) -> str:
    """``median (min–max)`` in ms."""
    return f"{statistics.median(values) * 1000:.0f} ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def _case(tmux: Tmux, name: str, *, pieces: int, listing: bool, runs: int, followed: bool = False) -> str:
    with tempfile.TemporaryDirectory() as temp:
        home = Path(temp) / "home"
        home.mkdir()
        markdown, marker = _prepare(home, pieces=pieces, listing=listing, followed=followed)
        output = Path(temp) / "pane-output"
        markdown_file = Path(temp) / "anchor.md"
        markdown_file.write_text(markdown, encoding="utf-8")
        app_file = Path(temp) / "minimal_app.py"
        app_file.write_text(MINIMAL_APP, encoding="utf-8")
        # -u PYTHONDONTWRITEBYTECODE: an installed command has its bytecode cached; without it every launch of
        # an editable install compiles our modules again (the anchor's Textual came with its .pyc).
        env = ["env", "-u", "PYTHONDONTWRITEBYTECODE", f"INKREADER_HOME={home}", "TERM=xterm-256color"]
        ours = [*env, _inkreader_command(), "--offline", *([] if listing else [URL])]
        anchor = [*env, sys.executable, str(app_file), str(markdown_file)]
        commands = [anchor, ours]
        if BASELINE:  # the same command on another checkout's sources (PYTHONPATH comes before the editable install)
            # on its own copy of the library: what one version leaves in the data directory must not count for
            # or against the other
            baseline_home = Path(temp) / "baseline-home"
            shutil.copytree(home, baseline_home)
            commands.append(
                [
                    "env",
                    "-u",
                    "PYTHONDONTWRITEBYTECODE",
                    f"INKREADER_HOME={baseline_home}",
                    "TERM=xterm-256color",
                    f"PYTHONPATH={BASELINE}",
                    *ours[len(env) :],
                ]
            )
        for _ in range(WARM_UPS):
            for command in commands:
                tmux.time_to_text(command, marker, output)  # warm-up: page cache, .pyc
        times: list[list[float]] = [[] for _ in commands]
        cpus: list[list[float]] = [[] for _ in commands]
        for _ in range(runs):
            for command, taken, used in zip(commands, times, cpus, strict=True):
                wall, cpu = tmux.time_to_text(command, marker, output)
                taken.append(wall)
                used.append(cpu)

    def ratio(values: list[list[float]], index: int) -> str:
        """Median over median, and fastest over fastest (the figure least moved by other load)."""
        median = statistics.median(values[index]) / statistics.median(values[0])
        return f"{median:.2f}× ({min(values[index]) / min(values[0]):.2f}×)"

    row = (
        f"| {name} | {_spread(times[1])} | {_spread(times[0])} | {ratio(times, 1)} "
        f"| {_spread(cpus[1])} | {_spread(cpus[0])} | {ratio(cpus, 1)} |"
    )
    if len(commands) > 2:
        row += f" {_spread(times[2])} | {ratio(times, 2)} | {_spread(cpus[2])} | {ratio(cpus, 2)} |"
    return row


CASES: dict[str, dict[str, Any]] = {
    "cached 1,500-word commentary": {"pieces": 1, "listing": False},
    "followed commentary with related cards, by URL": {"pieces": 1, "listing": False, "followed": True},
    "start listing (cached)": {"pieces": 1, "listing": True},
    "commentary, library of 10,000 pieces": {"pieces": 10_000, "listing": False},
}


def run(quick: bool = False, only: str = "") -> str:
    if not shutil.which("tmux"):
        return "## Cold start in a real terminal\n\nSkipped: tmux is not installed.\n"
    runs = 3 if quick else 9
    tmux = Tmux()
    try:
        rows = []
        for name, options in CASES.items():
            if not name.startswith(only):
                continue
            if quick and options["pieces"] > 2_000:
                options = {**options, "pieces": 2_000}
            rows.append(_case(tmux, name, runs=runs, **options))
    finally:
        tmux.close()
    return "\n".join(
        [
            "## Cold start in a real terminal",
            "",
            f"The installed `inkreader` in a tmux pane of {COLUMNS}×{ROWS}, `capture-pane` polled every 10 ms until "
            f"the first words are on screen; median (min–max) of {runs} interleaved runs after {WARM_UPS} warm-ups, in "
            "ms; ratios: of the medians (of the fastest runs). Anchor: a minimal Textual app showing the same Markdown "
            "in a `Markdown` widget, same runs. Target: ≤ 1.1×. CPU: what the process (all threads) had used when it "
            "wrote those words (`/proc/<pid>/task/*/schedstat`, read as soon as they are in the pane's output, copied "
            "to a file by `pipe-pane` and watched every ms): other load on the machine hardly changes it.",
            "",
            *(
                [
                    f"Baseline columns: the same command on the sources in `{Path(BASELINE).parent.name}/src` "
                    "(`INKREADER_BENCH_BASELINE_SRC`), interleaved in the same runs.",
                    "",
                ]
                if BASELINE
                else []
            ),
            "| case | inkreader | minimal app | ratio | inkreader CPU | minimal app CPU | CPU ratio |"
            + (" baseline | baseline ratio | baseline CPU | baseline CPU ratio |" if BASELINE else ""),
            "|---|---|---|---|---|---|---|" + ("---|---|---|---|" if BASELINE else ""),
            *rows,
            "",
        ]
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen = arguments[arguments.index("--case") + 1] if "--case" in arguments[:-1] else ""
    print(run(quick="--quick" in arguments, only=chosen))
