"""What the relay keeps: one row per notification received, behind a small async protocol.

Both stores give the same guarantees:

* ``cursor`` grows in commit order, so a reader that asks for ``cursor > after`` never skips a
  row that commits later (PostgreSQL serializes inserts with an advisory lock for this);
* a resend (same ``noticeId``) is stored once: :meth:`EventStore.add` returns the first row
  with ``new=False``;
* the same event delivered again under another ``noticeId`` (same ``sid`` and
  ``payload.sequence``) is stored with ``duplicate=True``.

:class:`ChangeFeed` wakes long-polling readers in the relay's event loop when rows arrive.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

from recorder_gui.relay.config import is_postgres


class StoreError(RuntimeError):
    """The database failed or cannot be opened; the message is a plain sentence."""


@dataclass(frozen=True)
class NewEvent:
    """One notification to store; ``body`` is the exact JSON text received."""

    notice_id: str
    event_type: int
    sid: str
    cname: str
    sequence: int | None
    test: bool
    received_ms: int
    body: str


@dataclass(frozen=True)
class Stored:
    """The answer to :meth:`EventStore.add`: the row's cursor; ``new`` is False for a resend."""

    cursor: int
    new: bool
    duplicate: bool


@dataclass(frozen=True)
class StoredEvent:
    cursor: int
    received_ms: int
    duplicate: bool
    test: bool
    body: str


class ChangeFeed:
    """A version number bumped on every insert; waiters sleep until it moves past theirs.

    Used from one event loop only. ``fallback_poll`` is set (seconds) while a store cannot
    promise to bump on inserts made elsewhere (PostgreSQL listener down): waiters then wake
    that often and look again.
    """

    def __init__(self) -> None:
        self._version = 0
        self._event: asyncio.Event | None = None
        self._closed = False
        self.fallback_poll: float | None = None

    @property
    def version(self) -> int:
        return self._version

    @property
    def closed(self) -> bool:
        return self._closed

    def bump(self) -> None:
        self._version += 1
        event, self._event = self._event, None
        if event is not None:
            event.set()

    def close(self) -> None:
        """Wake every waiter for good (the relay is stopping)."""
        self._closed = True
        self.bump()

    async def wait(self, seen: int, seconds: float) -> bool:
        """Sleep until the version differs from ``seen`` (True) or ``seconds`` pass (False)."""
        if self._version != seen or self._closed:
            return True
        if seconds <= 0:
            return False
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        try:
            async with asyncio.timeout(seconds):
                await event.wait()
        except TimeoutError:
            return self._version != seen
        return True


class EventStore(Protocol):
    #: "sqlite" or "postgresql"
    kind: str
    changes: ChangeFeed

    async def add(self, event: NewEvent) -> Stored: ...

    async def since(
        self, after: int, limit: int, sid: str | None = None, cname: str | None = None
    ) -> list[StoredEvent]: ...

    async def prune(self, older_than_ms: int) -> int: ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


async def open_store(db: str) -> EventStore:
    """A SQLite file path or a ``postgresql://`` URL, opened (tables created) in this loop."""
    if is_postgres(db):
        from recorder_gui.relay.postgres_store import PostgresStore

        return await PostgresStore.open(db)
    from recorder_gui.relay.sqlite_store import SqliteStore

    return await SqliteStore.open(db)


def since_query(
    after: int, limit: int, sid: str | None, cname: str | None, *, mark: str
) -> tuple[str, list[object]]:
    """The ``since`` query of both stores, with ``mark`` their parameter placeholder."""
    sql = f"SELECT id, received_ms, duplicate, test, body FROM relay_events WHERE id > {mark}"
    args: list[object] = [after]
    if sid is not None:
        sql += f" AND sid = {mark}"
        args.append(sid)
    if cname is not None:
        sql += f" AND cname = {mark}"
        args.append(cname)
    sql += f" ORDER BY id LIMIT {mark}"
    args.append(limit)
    return sql, args
