"""Injectable time: a ``Timer`` protocol, the real one, and a virtual one for tests.

The virtual timer runs on any clock with ``now()`` and ``advance(seconds)`` (the emulator's):
a sleeper whose deadline is the earliest of all pending sleepers moves the clock to that
deadline, so minutes of engine time pass in milliseconds and in deadline order.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Protocol


class Timer(Protocol):
    def now(self) -> float:
        """Unix seconds."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class RealTimer:
    """Wall-clock time and ``asyncio.sleep``."""

    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class Clock(Protocol):
    def now(self) -> float: ...

    def advance(self, seconds: float) -> None: ...


class VirtualTimer:
    """Sleeps advance ``clock`` instead of waiting (earliest deadline first).

    ``grace`` is the real time a sleeper waits before moving the clock, so other tasks that
    are about to sleep (or finishing an HTTP request on loopback) get to register first.
    """

    def __init__(self, clock: Clock, *, grace: float = 0.002) -> None:
        self.clock = clock
        self.grace = grace
        self.paused = False  #: while True, only ``clock.advance`` by someone else moves time
        self._pending: dict[int, float] = {}
        self._ids = itertools.count()

    def now(self) -> float:
        return self.clock.now()

    async def sleep(self, seconds: float) -> None:
        deadline = self.clock.now() + max(0.0, seconds)
        key = next(self._ids)
        self._pending[key] = deadline
        try:
            while True:
                await asyncio.sleep(self.grace)
                now = self.clock.now()
                if now >= deadline:
                    return
                if not self.paused and deadline <= min(self._pending.values()):
                    self.clock.advance(deadline - now)
                    return
        finally:
            del self._pending[key]
