"""Per-host pacing for background work: one request at a time per host, a pause between them, back-off."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

# Exponential back-off on 429/503 never waits longer than this between two tries.
MAX_BACKOFF_SECONDS = 300.0


@dataclass(slots=True)
class _HostState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_allowed: float = 0.0  # the pacer's clock() before which no request may start
    backoff_level: int = 0  # consecutive 429/503 answers


class HostPacer:
    """``clock`` and ``sleep`` are time.monotonic and asyncio.sleep; tests give a clock of their own, so pacing
    is checked by the pauses asked for rather than by waiting them out."""

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        return self._hosts.setdefault(host.lower(), _HostState())

    @asynccontextmanager
    async def slot(self, host: str, delay: float | None = None) -> AsyncIterator[None]:
        """Hold ``host`` for one request; the next one starts ≥ ``delay`` s after this one ends."""
        state = self._state(host)
        async with state.lock:
            wait = state.next_allowed - self._clock()
            if wait > 0:
                await self._sleep(wait)
            try:
                yield
            finally:
                pause = self.delay if delay is None else max(delay, self.delay)
                state.next_allowed = max(state.next_allowed, self._clock() + pause)

    async def pause(self, seconds: float) -> None:
        """Wait before retrying a request the user asked for (no slot is held: user requests are not paced)."""
        await self._sleep(seconds)

    def back_off(self, host: str, retry_after: float | None) -> float:
        """Record a 429/503: push the host's next slot out; returns the wait (Retry-After or exponential)."""
        state = self._state(host)
        state.backoff_level += 1
        wait = max(retry_after or 0.0, max(self.delay, 1.0) * 2.0 ** (state.backoff_level - 1))
        wait = min(wait, MAX_BACKOFF_SECONDS) if retry_after is None else wait
        state.next_allowed = max(state.next_allowed, self._clock() + wait)
        return wait

    def succeeded(self, host: str) -> None:
        self._state(host).backoff_level = 0
