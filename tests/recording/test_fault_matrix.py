"""The fault matrix: each injected fault x each call, and what the producer ends up with.

Scenario per row: a host publishes; start; wait for "recording" (or a final state); publish a
layout; 30 s pass; stop. The fault hits the first matching request once.
"""

from __future__ import annotations

from typing import Any

import pytest

from recorder_gui.api import LayoutUpdate
from recorder_gui.emulator import Emulator, Fault
from recorder_gui.recording import PublishState, SessionManager, SessionState

from .conftest import APP, new_session

FAULTS: dict[str, dict[str, Any]] = {
    "drop": {"kind": "drop"},  # connection closed before the service acted
    "drop-after": {"kind": "drop", "apply": True},  # it acted, the answer was lost
    "500/62": {"kind": "error", "status": 500, "code": 62},
    "206/65": {"kind": "error", "status": 206, "code": 65},
    "429": {"kind": "error", "status": 429, "code": None, "message": "API rate limit exceeded"},
    "404": {"kind": "error", "status": 404, "code": 404, "reason": "failed to find worker"},
}
OK = "stopped: uploaded"
ALREADY = "stopped: already"
UNADDRESSABLE = "unaddressable"
FAILED = "failed"

#: (call, fault) -> the final outcome.
MATRIX: dict[tuple[str, str], str] = {
    ("acquire", "drop"): OK,  # acquire is repeated: an unused resource is harmless
    ("acquire", "drop-after"): OK,
    ("acquire", "500/62"): OK,
    ("acquire", "206/65"): OK,
    ("acquire", "429"): OK,
    ("acquire", "404"): FAILED,  # meaningless for acquire: reported, nothing started
    ("start", "drop"): OK,  # re-sent with the same resource: it starts now
    ("start", "drop-after"): UNADDRESSABLE,  # re-sent: 201/7 carries no sid
    ("start", "500/62"): OK,
    ("start", "206/65"): OK,  # the client re-sends at 3 s, 6 s
    ("start", "429"): OK,
    ("start", "404"): FAILED,
    ("query", "drop"): OK,  # the client retries queries
    ("query", "drop-after"): OK,
    ("query", "500/62"): OK,
    ("query", "206/65"): OK,
    ("query", "429"): OK,
    ("query", "404"): OK,  # one 404 while starting is not yet a death
    ("updateLayout", "drop"): OK,  # full replace: safe to send again
    ("updateLayout", "drop-after"): OK,
    ("updateLayout", "500/62"): OK,
    ("updateLayout", "206/65"): OK,
    ("updateLayout", "429"): OK,
    ("updateLayout", "404"): OK,  # retried (possibly failing over)
    ("stop", "drop"): OK,  # stop is sent again
    ("stop", "drop-after"): ALREADY,  # sent again: 49, it was done
    ("stop", "500/62"): OK,
    ("stop", "206/65"): OK,
    ("stop", "429"): OK,
    ("stop", "404"): OK,  # a query shows the task alive: stop is sent again
}


def outcome(state: SessionState, reason: str, publisher_ok: bool) -> str:
    if state is SessionState.STOPPED:
        assert publisher_ok
        if reason.startswith("Already stopped"):
            return ALREADY
        assert reason == "Stopped; the service reports every file uploaded to your storage.", reason
        return OK
    return state.value


@pytest.mark.asyncio
@pytest.mark.parametrize(("call", "fault"), sorted(MATRIX), ids=lambda v: str(v))
async def test_fault_matrix(manager: SessionManager, emu: Emulator, call: str, fault: str) -> None:
    emu.add_user(APP, "room1", 1001)
    emu.inject_fault(Fault(call, **FAULTS[fault]))
    session = new_session(manager)
    state = await session.start()
    publisher_ok = True
    if not state.is_final:
        state = await session.wait_for(SessionState.RECORDING)
        assert state is SessionState.RECORDING, session.reason
        session.set_layout(LayoutUpdate(mixed_video_layout=2, max_resolution_uid="1001"))
        status = await session.publisher.drained()
        publisher_ok = status.state is PublishState.APPLIED
        emu.clock.advance(30)
        state = await session.stop()
    assert outcome(state, session.reason, publisher_ok) == MATRIX[(call, fault)], session.reason
    # whatever happened, nothing runs unseen: either stopped, or honestly reported
    if session.sid is not None:
        assert emu.task(session.sid)["state"] != "running"
    running = [t for t in emu.tasks() if t["state"] == "running"]
    assert not running or state is SessionState.UNADDRESSABLE
