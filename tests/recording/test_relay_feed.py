"""Reading callbacks from a real relay over loopback: pages, cursor, long poll, and every way the
relay (or something pretending to be one) can fail, each a plain sentence and a retry from the
same cursor so nothing is lost."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from recorder_gui.callbacks.relay_url import RelaySettings, RelaySettingsError
from recorder_gui.recording.relay_feed import FeedState, FeedStatus, RelayFeed, RelayReadError
from recorder_gui.recording.timeline import RelayEvent
from recorder_gui.relay.server import RelayServer
from tests.hostile_server import HostileServer, json_answer, raw_answer, silence
from tests.relay.helpers import SECRET, TOKEN, notification, post


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayServer]:
    with RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "relay.sqlite3") as server:
        yield server


def post_events(relay: RelayServer, n: int, *, start: int = 0) -> None:
    with httpx.Client(base_url=relay.url) as client:
        for i in range(start, start + n):
            assert post(client, notification(40 + i % 3, sequence=i)).status_code == 200


class Pages:
    def __init__(self) -> None:
        self.events: list[RelayEvent] = []
        self.statuses: list[FeedStatus] = []
        self.got = asyncio.Event()

    def deliver(self, events: list[RelayEvent]) -> None:
        self.events.extend(events)
        self.got.set()


async def no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_pages_come_in_order_and_the_cursor_moves(relay: RelayServer) -> None:
    post_events(relay, 5)
    pages = Pages()
    async with httpx.AsyncClient() as http:
        feed = RelayFeed(http, RelaySettings(relay.url, TOKEN), pages.deliver)
        events = await feed.fetch(0)
        assert [e.envelope.sequence for e in events] == [0, 1, 2, 3, 4]
        assert feed.cursor == events[-1].cursor
        assert await feed.fetch(0) == []  # nothing newer
        assert feed.status.events == 5


@pytest.mark.asyncio
async def test_run_catches_up_then_long_polls_new_events(relay: RelayServer) -> None:
    post_events(relay, 3)
    pages = Pages()
    async with httpx.AsyncClient() as http:
        feed = RelayFeed(
            http, RelaySettings(relay.url, TOKEN), pages.deliver, on_status=pages.statuses.append
        )
        task = asyncio.create_task(feed.run())
        try:
            await asyncio.wait_for(pages.got.wait(), 10)
            assert len(pages.events) == 3
            assert feed.status.state is FeedState.LIVE
            pages.got.clear()
            await asyncio.to_thread(post_events, relay, 1, start=3)  # while the read is held
            await asyncio.wait_for(pages.got.wait(), 10)
            assert [e.envelope.sequence for e in pages.events] == [0, 1, 2, 3]
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
    assert [s.state for s in pages.statuses] == [FeedState.LIVE]


@pytest.mark.asyncio
async def test_a_wrong_token_is_said_plainly_and_retried(relay: RelayServer) -> None:
    pages = Pages()
    async with httpx.AsyncClient() as http:
        feed = RelayFeed(
            http,
            RelaySettings(relay.url, "not-the-token"),
            pages.deliver,
            on_status=pages.statuses.append,
            sleep=no_sleep,
        )
        with pytest.raises(RelayReadError, match="refused the read token"):
            await feed.fetch(0)
        task = asyncio.create_task(feed.run())
        for _ in range(200):
            await asyncio.sleep(0.01)
            if len(pages.statuses) >= 1:
                break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    status = pages.statuses[-1]
    assert status.state is FeedState.FAILING
    assert "check the relay token in the profile" in status.sentence
    assert "still watched by query" in status.sentence
    assert "not-the-token" not in repr(feed) + repr(feed.settings) + status.sentence


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("behaviour", "sentence"),
    [
        (json_answer(200, {"events": "nope"}), "no event list"),
        (json_answer(200, ["not", "an", "object"]), "no event list"),
        (raw_answer(200, b"<html>hello</html>", content_type="text/html"), "not JSON"),
        (json_answer(404, {"detail": "Not Found"}), "not as a recorder-gui relay"),
        (json_answer(503, {}), "HTTP 503"),
        (silence(), "cannot be reached"),
    ],
)
async def test_hostile_relays(behaviour: object, sentence: str) -> None:
    async with HostileServer(behaviour) as srv, httpx.AsyncClient() as http:  # type: ignore[arg-type]
        feed = RelayFeed(http, RelaySettings(srv.base_url, TOKEN), lambda e: None, wait=0.2)
        feed_fetch = feed.fetch(0)
        with pytest.raises(RelayReadError, match=sentence):
            await asyncio.wait_for(feed_fetch, 30)
        assert feed.cursor == 0  # nothing skipped: the next read asks again from here


@pytest.mark.asyncio
async def test_unreadable_items_are_skipped_and_counted() -> None:
    good = {"cursor": 7, "receivedMs": 1, "event": notification(40)}
    body = {
        "events": [
            {"cursor": 5, "event": "junk"},
            {"cursor": None, "event": notification(40)},
            "not an object",
            good,
        ],
        "next": 7,
    }
    async with HostileServer(json_answer(200, body)) as srv, httpx.AsyncClient() as http:
        feed = RelayFeed(http, RelaySettings(srv.base_url, TOKEN), lambda e: None)
        events = await feed.fetch(0)
    assert [e.cursor for e in events] == [7]
    assert feed.status.skipped == 3 and feed.cursor == 7


@pytest.mark.parametrize(
    ("url", "token", "sentence"),
    [
        ("http://relay.example.com", "t", "must use https://"),
        ("ftp://relay", "t", "not a web address"),
        ("https://relay.example.com", "  ", "read token"),
        ("https://[::1", "t", "not a web address"),
    ],
)
def test_settings_that_cannot_be_used(url: str, token: str, sentence: str) -> None:
    with pytest.raises(RelaySettingsError, match=sentence):
        RelaySettings(url, token)


def test_settings_keep_the_token_out_of_reprs() -> None:
    settings = RelaySettings("https://relay.example.com/", "SECRET-token-1")
    assert settings.url == "https://relay.example.com"
    assert "SECRET-token-1" not in repr(settings)
