"""The relay's events in one SQLite file (WAL), for a single relay process.

stdlib ``sqlite3`` never runs on the event loop: one worker thread owns the writing connection
(inserts and pruning, one at a time) and another owns a reading connection, so long-polling
readers never delay an acknowledgement to NCS. ``AUTOINCREMENT`` keeps cursors from being
reused after pruning.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from recorder_gui.relay.store import (
    ChangeFeed,
    NewEvent,
    Stored,
    StoredEvent,
    StoreError,
    since_query,
)

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS relay_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id TEXT UNIQUE,
    event_type INTEGER NOT NULL,
    sid TEXT NOT NULL,
    cname TEXT NOT NULL,
    sequence INTEGER,
    duplicate INTEGER NOT NULL,
    test INTEGER NOT NULL,
    received_ms INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_events_key ON relay_events (sid, sequence);
CREATE INDEX IF NOT EXISTS relay_events_sid ON relay_events (sid, id);
CREATE INDEX IF NOT EXISTS relay_events_cname ON relay_events (cname, id);
CREATE INDEX IF NOT EXISTS relay_events_received ON relay_events (received_ms);
"""

T = TypeVar("T")


def _connect(path: Path, *, writer: bool) -> sqlite3.Connection:
    if writer:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        if writer:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"The database {path} was written by a newer relay (schema {version})."
                )
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        else:
            conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _add(conn: sqlite3.Connection, event: NewEvent) -> Stored:
    conn.execute("BEGIN IMMEDIATE")
    try:
        notice_id = event.notice_id or None
        if notice_id is not None:
            row = conn.execute(
                "SELECT id, duplicate FROM relay_events WHERE notice_id = ?", (notice_id,)
            ).fetchone()
            if row is not None:
                conn.execute("COMMIT")
                return Stored(cursor=int(row[0]), new=False, duplicate=bool(row[1]))
        duplicate = False
        if event.sid and event.sequence is not None:
            duplicate = (
                conn.execute(
                    "SELECT 1 FROM relay_events WHERE sid = ? AND sequence = ? LIMIT 1",
                    (event.sid, event.sequence),
                ).fetchone()
                is not None
            )
        (cursor,) = conn.execute(
            "INSERT INTO relay_events (notice_id, event_type, sid, cname, sequence, duplicate,"
            " test, received_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                notice_id,
                event.event_type,
                event.sid,
                event.cname,
                event.sequence,
                int(duplicate),
                int(event.test),
                event.received_ms,
                event.body,
            ),
        ).fetchone()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return Stored(cursor=int(cursor), new=True, duplicate=duplicate)


def _since(
    conn: sqlite3.Connection, after: int, limit: int, sid: str | None, cname: str | None
) -> list[StoredEvent]:
    sql, args = since_query(after, limit, sid, cname, mark="?")
    return [
        StoredEvent(
            cursor=int(row[0]),
            received_ms=int(row[1]),
            duplicate=bool(row[2]),
            test=bool(row[3]),
            body=str(row[4]),
        )
        for row in conn.execute(sql, args)
    ]


def _prune(conn: sqlite3.Connection, older_than_ms: int) -> int:
    return conn.execute("DELETE FROM relay_events WHERE received_ms < ?", (older_than_ms,)).rowcount


class SqliteStore:
    kind = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.changes = ChangeFeed()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="relay-sqlite-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="relay-sqlite-reader")
        self._write_conn: sqlite3.Connection | None = None
        self._read_conn: sqlite3.Connection | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        store = cls(path)
        try:
            store._write_conn = await store._run(
                store._writer, lambda: _connect(store.path, writer=True), opening=True
            )
            store._read_conn = await store._run(
                store._reader, lambda: _connect(store.path, writer=False), opening=True
            )
        except BaseException as err:
            await store.close()
            if isinstance(err, OSError):
                raise StoreError(f"Cannot open the database {store.path}: {err}") from err
            raise
        return store

    async def _run(self, pool: ThreadPoolExecutor, fn: Callable[[], T], opening: bool = False) -> T:
        if self._closed:
            raise StoreError("The event store is closed.")
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, fn)
        except sqlite3.Error as err:
            verb = "Cannot open" if opening else "Cannot use"
            raise StoreError(f"{verb} the database {self.path}: {err}.") from err

    def _conn(self, write: bool) -> sqlite3.Connection:
        conn = self._write_conn if write else self._read_conn
        if conn is None:
            raise StoreError("The event store is closed.")
        return conn

    async def add(self, event: NewEvent) -> Stored:
        conn = self._conn(True)
        stored = await self._run(self._writer, lambda: _add(conn, event))
        if stored.new:
            self.changes.bump()
        return stored

    async def since(
        self, after: int, limit: int, sid: str | None = None, cname: str | None = None
    ) -> list[StoredEvent]:
        conn = self._conn(False)
        return await self._run(self._reader, lambda: _since(conn, after, limit, sid, cname))

    async def prune(self, older_than_ms: int) -> int:
        conn = self._conn(True)
        return await self._run(self._writer, lambda: _prune(conn, older_than_ms))

    async def ping(self) -> None:
        conn = self._conn(False)
        await self._run(self._reader, lambda: conn.execute("SELECT 1").fetchone())

    async def close(self) -> None:
        """Close both connections in their own threads and join the threads; idempotent."""
        if self._closed:
            return
        self._closed = True
        self.changes.close()
        loop = asyncio.get_running_loop()
        for pool, conn in ((self._writer, self._write_conn), (self._reader, self._read_conn)):
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    await loop.run_in_executor(pool, conn.close)
        self._write_conn = self._read_conn = None
        # Both queues are empty now (the close ran last in each): joining is immediate.
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True)
