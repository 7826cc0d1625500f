"""NCS envelopes of the emulator (docs/api-notes.md, "Callbacks"): shaped, logged and sent.

``make_event`` takes its serviceType and msgName from ``recorder_gui.callbacks.catalog`` and
refuses the event types no public source confirms. ``EventLog`` keeps every envelope in a
bounded in-memory log and, once enabled, hands each to an ``NcsSender`` that POSTs it.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from recorder_gui.callbacks.catalog import CATALOG, PRODUCT_CLOUD_RECORDING, UNCONFIRMED
from recorder_gui.emulator.history import HISTORY_LIMIT
from recorder_gui.emulator.ncs_sender import NcsSender

if TYPE_CHECKING:
    from recorder_gui.emulator.tasks import Task

Envelope = dict[str, Any]


def make_event(task: Task, event_type: int, at: float, **details: Any) -> Envelope:
    """One NCS envelope; ``payload.sequence`` counts per task from 0; ``notifyMs`` is ``at``
    here and refreshed by the sender on every delivery attempt."""
    spec = CATALOG.get(event_type)
    if spec is None or event_type in UNCONFIRMED or spec.service_type is None:
        raise ValueError(f"the emulator does not send NCS event {event_type}")
    ms = int(round(at * 1000))
    payload = {
        "cname": task.cname,
        "uid": str(task.bot_uid),
        "sid": task.sid,
        "sequence": task.sequence,
        "sendts": ms,
        "serviceType": int(spec.service_type),
        "details": {"msgName": spec.msg_name, **details},
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


class EventLog:
    """Every envelope emitted (bounded, oldest dropped) and the optional sender.

    Not thread-safe by itself: the ``World`` calls ``emit``/``clear``/iteration under the
    emulator's lock; ``sender.submit`` never blocks.
    """

    def __init__(self) -> None:
        self._events: deque[Envelope] = deque(maxlen=HISTORY_LIMIT)
        self.sender: NcsSender | None = None

    def emit(self, task: Task, event_type: int, at: float, **details: Any) -> None:
        envelope = make_event(task, event_type, at, **details)
        self._events.append(envelope)
        if self.sender is not None:
            self.sender.submit(envelope)

    def clear(self) -> None:
        self._events.clear()

    def __iter__(self) -> Iterator[Envelope]:
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)
