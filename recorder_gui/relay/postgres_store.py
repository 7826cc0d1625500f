"""The relay's events in PostgreSQL (psycopg 3, async), shared by several relays.

Two relays behind a load balancer may share one database:

* every insert takes one transaction-scoped advisory lock, so cursors are handed out in commit
  order (a reader asking for ``cursor > after`` never skips a row that commits later) and the
  "same event delivered twice" check cannot race;
* ``notice_id`` is UNIQUE and inserts say ``ON CONFLICT DO NOTHING``: a resend is stored once
  even when two relays receive it at the same moment;
* each insert sends ``NOTIFY recorder_relay_events`` (delivered on commit); every relay keeps
  one connection that LISTENs and wakes its own long-polling readers. While that connection
  is down, readers poll the table every second instead (:class:`~.store.ChangeFeed`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import psycopg

from recorder_gui.relay.pg_listen import Listener
from recorder_gui.relay.store import (
    ChangeFeed,
    NewEvent,
    Stored,
    StoredEvent,
    StoreError,
    since_query,
)

CHANNEL = "recorder_relay_events"
_SCHEMA_LOCK = 0x52454C41590000
_INSERT_LOCK = 0x52454C41590001
_POOL_SIZE = 4
_SCHEMA = """
CREATE TABLE IF NOT EXISTS relay_events (
    id BIGSERIAL PRIMARY KEY,
    notice_id TEXT UNIQUE,
    event_type BIGINT NOT NULL,
    sid TEXT NOT NULL,
    cname TEXT NOT NULL,
    sequence BIGINT,
    duplicate BOOLEAN NOT NULL,
    test BOOLEAN NOT NULL,
    received_ms BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_events_key ON relay_events (sid, sequence);
CREATE INDEX IF NOT EXISTS relay_events_sid ON relay_events (sid, id);
CREATE INDEX IF NOT EXISTS relay_events_cname ON relay_events (cname, id);
CREATE INDEX IF NOT EXISTS relay_events_received ON relay_events (received_ms);
"""
_INSERT = """
INSERT INTO relay_events (notice_id, event_type, sid, cname, sequence, duplicate, test,
                          received_ms, body)
VALUES (%(notice_id)s, %(event_type)s, %(sid)s, %(cname)s, %(sequence)s,
        %(has_key)s AND EXISTS (SELECT 1 FROM relay_events
                                WHERE sid = %(sid)s AND sequence = %(sequence)s),
        %(test)s, %(received_ms)s, %(body)s)
ON CONFLICT (notice_id) DO NOTHING
RETURNING id, duplicate
"""

Conn = psycopg.AsyncConnection[Any]
T = TypeVar("T")


def scrub(message: str, dsn: str) -> str:
    """``message`` without the DSN's password (psycopg may echo parts of a malformed DSN)."""
    with contextlib.suppress(ValueError):
        password = urlsplit(dsn).password
        if password:
            for form in {password, unquote(password)}:
                message = message.replace(form, "***")
    return message


APP_NAME = "recorder-gui-relay"
LISTENER_APP_NAME = "recorder-gui-relay-listen"


async def connect(dsn: str, application_name: str = APP_NAME) -> Conn:
    return await psycopg.AsyncConnection.connect(
        dsn, autocommit=True, connect_timeout=10, application_name=application_name
    )


class PostgresStore:
    kind = "postgresql"

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self.changes = ChangeFeed()
        self._idle: list[Conn] = []
        self._slots = asyncio.Semaphore(_POOL_SIZE * 2)
        self._closed = False
        self._listener = Listener(lambda: connect(dsn, LISTENER_APP_NAME), CHANNEL, self.changes)

    def __repr__(self) -> str:
        return "PostgresStore()"

    def _error(self, err: BaseException) -> StoreError:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return StoreError(f"The PostgreSQL database failed: {scrub(first, self._dsn)}")

    @classmethod
    async def open(cls, dsn: str) -> PostgresStore:
        store = cls(dsn)
        try:
            await store._use(store._create_schema)
            await store._listener.start()
        except BaseException:
            await store.close()
            raise
        return store

    @staticmethod
    async def _create_schema(conn: Conn) -> None:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            await conn.execute(_SCHEMA)

    async def _use(self, op: Callable[[Conn], Awaitable[T]]) -> T:
        """Run ``op`` on a pooled connection; once more on a fresh one if a reused one was dead."""
        if self._closed:
            raise StoreError("The event store is closed.")
        async with self._slots:
            for _attempt in (1, 2):
                reused = bool(self._idle)
                try:
                    conn = self._idle.pop() if reused else await connect(self._dsn)
                except psycopg.Error as err:
                    raise self._error(err) from None
                healthy = False
                try:
                    result = await op(conn)
                    healthy = True
                    return result
                except psycopg.OperationalError as err:
                    if not (reused and conn.broken):
                        raise self._error(err) from None
                    # The server went away (restart, failover): the other idle ones are dead
                    # too. Drop them and try once more on a fresh connection.
                    idle, self._idle = self._idle, []
                    for other in idle:
                        await other.close()
                except psycopg.Error as err:
                    raise self._error(err) from None
                finally:
                    await self._release(conn, healthy)
            raise StoreError("The PostgreSQL database closed the connection twice in a row.")

    async def _release(self, conn: Conn, healthy: bool) -> None:
        idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if healthy and idle and not self._closed and len(self._idle) < _POOL_SIZE:
            self._idle.append(conn)
        else:
            await conn.close()

    async def add(self, event: NewEvent) -> Stored:
        params = {
            "notice_id": event.notice_id or None,
            "event_type": event.event_type,
            "sid": event.sid,
            "cname": event.cname,
            "sequence": event.sequence,
            "has_key": bool(event.sid) and event.sequence is not None,
            "test": event.test,
            "received_ms": event.received_ms,
            "body": event.body,
        }

        async def op(conn: Conn) -> Stored | None:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INSERT_LOCK,))
                row = await (await conn.execute(_INSERT, params)).fetchone()
                if row is not None:
                    await conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(row[0])))
                    return Stored(cursor=int(row[0]), new=True, duplicate=bool(row[1]))
                row = await (
                    await conn.execute(
                        "SELECT id, duplicate FROM relay_events WHERE notice_id = %s",
                        (params["notice_id"],),
                    )
                ).fetchone()
            if row is None:  # the first copy was pruned in between: store this one
                return None
            return Stored(cursor=int(row[0]), new=False, duplicate=bool(row[1]))

        stored = await self._use(op) or await self._use(op)
        if stored is None:
            raise StoreError("The notification could not be stored; please resend it.")
        if stored.new:
            self.changes.bump()
        return stored

    async def since(
        self, after: int, limit: int, sid: str | None = None, cname: str | None = None
    ) -> list[StoredEvent]:
        sql, args = since_query(after, limit, sid, cname, mark="%s")

        async def op(conn: Conn) -> list[StoredEvent]:
            rows = await (await conn.execute(sql, args)).fetchall()
            return [
                StoredEvent(
                    cursor=int(r[0]),
                    received_ms=int(r[1]),
                    duplicate=bool(r[2]),
                    test=bool(r[3]),
                    body=str(r[4]),
                )
                for r in rows
            ]

        return await self._use(op)

    async def prune(self, older_than_ms: int) -> int:
        async def op(conn: Conn) -> int:
            cur = await conn.execute(
                "DELETE FROM relay_events WHERE received_ms < %s", (older_than_ms,)
            )
            return max(cur.rowcount, 0)

        return await self._use(op)

    async def ping(self) -> None:
        async def op(conn: Conn) -> None:
            await conn.execute("SELECT 1")

        await self._use(op)

    async def close(self) -> None:
        """Stop listening and close every pooled connection; idempotent."""
        if self._closed:
            return
        self._closed = True
        self.changes.close()
        await self._listener.stop()
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.close()
