"""Key waits in a reading session on long reports: from a key's arrival to the frame that shows its effect.

A child of ``bench/tui.py`` (``python -m bench.tui session [profile]``). The app opens a cached 15,000-word
report offline; keys then arrive from a thread, as a terminal driver delivers them (so a busy event loop makes
them wait, as it would a person): j and PgDn held down (auto-repeat, a key every 40 ms), End and Home, find
typed letter by letter and stepped with n, the link list, a link number, following it to a second long report
(keys pressed while it loads) and back. A key's wait ends with the first frame painted after the app has
handled it and its effect is there (the highlights for a find letter, the hint for a digit, the dialog for
``u``...). Frames are what Textual paints, plus what a real terminal driver does with them on the loop (the
escape sequences, ``render_segments``); headless runs skip that.

Also measured: every event-loop step (asyncio handle) that ran 20 ms or more, with what ran it, and GC pauses,
so the slow frames can be named (``profile`` prints them to stderr).
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SESSION_WORDS = 15_000
WATCH_SECONDS = 3.0  # how long after its arrival a key's frames are watched for its effect
QUIET_AFTER = 0.3  # no frame this long after a key was handled: the frames painted with its effect were all before
REPEAT_GAP = 0.040  # auto-repeat of a held key: 25 a second
TYPING_GAP = 0.120  # a person typing
SLOW_STEP_MS = float(os.environ.get("KEYWAIT_SLOW_STEP_MS", "20"))
PROFILE_FRAMES_OVER = float(os.environ.get("KEYWAIT_PROFILE_OVER_MS", "15")) / 1000
FRAME_NOTE_OVER = float(os.environ.get("KEYWAIT_FRAME_NOTE_OVER_MS", "15")) / 1000
USE_CPROFILE = os.environ.get("KEYWAIT_CPROFILE", "1") == "1"  # 0: name the slow frames without profiling them
LOOP_CPU_CLOCK = time.pthread_getcpuclockid(threading.main_thread().ident or 0)


@dataclass
class KeyRecord:
    key: str
    label: str
    sent: float
    done: Callable[[], bool] | None = None
    handled: float = 0.0
    shown: float = 0.0
    held: bool = False  # kept back while a page loaded (then the wait includes the load)
    event: Any = None  # kept alive so that its id() stays its own
    sent_cpu: float = 0.0  # the event loop's own CPU time (a busy machine cannot inflate it)
    shown_cpu: float = 0.0
    candidates: list[tuple[float, float, float]] = field(default_factory=list)
    """(start, end, loop CPU at the end) of the frames painted while the key's effect was there."""

    def settle(self) -> bool:
        """Shown: the first frame that began after the key's last handler returned, with its effect there.

        A key passes through several handlers (the app, the focused widget, its parents as it bubbles; held keys
        once more when replayed); ``handled`` is when the last one returned, known only once it has.
        """
        if not self.handled:
            return False
        after = next((frame for frame in self.candidates if frame[0] >= self.handled), None)
        before = [frame for frame in self.candidates if frame[0] < self.handled]
        # A key whose effect is checked may have it painted before its last handler returned, with no frame
        # of its own after (Esc closing a kept dialog: the screen below is painted while the key is still on its
        # way out of the dialog's handlers); a frame long after that is the next key's, so that one counts.
        late = after is None or after[0] - self.handled > QUIET_AFTER
        if self.done is not None and before and late:
            if after is None and time.perf_counter() - self.handled < QUIET_AFTER:
                return False  # a frame of its own may still come
            _, self.shown, self.shown_cpu = before[-1]
            return True
        if after is not None:
            _, self.shown, self.shown_cpu = after
            return True
        return False


