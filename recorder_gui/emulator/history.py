"""The request history: bounded in entries and in bytes, oldest dropped first."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

#: Recorded requests and events kept for inspection (oldest dropped first).
HISTORY_LIMIT = 20_000
#: Bytes counted per entry besides its bodies (ids, method, status, time).
ENTRY_OVERHEAD = 128


@dataclass(frozen=True)
class RecordedRequest:
    """One API request as received; secrets masked (the Authorization value is never stored).

    ``warnings``: what the service ignored in the body (paths of unknown fields).
    """

    endpoint: str
    method: str
    path: str
    json: Any
    status: int
    response: Any
    request_id: str
    time: float
    authorization_present: bool
    warnings: tuple[str, ...] = ()


class RequestHistory:
    """Entries with their sizes (wire bytes of the bodies kept + path + overhead).

    Not thread-safe: the Emulator calls it under its lock.
    """

    def __init__(self) -> None:
        self._entries: deque[tuple[int, RecordedRequest]] = deque()
        self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def add(
        self, entry: RecordedRequest, body_bytes: int, *, max_bytes: int, max_count: int
    ) -> None:
        size = ENTRY_OVERHEAD + len(entry.path) + body_bytes
        if size > max_bytes:  # one entry alone too big: keep its facts, not its bodies
            entry = replace(entry, json=None, response=None)
            size = ENTRY_OVERHEAD + len(entry.path)
        self._entries.append((size, entry))
        self._bytes += size
        while self._entries and (self._bytes > max_bytes or len(self._entries) > max_count):
            dropped, _ = self._entries.popleft()
            self._bytes -= dropped

    def __iter__(self) -> Iterator[RecordedRequest]:
        return (entry for _, entry in self._entries)

    def __len__(self) -> int:
        return len(self._entries)
