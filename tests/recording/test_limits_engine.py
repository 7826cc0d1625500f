"""The engine counts down to the moment the service ends a recording by itself, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder_gui.api import ExtensionServiceConfig, Mode, StartConfig, WebRecorderConfig
from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import EventKind, Journal, SessionManager, SessionState
from recorder_gui.recording.limits import LimitKind, RunLimits
from recorder_gui.recording.record import SessionRecord

from .conftest import APP, CREDS, next_event, start_config

HOUR = 3600


@pytest.mark.asyncio
async def test_warnings_at_15_and_5_minutes_then_the_end_is_the_token(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    token_end = emu.clock.now() + 20 * 60  # a token that lasts 20 minutes
    session = manager.create_session(
        app_id=APP,
        credentials=CREDS,
        cname="room1",
        uid="527841",
        mode="mix",
        start_config=start_config("mix", max_idle=300),
        limits=RunLimits(planned_seconds=5 * 60, token_valid_until=token_end),
    )
    await session.start()
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    assert session.limit_at == token_end
    assert session.record.limit_kind is LimitKind.TOKEN
    assert session.planned_seconds == 5 * 60
    first = await next_event(session, EventKind.LIMIT_WARNING)
    assert first.at >= token_end - 15 * 60 - 1
    assert "runs out in 15 min" in first.reason
    second = await next_event(session, EventKind.LIMIT_WARNING)
    assert "runs out in 5 min" in second.reason
    assert session.state is SessionState.RECORDING  # the engine never stops it by itself
    # The service ends the task when the token expires: query answers 404 from then on.
    while emu.clock.now() < token_end:
        await next_event(session, EventKind.SNAPSHOT)
    emu.inject_fault(Fault("query", "error", count=None, status=404, code=404, reason="x"))
    assert await session.wait_for(SessionState.STOPPED) is SessionState.STOPPED
    assert "bot's token expired" in session.reason
    assert emu.requests("stop") == []


@pytest.mark.asyncio
async def test_a_web_recording_counts_down_to_max_recording_hour(
    manager: SessionManager, emu: Emulator
) -> None:
    base = start_config("mix")
    config = StartConfig(
        storage_config=base.storage_config,
        extension_service_config=ExtensionServiceConfig(
            web_recorder=WebRecorderConfig(
                url="https://example.com/show", video_width=1280, video_height=720,
                max_recording_hour=2,
            )
        ),
    )  # fmt: skip
    session = manager.create_session(
        app_id=APP,
        credentials=CREDS,
        cname="webroom",
        uid="527842",
        mode="web",
        start_config=config,
        limits=RunLimits(planned_seconds=2 * HOUR, web_max_hours=2),
    )
    await session.start()
    assert session.started_at is not None
    assert session.limit_at == session.started_at + 2 * HOUR
    assert session.record.limit_kind is LimitKind.WEB_HOURS
    warning = await next_event(session, EventKind.LIMIT_WARNING)
    assert "maxRecordingHour" in warning.reason
    await session.stop()


def test_the_limit_is_journaled_and_read_back(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    record = SessionRecord(
        key="k",
        app_id=APP,
        profile="p",
        cname="c",
        uid="1",
        mode=Mode.MIX,
        planned_seconds=10 * HOUR,
        limit_at=1_800_000_000.5,
        limit_kind=LimitKind.TOKEN,
    )
    journal.write(record.entry("test"))
    (entry,) = journal.entries()
    back = SessionRecord.from_entry(entry)
    assert (back.planned_seconds, back.limit_at, back.limit_kind) == (
        10 * HOUR,
        1_800_000_000.5,
        LimitKind.TOKEN,
    )
    journal.close()
