"""No exception leaves a session stuck: watchers are restarted visibly, flows end leavable.

The client here is the real one over loopback, with one twist: the named calls raise an
exception nobody typed (as a hostile answer did before the client checked JSON depth), the
given number of times. Everything else is the emulator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recorder_gui.api import CloudRecordingClient
from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.recording import (
    EventKind,
    Journal,
    PollConfig,
    RecordingSession,
    SessionState,
    VirtualTimer,
)
from recorder_gui.recording.tasks import supervise
from tests._fixtures.emulator import DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

from .conftest import APP, NO_JITTER, start_config


class UntypedFailures(CloudRecordingClient):
    """The real client; ``failures[name]`` calls of ``name`` raise RecursionError first."""

    def __init__(self, url: str, failures: dict[str, int], sleep: Any) -> None:
        super().__init__(
            APP,
            DEMO_CUSTOMER_ID,
            DEMO_CUSTOMER_SECRET,
            base_urls=[url],
            retry=NO_JITTER,
            sleep=sleep,
        )
        self.failures = failures

    def _maybe_fail(self, name: str) -> None:
        if self.failures.get(name, 0) > 0:
            self.failures[name] -= 1
            raise RecursionError("maximum recursion depth exceeded while decoding a JSON array")

    async def acquire(self, **kwargs: Any) -> Any:
        self._maybe_fail("acquire")
        return await super().acquire(**kwargs)

    async def query(self, **kwargs: Any) -> Any:
        self._maybe_fail("query")
        return await super().query(**kwargs)

    async def stop(self, **kwargs: Any) -> Any:
        self._maybe_fail("stop")
        return await super().stop(**kwargs)


def make_session(
    server: EmulatorServer, timer: VirtualTimer, tmp_path: Path, failures: dict[str, int]
) -> tuple[RecordingSession, UntypedFailures]:
    client = UntypedFailures(server.url, failures, timer.sleep)
    session = RecordingSession(
        client=client,
        journal=Journal(tmp_path / "journal.sqlite3"),
        cname="room1",
        uid="527841",
        mode="mix",
        start_config=start_config(),
        profile="demo",
        timer=timer,
        poll_config=PollConfig(watch_channel=False),
    )
    return session, client


@pytest.mark.asyncio
async def test_a_poller_that_dies_is_restarted_and_its_death_is_shown(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, tmp_path: Path
) -> None:
    emu.add_user(APP, "room1", 1001)
    session, client = make_session(server, timer, tmp_path, {})
    async with client:
        await session.start()
        assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
        client.failures["query"] = 2
        seen: list[tuple[EventKind, str]] = []
        session.subscribe(lambda e: seen.append((e.kind, e.reason)))
        resumed = False
        while not resumed:
            await timer.sleep(5)
            resumed = any(k is EventKind.REACHABLE and "resumed" in r for k, r in seen)
            if not resumed and any(k is EventKind.UNREACHABLE for k, _ in seen):
                assert session.watch_interrupted_since is not None  # shown while it lasts
        deaths = [r for k, r in seen if k is EventKind.UNREACHABLE]
        assert len(deaths) == 2 and "Monitoring interrupted (RecursionError)" in deaths[0]
        assert session.watch_interrupted_since is None
        assert session.state is SessionState.RECORDING
        assert await session.stop() is SessionState.STOPPED
        await session.aclose()
        session.journal.close()


@pytest.mark.asyncio
async def test_an_acquire_that_raises_ends_failed_not_acquiring(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, tmp_path: Path
) -> None:
    session, client = make_session(server, timer, tmp_path, {"acquire": 1})
    async with client:
        assert await session.start() is SessionState.FAILED
        assert "Internal error while starting (RecursionError)" in session.reason
        row = session.journal.get(session.key)
        assert row is not None and row.settled and row.state == "failed"
        await session.aclose()
        session.journal.close()


@pytest.mark.asyncio
async def test_a_stop_that_raises_goes_back_on_air_and_can_be_repeated(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, tmp_path: Path
) -> None:
    emu.add_user(APP, "room1", 1001)
    session, client = make_session(server, timer, tmp_path, {})
    async with client:
        await session.start()
        await session.wait_for(SessionState.RECORDING)
        client.failures["stop"] = 1
        assert await session.stop() is SessionState.RECORDING
        assert session.reason.startswith("Stopping failed")
        assert any("internal error (RecursionError)" in e.reason for e in session.events_seen)
        row = session.journal.get(session.key)
        assert row is not None and row.stop_requested and not row.settled  # the intent stays
        assert await session.stop() is SessionState.STOPPED
        assert session.stop_outcome is not None and session.stop_outcome.files
        await session.aclose()
        session.journal.close()


def test_the_record_is_read_only_from_outside(
    server: EmulatorServer, timer: VirtualTimer, tmp_path: Path
) -> None:
    session, _ = make_session(server, timer, tmp_path, {})
    with pytest.raises(AttributeError, match="apply"):
        session.sid = "forged"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="apply"):
        session.state = SessionState.RECORDING  # type: ignore[misc]
    session.journal.close()


@pytest.mark.asyncio
async def test_supervise_restarts_with_backoff_until_the_run_returns(
    emu: Emulator, timer: VirtualTimer
) -> None:
    runs: list[float] = []
    deaths: list[tuple[str, float]] = []

    async def flaky() -> None:
        runs.append(timer.now())
        if len(runs) < 4:
            raise ValueError(f"death {len(runs)}")

    await supervise(
        flaky,
        name="flaky",
        timer=timer,
        waits=(1.0, 2.0, 5.0),
        on_death=lambda exc, wait: deaths.append((str(exc), wait)),
    )
    assert deaths == [("death 1", 1.0), ("death 2", 2.0), ("death 3", 5.0)]
    assert [round(b - a) for a, b in zip(runs, runs[1:], strict=False)] == [1, 2, 5]


@pytest.mark.asyncio
async def test_supervise_stops_restarting_once_the_owner_is_done(
    emu: Emulator, timer: VirtualTimer
) -> None:
    runs = 0

    async def dies() -> None:
        nonlocal runs
        runs += 1
        raise RuntimeError("always")

    await supervise(
        dies,
        name="dies",
        timer=timer,
        waits=(1.0,),
        on_death=lambda e, w: None,
        alive=lambda: runs < 3,
    )
    assert runs == 3
