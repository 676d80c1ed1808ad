"""TUI speed: cold start, time to first text on long documents, key latency while rendering, memory.

``run(quick=False) -> str`` (a Markdown section for ``python -m bench``). Every measurement runs in a child
process (``python -m bench.tui <mode> ...``) so imports, caches and RSS start from nothing.

* Cold start: process start to a cached article's text on screen, inkreader vs a minimal Textual app
  (``VerticalScroll > Markdown``) showing the same Markdown, runs interleaved; target ratio <= 1.3.
* First text / full render for synthetic 1k/5k/15k-word articles, from the Article being in hand
  (target: first text within 150 ms for 15k words), next to a plain ``Markdown.update`` of the whole text.
* Key latency while a 15k-word article renders: event-loop stalls sampled every 10 ms, and the time a
  ``pilot.press`` takes during rendering vs idle.
* Every key's wait in a reading session on two 15k-word reports (``bench/keywait.py``): keys sent from a thread
  at real times, each timed to the frame that shows its effect (the bar: none over 50 ms, unnoticed by a reader).
* RSS after opening 500 pieces of the demo site through the real pipeline (target < 200 MB).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
URL = "http://127.0.0.1:9/bench/article"

WORDS = (
    "maritime deterrence logistics alliance harbor resilience cable budget doctrine shipyard convoy "
    "sensor network readiness treaty sanction energy corridor insurance coastline fleet"
).split()


# --------------------------------------------------------------------------- synthetic articles
def synthetic_markdown(words: int) -> str:
    """Headings, paragraphs of ~90 words with links and emphasis, a list every fourth section."""
    parts: list[str] = []
    written = 0
    section = 0
    while written < words:
        section += 1
        parts.append(f"## Section {section}: {WORDS[section % len(WORDS)].title()} questions")
        for paragraph in range(3):
            body = " ".join(WORDS[(section * 7 + paragraph * 3 + i) % len(WORDS)] for i in range(90))
            parts.append(
                f"{body.capitalize()}, as [one study](https://example.org/s{section}) argues, "
                f"and *the point* holds for **every** case."
            )
            written += 100
        if section % 4 == 0:
            parts.append("\n".join(f"- Item {i}: {WORDS[i]} and {WORDS[-i]}" for i in range(1, 6)))
            written += 20
    return "\n\n".join(parts) + "\n"


def synthetic_article(words: int, url: str = URL):
    from inkreader.model import Article, RelatedItem

    return Article(
        url=url,
        final_url=url,
        site="cnas",
        kind="report",
        title=f"A {words}-word report",
        markdown=synthetic_markdown(words),
        published="2026-01-15",
        authors=["A. Writer", "B. Analyst"],
        related=[RelatedItem(url=f"{url}/r{i}", title=f"Related piece {i}", kind="commentary") for i in range(8)],
        fetched_at="2026-01-15T10:00:00+00:00",
    )


def _long_lines_markdown() -> str:
    intro = "A short paragraph before the long lines, as an ordinary page would have.\n\n"
    return intro + "```\n" + "x = [" + "1, " * 333_333 + "]\n```\n\nBefore " + "w" * 1_000_000 + " after.\n"


def _table_markdown(rows: int) -> str:
    lines = ["| Entry | Port | Cargo |", "|---|---|---|"]
    lines += [f"| Row {n} | Port {n % 97} | {n * 7} tonnes |" for n in range(1, rows + 1)]
    return "A table follows.\n\n" + "\n".join(lines) + "\n"


class _StallSampler:
    """Samples how late a 5 ms sleep wakes up on the event loop: a key press waits as long as that.

    Each stall is kept twice: wall time, and the CPU time the main thread spent in it (``thread_time``). On a
    shared machine the wall figure includes time the OS gave to other processes; the CPU figure is the work
    our event loop did in one go, which is what a key waits for on an idle machine.
    """

    def __init__(self) -> None:
        self.stalls: list[tuple[float, float]] = []
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while True:
            t, c = time.perf_counter(), time.thread_time()
            await asyncio.sleep(0.005)
            wall = max(0.0, (time.perf_counter() - t - 0.005) * 1000)
            self.stalls.append((wall, (time.thread_time() - c) * 1000))

    def stop(self) -> list[tuple[float, float]]:
        self._task.cancel()
        return self.stalls or [(0.0, 0.0)]


def _percentiles(stalls: list[tuple[float, float]]) -> dict:
    wall = sorted(w for w, _ in stalls) or [0.0]
    cpu = sorted(c for _, c in stalls) or [0.0]
    return {
        "samples": len(wall),
        "p50_ms": statistics.median(wall),
        "p95_ms": wall[int(len(wall) * 0.95)],
        "max_ms": wall[-1],
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu[int(len(cpu) * 0.95)],
        "cpu_max_ms": cpu[-1],
    }


def _stall_text(row: dict) -> str:
    worst = row["cpu_max_ms"]
    return (
        f"wall median {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, worst {row['max_ms']:.0f} ms; "
        f"CPU on the loop median {row['cpu_p50_ms']:.0f} ms, p95 {row['cpu_p95_ms']:.0f} ms, worst {worst:.0f} ms "
        f"(target worst < 50 ms: {'met' if worst < 50 else 'NOT met'})"
    )


def _paint(app) -> None:
    """Render the screen's changed lines now (what the next frame does), so timings include drawing."""
    app.screen._compositor.render_update(full=True)


