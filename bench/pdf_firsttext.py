"""A 100-page PDF report's time to first text, as a person meets it, two ways, in a real terminal (tmux).

``run(quick=False) -> str`` (a Markdown section for ``python -m bench``);
``python -m bench.pdf_firsttext [--quick] [--case cached|loopback]``. The report is the demo generator's long
edition (two columns, running heads, footnotes, an outline: ``scripts/demo_site/_pdf.py``), about 100 pages,
served by a loopback HTTP server this bench starts.
The terminal machinery (a private tmux server, panes of 120×40, ``capture-pane`` polled every 10 ms, CPU time
from ``/proc/<pid>/task/*/schedstat``, Ctrl+Q to quit) is bench/coldstart.py's.

1. Cached: the report is fetched once into a data directory's library (``inkreader --data-dir D read URL``), the
   server stops, and ``inkreader --data-dir D --offline URL`` runs in a fresh pane until the first words of the
   report's body are on screen. Interleaved in the same runs: the anchor (coldstart's minimal Textual app
   showing a cached 1,500-word commentary's Markdown) and inkreader on that commentary, cached.
2. Loopback: ``inkreader --data-dir D URL`` on a reports listing in the demo site's shape whose first item is
   the PDF; once the listing is on screen and the app idle, Enter (the first item is highlighted), timed from
   the key to the first words of the report's body on screen, and on to the whole document in (the reading
   pane's header, with the word count, replaces the preview when the last page is read). Beside it, the same
   Enter on a listing whose first item is the demo's report as an HTML page (the same first words).
   Each run has a fresh data directory, so nothing is cached. With ``INKREADER_BENCH_BASELINE_SRC`` (another
   checkout's ``src``, as for coldstart) the PDF's row runs on those sources too, interleaved: before/after.

Last, the reader's own part, in this process: from the bytes to the first Markdown offered to the screen.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .coldstart import (
    COLUMNS,
    MINIMAL_APP,
    POLL,
    ROWS,
    TIMEOUT,
    WARM_UPS,
    Tmux,
    _cpu_seconds,
    _inkreader_command,
    _prepare,
    _quote,
    _spread,
)
from .coldstart import URL as COMMENTARY_URL

REPO = Path(__file__).resolve().parent.parent
DEMO_SITE = REPO / "src" / "inkreader" / "demo" / "site"
PAGES = 100
TARGET_SECONDS = 1.0
BODY_WORDS = "The Northern Seas are crossed by"  # the report body's first words (its Executive Summary)
WHOLE = re.compile(r"\d[\d,]* words · \d+ min")  # the reading pane's header: the whole document is in
LISTING_SHOWN = "Showing 1-3 of 3 Reports"
PDF_PATH = "/documents/holding-the-line-long-edition.pdf"
HTML_PATH = "/publications/reports/holding-the-line-beneath-the-waves"
IDLE_CPU = 0.003  # seconds of CPU in IDLE_WINDOW under which the app counts as idle before the key
IDLE_WINDOW = 0.2
TERMINAL_ENV = ["env", "-u", "PYTHONDONTWRITEBYTECODE", "TERM=xterm-256color"]
BASELINE = os.environ.get("INKREADER_BENCH_BASELINE_SRC", "")
"""A ``src`` directory of another checkout (``git archive <commit> src``): its loopback row runs beside ours."""


# -- the material -----------------------------------------------------------------------------------------
def report_pdf(pages: int = PAGES) -> bytes:
    """The demo generator's long edition of its report (reportlab, at bench time only)."""
    sys.path.insert(0, str(REPO))
    from scripts.demo_site._pdf import long_report_pdf

    return long_report_pdf(pages=pages)


def _listing(base: str, first_item: str) -> bytes:
    """The demo's reports listing, its first item pointing at ``first_item`` (its summary reworded, so that the
    body's first words are on screen only once the report is)."""
    html = (DEMO_SITE / "reports.html").read_text(encoding="utf-8").replace("{{BASE}}", base)
    html = html.replace(f"{base}/publications/reports/holding-the-line-beneath-the-waves", base + first_item)
    summary = re.search(r"<p>(The Northern Seas are crossed by[^<]*)</p>", html)
    assert summary, "the demo's reports listing changed: its first summary is not where the bench looks"
    html = html.replace(summary.group(1), "A hundred pages on watching, guarding and repairing seabed corridors.")
    return html.encode("utf-8")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:  # an app quit mid-request
        pass


