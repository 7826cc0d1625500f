"""Shutdown while requests are in flight: ``aclose`` always returns, and promptly.

The demo's hang (``recorder-gui --demo --screenshot``): a poller's task step was dropped by a
re-entrant event loop while its query waited inside the rate-limited transport, so cancelling
it could never complete and ``SessionManager.aclose`` awaited it forever (with a
``suppress(CancelledError)`` that also swallowed any cancellation of ``aclose`` itself).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest

from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from recorder_gui.recording import PollConfig, SessionState, VirtualTimer

from .conftest import make_manager, recording

FAST = PollConfig(fast_interval=0.5, steady_interval=0.5, watch_channel=True)


async def _queries_in_flight() -> None:
    """Let the pollers (virtual time, 0.5 s interval) send queries that the fault holds."""
    await asyncio.sleep(0.3)


@pytest.mark.asyncio
async def test_aclose_returns_while_queries_wait_on_the_rate_limiter_and_a_slow_service(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    before = asyncio.all_tasks()
    mgr = make_manager(server, timer, journal_path, rate_limit=10, poll=FAST)
    mix = await recording(mgr, emu, cname="show")
    ind = await recording(mgr, emu, cname="show", uid="900002", mode="individual")
    mix.set_layout(mix.publisher_status.applied_layout)  # type: ignore[arg-type]
    # every query now hangs 2 s in the service; the limiter (10/s) queues the rest
    emu.inject_fault(Fault("query", "latency", count=None, seconds=2.0))
    await _queries_in_flight()
    started = time.monotonic()
    async with asyncio.timeout(3.0):
        await mgr.aclose()
    assert time.monotonic() - started < 3.0
    assert asyncio.all_tasks() - before == set()
    assert {mix.state, ind.state} == {SessionState.RECORDING}  # watching stopped, not recording
    mgr.journal.close()


@pytest.mark.asyncio
async def test_aclose_is_bounded_even_for_a_task_that_never_finishes(
    server: EmulatorServer,
    emu: Emulator,
    timer: VirtualTimer,
    journal_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A task the loop lost (here: one that ignores cancellation) cannot hang ``aclose``."""
    mgr = make_manager(server, timer, journal_path, poll=FAST)
    mgr.close_timeout = 0.3
    session = await recording(mgr, emu)
    release = asyncio.Event()

    async def wedged() -> None:
        while not release.is_set():
            try:
                await release.wait()
            except asyncio.CancelledError:
                continue  # the stuck cancel of the demo's lost poller step

    zombie = session._tasks.spawn(wedged(), "zombie")
    emu.inject_fault(Fault("query", "latency", count=None, seconds=2.0))
    await _queries_in_flight()
    with caplog.at_level(logging.WARNING, logger="recorder_gui.recording"):
        async with asyncio.timeout(2.0):
            await mgr.aclose()
    assert "did not finish" in caplog.text and "zombie" in caplog.text
    assert session._poller_task is not None and session._poller_task.done()
    release.set()
    await zombie
    mgr.journal.close()


@pytest.mark.asyncio
async def test_cancelling_the_caller_of_aclose_is_not_swallowed(
    server: EmulatorServer, emu: Emulator, timer: VirtualTimer, journal_path: Path
) -> None:
    """``with suppress(CancelledError): await task`` used to eat the caller's own cancel."""
    mgr = make_manager(server, timer, journal_path, poll=FAST)
    mgr.close_timeout = None  # unbounded: only the caller's cancel can end the wait
    session = await recording(mgr, emu)
    release = asyncio.Event()

    async def wedged() -> None:
        while not release.is_set():
            try:
                await release.wait()
            except asyncio.CancelledError:
                continue

    zombie = session._tasks.spawn(wedged(), "zombie")
    closing = asyncio.create_task(mgr.aclose())
    await asyncio.sleep(0.05)
    closing.cancel()
    done, _ = await asyncio.wait({closing}, timeout=1.0)
    assert closing in done and closing.cancelled()
    release.set()
    await zombie
    mgr.journal.close()
