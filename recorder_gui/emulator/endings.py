"""The ways a recording task ends, each with the NCS events the service sends for it."""

from __future__ import annotations

from dataclasses import dataclass

from recorder_gui.emulator.token_check import CODE_TOKEN_EXPIRED, CODE_TOKEN_INVALID

#: ``cloud_recording_error.module`` / ``cloud_recording_warning.module`` values.
MODULE_RECORDER = 0
MODULE_UPLOADER = 1
#: ``cloud_recording_error.errorLevel`` 5: fatal ("call query").
ERROR_LEVEL_FATAL = 5
#: ``recorder_leave.leaveCode`` (a bitmask in Agora's docs; one bit per ending here).
LEAVE_INIT_FAILED = 0
LEAVE_SIGINT = 2
LEAVE_IDLE = 4
LEAVE_TIMER = 8
LEAVE_CLIENT = 16
#: ``web_recorder_stopped.code``.
WEB_OK = 0
WEB_MAX_RECORDING_HOUR = 1
WEB_RECORDER_ERROR = 6
#: Uploader error code "storage configuration wrong" (docs/api-notes.md, "Error codes").
UPLOAD_STORAGE_WRONG = 32


@dataclass(frozen=True)
class Ending:
    """One way a task ends. ``reason`` is the task's ``ended_reason``.

    Events, in order: ``error`` as a cloud_recording_error (1) when set; recorder_leave (41)
    with ``leave_code``, or in web mode web_recorder_stopped (71) with ``web_code``; when
    ``uploads``, uploading_progress 10000 (33) and uploaded (31, or backuped 32); session_exit
    (11) with ``exit_status`` (see ``lifecycle.finish``). With
    ``linger`` the task is "exiting" for a few seconds (stop answers 400/49), else gone at once.
    """

    reason: str
    leave_code: int = LEAVE_CLIENT
    exit_status: int = 0
    error: tuple[int, int, str] | None = None  # (module, errorCode, errorMsg)
    uploads: bool = True
    web_code: int = WEB_OK
    web_message: str = "ok"
    web_details: str | None = None
    linger: bool = True


STOPPED = Ending("stopped", leave_code=LEAVE_SIGINT)
IDLE = Ending("idle", leave_code=LEAVE_IDLE)
RESOURCE_EXPIRED = Ending("resource_expired", leave_code=LEAVE_TIMER, linger=False)


def join_refused(why: str, code: int) -> Ending:
    """The bot never joined (token refused): nothing was recorded, nothing is uploaded."""
    reason = "token_expired" if code == CODE_TOKEN_EXPIRED else "token_invalid"
    return Ending(
        reason,
        leave_code=LEAVE_INIT_FAILED,
        exit_status=1,
        error=(MODULE_RECORDER, code, f"the recording bot could not join: {why}"),
        uploads=False,
    )


def bot_kicked(why: str, *, expired: bool) -> Ending:
    """The bot was put out of the channel mid-recording; what it recorded is uploaded."""
    code = CODE_TOKEN_EXPIRED if expired else CODE_TOKEN_INVALID
    return Ending(
        "bot_kicked_token",
        leave_code=LEAVE_INIT_FAILED,
        exit_status=1,
        error=(MODULE_RECORDER, code, f"the recording bot left the channel: {why}"),
    )


def storage_refused(why: str) -> Ending:
    """The storage refuses the uploads: the service gives up the task."""
    return Ending(
        "storage_refused",
        leave_code=LEAVE_SIGINT,
        exit_status=1,
        error=(MODULE_UPLOADER, UPLOAD_STORAGE_WRONG, why),
        uploads=False,
        web_code=WEB_RECORDER_ERROR,
        web_message="recorder_error",
        web_details=why,
    )


def web_max_hour(hours: int) -> Ending:
    """Web recording reached ``maxRecordingHour``: a normal end (files are uploaded)."""
    return Ending(
        "web_max_hour",
        web_code=WEB_MAX_RECORDING_HOUR,
        web_message="max_recording_hour",
        web_details=f"max recording hour is {hours}",
    )
