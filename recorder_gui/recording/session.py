"""``RecordingSession``: one recording's lifecycle, its journal rows and the tasks it owns.

States idle -> acquiring -> starting -> recording -> stopping -> stopped, plus failed and
unaddressable; each transition is an event with its reason. The session owns its tasks (start,
poller, publisher, stop) and cancels and awaits them in :meth:`aclose`, which stops watching
but never stops the recording (the journal lets a later run reattach).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from recorder_gui.api.client import CloudRecordingClient
from recorder_gui.api.errors import CloudRecordingError
from recorder_gui.api.identifiers import Mode, normalize_uid, parse_mode
from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.api.request_models import AcquireConfig, StartConfig, UpdateConfig
from recorder_gui.api.results import ChannelUsers

from . import start_flow, stop_flow
from .channel_watch import ChannelWatch
from .events import (
    ErrorInfo,
    EventHub,
    EventKind,
    FileDetail,
    IdleWarning,
    SessionEvent,
    SessionState,
    StatusSnapshot,
    StopOutcome,
    Subscriber,
    error_info,
)
from .journal import Journal, JournalEntry
from .poller import PollConfig, Poller
from .publisher import Publisher, PublisherStatus
from .reattach import entry_of, reattach_session, session_from_entry
from .timers import RealTimer, Timer

log = logging.getLogger("recorder_gui.recording")
_WATCHED = (SessionState.STARTING, SessionState.RECORDING)
#: Seconds :meth:`RecordingSession.aclose` waits for its cancelled tasks.
CLOSE_TIMEOUT = 5.0


async def cancel_and_wait(
    tasks: set[asyncio.Task[Any]], grace: float | None
) -> set[asyncio.Task[Any]]:
    """Cancel ``tasks`` and wait (at most ``grace`` s) until they are done; the ones still
    pending. Unlike ``with suppress(CancelledError): await task``, a cancellation of the
    *caller* propagates, and the tasks' own outcomes are left to their done callbacks."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return set()
    _, pending = await asyncio.wait(tasks, timeout=grace)
    return pending


