"""The 10 requests/second limit, shared by every session of one App ID (reference section 9).

:class:`RateLimitedTransport` wraps the httpx transport of the one shared ``AsyncClient``, so
every request (including the client's own retries and domain failovers) waits for its App
ID's :class:`RateLimiter`; the App ID is read from the request path.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable

import httpx

_APP_IN_PATH = re.compile(r"^/(?:v1/apps|dev/v1/channel/user)/([^/]+)/")


class RateLimiter:
    """At most ``rate`` acquisitions in any sliding window of ``per`` seconds (FIFO).

    Real monotonic time by default: the service's limit is on real seconds. ``margin`` keeps a
    little distance from the window edge, for the jitter between sending and arriving.
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
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()
        self.waited = 0.0  #: total seconds spent waiting (for the figures)

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                while self._sent and self._sent[0] <= now - self.per:
                    self._sent.popleft()
                if len(self._sent) < self.rate:
                    self._sent.append(now)
                    return
                wait = self._sent[0] + self.per - now + self._margin
                self.waited += wait
                await self._sleep(wait)


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
        if limiter is not None:
            await limiter.acquire()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