# --------------------------------------------------------------------------- children
def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_cold_minimal(markdown_file: str) -> None:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown

    text = Path(markdown_file).read_text(encoding="utf-8")

    class Minimal(App):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Markdown(open_links=False)

        async def on_mount(self) -> None:
            await self.query_one(Markdown).update(text)
            self.call_after_refresh(self._say_ready)

        def _say_ready(self) -> None:
            print("READY", flush=True)
            self.exit()

    Minimal().run(headless=True, size=SIZE)


def child_cold_inkreader(home: str) -> None:
    from inkreader.config import Settings, resolve_paths
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp

    reader = Reader(resolve_paths(home), settings=Settings(start_url=""), offline=True)

    class Timed(InkReaderApp):
        def on_ready(self) -> None:
            self.set_interval(0.002, self._check)

        def _check(self) -> None:
            main = self.main_screen
            if main is not None and "first_text" in main.view.timings and not main.view.loading:
                self.call_after_refresh(self._say_ready)

        def _say_ready(self) -> None:
            if not getattr(self, "_said", False):
                self._said = True
                print("READY", flush=True)
                self.exit()

    Timed(reader, URL, offline=True).run(headless=True, size=SIZE)


async def _render(words_list: list[int], hostile: bool = True) -> dict:
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown

    from inkreader.config import Settings, resolve_paths
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp

    results: dict = {"sizes": {}}
    with tempfile.TemporaryDirectory() as home:
        app = InkReaderApp(Reader(resolve_paths(home).ensure(), settings=Settings(start_url="")), None)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            await pilot.pause()
            warm = screen.run_worker(
                screen.controller.show_article(synthetic_article(500, URL + "/warm")), group="open"
            )
            await warm.wait()  # first-use costs (CSS, widget classes) are not a document's cost
            await pilot.pause()
            for words in words_list:
                article = synthetic_article(words)
                start = time.perf_counter()
                worker = screen.run_worker(screen.controller.show_article(article), group="open", exclusive=True)
                await worker.wait()
                timings = screen.view.timings
                results["sizes"][words] = {
                    "kib": round(len(article.markdown) / 1024, 1),
                    "first_text_ms": (timings["first_text"] - start) * 1000,
                    "full_ms": (timings["done"] - start) * 1000,
                }
                await pilot.pause()

            # Key latency while the longest one renders: a key waits for whatever the event loop is doing,
            # so sample the loop's stalls every 10 ms (pilot.press timings would include its own waiting).
            screen.view.focus_text()
            article = synthetic_article(max(words_list), url=URL + "/again")
            worker = screen.run_worker(screen.controller.show_article(article), group="open", exclusive=True)
            sampler = _StallSampler()
            await worker.wait()
            stalls = sampler.stop()
            scrolled_before = screen.view.scroller.scroll_y
            t = time.perf_counter()
            await pilot.press("j")
            results["keys"] = {
                **_percentiles(stalls),
                "idle_press_ms": (time.perf_counter() - t) * 1000,
                "scrolled": screen.view.scroller.scroll_y > scrolled_before,
            }

            # Keys once it is all in: a burst of j and PgDn, and the loop's stalls meanwhile (the bar: < 50 ms)
            await pilot.pause()
            screen.view.focus_text()
            sampler = _StallSampler()
            for key in ["j"] * 40 + ["pagedown"] * 20 + ["k"] * 20 + ["pageup"] * 10:
                await pilot.press(key)
            burst = sampler.stop()
            results["burst"] = {"keys": 90, **_percentiles(burst)}

            # Reading-pane navigation on the same long article
            from inkreader.tui.linknumbers import number_links

            view = screen.view
            t = time.perf_counter()
            numbered = number_links(article.markdown, article.links)
            numbering_ms = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            found = view.find("harbor")
            _paint(app)  # the highlighted lines drawn, as the next frame would
            find_ms = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            view.find_step(1)
            _paint(app)
            step_ms = (time.perf_counter() - t) * 1000
            view.clear_find()
            opened = {}
            for key, name in (("t", "contents"), ("u", "LinkListScreen")):
                t = time.perf_counter()
                await pilot.press(key)
                while not (screen.contents.display if name == "contents" else type(app.screen).__name__ == name):
                    await asyncio.sleep(0.005)
                await pilot.pause()
                opened[name] = (time.perf_counter() - t) * 1000
                await pilot.press("escape")
                await pilot.pause()
            results["nav"] = {
                "links": len(numbered.links),
                "numbering_ms": numbering_ms,
                "matches": found,
                "find_ms": find_ms,
                "step_ms": step_ms,
                "contents_ms": opened["contents"],
                "link_list_ms": opened["LinkListScreen"],
            }

            # hostile bodies: a 1 MB <pre> line with a 1 MB word, and a 5,000-row table
            if hostile:
                results["hostile"] = {}
                for name, markdown in (
                    ("1 MB code line + 1 MB word", _long_lines_markdown()),
                    ("5,000-row table", _table_markdown(5000)),
                ):
                    article = synthetic_article(10, url=URL + "/" + name.split()[1])
                    article.markdown = markdown
                    start = time.perf_counter()
                    worker = screen.run_worker(screen.controller.show_article(article), group="open", exclusive=True)
                    sampler = _StallSampler()
                    await worker.wait()
                    stalls = sampler.stop()
                    timings = screen.view.timings
                    results["hostile"][name] = {
                        "first_text_ms": (timings["first_text"] - start) * 1000,
                        "full_ms": (timings["done"] - start) * 1000,
                        **_percentiles(stalls),
                        "rss_mb": _rss_mb(),
                    }
                    await pilot.pause()

        # the same documents with one plain Markdown.update, for comparison
        class Plain(App):
            def compose(self):
                with VerticalScroll():
                    yield Markdown(open_links=False)

        plain = Plain()
        async with plain.run_test(size=SIZE) as pilot:
            document = plain.query_one(Markdown)
            await document.update(synthetic_markdown(500))  # the same warm-up
            await document.update("")
            await pilot.pause()
            for words in words_list:
                text = synthetic_markdown(words)
                start = time.perf_counter()
                first: list[float] = []

                async def watch(first: list[float], text: str) -> None:
                    while not first:
                        if len(document.children) and document.source == text:
                            first.append(time.perf_counter())
                        await asyncio.sleep(0.002)

                watcher = asyncio.ensure_future(watch(first, text))
                await document.update(text)
                full = time.perf_counter()
                await asyncio.sleep(0.005)
                watcher.cancel()
                results["sizes"][words]["plain_first_ms"] = ((first[0] if first else full) - start) * 1000
                results["sizes"][words]["plain_full_ms"] = (full - start) * 1000
                await document.update("")
                await pilot.pause()
    return results


