"""Plain data the views render, converted from engine objects (no Qt, no widgets).

The engine speaks in states, sentences, structured service errors and file details; views
want a badge, an error banner (meaning / next step / request ID) and rows of files. The
conversions live here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from recorder_gui.api.storage_catalog import region_label
from recorder_gui.recording import (
    ErrorInfo,
    FileDetail,
    Note,
    RecordingSession,
    SessionEvent,
    SessionState,
    StatusSnapshot,
    StopOutcome,
)
from recorder_gui.recording.storage_access import ran_seconds


class Badge(StrEnum):
    """The large colour-and-text state of one recording; the value is the text shown."""

    STARTING = "STARTING"
    NOT_CONFIRMED = "NOT CONFIRMED"
    ON_AIR = "ON AIR"
    NO_CONTACT = "ON AIR?"  #: recording, but the status checks have failed for a while
    UNREACHABLE = "UNREACHABLE"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    FAILED = "FAILED"
    UNTRACKED = "UNTRACKED"
    ORPHAN = "ORPHAN"

    @property
    def tone(self) -> str:
        """The stylesheet's name for the badge colour."""
        return _TONES[self]


_TONES = {
    Badge.STARTING: "starting",
    Badge.NOT_CONFIRMED: "warning",
    Badge.ON_AIR: "live",
    Badge.NO_CONTACT: "warning",
    Badge.UNREACHABLE: "warning",
    Badge.STOPPING: "stopping",
    Badge.STOPPED: "done",
    Badge.FAILED: "failed",
    Badge.UNTRACKED: "warning",
    Badge.ORPHAN: "orphan",
}


def badge_for(
    state: SessionState, *, unreachable: bool, unconfirmed: bool = False, no_contact: bool = False
) -> Badge:
    if state is SessionState.STARTING and unconfirmed:
        return Badge.NOT_CONFIRMED
    if state in (SessionState.IDLE, SessionState.ACQUIRING, SessionState.STARTING):
        return Badge.STARTING
    if state is SessionState.RECORDING:
        if unreachable:
            return Badge.UNREACHABLE
        return Badge.NO_CONTACT if no_contact else Badge.ON_AIR
    return {
        SessionState.STOPPING: Badge.STOPPING,
        SessionState.STOPPED: Badge.STOPPED,
        SessionState.FAILED: Badge.FAILED,
    }.get(state, Badge.UNTRACKED)


@dataclass(frozen=True, slots=True)
class ErrorView:
    """What the error banner shows. ``level`` is "error" or "warning"; ``code`` and
    ``http_status`` are the service's, when a service error is behind it."""

    meaning: str
    next_step: str = ""
    request_id: str | None = None
    details: str = ""
    level: str = "error"
    code: int | None = None
    http_status: int | None = None

    @property
    def text(self) -> str:
        parts = [self.meaning, f"Next: {self.next_step}" if self.next_step else ""]
        if self.request_id:
            parts.append(f"Request ID: {self.request_id}")
        return "\n".join(p for p in parts if p)

    @classmethod
    def from_event(cls, event: SessionEvent, *, level: str = "error") -> ErrorView:
        """The banner for an engine event: its note's fields, never its text taken apart."""
        return cls.from_note(event.note, level=level)

    @classmethod
    def from_note(cls, note: Note, *, level: str = "error") -> ErrorView:
        """What happened (the engine's words, then "<action> failed: <meaning>" when the
        service error is part of the story), the next step (the engine's, else the error's)
        and what to quote (code, HTTP status, request ID)."""
        error = note.error
        if error is None:
            return cls(note.what.strip(), note.next_step.strip(), level=level)
        own_story = note.quote_only and bool(note.what.strip())  # the error is evidence only
        headline = f"{error.action} failed: {error.meaning}" if error.action else error.meaning
        told = "" if own_story else headline
        return cls(
            meaning=" ".join(p.strip() for p in (note.what, told) if p.strip()),
            next_step=(note.next_step or ("" if own_story else error.next_step)).strip(),
            request_id=error.request_id,
            details=error_details(error),
            level=level,
            code=error.code,
            http_status=error.http_status,
        )


