"""The 10 requests/second limit, shared by every session of one budget.

See docs/api-notes.md, "Rate limits".

:class:`RateLimitedTransport` wraps the httpx transport of the one shared ``AsyncClient``, so
every request (including the client's own retries and domain failovers) waits for its budget's
:class:`RateLimiter`. Agora's API pages put the limit on the Agora account, its best-practices
page on the App ID; :class:`LimitScope` chooses:

* ``account`` (the default, the stricter reading): one budget per customer ID, read from the
  request's Basic ``Authorization`` header. Only the customer ID part is decoded (the header is
  decoded in 4-character groups up to the first ``:``); the secret is never decoded whole,
  stored, logged or shown. A request without a readable header falls back to its App ID.
* ``app``: one budget per App ID, read from the request path.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

import httpx

_APP_IN_PATH = re.compile(r"^/(?:v1/apps|dev/v1/channel/user)/([^/]+)/")
#: Longest customer ID read from a header (Agora's are 32 characters); longer: not read.
MAX_CUSTOMER_ID_BYTES = 256
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class LimitScope(StrEnum):
    """Whose budget a request spends (disputed: docs/api-notes.md, "Rate limits")."""

    ACCOUNT = "account"  #: one budget per customer ID (Agora account), the default
    APP = "app"  #: one budget per App ID


def parse_scope(value: LimitScope | str) -> LimitScope:
    try:
        return LimitScope(str(value).strip().lower())
    except ValueError:
        raise ValueError(
            f"rate limit scope {value!r} is not 'account' (one budget per customer ID) or "
            "'app' (one budget per App ID)"
        ) from None


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
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
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
    """One :class:`RateLimiter` per budget of ``scope``; ``rate=None`` disables limiting.

    ``clock`` and ``sleep`` are handed to every limiter (tests use a fake clock).
    """

    def __init__(
        self,
        rate: int | None = 10,
        per: float = 1.0,
        *,
        scope: LimitScope | str = LimitScope.ACCOUNT,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.per = per
        self.scope = parse_scope(scope)
        self._clock = clock
        self._sleep = sleep
        self._limiters: dict[tuple[LimitScope, str], RateLimiter] = {}

    def __repr__(self) -> str:
        return (
            f"LimiterRegistry(rate={self.rate!r}, per={self.per!r}, scope={self.scope.value!r}, "
            f"budgets={len(self._limiters)})"
        )

    @property
    def budgets(self) -> dict[tuple[LimitScope, str], RateLimiter]:
        """The limiters made so far, by (scope, App ID or customer ID)."""
        return dict(self._limiters)

    def for_app(self, app_id: str) -> RateLimiter | None:
        """The budget of one App ID (the one requests spend under ``app`` scope)."""
        return self._limiter(LimitScope.APP, app_id)

    def for_account(self, customer_id: str) -> RateLimiter | None:
        """The budget of one customer ID (the one requests spend under ``account`` scope)."""
        return self._limiter(LimitScope.ACCOUNT, customer_id)

    def for_request(self, request: httpx.Request) -> RateLimiter | None:
        """The budget ``request`` spends under this registry's scope; None when unlimited."""
        if self.rate is None:
            return None
        if self.scope is LimitScope.ACCOUNT:
            customer = customer_id_of(request.headers.get("authorization"))
            if customer is not None:
                return self.for_account(customer)
        app_id = app_id_of(request.url.path)
        return self.for_app(app_id) if app_id else None

    def _limiter(self, scope: LimitScope, key: str) -> RateLimiter | None:
        if self.rate is None:
            return None
        limiter = self._limiters.get((scope, key))
        if limiter is None:
            limiter = RateLimiter(self.rate, self.per, clock=self._clock, sleep=self._sleep)
            self._limiters[(scope, key)] = limiter
        return limiter


def app_id_of(path: str) -> str | None:
    match = _APP_IN_PATH.match(path)
    return match.group(1) if match else None


def customer_id_of(authorization: str | None) -> str | None:
    """The customer ID of a Basic ``Authorization`` header, or None if it has none.

    Decodes 4 base64 characters at a time and stops at the first ``:``, so at most two bytes
    of the secret are ever decoded (and dropped at once).
    """
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    token = token.strip()
    decoded = bytearray()
    for start in range(0, len(token), 4):
        try:
            decoded += base64.b64decode(token[start : start + 4], validate=True)
        except (binascii.Error, ValueError):
            return None
        colon = decoded.find(b":")
        if colon >= 0:
            ident = bytes(decoded[:colon])
            decoded[:] = bytes(len(decoded))  # drop what was read past the colon
            try:
                text = ident.decode("utf-8")
            except UnicodeDecodeError:
                return None
            return text if text and text.isprintable() else None
        if len(decoded) > MAX_CUSTOMER_ID_BYTES:
            return None
    return None


class RateLimitedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that waits for the request's budget (see :class:`LimiterRegistry`)
    before each request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiters: LimiterRegistry) -> None:
        self._inner = inner
        self.limiters = limiters

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limiter = self.limiters.for_request(request)
        if limiter is None:
            return await self._inner.handle_async_request(request)
        place = await limiter.acquire()
        try:
            return await self._inner.handle_async_request(request)
        finally:
            limiter.done(place)

    async def aclose(self) -> None:
        await self._inner.aclose()
