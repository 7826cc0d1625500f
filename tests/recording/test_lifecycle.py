"""The session lifecycle against the emulator: states and events, confirmation, stop rules."""

from __future__ import annotations

import pytest

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import (
    EventKind,
    RecordingSession,
    SessionEvent,
    SessionManager,
    SessionState,
)

from .conftest import APP, new_session, next_event, recording


@pytest.mark.asyncio
async def test_states_in_order_each_an_event_with_a_reason(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    session = new_session(manager)
    seen: list[SessionEvent] = []
    session.subscribe(seen.append)
    assert await session.start() is SessionState.STARTING
    assert session.sid and session.resource_id
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    emu.clock.advance(30)
    assert await session.stop() is SessionState.STOPPED
    states = [e.state for e in seen if e.kind is EventKind.STATE]
    assert states == [
        SessionState.ACQUIRING,
        SessionState.STARTING,
        SessionState.RECORDING,
        SessionState.STOPPING,
        SessionState.STOPPED,
    ]
    assert all(e.reason for e in seen if e.kind is EventKind.STATE)
    assert [e.previous for e in seen if e.kind is EventKind.STATE][0] is SessionState.IDLE
    assert emu.task(session.sid)["state"] != "running"


@pytest.mark.asyncio
async def test_recording_is_confirmed_only_by_status_4_or_5(
    manager: SessionManager, emu: Emulator
) -> None:
    session = new_session(manager)
    await session.start()
    assert session.state is SessionState.STARTING  # start returned: not yet "recording"
    assert session.sid is not None
    await session.wait_for(SessionState.RECORDING)
    statuses = [r.response["serverResponse"]["status"] for r in emu.requests("query")]
    assert statuses[-1] in (4, 5)
    assert all(s < 4 for s in statuses[:-1])
    assert session.confirmed_at is not None
    assert session.started_at is not None
    # the poller was fast while starting (every 2.5 s)
    assert session.confirmed_at - session.started_at <= 5.0 + 1e-6
    await session.stop()


async def until_unconfirmed(session: RecordingSession) -> None:
    await next_event(
        session,
        EventKind.STATE,
        lambda e: e.state is SessionState.STARTING and e.reason.startswith("Not confirmed"),
    )


@pytest.mark.asyncio
async def test_not_recording_within_90_s_is_not_confirmed_and_never_stopped_by_the_app(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    emu.inject_fault(Fault("query", "error", count=None, status=504, code=62))
    session = new_session(manager)
    await session.start()
    start = emu.clock.now()
    await until_unconfirmed(session)
    assert emu.clock.now() - start >= 90
    assert session.state is SessionState.STARTING and session.unconfirmed_since is not None
    assert "has not reported 'recording'" in session.reason
    assert "does not stop it on its own" in session.reason
    assert emu.requests("stop") == []  # it may be live: the producer decides
    assert session.sid is not None and emu.task(session.sid)["state"] == "running"
    emu.clear_faults()  # keep watching: the service answers again, status 5
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    assert session.unconfirmed_since is None
    await session.stop()


@pytest.mark.asyncio
async def test_404s_for_60_s_after_start_then_status_5_keep_the_recording(
    manager: SessionManager, emu: Emulator
) -> None:
    """404s right after start can be a failover of a live task (docs/api-notes.md,
    "Lifecycle and call rules")."""
    emu.add_user(APP, "room1", 1001)
    emu.inject_fault(Fault("query", "error", count=None, status=404, code=404, reason="x"))
    session = new_session(manager, max_idle=300)  # polls are never slower than maxIdle/3
    await session.start()
    start = emu.clock.now()
    while emu.clock.now() - start < 60:
        await next_event(session, EventKind.SNAPSHOT)
    assert session.state is SessionState.STARTING
    emu.clear_faults()
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    times = [round(r.time - start) for r in emu.requests("query")]
    assert times[0] >= 5  # the first query waits about 5 s after start
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)][:4]
    assert gaps == [5, 10, 15, 30]  # 404 backoff while starting, not every 2.5 s
    assert emu.requests("stop") == []
    await session.stop()


@pytest.mark.asyncio
async def test_a_task_that_died_right_after_start_is_not_confirmed_with_the_likely_cause(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("query", "error", count=None, status=404, code=404, reason="x"))
    session = new_session(manager)
    await session.start()
    await until_unconfirmed(session)
    assert "does not find the recording" in session.reason
    assert "token" in session.reason and "storage" in session.reason
    assert emu.requests("stop") == []
    assert await session.stop() is SessionState.STOPPED  # the producer's decision


