"""``OnDemandTransport``: the HTTP connection pool, made when the first request goes out.

Making ``httpx.AsyncHTTPTransport`` builds its TLS context, which reads and parses the whole CA
bundle (about 30 ms): a panel that starts up should not pay for it before its window works
(benchmarks/README.md, "start-up and memory").
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

__all__ = ["OnDemandTransport"]


class OnDemandTransport(httpx.AsyncBaseTransport):
    """Sends through a transport made by ``make`` (httpx's own by default) at the first
    request; closing before any request closes nothing."""

    def __init__(
        self, make: Callable[[], httpx.AsyncBaseTransport] = httpx.AsyncHTTPTransport
    ) -> None:
        self._make = make
        self._inner: httpx.AsyncBaseTransport | None = None

    @property
    def made(self) -> bool:
        """Whether the inner transport exists (a request has been sent)."""
        return self._inner is not None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._inner is None:
            self._inner = self._make()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()
