"""Keeping Python's cyclic garbage collector from pausing the reader for tens of milliseconds.

A full (generation 2) collection walks every container object alive: in a running reader that is Textual's
classes, CSS, widget tree and caches, some 75,000 objects, about 30 ms on a 2-core machine, and it came every
second or so while keys were pressed (a key must never wait 50 ms). Those objects live as long as the
app, so once the app has settled they are moved out of the collector's reach (``gc.freeze``): later collections
walk only what came after (a document's blocks, cached lines), a few milliseconds. Frozen objects are still
freed by reference counting; only a cycle among them that dies later is kept (a one-off, at the start).

Before that, the start: importing Textual and the reader makes ~40,000 tracked objects that live as long as the
process, and building the first screen as many again. The collector would run ~200 times before the first frame
(~20 ms of a ~280 ms start), so ``inkreader`` runs the TUI inside :func:`collector_off_until_first_frame` and sets
what the imports made aside (:func:`set_imports_aside`); the app turns collection back on once the first frame is
drawn (:func:`first_frame_drawn`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 5000
"""Allocations between young collections (Python's default is 700). Drawing a frame makes thousands of short-lived
objects (every Strip is eight); at 700 some were always alive when a collection came, got promoted, and brought
on the full collections: some 1,300 collections in the bench's 20-second session, none full at 5,000 (120)."""

SETTLE_SECONDS = 1.5
"""How long after the app mounts its long-lived objects are frozen at the latest (sooner once the first page's
body is all in: ``InkReaderApp.page_read_in``)."""


_frozen = False


@contextmanager
def collector_off_until_first_frame() -> Iterator[None]:
    """No cyclic collection while the TUI is imported and its first screen built (the app calls
    :func:`first_frame_drawn`); on for sure again on the way out, whatever happened."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def set_imports_aside() -> None:
    """Freeze what the imports made: it lives as long as the process, and full collections need not walk it."""
    gc.freeze()


def first_frame_drawn() -> None:
    gc.enable()


def tune_collector() -> None:
    """Fewer, larger young collections (see ``YOUNG_THRESHOLD``); the older generations keep their defaults."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def freeze_long_lived() -> None:
    """Freeze every object alive now, once a process (``gc.freeze`` splices lists: no pause).

    No collection first: it would be the 30-70 ms pause this avoids, at a moment a key may come. The garbage
    cycles alive now (some 4,500 objects from start-up) are kept for good, a one-off. So is a widget alive now
    and removed later (parent and child refer to each other). A process running app after app (the tests)
    would keep each app whole, so only ``run_tui`` asks for this, and it is never done twice.
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.freeze()
