"""The session lifecycle against the emulator: states and events, confirmation, stop rules."""

from __future__ import annotations

import pytest

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import EventKind, SessionEvent, SessionManager, SessionState

from .conftest import APP, new_session, recording


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


@pytest.mark.asyncio
async def test_not_recording_within_90_s_fails_with_the_reason_and_stops_to_be_safe(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    emu.inject_fault(Fault("query", "error", count=None, status=504, code=62))
    session = new_session(manager)
    await session.start()
    start = emu.clock.now()
    assert await session.wait_for(SessionState.FAILED) is SessionState.FAILED
    assert emu.clock.now() - start >= 90
    assert "did not reach 'recording' within 90 s" in session.reason
    assert "stopped it to be safe" in session.reason
    assert session.sid is not None
    assert emu.task(session.sid)["state"] != "running"  # nothing left running unseen


@pytest.mark.asyncio
async def test_task_dying_right_after_start_is_reported_in_plain_words(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("query", "error", count=None, status=404, code=404, reason="x"))
    session = new_session(manager)
    await session.start()
    assert await session.wait_for(SessionState.FAILED) is SessionState.FAILED
    assert "stopped right after it started" in session.reason
    assert "storage settings" in session.reason and "token" in session.reason
    assert len(emu.requests("query")) == 3


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
    assert session.reason == "Stopped; every file is in your storage."
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
    assert outcome.predicted_files == (f"show/day1/{session.sid}_room1.m3u8",)
    assert set(outcome.predicted_files) <= set(emu.storage_objects(session.sid or ""))


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
    assert session.stop_outcome.predicted_files == (f"show/day1/{session.sid}_room1.m3u8",)


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
