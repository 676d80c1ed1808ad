"""The one place inkreader reaches into Textual's private modules (Textual is pinned in pyproject.toml).

Three workarounds change Textual itself, for the whole process: :func:`install_workarounds` puts them in when the
app starts (``InkReaderApp.__init__``), never at import, and only on the Textual they were written for
(:data:`WRITTEN_FOR`); on any other version it leaves Textual as it is and logs a note saying so:

* ``textual._styles_cache.StylesCache.get_inner_outer``: :func:`keep_style_caches_from_holding_widgets`.
* ``Timer._run`` (and ``textual._time``): :func:`tick_on_the_next_beat`, the fix of a skipped frame; a
  word-for-word copy of Textual 8.2.8's loop with one line changed.
* ``Reactive._repaint`` of ``Screen.focused``: :func:`focus_moves_without_repainting_the_screen`.

The rest reads private names with a working fallback where Textual moves them, or subclasses a private hook:

* ``textual._slug`` (``slug``, ``TrackedSlugs``): the GitHub-style anchors that Textual's own ``Markdown`` widget
  gives headings. A link to ``#some-heading`` must land where Textual's rule puts that anchor, so we use
  Textual's function rather than a look-alike. If the module moves or is renamed, the copy below takes over (same
  rules as Textual 8.2.8); if Textual changes its rules, our anchors stay as they are.
* Watchers (``obj.__watchers``), ``Footer._bindings_ready`` and ``FooterKey`` (``_disabled``):
  :func:`forget_removed_watchers`, :func:`footer_key_class`, :func:`footer_key_enabled`,
  :func:`set_footer_key_enabled` and :func:`footer_bindings_ready`, for
  :class:`~inkreader.tui.widgets.footer.ReaderFooter`.
* ``App._get_screen``: :func:`start_screen` (a dialog composed ahead of its first opening).
* ``App._check_bindings``, ``Screen._modal_binding_chain``, ``textual._dispatch_key``: :func:`run_key_bindings`
  (a held key handled at once, as its trip through the widgets' message queues would end).
* ``Input._watch_selection``: :class:`UnseenInput` (an input on a screen composed ahead, not yet shown).

Nothing else in ``inkreader.tui`` may import a private Textual name (``textual._*``, ``textual.widgets._*``),
override a private method of a Textual class or read a private attribute of a Textual object;
``tests/test_textual_compat.py`` checks the imports and the overrides.

On a Textual upgrade: check each name above in the new Textual, compare ``Timer._run`` with the copy in
:func:`tick_on_the_next_beat`, then move :data:`WRITTEN_FOR` with the pin (the note in the log says when they
differ) and run ``tests/test_textual_compat.py``, the Pilot tests and ``tests/test_snapshots.py``.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from string import punctuation
from typing import Any
from urllib.parse import quote

from textual.widgets import Input

try:  # pragma: no cover - which branch runs depends on the installed Textual
    from textual._slug import TrackedSlugs, slug
except ImportError:  # pragma: no cover
    _REMOVABLE = punctuation.replace("-", "").replace("_", "")
    _NONLINGUAL = (
        r"\U000024C2-\U0001F251\U00002702-\U000027B0\U0001F1E0-\U0001F1FF\U0001F300-\U0001F5FF"
        r"\U0001F600-\U0001F64F\U0001F680-\U0001F6FF\U0001F900-\U0001F9FF\u200D\u2640-\u2642"
    )
    _STRIP = re.compile(f"[{re.escape(_REMOVABLE)}{_NONLINGUAL}]+")

    def slug(text: str) -> str:
        return quote(re.sub(r"\s", "-", _STRIP.sub("", text.strip().lower())))

    class TrackedSlugs:  # type: ignore[no-redef]
        def __init__(self) -> None:
            self._used: defaultdict[str, int] = defaultdict(int)

        def slug(self, text: str) -> str:
            base = slug(text)
            used = self._used[base]
            self._used[base] += 1
            return f"{base}-{used}" if used else base


__all__ = ["WRITTEN_FOR", "TrackedSlugs", "install_workarounds", "slug"]

log = logging.getLogger(__name__)

WRITTEN_FOR = "8.2.8"
"""The Textual release the workarounds that patch Textual were written against (pyproject.toml pins it)."""


@lru_cache(maxsize=1)
def textual_version() -> str:
    """The installed Textual's version. Read from the name of its ``.dist-info`` folder beside the package when
    there is one (under 1 ms); ``importlib.metadata`` scans every distribution on the path (10-20 ms at start)."""
    import textual

    found = list(Path(textual.__file__).parent.parent.glob("textual-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix("textual-").removesuffix(".dist-info")
    from importlib.metadata import PackageNotFoundError, version  # pragma: no cover - another layout

    try:  # pragma: no cover
        return version("textual")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def install_workarounds(running: str | None = None) -> list[str]:
    """Patch Textual where it needs it (see the module's docstring), if the running Textual is the one the patches
    were written for; returns the names of those put in. On another version Textual is left as it ships and a
    note is logged once a process: a patch copied from one release can undo a fix in the next.

    ``running``: the version to judge by (default: the installed Textual's); tests pass another one."""
    running = running or textual_version()
    patches = (keep_style_caches_from_holding_widgets, tick_on_the_next_beat, focus_moves_without_repainting_the_screen)
    names = [patch.__name__ for patch in patches]
    if running != WRITTEN_FOR:
        if running not in _noted:
            _noted.add(running)
            log.warning(
                "Textual %s is running; inkreader's workarounds for Textual %s are off: %s",
                running,
                WRITTEN_FOR,
                ", ".join(names),
            )
        return []
    for patch in patches:
        patch()
    return names


_noted: set[str] = set()  # the versions already noted in the log


def forget_removed_watchers(obj: object) -> None:
    """Drop the ``watch``/``data_bind`` watchers on ``obj`` whose widget has been removed. Textual drops them only
    when the watched attribute next changes, and keeps the removed widgets alive until then."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(obj, "__watchers", {})
    for entries in watchers.values():
        entries[:] = [
            (node, callback) for node, callback in entries if node is obj or getattr(node, "is_attached", True)
        ]


def footer_bindings_ready(footer: object) -> bool:
    """The footer has been told its screen's bindings (before that it composes no keys)."""
    return bool(getattr(footer, "_bindings_ready", True))


def keep_style_caches_from_holding_widgets() -> None:
    """``StylesCache.get_inner_outer`` is an ``lru_cache(1024)`` on an instance method (Textual 8.2): its keys hold
    the StylesCache of up to 1024 removed widgets, each with every line it rendered (~120 KB more RSS per page
    opened, until 1024). Cache the two styles on the colours alone instead (the method never reads ``self``)."""
    try:
        from textual._styles_cache import StylesCache
    except ImportError:  # pragma: no cover
        return
    original = StylesCache.__dict__.get("get_inner_outer")
    compute: Callable[..., Any] | None = getattr(original, "__wrapped__", None)
    if compute is None:  # already fixed upstream, or patched here before
        return
    cached = lru_cache(1024)(lambda base_background, background: compute(None, base_background, background))
    StylesCache.get_inner_outer = lambda self, base_background, background: cached(  # type: ignore[method-assign, assignment]
        base_background, background
    )


def footer_key_class() -> type[Any]:
    """Textual's ``FooterKey`` (only in the private ``textual.widgets._footer``)."""
    from textual.widgets._footer import FooterKey

    return FooterKey


def footer_key_enabled(key: Any) -> bool:
    return not getattr(key, "_disabled", False)


def set_footer_key_enabled(key: Any, enabled: bool) -> None:
    """Grey a footer key out or back in, as ``FooterKey.__init__`` does (it keeps the state in ``_disabled``,
    which its click handler reads, and shows it with the ``-disabled`` class)."""
    key._disabled = not enabled
    key.set_class(not enabled, "-disabled")


def start_screen(app: Any, screen: Any) -> None:
    """Start an installed screen's message loop so that it composes and mounts its widgets now, unseen, rather
    than when first pushed (``App._get_screen``, what ``push_screen`` does first; Textual 8.2)."""
    get_screen: Callable[[Any], Any] | None = getattr(app, "_get_screen", None)
    if get_screen is not None and not screen.is_running:
        get_screen(screen)


async def run_key_bindings(app: Any, event: Any) -> bool | None:
    """Handle a key event now, as Textual would once the key had travelled from the focused widget up to the app
    (Textual 8.2: ``App.on_event`` checks priority bindings, forwards the key to the focused widget, and each
    widget posts it to its parent's queue; ``App._on_key`` then checks the focus chain's bindings, then the app's
    ``key_`` methods). Returns None, doing nothing, when a widget on the way handles keys itself (an ``Input``
    types them; ``on_key``, ``key_`` methods): that key must take the usual route.

    Why: a key held while a page loaded (``MainScreen.hold_key``) made four queue hops after the page was
    shown, and the page's whole-screen frame was painted between them, so its effect waited a frame more."""
    check: Callable[..., Any] | None = getattr(app, "_check_bindings", None)
    screen = app.screen
    if check is None or not hasattr(type(screen), "_modal_binding_chain"):  # pragma: no cover - the usual route
        return None
    node = app.focused or screen
    for step in node.ancestors_with_self:
        if step is app:
            break
        if _handles_keys_itself(step, event):
            return None
    try:
        from textual._dispatch_key import dispatch_key
    except ImportError:  # pragma: no cover - moved in another Textual
        return None
    if await check(event.key, priority=True) or await check(event.key):
        return True
    return bool(await dispatch_key(app, event))


def _handles_keys_itself(node: Any, event: Any) -> bool:
    from textual import events
    from textual.widget import Widget

    kind = type(node)
    if getattr(kind, "_on_key", None) is not Widget._on_key:
        return True
    if getattr(kind, "handle_key", None) is not Widget.handle_key:
        return True
    if callable(getattr(node, "on_key", None)):
        return True
    if events.Key in getattr(kind, "_decorated_handlers", {}):
        return True
    return any(getattr(node, f"key_{name}", None) or getattr(node, f"_key_{name}", None) for name in event.name_aliases)


def beats_passed(start: float, now: float, interval: float) -> int:
    """How many beats of a timer started at ``start`` have passed at ``now``: its next tick is the one after.

    Textual 8.2's ``Timer._run`` counts one beat too many when a tick comes late (``int(elapsed / interval + 1)``,
    then ``count + 1`` again), so it skips the next beat. The screen's update timer ticks late after any idle
    spell, so the frame after the first frame of a burst came up to two beats (33 ms) later instead of one: a
    page opened with Enter was painted a beat late, and keys typed while it opened waited for that.
    """
    return int((now - start) / interval)


def tick_on_the_next_beat() -> None:
    """Make a late timer tick on its next beat, not the one after (see :func:`beats_passed`)."""
    from textual import _time
    from textual.timer import EventTargetGone, Timer

    if getattr(Timer._run, "_inkreader", False):
        return

    async def _run(self: Any) -> None:  # Textual 8.2.8's Timer._run, with the late tick's count fixed
        count = 0
        repeat = self._repeat
        interval = self._interval
        self._active  # noqa: B018 - made here, in the loop's thread, as Textual does
        await self._active.wait()
        start = _time.get_time()
        while repeat is None or count <= repeat:
            next_timer = start + ((count + 1) * interval)
            now = _time.get_time()
            if self._skip and next_timer < now:
                count = beats_passed(start, now, interval)
                continue
            await _time.sleep(max(0, next_timer - _time.get_time()))
            count += 1
            await self._active.wait()
            if self._reset:
                start = _time.get_time()
                count = 0
                self._reset = False
                continue
            try:
                await self._tick(next_timer=next_timer, count=count)
            except EventTargetGone:
                break

    _run._inkreader = True  # type: ignore[attr-defined]
    Timer._run = _run  # type: ignore[method-assign]


def focus_moves_without_repainting_the_screen() -> None:
    """``Screen.focused`` is a reactive that repaints the whole screen when the focus moves (Textual 8.2), besides
    restyling the widgets whose focus changed (``Screen._update_focus_styles``, the Focus and Blur events). The
    whole-screen repaint re-renders every widget on it, ~20 ms on the reading screen, for Tab, / and Esc; the
    widgets that look different repaint themselves."""
    from textual.screen import Screen

    focused = Screen.__dict__.get("focused")
    if focused is not None and getattr(focused, "_repaint", False):
        focused._repaint = False


class UnseenInput(Input):
    """An ``Input`` for a screen composed ahead of its first showing (``start_screen``). Textual's Input clears
    the app's text selection whenever its own selection changes, mounting included (``Input._watch_selection``,
    Textual 8.2): made unseen, it cleared what the user had just selected on the screen that is shown. Here it
    does so only while its own screen is the one shown."""

    def _watch_selection(self, selection: Any) -> None:
        watch: Callable[[Any], None] | None = getattr(super(), "_watch_selection", None)
        if watch is not None and self.is_attached and self.screen.is_current:
            watch(selection)