def error_details(error: ErrorInfo) -> str:
    """What to quote to support, e.g. "HTTP 400, code 53, 'reason', request ID abc"."""
    parts = [
        f"HTTP {error.http_status}" if error.http_status is not None else "",
        f"code {error.code}" if error.code is not None else "",
        repr(error.reason) if error.reason else "",
        f"request ID {error.request_id}" if error.request_id else "",
    ]
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class StatusView:
    """One poll, ready to print."""

    status: str
    first_slice: str
    files: tuple[str, ...]
    last_poll: str
    next_poll_in: float | None
    domain: str
    failures: int


def local_time(seconds: float | None, *, with_date: bool = False) -> str:
    if seconds is None:
        return "—"
    moment = dt.datetime.fromtimestamp(seconds).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def status_view(snapshot: StatusSnapshot, now: float) -> StatusView:
    status = "—" if snapshot.status is None else f"{snapshot.status} — {snapshot.status_meaning}"
    first = (
        local_time(snapshot.slice_start_ms / 1000, with_date=True)
        if snapshot.slice_start_ms
        else "not yet"
    )
    next_in = None if snapshot.next_poll_at is None else max(0.0, snapshot.next_poll_at - now)
    return StatusView(
        status=status,
        first_slice=first,
        files=snapshot.files,
        last_poll=local_time(snapshot.last_ok_poll_at),
        next_poll_in=next_in,
        domain=snapshot.domain or "—",
        failures=snapshot.consecutive_failures,
    )


def duration(seconds: float | None) -> str:
    if seconds is None or seconds < 0:
        return "—"
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


# -- files after stop -------------------------------------------------------------------------

UPLOADING_MEANINGS = {
    "uploaded": "Uploaded: the service reports every file in your storage.",
    "backuped": (
        "Backed up: some files could not reach your storage in time and went to Agora's "
        "backup; Agora forwards them to your storage automatically. Nothing to do, but they "
        "may appear there later."
    ),
    "unknown": (
        "Unknown: the service did not say whether the upload finished. Look in your storage "
        "for the files listed."
    ),
}


@dataclass(frozen=True, slots=True)
class FileRow:
    """One file after stop; a field is "" where the service said nothing (views show "—")."""

    name: str
    track: str
    uid: str
    playable: str
    slice_start: str

    def as_dict(self) -> dict[str, str]:
        return {
            "file_name": self.name,
            "track_type": self.track,
            "uid": self.uid,
            "playable": self.playable,
            "slice_start": self.slice_start,
        }


_TRACKS = {"audio": "audio", "video": "video", "audio_and_video": "audio and video"}


def _when(slice_start_ms: int | None) -> str:
    return local_time(slice_start_ms / 1000, with_date=True) if slice_start_ms else "unknown"


def file_row(detail: FileDetail, *, slice_start_ms: int | None = None) -> FileRow:
    """A row from what the service listed; "" where it said nothing.

    ``slice_start_ms`` (the recording's first slice) stands in when the file has no own time.
    """
    track = _TRACKS.get(detail.track_type, detail.track_type) if detail.track_type else ""
    uid = "all (mixed)" if detail.mixed_all_user else detail.uid or ""
    playable = {True: "yes", False: "no", None: ""}[detail.is_playable]
    return FileRow(
        detail.name, track, uid, playable, _when(detail.slice_start_ms or slice_start_ms)
    )


def predicted_row(detail: FileDetail) -> FileRow:
    """A row for a file the naming rules predict: its track and uid as the rules give them."""
    track = _TRACKS.get(detail.track_type, detail.track_type) if detail.track_type else ""
    uid = "all (mixed)" if detail.mixed_all_user else detail.uid or "unknown"
    return FileRow(detail.name, track, uid, "expected", "unknown")


