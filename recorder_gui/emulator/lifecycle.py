"""When a running task ends by itself, and what ending it sends (events, exiting phase)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recorder_gui.emulator.channels import Channel
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.endings import (
    ERROR_LEVEL_FATAL,
    IDLE,
    MODULE_UPLOADER,
    RESOURCE_EXPIRED,
    UPLOAD_STORAGE_WRONG,
    Ending,
    web_max_hour,
)
from recorder_gui.emulator.ncs_events import at_exit, rtmp_ended
from recorder_gui.emulator.tasks import Task

Emit = Callable[..., None]  # emit(task, event_type, at, **details)


def due_ending(task: Task, now: float, channel: Channel | None) -> tuple[float, Ending] | None:
    """The earliest ending of a running task that is due at ``now``, with its time."""
    due: list[tuple[float, Ending]] = []
    if now >= task.expires_at:
        due.append((task.expires_at, RESOURCE_EXPIRED))
    due.extend((at, ending) for at, ending in task.deadlines if at <= now)
    if task.mode == "web":
        hours = task.spec.max_recording_hour
        at = task.started_at + hours * 3600
        if now >= at:
            due.append((at, web_max_hour(hours)))
    else:
        idle_since = float("-inf") if channel is None else channel.idle_since
        if idle_since is not None:
            exit_at = max(idle_since, task.started_at) + task.spec.max_idle
            if now > exit_at:
                due.append((exit_at, IDLE))
    if not due:
        return None
    return min(due, key=lambda item: item[0])


def finish(
    task: Task,
    at: float,
    ending: Ending,
    cfg: EmulatorConfig,
    channel: Channel | None,
    emit: Emit,
) -> None:
    """The recording ends at ``at``: the task is exiting (then gone), its events are sent:
    an error (1) if any; web: RTMP outputs disconnected (100), web_recorder_stopped (71),
    else recorder_leave (41); when the files are uploaded, the first playlist (4) if never
    announced, uploading_progress 10000 (33) and uploaded (31, or backuped 32); session_exit.
    """
    task.stopped_at = at
    task.state = "exiting" if ending.linger else "ended"
    task.ended_reason = ending.reason
    task.exit_until = at + cfg.exiting_seconds
    files = task.files(at, cfg, channel, final=True)
    refused = task.upload_cutoff is not None
    error = ending.error
    if error is None and refused:
        error = (MODULE_UPLOADER, UPLOAD_STORAGE_WRONG, "uploads to the storage were refused")
    if error is not None:
        module, code, message = error
        emit(
            task,
            1,
            at,
            module=module,
            errorLevel=ERROR_LEVEL_FATAL,
            errorCode=code,
            stat=0,
            errorMsg=message,
        )
    if task.mode == "web":
        rtmp_ended(task, at, emit)
        details: dict[str, Any] = {"code": ending.web_code, "message": ending.web_message}
        if ending.web_details is not None:
            details["details"] = ending.web_details
        emit(task, 71, at, **details, fileList=task.file_entries(files))
    else:
        emit(task, 41, at, leaveCode=ending.leave_code)
    if ending.uploads and not refused:
        at_exit(task, at, files, emit)
        backup = bool(task.failovers or task.backup_upload)
        upload: dict[str, Any] = {"status": 0}
        if task.mode != "web":
            upload["fileList"] = task.file_entries(files)
        emit(task, 32 if backup else 31, at, **upload)
    emit(task, 11, at, exitStatus=1 if refused else ending.exit_status)