@dataclass
class Probe:
    """The instruments: frames, key handling, slow loop steps, GC pauses."""

    frames: list[tuple[float, float]] = field(default_factory=list)
    keys: dict[int, KeyRecord] = field(default_factory=dict)
    pending: list[KeyRecord] = field(default_factory=list)
    slow_steps: list[tuple[float, float, str]] = field(default_factory=list)
    gc_pauses: list[tuple[float, int, float]] = field(default_factory=list)
    frame_start: float | None = None
    profiles: list[Any] = field(default_factory=list)
    frame_notes: str = ""
    verbose: bool = False
    _gc_start: float = 0.0
    _gc_cpu: float = 0.0
    gc_cpu: list[float] = field(default_factory=list)

    def frame_painted(self, start: float, end: float) -> None:
        self.frames.append((start, end))
        cpu = time.thread_time()
        still: list[KeyRecord] = []
        for record in self.pending:
            if record.handled and (record.done is None or record.done()):
                record.candidates.append((start, end, cpu))
            if end - record.sent < WATCH_SECONDS:
                still.append(record)
        self.pending = still

    def all_shown(self) -> bool:
        return all(record.settle() for record in self.keys.values())

    def gc_callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
            self._gc_cpu = time.thread_time()
        else:
            now = time.perf_counter()
            self.gc_pauses.append((now, info.get("generation", -1), (now - self._gc_start) * 1000))
            self.gc_cpu.append((time.thread_time() - self._gc_cpu) * 1000)
            if self.verbose and self.gc_pauses[-1][2] >= 5:
                print(
                    f"{self._gc_start:.3f} gc gen{self.gc_pauses[-1][1]} {self.gc_pauses[-1][2]:.1f} ms",
                    file=sys.stderr,
                )


def _install(probe: Probe, profile: bool) -> None:
    """Wrap the few Textual methods that mark a frame and a key's handling, and asyncio's step runner."""
    from textual import events
    from textual._compositor import CompositorUpdate
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

    original_timer_update = Screen._on_timer_update
    original_refresh_layout = Screen._refresh_layout
    original_display = App._display
    original_dispatch = MessagePump._dispatch_message
    original_on_event = App.on_event

    def timer_update(self: Screen) -> None:
        outer = probe.frame_start is None
        if outer:
            probe.frame_start = time.perf_counter()
        profiler = None
        if profile and outer:
            probe.frame_notes = (
                f"layout={self._layout_required} scroll={self._scroll_required} repaint={self._repaint_required} "
                + ",".join(sorted(type(w).__name__ + (f"#{w.id}" if w.id else "") for w in self._dirty_widgets))
            )
            if USE_CPROFILE:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
        try:
            original_timer_update(self)
        finally:
            if profiler is not None:
                profiler.disable()
            took = time.perf_counter() - (probe.frame_start or 0.0)
            if profile and outer and took > FRAME_NOTE_OVER:
                if profiler is not None and took > PROFILE_FRAMES_OVER:
                    probe.profiles.append(profiler)
                print(f"{probe.frame_start:.3f} frame {took * 1000:.1f} ms {probe.frame_notes}", file=sys.stderr)
            if outer:
                probe.frame_start = None

    def refresh_layout(self: Screen, size: Any = None, scroll: bool = False) -> None:
        outer = probe.frame_start is None
        if outer:
            probe.frame_start = time.perf_counter()
        try:
            original_refresh_layout(self, size, scroll)
        finally:
            if outer:
                probe.frame_start = None

    def display(self: App, screen: Screen, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.console)  # what the terminal driver would write
        end = time.perf_counter()
        probe.frame_painted(probe.frame_start if probe.frame_start is not None else end, end)

    async def dispatch(self: MessagePump, message: Any) -> None:
        try:
            await original_dispatch(self, message)
        finally:
            if isinstance(message, events.Key):
                record = probe.keys.get(id(message))
                if record is not None:
                    main = getattr(self, "_main", None)
                    if main is not None and any(held is message for held in main.controller.held_keys):
                        record.held = True  # handled when the app replays it (App.on_event below)
                    else:
                        record.handled = max(record.handled, time.perf_counter())

    async def on_event(self: App, event: Any) -> None:
        try:
            await original_on_event(self, event)
        finally:
            if isinstance(event, events.Key):
                record = probe.keys.get(id(event))
                if record is not None:
                    record.handled = max(record.handled, time.perf_counter())

    import inkreader.tui.app as app_module

    original_run_key_bindings = app_module.run_key_bindings

    async def run_key_bindings(app: Any, event: Any) -> bool | None:
        # a held key replayed at once (not through App.on_event) is handled when this returns True
        handled = await original_run_key_bindings(app, event)
        record = probe.keys.get(id(event))
        if record is not None and handled is not None:
            record.handled = max(record.handled, time.perf_counter())
        return handled

    app_module.run_key_bindings = run_key_bindings
    Screen._on_timer_update = timer_update  # type: ignore[method-assign]
    Screen._refresh_layout = refresh_layout  # type: ignore[method-assign]
    App._display = display  # type: ignore[method-assign]
    MessagePump._dispatch_message = dispatch  # type: ignore[method-assign]
    App.on_event = on_event  # type: ignore[method-assign]

    original_run = asyncio.events.Handle._run

    def run(self: asyncio.events.Handle) -> None:
        start = time.perf_counter()
        original_run(self)
        took = (time.perf_counter() - start) * 1000
        if took >= SLOW_STEP_MS:
            probe.slow_steps.append((start, took, _describe(self) if profile else ""))
            if profile:
                print(f"{start:.3f} slow step {took:6.1f} ms  {probe.slow_steps[-1][2]}", file=sys.stderr)

    asyncio.events.Handle._run = run  # type: ignore[method-assign]
    gc.callbacks.append(probe.gc_callback)


