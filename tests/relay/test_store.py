"""The EventStore protocol, the same suite on SQLite and PostgreSQL (real databases)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from recorder_gui.relay.store import EventStore, NewEvent, StoreError, open_store

pytestmark = pytest.mark.asyncio


def new(
    notice_id: str = "",
    *,
    sid: str = "sid-1",
    cname: str = "room",
    sequence: int | None = None,
    received_ms: int = 1_000,
    test: bool = False,
) -> NewEvent:
    body = f'{{"noticeId":"{notice_id}","eventType":40}}'
    return NewEvent(
        notice_id=notice_id,
        event_type=40,
        sid=sid,
        cname=cname,
        sequence=sequence,
        test=test,
        received_ms=received_ms,
        body=body,
    )


async def test_add_and_read_back(db: str) -> None:
    store = await open_store(db)
    try:
        assert store.kind == ("sqlite" if not db.startswith("postgresql") else "postgresql")
        a = await store.add(new("a", test=True))
        b = await store.add(new("b", received_ms=2_000))
        assert (a.new, b.new) == (True, True)
        assert b.cursor > a.cursor > 0
        rows = await store.since(0, 10)
        assert [(r.cursor, r.received_ms, r.test, r.duplicate) for r in rows] == [
            (a.cursor, 1_000, True, False),
            (b.cursor, 2_000, False, False),
        ]
        assert rows[0].body == '{"noticeId":"a","eventType":40}'
        assert await store.since(a.cursor, 10) == rows[1:]
        assert await store.since(0, 1) == rows[:1]
    finally:
        await store.close()


async def test_resend_and_duplicate(db: str) -> None:
    store = await open_store(db)
    try:
        first = await store.add(new("n1", sequence=0))
        again = await store.add(new("n1", sequence=0, received_ms=5_000))
        assert again.new is False
        assert again.cursor == first.cursor
        twin = await store.add(new("n2", sequence=0))
        assert (twin.new, twin.duplicate) == (True, True)
        assert (await store.add(new("n2", sequence=0))).duplicate is True  # resend of the twin
        assert (await store.add(new("n3", sid="other", sequence=0))).duplicate is False
        assert len(await store.since(0, 100)) == 3
    finally:
        await store.close()


async def test_filters(db: str) -> None:
    store = await open_store(db)
    try:
        await store.add(new("1", sid="a", cname="x"))
        await store.add(new("2", sid="b", cname="x"))
        await store.add(new("3", sid="a", cname="y"))

        async def ids(**where: str) -> list[str]:
            return [json.loads(r.body)["noticeId"] for r in await store.since(0, 10, **where)]

        assert await ids(sid="a") == ["1", "3"]
        assert await ids(cname="x") == ["1", "2"]
        assert await ids(sid="a", cname="y") == ["3"]
    finally:
        await store.close()


async def test_prune_and_cursors_are_never_reused(db: str) -> None:
    store = await open_store(db)
    try:
        old = await store.add(new("old", received_ms=100))
        newest = await store.add(new("newer", received_ms=200))
        assert await store.prune(150) == 1
        assert [r.cursor for r in await store.since(0, 10)] == [newest.cursor]
        assert await store.prune(1_000) == 1
        assert await store.since(0, 10) == []
        after = await store.add(new("after", received_ms=300))
        assert after.cursor > newest.cursor > old.cursor
        assert await store.prune(0) == 0
    finally:
        await store.close()


async def test_changes_bump_on_new_rows_only(db: str) -> None:
    store = await open_store(db)
    try:
        feed = store.changes
        seen = feed.version
        waiter = asyncio.create_task(feed.wait(seen, 10))
        await asyncio.sleep(0)
        await store.add(new("x"))
        assert await asyncio.wait_for(waiter, 5) is True
        await asyncio.sleep(0.3)  # PostgreSQL: our own NOTIFY comes back too (a second bump)
        seen = feed.version
        await store.add(new("x"))  # a resend: nothing new to read
        assert await feed.wait(seen, 0.3) is False
    finally:
        await store.close()


async def test_reopen_keeps_events_and_close_is_final(db: str) -> None:
    store = await open_store(db)
    await store.add(new("kept"))
    await store.close()
    await store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        await store.since(0, 10)
    with pytest.raises(StoreError, match="closed"):
        await store.add(new("late"))
    again = await open_store(db)
    try:
        assert len(await again.since(0, 10)) == 1
        await again.ping()
    finally:
        await again.close()


async def test_concurrent_adds_from_one_store(db: str) -> None:
    store: EventStore = await open_store(db)
    try:
        results = await asyncio.gather(
            *(store.add(new(f"c{i % 25}", sid="s", sequence=i % 25)) for i in range(100))
        )
        assert sum(r.new for r in results) == 25
        rows = await store.since(0, 1000)
        assert len(rows) == 25
        assert not any(r.duplicate for r in rows)
    finally:
        await store.close()


# --- SQLite specifics --------------------------------------------------------------------------


async def test_sqlite_uses_wal_and_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "relay.sqlite3"
    store = await open_store(str(path))
    await store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


async def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"this is not a database, just some text" * 100)
    with pytest.raises(StoreError, match=r"^Cannot open the database .*not a database"):
        await open_store(str(path))


async def test_sqlite_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer relay"):
        await open_store(str(path))


async def test_sqlite_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="Cannot open the database"):
        await open_store(str(tmp_path))
