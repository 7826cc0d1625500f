"""PostgreSQL only: two relays on one database, LISTEN/NOTIFY wake-ups, failures."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import httpx
import psycopg
import pytest

from recorder_gui.relay import RelayServer, RelayServerError
from recorder_gui.relay.postgres_store import LISTENER_APP_NAME
from recorder_gui.relay.reader import ReadQuery, read_events
from recorder_gui.relay.store import NewEvent, StoreError, open_store
from tests.relay.helpers import SECRET, TOKEN, events, notification, post, read


def _event(notice_id: str, sequence: int | None = None) -> NewEvent:
    return NewEvent(notice_id, 40, "sid", "room", sequence, False, 1, '{"eventType":40}')


@pytest.mark.asyncio
async def test_two_stores_insert_once_and_in_cursor_order(postgres_dsn: str) -> None:
    a, b = await open_store(postgres_dsn), await open_store(postgres_dsn)
    try:
        # The same notices hit both relays at once: each is stored once.
        results = await asyncio.gather(
            *(s.add(_event(f"n{i}", i)) for i in range(40) for s in (a, b))
        )
        assert sum(r.new for r in results) == 40
        # A reader paging while both write never skips a row.
        seen: list[int] = []

        async def reader() -> None:
            after = 0
            deadline = time.monotonic() + 20
            while len(seen) < 140 and time.monotonic() < deadline:
                rows = await a.since(after, 7)
                seen.extend(r.cursor for r in rows)
                after = rows[-1].cursor if rows else after
                await asyncio.sleep(0)

        writes = [s.add(_event(f"w{i}-{s is a}")) for i in range(50) for s in (a, b)]
        await asyncio.gather(reader(), *writes)
        assert len(seen) == len(set(seen)) == 140
        assert seen == sorted(seen)
    finally:
        await a.close()
        await b.close()


@pytest.mark.asyncio
async def test_notify_wakes_the_other_store(postgres_dsn: str) -> None:
    a, b = await open_store(postgres_dsn), await open_store(postgres_dsn)
    try:
        assert b.changes.fallback_poll is None  # listening
        seen = b.changes.version
        waiter = asyncio.create_task(b.changes.wait(seen, 10))
        await a.add(_event("from-a"))
        assert await waiter is True  # woken by the NOTIFY (False would mean its 10 s ran out)
    finally:
        await a.close()
        await b.close()


def test_a_long_poll_on_one_relay_wakes_on_a_post_to_the_other(postgres_dsn: str) -> None:
    with (
        RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=postgres_dsn) as one,
        RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=postgres_dsn) as two,
        httpx.Client(base_url=one.url) as to_one,
        httpx.Client(base_url=two.url, timeout=40) as to_two,
    ):
        result: dict[str, Any] = {}

        def poll() -> None:
            started = time.monotonic()
            result["body"] = read(to_two, wait=20).json()
            result["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=poll)
        thread.start()
        time.sleep(0.3)
        body = notification(notice_id="across")
        assert post(to_one, body).status_code == 200
        # NCS resends to the other relay behind the balancer: still stored once.
        assert post(to_two, {**body, "notifyMs": 1}).json()["resend"] is True
        thread.join(25)
        assert [e["event"]["noticeId"] for e in result["body"]["events"]] == ["across"]
        assert result["seconds"] < 5
        assert len(events(to_one)) == len(events(to_two)) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.asyncio
async def test_an_unreachable_database_is_a_plain_store_error() -> None:
    dsn = f"postgresql://relay:pg-PASSWORD-123@127.0.0.1:{_closed_port()}/relay"
    with pytest.raises(StoreError) as caught:
        await open_store(dsn)
    message = str(caught.value)
    assert message.startswith("The PostgreSQL database failed")
    assert "pg-PASSWORD-123" not in message


def test_a_relay_on_an_unreachable_database_does_not_start() -> None:
    dsn = f"postgresql://relay:pg-PASSWORD-123@127.0.0.1:{_closed_port()}/relay"
    server = RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=dsn)
    assert "pg-PASSWORD-123" not in repr(server) + server.db
    with pytest.raises(RelayServerError) as caught:
        server.start()
    assert "PostgreSQL database failed" in str(caught.value)
    assert "pg-PASSWORD-123" not in str(caught.value)


@pytest.mark.asyncio
async def test_readers_are_woken_even_while_the_listener_is_down(postgres_dsn: str) -> None:
    a, b = await open_store(postgres_dsn), await open_store(postgres_dsn)
    try:
        assert b.changes.fallback_poll is None
        async with await psycopg.AsyncConnection.connect(postgres_dsn, autocommit=True) as admin:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s",
                (LISTENER_APP_NAME,),
            )
        reader = asyncio.create_task(read_events(b, ReadQuery(wait=20)))
        await asyncio.sleep(0.05)
        await a.add(_event("while-down"))
        started = time.monotonic()
        rows = await asyncio.wait_for(reader, 10)
        assert len(rows) == 1
        assert time.monotonic() - started < 3  # a fallback poll or the reconnection found it
        deadline = time.monotonic() + 10
        while b.changes.fallback_poll is not None:  # the listener comes back by itself
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        seen = b.changes.version
        await a.add(_event("after-reconnect"))
        assert await b.changes.wait(seen, 5) is True
    finally:
        await a.close()
        await b.close()


@pytest.mark.asyncio
async def test_pooled_connections_killed_by_the_server_are_replaced(postgres_dsn: str) -> None:
    store = await open_store(postgres_dsn)
    try:
        # Fill the pool with idle connections, then let the server drop them all.
        await asyncio.gather(*(store.since(0, 10) for _ in range(4)))
        async with await psycopg.AsyncConnection.connect(postgres_dsn, autocommit=True) as admin:
            cur = await admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = 'recorder-gui-relay'"
            )
            row = await cur.fetchone()
            assert row is not None and row[0] >= 2
        stored = await store.add(_event("after-restart"))
        assert stored.new
        assert len(await store.since(0, 10)) == 1
    finally:
        await store.close()
