"""One deadline per client call, covering every attempt, domain failover and wait.

``async with Budget(endpoint, seconds, sleep) as budget:`` bounds the call in two ways:

* **Real time**: an ``asyncio.timeout`` around the whole call cancels whatever is pending
  (a silent server, a body trickling one byte at a time) when ``seconds`` have passed.
* **Planned waits**: every retry or failover wait goes through :meth:`Budget.sleep`, which
  refuses to start a wait that would end after the deadline and raises at once instead.
  The injected ``sleep`` may be virtual (tests, the engine's ``VirtualTimer``) and then costs
  no real time, so the budget counts *real time spent outside waits + the waits as planned*.
  With a real sleep this is the real elapsed time; with a virtual one it is what the call
  would take for real, so a virtual-time test sees the same bound.

Either way the call raises :class:`~.errors.DeadlineExceededError`, whose ``maybe_delivered``
is True when any attempt may have reached the service: an answer came, a send failed in a
way that may have delivered it, or a request was in flight when the deadline passed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from types import TracebackType

from .errors import DeadlineExceededError

Sleep = Callable[[float], Awaitable[None]]


class Budget:
    """The time one call may still use, and what its attempts may have delivered."""

    __slots__ = (
        "_delivered",
        "_in_flight",
        "_sleep",
        "_slept_planned",
        "_slept_real",
        "_started",
        "_timeout",
        "endpoint",
        "seconds",
        "tried",
    )

    def __init__(self, endpoint: str, seconds: float, sleep: Sleep) -> None:
        self.endpoint = endpoint
        self.seconds = seconds
        self.tried: list[str] = []  #: base URLs tried, in order (repeats included)
        self._sleep = sleep
        self._started = time.monotonic()
        self._slept_real = 0.0
        self._slept_planned = 0.0
        self._delivered = False
        self._in_flight = False
        self._timeout: asyncio.Timeout | None = None

    # -- time --------------------------------------------------------------------------

    def spent(self) -> float:
        """Real time outside waits, plus the waits as planned."""
        real = time.monotonic() - self._started
        return real - self._slept_real + self._slept_planned

    def remaining(self) -> float:
        return self.seconds - self.spent()

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` with the injected sleep, unless that would pass the deadline."""
        if seconds > self.remaining():
            raise self.exceeded()
        began = time.monotonic()
        try:
            await self._sleep(seconds)
        finally:
            self._slept_real += time.monotonic() - began
            self._slept_planned += seconds

    # -- delivery ----------------------------------------------------------------------

    def sending(self, base_url: str) -> None:
        """A request to ``base_url`` is about to go out."""
        self.tried.append(base_url)
        self._in_flight = True

    def settled(self, *, maybe_delivered: bool) -> None:
        """The request in flight ended (answered, failed, or certainly not sent)."""
        self._in_flight = False
        self._delivered = self._delivered or maybe_delivered

    @property
    def maybe_delivered(self) -> bool:
        return self._delivered or self._in_flight

    def exceeded(self) -> DeadlineExceededError:
        return DeadlineExceededError(
            endpoint=self.endpoint,
            seconds=self.seconds,
            maybe_delivered=self.maybe_delivered,
            domains_tried=tuple(dict.fromkeys(self.tried)),
        )

    # -- the real-time bound -----------------------------------------------------------

    async def __aenter__(self) -> Budget:
        self._timeout = asyncio.timeout(self.seconds)
        await self._timeout.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._timeout is not None
        try:
            await self._timeout.__aexit__(exc_type, exc, tb)
        except TimeoutError:
            if self._timeout.expired():
                raise self.exceeded() from None
            raise
