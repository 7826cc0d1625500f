"""Fixtures for the engine tests: the emulator served on loopback, a virtual timer on its clock,
and a SessionManager wired to both (rate limits off unless a test turns them on)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from recorder_gui.api import (
    RecordingConfig,
    RecordingFileConfig,
    RetryPolicy,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
)
from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.recording import (
    Credentials,
    EventKind,
    Journal,
    PollConfig,
    RecordingSession,
    SessionEvent,
    SessionManager,
    SessionState,
    VirtualTimer,
)
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

APP = DEMO_APP_ID
CREDS = Credentials(DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET)
ACCESS_KEY = "AKIAEXAMPLEACCESSKEY42"
SECRET_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY99"
NO_JITTER = RetryPolicy(jitter=0.0)


def start_config(
    mode: str = "mix", *, max_idle: int = 30, mp4: bool = False, **storage: Any
) -> StartConfig:
    store = StorageConfig(
        vendor=1,
        region=0,
        bucket="bucket",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        file_name_prefix=["show", "day1"],
        **storage,
    )
    files = RecordingFileConfig(av_file_type=["hls", "mp4"] if mp4 else ["hls"])
    if mode == "mix":
        rc = RecordingConfig(
            channel_type=0,
            max_idle_time=max_idle,
            transcoding_config=TranscodingConfig(width=640, height=360, mixed_video_layout=1),
        )
    else:
        rc = RecordingConfig(channel_type=0, max_idle_time=max_idle, subscribe_uid_group=0)
    return StartConfig(recording_config=rc, recording_file_config=files, storage_config=store)


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    """The frozen-clock emulator with its rate limit off (tests burst in virtual time)."""
    emulator.config.rate_limit_per_second = None
    return emulator


@pytest.fixture
def server(emu: Emulator, emulator_server: EmulatorServer) -> EmulatorServer:
    return emulator_server


@pytest.fixture
def timer(emu: Emulator) -> VirtualTimer:
    return VirtualTimer(emu.clock)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


def make_manager(
    server: EmulatorServer,
    timer: VirtualTimer,
    journal_path: Path,
    *,
    rate_limit: int | None = None,
    poll: PollConfig | None = None,
    timeout: float = 5.0,
) -> SessionManager:
    return SessionManager(
        journal=Journal(journal_path),
        timer=timer,
        base_urls=[server.url],
        rate_limit=rate_limit,
        retry=NO_JITTER,
        poll_config=poll or PollConfig(),
        timeout=timeout,
    )


@pytest_asyncio.fixture
async def manager(
    server: EmulatorServer, timer: VirtualTimer, journal_path: Path
) -> AsyncIterator[SessionManager]:
    async with make_manager(server, timer, journal_path) as mgr:
        yield mgr
        mgr.journal.close()


def new_session(
    manager: SessionManager,
    *,
    cname: str = "room1",
    uid: str = "527841",
    mode: str = "mix",
    **config: Any,
) -> RecordingSession:
    return manager.create_session(
        app_id=APP,
        credentials=CREDS,
        cname=cname,
        uid=uid,
        mode=mode,
        start_config=start_config(mode, **config),
        profile="demo",
    )


async def next_event(
    session: RecordingSession,
    kind: EventKind,
    where: Callable[[SessionEvent], bool] = lambda e: True,
) -> SessionEvent:
    """Wait (in virtual time driven by the engine's own sleeps) for the next event of a kind."""
    future: asyncio.Future[SessionEvent] = asyncio.get_running_loop().create_future()

    def on_event(event: SessionEvent) -> None:
        if event.kind is kind and where(event) and not future.done():
            future.set_result(event)

    unsubscribe = session.subscribe(on_event)
    try:
        return await future
    finally:
        unsubscribe()


async def recording(
    manager: SessionManager, emu: Emulator, *, cname: str = "room1", **kwargs: Any
) -> RecordingSession:
    """A session that has reached RECORDING (a host publishes in the channel)."""
    emu.add_user(APP, cname, 1001)
    session = new_session(manager, cname=cname, **kwargs)
    await session.start()
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING, session.reason
    return session
