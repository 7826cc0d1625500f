"""One recording's callbacks, as a timeline a producer reads, and what they establish.

Callbacks are a second source of truth beside query (docs/api-notes.md, "Callbacks"): they tell
what query cannot (the upload's progress, whether files went to Agora's backup, why the
recorder left), but they may arrive late, twice or out of order. The timeline keeps each event
once (by ``noticeId``, then by ``sid`` and ``sequence``), in event-time order, and derives the
facts from all it holds; query remains the authority on whether the recording runs.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from enum import StrEnum

from recorder_gui.callbacks.catalog import EventType
from recorder_gui.callbacks.details import (
    UploadedFile,
    failover_uid,
    progress,
    raises_alert,
    uploaded_files,
)
from recorder_gui.callbacks.envelope import Envelope, as_int, as_text
from recorder_gui.callbacks.words import describe

#: Audio and video state changes of one user this close together are one line.
STREAM_PAIR_MS = 2000
#: Entries kept per recording (33 comes every minute: a 24 h show is ~1,500 of them).
MAX_ENTRIES = 2000


class UploadOutcome(StrEnum):
    UPLOADED = "uploaded"  #: every file is in the producer's storage
    BACKUPED = "backuped"  #: some went to Agora's backup and will be forwarded


@dataclass(frozen=True, slots=True)
class RelayEvent:
    """One event as the relay serves it."""

    cursor: int
    received_ms: int
    envelope: Envelope
    duplicate: bool = False
    test: bool = False


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at_ms: int
    event_type: int
    text: str
    alert: bool = False  #: errorLevel >= 4: the producer is told at once
    #: (uid, state) of a stream-state event: audio and video of one user at once are one line
    stream: tuple[str, int | None] | None = None


@dataclass
class Timeline:
    entries: list[TimelineEntry] = field(default_factory=list)
    #: fraction 0..1 from uploading_progress (the latest by event time)
    upload_progress: float | None = None
    upload_outcome: UploadOutcome | None = None
    uploaded: tuple[UploadedFile, ...] = ()
    #: when callbacks said the recorder left or the session exited (event time, ms)
    ended_ms: int | None = None
    ended_text: str = ""
    exit_status: int | None = None
    failover_uids: tuple[str, ...] = ()
    _notices: set[str] = field(default_factory=set, repr=False)
    _keys: set[tuple[str, int]] = field(default_factory=set, repr=False)
    _progress_ms: int = field(default=-1, repr=False)

    def add(self, event: RelayEvent) -> TimelineEntry | None:
        """Take one event; the new entry, or None when it was seen before (or is a test)."""
        env = event.envelope
        if event.test or env.is_test:
            return None
        key = env.event_key()
        if event.duplicate or env.notice_id in self._notices or (key and key in self._keys):
            return None
        if env.notice_id:
            self._notices.add(env.notice_id)
        if key:
            self._keys.add(key)
        at = env.event_ms if env.event_ms is not None else event.received_ms
        entry = TimelineEntry(at, env.event_type, describe(env), raises_alert(env), _stream(env))
        newest_progress = at >= self._progress_ms
        self._learn(env, at)
        if env.event_type == EventType.UPLOADING_PROGRESS:
            # Progress is a bar, not a line per minute: only the newest one is listed.
            if not newest_progress:
                return None
            self.entries = [e for e in self.entries if e.event_type != EventType.UPLOADING_PROGRESS]
        if entry.stream is not None and self._merged(entry):
            return entry
        bisect.insort(self.entries, entry, key=lambda e: e.at_ms)
        if len(self.entries) > MAX_ENTRIES:
            del self.entries[: len(self.entries) - MAX_ENTRIES]
        return entry

    def _merged(self, entry: TimelineEntry) -> bool:
        """Audio and video of one user changing together read as one line."""
        assert entry.stream is not None
        uid, state = entry.stream
        for i, other in enumerate(self.entries):
            if (
                other.stream == entry.stream
                and other.event_type != entry.event_type
                and abs(other.at_ms - entry.at_ms) <= STREAM_PAIR_MS
                and "audio and video" not in other.text
                and state in (0, 1)
            ):
                text = f"{'receiving' if state == 0 else 'no'} audio and video from uid {uid}"
                self.entries[i] = replace(other, text=text, at_ms=min(other.at_ms, entry.at_ms))
                self.entries.sort(key=lambda e: e.at_ms)
                return True
        return False

    def _learn(self, env: Envelope, at: int) -> None:
        t = env.event_type
        frac = progress(env)
        if frac is not None and at >= self._progress_ms:
            self.upload_progress, self._progress_ms = frac, at
        if t in (EventType.UPLOADED, EventType.BACKUPED):
            outcome = UploadOutcome.UPLOADED if t == EventType.UPLOADED else UploadOutcome.BACKUPED
            # A backup anywhere means the files are not all in the bucket yet.
            if self.upload_outcome is not UploadOutcome.BACKUPED:
                self.upload_outcome = outcome
            self.uploaded = (*self.uploaded, *uploaded_files(env))
            self.upload_progress, self._progress_ms = 1.0, max(at, self._progress_ms)
        elif t in (
            EventType.RECORDER_LEAVE,
            EventType.SESSION_EXIT,
            EventType.WEB_RECORDER_STOPPED,
        ):
            if self.ended_ms is None or at < self.ended_ms:
                self.ended_ms = at
                self.ended_text = describe(env)
            if t == EventType.SESSION_EXIT:
                self.exit_status = as_int(env.details.get("exitStatus"))
        elif t == EventType.SESSION_FAILOVER:
            uid = failover_uid(env)
            if uid:
                self.failover_uids = (*self.failover_uids, uid)

    def upload_sentence(self) -> str:
        """What the stop dialog says about where the files are, from the callbacks."""
        if self.upload_outcome is UploadOutcome.UPLOADED:
            n = len(self.uploaded)
            files = f"all {n} files are" if n > 1 else "all files are"
            return f"The service confirms {files} in your bucket."
        if self.upload_outcome is UploadOutcome.BACKUPED:
            return (
                "Some files went to Agora's backup storage and will be forwarded to your bucket "
                "later; check the bucket again before you delete anything."
            )
        return ""


def _stream(env: Envelope) -> tuple[str, int | None] | None:
    if env.event_type not in (EventType.AUDIO_STREAM_STATE, EventType.VIDEO_STREAM_STATE):
        return None
    return (as_text(env.details.get("streamUid")), as_int(env.details.get("state")))
