"""Long polls inside the relay: readers woken by one insert share one query."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from recorder_gui.relay.reader import ReadQuery, SharedQueries, read_events
from recorder_gui.relay.sqlite_store import SqliteStore
from recorder_gui.relay.store import NewEvent, StoredEvent


class CountingStore(SqliteStore):
    """A real SQLite store that counts the queries it answers."""

    queries = 0

    async def since(
        self, after: int, limit: int, sid: str | None = None, cname: str | None = None
    ) -> list[StoredEvent]:
        self.queries += 1
        return await super().since(after, limit, sid, cname)


def _event(notice_id: str, cname: str = "room") -> NewEvent:
    return NewEvent(notice_id, 40, "sid", cname, None, False, 1, '{"eventType":40}')


@pytest.mark.asyncio
async def test_twenty_waiting_readers_cost_one_query_per_wake(tmp_path: Path) -> None:
    store = await CountingStore.open(tmp_path / "r.sqlite3")
    try:
        shared = SharedQueries()
        query = ReadQuery(after=0, wait=10)
        readers = [asyncio.create_task(read_events(store, query, shared)) for _ in range(20)]
        await asyncio.sleep(0.2)
        assert store.queries == 1  # all twenty asked the same question at the same version
        assert not any(r.done() for r in readers)
        await store.add(_event("one"))
        results = await asyncio.wait_for(asyncio.gather(*readers), 5)
        assert store.queries == 2
        assert all([row.cursor for row in rows] == [1] for rows in results)
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_a_reader_never_joins_a_query_older_than_its_wake_up(tmp_path: Path) -> None:
    store = await CountingStore.open(tmp_path / "r.sqlite3")
    try:
        shared = SharedQueries()
        early = asyncio.create_task(shared.since(store, store.changes.version, ReadQuery()))
        await store.add(_event("late"))  # bumps the version while the early query may run
        late = await shared.since(store, store.changes.version, ReadQuery())
        assert [row.cursor for row in late] == [1]
        await early
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_non_matching_inserts_keep_the_reader_waiting(tmp_path: Path) -> None:
    store = await CountingStore.open(tmp_path / "r.sqlite3")
    try:
        reader = asyncio.create_task(read_events(store, ReadQuery(cname="wanted", wait=10)))
        await asyncio.sleep(0.1)
        await store.add(_event("a", cname="other"))
        await asyncio.sleep(0.1)
        assert not reader.done()
        await store.add(_event("b", cname="wanted"))
        rows = await asyncio.wait_for(reader, 5)
        assert [row.cursor for row in rows] == [2]
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_closing_the_feed_answers_waiting_readers(tmp_path: Path) -> None:
    store = await CountingStore.open(tmp_path / "r.sqlite3")
    try:
        reader = asyncio.create_task(read_events(store, ReadQuery(wait=30)))
        await asyncio.sleep(0.1)
        store.changes.close()
        assert await asyncio.wait_for(reader, 2) == []
    finally:
        await store.close()