@pytest.mark.asyncio
async def test_stop_200_gives_files_and_uploading_status(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, mp4=True)
    emu.clock.advance(40)
    await session.stop()
    outcome = session.stop_outcome
    assert outcome is not None
    assert outcome.uploading_status == "uploaded"
    assert session.reason == "Stopped; the service reports every file uploaded to your storage."
    assert any(f.endswith(".m3u8") for f in outcome.files)
    assert any(f.endswith("_0.mp4") for f in outcome.files)
    assert set(outcome.files) <= set(emu.storage_objects(session.sid or ""))


@pytest.mark.asyncio
async def test_stop_backuped_says_files_will_be_forwarded(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(20)
    emu.set_backup_upload(session.sid or "", True)
    await session.stop()
    assert session.stop_outcome is not None
    assert session.stop_outcome.uploading_status == "backuped"
    assert "backup" in session.reason


@pytest.mark.asyncio
async def test_stop_with_nobody_publishing_says_nothing_was_recorded(
    manager: SessionManager, emu: Emulator
) -> None:
    session = new_session(manager, max_idle=300)
    await session.start()
    await session.wait_for(SessionState.RECORDING)  # status 4: all components ready
    assert await session.stop() is SessionState.STOPPED
    assert "nothing was recorded (nobody published" in session.reason
    assert session.stop_outcome is not None and session.stop_outcome.nothing_recorded


@pytest.mark.asyncio
async def test_stop_206_without_file_list_predicts_names_and_prefix(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(30)
    emu.inject_fault(Fault("stop", "error", status=206, code=None, reason="x", apply=True))
    await session.stop()
    outcome = session.stop_outcome
    assert outcome is not None
    assert outcome.uploading_status == "unknown"
    assert "upload status is unknown" in session.reason
    assert "show/day1/" in session.reason
    assert [f.name for f in outcome.predicted_files] == [f"show/day1/{session.sid}_room1.m3u8"]
    assert {f.name for f in outcome.predicted_files} <= set(emu.storage_objects(session.sid or ""))


@pytest.mark.asyncio
@pytest.mark.parametrize(("status", "code"), [(400, 49), (404, 404)])
async def test_stop_49_or_404_means_already_stopped(
    manager: SessionManager, emu: Emulator, status: int, code: int
) -> None:
    session = await recording(manager, emu)
    emu.inject_fault(Fault("stop", "error", status=status, code=code, reason="x"))
    if code == 404:  # the task is really gone: the check query finds nothing either
        emu.inject_fault(Fault("query", "error", count=None, status=404, code=404, reason="x"))
    assert await session.stop() is SessionState.STOPPED
    assert session.reason.startswith("Already stopped")
    assert len(emu.requests("stop")) == 1


@pytest.mark.asyncio
async def test_stop_after_a_dropped_answer_is_sent_again(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(30)
    emu.inject_fault(Fault("stop", "drop", apply=True))  # stopped, but the answer is lost
    assert await session.stop() is SessionState.STOPPED
    assert len(emu.requests("stop")) == 2
    assert session.reason.startswith("Already stopped")
    assert session.stop_outcome is not None  # where to look is not lost:
    assert [f.name for f in session.stop_outcome.predicted_files] == [
        f"show/day1/{session.sid}_room1.m3u8"
    ]


@pytest.mark.asyncio
async def test_stop_during_start_waits_for_the_sid_then_stops(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    session = new_session(manager)
    await session.start()
    assert await session.stop() is SessionState.STOPPED
    assert emu.task(session.sid or "")["state"] != "running"


@pytest.mark.asyncio
async def test_idle_exit_is_noticed_after_the_ha_window(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    session = await recording(manager, emu)
    emu.remove_user(APP, "room1", 1001)
    warned: list[SessionEvent] = []
    session.subscribe(lambda e: warned.append(e) if e.kind is EventKind.IDLE_WARNING else None)
    assert await session.wait_for(SessionState.STOPPED) is SessionState.STOPPED
    assert warned and "the recorder will leave in" in warned[0].reason
    assert "channel was empty for maxIdleTime" in session.reason
