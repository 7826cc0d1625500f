"""``SessionCore``: the state of one recording and the one method that changes it, ``apply``.

The persistent part is a frozen :class:`~.record.SessionRecord` (shown as read-only attributes:
``core.sid = ...`` raises); ``apply`` takes a fact from a flow (:mod:`.outcomes`), builds the
new record, writes its journal row and emits the events. Observations from the poller and from
reattach are applied here too. What to *do* about a change (start watching, run the
publisher, cancel watchers) is left to the subclass through three hooks;
:class:`~.session.RecordingSession` is that subclass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

from recorder_gui.api.identifiers import Mode
from recorder_gui.api.results import ChannelUsers

from .callback_intake import CallbackIntake, Who, resolved_reason
from .channel import Channel
from .channel_watch import ChannelWatch
from .events import (
    ErrorInfo,
    EventHub,
    EventKind,
    FileDetail,
    IdleWarning,
    Note,
    SessionEvent,
    SessionState,
    StatusSnapshot,
    StopOutcome,
    Subscriber,
)
from .journal import Journal, JournalEntry
from .limits import RunLimits, limit_warning, warnings_due
from .outcomes import (
    JOURNAL_FAILED_NOTE,
    UNREACHABLE_NOTE,
    Acquired,
    Fact,
    PollObservation,
    ReattachKind,
    ReattachObservation,
    Settle,
    Started,
    StartSending,
    StopAnswered,
    StopRequested,
    Transition,
    Verdict,
)
from .record import ReadFromRecord, SessionRecord
from .timeline import RelayEvent, Timeline
from .timers import Timer

log = logging.getLogger("recorder_gui.recording")


class SessionCore:
    key = ReadFromRecord[str]()
    app_id = ReadFromRecord[str]()
    profile = ReadFromRecord[str]()
    cname = ReadFromRecord[str]()
    uid = ReadFromRecord[str]()
    mode = ReadFromRecord[Mode]()
    state = ReadFromRecord[SessionState]()
    reason = ReadFromRecord[str]()
    resource_id = ReadFromRecord[str | None]()
    sid = ReadFromRecord[str | None]()
    acquired_at = ReadFromRecord[float | None]()
    started_at = ReadFromRecord[float | None]()
    storage_prefix = ReadFromRecord[str]()
    start_maybe_sent = ReadFromRecord[bool]()
    settled = ReadFromRecord[bool]()
    stop_requested = ReadFromRecord[bool]()
    stop_outcome = ReadFromRecord[StopOutcome | None]()
    planned_seconds = ReadFromRecord[int | None]()
    limit_at = ReadFromRecord[float | None]()
    backup_of = ReadFromRecord[str]()

    def __init__(
        self,
        record: SessionRecord,
        *,
        journal: Journal,
        timer: Timer,
        max_idle_time: float | None,
        channel: Channel | None = None,
        limits: RunLimits | None = None,
    ) -> None:
        self._record = record
        #: What pre-flight planned (None after a reattach: the record keeps the limit).
        self.limits = limits
        #: the warnings before the hard limit already given (seconds before it, WARN_BEFORE)
        self.limit_warned: set[int] = set()
        self.journal = journal
        self.timer = timer
        self.max_idle_time = max_idle_time
        self.channel = channel or Channel()
        # Live facts (not journaled) the UI reads.
        self.resource_ids: list[str] = [record.resource_id] if record.resource_id else []
        self.snapshot = StatusSnapshot()
        self.files: tuple[str, ...] = ()
        self.file_details: tuple[FileDetail, ...] = ()
        self.suggested_uid: str | None = None
        self.unreachable_since: float | None = None
        #: when a watcher died and has not come back yet (None: monitoring is healthy)
        self.watch_interrupted_since: float | None = None
        self.confirmed_at: float | None = None
        #: when start went unconfirmed for confirm_timeout (NOT CONFIRMED; None otherwise)
        self.unconfirmed_since: float | None = None
        self.failovers_seen = 0
        self.users_seen: set[int] = set()
        self.watch = ChannelWatch(
            max_idle_time, since=record.started_at or 0.0, ignored={int(record.uid)}
        )
        #: the callbacks read from the profile's relay (empty without one)
        self.callbacks = CallbackIntake()
        self._hub = EventHub()
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def record(self) -> SessionRecord:
        return self._record

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(cname={self.cname!r}, uid={self.uid!r}, "
            f"mode={self.mode.value!r}, state={self.state.value!r}, sid={self.sid!r})"
        )

    # -- hooks for the owner of the tasks ---------------------------------------------------
    def _on_started(self) -> None:
        """A sid came: start watching."""

    def _on_recording(self) -> None:
        """Confirmed recording: run the publisher."""

    def _on_final(self, state: SessionState) -> None:
        """A final state: stop the watchers."""

    # -- reading ----------------------------------------------------------------------------
    @property
    def channel_users(self) -> tuple[int, ...]:
        return self.watch.users

    @property
    def idle_warning(self) -> IdleWarning | None:
        return self.watch.warning

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

    def entry(self) -> JournalEntry:
        return self._record.entry("")

    # -- the one place where the record changes ---------------------------------------------
    def apply(self, fact: Fact) -> None:
        if isinstance(fact, Transition):
            self._change(fact.step, {}, state=fact.state, note=fact.note)
        elif isinstance(fact, Acquired):
            self.resource_ids.append(fact.resource_id)
            self._change("after acquire", None, resource_id=fact.resource_id, acquired_at=fact.at)
        elif isinstance(fact, StartSending):
            self._change(fact.step, None, start_maybe_sent=fact.maybe_sent)
        elif isinstance(fact, Started):
            limit = self.limits.hard_limit(fact.at) if self.limits is not None else None
            fields = {"limit_at": limit[0], "limit_kind": limit[1]} if limit else {}
            self._change("after start", None, sid=fact.sid, started_at=fact.at, **fields)
            self._on_started()
            self.take_callbacks(self.callbacks.take_early())
        elif isinstance(fact, StopRequested):
            self._change(f"stop requested by {fact.by}", None, stop_requested=True)
        elif isinstance(fact, StopAnswered):
            if fact.outcome.files:
                self.files, self.file_details = fact.outcome.files, fact.outcome.file_details
            note = fact.note or Note(fact.outcome.sentence)
            self._settle(Settle(fact.state, note, True), stop_outcome=fact.outcome)
        else:
            self._settle(fact)

    def _change(self, step: str | None, event: dict[str, Any] | None, **fields: Any) -> None:
        """New record; its journal row (``step``), then the STATE event (``event``)."""
        previous = self._record.state
        self._record = self._record.with_(**fields)
        if step is not None:
            self.journal_step(step)
        if event is not None:
            self._emit(EventKind.STATE, previous=previous, note=self._record.note, **event)
            self._notify()

    def _settle(self, fact: Settle, **fields: Any) -> None:
        r = self._record
        settled = fact.settled
        if settled is None:
            settled = fact.state is SessionState.STOPPED or (
                fact.state is SessionState.FAILED and r.sid is None and not r.start_maybe_sent
            )
        if fact.suggested_uid is not None:
            self.suggested_uid = fact.suggested_uid
        self._change(
            "settled" if settled else "final, unsettled",
            {"suggested_uid": fact.suggested_uid},
            state=fact.state,
            note=fact.note,
            settled=settled,
            **fields,
        )
        self._on_final(fact.state)
        if fact.state is SessionState.UNADDRESSABLE:
            # Callbacks that came while the start was answered may name its sid.
            self.take_callbacks(self.callbacks.take_early())

    def apply_poll(self, seen: PollObservation) -> None:
        """One poll's observation: files, contact, users, and the verdict if there is one."""
        self.take_files(seen.files)
        if seen.ok and self.watch_interrupted_since is not None:
            self.watch_interrupted_since = None
            self._emit(EventKind.REACHABLE, note=Note("Monitoring resumed: the recording answers."))
        self.set_unreachable(seen.unreachable_since, error=seen.error)
        if seen.problem:
            self.problem(seen.problem)
        if seen.users is not None:
            self.observe_users(seen.users, seen.users_at, share=True)
        if seen.verdict is Verdict.ENDED:
            self.apply(Settle(SessionState.STOPPED, self._with_callbacks(seen.note)))
            return
        self._warn_before_limit()
        if seen.verdict is Verdict.UNCONFIRMED:
            self.unconfirmed_since = self.timer.now()
            self.apply(Transition(SessionState.STARTING, seen.note, "not confirmed"))
        if seen.verdict is Verdict.CONFIRMED:
            self.confirm(Note("Recording (the service reports it running)."))
        self._publish()

    def confirm(self, note: Note, step: str = "recording") -> None:
        """The service reports the task running (status 4/5): RECORDING, and edits may flow."""
        self.unconfirmed_since = None
        self.apply(Transition(SessionState.RECORDING, note, step=step))
        if self.confirmed_at is None:
            self.confirmed_at = self.timer.now()
        self._on_recording()

    def apply_reattach(self, seen: ReattachObservation) -> bool:
        """Take over a journaled recording as reattach found it; True when it is to be watched."""
        if seen.kind is ReattachKind.ENDED:
            self.apply(Settle(SessionState.STOPPED, seen.note))
            return False
        if seen.kind is ReattachKind.REATTACHED and seen.state is SessionState.RECORDING:
            self.confirm(seen.note, step="reattach: recording")
        else:
            step = f"reattach: {seen.kind.value}"
            self.apply(Transition(seen.state, seen.note, step=step))
        if seen.not_found_since is not None:
            self.set_unreachable(seen.not_found_since, error=seen.note.error)
        return True

    def _warn_before_limit(self) -> None:
        """Each poll: say it once 15 and once 5 minutes before the service ends the recording
        by itself (checked on polls, which come at least every 30 s, so no task sleeps for
        hours)."""
        now, limit_at = self.timer.now(), self.limit_at
        due = warnings_due(limit_at, now, self.limit_warned)
        if due and limit_at is not None:
            self.limit_warned.update(due)
            kind = self._record.limit_kind
            self._emit(EventKind.LIMIT_WARNING, note=Note(limit_warning(kind, limit_at, now)))

    def take_files(self, files: tuple[FileDetail, ...] | None) -> None:
        """A file list the service gave (a poll, reattach's query)."""
        if files:
            self.files, self.file_details = tuple(f.name for f in files), files

    def _publish(self) -> None:
        """Hook: the owner publishes a fresh snapshot after each applied poll."""

    # -- callbacks, a second source beside query ------------------------------------------
    def take_callbacks(self, events: list[RelayEvent]) -> None:
        """Events from the profile's relay: this recording's go on its timeline; one that names
        the sid of an UNADDRESSABLE session resolves it (the poller then checks with query,
        which stays the authority)."""
        who = Who(self.sid, self.cname, self.uid, self.state, self.acquired_at)
        taken = self.callbacks.take(who, events)
        if taken.resolves is not None:
            self._resolve(taken.resolves)
        for entry in taken.entries:
            if entry.alert:
                self.problem(Note(f"The service reported {entry.text}."))
        if taken.entries:
            self._emit(EventKind.CALLBACK, note=Note(taken.entries[-1].text))

    @property
    def timeline(self) -> Timeline:
        return self.callbacks.timeline

    def _with_callbacks(self, note: Note) -> Note:
        """An ending's note, with what the callbacks said of it when they said something."""
        said = self.timeline.ended_text
        if not said:
            return note
        return replace(note, what=f"{note.what.rstrip()} The callbacks say: {said}.")

    def _resolve(self, event: RelayEvent) -> None:
        env = event.envelope
        at = (env.event_ms or event.received_ms) / 1000
        self._change("sid from callbacks", None, sid=env.sid, started_at=self.started_at or at)
        self.apply(Transition(SessionState.STARTING, Note(resolved_reason(env)), "resolved"))
        self._on_started()

    # -- live facts and events --------------------------------------------------------------
    def problem(self, note: Note) -> None:
        """A transient problem the producer should see (what happened, what next, the error)."""
        self._emit(EventKind.PROBLEM, note=note)

    def _watcher_died(self, exc: BaseException, wait: float) -> None:
        if self.watch_interrupted_since is None:
            self.watch_interrupted_since = self.timer.now()
        self._emit(
            EventKind.UNREACHABLE,
            note=Note(
                f"Monitoring interrupted ({type(exc).__name__}). What the panel shows may be "
                "out of date until it resumes.",
                f"recorder-gui retries in {wait:.0f} s.",
            ),
        )

    def set_unreachable(self, since: float | None, *, error: ErrorInfo | None = None) -> None:
        if since == self.unreachable_since:
            return
        was = self.unreachable_since
        self.unreachable_since = since
        if since is not None and was is None:
            self._emit(EventKind.UNREACHABLE, note=replace(UNREACHABLE_NOTE, error=error))
        elif since is None:
            self.failovers_seen += 1
            self._emit(EventKind.REACHABLE, note=Note("The recording answers again."))

    def publish_snapshot(self, snapshot: StatusSnapshot) -> None:
        self.snapshot = snapshot
        self._emit(EventKind.SNAPSHOT, snapshot=snapshot)

    def observe_users(self, listed: ChannelUsers, now: float, *, share: bool = False) -> None:
        """Who is in the channel; with ``share``, the channel's other sessions hear it too."""
        self.watch.ignored = {int(self.uid), *self.channel.bot_uids()}
        users_changed, warning_changed = self.watch.observe(listed, now)
        self.users_seen.update(self.watch.users)
        if users_changed:
            self._emit(EventKind.USERS, users=self.watch.users)
        if warning_changed:
            warning = self.watch.warning
            if warning is not None:
                self._emit(EventKind.IDLE_WARNING, idle=warning, note=Note(warning.sentence))
            else:
                self._emit(EventKind.IDLE_CLEARED, note=Note("Someone who counts is back."))
        if share:
            self.channel.share_users(listed, now, self)

    # -- the channel, as the start flow asks ------------------------------------------------
    def taken_uids(self) -> set[str]:
        return {self.uid, *(str(u) for u in self.watch.users), *self.channel.live_uids(self)}

    def live_peer_uids(self) -> set[str]:
        return self.channel.live_uids(self)

    def own_orphan(self) -> JournalEntry | None:
        return self.channel.own_orphan(self)

    def journal_step(self, step: str) -> None:
        try:
            self.journal.write(self._record.entry(step))
        except Exception:  # a full disk must not stop a recording; say so
            log.exception("journal write failed")
            self.problem(JOURNAL_FAILED_NOTE)

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
