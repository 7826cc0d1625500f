"""``SessionBridge``: one RecordingSession as Qt signals; views read through it, keep no copy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from recorder_gui.recording import (
    EventKind,
    RecordingSession,
    SessionEvent,
    SessionState,
)
from recorder_gui.recording.limits import (
    WARN_BEFORE,
    LimitKind,
    clock,
    length,
    limit_warning,
    what_ends,
)
from recorder_gui.recording.relay_feed import FeedStatus

from .alerts import AlertRules
from .backup_view import PairView
from .timeline_view import TimelineView, timeline_view
from .views import (
    Badge,
    ErrorView,
    StatusView,
    StopSummary,
    badge_for,
    duration,
    local_time,
    session_stop_summary,
    status_view,
)

#: Status checks failing for this long while recording turn ON AIR into "ON AIR?".
NO_CONTACT_AFTER = 15.0


class SessionBridge(QObject):
    """Adapter of one session. Signals carry no data: views read the properties."""

    state_changed = Signal()
    snapshot_changed = Signal()
    users_changed = Signal()
    idle_changed = Signal()
    limit_changed = Signal()  #: 15 / 5 min before the service ends the recording by itself
    error_changed = Signal()
    stop_requested = Signal()  # intent: the producer confirmed a stop
    alerted = Signal(object)  #: an :class:`~.alerts.Alert` the producer must see at once
    timeline_changed = Signal()  #: new callbacks, or the relay's state changed
    pair_changed = Signal()  #: a backup was added to it, or its partner's state changed
    backup_requested = Signal()  # intent: add a backup recorder in another region
    stop_pair_requested = Signal()  # intent: the producer confirmed "Stop both"

    def __init__(
        self,
        session: RecordingSession,
        *,
        now: Callable[[], float],
        relay: Callable[[], FeedStatus | None] = lambda: None,
        pair: Callable[[], PairView] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._now = now
        self._relay = relay
        self._pair = pair
        self._error: ErrorView | None = None
        self._shown_badge: Badge | None = None
        self._alerts = AlertRules()
        self._unsubscribe = session.subscribe(self._on_session_event)
        if session.state is SessionState.FAILED or session.state is SessionState.UNADDRESSABLE:
            self._error = ErrorView.from_note(session.record.note)

    def detach(self) -> None:
        self._unsubscribe()

    # -- what views read ------------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.session.key

    @property
    def cname(self) -> str:
        return self.session.cname

    @property
    def bot_uid(self) -> str:
        return self.session.uid

    @property
    def title(self) -> str:
        """How a recording is named everywhere: channel, mode and bot uid."""
        return f"{self.cname} · {self.mode_label} · bot uid {self.bot_uid}"

    @property
    def pair(self) -> PairView:
        """This recording's backup pair: what to say of it, and whether a backup can be added."""
        if self._pair is None:
            return PairView(why_not="Backups are added from the panel's recording list.")
        return self._pair()

    @property
    def mode_label(self) -> str:
        return self.session.mode.value

    @property
    def state(self) -> SessionState:
        return self.session.state

    @property
    def reason(self) -> str:
        return self.session.reason

    @property
    def badge(self) -> Badge:
        s = self.session
        # No contact (404s in a run) or monitoring interrupted: never a plain ON AIR.
        lost = s.unreachable_since is not None or s.watch_interrupted_since is not None
        return badge_for(
            s.state,
            unreachable=lost,
            unconfirmed=s.unconfirmed_since is not None,
            no_contact=self.no_contact_for is not None,
        )

    @property
    def no_contact_for(self) -> float | None:
        """Seconds without an answer to the status checks, once over ``NO_CONTACT_AFTER``
        while recording (None: in contact, or not recording)."""
        s = self.session
        snap = s.snapshot
        if s.state is not SessionState.RECORDING or snap.consecutive_failures == 0:
            return None
        since = snap.last_ok_poll_at if snap.last_ok_poll_at is not None else s.confirmed_at
        if since is None:
            return None
        silent = self._now() - since
        return silent if silent >= NO_CONTACT_AFTER else None

    @property
    def contact_sentence(self) -> str | None:
        """What to say while the status checks fail (None while in contact)."""
        silent = self.no_contact_for
        if silent is None:
            return None
        last = self.session.snapshot.last_ok_poll_at
        when = f" (last answer at {local_time(last)})" if last is not None else ""
        return (
            f"No contact for {int(silent)} s{when}: the recording probably still runs, but "
            "the panel cannot confirm it. Still trying."
        )

    @property
    def is_final(self) -> bool:
        return self.session.state.is_final

    @property
    def can_stop(self) -> bool:
        return self.session.state in (
            SessionState.ACQUIRING,
            SessionState.STARTING,
            SessionState.RECORDING,
        )

    @property
    def elapsed(self) -> str:
        started = self.session.started_at
        if started is None:
            return "—"
        end = self._now()
        if self.session.state.is_final:
            end = self.session.events_seen[-1].at if self.session.events_seen else end
        return duration(end - started)

    @property
    def users(self) -> tuple[int, ...]:
        return self.session.channel_users

    @property
    def users_text(self) -> str:
        users = self.users
        if not users:
            return "nobody"
        shown = ", ".join(str(u) for u in users[:6]) + (" …" if len(users) > 6 else "")
        return f"{len(users)} — {shown}"

    @property
    def status(self) -> StatusView:
        return status_view(self.session.snapshot, self._now())

    @property
    def files(self) -> tuple[str, ...]:
        return self.session.files

    @property
    def idle_sentence(self) -> str | None:
        warning = self.session.idle_warning
        if warning is None or self.session.state.is_final:
            return None
        left = warning.idle_since + (self.session.max_idle_time or 0) - self._now()
        if left > 0:
            return (
                f"Nobody who counts is in the channel: the recorder leaves in {int(left) + 1} s "
                f"(maxIdleTime {int(self.session.max_idle_time or 0)} s) unless someone joins."
            )
        return warning.sentence

    @property
    def planned_text(self) -> str:
        """``6 h 00 min · 2 h 14 min left`` (or ``… · 12 min over``); "—" without a plan."""
        s = self.session
        planned, started = s.planned_seconds, s.started_at
        if planned is None:
            return "—"
        if started is None or s.state.is_final:
            return length(planned)
        left = started + planned - self._now()
        tail = f"{length(left)} left" if left >= 0 else f"{length(-left)} over plan"
        return f"{length(planned)} · {tail}"

    @property
    def left_text(self) -> str:
        """The card's countdown: the limit when it is near, else the plan ("" when none)."""
        s = self.session
        if s.started_at is None or s.state.is_final:
            return ""
        now = self._now()
        if s.limit_at is not None and s.limit_at - now <= WARN_BEFORE[0]:
            which = "token" if s.record.limit_kind is LimitKind.TOKEN else "web limit"
            return f"{which} ends in {length(max(0.0, s.limit_at - now))}"
        if s.planned_seconds is None:
            return ""
        left = s.started_at + s.planned_seconds - now
        return f"{length(left)} left" if left >= 0 else f"{length(-left)} over plan"

    @property
    def limit_text(self) -> str:
        """When the service ends the recording by itself: ``21:04 (bot token) · 3 h 10 min``."""
        s = self.session
        if s.started_at is None:
            return "—"  # never started: nothing will end it
        if s.limit_at is None:
            return "no limit set by recorder-gui"
        which = "bot token" if s.record.limit_kind is LimitKind.TOKEN else "maxRecordingHour"
        if s.state.is_final:
            return f"{clock(s.limit_at)} ({which})"
        return f"{clock(s.limit_at)} ({which}) · in {length(s.limit_at - self._now())}"

    @property
    def limit_sentence(self) -> str | None:
        """The warning shown from 15 minutes before the limit until the recording ends."""
        s = self.session
        if s.limit_at is None or s.state.is_final or s.started_at is None:
            return None
        now = self._now()
        if s.limit_at - now > WARN_BEFORE[0]:
            return None
        if now >= s.limit_at:
            return (
                f"The recording has reached its limit: {what_ends(s.record.limit_kind)} at "
                f"{clock(s.limit_at)}. The service is ending it."
            )
        return limit_warning(s.record.limit_kind, s.limit_at, now)

    @property
    def error(self) -> ErrorView | None:
        return self._error

    @property
    def timeline(self) -> TimelineView:
        """The callbacks of this recording and how they are read."""
        return timeline_view(self.session, self._relay())

    @property
    def has_relay(self) -> bool:
        return self._relay() is not None

    @property
    def stop_summary(self) -> StopSummary | None:
        return session_stop_summary(self.session, title=self.title)

    def show_problem(self, sentence: str, next_step: str = "") -> None:
        """Say in this recording's banner why an action on it could not be done."""
        self._set_error(ErrorView(sentence, next_step, level="warning"))

    def dismiss_error(self) -> None:
        self._error = None
        self.error_changed.emit()

    # -- engine events --------------------------------------------------------------------
    def _on_session_event(self, event: SessionEvent) -> None:
        kind = event.kind
        try:
            self._dispatch(event, kind)
        finally:
            self._shown_badge = self.badge
        alert = self._alerts.on_event(self, event)
        if alert is not None:
            self.alerted.emit(alert)

    def _dispatch(self, event: SessionEvent, kind: EventKind) -> None:
        if kind is EventKind.STATE:
            if event.state in (SessionState.FAILED, SessionState.UNADDRESSABLE):
                self._set_error(ErrorView.from_event(event))
            elif event.previous is SessionState.UNADDRESSABLE:
                self._set_error(None)  # its sid came from the callbacks: no longer unreachable
            elif event.state is SessionState.STARTING and self.session.unconfirmed_since:
                # NOT CONFIRMED: the producer decides (Stop, or keep watching).
                self._set_error(ErrorView.from_event(event, level="warning"))
            elif (
                event.state is SessionState.RECORDING
                and self._error is not None
                and self._error.level == "warning"
            ) or event.state is SessionState.STOPPED:
                self._set_error(None)  # over: the reason says why once, no stale banner
            self.state_changed.emit()
        elif kind is EventKind.SNAPSHOT:
            snap = event.snapshot
            if (
                snap is not None
                and snap.consecutive_failures == 0
                and self._error is not None
                and self._error.level == "warning"
                and not self.session.state.is_final
            ):
                self._set_error(None)
            self.snapshot_changed.emit()
            if self.badge is not self._shown_badge:  # contact lost or back: "ON AIR?" / "ON AIR"
                self.state_changed.emit()
            if self.session.timeline.ended_ms is not None:  # callbacks vs query may now differ
                self.timeline_changed.emit()
        elif kind is EventKind.CALLBACK:
            self.timeline_changed.emit()
        elif kind is EventKind.USERS:
            self.users_changed.emit()
        elif kind in (EventKind.IDLE_WARNING, EventKind.IDLE_CLEARED):
            self.idle_changed.emit()
        elif kind is EventKind.LIMIT_WARNING:
            self.limit_changed.emit()
        elif kind is EventKind.UNREACHABLE:
            self._set_error(ErrorView.from_event(event, level="warning"))
            self.state_changed.emit()
        elif kind is EventKind.REACHABLE:
            self._set_error(None)
            self.state_changed.emit()
        elif kind is EventKind.PROBLEM and not self.session.state.is_final:
            self._set_error(ErrorView.from_event(event, level="warning"))

    def _set_error(self, error: ErrorView | None) -> None:
        if error != self._error:
            self._error = error
            self.error_changed.emit()