def child_render(words: str, hostile: str = "1") -> None:
    print(json.dumps(asyncio.run(_render([int(w) for w in words.split(",")], hostile == "1"))), flush=True)


async def _memory(opens: int) -> dict:
    from inkreader.config import Settings, resolve_paths
    from inkreader.demo.server import DemoServer
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.links import LinkAction, classify_link

    with tempfile.TemporaryDirectory() as home, DemoServer(port=0) as server:
        reader = Reader(resolve_paths(home).ensure(), settings=Settings(start_url=server.start_url))
        app = InkReaderApp(reader, server.start_url)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.main_screen
            start_rss = _rss_mb()
            seen: list[str] = []

            def collect() -> None:
                # cards first; the links in the body too, should the page give no cards
                candidates = [item.url for item in screen.related.items]
                candidates += [link.url for link in (screen.article.links if screen.article else [])]
                for url in candidates:
                    verdict = classify_link(url, None)
                    if (
                        verdict.action is LinkAction.OPEN
                        and verdict.url.startswith(server.base_url)
                        and verdict.url not in seen
                    ):
                        seen.append(verdict.url)

            collect()
            if not seen:
                raise RuntimeError("the demo start page offers nothing to open")
            errors = 0
            checkpoints: dict[int, float] = {}
            for n in range(opens):
                if n + 1 in (1, 100, 250, 500) or n + 1 == opens:
                    checkpoints[n + 1] = -1.0  # filled in after the open below
                url = seen[n % len(seen)]
                screen.open_location(url)
                await app.workers.wait_for_complete()
                await pilot.pause()
                if screen.article is None or screen.article.url != url:
                    errors += 1
                collect()
                if n + 1 in checkpoints:
                    checkpoints[n + 1] = _rss_mb()
            return {
                "opens": opens,
                "distinct": len(seen),
                "errors": errors,
                "rss_start_mb": start_rss,
                "rss_end_mb": _rss_mb(),
                "checkpoints": checkpoints,
            }


