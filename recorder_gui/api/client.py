"""``CloudRecordingClient``: the async client of the Agora Cloud Recording REST API.

One long-lived ``httpx.AsyncClient`` (injected or owned), typed requests validated before
sending, typed results, typed errors, the retry rules of :mod:`.retry` and the domain failover
of :mod:`.domains`. Secrets are registered with :mod:`.redact` and never appear in a repr,
a log line or an error text.

Every answer is hostile until parsed: bodies are read with a size cap and a JSON depth cap
(:mod:`.answers`), every endpoint's result goes through one typed parsing path
(:meth:`CloudRecordingClient._parse`) and every call has one overall deadline
(:mod:`.deadline`). Whatever the service sends, a call raises only
:class:`~.errors.CloudRecordingError` subclasses.
"""

from __future__ import annotations

import asyncio
import base64
import math
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from .answers import DEFAULT_MAX_RESPONSE_BYTES, parse_answer, raise_for_answer
from .config_models import StorageConfig
from .deadline import Budget
from .domains import Area, DomainPool, area_domains
from .errors import (
    CloudRecordingError,
    Problem,
    RateLimitedError,
    RequestNotCompletedError,
    RequestValidationError,
    ServerError,
    TransportError,
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
    """Async client; use ``async with CloudRecordingClient(...) as client:``.

    ``timeout`` bounds each network step of one attempt (httpx: connect, each read, ...);
    ``stop_timeout`` replaces it for stop, which waits for the upload. ``deadline`` bounds
    a whole call (all attempts, failovers and waits; real time and the waits as planned with
    ``sleep``), ``stop_deadline`` a synchronous stop (at least ``stop_timeout``); past it the
    call raises :class:`~.errors.DeadlineExceededError`. An answer larger than
    ``max_response_bytes`` raises :class:`~.errors.UnexpectedResponseError`.
    """

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
        deadline: float = 30.0,
        stop_deadline: float = 60.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if not (0 < deadline < math.inf and 0 < stop_deadline < math.inf):
            raise ValueError("deadline and stop_deadline must be positive, finite seconds")
        if max_response_bytes < 1:
            raise ValueError("max_response_bytes must be positive")
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
        self._transport = Transport(
            self._http, self._pool, self._policy, sleep, max_response_bytes=max_response_bytes
        )
        self._closed = False
        # A synchronous stop waits for the upload (the service expects <= 20 s).
        self._stop_timeout = max(stop_timeout, timeout)
        self.deadline = deadline
        self.stop_deadline = max(stop_deadline, self._stop_timeout)

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
        body = self._envelope(cname, uid_text, cfg.to_wire())
        async with self._budget("acquire") as budget:
            reply = await self._call_once(
                budget, "POST", "/acquire", body, repeat_if_maybe_delivered=True
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
        async with self._budget("start") as budget:
            while True:
                try:
                    reply = await self._call_once(budget, "POST", path, body)
                    break
                except RequestNotCompletedError as exc:
                    if attempt >= len(self._policy.not_completed_backoff):
                        raise
                    wait = self._policy.wait(self._policy.not_completed_backoff, attempt)
                    await self._wait(budget, wait, exc)
                    attempt += 1
        return self._parse("start", reply, StartResult.model_validate)

    async def query(self, *, resource_id: str, sid: str, mode: Mode | str) -> QueryResult:
        m = parse_mode(mode)
        path = f"/resourceid/{_q(resource_id)}/sid/{_q(sid)}/mode/{m.value}/query"
        async with self._budget("query") as budget:
            reply = await self._call_idempotent(budget, "GET", self._base_path + path)
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
        body = self._envelope(cname, uid_text, config.to_wire())
        async with self._budget("update") as budget:
            reply = await self._call_once(budget, "POST", path, body)
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
        body = self._envelope(cname, uid_text, layout.to_wire())
        async with self._budget("updateLayout") as budget:
            reply = await self._call_once(budget, "POST", path, body)
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
        result with ``complete=False`` (upload status unknown). A synchronous stop has
        ``stop_deadline``, an asynchronous one the ordinary ``deadline``."""
        m = parse_mode(mode)
        uid_text = self._check("stop", m, cname, uid, [])
        path = f"/resourceid/{_q(resource_id)}/sid/{_q(sid)}/mode/{m.value}/stop"
        body = self._envelope(cname, uid_text, {"async_stop": async_stop})
        seconds = self.deadline if async_stop else self.stop_deadline
        async with self._budget("stop", seconds) as budget:
            reply = await self._call_once(
                budget, "POST", path, body, read_timeout=self._stop_timeout
            )
        complete = reply.status == 200
        return self._parse("stop", reply, lambda b: StopResult.from_body(b, complete=complete))

    async def channel_users(self, cname: str, *, hosts_only: bool = False) -> ChannelUsers:
        """Who is in the channel (docs/api-notes.md, "Channel user list")."""
        path = f"/dev/v1/channel/user/{_q(self.app_id)}/{_q(cname)}"
        if hosts_only:
            path += "/hosts_only"
        async with self._budget("channel_users") as budget:
            reply = await self._call_idempotent(budget, "GET", path)
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

    def _budget(self, endpoint: str, seconds: float | None = None) -> Budget:
        return Budget(endpoint, self.deadline if seconds is None else seconds, self._sleep)

    async def _wait(self, budget: Budget, seconds: float, cause: CloudRecordingError) -> None:
        """Wait before a retry; past the deadline, fail at once (the cause is chained)."""
        try:
            await budget.sleep(seconds)
        except CloudRecordingError as exc:
            raise exc from cause

    async def _call_once(
        self,
        budget: Budget,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        *,
        repeat_if_maybe_delivered: bool = False,
        read_timeout: float | None = None,
    ) -> Reply:
        full = path if path.startswith("/dev/") else self._base_path + path
        reply = await self._transport.send(
            budget.endpoint,
            method,
            full,
            body=body,
            headers=self._headers,
            repeat_if_maybe_delivered=repeat_if_maybe_delivered,
            read_timeout=read_timeout,
            budget=budget,
        )
        self._raise_for(budget.endpoint, reply)
        return reply

    async def _call_idempotent(self, budget: Budget, method: str, path: str) -> Reply:
        attempt = 0
        while True:
            try:
                reply = await self._transport.send(
                    budget.endpoint,
                    method,
                    path,
                    body=None,
                    headers=self._headers,
                    repeat_if_maybe_delivered=True,
                    budget=budget,
                )
                self._raise_for(budget.endpoint, reply)
                return reply
            except _RETRYABLE as exc:
                if attempt + 1 >= self._policy.attempts:
                    raise
                if isinstance(exc, RateLimitedError) and exc.retry_after_seconds is not None:
                    wait = exc.retry_after_seconds
                else:
                    wait = self._policy.wait(self._policy.backoff, attempt)
                await self._wait(budget, wait, exc)
                attempt += 1

    def _raise_for(self, endpoint: str, reply: Reply) -> None:
        raise_for_answer(endpoint, reply, self._policy)

    def _parse(self, endpoint: str, reply: Reply, parser: Callable[[dict[str, Any]], T]) -> T:
        """The one typed parsing path of every endpoint (see :func:`.answers.parse_answer`)."""
        return parse_answer(endpoint, reply, parser)


def _q(value: str) -> str:
    return quote(str(value), safe="")


__all__ = ["CloudRecordingClient", "CloudRecordingError"]