@dataclass(frozen=True, slots=True)
class StopSummary:
    """What the stop dialog shows. Fields after ``storage_prefix`` are "" / None when unknown."""

    cname: str
    sentence: str
    uploading: str  # "uploaded" | "backuped" | "unknown" | "" (nothing to upload)
    uploading_meaning: str
    rows: tuple[FileRow, ...]
    predicted: bool  # rows are predicted names, not a list the service gave
    nothing_recorded: bool
    storage_prefix: str
    title: str = ""  #: "demo-show · mix · bot uid 900001" (SessionBridge.title)
    sid: str = ""  #: the recording ID
    vendor: str = ""  #: "Amazon S3 / EU_CENTRAL_1"
    bucket: str = ""
    duration_seconds: float | None = None  #: from start to stop (the file list has no sizes)

    @property
    def name(self) -> str:
        """How the recording is named: its title, else its channel."""
        return self.title or self.cname

    @property
    def count_text(self) -> str:
        """``3 files · 1:02:03 from start to stop`` (the length when known)."""
        n = len(self.rows)
        files = "no files" if not n else f"{n} file{'s' if n != 1 else ''}"
        if self.predicted and n:
            files += " expected"
        parts = [files[:1].upper() + files[1:]]
        if self.duration_seconds is not None:
            parts.append(f"{duration(self.duration_seconds)} from start to stop")
        return " · ".join(parts)

    @property
    def where_text(self) -> str:
        """``Amazon S3 / EU_CENTRAL_1, bucket “b”, prefix “p/”``: what is known of it."""
        parts = [
            self.vendor,
            f"bucket “{self.bucket}”" if self.bucket else "",
            f"prefix “{self.storage_prefix}”" if self.storage_prefix else "",
        ]
        return ", ".join(p for p in parts if p)


def stop_summary(
    cname: str,
    outcome: StopOutcome,
    *,
    slice_start_ms: int | None,
    title: str = "",
    sid: str | None = None,
    vendor: str = "",
    bucket: str = "",
    duration_seconds: float | None = None,
) -> StopSummary:
    predicted = not outcome.files and bool(outcome.predicted_files)
    uploading = outcome.uploading_status or ("" if outcome.nothing_recorded else "unknown")
    if outcome.nothing_recorded:
        meaning = (
            "Nothing was recorded (206 / code 435): nobody published audio or video while the "
            "recorder was in the channel, so there are no files."
        )
    elif outcome.already_stopped:
        meaning = (
            "The recording had already ended (idle exit, an earlier stop, or it was removed); "
            "the files below are the last ones seen."
        )
    else:
        meaning = UPLOADING_MEANINGS.get(uploading, UPLOADING_MEANINGS["unknown"])
        if predicted:
            meaning += (
                " The service answered 206 without a file list: the names below are predicted "
                "by the naming rules."
            )
    if predicted:
        rows = tuple(predicted_row(detail) for detail in outcome.predicted_files)
    else:
        details = outcome.file_details or tuple(FileDetail(name) for name in outcome.files)
        rows = tuple(file_row(d, slice_start_ms=slice_start_ms) for d in details)
    return StopSummary(
        cname=cname,
        sentence=outcome.sentence,
        uploading=uploading,
        uploading_meaning=meaning,
        rows=rows,
        predicted=predicted,
        nothing_recorded=outcome.nothing_recorded,
        storage_prefix=outcome.storage_prefix,
        title=title,
        sid=sid or "",
        vendor=vendor,
        bucket=bucket,
        duration_seconds=duration_seconds,
    )


def session_stop_summary(session: RecordingSession, *, title: str = "") -> StopSummary | None:
    """The stop summary of ``session`` with all it knows: sid, storage, length, its title."""
    outcome = session.stop_outcome
    if outcome is None:
        return None
    storage = session.start_config.storage_config if session.start_config else None
    return stop_summary(
        session.cname,
        outcome,
        slice_start_ms=session.snapshot.slice_start_ms,
        title=title,
        sid=session.sid,
        vendor=region_label(storage.vendor, storage.region) if storage else "",
        bucket=storage.bucket if storage else "",
        duration_seconds=ran_seconds(session),
    )


@dataclass(frozen=True, slots=True)
class OrphanView:
    """A journal row the producer must decide about."""

    key: str
    cname: str
    uid: str
    mode: str
    profile: str
    reason: str
    can_stop: bool


@dataclass(frozen=True, slots=True)
class PreflightView:
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    started: bool = False
    #: one-click fixes the form offers: a free bot uid, the channel most likely meant
    suggested_uid: str | None = None
    near_channel: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems
