"""The adaptive poller: cadence rules, the typed snapshot, 429 back-off; the channel watch."""

from __future__ import annotations

import pytest

from recorder_gui.api.results import ChannelUsers
from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import (
    ChannelWatch,
    EventKind,
    PollConfig,
    SessionManager,
    next_interval,
)

from .conftest import APP, next_event, recording

CFG = PollConfig()


def test_fast_while_starting_calm_while_steady() -> None:
    common = {"failures": 0, "not_found": 0, "rate_limited": 0}
    assert next_interval(CFG, starting=True, max_idle_time=300, **common) == 2.5
    assert next_interval(CFG, starting=False, max_idle_time=300, **common) == 10.0


def test_never_slower_than_a_third_of_max_idle_time() -> None:
    calm = PollConfig(steady_interval=60)
    common = {"failures": 0, "not_found": 0, "rate_limited": 0}
    assert next_interval(calm, starting=False, max_idle_time=30, **common) == 10.0
    assert next_interval(calm, starting=False, max_idle_time=None, **common) == 60.0
    backing_off = {"failures": 4, "not_found": 0, "rate_limited": 0}
    assert next_interval(calm, starting=False, max_idle_time=30, **backing_off) == 10.0


def test_backs_off_on_errors_404_runs_and_429() -> None:
    def at(**kw: int) -> float:
        base = {"failures": 0, "not_found": 0, "rate_limited": 0}
        base.update(kw)
        return next_interval(CFG, starting=False, max_idle_time=3000, **base)

    assert [at(not_found=n) for n in (1, 2, 3, 4, 9)] == [5, 10, 15, 30, 30]
    assert [at(failures=n) for n in (1, 2, 3, 4)] == [5, 10, 15, 30]
    assert [at(rate_limited=n, failures=n) for n in (1, 2, 3, 4)] == [2, 5, 10, 20]


@pytest.mark.asyncio
async def test_snapshot_is_typed_and_complete(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(25)
    event = await next_event(
        session, EventKind.SNAPSHOT, lambda e: e.snapshot is not None and e.snapshot.status == 5
    )
    snap = event.snapshot
    assert snap is not None
    assert snap.status == 5 and snap.status_meaning == "recording in progress"
    assert snap.files == (f"show/day1/{session.sid}_room1.m3u8",)
    assert snap.slice_start_ms is not None and snap.slice_start_ms > 1_000_000_000_000
    assert snap.elapsed_seconds is not None and snap.elapsed_seconds >= 25
    assert snap.last_ok_poll_at is not None
    assert snap.next_poll_at is not None and snap.next_poll_at > snap.last_ok_poll_at
    assert snap.domain.startswith("http://127.0.0.1:")
    assert snap.consecutive_failures == 0 and snap.last_error is None
    await session.stop()


@pytest.mark.asyncio
async def test_errors_are_counted_and_429_slows_down(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    # the client itself retries 4 times; 8 answers = two failed polls
    emu.inject_fault(
        Fault("query", "error", count=8, status=429, message="API rate limit exceeded")
    )
    snaps = []
    while len(snaps) < 3:
        snaps.append((await next_event(session, EventKind.SNAPSHOT)).snapshot)
    failures = [s.consecutive_failures for s in snaps if s is not None]
    assert failures == [1, 2, 0]
    assert snaps[0] is not None and "per second" in (snaps[0].last_error or "")
    times = [r.time for r in emu.requests("query")][-9:]
    # client retries at 1/3/6 s within a poll; between failed polls the poller waits 2 then 5 s
    assert [round(b - a) for a, b in zip(times, times[1:], strict=False)] == [
        1,
        3,
        6,
        2,
        1,
        3,
        6,
        5,
    ]
    await session.stop()


def test_channel_watch_counts_users_and_hosts_and_ignores_bots() -> None:
    watch = ChannelWatch(max_idle_time=30, since=100.0, ignored={527841})
    comm = ChannelUsers.from_body(
        {"data": {"channel_exist": True, "mode": 1, "users": [7, 527841]}}
    )
    assert watch.observe(comm, 101.0) == (True, False)
    assert watch.users == (7,) and watch.warning is None
    live_no_host = ChannelUsers.from_body(
        {"data": {"channel_exist": True, "mode": 2, "broadcasters": [], "audience": [9]}}
    )
    _, warned = watch.observe(live_no_host, 111.0)
    assert warned and watch.warning is not None
    assert watch.warning.seconds_left == pytest.approx(20.0)  # idle since 101 at the latest
    assert "no host" in watch.warning.sentence and "leave in 20 s" in watch.warning.sentence
    only_bot = ChannelUsers.from_body(
        {"data": {"channel_exist": True, "mode": 1, "users": [527841]}}
    )
    watch.observe(only_bot, 120.0)
    assert watch.warning is not None and watch.warning.seconds_left == pytest.approx(11.0)


@pytest.mark.asyncio
async def test_idle_warning_then_cleared_and_users_feed_the_canvas(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=60)
    emu.add_user(APP, "room1", 1002)
    users = await next_event(session, EventKind.USERS)
    assert users.users == (1001, 1002) and session.channel_users == (1001, 1002)
    emu.remove_user(APP, "room1", 1001)
    emu.remove_user(APP, "room1", 1002)
    warning = await next_event(session, EventKind.IDLE_WARNING)
    assert warning.idle is not None and 0 < warning.idle.seconds_left <= 60
    assert f"the recorder will leave in {int(warning.idle.seconds_left)}" in warning.reason
    assert session.idle_warning is not None
    emu.add_user(APP, "room1", 1003)
    await next_event(session, EventKind.IDLE_CLEARED)
    assert session.idle_warning is None
    await session.stop()
    assert set(session.users_seen) == {1001, 1002, 1003}
