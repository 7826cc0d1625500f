"""High availability: a run of 404s is "unreachable, possibly failing over", not the end."""

from __future__ import annotations

import pytest

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import EventKind, SessionEvent, SessionManager, SessionState

from .conftest import APP, next_event, recording


@pytest.mark.asyncio
async def test_failover_marks_unreachable_backs_off_and_recovers(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    sid = session.sid or ""
    emu.start_failover(sid, window_seconds=60)
    t0 = emu.clock.now()
    await next_event(session, EventKind.REACHABLE)
    kinds = [e.kind for e in events]
    assert EventKind.UNREACHABLE in kinds
    assert session.state is SessionState.RECORDING  # never declared ended
    polls = [r for r in emu.requests("query") if r.time >= t0]
    first = next(i for i, r in enumerate(polls) if r.status == 404)
    polls = polls[first:]
    gaps = [round(b.time - a.time, 3) for a, b in zip(polls, polls[1:], strict=False)]
    assert [r.status for r in polls] == [404, 404, 404, 404, 200]
    assert gaps == [5, 10, 15, 30]  # backoff 5/10/15/30 s, then it answers again
    unreachable = next(e for e in events if e.kind is EventKind.UNREACHABLE)
    assert "possibly failing over" in unreachable.reason
    assert session.failovers_seen == 1
    assert f"show/day1/bak0_{sid}_room1.m3u8" in [f.name for f in session.predicted_files]
    await session.stop()
    assert session.state is SessionState.STOPPED


@pytest.mark.asyncio
async def test_a_404_run_declares_the_end_only_after_the_window(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    emu.inject_fault(Fault("query", "error", count=None, status=404, code=404, reason="x"))
    first_404 = emu.clock.now()
    assert await session.wait_for(SessionState.STOPPED) is SessionState.STOPPED
    assert emu.clock.now() - first_404 >= 90
    assert "ended by itself" in session.reason
    last = [r for r in emu.requests("query") if r.status == 404]
    assert last[-1].time - last[0].time >= 90


@pytest.mark.asyncio
async def test_stop_during_a_failover_keeps_trying_until_it_lands(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    sid = session.sid or ""
    emu.clock.advance(20)
    emu.start_failover(sid, window_seconds=30)
    await next_event(session, EventKind.UNREACHABLE)
    assert await session.stop() is SessionState.STOPPED
    stops = emu.requests("stop")
    assert stops[0].status == 404 and stops[-1].status == 200
    assert session.stop_outcome is not None and session.stop_outcome.uploading_status == "backuped"
    assert emu.task(sid)["state"] != "running"
    assert APP
