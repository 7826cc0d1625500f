"""Plain data the views render, converted from engine objects (no Qt, no widgets).

The engine speaks in states, sentences and file names; views want a badge, an error split
into meaning / next step / request ID, and rows of files. The conversions live here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from recorder_gui.recording import SessionState, StatusSnapshot, StopOutcome


class Badge(StrEnum):
    """The large colour-and-text state of one recording; the value is the text shown."""

    STARTING = "STARTING"
    ON_AIR = "ON AIR"
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
    Badge.ON_AIR: "live",
    Badge.UNREACHABLE: "warning",
    Badge.STOPPING: "stopping",
    Badge.STOPPED: "done",
    Badge.FAILED: "failed",
    Badge.UNTRACKED: "warning",
    Badge.ORPHAN: "orphan",
}


def badge_for(state: SessionState, *, unreachable: bool) -> Badge:
    if state in (SessionState.IDLE, SessionState.ACQUIRING, SessionState.STARTING):
        return Badge.STARTING
    if state is SessionState.RECORDING:
        return Badge.UNREACHABLE if unreachable else Badge.ON_AIR
    return {
        SessionState.STOPPING: Badge.STOPPING,
        SessionState.STOPPED: Badge.STOPPED,
        SessionState.FAILED: Badge.FAILED,
    }.get(state, Badge.UNTRACKED)


_REQUEST_ID = re.compile(r"request ID ([A-Za-z0-9_.:-]+)")
_NEXT = re.compile(r"\s*Next:\s*(.*?)\s*(\((?:HTTP|code|request ID)[^()]*\))?\s*$", re.S)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """An engine sentence split for the error banner. ``level`` is "error" or "warning"."""

    meaning: str
    next_step: str = ""
    request_id: str | None = None
    details: str = ""
    level: str = "error"

    @property
    def text(self) -> str:
        parts = [self.meaning, f"Next: {self.next_step}" if self.next_step else ""]
        if self.request_id:
            parts.append(f"Request ID: {self.request_id}")
        return "\n".join(p for p in parts if p)

    @classmethod
    def from_sentence(cls, sentence: str, *, level: str = "error") -> ErrorInfo:
        """Split "<action> failed: <meaning> Next: <step> (HTTP .., request ID ..)"."""
        found = _REQUEST_ID.search(sentence)
        request_id = found.group(1).rstrip(".") if found else None
        match = _NEXT.search(sentence)
        if match is None:
            return cls(sentence.strip(), "", request_id, "", level)
        meaning = sentence[: match.start()].strip()
        details = (match.group(2) or "").strip("() ")
        return cls(meaning, match.group(1).strip(), request_id, details, level)


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

_INDIVIDUAL = re.compile(r"__uid_s_(\d+)__uid_e_(audio|video)")
_PLAYABLE = (".m3u8", ".mp4")

UPLOADING_MEANINGS = {
    "uploaded": "Uploaded: every file is in your storage.",
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


def file_row(name: str, *, slice_start_ms: int | None, predicted: bool = False) -> FileRow:
    found = _INDIVIDUAL.search(name)
    if found:
        uid, track = found.group(1), found.group(2)
    else:
        uid, track = "all (mixed)", "audio and video"
    playable = "yes" if name.endswith(_PLAYABLE) else "no"
    when = local_time(slice_start_ms / 1000, with_date=True) if slice_start_ms else "unknown"
    if predicted:
        playable, when = "expected", "unknown"
    return FileRow(name, track, uid, playable, when)


@dataclass(frozen=True, slots=True)
class StopSummary:
    """What the stop dialog shows."""

    cname: str
    sentence: str
    uploading: str  # "uploaded" | "backuped" | "unknown" | "" (nothing to upload)
    uploading_meaning: str
    rows: tuple[FileRow, ...]
    predicted: bool  # rows are predicted names, not a list the service gave
    nothing_recorded: bool
    storage_prefix: str


def stop_summary(cname: str, outcome: StopOutcome, *, slice_start_ms: int | None) -> StopSummary:
    predicted = not outcome.files and bool(outcome.predicted_files)
    names = outcome.files or outcome.predicted_files
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
    rows = tuple(file_row(n, slice_start_ms=slice_start_ms, predicted=predicted) for n in names)
    return StopSummary(
        cname=cname,
        sentence=outcome.sentence,
        uploading=uploading,
        uploading_meaning=meaning,
        rows=rows,
        predicted=predicted,
        nothing_recorded=outcome.nothing_recorded,
        storage_prefix=outcome.storage_prefix,
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

    @property
    def ok(self) -> bool:
        return not self.problems
