"""What an event's ``details`` say, read into typed values (never trusted: every field may be
missing or of the wrong type, and a reader must not fail on it)."""

from __future__ import annotations

from dataclasses import dataclass

from recorder_gui.callbacks.catalog import EventType
from recorder_gui.callbacks.envelope import Envelope, as_int, as_text

#: recorder_leave ``leaveCode`` bits, in plain words (8, the timer, is noise to ignore).
LEAVE_BITS: tuple[tuple[int, str], ...] = (
    (2, "the recorder was stopped (stop was called)"),
    (4, "nobody was in the channel for longer than maxIdleTime"),
    (16, "the recorder was told to leave the channel"),
)
#: web_recorder_stopped ``code``.
WEB_STOP_CODES: dict[int, str] = {
    0: "it was stopped",
    1: "it reached its maxRecordingHour",
    2: "the page hit a recorder limit",
    3: "the recording engine did not start",
    4: "the page did not load in time",
    5: "the page's address could not be opened",
    6: "the web recorder failed",
}
ERROR_LEVELS = {1: "debug", 2: "minor", 3: "medium", 4: "major", 5: "fatal"}
MODULES = {0: "recorder", 1: "uploader", 2: "cloud recording service", 6: "web recorder"}
#: errorLevel from which a producer is alerted.
ALERT_LEVEL = 4


@dataclass(frozen=True)
class UploadedFile:
    file_name: str
    track_type: str = ""
    uid: str = ""
    mixed_all_user: bool | None = None
    is_playable: bool | None = None
    slice_start_ms: int | None = None


def uploaded_files(env: Envelope) -> list[UploadedFile]:
    """The ``fileList`` of uploaded/backuped/web_recorder_stopped (``fileName`` or ``filename``)."""
    raw = env.details.get("fileList")
    if not isinstance(raw, list):
        return []
    files: list[UploadedFile] = []
    for item in raw:
        if isinstance(item, str) and item:
            files.append(UploadedFile(item))
            continue
        if not isinstance(item, dict):
            continue
        name = as_text(item.get("fileName")) or as_text(item.get("filename"))
        if not name:
            continue
        mixed = item.get("mixedAllUser")
        playable = item.get("isPlayable")
        files.append(
            UploadedFile(
                file_name=name,
                track_type=as_text(item.get("trackType")),
                uid=as_text(item.get("uid")),
                mixed_all_user=mixed if isinstance(mixed, bool) else None,
                is_playable=playable if isinstance(playable, bool) else None,
                slice_start_ms=as_int(item.get("sliceStartTime")),
            )
        )
    return files


def progress(env: Envelope) -> float | None:
    """uploading_progress as a fraction 0..1 (10000 = done); None when absent or unreadable."""
    if env.event_type != EventType.UPLOADING_PROGRESS:
        return None
    value = as_int(env.details.get("progress"))
    if value is None:
        return None
    return min(max(value, 0), 10000) / 10000


def leave_reasons(code: int | None) -> list[str]:
    if code is None:
        return []
    if code == 0:
        return ["the recorder could not start (initialisation failed)"]
    return [words for bit, words in LEAVE_BITS if code & bit]


def error_level(env: Envelope) -> int | None:
    if env.event_type != EventType.ERROR:
        return None
    return as_int(env.details.get("errorLevel"))


def raises_alert(env: Envelope) -> bool:
    level = error_level(env)
    return level is not None and level >= ALERT_LEVEL


def failover_uid(env: Envelope) -> str:
    return (
        as_text(env.details.get("newUid")) if env.event_type == EventType.SESSION_FAILOVER else ""
    )
