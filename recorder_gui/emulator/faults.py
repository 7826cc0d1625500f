"""Fault injection: latency, error answers and dropped connections, matched per endpoint.

Task faults (``TASK_KINDS``) are not kept here: they act at once on running tasks (see
``silent_failures``): the bot kicked out for its token, uploads refused by the storage, files
sent to Agora's backup storage, a web recording reaching maxRecordingHour, and (with
S3-compatible storage, whose objects are really uploaded) the next segment dropped or corrupt.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

Endpoint = Literal[
    "acquire", "start", "query", "update", "updateLayout", "stop", "channel_users", "*"
]
FaultKind = Literal[
    "latency",
    "error",
    "drop",
    "bot_kicked_token",
    "storage_refused",
    "storage_backup",
    "web_max_hour",
    "segment_dropped",
    "segment_corrupt",
]
ENDPOINTS = ("acquire", "start", "query", "update", "updateLayout", "stop", "channel_users", "*")
REQUEST_KINDS = ("latency", "error", "drop")
TASK_KINDS = (
    "bot_kicked_token",
    "storage_refused",
    "storage_backup",
    "web_max_hour",
    "segment_dropped",
    "segment_corrupt",
)
KINDS = REQUEST_KINDS + TASK_KINDS


@dataclass
class Fault:
    """One injected fault; ``count=None`` keeps it active until ``clear_faults``.

    A task fault (``kind`` in ``TASK_KINDS``) acts on the running task ``sid`` (every running
    task it fits when None) at once, or ``seconds`` later; ``endpoint`` and ``count`` do not
    apply to it.
    """

    endpoint: str = "*"
    kind: str = "error"
    count: int | None = 1
    seconds: float = 0.0
    status: int = 500
    code: int | None = 62
    reason: str = "request timeout"
    message: str | None = None
    apply: bool = False
    sid: str | None = None

    def __post_init__(self) -> None:
        if self.endpoint not in ENDPOINTS:
            raise ValueError(f"unknown fault endpoint {self.endpoint!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be >= 1 or None")
        if self.seconds < 0:
            raise ValueError("seconds must be >= 0")
        if self.sid is not None and self.kind not in TASK_KINDS:
            raise ValueError("sid is only for task faults: " + ", ".join(TASK_KINDS))

    @property
    def on_task(self) -> bool:
        return self.kind in TASK_KINDS

    def body(self) -> dict[str, Any]:
        """The faulty answer: gateway-shaped when ``message`` is set, else ``{code, reason}``."""
        if self.message is not None:
            return {"message": self.message}
        if self.code is None:
            return {"reason": self.reason}
        return {"code": self.code, "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        return cls(**data)


@dataclass
class SegmentFault:
    """On a task: the first HLS segment uploaded from ``at`` on is dropped (never reaches the
    bucket, though the playlist names it) or corrupt (not a transport stream); ``segment``
    names it once chosen."""

    kind: str  # "segment_dropped" | "segment_corrupt"
    at: float
    segment: str | None = None


@dataclass
class FaultPlan:
    """What the HTTP layer must do for one request."""

    latency: float = 0.0
    failure: Fault | None = None


class FaultBook:
    """Thread-safe list of active faults; ``take`` consumes the ones matching a request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(replace(fault))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def active(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, endpoint: str) -> FaultPlan:
        """All matching latency faults add up; the first matching error/drop fault wins."""
        plan = FaultPlan()
        with self._lock:
            for fault in list(self._faults):
                if fault.endpoint not in ("*", endpoint):
                    continue
                if fault.kind == "latency":
                    plan.latency += fault.seconds
                elif plan.failure is None:
                    plan.failure = fault
                else:
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
        return plan
