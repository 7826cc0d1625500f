"""Fault injection: latency, error answers and dropped connections, matched per endpoint."""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

Endpoint = Literal[
    "acquire", "start", "query", "update", "updateLayout", "stop", "channel_users", "*"
]
FaultKind = Literal["latency", "error", "drop"]
ENDPOINTS = ("acquire", "start", "query", "update", "updateLayout", "stop", "channel_users", "*")
KINDS = ("latency", "error", "drop")


@dataclass
class Fault:
    """One injected fault; ``count=None`` keeps it active until ``clear_faults``."""

    endpoint: str = "*"
    kind: str = "error"
    count: int | None = 1
    seconds: float = 0.0
    status: int = 500
    code: int | None = 62
    reason: str = "request timeout"
    message: str | None = None
    apply: bool = False

    def __post_init__(self) -> None:
        if self.endpoint not in ENDPOINTS:
            raise ValueError(f"unknown fault endpoint {self.endpoint!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be >= 1 or None")
        if self.seconds < 0:
            raise ValueError("seconds must be >= 0")

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
