"""Events older than the retention are pruned when the relay starts and then periodically."""

from __future__ import annotations

import asyncio
import time

import httpx

from recorder_gui.relay import RelayServer
from recorder_gui.relay.store import NewEvent, open_store
from tests.relay.helpers import SECRET, TOKEN, events, notification, post

DAY_MS = 86_400_000


def _seed(db: str, ages_in_days: dict[str, float]) -> None:
    async def seed() -> None:
        store = await open_store(db)
        now = int(time.time() * 1000)
        try:
            for notice_id, age in ages_in_days.items():
                body = f'{{"noticeId":"{notice_id}","eventType":40}}'
                received = now - int(age * DAY_MS)
                await store.add(NewEvent(notice_id, 40, "s", "c", None, False, received, body))
        finally:
            await store.close()

    asyncio.run(seed())


def test_old_events_are_pruned_at_start(db: str) -> None:
    _seed(db, {"ancient": 45, "old": 31, "recent": 29, "today": 0})
    with (
        RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=db) as relay,
        httpx.Client(base_url=relay.url) as client,
    ):
        assert [e["event"]["noticeId"] for e in events(client)] == ["recent", "today"]
    with (
        RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=db, retention_days=1) as relay,
        httpx.Client(base_url=relay.url) as client,
    ):
        assert [e["event"]["noticeId"] for e in events(client)] == ["today"]


def test_pruning_runs_again_while_serving(db: str) -> None:
    retention_days = 0.5 / 86_400  # half a second
    with (
        RelayServer(
            ncs_secret=SECRET,
            read_token=TOKEN,
            db=db,
            retention_days=retention_days,
            prune_interval=0.1,
        ) as relay,
        httpx.Client(base_url=relay.url) as client,
    ):
        assert post(client, notification()).status_code == 200
        assert len(events(client)) == 1
        deadline = time.monotonic() + 10
        while events(client):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # Cursors go on after pruning: a reader's position stays valid.
        assert post(client, notification(sequence=1)).json()["cursor"] == 2
