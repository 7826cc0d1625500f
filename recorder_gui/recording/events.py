"""The engine's vocabulary: session states, the events subscribers receive, typed snapshots.

Everything here is plain frozen data (no Qt): the UI bridge turns events into signals.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger("recorder_gui.recording")


class SessionState(StrEnum):
    """Where one recording is in its life.

    ``UNADDRESSABLE`` is honest about a real API limit: the service answered 201/7 ("already
    started") to a start whose first answer was lost, so the recording runs but its sid is
    unknown; it cannot be queried or stopped and ends by ``maxIdleTime`` (or its expiry).
    """

    IDLE = "idle"
    ACQUIRING = "acquiring"
    STARTING = "starting"
    RECORDING = "recording"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"
    UNADDRESSABLE = "unaddressable"

    @property
    def is_final(self) -> bool:
        return self in (SessionState.STOPPED, SessionState.FAILED, SessionState.UNADDRESSABLE)


class EventKind(StrEnum):
    STATE = "state"  #: a transition: ``state``, ``previous``, ``reason``
    SNAPSHOT = "snapshot"  #: a new :class:`StatusSnapshot` from the poller
    UNREACHABLE = "unreachable"  #: query answers 404 in a run: possibly failing over
    REACHABLE = "reachable"  #: query answers again after a run of 404s
    IDLE_WARNING = "idle_warning"  #: nobody who counts is in the channel
    IDLE_CLEARED = "idle_cleared"  #: someone who counts is back
    USERS = "users"  #: the channel user list changed
    LAYOUT = "layout"  #: the layout/update publisher's status changed
    PROBLEM = "problem"  #: a transient error, as a plain sentence with the next step


@dataclass(frozen=True, slots=True)
class StatusSnapshot:
    """What the last poll found; the UI renders it and keeps no copy."""

    status: int | None = None
    status_meaning: str = "unknown"
    files: tuple[str, ...] = ()
    slice_start_ms: int | None = None
    elapsed_seconds: float | None = None
    last_ok_poll_at: float | None = None
    next_poll_at: float | None = None
    domain: str = ""
    consecutive_failures: int = 0
    unreachable_since: float | None = None
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class IdleWarning:
    """Nobody who counts is in the channel: the recorder leaves in about ``seconds_left``."""

    idle_since: float
    seconds_left: float
    sentence: str


@dataclass(frozen=True, slots=True)
class StopOutcome:
    """What stopping found: the plain sentence, files and where to look for them."""

    sentence: str
    uploading_status: str | None = None  # "uploaded" | "backuped" | "unknown" | None
    files: tuple[str, ...] = ()
    predicted_files: tuple[str, ...] = ()
    storage_prefix: str = ""
    nothing_recorded: bool = False
    already_stopped: bool = False


@dataclass(frozen=True, slots=True)
class SessionEvent:
    kind: EventKind
    session_key: str
    state: SessionState
    at: float
    reason: str = ""
    previous: SessionState | None = None
    snapshot: StatusSnapshot | None = None
    idle: IdleWarning | None = None
    users: tuple[int, ...] = ()
    suggested_uid: str | None = None


Subscriber = Callable[[SessionEvent], None]


@dataclass
class EventHub:
    """Plain-callback subscriptions plus async iteration; a failing subscriber is logged only."""

    _subscribers: list[Subscriber] = field(default_factory=list)
    history_limit: int = 50
    history: list[SessionEvent] = field(default_factory=list)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` for every event; returns the function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, event: SessionEvent) -> None:
        self.history.append(event)
        if len(self.history) > self.history_limit:
            del self.history[: len(self.history) - self.history_limit]
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:  # a subscriber's bug must never break the engine
                log.exception("session event subscriber failed")

    async def stream(self) -> AsyncIterator[SessionEvent]:
        """``async for event in hub.stream():`` until the consumer stops iterating."""
        queue: asyncio.Queue[SessionEvent] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()
