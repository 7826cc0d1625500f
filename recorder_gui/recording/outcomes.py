"""What the flows found, as data: the session applies these and nothing else changes its state.

The start flow reports each step (:class:`Transition`, :class:`Acquired`, :class:`StartSending`)
and ends with a :data:`StartOutcome`; the poller returns a :class:`PollObservation` per poll;
reattach returns a :class:`ReattachObservation`; stop returns a
:class:`~.events.StopOutcome` (or None). :meth:`~.session.RecordingSession.apply` turns each
into the new record, one journal write and the events, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from recorder_gui.api.results import ChannelUsers

from .events import ErrorInfo, FileDetail, Note, SessionState, StopOutcome


@dataclass(frozen=True, slots=True)
class Transition:
    """A non-final state (ACQUIRING, STARTING, STOPPING, back to RECORDING...)."""

    state: SessionState
    note: Note
    step: str | None = None  #: journal the new record with this step name


@dataclass(frozen=True, slots=True)
class Acquired:
    resource_id: str
    at: float


@dataclass(frozen=True, slots=True)
class StartSending:
    """Whether a start that may run has possibly reached the service (journaled at once)."""

    maybe_sent: bool
    step: str | None = None


@dataclass(frozen=True, slots=True)
class Started:
    sid: str
    at: float


@dataclass(frozen=True, slots=True)
class Settle:
    """A final state. ``settled`` (journal): nothing of this recording can be running; None
    lets the session decide (true for STOPPED and for a FAILED start that never went out)."""

    state: SessionState
    note: Note
    settled: bool | None = None
    suggested_uid: str | None = None


@dataclass(frozen=True, slots=True)
class StopRequested:
    """The stop intent, journaled before stop is sent (``by`` names who asked)."""

    by: str = "the producer"


@dataclass(frozen=True, slots=True)
class StopAnswered:
    """The stop's answer: kept in the record and journaled the moment it arrives."""

    outcome: StopOutcome
    state: SessionState = SessionState.STOPPED
    note: Note | None = None  #: None: the outcome's sentence says it


#: How the start flow ends.
StartOutcome = Started | Settle
Fact = Transition | Acquired | StartSending | Started | Settle | StopRequested | StopAnswered


class Verdict(StrEnum):
    CONFIRMED = "confirmed"  #: status 4/5 while starting: recording
    ENDED = "ended"  #: the task ended by itself
    UNCONFIRMED = "unconfirmed"  #: no status 4/5 within confirm_timeout: the producer decides


@dataclass(frozen=True, slots=True)
class PollObservation:
    """One poll: what the service said, and what it means for the session."""

    ok: bool  #: the query answered (the watcher is healthy)
    files: tuple[FileDetail, ...] | None = None  #: a new file list, when one came
    unreachable_since: float | None = None  #: a run of 404s began then (not while starting)
    verdict: Verdict | None = None
    note: Note = Note()  #: why the verdict
    error: ErrorInfo | None = None  #: the last service error (behind a run of 404s)
    problem: Note | None = None  #: a first failure, worth telling the producer
    users: ChannelUsers | None = None
    users_at: float = 0.0


class ReattachKind(StrEnum):
    REATTACHED = "reattached"
    CHECKING = "checking"
    ENDED = "ended"
    STOPPING = "stopping"  #: a stop was requested before the crash: it is resumed


@dataclass(frozen=True, slots=True)
class ReattachObservation:
    kind: ReattachKind
    state: SessionState
    note: Note
    files: tuple[FileDetail, ...] = ()
    not_found_since: float | None = None


#: What the session says while query answers 404 in a run (possibly failing over), and when
#: its journal row cannot be written.
UNREACHABLE_NOTE = Note(
    "The service does not find the recording right now: unreachable, possibly failing over "
    "(it can take up to 90 s).",
    "Still watching.",
    quote_only=True,  # the 404 behind it is there to quote; the sentence tells the story
)
JOURNAL_FAILED_NOTE = Note(
    "The journal could not be written (disk full?): a crash now would lose track of this recording."
)
