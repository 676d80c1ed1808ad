"""Keeping Python's cyclic garbage collector from pausing the reader for tens of milliseconds.

A full (generation 2) collection walks every container object alive: in a running reader that is Textual's
classes, CSS, widget tree and caches, some 75,000 objects, about 30 ms on a 2-core machine, and it came every
second or so while keys were pressed (issue 12: a key must never wait 50 ms). Those objects live as long as the
app, so once the app has settled they are moved out of the collector's reach (``gc.freeze``): later collections
walk only what came after (a document's blocks, cached lines), a few milliseconds. Frozen objects are still
freed by reference counting; only a cycle among them that dies later is kept (a one-off, at the start).
"""

from __future__ import annotations

import gc

SETTLE_SECONDS = 1.5
"""How long after the app mounts its long-lived objects are frozen (the first page is on screen by then)."""


def freeze_long_lived() -> None:
    """Collect what is garbage now, then freeze everything still alive (one ~30 ms pause, once)."""
    gc.collect()
    gc.freeze()
