"""The serialized, coalescing path for ``updateLayout`` and ``update``.

See docs/api-notes.md, "update and updateLayout".

``updateLayout`` replaces the whole layout, so the publisher always sends a complete layout.
Edits are coalesced (last write wins; ``update`` fields merge, each last write wins), sent one
at a time (each response awaited), and kept under the App ID's rate limit by the shared
transport. Both calls are full replaces, hence safe to re-send after a transient failure.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from recorder_gui.api.errors import (
    CloudRecordingError,
    NotFoundError,
    RateLimitedError,
    RequestNotCompletedError,
    ServerError,
    TransportError,
)
from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.api.request_models import UpdateConfig

from .events import ErrorInfo, error_info
from .timers import Timer

_TRANSIENT = (TransportError, ServerError, RequestNotCompletedError, RateLimitedError)
_NO_ERROR: dict[str, Any] = {"last_error": None, "last_error_info": None}
_UPDATE_FIELDS = (
    "stream_subscribe",
    "web_recording_config",
    "rtmp_publish_config",
    "storage_config",
)


class PublishState(StrEnum):
    IDLE = "idle"  #: nothing sent yet, nothing pending
    PENDING = "pending"  #: an edit waits or is being sent
    APPLIED = "applied"  #: the last edit was accepted
    FAILED = "failed"  #: the last edit was refused or could not be delivered


@dataclass(frozen=True, slots=True)
class PublisherStatus:
    state: PublishState = PublishState.IDLE
    pending_layout: bool = False
    pending_update: bool = False
    in_flight: str | None = None  # "updateLayout" | "update"
    applied_layout: LayoutUpdate | None = None
    applied_update: UpdateConfig | None = None
    last_error: str | None = None
    last_error_info: ErrorInfo | None = None  #: the service error behind ``last_error``
    sent: int = 0
    coalesced: int = 0


def merge_updates(old: UpdateConfig | None, new: UpdateConfig) -> UpdateConfig:
    """Field-wise last write wins (a storage refresh does not erase a subscription change)."""
    if old is None:
        return new
    changes: dict[str, Any] = {f: getattr(new, f) for f in _UPDATE_FIELDS if getattr(new, f)}
    return old.model_copy(update=changes)


class Publisher:
    """Run :meth:`run` as a task owned by the session; feed it with the set/request methods."""

    def __init__(
        self,
        *,
        send_layout: Callable[[LayoutUpdate], Awaitable[object]],
        send_update: Callable[[UpdateConfig], Awaitable[object]],
        timer: Timer,
        on_change: Callable[[PublisherStatus], None],
        backoff: tuple[float, ...] = (1.0, 3.0, 6.0),
        not_found_backoff: tuple[float, ...] = (5.0, 10.0, 15.0, 30.0),
    ) -> None:
        self._send_layout = send_layout
        self._send_update = send_update
        self._timer = timer
        self._on_change = on_change
        self._backoff = backoff
        self._not_found_backoff = not_found_backoff
        self._layout: LayoutUpdate | None = None
        self._update: UpdateConfig | None = None
        self._order: list[str] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self.status = PublisherStatus()

    # -- intents -------------------------------------------------------------------------
    def set_layout(self, layout: LayoutUpdate) -> None:
        """Queue the complete layout; an unsent earlier layout is replaced (last write wins)."""
        coalesced = self.status.coalesced + (1 if self._layout is not None else 0)
        self._layout = layout
        self._queue("updateLayout", coalesced)

    def request_update(self, config: UpdateConfig) -> None:
        """Queue an update (subscriptions, web ``onhold``, storage token refresh)."""
        coalesced = self.status.coalesced + (1 if self._update is not None else 0)
        self._update = merge_updates(self._update, config)
        self._queue("update", coalesced)

    def _queue(self, kind: str, coalesced: int) -> None:
        if kind not in self._order:
            self._order.append(kind)
        self._idle.clear()
        self._wake.set()
        self._set(state=PublishState.PENDING, coalesced=coalesced)

    async def drained(self) -> PublisherStatus:
        """Wait until nothing is pending or in flight; the status then."""
        await self._idle.wait()
        return self.status

    def abandon(self, reason: str) -> None:
        """The recording is over: pending edits will never be sent."""
        if self._layout is not None or self._update is not None or self.status.in_flight:
            self._layout = self._update = None
            self._order.clear()
            self._set(
                state=PublishState.FAILED, last_error=reason, last_error_info=None, in_flight=None
            )
        self._idle.set()

    # -- worker --------------------------------------------------------------------------
    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._order:
                kind = self._order.pop(0)
                await self._send(kind)
            self._idle.set()

    async def _send(self, kind: str) -> None:
        attempt = 0
        while True:
            item: LayoutUpdate | UpdateConfig | None
            if kind == "updateLayout":
                item, self._layout = self._layout, None
            else:
                item, self._update = self._update, None
            if item is None:
                self._settle()
                return
            self._set(in_flight=kind)
            try:
                if isinstance(item, LayoutUpdate):
                    await self._send_layout(item)
                else:
                    await self._send_update(item)
            except (NotFoundError, *_TRANSIENT) as exc:
                table = self._not_found_backoff if isinstance(exc, NotFoundError) else self._backoff
                if attempt >= len(table):
                    self._fail(exc)
                    return
                self._restore(kind, item)
                self._set(
                    last_error=exc.sentence() + " Sending it again.",
                    last_error_info=error_info(exc),
                    in_flight=None,
                )
                await self._timer.sleep(table[attempt])
                attempt += 1
                continue
            except CloudRecordingError as exc:
                self._fail(exc)
                return
            sent = self.status.sent + 1
            if isinstance(item, LayoutUpdate):
                self._set(applied_layout=item, sent=sent, in_flight=None, **_NO_ERROR)
            else:
                applied = merge_updates(self.status.applied_update, item)
                self._set(applied_update=applied, sent=sent, in_flight=None, **_NO_ERROR)
            self._settle()
            return

    def _fail(self, exc: CloudRecordingError) -> None:
        self._set(
            state=self._final_state(),
            last_error=exc.sentence(),
            last_error_info=error_info(exc),
            in_flight=None,
        )

    def _settle(self) -> None:
        """APPLIED once nothing is queued, pending or in flight (and the last send worked)."""
        idle = not self._order and self._layout is None and self._update is None
        if idle and self.status.state is PublishState.PENDING and self.status.last_error is None:
            self._set(state=PublishState.APPLIED)

    def seed_applied(self, layout: LayoutUpdate) -> None:
        """The layout the recording started with (from the start body), before any update."""
        if self.status.applied_layout is None:
            self.status = dataclasses.replace(self.status, applied_layout=layout)

    def _final_state(self) -> PublishState:
        return PublishState.FAILED

    def _restore(self, kind: str, item: LayoutUpdate | UpdateConfig) -> None:
        """Put a failed item back unless a newer edit replaced it meanwhile."""
        if isinstance(item, LayoutUpdate):
            if self._layout is None:
                self._layout = item
        elif isinstance(item, UpdateConfig):
            self._update = item if self._update is None else merge_updates(item, self._update)

    def _set(self, **changes: Any) -> None:
        current = self.status
        data = {f: getattr(current, f) for f in current.__dataclass_fields__}
        data.update(changes)
        data["pending_layout"] = self._layout is not None
        data["pending_update"] = self._update is not None
        self.status = PublisherStatus(**data)
        self._on_change(self.status)
