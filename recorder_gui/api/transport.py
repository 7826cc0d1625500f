"""Sending one request: domain failover on transport errors, bounded reading, logging.

Each attempt streams the answer through :mod:`.answers` (size cap, JSON depth cap), so
nothing larger than ``max_response_bytes`` is ever held. Failover waits go through the call's
:class:`~.deadline.Budget`, which also records whether any attempt may have reached the
service. Knows nothing about endpoints' meaning; :mod:`.client` decides what to retry.
"""

from __future__ import annotations

import asyncio
import logging
import math
import ssl
import time
from typing import Any

import httpx

from .answers import (
    DEFAULT_MAX_RESPONSE_BYTES,
    BadAnswer,
    Reply,
    decode_json,
    read_capped,
    request_id_of,
    unexpected,
)
from .deadline import Budget, Sleep
from .domains import DomainPool
from .errors import (
    TLSError,
    TransportConnectError,
    TransportError,
    TransportTimeoutError,
)
from .retry import RetryPolicy

log = logging.getLogger("recorder_gui.api")

__all__ = ["Reply", "Sleep", "Transport"]

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
    httpx.TransportError,  # any other (CloseError, ProxyError...): assume it may have
)
_UNDECODABLE = "The service's answer could not be decoded (bad Content-Encoding)."


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
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._http = http
        self._pool = pool
        self._policy = policy
        self._sleep = sleep
        self._max_bytes = max_response_bytes

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
        budget: Budget | None = None,
    ) -> Reply:
        """Send, failing over between domains; raise TransportError when none answers.

        Without a ``budget`` the failover waits are unbounded (the client always gives one).
        """
        if budget is None:
            budget = Budget(endpoint, math.inf, self._sleep)
        order = self._pool.attempt_order(self._policy.failover_attempts)
        tried: list[str] = []
        last: BaseException | None = None
        maybe = False
        extra: dict[str, Any] = {} if read_timeout is None else {"timeout": read_timeout}
        for index, base in enumerate(order):
            if index:
                await budget.sleep(self._policy.wait(self._policy.failover_backoff, index - 1))
            tried.append(base)
            started = time.perf_counter()
            request = self._http.build_request(
                method, base + path, json=body, headers=headers, **extra
            )
            budget.sending(base)
            try:
                response = await self._http.send(request, stream=True)
                try:
                    raw = await read_capped(response, self._max_bytes)
                finally:
                    await response.aclose()
            except _NOT_DELIVERED as exc:
                budget.settled(maybe_delivered=False)
                last = exc
                self._log_failure(method, path, base, exc, started)
                continue
            except _MAYBE_DELIVERED as exc:
                budget.settled(maybe_delivered=True)
                last = exc
                maybe = True
                self._log_failure(method, path, base, exc, started)
                if repeat_if_maybe_delivered:
                    continue
                break
            except (BadAnswer, httpx.DecodingError) as exc:
                budget.settled(maybe_delivered=True)
                meaning = str(exc) if isinstance(exc, BadAnswer) else _UNDECODABLE
                raise unexpected(
                    endpoint, response.status_code, request_id_of(response.headers), meaning
                ) from None
            budget.settled(maybe_delivered=True)
            self._pool.mark_good(base)
            return self._reply(endpoint, method, path, base, response, raw, started)
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
        raw: bytes,
        started: float,
    ) -> Reply:
        request_id = request_id_of(response.headers)
        status = response.status_code
        try:
            body = decode_json(raw)
        except BadAnswer as exc:
            if status < 300:
                raise unexpected(endpoint, status, request_id, str(exc)) from None
            body = None  # an error answer that is not JSON: its status says enough
        code = body.get("code") if isinstance(body, dict) else None
        log.info(
            "%s %s%s -> %s code=%s request_id=%s %.1f ms",
            method,
            base,
            path,
            status,
            code if isinstance(code, int) else None if code is None else "?",
            request_id,
            (time.perf_counter() - started) * 1000,
        )
        return Reply(status, body, request_id, response.headers, base)

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