class RecordingSession:
    """One recording. Create through :class:`~.manager.SessionManager` (or directly in tests)."""

    def __init__(
        self,
        *,
        client: CloudRecordingClient,
        journal: Journal,
        cname: str,
        uid: str | int,
        mode: Mode | str,
        start_config: StartConfig | None = None,
        acquire_config: AcquireConfig | None = None,
        profile: str = "",
        timer: Timer | None = None,
        poll_config: PollConfig | None = None,
        key: str | None = None,
        bot_uids: Callable[[], set[int]] | None = None,
        taken_uids: Callable[[], set[str]] | None = None,
        channel_peers: Callable[[], list[RecordingSession]] | None = None,
    ) -> None:
        self.key = key or uuid.uuid4().hex
        self.client = client
        self.journal = journal
        self.app_id = client.app_id
        self.profile = profile
        self.cname = cname
        self.uid = normalize_uid(uid)
        self.mode = parse_mode(mode)
        self.start_config = start_config
        self.acquire_config = acquire_config
        self.timer: Timer = timer or RealTimer()
        self.poll_config = poll_config or PollConfig()
        self._bot_uids = bot_uids
        self._taken_uids = taken_uids
        #: Other live sessions on the same channel: they share each user list we fetch.
        self.channel_peers: Callable[[], list[RecordingSession]] = channel_peers or list
        # What the UI reads.
        self.state = SessionState.IDLE
        self.reason = ""
        self.resource_id: str | None = None
        self.resource_ids: list[str] = []
        self.sid: str | None = None
        self.acquired_at: float | None = None
        self.started_at: float | None = None
        self.confirmed_at: float | None = None
        self.snapshot = StatusSnapshot()
        self.files: tuple[str, ...] = ()
        self.file_details: tuple[FileDetail, ...] = ()
        self.stop_outcome: StopOutcome | None = None
        self.suggested_uid: str | None = None
        self.unreachable_since: float | None = None
        self.failovers_seen = 0
        self.start_maybe_sent = False
        self.stop_requested = False
        self.settled = False
        self.users_seen: set[int] = set()
        self._storage_prefix = (
            start_config.storage_config.prefix_path if start_config is not None else ""
        )
        rc = start_config.recording_config if start_config is not None else None
        self.max_idle_time: float | None = (
            None
            if self.mode is Mode.WEB
            else float(rc.max_idle_time if rc is not None and rc.max_idle_time else 30)
        )
        self.watch = ChannelWatch(self.max_idle_time, since=0.0, ignored={int(self.uid)})
        self._hub = EventHub()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._start_task: asyncio.Task[None] | None = None
        self._stop_task: asyncio.Task[SessionState] | None = None
        self._poller: Poller | None = None
        self._poller_task: asyncio.Task[None] | None = None
        self._publisher_task: asyncio.Task[None] | None = None
        self._waiters: list[asyncio.Future[None]] = []
        self.publisher = Publisher(
            send_layout=self._send_layout,
            send_update=self._send_update,
            timer=self.timer,
            on_change=self._on_publisher,
        )
        transcoding = rc.transcoding_config if rc is not None else None
        if transcoding is not None:
            # updateLayout replaces this; until then it is what the service renders.
            fields = set(LayoutUpdate.model_fields)
            self.publisher.seed_applied(
                LayoutUpdate.model_validate(transcoding.model_dump(include=fields))
            )

    def __repr__(self) -> str:
        return (
            f"RecordingSession(cname={self.cname!r}, uid={self.uid!r}, mode={self.mode.value!r}, "
            f"state={self.state.value!r}, sid={self.sid!r})"
        )

    # -- what a UI reads --------------------------------------------------------------------
    @property
    def storage_prefix(self) -> str:
        return self._storage_prefix

    @property
    def predicted_files(self) -> tuple[str, ...]:
        """Index files this recording makes by the naming rules (empty before a sid exists)."""
        return stop_flow.predicted_for(self)

    @property
    def channel_users(self) -> tuple[int, ...]:
        return self.watch.users

    @property
    def idle_warning(self) -> IdleWarning | None:
        return self.watch.warning

    @property
    def publisher_status(self) -> PublisherStatus:
        return self.publisher.status

    @property
    def events_seen(self) -> list[SessionEvent]:
        return list(self._hub.history)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Plain callback for every :class:`SessionEvent`; returns the unsubscribe function."""
        return self._hub.subscribe(callback)

    def events(self) -> AsyncIterator[SessionEvent]:
        return self._hub.stream()

    async def wait_for(self, *states: SessionState) -> SessionState:
        """Wait until the state is one of ``states`` (or final); returns it."""
        while not (self.state in states or self.state.is_final):
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            await waiter
        return self.state

    # -- intents ----------------------------------------------------------------------------
    async def start(self) -> SessionState:
        """Acquire and start; returns once started (STARTING with a sid) or failed.

        The flow runs in a task the session owns: cancelling the caller does not cancel a
        start that may have reached the service.
        """
        if self.start_config is None:
            raise RuntimeError("this session has no start config (it was reattached)")
        if self._start_task is None:
            if self.state is not SessionState.IDLE:
                raise RuntimeError(f"cannot start a session in state {self.state.value}")
            self.watch.since = self.timer.now()
            self._start_task = self._spawn(start_flow.run_start(self), "start")
        await asyncio.shield(self._start_task)
        return self.state

    async def stop(self) -> SessionState:
        """Stop the recording (waits for a start in progress first); returns the final state."""
        if self._stop_task is None or self._stop_task.done():
            if self.state.is_final:
                return self.state
            self._stop_task = self._spawn(self._stop(), "stop")
        return await asyncio.shield(self._stop_task)

    def set_layout(self, layout: LayoutUpdate) -> None:
        """Publish the complete mixed layout (coalesced; sent once the session records)."""
        if self.mode is not Mode.MIX:
            raise ValueError("updateLayout works in mix mode only")
        self.publisher.set_layout(layout)

    def request_update(self, config: UpdateConfig) -> None:
        """Publish an update (subscriptions, web onhold, storage token refresh)."""
        self.publisher.request_update(config)

    async def aclose(self, grace: float | None = CLOSE_TIMEOUT) -> bool:
        """Stop watching: cancel and await every task. The recording itself is left alone.

        Waits at most ``grace`` seconds (None: no bound) for the tasks to finish; a task
        still pending then is logged and left behind (it can only be one the event loop lost,
        e.g. a step dropped by a re-entrant event loop). Returns True when every task finished.
        Cancelling the caller cancels this wait (it is never swallowed).
        """
        tasks = set(self._tasks)
        pending = await cancel_and_wait(tasks, grace)
        if pending:
            log.warning(
                "session %s: %d task(s) did not finish within %s s of being cancelled: %s",
                self.key,
                len(pending),
                grace,
                ", ".join(sorted(t.get_name() for t in pending)),
            )
        self._tasks.difference_update(tasks - pending)
        return not pending

    # -- engine-internal (flows and poller) -------------------------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=f"{name}:{self.cname}:{self.uid}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("session task %s crashed", task.get_name(), exc_info=exc)
            if not self.state.is_final:
                self.problem(f"Internal error in recorder-gui ({type(exc).__name__}); see the log.")

    def _emit(self, kind: EventKind, **fields: Any) -> None:
        event = SessionEvent(
            kind=kind, session_key=self.key, state=self.state, at=self.timer.now(), **fields
        )
        self._hub.emit(event)

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def transition(self, state: SessionState, reason: str, **extra: Any) -> None:
        previous = self.state
        self.state = state
        self.reason = reason
        self._emit(EventKind.STATE, previous=previous, reason=reason, **extra)
        self._notify()

    def problem(self, sentence: str, *, error: CloudRecordingError | None = None) -> None:
        self._emit(EventKind.PROBLEM, reason=sentence, error=error_info(error))

    def taken_uids(self) -> set[str]:
        taken = {self.uid, *(str(u) for u in self.watch.users)}
        if self._taken_uids is not None:
            taken |= self._taken_uids()
        return taken

    def entry(self) -> JournalEntry:
        return entry_of(self)

    def journal_step(self, step: str) -> None:
        try:
            self.journal.write(self.entry().replace(step=step))
        except Exception:  # a full disk must not stop a recording; say so
            log.exception("journal write failed")
            self.problem(
                "The journal could not be written (disk full?): a crash now would lose "
                "track of this recording."
            )

    def settle(
        self, state: SessionState, reason: str, *, settled: bool | None = None, **extra: Any
    ) -> None:
        """Enter a final state and cancel the watchers (not the calling task).

        ``settled`` (journal) means nothing of this session can be running; by default true
        for STOPPED and for a FAILED session that never sent a start that may have arrived.
        """
        if settled is None:
            settled = state is SessionState.STOPPED or (
                state is SessionState.FAILED and self.sid is None and not self.start_maybe_sent
            )
        self.settled = settled
        self.transition(state, reason, **extra)
        self.journal_step("settled" if self.settled else "final, unsettled")
        self.publisher.abandon(f"The recording is over ({state.value}); the edit was not sent.")
        current = asyncio.current_task()
        for task in (self._poller_task, self._publisher_task):
            if task is not None and task is not current:
                task.cancel()

    def unaddressable(
        self, request_id: str | None, *, reason: str | None = None, error: ErrorInfo | None = None
    ) -> None:
        self.settle(
            SessionState.UNADDRESSABLE,
            reason
            or (
                "The recording is running, but the service did not give its sid (it answered "
                "'already started' to a repeated start). recorder-gui cannot check or stop it; "
                "it ends by itself when the channel is idle for maxIdleTime"
                + (f" (request ID {request_id})." if request_id else ".")
            ),
            error=error,
        )

    def begin_confirming(self) -> None:
        """start returned a sid: poll fast until status 4/5 (the poller confirms)."""
        self._start_poller()

    def _start_poller(self, *, not_found_since: float | None = None) -> None:
        self._poller = Poller(self, not_found_since=not_found_since)
        self._poller_task = self._spawn(self._poller.run(), "poller")

    def confirmed(self, reason: str = "Recording (the service reports it running).") -> None:
        self.confirmed_at = self.timer.now()
        self.transition(SessionState.RECORDING, reason)
        self.journal_step("recording")
        if self._publisher_task is None or self._publisher_task.done():
            self._publisher_task = self._spawn(self.publisher.run(), "publisher")

    def ended(self, reason: str) -> None:
        self.settle(SessionState.STOPPED, reason)

    def fail_after_start(self, reason: str, *, error: ErrorInfo | None = None) -> None:
        """The task failed after start: send stop to be safe (never leave one running)."""
        self._spawn(self._fail_and_stop(reason, error), "fail-stop")

    async def _fail_and_stop(self, reason: str, error: ErrorInfo | None) -> None:
        if self._poller_task is not None and self._poller_task is not asyncio.current_task():
            self._poller_task.cancel()
        outcome = await stop_flow.run_stop(self)
        if outcome is not None:
            self.stop_outcome = outcome
            if not outcome.already_stopped:
                self._take_files(outcome)
                reason += " recorder-gui stopped it to be safe: " + outcome.sentence
        self.settle(SessionState.FAILED, reason, settled=outcome is not None, error=error)

    def _take_files(self, outcome: StopOutcome) -> None:
        if outcome.files:
            self.files, self.file_details = outcome.files, outcome.file_details

    def set_unreachable(self, since: float | None, *, error: ErrorInfo | None = None) -> None:
        if since == self.unreachable_since:
            return
        was = self.unreachable_since
        self.unreachable_since = since
        if since is not None and was is None:
            self._emit(
                EventKind.UNREACHABLE,
                reason="The service does not find the recording right now: unreachable, "
                "possibly failing over (it can take up to 90 s). Still watching.",
                error=error,
            )
        elif since is None:
            self.failovers_seen += 1
            self._emit(EventKind.REACHABLE, reason="The recording answers again.")

    def publish_snapshot(self, snapshot: StatusSnapshot) -> None:
        self.snapshot = snapshot
        self._emit(EventKind.SNAPSHOT, snapshot=snapshot)

    def observe_users(self, listed: ChannelUsers, now: float) -> None:
        if self._bot_uids is not None:
            self.watch.ignored = {int(self.uid), *self._bot_uids()}
        users_changed, warning_changed = self.watch.observe(listed, now)
        self.users_seen.update(self.watch.users)
        if users_changed:
            self._emit(EventKind.USERS, users=self.watch.users)
        if warning_changed:
            warning = self.watch.warning
            if warning is not None:
                self._emit(EventKind.IDLE_WARNING, idle=warning, reason=warning.sentence)
            else:
                self._emit(EventKind.IDLE_CLEARED, reason="Someone who counts is back.")

    async def _stop(self) -> SessionState:
        self.stop_requested = True
        if self._start_task is not None and not self._start_task.done():
            await asyncio.shield(self._start_task)
        if self.state.is_final:
            return self.state
        if self.state is SessionState.IDLE or self.sid is None:
            self.settle(SessionState.STOPPED, "Stopped before the recording started.")
            return self.state
        previous = self.state
        await self._cancel_poller()
        self.transition(SessionState.STOPPING, "Stopping the recording.")
        outcome = await stop_flow.run_stop(self)
        if outcome is None:  # no answer at all: as far as we know it still runs
            self.transition(previous, "Stopping failed; the recording may still run. Try again.")
            self._start_poller(not_found_since=self.unreachable_since)
            return self.state
        self.stop_outcome = outcome
        self._take_files(outcome)
        self.settle(SessionState.STOPPED, outcome.sentence)
        return self.state

    async def _cancel_poller(self) -> None:
        task = self._poller_task
        if (
            task is not None
            and task is not asyncio.current_task()
            and await cancel_and_wait({task}, CLOSE_TIMEOUT)
        ):
            log.warning("session %s: the poller did not finish when cancelled", self.key)

    async def _send_layout(self, layout: LayoutUpdate) -> object:
        assert self.resource_id is not None
        assert self.sid is not None
        return await self.client.update_layout(
            cname=self.cname,
            uid=self.uid,
            resource_id=self.resource_id,
            sid=self.sid,
            layout=layout,
            mode=self.mode,
        )

    async def _send_update(self, config: UpdateConfig) -> object:
        assert self.resource_id is not None
        assert self.sid is not None
        return await self.client.update(
            cname=self.cname,
            uid=self.uid,
            resource_id=self.resource_id,
            sid=self.sid,
            mode=self.mode,
            config=config,
        )

    def _on_publisher(self, status: PublisherStatus) -> None:
        self._emit(
            EventKind.LAYOUT,
            reason=status.last_error or status.state.value,
            error=status.last_error_info,
        )

    # -- reattach (logic in .reattach) -----------------------------------------------------
    @classmethod
    def from_entry(
        cls,
        entry: JournalEntry,
        *,
        client: CloudRecordingClient,
        journal: Journal,
        **kwargs: Any,
    ) -> RecordingSession:
        """A session rebuilt from its journal row (not yet talking to the service)."""
        return session_from_entry(cls, entry, client=client, journal=journal, **kwargs)

    async def reattach(self) -> str:
        """Query the journaled task once and take it over: "reattached", "checking" (404 or
        no answer: the poller decides after the HA window) or "ended"."""
        return await reattach_session(self)

    def start_poller_after_reattach(self, *, not_found_since: float | None = None) -> None:
        self._start_poller(not_found_since=not_found_since)

    def restore_storage_prefix(self, prefix: str) -> None:
        self._storage_prefix = prefix
