"""The 10 requests/second limit, shared by every session of one App ID (reference section 9).

:class:`RateLimitedTransport` wraps the httpx transport of the one shared ``AsyncClient``, so
every request (including the client's own retries and domain failovers) waits for its App
ID's :class:`RateLimiter`; the App ID is read from the request path.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

_APP_IN_PATH = re.compile(r"^/(?:v1/apps|dev/v1/channel/user)/([^/]+)/")


@dataclass(slots=True)
class _Place:
    """One request's place in the window: from being let through until its answer."""

    at: float
    open: bool = True


class RateLimiter:
    """At most ``rate`` requests in any sliding window of ``per`` seconds (FIFO).

    Real monotonic time by default: the service's limit is on real seconds. The service counts
    a request when it *arrives*, some time between our sending and its answer; so each request
    holds its place in the window from when it was let through until its answer came
    (:meth:`done`), and a new one goes only when ``rate`` of those ended ``per`` seconds ago.
    ``margin`` keeps a little distance from the window edge.
    """

    def __init__(
        self,
        rate: int = 10,
        per: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        margin: float = 0.05,
    ) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("rate must be >= 1 and per > 0")
        self.rate = rate
        self.per = per
        self._clock = clock
        self._sleep = sleep
        self._margin = margin
        self._held: list[_Place] = []
        self._lock = asyncio.Lock()
        self.waited = 0.0  #: total seconds spent waiting (for the figures)

    async def acquire(self) -> _Place:
        """Wait for a place; returns it (pass it to :meth:`done` when the answer came)."""
        async with self._lock:
            while True:
                now = self._clock()
                self._held = [h for h in self._held if h.open or h.at > now - self.per]
                if len(self._held) < self.rate:
                    place = _Place(now)
                    self._held.append(place)
                    return place
                ended = [h.at for h in self._held if not h.open]
                # All places in flight: look again shortly (an answer frees one).
                oldest = min(ended) if ended else now - self.per + 0.05
                wait = max(oldest + self.per - now + self._margin, 0.001)
                self.waited += wait
                await self._sleep(wait)

    def done(self, place: _Place) -> None:
        """The request's answer came (or it failed): it arrived by now at the latest."""
        place.at = max(place.at, self._clock())
        place.open = False


class LimiterRegistry:
    """One :class:`RateLimiter` per App ID; ``rate=None`` disables limiting."""

    def __init__(self, rate: int | None = 10, per: float = 1.0) -> None:
        self.rate = rate
        self.per = per
        self._limiters: dict[str, RateLimiter] = {}

    def for_app(self, app_id: str) -> RateLimiter | None:
        if self.rate is None:
            return None
        limiter = self._limiters.get(app_id)
        if limiter is None:
            limiter = self._limiters[app_id] = RateLimiter(self.rate, self.per)
        return limiter


def app_id_of(path: str) -> str | None:
    match = _APP_IN_PATH.match(path)
    return match.group(1) if match else None


class RateLimitedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that waits for the App ID's limiter before each request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiters: LimiterRegistry) -> None:
        self._inner = inner
        self.limiters = limiters

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        app_id = app_id_of(request.url.path)
        limiter = self.limiters.for_app(app_id) if app_id else None
        if limiter is None:
            return await self._inner.handle_async_request(request)
        place = await limiter.acquire()
        try:
            return await self._inner.handle_async_request(request)
        finally:
            limiter.done(place)

    async def aclose(self) -> None:
        await self._inner.aclose()
