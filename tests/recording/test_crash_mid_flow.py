"""SIGKILL during start and during stop, then a new engine in this process: nothing forgotten.

The first engine runs in its own process (so SIGKILL is real) against the emulator served
here. A stop is an intent journaled before it is sent: after the kill, reattach resumes it
(whether or not the stop had reached the service) instead of showing the recording ON AIR.
A start whose answer was lost leaves an orphan; starting the channel again with the same bot
uid is then answered with "your own earlier recording", not "use another uid".
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from recorder_gui.recording import (
    Credentials,
    Journal,
    PollConfig,
    ReattachOutcome,
    SessionState,
    VirtualTimer,
)

from .conftest import APP, CREDS, make_manager, new_session

ROOT = Path(__file__).resolve().parents[2]
CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from recorder_gui.api import RetryPolicy
    from recorder_gui.recording import Journal, PollConfig, SessionManager, SessionState
    from tests.recording.conftest import APP, CREDS, start_config

    async def main(url, path, then):
        mgr = SessionManager(journal=Journal(path), base_urls=[url], rate_limit=None,
            retry=RetryPolicy(jitter=0.0), poll_config=PollConfig(fast_interval=0.05,
            steady_interval=0.05, watch_channel=False))
        session = mgr.create_session(app_id=APP, credentials=CREDS, cname="crash",
            uid="4242", mode="mix", start_config=start_config(), profile="demo")
        print("STARTING", flush=True)
        await session.start()
        print("STARTED", session.sid, flush=True)
        await session.wait_for(SessionState.RECORDING)
        print("RECORDING", session.sid, flush=True)
        if then == "stop":
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            print("STOPPING", flush=True)
            await session.stop()
        await asyncio.sleep(3600)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
    """
)


def lookup(profile: str, app_id: str) -> Credentials | None:
    return CREDS if profile == "demo" and app_id == APP else None


class Child:
    def __init__(self, url: str, journal: Path, then: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(journal), then],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )

    async def line(self) -> list[str]:
        assert self.proc.stdout is not None
        raw = await asyncio.get_running_loop().run_in_executor(None, self.proc.stdout.readline)
        return raw.decode().split()

    def say(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()

    async def kill_when(self, condition: Callable[[], bool], within: float = 30.0) -> None:
        deadline = time.monotonic() + within
        while not condition():
            assert time.monotonic() < deadline, "the child never reached the point to kill"
            await asyncio.sleep(0.02)
        os.kill(self.proc.pid, signal.SIGKILL)
        await asyncio.get_running_loop().run_in_executor(None, self.proc.wait)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


async def recording_child(emu: Emulator, url: str, journal: Path) -> tuple[Child, str]:
    """A child engine whose recording of channel "crash" is ON AIR; it waits for "stop"."""
    emu.add_user(APP, "crash", 1001)
    child = Child(url, journal, "stop")
    assert await child.line() == ["STARTING"]
    started = await child.line()
    assert started[0] == "STARTED", started
    sid = started[1]
    emu.clock.advance(20)  # status reaches 5 with a first slice
    assert await child.line() == ["RECORDING", sid]
    return child, sid


@pytest.mark.asyncio
async def test_a_stop_that_never_reached_the_service_is_resumed_after_sigkill(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    child, sid = await recording_child(emu, server.url, journal_path)
    emu.inject_fault(Fault("stop", "drop", count=None))  # lost before the service
    child.say("stop")
    await child.kill_when(lambda: len(emu.requests("stop")) >= 1)
    emu.clear_faults()
    assert emu.task(sid)["state"] == "running"
    with Journal(journal_path) as journal:
        row = journal.get(next(e.key for e in journal.entries()))
        assert row is not None and row.stop_requested and not row.settled
    async with make_manager(server, timer, journal_path, poll=PollConfig()) as mgr:
        results = await mgr.reattach(lookup)
        assert [r.outcome for r in results] == [ReattachOutcome.ENDED], results
        session = results[0].session
        assert session is not None and session.state is SessionState.STOPPED, session.reason
        assert not any(e.state is SessionState.RECORDING for e in session.events_seen)
        outcome = session.stop_outcome
        assert outcome is not None and outcome.uploading_status == "uploaded"
        assert set(outcome.files) == {f"show/day1/{sid}_crash.m3u8"}
        assert emu.task(sid)["state"] != "running"
        assert mgr.journal.unsettled() == []
        row = mgr.journal.get(session.key)
        assert row is not None and row.stop_result is not None and sid in row.stop_result
        mgr.journal.close()


@pytest.mark.asyncio
async def test_a_stop_that_reached_the_service_ends_at_once_after_sigkill(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    child, sid = await recording_child(emu, server.url, journal_path)
    # The service stops the task; every answer is lost (the child keeps re-sending stop).
    emu.inject_fault(Fault("stop", "error", count=None, status=500, code=62, apply=True))
    child.say("stop")
    await child.kill_when(lambda: emu.task(sid)["state"] != "running")
    emu.clear_faults()
    t0 = emu.clock.now()
    async with make_manager(server, timer, journal_path, poll=PollConfig()) as mgr:
        results = await mgr.reattach(lookup)
        assert [r.outcome for r in results] == [ReattachOutcome.ENDED], results
        session = results[0].session
        assert session is not None and session.state is SessionState.STOPPED, session.reason
        assert "ended by itself" not in session.reason
        assert emu.clock.now() - t0 < 90  # not after the HA window: the stop was ours
        outcome = session.stop_outcome
        assert outcome is not None and outcome.already_stopped
        assert f"show/day1/{sid}_crash.m3u8" in [f.name for f in outcome.predicted_files]
        assert mgr.journal.unsettled() == []
        mgr.journal.close()


@pytest.mark.asyncio
async def test_a_start_killed_mid_way_is_named_as_our_own_orphan_on_53(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    emu.add_user(APP, "crash", 1001)
    emu.inject_fault(Fault("start", "drop", count=None, apply=True))  # started; answer lost
    child = Child(server.url, journal_path, "wait")
    assert await child.line() == ["STARTING"]
    await child.kill_when(lambda: any(t["state"] == "running" for t in emu.tasks()))
    emu.clear_faults()
    async with make_manager(server, timer, journal_path) as mgr:
        results = await mgr.reattach(lookup)
        assert [r.outcome for r in results] == [ReattachOutcome.ORPHAN]
        again = new_session(mgr, cname="crash", uid="4242")
        assert await again.start() is SessionState.FAILED
        assert "Your own earlier recording" in again.reason
        assert "would record the channel twice" in again.reason
        assert again.suggested_uid is None  # following a new uid would duplicate the show
        running = [t for t in emu.tasks() if t["state"] == "running"]
        assert len(running) == 1  # nothing duplicated
        mgr.journal.close()