def _describe(handle: asyncio.events.Handle) -> str:
    callback = getattr(handle, "_callback", None)
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro = task.get_coro()
        frame = getattr(coro, "cr_frame", None)
        where = f" at {frame.f_code.co_filename.rsplit('/', 2)[-1]}:{frame.f_lineno}" if frame else ""
        return f"task {getattr(coro, '__qualname__', coro)}{where}"
    return repr(callback)[:160]


def _articles(home: str) -> tuple[str, str]:
    from bench.tui import URL, synthetic_article
    from inkreader.config import resolve_paths
    from inkreader.store import Library

    first, second = URL + "/session-a", URL + "/session-b"
    library = Library.open(resolve_paths(home).ensure())
    try:
        for url, other, name in ((first, second, "companion"), (second, first, "first")):
            article = synthetic_article(SESSION_WORDS, url=url)
            article.markdown = f"This report has a [{name} report]({other}).\n\n" + article.markdown
            library.put_article(article)
    finally:
        library.close()
    return first, second


class KeySender:
    """Sends keys from a thread at real times, as a terminal driver does; the app's loop may be busy."""

    def __init__(self, app: Any, probe: Probe, profile: bool = False) -> None:
        self.app = app
        self.probe = probe
        self.profile = profile

    def _send(self, key: str, label: str, done: Callable[[], bool] | None) -> None:
        from textual import events

        character = key if len(key) == 1 else {"space": " ", "slash": "/"}.get(key)
        event = events.Key(key, character)
        event.set_sender(self.app)
        record = KeyRecord(key, label, time.perf_counter(), done, event=event)
        record.sent_cpu = time.clock_gettime(LOOP_CPU_CLOCK)
        if self.profile:
            print(f"{record.sent:.3f} key {label}", file=sys.stderr)
        self.probe.keys[id(event)] = record
        self.probe.pending.append(record)
        self.app._driver.send_message(event)

    async def run(self, keys: list[tuple[str, str, Callable[[], bool] | None]], gap: float) -> None:
        def send_all() -> None:
            for index, (key, label, done) in enumerate(keys):
                if index:
                    time.sleep(gap)
                self._send(key, label, done)

        await asyncio.to_thread(send_all)


async def _until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise RuntimeError("the session got stuck waiting for the app")
        await asyncio.sleep(0.005)


