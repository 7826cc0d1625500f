"""Alerts: the few moments a producer watching the show must be told at once.

A recording that ended without the producer's stop (the recorder left the channel, the token
ran out, the service lost it), no contact with the service for more than 30 s, a token or
maxRecordingHour about to run out, a start that was not confirmed. Each alert names the
recording (channel, mode, bot uid) and says what to do. :class:`AlertRules` turns a session's
events into alerts; the window shows them, plays a sound and posts a system notification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from recorder_gui.recording import EventKind, Note, SessionEvent, SessionState

if TYPE_CHECKING:
    from .session import SessionBridge

#: No contact for this long raises an alert (the badge says "ON AIR?" from 15 s).
NO_CONTACT_ALERT = 30.0
_ENDED = (SessionState.STOPPED, SessionState.FAILED, SessionState.UNADDRESSABLE)


@dataclass(frozen=True, slots=True)
class Alert:
    key: str  #: the session's key: a newer alert of the same recording replaces the older
    title: str  #: "demo-show · mix · bot uid 900001"
    level: str  #: "error" | "warning"
    what: str
    next_step: str

    @property
    def sentence(self) -> str:
        return f"{self.title}: {self.what}"


def headline(note: Note) -> str:
    """What an alert says of an ending: what happened, whole (the status panel has the rest);
    the service's meaning when the engine said nothing of its own."""
    if note.what.strip() or note.error is None:
        return note.what.strip()
    return note.error.meaning


class AlertRules:
    """Per bridge: which events deserve an alert, each said once."""

    def __init__(self) -> None:
        self._contact_alerted = False

    def on_event(self, bridge: SessionBridge, event: SessionEvent) -> Alert | None:
        s = bridge.session
        kind = event.kind
        if kind is EventKind.STATE and event.state in _ENDED and not s.stop_requested:
            if s.confirmed_at is None:  # never on air: the start failed, nothing ended
                return self._alert(
                    bridge,
                    "error",
                    f"the recording did not start. {headline(event.note)}",
                    "See the recording's status for what to do.",
                )
            return self._alert(
                bridge,
                "error",
                f"the recording ended without a stop. {headline(event.note)}",
                "If the show goes on, start it again now.",
            )
        if (
            kind is EventKind.STATE
            and event.state is SessionState.STARTING
            and s.unconfirmed_since is not None
        ):
            return self._alert(
                bridge,
                "warning",
                "not confirmed: the service has not reported it recording 90 s after start.",
                "Press Stop, or keep watching (it goes ON AIR when the service reports it).",
            )
        if kind is EventKind.LIMIT_WARNING:
            return self._alert(bridge, "warning", event.note.what, "")
        if kind is EventKind.SNAPSHOT:
            silent = bridge.no_contact_for
            if silent is None:
                self._contact_alerted = False
            elif silent >= NO_CONTACT_ALERT and not self._contact_alerted:
                self._contact_alerted = True
                return self._alert(
                    bridge,
                    "warning",
                    f"no contact with the service for {int(silent)} s; the recording probably "
                    "still runs, but the panel cannot confirm it.",
                    "Check this computer's network; the panel keeps trying.",
                )
        return None

    @staticmethod
    def _alert(bridge: SessionBridge, level: str, what: str, next_step: str) -> Alert:
        return Alert(bridge.key, bridge.title, level, what, next_step)
