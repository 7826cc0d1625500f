"""Many sessions at once, one HTTP client and limiter per App ID, and a clean shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.recording import SessionState, VirtualTimer

from .conftest import APP, CREDS, make_manager, new_session, start_config


@pytest.mark.asyncio
async def test_many_sessions_and_a_backup_recorder_then_no_task_left_behind(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    before = asyncio.all_tasks()
    mgr = make_manager(server, timer, journal_path)
    for i in range(5):
        emu.add_user(APP, f"ch{i}", 1001)
    sessions = [new_session(mgr, cname=f"ch{i}") for i in range(5)]
    sessions.append(new_session(mgr, cname="ch0", uid="527842"))  # backup recorder, same channel
    await asyncio.gather(*(s.start() for s in sessions))
    states = await asyncio.gather(*(s.wait_for(SessionState.RECORDING) for s in sessions))
    assert set(states) == {SessionState.RECORDING}
    assert len({s.sid for s in sessions}) == 6
    assert len({id(s.client) for s in sessions}) == 1  # one client per App ID
    # the backup's bot is not counted as a channel user by the other
    assert 527842 not in sessions[0].channel_users
    assert len(asyncio.all_tasks() - before) > 6
    await mgr.aclose()  # stops watching, not recording
    assert asyncio.all_tasks() - before == set()
    assert all(t["state"] == "running" for t in emu.tasks())
    assert len(mgr.journal.unsettled()) == 6
    mgr.journal.close()


@pytest.mark.asyncio
async def test_stop_all(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    async with make_manager(server, timer, journal_path) as mgr:
        sessions = [new_session(mgr, cname=f"ch{i}") for i in range(3)]
        for s in sessions:
            await s.start()
        result = await mgr.stop_all()
        assert set(result.values()) == {SessionState.STOPPED}
        assert mgr.active() == []
        mgr.journal.close()


@pytest.mark.asyncio
async def test_cancelling_the_caller_does_not_cancel_a_start_in_flight(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    async with make_manager(server, timer, journal_path) as mgr:
        session = new_session(mgr)
        caller = asyncio.ensure_future(session.start())
        await asyncio.sleep(0)
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
        await session.stop()
        mgr.journal.close()


@pytest.mark.asyncio
async def test_sessions_on_one_channel_share_each_user_list(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    async with make_manager(server, timer, journal_path) as mgr:
        emu.add_user(APP, "shared", 1001)
        main = new_session(mgr, cname="shared")
        # The backup never fetches the list itself: all it knows comes from its peer.
        backup = mgr.create_session(
            app_id=APP,
            credentials=CREDS,
            cname="shared",
            uid="527842",
            mode="mix",
            start_config=start_config("mix"),
            profile="demo",
            poll_config=replace(mgr.poll_config, watch_channel=False),
        )
        for s in (main, backup):
            await s.start()
            await s.wait_for(SessionState.RECORDING)
        emu.add_user(APP, "shared", 2002)
        main.apply_poll(await main._poller.poll_once())  # type: ignore[union-attr]
        # The backup learns from the main recorder's fetch, at the same moment.
        assert sorted(main.channel_users) == [1001, 2002]
        assert sorted(backup.channel_users) == [1001, 2002]
        await mgr.stop_all()
        mgr.journal.close()
