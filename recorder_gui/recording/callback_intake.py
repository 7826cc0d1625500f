"""Which callbacks belong to a recording (pure): by its sid, or, before it knows its sid, by its
channel and bot uid.

A start answered 201/7 leaves the session UNADDRESSABLE: running, sid unknown. Callbacks name
the sid with the channel and bot uid, so the first one that matches *claims* it. A callback for
the same channel and uid from before this recording's acquire (a previous recording with the
same bot uid) must not be taken for it: events older than the acquire, less a margin for
clocks that differ, are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from recorder_gui.callbacks.envelope import Envelope

from .events import SessionState
from .timeline import RelayEvent, Timeline, TimelineEntry

#: Seconds a callback's event time may precede the acquire (clocks differ between machines).
CLOCK_MARGIN = 60.0
#: Callbacks kept for a session that has no sid yet (its start is still being answered).
MAX_EARLY = 200


class Claim(StrEnum):
    MINE = "mine"  #: carries this session's sid
    RESOLVES = "resolves"  #: gives an UNADDRESSABLE session its sid
    EARLY = "early"  #: may be this session's, once its start answers with a sid
    NOT_MINE = "not_mine"


@dataclass(frozen=True, slots=True)
class Who:
    """What a session is, as far as matching callbacks goes."""

    sid: str | None
    cname: str
    uid: str
    state: SessionState
    acquired_at: float | None


def claim(who: Who, env: Envelope) -> Claim:
    if env.is_test or not env.sid:
        return Claim.NOT_MINE
    if who.sid:
        return Claim.MINE if env.sid == who.sid else Claim.NOT_MINE
    if env.cname != who.cname or env.uid != who.uid:
        return Claim.NOT_MINE
    at = env.event_ms
    if who.acquired_at is None or at is None or at / 1000 < who.acquired_at - CLOCK_MARGIN:
        return Claim.NOT_MINE
    if who.state is SessionState.UNADDRESSABLE:
        return Claim.RESOLVES
    if who.state in (SessionState.ACQUIRING, SessionState.STARTING):
        return Claim.EARLY
    return Claim.NOT_MINE


def resolved_reason(env: Envelope) -> str:
    return (
        f"Its sid came from the callbacks ({env.sid[:8]}…): recorder-gui can now check and "
        "stop it; checking with the service."
    )


@dataclass(frozen=True, slots=True)
class Taken:
    """What one batch of callbacks brought a session."""

    resolves: RelayEvent | None  #: the first that gave an UNADDRESSABLE session its sid
    entries: list[TimelineEntry] = field(default_factory=list)  #: new timeline lines


class CallbackIntake:
    """A session's callbacks: its timeline, and those kept until its start answers a sid."""

    def __init__(self) -> None:
        self.timeline = Timeline()
        self._early: list[RelayEvent] = []

    def take(self, who: Who, events: list[RelayEvent]) -> Taken:
        resolves: RelayEvent | None = None
        entries: list[TimelineEntry] = []
        for event in events:
            match claim(who, event.envelope):
                case Claim.NOT_MINE:
                    continue
                case Claim.EARLY:
                    self._early = [*self._early[-(MAX_EARLY - 1) :], event]
                    continue
                case Claim.RESOLVES:
                    resolves = resolves or event
                    who = replace(who, sid=event.envelope.sid, state=SessionState.STARTING)
            entry = self.timeline.add(event)
            if entry is not None:
                entries.append(entry)
        return Taken(resolves, entries)

    def take_early(self) -> list[RelayEvent]:
        """The callbacks kept while the start was answered (and forgets them)."""
        early, self._early = self._early, []
        return early