class Site:
    """A loopback HTTP server (a daemon thread of this process) serving the listings, the PDF, the HTML report."""

    def __init__(self, pdf: bytes) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are separate writes: no delayed-ACK stall

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                found = owner.routes.get(self.path.split("?")[0])
                status, (body, content_type) = (200, found) if found else (404, (b"not here", "text/plain"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        html_report = (DEMO_SITE / "publications" / "reports" / "holding-the-line-beneath-the-waves.html").read_text(
            encoding="utf-8"
        )
        html_type = "text/html; charset=utf-8"
        self.routes: dict[str, tuple[bytes, str]] = {
            "/reports": (_listing(self.base, PDF_PATH), html_type),
            "/html/reports": (_listing(self.base, HTML_PATH), html_type),
            PDF_PATH: (pdf, "application/pdf"),
            HTML_PATH: (html_report.replace("{{BASE}}", self.base).encode("utf-8"), html_type),
        }
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- watching a pane -------------------------------------------------------------------------------------
@dataclass
class Seen:
    """When each awaited text was first on screen (seconds from the key) and the CPU the app had used since."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def _on_screen(screen: str, wanted: str | re.Pattern[str]) -> bool:
    return wanted in screen if isinstance(wanted, str) else wanted.search(screen) is not None


def _screen(tmux: Tmux, session: str) -> str:
    try:
        return tmux("capture-pane", "-p", "-t", session)
    except RuntimeError:
        return ""


def _wait_idle(tmux: Tmux, session: str, pid: int, shown: str) -> None:
    """Until ``shown`` is on screen and the app has been idle (next to no CPU) for a while: the key then meets
    an app at rest, as a person's does."""
    deadline = time.perf_counter() + TIMEOUT
    while shown not in _screen(tmux, session):
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{shown!r} never appeared: {_screen(tmux, session)}")
        time.sleep(POLL)
    before = _cpu_seconds(pid)
    while True:
        time.sleep(IDLE_WINDOW)
        now = _cpu_seconds(pid)
        if now - before < IDLE_CPU:
            return
        if time.perf_counter() > deadline:
            raise RuntimeError("the app never went idle")
        before = now


def _watch(
    tmux: Tmux, session: str, pid: int, output: Path, wanted: list[str | re.Pattern[str]], start: float, cpu0: float
) -> Seen:
    """Poll the pane (every 10 ms) until each of ``wanted`` has been on screen, in order. The CPU time of the
    first is read as soon as its text is in the pane's output (``pipe-pane`` into ``output``, watched every ms),
    as coldstart does."""
    seen = Seen()
    first = wanted[0].encode() if isinstance(wanted[0], str) else None
    written_cpu: float | None = None
    captured_at = -POLL
    tail = b""
    with output.open("rb") as written:
        while len(seen.wall) < len(wanted):
            elapsed = time.perf_counter() - start
            if elapsed > TIMEOUT:
                raise RuntimeError(f"{wanted[len(seen.wall)]!r} never appeared: {_screen(tmux, session)}")
            if first is not None and written_cpu is None:
                tail = tail[-len(first) :] + written.read()
                if first in tail:
                    written_cpu = _cpu_seconds(pid) - cpu0
            if elapsed - captured_at >= POLL:
                captured_at = elapsed
                screen = _screen(tmux, session)
                while len(seen.wall) < len(wanted) and _on_screen(screen, wanted[len(seen.wall)]):
                    cpu = _cpu_seconds(pid) - cpu0
                    if not seen.wall and written_cpu is not None:
                        cpu = written_cpu
                    seen.wall.append(elapsed)
                    seen.cpu.append(cpu)
            time.sleep(0.001)
    return seen


@contextmanager
def _pane(tmux: Tmux, command: list[str]) -> Iterator[tuple[str, int]]:
    tmux.sessions += 1
    session = f"pdf{tmux.sessions}"
    tmux("new-session", "-d", "-s", session, "-x", str(COLUMNS), "-y", str(ROWS), " ".join(map(_quote, command)))
    try:
        yield session, int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip() or 0)
    finally:
        tmux._quit(session)
        subprocess.run(["tmux", "-L", tmux.socket, "kill-session", "-t", session], capture_output=True)


def enter_on_link(
    tmux: Tmux, listing_url: str, wanted: list[str | re.Pattern[str]], scratch: Path, env: list[str]
) -> Seen:
    """One loopback run: a fresh data directory, the listing on screen and the app idle, then Enter."""
    home = Path(tempfile.mkdtemp(dir=scratch))
    output = scratch / f"pane-output-{tmux.sessions + 1}"
    output.write_bytes(b"")
    try:
        command = [*TERMINAL_ENV, *env, _inkreader_command(), "--data-dir", str(home), listing_url]
        with _pane(tmux, command) as (session, pid):
            _wait_idle(tmux, session, pid, LISTING_SHOWN)
            tmux("pipe-pane", "-o", "-t", session, f"cat >> {_quote(str(output))}")
            cpu0 = _cpu_seconds(pid)
            start = time.perf_counter()
            tmux("send-keys", "-t", session, "Enter")
            return _watch(tmux, session, pid, output, wanted, start, cpu0)
    finally:
        shutil.rmtree(home, ignore_errors=True)


# -- the two measurements ------------------------------------------------------------------------------------
def _fill(home: Path, url: str) -> None:
    """Put ``url`` in ``home``'s library the way a person does: read it once."""
    done = subprocess.run(
        [_inkreader_command(), "--data-dir", str(home), "read", url], capture_output=True, text=True, timeout=120
    )
    if done.returncode or BODY_WORDS not in done.stdout:
        raise RuntimeError(f"inkreader read {url} failed: {done.stderr.strip()[:300]}")


def cached_rows(tmux: Tmux, pdf: bytes, runs: int, scratch: Path) -> list[str]:
    pdf_home = scratch / "pdf-home"
    site = Site(pdf)
    try:
        pdf_url = site.base + PDF_PATH
        _fill(pdf_home, pdf_url)
    finally:
        site.close()  # from here on, nothing answers at that address: the library is all there is
    html_home = scratch / "html-home"
    html_home.mkdir()
    markdown, commentary_marker = _prepare(html_home, pieces=1, listing=False)
    markdown_file = scratch / "anchor.md"
    markdown_file.write_text(markdown, encoding="utf-8")
    app_file = scratch / "minimal_app.py"
    app_file.write_text(MINIMAL_APP, encoding="utf-8")
    ink = _inkreader_command()
    cases = [
        ("minimal Textual app, the 1,500-word commentary (anchor)", [*TERMINAL_ENV, sys.executable, str(app_file),
         str(markdown_file)], commentary_marker),
        ("inkreader, the cached 100-page PDF report", [*TERMINAL_ENV, ink, "--data-dir", str(pdf_home), "--offline",
         pdf_url], BODY_WORDS),
        ("inkreader, a cached 1,500-word HTML commentary", [*TERMINAL_ENV, ink, "--data-dir", str(html_home),
         "--offline", COMMENTARY_URL], commentary_marker),
    ]  # fmt: skip
    output = scratch / "pane-output"
    for _ in range(WARM_UPS):
        for _name, command, marker in cases:
            tmux.time_to_text(command, marker, output)
    walls: list[list[float]] = [[] for _ in cases]
    cpus: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for (_name, command, marker), wall, cpu in zip(cases, walls, cpus, strict=True):
            taken, used = tmux.time_to_text(command, marker, output)
            wall.append(taken)
            cpu.append(used)
    anchor = statistics.median(walls[0])
    rows = [
        f"| {name} | {_spread(wall)} | {statistics.median(wall) / anchor:.2f}× | {_spread(cpu)} |"
        for (name, _command, _marker), wall, cpu in zip(cases, walls, cpus, strict=True)
    ]
    return [*rows, _whole_markdown_row(tmux, pdf_home, pdf_url, app_file, 1 if runs < 5 else 3, scratch)]


def _whole_markdown_row(tmux: Tmux, home: Path, url: str, app_file: Path, runs: int, scratch: Path) -> str:
    """The anchor app given the report's whole Markdown (what a stock ``Markdown`` widget makes of 70,000 words):
    a few runs after the others, not interleaved (each takes seconds)."""
    done = subprocess.run(
        [_inkreader_command(), "--data-dir", str(home), "--offline", "read", url], capture_output=True, text=True
    )
    markdown_file = scratch / "report.md"
    markdown_file.write_text(done.stdout, encoding="utf-8")
    command = [*TERMINAL_ENV, sys.executable, str(app_file), str(markdown_file)]
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        try:
            wall, cpu = tmux.time_to_text(command, BODY_WORDS, scratch / "pane-output")
        except RuntimeError:  # past coldstart's TIMEOUT
            return f"| minimal Textual app, the report's whole Markdown | over {TIMEOUT:g} s | | |"
        walls.append(wall)
        cpus.append(cpu)
    return (
        f"| minimal Textual app, the report's whole Markdown ({runs} run{'s' if runs > 1 else ''} after the others) "
        f"| {_spread(walls)} | | {_spread(cpus)} |"
    )


def loopback_rows(tmux: Tmux, pdf: bytes, runs: int, scratch: Path) -> list[str]:
    site = Site(pdf)
    try:
        pdf_wanted: list[str | re.Pattern[str]] = [BODY_WORDS, WHOLE]
        cases: list[tuple[str, str, list[str | re.Pattern[str]], list[str]]] = [
            ("the 100-page PDF report", site.base + "/reports", pdf_wanted, []),
            ("the same report as the demo's HTML page", site.base + "/html/reports", [BODY_WORDS], []),
        ]
        if BASELINE:  # the same Enter on another checkout's sources (PYTHONPATH comes before the editable install)
            name = f"the 100-page PDF report, baseline (`{Path(BASELINE).parent.name}/src`)"
            cases.insert(1, (name, site.base + "/reports", pdf_wanted, [f"PYTHONPATH={BASELINE}"]))
        for _ in range(WARM_UPS):
            for _name, url, wanted, env in cases:
                enter_on_link(tmux, url, wanted, scratch, env)
        seen: list[list[Seen]] = [[] for _ in cases]
        for _ in range(runs):
            for (_name, url, wanted, env), runs_seen in zip(cases, seen, strict=True):
                runs_seen.append(enter_on_link(tmux, url, wanted, scratch, env))
    finally:
        site.close()
    rows = []
    for (name, _url, wanted, _env), runs_seen in zip(cases, seen, strict=True):
        first = [one.wall[0] for one in runs_seen]
        first_cpu = [one.cpu[0] for one in runs_seen]
        whole = _spread([one.wall[1] for one in runs_seen]) if len(wanted) > 1 else "(at once)"
        whole_cpu = _spread([one.cpu[1] for one in runs_seen]) if len(wanted) > 1 else ""
        rows.append(f"| {name} | {_spread(first)} | {_spread(first_cpu)} | {whole} | {whole_cpu} |")
    return rows


def _in_process(pdf: bytes, runs: int) -> str:
    """The reader's own part, in this process: from the bytes to the first Markdown offered to the screen (the
    progress call a reader previews) and to the whole document."""
    from inkreader.pdf import read_pdf

    firsts: list[float] = []
    wholes: list[float] = []
    words = 0
    for _ in range(runs):
        offered: list[tuple[float, str]] = []

        def note(markdown: str, offered: list[tuple[float, str]] = offered) -> None:
            offered.append((time.perf_counter(), markdown))

        start = time.perf_counter()
        read_pdf(pdf, progress=note)
        wholes.append(time.perf_counter() - start)
        firsts.append(offered[0][0] - start if offered else wholes[-1])
        words = len(offered[0][1].split()) if offered else 0
    return (
        f"The reader alone (in this process, {runs} runs): the first Markdown offered for the screen after "
        f"{_spread(firsts)} ms ({words} words), the whole document after {_spread(wholes)} ms."
    )


def _load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except (OSError, IndexError):
        return "unknown"


def run(quick: bool = False, only: str = "") -> str:
    title = "## PDF report: time to first text in a real terminal"
    if not shutil.which("tmux"):
        return f"{title}\n\nSkipped: tmux is not installed.\n"
    try:
        pdf = report_pdf()
    except ImportError as error:
        return f"{title}\n\nSkipped: the demo generator cannot make PDFs here ({error}).\n"
    runs = 3 if quick else 9
    load_before = _load_average()
    tmux = Tmux()
    try:
        with tempfile.TemporaryDirectory() as temp:
            cached = cached_rows(tmux, pdf, runs, Path(temp)) if "cached".startswith(only) else ["| (not run) |"]
            loopback = loopback_rows(tmux, pdf, runs, Path(temp)) if "loopback".startswith(only) else ["| (not run) |"]
    finally:
        tmux.close()
    return "\n".join(
        [
            title,
            "",
            f"The demo generator's long edition of its report ({PAGES} pages asked, two columns, "
            f"{len(pdf) // 1024} KB), the installed `inkreader` in a tmux pane of {COLUMNS}×{ROWS}, `capture-pane` "
            f"polled every 10 ms; median (min–max) of {runs} interleaved runs after {WARM_UPS} warm-ups, in ms. CPU: "
            "what the process (all threads) had used, from `/proc/<pid>/task/*/schedstat`. Target: the report's "
            f"first words on screen under {TARGET_SECONDS:g} s. The machine's load average (1 min): {load_before} "
            f"at the start, {_load_average()} at the end (2 cores).",
            "",
            "### Cached: `inkreader --data-dir D --offline URL` until the report body's first words",
            "",
            "| what | first words on screen | vs anchor | CPU |",
            "|---|---|---|---|",
            *cached,
            "",
            "### Loopback: Enter on the report's link in a running app",
            "",
            "A reports listing in the demo site's shape, its first item the report; a fresh data directory each run; "
            "Enter sent once the listing is on screen and the app idle. Timed from the key; CPU since the key.",
            "",
            "| Enter on | first words on screen | CPU | whole document in | CPU |",
            "|---|---|---|---|---|",
            *loopback,
            "",
            _in_process(pdf, 3 if quick else 5),
            "",
        ]
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen = arguments[arguments.index("--case") + 1] if "--case" in arguments[:-1] else ""
    print(run(quick="--quick" in arguments, only=chosen))
