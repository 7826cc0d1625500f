"""Sending one request: domain failover on transport errors, timing, logging, request IDs.

Knows nothing about endpoints' meaning; :mod:`.client` decides what to retry.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .domains import DomainPool
from .errors import (
    TLSError,
    TransportConnectError,
    TransportError,
    TransportTimeoutError,
    UnexpectedResponseError,
)
from .retry import RetryPolicy

log = logging.getLogger("recorder_gui.api")

Sleep = Callable[[float], Awaitable[None]]

#: Errors after which the request certainly did not reach the service.
_NOT_DELIVERED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol)
#: Errors after which it may have (sent, then no answer).
_MAYBE_DELIVERED = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)


@dataclass(frozen=True)
class Reply:
    """A parsed HTTP answer."""

    status: int
    body: Any
    request_id: str | None
    headers: httpx.Headers
    base_url: str


def _describe(exc: BaseException) -> tuple[str, str]:
    """(kind, plain detail) of a transport exception, without any URL credentials."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", "no answer in time"
    text = str(exc).lower()
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ssl.SSLError) or "certificate" in text or "ssl" in text:
        return "tls", "the secure connection could not be verified"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return "dropped", "the connection was closed before an answer came"
    if "name or service not known" in text or "nodename" in text or "resolution" in text:
        return "dns", "the domain name did not resolve"
    return "connect", "the connection was refused or failed"


class Transport:
    def __init__(
        self,
        http: httpx.AsyncClient,
        pool: DomainPool,
        policy: RetryPolicy,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._http = http
        self._pool = pool
        self._policy = policy
        self._sleep = sleep

    async def send(
        self,
        endpoint: str,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None,
        headers: dict[str, str],
        repeat_if_maybe_delivered: bool,
        read_timeout: float | None = None,
    ) -> Reply:
        """Send, failing over between domains; raise TransportError when none answers."""
        order = self._pool.attempt_order(self._policy.failover_attempts)
        tried: list[str] = []
        last: BaseException | None = None
        maybe = False
        for index, base in enumerate(order):
            if index:
                await self._sleep(self._policy.wait(self._policy.failover_backoff, index - 1))
            tried.append(base)
            started = time.perf_counter()
            try:
                extra: dict[str, Any] = {} if read_timeout is None else {"timeout": read_timeout}
                response = await self._http.request(
                    method, base + path, json=body, headers=headers, **extra
                )
            except _NOT_DELIVERED as exc:
                last = exc
                self._log_failure(method, path, base, exc, started)
                continue
            except _MAYBE_DELIVERED as exc:
                last = exc
                maybe = True
                self._log_failure(method, path, base, exc, started)
                if repeat_if_maybe_delivered:
                    continue
                break
            self._pool.mark_good(base)
            return self._reply(endpoint, method, path, base, response, started)
        assert last is not None
        kind, detail = _describe(last)
        cls: type[TransportError] = TransportConnectError
        if kind == "timeout":
            cls = TransportTimeoutError
        elif kind == "tls":
            cls = TLSError
        raise cls(
            endpoint=endpoint,
            kind=kind,
            detail=detail,
            maybe_delivered=maybe,
            domains_tried=tuple(dict.fromkeys(tried)),
        ) from None

    def _reply(
        self,
        endpoint: str,
        method: str,
        path: str,
        base: str,
        response: httpx.Response,
        started: float,
    ) -> Reply:
        request_id = response.headers.get("x-request-id")
        body: Any = None
        if response.content:
            try:
                body = response.json()
            except ValueError:
                body = None
                if response.status_code < 300:
                    raise UnexpectedResponseError(
                        endpoint=endpoint,
                        http_status=response.status_code,
                        request_id=request_id,
                        meaning="The service answered with something that is not JSON.",
                    ) from None
        code = body.get("code") if isinstance(body, dict) else None
        log.info(
            "%s %s%s -> %s code=%s request_id=%s %.1f ms",
            method,
            base,
            path,
            response.status_code,
            code,
            request_id,
            (time.perf_counter() - started) * 1000,
        )
        return Reply(response.status_code, body, request_id, response.headers, base)

    def _log_failure(
        self, method: str, path: str, base: str, exc: BaseException, started: float
    ) -> None:
        kind, detail = _describe(exc)
        log.warning(
            "%s %s%s -> %s (%s) %.1f ms",
            method,
            base,
            path,
            kind,
            detail,
            (time.perf_counter() - started) * 1000,
        )
