"""``RecordingSession``: one recording's intents, flows and the tasks it owns.

States idle -> acquiring -> starting -> recording -> stopping -> stopped, plus failed and
unaddressable. The flows (:mod:`.start_flow`, :mod:`.poller`, :mod:`.stop_flow`,
:mod:`.reattach`) see the session as a :class:`~.host.FlowHost` and report what they found;
:meth:`~.core.SessionCore.apply` alone changes the state. Every flow ends in a state a later
action can leave, even when it raises. Watchers run supervised: one that dies is restarted with
backoff and its death is shown. :meth:`aclose` stops watching but never stops the recording.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from recorder_gui.api.client import CloudRecordingClient
from recorder_gui.api.identifiers import Mode, normalize_uid, parse_mode
from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.api.request_models import AcquireConfig, StartConfig, UpdateConfig

from . import reattach, start_flow, stop_flow
from .channel import Channel
from .core import SessionCore
from .events import EventKind, FileDetail, Note, SessionState, StopOutcome
from .journal import Journal, JournalEntry
from .limits import LimitKind, RunLimits
from .outcomes import (
    ReattachKind,
    ReattachObservation,
    Settle,
    StopAnswered,
    StopRequested,
    Transition,
)
from .pace import PollConfig
from .poller import Poller
from .publisher import PublisherStatus
from .publishing import session_publisher
from .record import SessionRecord
from .tasks import OwnedTasks, cancel_and_wait, supervise
from .timers import RealTimer, Timer

log = logging.getLogger("recorder_gui.recording")
#: Seconds :meth:`RecordingSession.aclose` waits for its cancelled tasks.
CLOSE_TIMEOUT = 5.0
__all__ = ["CLOSE_TIMEOUT", "RecordingSession"]


def _always() -> bool:
    return True


class RecordingSession(SessionCore):
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
        channel: Channel | None = None,
        record: SessionRecord | None = None,
        limits: RunLimits | None = None,
        backup_of: str = "",
    ) -> None:
        m = parse_mode(mode)
        rc = start_config.recording_config if start_config is not None else None
        token_end = limits.token_valid_until if limits is not None else None
        super().__init__(
            record
            or SessionRecord(
                key=key or uuid.uuid4().hex,
                app_id=client.app_id,
                profile=profile,
                cname=cname,
                uid=normalize_uid(uid),
                mode=m,
                storage_prefix=start_config.storage_config.prefix_path if start_config else "",
                planned_seconds=limits.planned_seconds if limits else None,
                limit_at=token_end,
                limit_kind=LimitKind.NONE if token_end is None else LimitKind.TOKEN,
                backup_of=backup_of,
            ),
            journal=journal,
            timer=timer or RealTimer(),
            max_idle_time=None
            if m is Mode.WEB
            else float(rc.max_idle_time if rc is not None and rc.max_idle_time else 30),
            channel=channel,
            limits=limits,
        )
        self.client = client
        self.start_config = start_config
        self.acquire_config = acquire_config
        self.poll_config = poll_config or PollConfig()
        self._tasks = OwnedTasks(f"{cname}:{self.uid}", self._on_task_crash)
        self._start_task: asyncio.Task[None] | None = None
        self._stop_task: asyncio.Task[SessionState] | None = None
        self._poller: Poller | None = None
        self._poller_task: asyncio.Task[None] | None = None
        self._publisher_task: asyncio.Task[None] | None = None
        self.publisher = session_publisher(self, self._on_publisher)

    @classmethod
    def from_entry(
        cls, entry: JournalEntry, *, client: CloudRecordingClient, journal: Journal, **kwargs: Any
    ) -> RecordingSession:
        """A session rebuilt from its journal row (not yet talking to the service)."""
        r = SessionRecord.from_entry(entry)
        return cls(client=client, journal=journal, cname=r.cname, uid=r.uid, mode=r.mode,
                   record=r, **kwargs)  # fmt: skip

    @property
    def predicted_files(self) -> tuple[FileDetail, ...]:
        """Index files this recording makes by the naming rules (empty before a sid exists)."""
        return stop_flow.predicted_for(
            self.record, self.start_config, self.users_seen, self.failovers_seen
        )

    @property
    def publisher_status(self) -> PublisherStatus:
        return self.publisher.status

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
            self._start_task = self._tasks.spawn(self._run_start(), "start")
        await asyncio.shield(self._start_task)
        return self.state

    async def stop(self) -> SessionState:
        """Stop the recording (waits for a start in progress first); returns the final state."""
        if self._stop_task is None or self._stop_task.done():
            if self.state.is_final:
                return self.state
            self._stop_task = self._tasks.spawn(self._stop(), "stop")
        return await asyncio.shield(self._stop_task)

    def set_layout(self, layout: LayoutUpdate) -> None:
        """Publish the complete mixed layout (coalesced; sent once the session records)."""
        if self.mode is not Mode.MIX:
            raise ValueError("updateLayout works in mix mode only")
        self.publisher.set_layout(layout)

    def request_update(self, config: UpdateConfig) -> None:
        """Publish an update (subscriptions, web onhold, storage token refresh)."""
        self.publisher.request_update(config)

    async def reattach(self) -> str:
        """Query the journaled task once and take it over: "reattached", "checking" (404 or
        no answer: the poller decides after the HA window) or "ended". A stop requested
        before the crash is resumed, never forgotten (stop is safe to repeat)."""
        record = self.record
        if record.stop_requested and record.stop_outcome is not None:
            self.apply(StopAnswered(record.stop_outcome))
            return ReattachKind.ENDED.value
        if record.stop_requested:
            resuming = Note("Resuming the stop requested before recorder-gui closed.")
            self.apply(Transition(SessionState.STOPPING, resuming, step="reattach: resuming stop"))
        seen = await reattach.observe_safely(self)
        self.take_files(seen.files)
        if record.stop_requested:
            await self._resume_stop(seen)
            return (ReattachKind.ENDED if self.state.is_final else ReattachKind.CHECKING).value
        if self.apply_reattach(seen):
            self._watch(not_found_since=seen.not_found_since)
        return seen.kind.value

    async def _resume_stop(self, seen: ReattachObservation) -> None:
        if seen.kind is ReattachKind.ENDED:
            outcome = stop_flow.already_stopped(
                self,
                "Stopped: the stop sent before recorder-gui closed had reached the "
                "service (it no longer runs).",
            )
            self.apply(StopAnswered(outcome))
            return
        self._stop_task = self._tasks.spawn(self._stop(resume=True), "stop")
        await asyncio.shield(self._stop_task)

    async def aclose(self, grace: float | None = CLOSE_TIMEOUT) -> bool:
        """Stop watching: cancel and await every task. The recording itself is left alone.

        Waits at most ``grace`` seconds (None: no bound); returns True when every task
        finished. Cancelling the caller cancels this wait (it is never swallowed).
        """
        return await self._tasks.aclose(grace)

    # -- flows: each ends in a state a later action can leave -------------------------------
    async def _run_start(self) -> None:
        try:
            outcome = await start_flow.run_start(self)
        except Exception as exc:  # a bug or an untyped answer: never stuck in ACQUIRING
            log.exception("the start flow failed")
            sentence = f"Internal error while starting ({type(exc).__name__}); see the log."
            outcome = (
                start_flow.unaddressable(
                    None,
                    Note(
                        sentence + " A start may have reached the service.",
                        "If so it ends when the channel is idle.",
                    ),
                )
                if self.start_maybe_sent
                else Settle(SessionState.FAILED, Note(sentence))
            )
        self.apply(outcome)

    async def _stop(self, *, resume: bool = False) -> SessionState:
        if not self.stop_requested:
            self.apply(StopRequested())  # journaled before anything is sent
        if self._start_task is not None and not self._start_task.done():
            await asyncio.shield(self._start_task)
        if self.state.is_final:
            return self.state
        if self.state is SessionState.IDLE or self.sid is None:
            self.apply(Settle(SessionState.STOPPED, Note("Stopped before the recording started.")))
            return self.state
        previous = SessionState.RECORDING if self.state is SessionState.STOPPING else self.state
        await self._cancel_poller()
        if not resume:
            self.apply(Transition(SessionState.STOPPING, Note("Stopping the recording.")))
        outcome = await self._run_stop_flow()
        if outcome is None:  # no answer at all: as far as we know it still runs
            self.apply(
                Transition(
                    previous,
                    Note("Stopping failed; the recording may still run.", "Press Stop again."),
                    step="stop failed",
                )
            )
            self._watch(not_found_since=self.unreachable_since)
            return self.state
        self.apply(StopAnswered(outcome))
        return self.state

    async def _run_stop_flow(self) -> StopOutcome | None:
        try:
            return await stop_flow.run_stop(self)
        except Exception as exc:  # a bug or an untyped answer: never stuck in STOPPING
            log.exception("the stop flow failed")
            self.problem(
                Note(f"Stopping failed: internal error ({type(exc).__name__}); see the log.")
            )
            return None

    # -- watchers ---------------------------------------------------------------------------
    def _on_started(self) -> None:
        self._watch()

    def _watch(self, *, not_found_since: float | None = None) -> None:
        poller = self._poller = Poller(self, not_found_since=not_found_since)
        run = lambda: poller.run(self.apply_poll)  # noqa: E731
        self._poller_task = self._supervised(run, "poller", lambda: not poller.done)

    def _on_recording(self) -> None:
        if self._publisher_task is None or self._publisher_task.done():
            self._publisher_task = self._supervised(self.publisher.run, "publisher")

    def _supervised(
        self, run: Callable[[], Awaitable[None]], name: str, alive: Callable[[], bool] = _always
    ) -> asyncio.Task[None]:
        """``run`` in an owned task, restarted (visibly) while alive and not final."""
        return self._tasks.spawn(
            supervise(
                run,
                name=f"{name} {self.cname}:{self.uid}",
                timer=self.timer,
                waits=self.poll_config.restart_backoff,
                on_death=self._watcher_died,
                alive=lambda: alive() and not self.state.is_final,
            ),
            name,
        )

    def _on_final(self, state: SessionState) -> None:
        self.publisher.abandon(f"The recording is over ({state.value}); the edit was not sent.")
        watchers = [t for t in (self._poller_task, self._publisher_task) if t and not t.done()]
        current = asyncio.current_task() if watchers else None
        for task in watchers:
            if task is not current:
                task.cancel()

    def _publish(self) -> None:
        if self._poller is not None:
            self.publish_snapshot(self._poller.snapshot())

    async def _cancel_poller(self) -> None:
        task = self._poller_task
        if (
            task is not None
            and task is not asyncio.current_task()
            and await cancel_and_wait({task}, CLOSE_TIMEOUT)
        ):
            log.warning("session %s: the poller did not finish when cancelled", self.key)

    def _on_publisher(self, status: PublisherStatus) -> None:
        self._emit(
            EventKind.LAYOUT,
            note=Note(
                status.last_error or status.state.value,
                error=status.last_error_info,
                quote_only=True,  # the publisher's sentence already tells the error
            ),
        )

    def _on_task_crash(self, task: asyncio.Task[Any], exc: BaseException) -> None:
        if not self.state.is_final:
            self.problem(Note(f"Internal error ({type(exc).__name__}); see the log."))
