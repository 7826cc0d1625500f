"""A real RecordingSession against the emulator, driven from a synchronous Qt test."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import qasync
from pytestqt.qtbot import QtBot

from recorder_gui.api import LayoutUpdate
from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.layout import Layout, from_wire
from recorder_gui.recording import RecordingSession, SessionManager, SessionState, VirtualTimer
from tests.recording.conftest import APP, CREDS, make_manager, start_config

T = TypeVar("T")


def run(qtbot: QtBot, loop: qasync.QEventLoop, coro: Coroutine[Any, Any, T], timeout=10_000) -> T:
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def start_recording(
    qtbot: QtBot,
    loop: qasync.QEventLoop,
    emulator: Emulator,
    server: EmulatorServer,
    journal: Path,
    users: tuple[int, ...] = (1001, 1002, 1003),
) -> tuple[SessionManager, RecordingSession]:
    """A mix recording that has reached RECORDING (in virtual time); then virtual time stops,
    the emulator clock runs in real time (its 10 requests/s limit applies to what the canvas
    sends) and the engine's own per-App-ID limiter is on, as in the app."""
    for uid in users:
        emulator.add_user(APP, "room1", uid)
    timer = VirtualTimer(emulator.clock)
    manager = make_manager(server, timer, journal)
    limit = emulator.config.rate_limit_per_second
    emulator.config.rate_limit_per_second = None  # the start burst runs in virtual time

    async def begin() -> RecordingSession:
        session = manager.create_session(
            app_id=APP,
            credentials=CREDS,
            cname="room1",
            uid="527841",
            mode="mix",
            start_config=start_config("mix", max_idle=300),
            profile="demo",
        )
        await session.start()
        await session.wait_for(SessionState.RECORDING)
        # Stop virtual time at once (no await in between): the poller's next sleep must not
        # move the clock and send a poll before the real-time limits below are on.
        timer.paused = True
        return session

    session = run(qtbot, loop, begin())
    assert session.state is SessionState.RECORDING, session.reason
    emulator.clock.unfreeze()
    manager.limiters.rate = 10  # as in the app: the App ID's requests stay under 10/s
    emulator.config.rate_limit_per_second = limit  # the service's limit, on real seconds

    return manager, session


def close(qtbot: QtBot, loop: qasync.QEventLoop, manager: SessionManager) -> None:
    async def end() -> None:
        await manager.aclose()
        manager.journal.close()

    run(qtbot, loop, end())


def applied_on_service(emulator: Emulator, session: RecordingSession, like: Layout) -> Layout:
    """The layout the emulator's task holds, read back as a model value."""
    wire = emulator.task(session.sid or "")["layout"]
    return from_wire(LayoutUpdate.model_validate(wire), like.canvas_width, like.canvas_height)


def max_per_second(times: list[float]) -> int:
    """The most requests in any one-second window."""
    times = sorted(times)
    best = 0
    for i, start in enumerate(times):
        best = max(best, sum(1 for t in times[i:] if t < start + 1.0))
    return best


__all__ = ["APP", "applied_on_service", "close", "max_per_second", "run", "start_recording"]
_ = asyncio
