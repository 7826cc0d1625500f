"""``CloudRecordingClient``: the async client of the Agora Cloud Recording REST API.

One long-lived ``httpx.AsyncClient`` (injected or owned), typed requests validated before
sending, typed results, typed errors, the retry rules of :mod:`.retry` and the domain failover
of :mod:`.domains`. Secrets are registered with :mod:`.redact` and never appear in a repr,
a log line or an error text.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from .config_models import StorageConfig
from .domains import Area, DomainPool, area_domains
from .errors import (
    AlreadyStartedError,
    CloudRecordingError,
    Problem,
    RateLimitedError,
    RequestNotCompletedError,
    RequestValidationError,
    ServerError,
    TransportError,
    UnexpectedResponseError,
    error_from_response,
)
from .identifiers import Mode, cname_problem, parse_mode, uid_problem
from .layout_models import LayoutUpdate
from .redact import SECRETS
from .request_models import AcquireConfig, StartConfig, UpdateConfig
from .results import (
    AcquireResult,
    ChannelUsers,
    QueryResult,
    StartResult,
    StopResult,
    UpdateResult,
)
from .retry import RetryPolicy
from .transport import Reply, Sleep, Transport

T = TypeVar("T")
USER_AGENT = "recorder-gui/0.1"
_RETRYABLE = (TransportError, ServerError, RateLimitedError, RequestNotCompletedError)


class CloudRecordingClient:
    """Async client; use ``async with CloudRecordingClient(...) as client:``."""

    def __init__(
        self,
        app_id: str,
        customer_id: str,
        customer_secret: str,
        *,
        base_urls: Sequence[str] | None = None,
        area: Area | str = Area.GLOBAL,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
        stop_timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if not app_id or not app_id.isalnum():
            raise ValueError("app_id must be the project's App ID (letters and digits)")
        if not customer_id or not customer_secret:
            raise ValueError("customer_id and customer_secret are both needed")
        self.app_id = app_id
        self._pool = DomainPool(base_urls or area_domains(area))
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout), verify=True, follow_redirects=False
        )
        token = base64.b64encode(f"{customer_id}:{customer_secret}".encode()).decode()
        self._headers = {
            "Authorization": f"Basic {token}",
            "Content-Type": "application/json;charset=utf-8",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        SECRETS.add(customer_secret, token)
        self._policy = retry or RetryPolicy()
        self._sleep = sleep
        self._transport = Transport(self._http, self._pool, self._policy, sleep)
        self._closed = False
        # A synchronous stop waits for the upload (the service expects <= 20 s).
        self._stop_timeout = max(stop_timeout, timeout)

    # -- lifecycle ---------------------------------------------------------------------

    async def __aenter__(self) -> CloudRecordingClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            if self._owns_http:
                await self._http.aclose()

    def __repr__(self) -> str:
        return f"CloudRecordingClient(app_id={self.app_id!r}, domain={self.domain!r})"

    @property
    def domain(self) -> str:
        """The base URL in use (changes after a failover)."""
        return self._pool.current

    @property
    def domains(self) -> list[str]:
        return self._pool.urls

    # -- endpoints ---------------------------------------------------------------------

    async def acquire(
        self,
        *,
        cname: str,
        uid: str | int,
        mode: Mode | str = Mode.MIX,
        config: AcquireConfig | None = None,
    ) -> AcquireResult:
        m = parse_mode(mode)
        cfg = (config or AcquireConfig()).for_mode(m)
        uid_text = self._check("acquire", m, cname, uid, cfg.problems(m))
        reply = await self._call_once(
            "acquire",
            "POST",
            "/acquire",
            self._envelope(cname, uid_text, cfg.to_wire()),
            repeat_if_maybe_delivered=True,
        )
        return self._parse("acquire", reply, AcquireResult.model_validate)

    async def start(
        self,
        *,
        cname: str,
        uid: str | int,
        resource_id: str,
        mode: Mode | str,
        config: StartConfig,
    ) -> StartResult:
        """Start recording. 201 "already started" raises :class:`AlreadyStartedError`."""
        m = parse_mode(mode)
        uid_text = self._check("start", m, cname, uid, config.problems(m))
        self._register_config_secrets(config)
        path = f"/resourceid/{_q(resource_id)}/mode/{m.value}/start"
        body = self._envelope(cname, uid_text, config.to_wire())
        attempt = 0
        while True:
            try:
                reply = await self._call_once("start", "POST", path, body)
            except RequestNotCompletedError:
                if attempt >= len(self._policy.not_completed_backoff):
                    raise
                await self._sleep(self._policy.wait(self._policy.not_completed_backoff, attempt))
                attempt += 1
                continue
            return self._parse("start", reply, StartResult.model_validate)

    async def query(self, *, resource_id: str, sid: str, mode: Mode | str) -> QueryResult:
        m = parse_mode(mode)
        path = f"/resourceid/{_q(resource_id)}/sid/{_q(sid)}/mode/{m.value}/query"
        reply = await self._call_idempotent("query", "GET", self._base_path + path)
        return self._parse("query", reply, QueryResult.from_body)

    async def update(
        self,
        *,
        cname: str,
        uid: str | int,
        resource_id: str,
        sid: str,
        mode: Mode | str,
        config: UpdateConfig,
    ) -> UpdateResult:
        m = parse_mode(mode)
        uid_text = self._check("update", m, cname, uid, config.problems(m))
        if config.storage_config is not None:
            self._register_storage_secrets(config.storage_config)
        path = f"/resourceid/{_q(resource_id)}/sid/{_q(sid)}/mode/{m.value}/update"
        reply = await self._call_once(
            "update", "POST", path, self._envelope(cname, uid_text, config.to_wire())
        )
        return self._parse("update", reply, UpdateResult.model_validate)

    async def update_layout(
        self,
        *,
        cname: str,
        uid: str | int,
        resource_id: str,
        sid: str,
        layout: LayoutUpdate,
        mode: Mode | str = Mode.MIX,
    ) -> UpdateResult:
        """Replace the whole mixed layout (omitted fields revert to their defaults)."""
        m = parse_mode(mode)
        problems = [] if m is Mode.MIX else [Problem("mode", "updateLayout works in mix mode")]
        uid_text = self._check("updateLayout", m, cname, uid, problems)
        path = f"/resourceid/{_q(resource_id)}/sid/{_q(sid)}/mode/{m.value}/updateLayout"
        reply = await self._call_once(
            "updateLayout", "POST", path, self._envelope(cname, uid_text, layout.to_wire())
        )
        return self._parse("updateLayout", reply, UpdateResult.model_validate)

    async def stop(
        self,
        *,
        cname: str,
        uid: str | int,
        resource_id: str,
        sid: str,
        mode: Mode | str,
        async_stop: bool = False,
    ) -> StopResult:
        """Stop. 206/435 raises :class:`NoRecordedDataError`; 206 without a code returns a
        result with ``complete=False`` (upload status unknown)."""
        m = parse_mode(mode)
        uid_text = self._check("stop", m, cname, uid, [])
        path = f"/resourceid/{_q(resource_id)}/sid/{_q(sid)}/mode/{m.value}/stop"
        reply = await self._call_once(
            "stop",
            "POST",
            path,
            self._envelope(cname, uid_text, {"async_stop": async_stop}),
            read_timeout=self._stop_timeout,
        )
        body = reply.body if isinstance(reply.body, dict) else {}
        return StopResult.from_body(body, complete=reply.status == 200)

    async def channel_users(self, cname: str, *, hosts_only: bool = False) -> ChannelUsers:
        """Who is in the channel (Channel Management API, reference 3.9)."""
        path = f"/dev/v1/channel/user/{_q(self.app_id)}/{_q(cname)}"
        if hosts_only:
            path += "/hosts_only"
        reply = await self._call_idempotent("channel_users", "GET", path)
        if isinstance(reply.body, dict) and reply.body.get("success") is False:
            raise error_from_response(
                endpoint="channel_users",
                http_status=reply.status,
                body=reply.body,
                request_id=reply.request_id,
            )
        return self._parse("channel_users", reply, ChannelUsers.from_body)

    # -- plumbing ----------------------------------------------------------------------

    @property
    def _base_path(self) -> str:
        return f"/v1/apps/{_q(self.app_id)}/cloud_recording"

    def _envelope(self, cname: str, uid: str, client_request: dict[str, Any]) -> dict[str, Any]:
        return {"cname": cname, "uid": uid, "clientRequest": client_request}

    def _check(
        self, endpoint: str, mode: Mode, cname: str, uid: str | int, problems: list[Problem]
    ) -> str:
        found = list(problems)
        cp = cname_problem(cname, mode)
        if cp:
            found.insert(0, Problem("cname", cp))
        up = uid_problem(uid)
        if up:
            found.insert(0, Problem("uid", up))
        if found:
            raise RequestValidationError(endpoint, found)
        return str(uid)

    def _register_config_secrets(self, config: StartConfig) -> None:
        SECRETS.add(config.token.get_secret_value() if config.token else None)
        self._register_storage_secrets(config.storage_config)
        rc = config.recording_config
        if rc is not None:
            SECRETS.add(
                rc.secret.get_secret_value() if rc.secret else None,
                rc.salt.get_secret_value() if rc.salt else None,
            )

    def _register_storage_secrets(self, storage: StorageConfig) -> None:
        SECRETS.add(
            storage.access_key.get_secret_value(),
            storage.secret_key.get_secret_value(),
            storage.sts_token.get_secret_value() if storage.sts_token else None,
        )

    async def _call_once(
        self,
        endpoint: str,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        *,
        repeat_if_maybe_delivered: bool = False,
        read_timeout: float | None = None,
    ) -> Reply:
        full = path if path.startswith("/dev/") else self._base_path + path
        reply = await self._transport.send(
            endpoint,
            method,
            full,
            body=body,
            headers=self._headers,
            repeat_if_maybe_delivered=repeat_if_maybe_delivered,
            read_timeout=read_timeout,
        )
        self._raise_for(endpoint, reply)
        return reply

    async def _call_idempotent(self, endpoint: str, method: str, path: str) -> Reply:
        attempt = 0
        while True:
            try:
                reply = await self._transport.send(
                    endpoint,
                    method,
                    path,
                    body=None,
                    headers=self._headers,
                    repeat_if_maybe_delivered=True,
                )
                self._raise_for(endpoint, reply)
                return reply
            except _RETRYABLE as exc:
                if attempt + 1 >= self._policy.attempts:
                    raise
                header = exc.retry_after if isinstance(exc, RateLimitedError) else None
                await self._sleep(self._policy.retry_after(header, attempt))
                attempt += 1

    def _raise_for(self, endpoint: str, reply: Reply) -> None:
        body = reply.body if isinstance(reply.body, dict) else {}
        if reply.status == 200 and "code" not in body:
            return
        if reply.status == 206 and "code" not in body and endpoint == "stop":
            return  # stop finished, upload state unknown: a result, not an error
        if reply.status == 201 and endpoint == "start":
            raise AlreadyStartedError(
                endpoint=endpoint,
                http_status=201,
                code=int(body.get("code", 7) or 7),
                reason=body.get("reason") or "already started",
                request_id=reply.request_id,
                body=body,
            )
        if reply.status == 206 and "code" not in body:
            raise RequestNotCompletedError(
                endpoint=endpoint, http_status=206, request_id=reply.request_id, body=body
            )
        # Anything else, including a 200 that carries a code, is an error answer.
        error = error_from_response(
            endpoint=endpoint, http_status=reply.status, body=body, request_id=reply.request_id
        )
        if isinstance(error, RateLimitedError):
            error.retry_after = reply.headers.get("retry-after")
        raise error

    def _parse(self, endpoint: str, reply: Reply, parser: Callable[[dict[str, Any]], T]) -> T:
        body = reply.body if isinstance(reply.body, dict) else None
        if body is None:
            raise UnexpectedResponseError(
                endpoint=endpoint, http_status=reply.status, request_id=reply.request_id
            )
        try:
            return parser(body)
        except (ValueError, TypeError) as exc:
            raise UnexpectedResponseError(
                endpoint=endpoint,
                http_status=reply.status,
                request_id=reply.request_id,
                meaning=f"The service's answer lacked an expected field ({type(exc).__name__}).",
            ) from None


def _q(value: str) -> str:
    return quote(str(value), safe="")


__all__ = ["CloudRecordingClient", "CloudRecordingError"]
