"""Failures the service never answers with an error: the start succeeds, the task dies later.

* With an App Certificate, the bot joins only with a valid AccessToken2 for the App ID,
  channel and bot uid; else the task dies ``join_failure_seconds`` after start without ever
  recording. A token whose join right ends mid-recording puts the bot out at that moment.
* With ``storage_keys``, a storageConfig whose key pair is not among them records for
  ``storage_failure_seconds`` (nothing is uploaded), then the task dies.
* Task faults provoke the same deaths on a running task (``Fault(kind=...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recorder_gui.emulator import endings
from recorder_gui.emulator.config import EmulatorConfig
from recorder_gui.emulator.faults import SegmentFault
from recorder_gui.emulator.tasks import Task
from recorder_gui.emulator.token_check import verify_bot_token

Emit = Callable[..., None]  # emit(task, event_type, at, **details)
#: ``cloud_recording_warning.warnCode`` of the uploader: files go to Agora's backup storage.
WARN_REUPLOAD_TO_BACKUP = 32


def plan_start(task: Task, client: dict[str, Any], cfg: EmulatorConfig, now: float) -> None:
    """Schedule what a just-accepted start is doomed to (nothing when all is well)."""
    certificate = cfg.certificate_for(task.appid)
    if certificate is not None and task.mode != "web":
        verdict = verify_bot_token(
            client.get("token"),
            app_id=task.appid,
            certificate=certificate,
            channel=task.cname,
            uid=task.uid,
            now=now,
        )
        if not verdict.ok:
            task.joined = False
            ending = endings.join_refused(verdict.reason, verdict.code)
            task.deadlines.append((now + cfg.join_failure_seconds, ending))
        elif verdict.valid_until is not None:
            ending = endings.bot_kicked("the token's join privilege expired", expired=True)
            task.deadlines.append((verdict.valid_until, ending))
    check_storage(task, cfg, now)


def check_storage(task: Task, cfg: EmulatorConfig, now: float) -> None:
    """Uploads fail from ``now`` when the task's storage keys are not accepted."""
    if cfg.storage_keys is None or task.upload_cutoff is not None:
        return
    pair = (task.storage.get("accessKey"), task.storage.get("secretKey"))
    if pair not in cfg.storage_keys:
        refuse_storage(task, now, cfg.storage_failure_seconds, "the storage refused the keys")


def refuse_storage(task: Task, now: float, after: float, why: str) -> None:
    """Nothing uploaded from ``now``; the task dies ``after`` seconds later."""
    if task.upload_cutoff is None or task.upload_cutoff > now:
        task.upload_cutoff = now
    task.deadlines.append((now + after, endings.storage_refused(why)))


#: Task fault kinds: they act at once on running tasks instead of on requests.
TASK_FAULTS = (
    "bot_kicked_token",
    "storage_refused",
    "storage_backup",
    "web_max_hour",
    "segment_dropped",
    "segment_corrupt",
)


def fits(kind: str, task: Task) -> bool:
    """Whether fault ``kind`` can happen to ``task`` (web tasks have no RTC token...)."""
    if kind == "bot_kicked_token":
        return task.mode != "web"
    if kind == "web_max_hour":
        return task.mode == "web"
    return True


def apply_task_fault(
    task: Task, kind: str, now: float, seconds: float, cfg: EmulatorConfig, emit: Emit
) -> None:
    """Provoke fault ``kind`` on the running ``task``; ``seconds``: delay before it ends.

    ``storage_refused`` fails the uploads at once and ends the task after ``seconds``
    (``cfg.storage_failure_seconds`` when 0); ``storage_backup`` sends the files to Agora's
    backup storage (the task goes on; stop says "backuped"); ``segment_dropped`` and
    ``segment_corrupt`` spoil the first segment uploaded ``seconds`` from now (S3-compatible
    storage only: docs/emulator-uploads.md).
    """
    if not fits(kind, task):
        raise ValueError(f"fault {kind!r} cannot happen to a {task.mode} task")
    at = now + seconds
    if kind == "bot_kicked_token":
        why = "the token is no longer valid (fault injected)"
        task.deadlines.append((at, endings.bot_kicked(why, expired=True)))
    elif kind == "storage_refused":
        after = seconds or cfg.storage_failure_seconds
        refuse_storage(task, now, after, "the storage refused the uploads (fault injected)")
    elif kind == "storage_backup":
        note_backup(task, now, emit)
    elif kind == "web_max_hour":
        task.deadlines.append((at, endings.web_max_hour(task.spec.max_recording_hour)))
    elif kind in ("segment_dropped", "segment_corrupt"):
        task.segment_faults.append(SegmentFault(kind, at))
    else:
        raise ValueError(f"unknown task fault {kind!r}")


def note_backup(task: Task, now: float, emit: Emit) -> None:
    """From ``now`` files go to Agora's backup storage: the uploader warns (warnCode 32)."""
    task.backup_upload = True
    emit(task, 2, now, module=endings.MODULE_UPLOADER, warnCode=WARN_REUPLOAD_TO_BACKUP)
