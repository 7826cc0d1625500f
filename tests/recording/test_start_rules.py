"""acquire/start rules: never a blind re-send; the resource ID is the idempotency key."""

from __future__ import annotations

import pytest

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import SessionManager, SessionState

from .conftest import APP, new_session


def start_paths(emu: Emulator) -> list[str]:
    return [r.path for r in emu.requests("start")]


@pytest.mark.asyncio
async def test_206_65_is_retried_with_the_same_resource_at_3_and_6_s(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "error", count=2, status=206, code=65, reason="x"))
    session = new_session(manager)
    t0 = emu.clock.now()
    await session.start()
    assert session.state is SessionState.STARTING
    starts = emu.requests("start")
    assert len(starts) == 3 and len(set(start_paths(emu))) == 1
    assert [round(r.time - t0, 1) for r in starts] == [0.0, 3.0, 9.0]
    await session.stop()


@pytest.mark.asyncio
async def test_lost_answer_resends_same_resource_and_reports_unaddressable_on_201_7(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "drop", apply=True))  # it started; the answer is lost
    session = new_session(manager)
    assert await session.start() is SessionState.UNADDRESSABLE
    paths = start_paths(emu)
    assert len(paths) == 2 and paths[0] == paths[1]  # same resource: the idempotency key
    assert [r.status for r in emu.requests("start")][-1] == 201
    assert "running" in session.reason and "cannot check or stop it" in session.reason
    entry = manager.journal.get(session.key)
    assert entry is not None and not entry.settled and entry.start_maybe_sent
    assert len(emu.requests("acquire")) == 1


@pytest.mark.asyncio
async def test_request_lost_before_the_service_resends_and_starts(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "drop", apply=False))
    session = new_session(manager)
    assert await session.start() is SessionState.STARTING
    paths = start_paths(emu)
    assert len(paths) == 2 and paths[0] == paths[1]
    await session.stop()


@pytest.mark.asyncio
@pytest.mark.parametrize("applied", [False, True])
async def test_5xx_on_start_resends_with_the_same_resource(
    manager: SessionManager, emu: Emulator, applied: bool
) -> None:
    emu.inject_fault(Fault("start", "error", status=500, code=62, apply=applied))
    session = new_session(manager)
    state = await session.start()
    paths = start_paths(emu)
    assert len(paths) == 2 and paths[0] == paths[1]
    assert state is (SessionState.UNADDRESSABLE if applied else SessionState.STARTING)
    if not applied:
        await session.stop()


@pytest.mark.asyncio
async def test_502_no_worker_acquires_a_new_resource(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "error", status=500, code=502, reason="Failed to allocate"))
    session = new_session(manager)
    assert await session.start() is SessionState.STARTING
    assert len(emu.requests("acquire")) == 2
    assert len(set(start_paths(emu))) == 2
    await session.stop()


@pytest.mark.asyncio
async def test_433_expired_resource_acquires_again(manager: SessionManager, emu: Emulator) -> None:
    emu.inject_fault(Fault("start", "error", status=400, code=433, reason="expired"))
    session = new_session(manager)
    assert await session.start() is SessionState.STARTING
    assert len(emu.requests("acquire")) == 2
    await session.stop()


@pytest.mark.asyncio
async def test_53_reports_the_conflict_and_offers_another_uid(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    first = new_session(manager, uid="527841")
    await first.start()
    second = new_session(manager, uid="527841")
    assert await second.start() is SessionState.FAILED
    assert "Another recording in this window already records channel" in second.reason
    assert "(code 53)" in second.reason
    assert second.suggested_uid not in (None, "527841", "1001")
    assert second.suggested_uid is not None and second.suggested_uid in second.reason
    third = new_session(manager, uid=second.suggested_uid)
    assert await third.start() is SessionState.STARTING  # the backup recorder runs beside
    await first.stop()
    await third.stop()


@pytest.mark.asyncio
async def test_invalid_start_fails_with_the_client_sentence(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "error", status=400, code=2, reason="bad field"))
    session = new_session(manager)
    assert await session.start() is SessionState.FAILED
    assert "Starting the recording failed" in session.reason and "Next:" in session.reason
    entry = manager.journal.get(session.key)
    assert entry is not None and entry.settled


@pytest.mark.asyncio
async def test_connection_refused_everywhere_fails_cleanly(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("acquire", "error", count=None, status=503, code=None, reason="x"))
    session = new_session(manager)
    assert await session.start() is SessionState.FAILED
    assert "Reserving a recording resource failed" in session.reason
    assert emu.requests("start") == []