def child_memory(opens: str) -> None:
    print(json.dumps(asyncio.run(_memory(int(opens)))), flush=True)


# --------------------------------------------------------------------------- parent
def _child(*args: str, timeout: float = 600) -> tuple[str, float]:
    """Run a child; returns (its last stdout line, seconds from spawn to its READY/last line)."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.tui", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = ""
    elapsed = 0.0
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = raw.strip()
        elapsed = time.perf_counter() - start
        if line == "READY":
            break
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    if proc.returncode not in (0, None) or not line:
        raise RuntimeError(f"bench child {args[0]} failed: {err.strip()[-500:]}")
    return line, elapsed


def _import_ms(module: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], cwd=REPO, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _prepare_cached(home: str, markdown_file: str, words: int) -> None:
    """A library holding one article, so the app opens it offline (what a cached start page does)."""
    from inkreader.config import resolve_paths
    from inkreader.store import Library

    article = synthetic_article(words)
    Path(markdown_file).write_text(article.markdown, encoding="utf-8")
    library = Library.open(resolve_paths(home).ensure())
    try:
        library.put_article(article)
    finally:
        library.close()


def run(quick: bool = False) -> str:
    lines = ["## TUI (Textual reader)", ""]
    runs = 3 if quick else 7
    cold_words = 1500
    with tempfile.TemporaryDirectory() as tmp:
        home = str(Path(tmp) / "home")
        markdown_file = str(Path(tmp) / "article.md")
        _prepare_cached(home, markdown_file, cold_words)
        minimal: list[float] = []
        ours: list[float] = []
        for _ in range(runs):
            minimal.append(_child("cold-minimal", markdown_file)[1])
            ours.append(_child("cold-inkreader", home)[1])
    m_med, o_med = statistics.median(minimal), statistics.median(ours)
    ratio = o_med / m_med
    lines += [
        f"### Cold start to a cached {cold_words}-word article on screen (median of {runs}, headless 120×40)",
        "",
        "| app | median | min | max |",
        "|---|---|---|---|",
        f"| minimal Textual app (`VerticalScroll > Markdown`, one `update`) | {m_med * 1000:.0f} ms | "
        f"{min(minimal) * 1000:.0f} ms | {max(minimal) * 1000:.0f} ms |",
        f"| inkreader (offline open from the library) | {o_med * 1000:.0f} ms | {min(ours) * 1000:.0f} ms | "
        f"{max(ours) * 1000:.0f} ms |",
        "",
        f"Ratio inkreader / minimal: **{ratio:.2f}×** (target ≤ 1.3×: {'met' if ratio <= 1.3 else 'NOT met'}).",
        "",
    ]
    imports = {
        name: _import_ms(name, runs)
        for name in ("textual.app", "inkreader.tui.app", "inkreader.reader", "inkreader.extract", "inkreader.fetch")
    }
    lines += [
        "Where the difference goes — a bare `python -c 'import X'` (median, whole process): "
        + ", ".join(f"`{name}` {ms:.0f} ms" for name, ms in imports.items())
        + ". The TUI package adds little to Textual; extraction (lxml, bs4, markdownify) and the fetcher "
        "(httpx) are imported on first use, so opening a cached article loads neither.",
        "",
    ]

    sizes = [1000, 5000] if quick else [1000, 5000, 15000]
    render = json.loads(_child("render", ",".join(map(str, sizes)))[0])
    lines += [
        "### Long documents: from the Article in hand to text on screen",
        "",
        "| words | Markdown | first text | full render | plain `Markdown.update`: first blocks / full |",
        "|---|---|---|---|---|",
    ]
    for words in sizes:
        row = render["sizes"][str(words)]
        lines.append(
            f"| {words:,} | {row['kib']} KiB | **{row['first_text_ms']:.0f} ms** | {row['full_ms']:.0f} ms | "
            f"{row['plain_first_ms']:.0f} ms / {row['plain_full_ms']:.0f} ms |"
        )
    longest = render["sizes"][str(max(sizes))]["first_text_ms"]
    keys = render["keys"]
    lines += [
        "",
        f"Target: first text within 150 ms for the longest: {'met' if longest <= 150 else 'NOT met'} "
        f"({longest:.0f} ms).",
        "",
        f"Key latency while a {max(sizes):,}-word article renders (event-loop stalls, {keys['samples']} samples "
        f"of a 5 ms sleep): {_stall_text(keys)}. "
        f"A `pilot.press` once idle: {keys['idle_press_ms']:.0f} ms (~40 ms of that is the pilot's own).",
        "",
    ]

    burst = render.get("burst")
    if burst:
        lines += [
            f"Keys once it is all in: {burst['keys']} presses of j / PgDn / k / PgUp; event-loop stalls meanwhile "
            f"({burst['samples']} samples of a 5 ms sleep): {_stall_text(burst)}.",
            "",
        ]
    hostile = render.get("hostile")
    if hostile:
        lines += [
            "| hostile body | first text | full | stalls wall p50 / p95 / worst | CPU p95 / worst | RSS after |",
            "|---|---|---|---|---|---|",
        ]
        for name, row in hostile.items():
            lines.append(
                f"| {name} | {row['first_text_ms']:.0f} ms | {row['full_ms']:.0f} ms | "
                f"{row['p50_ms']:.0f} / {row['p95_ms']:.0f} / {row['max_ms']:.0f} ms | "
                f"{row['cpu_p95_ms']:.0f} / {row['cpu_max_ms']:.0f} ms | {row['rss_mb']:.0f} MB |"
            )
        lines.append("")
    nav = render["nav"]
    lines += [
        f"Navigation on the {max(sizes):,}-word article: numbering its {nav['links']} links "
        f"{nav['numbering_ms']:.0f} ms (before the first text); find highlighting {nav['matches']} matches "
        f"{nav['find_ms']:.0f} ms, next match {nav['step_ms']:.0f} ms; `t` contents (list pane) open in "
        f"{nav['contents_ms']:.0f} ms, `u` link list in {nav['link_list_ms']:.0f} ms (each including a "
        "pilot press).",
        "",
    ]

    lines += session_section(json.loads(_child("session")[0]))

    opens = 40 if quick else 500
    memory = json.loads(_child("memory", str(opens), timeout=1800)[0])
    lines += [
        f"### Memory after opening {memory['opens']} pieces of the demo site (real fetch/extract/store)",
        "",
        f"RSS {memory['rss_start_mb']:.0f} MB after the start page → **{memory['rss_end_mb']:.0f} MB** after "
        f"{memory['opens']} opens of {memory['distinct']} distinct pages ({memory['errors']} failed) — "
        f"target < 200 MB: {'met' if memory['rss_end_mb'] < 200 else 'NOT met'}.",
    ]
    checkpoints = memory.get("checkpoints") or {}
    if checkpoints:
        marks = sorted((int(k), v) for k, v in checkpoints.items())
        lines[-1] += " RSS after " + ", ".join(f"{n} opens {mb:.0f} MB" for n, mb in marks) + "."
        if len(marks) >= 3:
            (n1, m1), (n2, m2) = marks[1], marks[-1]
            lines[-1] += f" Growth from {n1} to {n2} opens: {(m2 - m1) * 1024 / max(1, n2 - n1):.0f} KB per open."
    return "\n".join(lines)


def session_section(session: dict) -> list[str]:
    """The key-wait session (bench/keywait.py) as Markdown lines."""
    from bench.keywait import SESSION_WORDS

    worst = session["wait_max_ms"]
    lines = [
        f"### Every key's wait in a reading session on two {SESSION_WORDS:,}-word reports",
        "",
        "Keys arrive from a thread at real times (held j / PgDn repeat every 40 ms, typing every 120 ms); a key's "
        "wait runs from its arrival to the end of the first frame painted after the app handled it, with its "
        "effect there (highlights for a find letter, the hint for a digit, the dialog for `u`), including what "
        "a terminal driver does with the frame. CPU: the event loop's own CPU time over the same span (what "
        "other processes on this shared machine cannot inflate). "
        + (
            f"Keys held back while a page loaded (they apply to the new page): {session['held']}, "
            f"the longest {session['held_max_ms']:.0f} ms."
            if session["held"]
            else ""
        ),
        "",
        "| keys | n | wait p50 | wait max | loop CPU max |",
        "|---|---|---|---|---|",
    ]
    for label, row in session["by_label"].items():
        lines.append(
            f"| {label} | {row['n']} | {row['p50_ms']:.0f} ms | {row['max_ms']:.0f} ms | "
            f"{row.get('cpu_max_ms', 0.0):.0f} ms |"
        )
    opens = session["opens"]
    stalls = session["stalls"]
    lines += [
        "",
        f"All {session['keys']} keys: wait p50 {session['wait_p50_ms']:.0f} ms, **p95 {session['wait_p95_ms']:.0f} ms, "
        f"worst {worst:.0f} ms** (CPU p50 {session['cpu_wait_p50_ms']:.0f} / p95 {session['cpu_wait_p95_ms']:.0f} / "
        f"worst {session['cpu_wait_max_ms']:.0f} ms); target worst < 50 ms: {'met' if worst < 50 else 'NOT met'}. "
        f"Following link 1 to the second report: its first text {opens['second']:.0f} ms after Enter, all of it "
        f"{opens['second_done']:.0f} ms; back (h): {opens['back']:.0f} ms. Event loop over the session "
        f"({stalls['samples']} samples of a 5 ms sleep): {_stall_text(stalls)}. {session['frames']} frames, the "
        f"longest {session['frame_max_ms']:.0f} ms; {session['gc_count']} garbage collections, the longest "
        f"{session['gc_max_ms']:.0f} ms ("
        + (
            f"full ones: {', '.join(f'{ms:.0f}' for ms in session['gc_full'])} ms"
            if session["gc_full"]
            else "none full"
        )
        + ").",
        "",
    ]
    return lines


def child_session(profile: str = "") -> None:
    from bench.keywait import child_session as run_session

    run_session(profile)


CHILDREN = {
    "session": child_session,
    "cold-minimal": child_cold_minimal,
    "cold-inkreader": child_cold_inkreader,
    "render": child_render,
    "memory": child_memory,
}

if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] in CHILDREN:
        CHILDREN[sys.argv[1]](*sys.argv[2:])
    else:
        print(run(quick="--quick" in sys.argv))
