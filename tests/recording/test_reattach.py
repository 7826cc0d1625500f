"""Reattach after a crash: the journal finds every recording that was not cleanly stopped."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.recording import (
    Credentials,
    Journal,
    JournalEntry,
    PollConfig,
    ReattachOutcome,
    SessionState,
    VirtualTimer,
)

from .conftest import APP, CREDS, make_manager, recording


def lookup(profile: str, app_id: str) -> Credentials | None:
    return CREDS if profile == "demo" and app_id == APP else None


@pytest.mark.asyncio
async def test_a_new_engine_reattaches_a_running_recording_and_stops_it(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    first = make_manager(server, timer, journal_path)
    session = await recording(first, emu)
    sid = session.sid
    await first.aclose()  # the app quits (or crashes) without stopping
    first.journal.close()
    emu.clock.advance(30)
    async with make_manager(server, timer, journal_path) as second:
        results = await second.reattach(lookup)
        assert [r.outcome for r in results] == [ReattachOutcome.REATTACHED]
        again = results[0].session
        assert again is not None and again.sid == sid and again.state is SessionState.RECORDING
        assert await again.stop() is SessionState.STOPPED
        assert again.stop_outcome is not None and again.stop_outcome.files
        assert second.journal.unsettled() == []
        second.journal.close()


@pytest.mark.asyncio
async def test_a_recording_that_ended_meanwhile_is_marked_ended_after_the_window(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    first = make_manager(server, timer, journal_path)
    session = await recording(first, emu)
    await first.aclose()
    first.journal.close()
    emu.remove_user(APP, "room1", 1001)
    emu.clock.advance(120)  # idle exit while nobody watched
    assert emu.task(session.sid or "")["state"] == "ended"
    async with make_manager(server, timer, journal_path) as second:
        results = await second.reattach(lookup)
        assert [r.outcome for r in results] == [ReattachOutcome.CHECKING]
        again = results[0].session
        assert again is not None and again.unreachable_since is not None
        t0 = emu.clock.now()
        assert await again.wait_for(SessionState.STOPPED) is SessionState.STOPPED
        assert emu.clock.now() - t0 >= 90  # not before the HA window
        assert second.journal.unsettled() == []
        second.journal.close()


@pytest.mark.asyncio
async def test_orphans_are_listed_for_the_producer(
    server: EmulatorServer, timer: VirtualTimer, journal_path: Path
) -> None:
    journal = Journal(journal_path)
    base = JournalEntry(
        key="a",
        app_id=APP,
        profile="demo",
        cname="c",
        uid="5",
        mode="mix",
        state="starting",
        resource_id="r",
        start_maybe_sent=True,
    )
    journal.write(base)  # a start may have arrived; no sid
    journal.write(base.replace(key="b", profile="gone", sid="f" * 32))  # no credentials
    journal.write(base.replace(key="c", start_maybe_sent=False, state="acquiring"))
    journal.close()
    async with make_manager(server, timer, journal_path) as mgr:
        results = {r.entry.key: r for r in await mgr.reattach(lookup)}
        assert results["a"].outcome is ReattachOutcome.ORPHAN
        assert "sid is unknown" in results["a"].reason
        assert results["b"].outcome is ReattachOutcome.ORPHAN
        assert "No credentials for profile 'gone'" in results["b"].reason
        assert results["c"].outcome is ReattachOutcome.ENDED
        assert {o.entry.key for o in mgr.orphans} == {"a", "b"}
        mgr.dismiss_orphan("a")
        assert {e.key for e in mgr.journal.unsettled()} == {"b"}
        mgr.journal.close()


CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from recorder_gui.api import RetryPolicy
    from recorder_gui.recording import (Credentials, Journal, PollConfig, SessionManager,
        SessionState)
    from tests.recording.conftest import APP, CREDS, start_config

    async def main(url, path):
        mgr = SessionManager(journal=Journal(path), base_urls=[url], rate_limit=None,
            retry=RetryPolicy(jitter=0.0), poll_config=PollConfig(fast_interval=0.05,
            steady_interval=0.05))
        session = mgr.create_session(app_id=APP, credentials=CREDS, cname="crash",
            uid="4242", mode="mix", start_config=start_config(), profile="demo")
        await session.start()
        print("STARTED", session.sid, flush=True)
        await session.wait_for(SessionState.RECORDING)
        print("RECORDING", session.sid, flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


def spawn_child(url: str, journal_path: Path) -> subprocess.Popen[bytes]:
    """The first engine, in its own process (so that SIGKILL kills it for real)."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(journal_path)],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.asyncio
async def test_sigkill_mid_recording_then_a_new_engine_finds_reattaches_and_stops_it(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    emu.add_user(APP, "crash", 1001)
    child = spawn_child(server.url, journal_path)
    assert child.stdout is not None
    loop = asyncio.get_running_loop()
    line = await loop.run_in_executor(None, child.stdout.readline)
    assert line.startswith(b"STARTED"), line
    sid = line.split()[1].decode()
    emu.clock.advance(20)  # the emulator's clock: status reaches 5 with a first slice
    line = await loop.run_in_executor(None, child.stdout.readline)
    assert line.split() == [b"RECORDING", sid.encode()]
    os.kill(child.pid, signal.SIGKILL)
    await loop.run_in_executor(None, child.wait)
    child.stdout.close()
    assert emu.task(sid)["state"] == "running"
    emu.clock.advance(30)
    async with make_manager(server, timer, journal_path, poll=PollConfig()) as mgr:
        results = await mgr.reattach(lookup)
        assert [(r.outcome, r.entry.sid) for r in results] == [(ReattachOutcome.REATTACHED, sid)]
        session = results[0].session
        assert session is not None and session.state is SessionState.RECORDING
        assert await session.stop() is SessionState.STOPPED
        assert session.stop_outcome is not None
        assert session.stop_outcome.uploading_status == "uploaded"
        assert set(session.stop_outcome.files) == {f"show/day1/{sid}_crash.m3u8"}
        assert len([o for o in emu.storage_objects(sid) if o.endswith(".ts")]) >= 3
        assert emu.task(sid)["state"] != "running"
        assert mgr.journal.unsettled() == []
        mgr.journal.close()
