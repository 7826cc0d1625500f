"""Callbacks as a second source of truth in the engine: the timeline of each recording, an
UNADDRESSABLE start resolved from its callbacks, early callbacks kept until the sid is known,
alerts for major errors. Events are the emulator's own NCS envelopes, routed as a relay would."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import EventKind, SessionManager, SessionState
from recorder_gui.recording.timeline import RelayEvent, UploadOutcome

from .conftest import new_session

_cursor = itertools.count(1)


def relayed(bodies: list[dict[str, Any]]) -> list[RelayEvent]:
    return [RelayEvent(next(_cursor), 0, Envelope.from_json(b)) for b in bodies]


def route_new(manager: SessionManager, emu: Emulator, seen: int) -> int:
    """Route the emulator's events after the first ``seen``; the new count."""
    bodies = emu.events
    manager.relays.route("demo", relayed(bodies[seen:]))
    return len(bodies)


@pytest.mark.asyncio
async def test_an_unaddressable_start_learns_its_sid_and_can_be_stopped(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "drop", apply=True))  # it started; the answer is lost
    session = new_session(manager)
    assert await session.start() is SessionState.UNADDRESSABLE
    assert session.sid is None
    sid = emu.tasks()[0]["sid"]
    route_new(manager, emu, 0)
    assert session.sid == sid
    assert "sid came from the callbacks" in session.reason
    assert manager.journal.get(session.key).sid == sid  # a crash now would still find it
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    assert await session.stop() is SessionState.STOPPED
    assert len(emu.requests("stop")) == 1


@pytest.mark.asyncio
async def test_callbacks_of_another_bot_or_channel_resolve_nothing(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "drop", apply=True))
    session = new_session(manager)
    assert await session.start() is SessionState.UNADDRESSABLE
    bodies = emu.events
    for body in bodies:
        body["payload"]["uid"] = "111"
    manager.relays.route("demo", relayed(bodies))
    assert session.sid is None and session.state is SessionState.UNADDRESSABLE
    manager.relays.route("other-profile", relayed(emu.events))
    assert session.sid is None


@pytest.mark.asyncio
async def test_the_timeline_follows_the_recording_and_the_stop(
    manager: SessionManager, emu: Emulator
) -> None:
    session = new_session(manager)
    await session.start()
    await session.wait_for(SessionState.RECORDING)
    seen = route_new(manager, emu, 0)
    texts = [e.text for e in session.timeline.entries]
    assert "the recorder joined the channel" in texts
    kinds = [e.kind for e in session.events_seen]
    assert EventKind.CALLBACK in kinds
    assert await session.stop() is SessionState.STOPPED
    route_new(manager, emu, seen)
    t = session.timeline
    assert t.upload_outcome is UploadOutcome.UPLOADED
    assert t.ended_ms is not None and "stopped" in t.ended_text
    assert "in your bucket" in t.upload_sentence()
    # The same events again (a relay replaying them) change nothing.
    before = list(t.entries)
    manager.relays.route("demo", relayed(emu.events))
    assert t.entries == before


@pytest.mark.asyncio
async def test_a_session_added_later_gets_the_backlog(
    manager: SessionManager, emu: Emulator
) -> None:
    first = new_session(manager)
    await first.start()
    route_new(manager, emu, 0)
    assert first.timeline.entries
    # Another session on the same profile: nothing of the first one's is taken.
    second = new_session(manager, uid="527842")
    assert not second.timeline.entries
    await first.stop()


@pytest.mark.asyncio
async def test_a_major_error_callback_is_told_at_once(
    manager: SessionManager, emu: Emulator
) -> None:
    session = new_session(manager)
    await session.start()
    sid = session.sid
    assert sid is not None
    error = {
        "noticeId": "e1",
        "eventType": 1,
        "payload": {
            "sid": sid,
            "cname": session.cname,
            "uid": session.uid,
            "sequence": 999,
            "sendts": int(emu.clock.now() * 1000),
            "details": {"module": 1, "errorLevel": 4, "errorCode": 50, "errorMsg": "bucket gone"},
        },
    }
    manager.relays.route("demo", relayed([error]))
    problems = [e for e in session.events_seen if e.kind is EventKind.PROBLEM]
    assert problems and "major error 50 in the uploader: bucket gone" in problems[-1].reason
    assert session.timeline.entries[-1].alert
    await session.stop()


@pytest.mark.asyncio
async def test_callbacks_that_came_while_the_start_was_answered_resolve_it_later(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "drop", apply=True))
    session = new_session(manager)
    routed = 0

    def route_while_starting(event: object) -> None:
        nonlocal routed
        if session.state is SessionState.STARTING and emu.events[routed:]:
            routed = route_new(manager, emu, routed)

    session.subscribe(route_while_starting)
    # UNADDRESSABLE for a moment, then resolved from what had come: checked again.
    assert await session.start() is SessionState.STARTING
    assert routed  # the callbacks came before the start's final answer
    states = [e.state for e in session.events_seen if e.kind is EventKind.STATE]
    assert SessionState.UNADDRESSABLE in states
    assert session.sid == emu.tasks()[0]["sid"]
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    await session.stop()


@pytest.mark.asyncio
async def test_an_ending_by_itself_says_what_the_callbacks_said(
    manager: SessionManager, emu: Emulator
) -> None:
    session = new_session(manager, max_idle=5)
    await session.start()
    await session.wait_for(SessionState.RECORDING)
    emu.clock.advance(40)  # nobody in room1: the recorder leaves after maxIdleTime
    for _ in range(20):
        if any(e["eventType"] == 41 for e in emu.events):  # recorder_leave
            break
        emu.clock.advance(5)
    route_new(manager, emu, 0)
    assert await session.wait_for(SessionState.STOPPED) is SessionState.STOPPED
    assert "The callbacks say: the recorder left the channel: nobody was in the channel" in (
        session.reason
    )


@pytest.mark.asyncio
async def test_the_relay_client_is_made_by_the_first_watch_and_closed_with_the_manager() -> None:
    """A start without callbacks never builds the relay's HTTP client (its TLS context was
    about 30 ms of the start: benchmarks/README.md); the first watched relay makes it."""
    from recorder_gui.callbacks.relay_url import RelaySettings

    manager = SessionManager()
    assert manager.relays.client is None
    manager.relays.unwatch("demo")
    manager.relays.watch("demo", None)
    assert manager.relays.client is None
    manager.relays.watch("demo", RelaySettings("http://127.0.0.1:9", "token"))
    client = manager.relays.client
    assert client is not None
    manager.relays.watch("other", RelaySettings("http://127.0.0.1:9", "token"))
    assert manager.relays.client is client  # one client for every relay
    await manager.aclose()
    assert client.is_closed
    manager.relays.watch("late", RelaySettings("http://127.0.0.1:9", "token"))
    assert manager.relays.client is client and manager.relays.feeds == {}  # nothing after close
