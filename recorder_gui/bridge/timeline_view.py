"""What the callbacks panel shows for one recording, derived from its timeline (no copy kept)."""

from __future__ import annotations

from dataclasses import dataclass

from recorder_gui.api.codes import is_running
from recorder_gui.recording import RecordingSession, SessionState
from recorder_gui.recording.relay_feed import FeedState, FeedStatus

from .views import local_time

#: Seconds the service may keep answering "recording" after callbacks said it ended, before
#: the two sources are shown as disagreeing (the last callbacks and query cross in flight).
DISAGREE_AFTER = 20.0


@dataclass(frozen=True, slots=True)
class TimelineLine:
    time: str  #: "10:02:11"
    text: str
    alert: bool = False

    def __str__(self) -> str:
        return f"{self.time}  {self.text}"


@dataclass(frozen=True, slots=True)
class TimelineView:
    lines: tuple[TimelineLine, ...]
    progress: float | None  #: the upload, 0..1, from uploading_progress
    upload_sentence: str  #: "The service confirms all 14 files are in your bucket."
    disagreement: str | None  #: callbacks and query differ; query decides
    relay: str  #: how callbacks are read, in one sentence
    relay_ok: bool


def relay_sentence(status: FeedStatus | None) -> tuple[str, bool]:
    if status is None:
        return (
            "No relay in this profile: callbacks are not read (set one in the profile to see "
            "uploads and why a recording ended).",
            False,
        )
    return status.sentence, status.state is FeedState.LIVE


def timeline_view(session: RecordingSession, relay: FeedStatus | None) -> TimelineView:
    t = session.timeline
    lines = tuple(TimelineLine(local_time(e.at_ms / 1000), e.text, e.alert) for e in t.entries)
    sentence, ok = relay_sentence(relay)
    return TimelineView(
        lines=lines,
        progress=t.upload_progress,
        upload_sentence=t.upload_sentence(),
        disagreement=disagreement(session),
        relay=sentence,
        relay_ok=ok,
    )


def disagreement(session: RecordingSession) -> str | None:
    """Callbacks said the recorder left, yet the service still answers "recording" well after."""
    t = session.timeline
    snap = session.snapshot
    if t.ended_ms is None or session.state is not SessionState.RECORDING:
        return None
    if not is_running(snap.status) or snap.last_ok_poll_at is None:
        return None
    if snap.last_ok_poll_at < t.ended_ms / 1000 + DISAGREE_AFTER:
        return None
    return (
        f"The callbacks say {t.ended_text} at {local_time(t.ended_ms / 1000)}, but the service "
        "still reports the recording running. The service's answer decides: it is shown as "
        "recording until a status check says otherwise."
    )
