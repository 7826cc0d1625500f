"""Lifecycle events shaped like NCS callbacks (reference section 5), ready for an emitter."""

from __future__ import annotations

import uuid
from typing import Any

from recorder_gui.emulator.tasks import Task

# eventType -> (serviceType, msgName)
EVENTS: dict[int, tuple[int, str]] = {
    1: (0, "cloud_recording_error"),
    2: (0, "cloud_recording_warning"),
    4: (0, "cloud_recording_file_infos"),
    11: (0, "session_exit"),
    12: (0, "session_failover"),
    30: (2, "uploader_started"),
    31: (2, "uploaded"),
    32: (2, "backuped"),
    40: (1, "recorder_started"),
    41: (1, "recorder_leave"),
    70: (6, "web_recorder_started"),
    71: (6, "web_recorder_stopped"),
}
PRODUCT_CLOUD_RECORDING = 3


def make_event(task: Task, event_type: int, at: float, **details: Any) -> dict[str, Any]:
    """One NCS envelope; ``payload.sequence`` counts per task from 0."""
    service_type, msg_name = EVENTS[event_type]
    ms = int(round(at * 1000))
    payload = {
        "cname": task.cname,
        "uid": str(task.bot_uid),
        "sid": task.sid,
        "sequence": task.sequence,
        "sendts": ms,
        "serviceType": service_type,
        "details": {"msgName": msg_name, **details},
    }
    task.sequence += 1
    return {
        "noticeId": uuid.uuid4().hex,
        "productId": PRODUCT_CLOUD_RECORDING,
        "eventType": event_type,
        "notifyMs": ms,
        "sid": task.sid,
        "payload": payload,
    }
