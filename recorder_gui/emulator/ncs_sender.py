"""Delivers NCS envelopes by HTTP POST, like Agora's Notification Center Service does.

docs/api-notes.md, "Callbacks": each body is signed over the exact bytes sent
(``Agora-Signature`` HMAC-SHA1 and ``Agora-Signature-V2`` HMAC-SHA256). Any HTTP 200 within
``ack_timeout`` seconds acknowledges it (Agora's own samples answer the text "Ok"); otherwise
the same ``noticeId`` is sent again after each of ``retry_delays`` (0: at once), with a fresh
``notifyMs`` and fresh signatures, and given up after the last one (3 retries by default).

Delivery runs off the request path: its own daemon thread, asyncio loop and one
``httpx.AsyncClient``. ``submit`` is thread-safe and never blocks. First attempts keep the
order of one task's events (one lane per sid, one send at a time); retries may interleave.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from recorder_gui.callbacks.signature import signature_headers

log = logging.getLogger(__name__)

DEFAULT_ACK_TIMEOUT = 10.0
DEFAULT_RETRY_DELAYS = (0.0, 1.0, 3.0)
MAX_RETRIES = 3
#: Delivery outcomes kept for inspection (oldest dropped first).
OUTCOME_LIMIT = 20_000
_CLOSE_TIMEOUT = 5.0


def public_url(url: str) -> str:
    """``url`` without user info, query or fragment (they may hold a key): safe to show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def check_delivery(url: str, ack_timeout: float, retry_delays: tuple[float, ...]) -> None:
    """ValueError (a plain sentence) when the receiver URL or the timing is unusable."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("the NCS receiver must be an http:// or https:// URL with a host")
    if not ack_timeout > 0:
        raise ValueError("the NCS acknowledgement timeout must be more than 0 seconds")
    if any(not delay >= 0 for delay in retry_delays):
        raise ValueError("NCS retry delays must be 0 or more seconds")
    if len(retry_delays) > MAX_RETRIES:
        raise ValueError(f"NCS resends a notification at most {MAX_RETRIES} times")


@dataclass
class Delivery:
    """What became of one notification: ``state`` is pending, delivered, gave_up or dropped
    (the sender closed first)."""

    notice_id: str
    sid: str
    event_type: int
    sequence: int
    state: str = "pending"
    attempts: int = 0
    last_status: int | None = None
    last_error: str | None = None
    last_notify_ms: int | None = None

    def view(self) -> dict[str, Any]:
        return asdict(self)


class NcsSender:
    """POSTs envelopes to ``url`` signed with ``secret``; ``close`` stops it (joins its thread)."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        clock: Callable[[], float] = time.time,
        ack_timeout: float = DEFAULT_ACK_TIMEOUT,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
    ) -> None:
        check_delivery(url, ack_timeout, retry_delays)
        if not secret:
            raise ValueError("the NCS secret must not be empty")
        self.url = url
        self.ack_timeout = float(ack_timeout)
        self.retry_delays = tuple(float(d) for d in retry_delays)
        self._secret = secret.encode("utf-8")
        self._clock = clock
        self._lock = threading.Condition()
        self._outcomes: OrderedDict[str, Delivery] = OrderedDict()
        self._last_send: dict[str, float] = {}  # noticeId -> monotonic time of its last attempt
        self._pending = 0
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._lanes: dict[str, asyncio.Queue[dict[str, Any]]] = {}
        self._jobs: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="recorder-gui-ncs", daemon=True
        )
        self._thread.start()
        ready.wait()

    def __repr__(self) -> str:
        return f"NcsSender(url={public_url(self.url)!r}, closed={self._closed})"

    # -- any thread ------------------------------------------------------------------------
    def submit(self, envelope: dict[str, Any]) -> None:
        """Queue one envelope for delivery (a copy is taken); dropped once closed."""
        payload = envelope.get("payload") or {}
        record = Delivery(
            notice_id=str(envelope["noticeId"]),
            sid=str(envelope.get("sid", "")),
            event_type=int(envelope["eventType"]),
            sequence=int(payload.get("sequence", -1)),
        )
        copy = json.loads(json.dumps(envelope))
        with self._lock:
            loop = self._loop
            if self._closed or loop is None:
                return
            self._outcomes[record.notice_id] = record
            while len(self._outcomes) > OUTCOME_LIMIT:
                self._outcomes.popitem(last=False)
            try:
                loop.call_soon_threadsafe(self._enqueue, copy)
            except RuntimeError:  # the sender's loop ended (a bug there): never fail the caller
                record.state = "dropped"
                return
            self._pending += 1

    def deliveries(self) -> list[dict[str, Any]]:
        """Each notification's outcome, oldest first."""
        with self._lock:
            return [d.view() for d in self._outcomes.values()]

    def outcome(self, notice_id: str) -> dict[str, Any]:
        with self._lock:
            return self._outcomes[notice_id].view()

    @property
    def pending(self) -> int:
        """Notifications neither acknowledged nor given up yet."""
        with self._lock:
            return self._pending

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every submitted notification is delivered or given up; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        """Stop delivering (what is still pending is dropped), close the client, join the thread.

        Safe to call twice and from any thread but the sender's own.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stop.set)
        self._thread.join(_CLOSE_TIMEOUT)
        with self._lock:
            for record in self._outcomes.values():
                if record.state == "pending":
                    record.state = "dropped"
            self._pending = 0
            self._lock.notify_all()

    # -- the sender's thread ---------------------------------------------------------------
    def _run(self, ready: threading.Event) -> None:
        try:
            asyncio.run(self._main(ready))
        except Exception:  # a bug here must not take the emulator down with it
            log.exception("the NCS sender stopped unexpectedly")
        finally:
            ready.set()

    async def _main(self, ready: threading.Event) -> None:
        stop = asyncio.Event()
        limits = httpx.Limits(max_keepalive_connections=20, keepalive_expiry=30.0)
        timeout = httpx.Timeout(self.ack_timeout)
        async with httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False) as client:
            self._client = client
            with self._lock:
                self._loop, self._stop = asyncio.get_running_loop(), stop
            ready.set()
            await stop.wait()
            jobs = list(self._jobs)
            for job in jobs:
                job.cancel()
            await asyncio.gather(*jobs, return_exceptions=True)
        self._client = None

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        job: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)

    def _enqueue(self, envelope: dict[str, Any]) -> None:
        sid = str(envelope.get("sid", ""))
        lane = self._lanes.get(sid)
        if lane is None:
            lane = self._lanes[sid] = asyncio.Queue()
            self._spawn(self._drain(sid, lane))
        lane.put_nowait(envelope)

    async def _drain(self, sid: str, lane: asyncio.Queue[dict[str, Any]]) -> None:
        """One task's first attempts, one at a time; a failed one goes on retrying aside."""
        while True:
            try:
                envelope = lane.get_nowait()
            except asyncio.QueueEmpty:
                del self._lanes[sid]
                return
            if not await self._attempt(envelope):
                self._spawn(self._retry(envelope))

    async def _retry(self, envelope: dict[str, Any]) -> None:
        for delay in self.retry_delays:
            if delay > 0:
                await asyncio.sleep(delay)
            if await self._attempt(envelope):
                return
        self._settle(str(envelope["noticeId"]), "gave_up")
        log.warning(
            "NCS gave up notification %s (event %s) to %s after %d attempts",
            envelope["noticeId"],
            envelope["eventType"],
            public_url(self.url),
            1 + len(self.retry_delays),
        )

    def _notify_ms(self, notice_id: str, previous: int | None) -> int:
        """The emulator clock now; on a resend at least the real time elapsed since the last
        attempt later than that attempt's value (a frozen clock still refreshes it)."""
        now_ms = int(round(self._clock() * 1000))
        mono = time.monotonic()
        last = self._last_send.get(notice_id)
        self._last_send[notice_id] = mono
        if previous is None or last is None:
            return now_ms
        return max(now_ms, previous + max(1, int((mono - last) * 1000)))

    async def _attempt(self, envelope: dict[str, Any]) -> bool:
        notice_id = str(envelope["noticeId"])
        with self._lock:
            record = self._outcomes.get(notice_id)
            previous = None if record is None else record.last_notify_ms
        envelope["notifyMs"] = self._notify_ms(notice_id, previous)
        raw = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        status: int | None = None
        error: str | None = None
        client = self._client
        assert client is not None
        try:
            async with asyncio.timeout(self.ack_timeout):
                response = await client.post(
                    self.url, content=raw, headers=signature_headers(self._secret, raw)
                )
            status = response.status_code
            if status != 200:
                error = f"the receiver answered HTTP {status}"
        except TimeoutError:
            error = f"no answer within {self.ack_timeout:g} s"
        except httpx.HTTPError as err:
            error = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        with self._lock:
            if record is not None:
                record.attempts += 1
                record.last_status = status
                record.last_error = error
                record.last_notify_ms = envelope["notifyMs"]
        if error is None:
            self._settle(notice_id, "delivered")
            return True
        log.info("NCS delivery of %s to %s failed: %s", notice_id, public_url(self.url), error)
        return False

    def _settle(self, notice_id: str, state: str) -> None:
        self._last_send.pop(notice_id, None)
        with self._lock:
            record = self._outcomes.get(notice_id)
            if record is not None and record.state == "pending":
                record.state = state
            self._pending = max(0, self._pending - 1)
            self._lock.notify_all()