async def _session(profile: bool) -> dict[str, Any]:
    from bench.tui import SIZE, _percentiles, _StallSampler
    from inkreader.config import Settings, resolve_paths
    from inkreader.reader import Reader
    from inkreader.tui.app import InkReaderApp
    from inkreader.tui.screens.navigation import LinkListScreen

    probe = Probe(verbose=profile)
    with tempfile.TemporaryDirectory() as home:
        first_url, second_url = _articles(home)
        reader = Reader(resolve_paths(home), settings=Settings(start_url=""), offline=True)
        app = InkReaderApp(reader, first_url, offline=True, settle_heap=True)  # as run_tui makes it
        _install(probe, profile)
        opens: dict[str, float] = {}
        async with app.run_test(size=SIZE) as pilot:
            main = app.main_screen
            assert main is not None
            view = main.view

            def shown(url: str, after: float = 0.0, stage: str = "done") -> Callable[[], bool]:
                def check() -> bool:
                    timings = view.timings
                    return (
                        main.article is not None
                        and main.article.url == url
                        and timings.get("start", 0.0) > after
                        and stage in timings
                    )

                return check

            def opening(url: str, after: float) -> Callable[[], bool]:
                # the key's effect: the loading indicator, or already the new page's first screen
                return lambda: main.controller.page_loading or shown(url, after, "first_text")()

            await _until(shown(first_url))
            await pilot.pause()
            await asyncio.sleep(0.3)
            sender = KeySender(app, probe, profile)
            sampler = _StallSampler()

            async def keys(items: list[str], gap: float, label: str, done: Callable[[], bool] | None = None) -> None:
                await sender.run([(key, label, done) for key in items], gap)
                await _until(probe.all_shown)
                await asyncio.sleep(0.15)

            def finds(text: str) -> Callable[[], bool]:
                return lambda: view.find_query == text

            view.focus_text()
            await pilot.pause()
            await keys(["j"] * 30, REPEAT_GAP, "j held")
            await keys(["pagedown"] * 15, REPEAT_GAP, "PgDn held")
            await keys(["end"], TYPING_GAP, "End")
            await keys(["home"], TYPING_GAP, "Home")
            await keys(["pagedown"] * 5 + ["pageup"] * 5, TYPING_GAP, "PgDn / PgUp")
            await keys(["tab"], TYPING_GAP, "Tab (to the list)", lambda: main.related.has_focus)
            await keys(["j", "j"], TYPING_GAP, "j in the list")
            await keys(["tab"], TYPING_GAP, "Tab (to the text)", lambda: view.text_has_focus)
            await keys(["slash"], TYPING_GAP, "/ (find bar)", lambda: main.finding)
            query = ""
            for letter in "harbor":
                query += letter
                await sender.run([(letter, "find letter", finds(query))], 0)
                await asyncio.sleep(TYPING_GAP)
            await _until(probe.all_shown)
            await asyncio.sleep(0.15)
            await keys(["enter"], TYPING_GAP, "Enter (to the text)", lambda: view.text_has_focus)
            await keys(["n"] * 8, TYPING_GAP, "n (next match)")
            await keys(["escape"], TYPING_GAP, "Esc (find closed)", lambda: not view.matches)
            await keys(["u"], TYPING_GAP, "u (link list)", lambda: isinstance(app.screen, LinkListScreen))
            await keys(["escape"], TYPING_GAP, "Esc (link list closed)", lambda: app.screen is main)
            await keys(["1"], TYPING_GAP, "1 (link number hint)", lambda: main.number_entry.active)
            # Enter follows link 1 to the second report; j held meanwhile (kept until it is on screen)
            t = time.perf_counter()
            await sender.run([("enter", "Enter (follow link 1)", opening(second_url, t))], 0)
            await sender.run([("j", "j while opening", None) for _ in range(5)], REPEAT_GAP)
            await _until(shown(second_url, t))
            opens["second"] = (view.timings["first_text"] - t) * 1000
            opens["second_done"] = (view.timings["done"] - t) * 1000
            await _until(probe.all_shown)
            await asyncio.sleep(0.3)
            await keys(["j"] * 20, REPEAT_GAP, "j held")
            await keys(["pagedown"] * 10, REPEAT_GAP, "PgDn held")
            t = time.perf_counter()
            await sender.run([("h", "h (back)", opening(first_url, t))], 0)
            await _until(shown(first_url, t))
            opens["back"] = (view.timings["first_text"] - t) * 1000
            await _until(probe.all_shown)
            await asyncio.sleep(0.3)
            await keys(["j"] * 20, REPEAT_GAP, "j held")
            stalls = sampler.stop()
            if profile:
                from collections import Counter

                alive = gc.get_objects()
                print(f"unfrozen objects at the end: {len(alive)}", file=sys.stderr)
                print(Counter(type(o).__name__ for o in alive).most_common(20), file=sys.stderr)
                del alive
        gc.callbacks.remove(probe.gc_callback)

    records = list(probe.keys.values())
    for record in records:
        record.settle()
    waits = sorted((r.shown - r.sent) * 1000 for r in records if r.shown and not r.held)
    cpu_waits = sorted((r.shown_cpu - r.sent_cpu) * 1000 for r in records if r.shown and not r.held)
    held = sorted((r.shown - r.sent) * 1000 for r in records if r.shown and r.held)
    unshown = [r.label for r in records if not r.shown]
    by_label: dict[str, list[float]] = {}
    cpu_by_label: dict[str, list[float]] = {}
    for record in records:
        if record.shown:
            by_label.setdefault(record.label, []).append((record.shown - record.sent) * 1000)
            cpu_by_label.setdefault(record.label, []).append((record.shown_cpu - record.sent_cpu) * 1000)
    worst = sorted(records, key=lambda r: (r.shown - r.sent) if r.shown else 0, reverse=True)[:8]
    result: dict[str, Any] = {
        "keys": len(records),
        "unshown": unshown,
        "wait_p50_ms": statistics.median(waits) if waits else 0.0,
        "wait_p95_ms": waits[int(len(waits) * 0.95)] if waits else 0.0,
        "wait_max_ms": waits[-1] if waits else 0.0,
        "cpu_wait_p50_ms": statistics.median(cpu_waits) if cpu_waits else 0.0,
        "cpu_wait_p95_ms": cpu_waits[int(len(cpu_waits) * 0.95)] if cpu_waits else 0.0,
        "cpu_wait_max_ms": cpu_waits[-1] if cpu_waits else 0.0,
        "held": len(held),
        "held_max_ms": held[-1] if held else 0.0,
        "by_label": {
            label: {
                "n": len(v),
                "max_ms": max(v),
                "p50_ms": statistics.median(v),
                "cpu_max_ms": max(cpu_by_label[label]),
            }
            for label, v in by_label.items()
        },
        "worst": [(r.label, (r.shown - r.sent) * 1000) for r in worst],
        "worst_cpu": sorted(
            ((r.label, round((r.shown_cpu - r.sent_cpu) * 1000, 1)) for r in records if r.shown and not r.held),
            key=lambda pair: -pair[1],
        )[:8],
        "opens": opens,
        "stalls": _percentiles(stalls),
        "frames": len(probe.frames),
        "frame_max_ms": max((e - s) * 1000 for s, e in probe.frames) if probe.frames else 0.0,
        "gc_max_ms": max((ms for _, _, ms in probe.gc_pauses), default=0.0),
        "gc_count": len(probe.gc_pauses),
        "gc_cpu_max_ms": max(probe.gc_cpu, default=0.0),
        "gc_full": [round(ms, 1) for _, generation, ms in probe.gc_pauses if generation == 2],
        "slow_steps": len(probe.slow_steps),
    }
    if profile:
        for record in records:
            print(
                f"{record.label:24} sent {record.sent:.3f} handled +{(record.handled - record.sent) * 1000:5.1f} "
                f"shown +{(record.shown - record.sent) * 1000:5.1f} ms{' (held)' if record.held else ''}",
                file=sys.stderr,
            )
    if profile and probe.profiles:
        import pstats

        stats = pstats.Stats(probe.profiles[0], stream=sys.stderr)
        for extra in probe.profiles[1:]:
            stats.add(extra)
        print(f"{len(probe.profiles)} frames over 15 ms", file=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return result


def child_session(profile: str = "") -> None:
    import json

    print(json.dumps(asyncio.run(_session(profile == "profile"))), flush=True)
