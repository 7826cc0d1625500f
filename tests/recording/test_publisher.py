"""The layout publisher: complete layouts, coalesced, serialized, under the shared rate limit."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import pytest

from recorder_gui.api import (
    AudioUidList,
    LayoutRegion,
    LayoutUpdate,
    StreamSubscribe,
    UpdateConfig,
)
from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from recorder_gui.recording import PublishState, SessionManager, VirtualTimer

from .conftest import APP, make_manager, recording


def layout(x: float, color: str = "#101010") -> LayoutUpdate:
    return LayoutUpdate(
        mixed_video_layout=3,
        background_color=color,
        layout_config=[LayoutRegion(uid="1001", x_axis=x, y_axis=0.0, width=0.5, height=0.5)],
    )


@pytest.mark.asyncio
async def test_edits_are_coalesced_last_write_wins_and_complete(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    for i in range(20):
        session.set_layout(layout(i / 40))
    assert session.publisher_status.state is PublishState.PENDING
    status = await session.publisher.drained()
    assert status.state is PublishState.APPLIED
    assert status.applied_layout == layout(19 / 40)
    sent = emu.requests("updateLayout")
    assert 1 <= len(sent) <= 2  # the first may leave before the others arrive
    assert status.coalesced >= 18
    task_layout = emu.task(session.sid or "")["layout"]
    assert task_layout["backgroundColor"] == "#101010"  # the whole layout was sent
    assert task_layout["layoutConfig"][0]["x_axis"] == pytest.approx(19 / 40, abs=1e-6)
    await session.stop()


@pytest.mark.asyncio
async def test_calls_are_serialized_one_at_a_time(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu, max_idle=300)
    emu.inject_fault(Fault("updateLayout", "latency", count=None, seconds=0.05))
    session.set_layout(layout(0.1))
    await asyncio.sleep(0.01)  # the first is in flight now
    assert session.publisher_status.in_flight == "updateLayout"
    session.set_layout(layout(0.2))
    session.set_layout(layout(0.3))
    await session.publisher.drained()
    sent = emu.requests("updateLayout")
    assert len(sent) == 2
    assert [r.json["clientRequest"]["layoutConfig"][0]["x_axis"] for r in sent] == [0.1, 0.3]
    await session.stop()


@pytest.mark.asyncio
async def test_a_refused_layout_is_failed_with_the_sentence(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    emu.inject_fault(Fault("updateLayout", "error", status=400, code=1028, reason="bad"))
    session.set_layout(layout(0.1))
    status = await session.publisher.drained()
    assert status.state is PublishState.FAILED
    assert status.last_error is not None and "Changing the layout failed" in status.last_error
    # Still what the start body set: the refused layout never became the applied one.
    assert status.applied_layout is not None
    assert status.applied_layout != layout(0.1)
    assert status.applied_layout.layout_config is None
    session.set_layout(layout(0.2))
    status = await session.publisher.drained()
    assert status.state is PublishState.APPLIED and status.applied_layout == layout(0.2)
    await session.stop()


@pytest.mark.asyncio
async def test_transient_failures_are_sent_again(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu, max_idle=300)
    emu.inject_fault(Fault("updateLayout", "error", count=2, status=504, code=62))
    session.set_layout(layout(0.25))
    status = await session.publisher.drained()
    assert status.state is PublishState.APPLIED
    assert [r.status for r in emu.requests("updateLayout")] == [504, 504, 200]
    await session.stop()


@pytest.mark.asyncio
async def test_update_goes_through_the_same_path(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu, max_idle=300)
    session.request_update(
        UpdateConfig(
            stream_subscribe=StreamSubscribe(
                audio_uid_list=AudioUidList(subscribe_audio_uids=["1001"])
            )
        )
    )
    status = await session.publisher.drained()
    assert status.state is PublishState.APPLIED and status.applied_update is not None
    assert emu.task(session.sid or "")["subscription"]["subscribeAudioUids"] == ["1001"]
    await session.stop()


@pytest.mark.asyncio
async def test_sessions_of_one_app_id_share_the_rate_limit(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, tmp_path: Path
) -> None:
    async with make_manager(server, timer, tmp_path / "j.db", rate_limit=10) as mgr:
        sessions = [await recording(mgr, emu, cname=f"room{i}", max_idle=300) for i in range(3)]
        timer.paused = True  # the pollers wait: only the publishers talk
        emu.config.rate_limit_per_second = 10  # the service's own limit, in real seconds
        began = time.monotonic()
        for round_ in range(4):
            for s in sessions:
                s.set_layout(layout(round_ / 20))
            await asyncio.gather(*(s.publisher.drained() for s in sessions))
        elapsed = time.monotonic() - began
        assert all(r.status != 429 for r in emu.requests())  # never over the limit
        assert sum(s.publisher_status.sent for s in sessions) == 12
        assert (
            elapsed >= 1.0
        )  # 12 requests after the setup burst, at 10/s: the limiter made them wait
        assert mgr.limiters.for_app(APP) is not None
        emu.config.rate_limit_per_second = None
        timer.paused = False
        for s in sessions:
            await s.stop()
        mgr.journal.close()


@pytest.mark.asyncio
async def test_newer_layout_during_a_retry_ends_applied() -> None:
    """A layout set while a failed send waits to retry: the retry sends it, state APPLIED."""
    from recorder_gui.api import LayoutUpdate
    from recorder_gui.api.errors import ServerError
    from recorder_gui.recording.publisher import Publisher, PublishState

    sent: list[LayoutUpdate] = []
    gate = asyncio.Event()

    class Timer:
        def now(self) -> float:
            return 0.0

        async def sleep(self, seconds: float) -> None:
            await gate.wait()

    async def send_layout(layout: LayoutUpdate) -> object:
        if not sent and not gate.is_set():
            sent.append(layout)
            raise ServerError(endpoint="updateLayout", http_status=504, code=62)
        sent.append(layout)
        return None

    async def send_update(_: object) -> object:
        return None

    pub = Publisher(
        send_layout=send_layout, send_update=send_update, timer=Timer(), on_change=lambda s: None
    )
    task = asyncio.create_task(pub.run())
    try:
        pub.set_layout(LayoutUpdate(mixed_video_layout=0))
        for _ in range(20):
            await asyncio.sleep(0)
        newest = LayoutUpdate(mixed_video_layout=1)
        pub.set_layout(newest)  # arrives while the failed send waits to retry
        gate.set()
        status = await asyncio.wait_for(pub.drained(), 2)
        assert sent[-1] == newest
        assert status.state is PublishState.APPLIED
        assert status.applied_layout == newest
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
