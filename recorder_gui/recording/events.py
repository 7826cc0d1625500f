"""The engine's vocabulary: session states, the events subscribers receive, typed snapshots.

Everything here is plain frozen data (no Qt): the UI bridge turns events into signals.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from recorder_gui.api.errors import CloudRecordingError
from recorder_gui.api.observers import Observers
from recorder_gui.api.results import FileInfo


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
    STATE = "state"  #: a transition: ``state``, ``previous``, ``note``
    SNAPSHOT = "snapshot"  #: a new :class:`StatusSnapshot` from the poller
    UNREACHABLE = "unreachable"  #: query answers 404 in a run: possibly failing over
    REACHABLE = "reachable"  #: query answers again after a run of 404s
    IDLE_WARNING = "idle_warning"  #: nobody who counts is in the channel
    IDLE_CLEARED = "idle_cleared"  #: someone who counts is back
    USERS = "users"  #: the channel user list changed
    LAYOUT = "layout"  #: the layout/update publisher's status changed
    PROBLEM = "problem"  #: a transient error: ``note`` says what happened and what next
    LIMIT_WARNING = "limit_warning"  #: 15 / 5 min before the token or maxRecordingHour ends
    CALLBACK = "callback"  #: the timeline took new callbacks (``note.what``: the newest line)


@dataclass(frozen=True, slots=True)
class FileDetail:
    """One recorded file as the service listed it (``None``: the service did not say)."""

    name: str
    track_type: str | None = None  # "audio" | "video" | "audio_and_video"
    uid: str | None = None
    mixed_all_user: bool | None = None
    is_playable: bool | None = None
    slice_start_ms: int | None = None

    @classmethod
    def from_info(cls, info: FileInfo) -> FileDetail:
        return cls(
            name=info.file_name,
            track_type=info.track_type,
            uid=info.uid,
            mixed_all_user=info.mixed_all_user,
            is_playable=info.is_playable,
            slice_start_ms=info.slice_start_time or None,
        )


def file_details(files: Iterable[FileInfo]) -> tuple[FileDetail, ...]:
    return tuple(FileDetail.from_info(f) for f in files)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """A service error as data: what it means, what to do, and the details to quote.

    ``sentence`` is the error's full plain sentence (what event reasons embed); ``action``
    names the call that failed ("Starting the recording") and ``reason`` is the service's own
    short reason text, when it gave one.
    """

    meaning: str
    next_step: str
    request_id: str | None = None
    code: int | None = None
    http_status: int | None = None
    endpoint: str = ""
    sentence: str = ""
    action: str = ""
    reason: str | None = None

    @classmethod
    def from_error(cls, exc: CloudRecordingError) -> ErrorInfo:
        return cls(
            meaning=exc.meaning,
            next_step=exc.next_step,
            request_id=exc.request_id,
            code=exc.code,
            http_status=exc.http_status,
            endpoint=exc.endpoint,
            sentence=exc.sentence(),
            action=exc.action,
            reason=exc.reason,
        )


def error_info(exc: CloudRecordingError | None) -> ErrorInfo | None:
    return None if exc is None else ErrorInfo.from_error(exc)


@dataclass(frozen=True, slots=True)
class Note:
    """Why something happened, as data: views compose these fields and never parse prose.

    ``what`` is what happened, in the engine's words ("" when the service error says it all);
    ``next_step`` is what comes next in the engine's words ("" : the service error's own next
    step holds); ``error`` is the service error behind it (meaning, next step, code, HTTP
    status, request ID), when there is one. With ``quote_only`` the error is evidence only:
    ``what`` already tells the story, the error's code and request ID are there to quote.
    """

    what: str = ""
    next_step: str = ""
    error: ErrorInfo | None = None
    quote_only: bool = False

    @classmethod
    def of(
        cls,
        exc: CloudRecordingError | None,
        *,
        what: str = "",
        next_step: str = "",
        quote_only: bool = False,
    ) -> Note:
        """The note of a service error, with the engine's own words around it."""
        return cls(what, next_step, error_info(exc), quote_only)

    @property
    def text(self) -> str:
        """One plain line for logs and the journal (views read the fields instead)."""
        told = self.error.sentence if self.error and not self.quote_only else ""
        return " ".join(p.strip() for p in (self.what, self.next_step, told) if p.strip())


@dataclass(frozen=True, slots=True)
class StatusSnapshot:
    """What the last poll found; the UI renders it and keeps no copy."""

    status: int | None = None
    status_meaning: str = "unknown"
    files: tuple[str, ...] = ()
    file_details: tuple[FileDetail, ...] = ()
    slice_start_ms: int | None = None
    elapsed_seconds: float | None = None
    last_ok_poll_at: float | None = None
    next_poll_at: float | None = None
    domain: str = ""
    consecutive_failures: int = 0
    unreachable_since: float | None = None
    last_error: str | None = None
    last_error_info: ErrorInfo | None = None


@dataclass(frozen=True, slots=True)
class IdleWarning:
    """Nobody who counts is in the channel: the recorder leaves in about ``seconds_left``."""

    idle_since: float
    seconds_left: float
    sentence: str


@dataclass(frozen=True, slots=True)
class StopOutcome:
    """What stopping found: the plain sentence, files and where to look for them.

    ``file_details`` holds what the service listed for ``files`` (empty when it listed
    nothing); ``predicted_files`` are the files the naming rules expect, with the track and
    uid the rules give (nothing the service confirmed).
    """

    sentence: str
    uploading_status: str | None = None  # "uploaded" | "backuped" | "unknown" | None
    files: tuple[str, ...] = ()
    file_details: tuple[FileDetail, ...] = ()
    predicted_files: tuple[FileDetail, ...] = ()
    storage_prefix: str = ""
    nothing_recorded: bool = False
    already_stopped: bool = False


@dataclass(frozen=True, slots=True)
class SessionEvent:
    kind: EventKind
    session_key: str
    state: SessionState
    at: float
    note: Note = Note()  #: why: what happened, the next step and the service error behind it
    previous: SessionState | None = None
    snapshot: StatusSnapshot | None = None
    idle: IdleWarning | None = None
    users: tuple[int, ...] = ()
    suggested_uid: str | None = None

    @property
    def reason(self) -> str:
        """The note as one plain line, for logs (views read :attr:`note`)."""
        return self.note.text

    @property
    def error(self) -> ErrorInfo | None:
        """The service error behind a FAILED/PROBLEM/UNREACHABLE... event, if any."""
        return self.note.error


Subscriber = Callable[[SessionEvent], None]


@dataclass
class EventHub:
    """Plain-callback subscriptions plus async iteration; a failing subscriber is logged only."""

    _subscribers: Observers[SessionEvent] = field(
        default_factory=lambda: Observers("session event")
    )
    history_limit: int = 50
    history: list[SessionEvent] = field(default_factory=list)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` for every event; returns the function that unsubscribes."""
        return self._subscribers.subscribe(callback)

    def emit(self, event: SessionEvent) -> None:
        self.history.append(event)
        if len(self.history) > self.history_limit:
            del self.history[: len(self.history) - self.history_limit]
        self._subscribers.notify(event)

    async def stream(self) -> AsyncIterator[SessionEvent]:
        """``async for event in hub.stream():`` until the consumer stops iterating."""
        queue: asyncio.Queue[SessionEvent] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()
