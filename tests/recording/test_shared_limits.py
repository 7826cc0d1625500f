"""Two panels on one App ID share its 10 requests per second: no start is lost to 429.

The issue's scenario (20 starts from two panels while the starting sessions poll) lost 4 of 20
starts with fixed 1/3/6 s acquire retries; it takes 10 to 30 s of real time.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from recorder_gui.api.ratelimit import RateLimiter
from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.recording import Journal, PollConfig, SessionManager, SessionState

from .conftest import APP, CREDS, NO_JITTER, start_config


@pytest.mark.asyncio
@pytest.mark.timeout(200)
async def test_two_panels_on_one_app_id_start_all_twenty(
    emulator: Emulator, emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    assert emulator.config.rate_limit_per_second == 10  # the service's limit, real seconds
    busy = PollConfig(watch_channel=False)  # starting sessions query every 2.5 s: 8 req/s
    panels = [
        SessionManager(
            journal=Journal(tmp_path / f"panel{n}.sqlite3"),
            base_urls=[emulator_server.url],
            rate_limit=10,  # each panel keeps its own 10/s: together they offer 20/s
            retry=NO_JITTER,
            poll_config=busy,
        )
        for n in (1, 2)
    ]
    sessions = [
        panel.create_session(
            app_id=APP,
            credentials=CREDS,
            cname=f"show{n}",
            uid="4242",
            mode="mix",
            start_config=start_config(),
            profile="demo",
        )
        for n, panel in enumerate(panels * 10)
    ]
    try:
        states = await asyncio.wait_for(asyncio.gather(*(s.start() for s in sessions)), 150)
        refused = [r for r in emulator.requests() if r.status == 429]
        assert refused, "the two panels never met the shared limit: the test proves nothing"
        assert states == [SessionState.STARTING] * 20, [
            s.reason for s in sessions if s.state is not SessionState.STARTING
        ]
        assert len({s.sid for s in sessions}) == 20
        running = [t for t in emulator.tasks() if t["state"] == "running"]
        assert len(running) == 20
    finally:
        for panel in panels:
            await panel.aclose()
            panel.journal.close()


@pytest.mark.asyncio
async def test_a_request_keeps_its_place_until_its_answer_came() -> None:
    """The service counts arrivals: a request slow to arrive must not let an 11th through."""
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds
        await asyncio.sleep(0)

    limiter = RateLimiter(2, 1.0, clock=lambda: now[0], sleep=sleep, margin=0.0)
    first = await limiter.acquire()
    second = await limiter.acquire()
    now[0] = 0.9
    limiter.done(first)  # answered at 0.9: it may have arrived as late as that
    now[0] = 1.5
    limiter.done(second)
    third = await limiter.acquire()  # the third waits for the first answer + 1 s
    assert now[0] == pytest.approx(1.9, abs=0.01)
    limiter.done(third)
    now[0] = 10.0  # requests still in flight hold their places however long they take
    slow = await limiter.acquire()
    slower = await limiter.acquire()
    waiting = asyncio.ensure_future(limiter.acquire())
    for _ in range(50):
        await asyncio.sleep(0)
    assert not waiting.done() and now[0] > 11.0  # seconds passed: both still in flight
    limiter.done(slow)
    limiter.done(slower)
    await asyncio.wait_for(waiting, 1.0)
