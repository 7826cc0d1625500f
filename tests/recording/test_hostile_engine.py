"""The engine under hostile answers: a table of faults on each endpoint, through a session.

A raw loopback server answers like the service, except that one endpoint answers with the
fault of the cell. Whatever it sends, the session must end in a state a later action can
leave (a final state, or RECORDING with a stop possible), within a bounded real time, and
without an internal error (every answer took the typed path).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from recorder_gui.api import RetryPolicy
from recorder_gui.recording import (
    Journal,
    PollConfig,
    RecordingSession,
    SessionManager,
    SessionState,
    VirtualTimer,
)
from tests.hostile_server import (
    Behaviour,
    HostileServer,
    Request,
    deep_json,
    huge,
    json_answer,
    raw_answer,
    reset_mid_body,
    silence,
    trickle,
)

from .conftest import APP, CREDS, start_config

RID = "R" * 40
SID = "a" * 32
FILES = {"fileListMode": "string", "fileList": f"{SID}_room1.m3u8", "uploadingStatus": "uploaded"}
GOOD: dict[str, Any] = {
    "acquire": {"resourceId": RID},
    "start": {"resourceId": RID, "sid": SID},
    "query": {"resourceId": RID, "sid": SID, "serverResponse": {"status": 5, "fileList": []}},
    "stop": {"resourceId": RID, "sid": SID, "serverResponse": FILES},
    "channel_users": {
        "success": True,
        "data": {"channel_exist": True, "mode": 1, "total": 1, "users": [1001]},
    },
}
WRONG_TYPES: dict[str, Any] = {
    "acquire": {"resourceId": ["not", "a", "string"]},
    "start": {"resourceId": RID, "sid": {"nested": True}},
    "query": {"resourceId": RID, "sid": SID, "serverResponse": ["status", 5]},
    "stop": {
        "resourceId": RID,
        "sid": SID,
        "serverResponse": {"sliceStartTime": "abc", "fileList": 7},
    },
    "channel_users": {"success": True, "data": {"users": "everyone"}},
}
FAULTS: dict[str, Any] = {
    "invalid json": lambda e: raw_answer(200, b"{not json", "application/json"),
    "html 500": lambda e: raw_answer(500, b"<html>oops</html>", "text/html"),
    "deep json": lambda e: deep_json(100_000),
    "2 MB": lambda e: huge(2 << 20),
    "wrong types": lambda e: json_answer(200, WRONG_TYPES[e]),
    "silence": lambda e: silence(),
    "trickle": lambda e: trickle(b'{"resourceId": "' + b"R" * 200 + b'"}', interval=0.2),
    "reset": lambda e: reset_mid_body(),
    "503": lambda e: json_answer(503, {"code": 1, "reason": "busy"}),
    "429 nan": lambda e: json_answer(
        429, {"message": "API rate limit exceeded"}, {"Retry-After": "nan"}
    ),
}
ENDPOINTS = ("acquire", "start", "query", "stop", "channel_users")
#: What each endpoint's fault may leave (all of them can be left by a later action).
ALLOWED = {
    "acquire": {SessionState.FAILED},
    "start": {SessionState.FAILED, SessionState.UNADDRESSABLE},
    "query": {SessionState.STOPPED},  # NOT CONFIRMED first: the producer stops it
    "stop": {SessionState.RECORDING, SessionState.STOPPED},
    "channel_users": {SessionState.STOPPED},
}


def endpoint_of(request: Request) -> str:
    if request.path.startswith("/dev/v1/channel/user/"):
        return "channel_users"
    return request.path.rsplit("/", 1)[-1]


def service(hostile: str, fault: Behaviour) -> Behaviour:
    """The service's good answers, and ``fault`` for every call of ``hostile``."""

    async def answer(request: Request, writer: Any) -> None:
        endpoint = endpoint_of(request)
        if endpoint == hostile:
            await fault(request, writer)
        else:
            await json_answer(200, GOOD[endpoint])(request, writer)

    return answer


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest_asyncio.fixture
async def hostile(tmp_path: Path) -> AsyncIterator[HostileServer]:
    async with HostileServer(json_answer(200, {})) as srv:
        yield srv


def engine(url: str, journal: Path) -> SessionManager:
    return SessionManager(
        journal=Journal(journal),
        timer=VirtualTimer(Clock()),  # waits are virtual; each call's deadline is real
        base_urls=[url],
        rate_limit=None,
        retry=RetryPolicy(jitter=0.0, failover_attempts=1),
        poll_config=PollConfig(
            fast_interval=1.0,
            steady_interval=1.0,
            first_query_delay=1.0,
            confirm_timeout=4.0,
            start_budget=8.0,
        ),
        timeout=0.3,
        stop_timeout=0.3,
        deadline=0.6,
    )


@pytest.mark.asyncio
@pytest.mark.timeout(60)
@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_a_hostile_answer_leaves_the_session_in_a_state_it_can_leave(
    hostile: HostileServer, tmp_path: Path, endpoint: str, fault: str
) -> None:
    hostile.behaviour = service(endpoint, FAULTS[fault](endpoint))
    began = time.monotonic()
    async with engine(hostile.base_url, tmp_path / "journal.sqlite3") as manager:
        session = manager.create_session(
            app_id=APP,
            credentials=CREDS,
            cname="room1",
            uid="527841",
            mode="mix",
            start_config=start_config(),
            profile="demo",
        )
        state = await session.start()
        if not state.is_final:
            state = await settled_or_unconfirmed(session)
        if state in (SessionState.RECORDING, SessionState.STARTING):  # STARTING: not confirmed
            state = await session.stop()
        assert state in ALLOWED[endpoint], session.reason
        assert_leavable(session)
        manager.journal.close()
    assert time.monotonic() - began < 30, "the deadlines did not hold"


async def settled_or_unconfirmed(session: RecordingSession) -> SessionState:
    """RECORDING, a final state, or STARTING once NOT CONFIRMED was said."""
    for _ in range(600):
        if session.state is SessionState.RECORDING or session.state.is_final:
            return session.state
        if session.unconfirmed_since is not None:
            return session.state
        await asyncio.sleep(0.05)
    raise AssertionError(f"neither confirmed nor NOT CONFIRMED: {session.reason}")


def assert_leavable(session: RecordingSession) -> None:
    internal = [
        e.reason
        for e in session.events_seen
        if "Internal error" in e.reason
        or "internal error" in e.reason
        or "Monitoring interrupted" in e.reason
    ]
    assert internal == [], internal  # every hostile answer took the typed path
    assert session.state not in (SessionState.ACQUIRING, SessionState.STOPPING, SessionState.IDLE)
    if session.state is SessionState.RECORDING:
        assert session.reason.startswith("Stopping failed")  # and Stop can be pressed again
        row = session.journal.get(session.key)
        assert row is not None and row.stop_requested  # a crash now would resume the stop


@pytest.mark.asyncio
@pytest.mark.timeout(60)
async def test_an_unreadable_stop_answer_is_checked_not_taken_for_a_failure(
    hostile: HostileServer, tmp_path: Path
) -> None:
    """200 with a stop body of wrong types: the stop did happen. One query shows the task is
    gone, so the session is STOPPED (upload status unknown), not back ON AIR."""
    stopped = False

    async def answer(request: Request, writer: Any) -> None:
        nonlocal stopped
        endpoint = endpoint_of(request)
        if endpoint == "stop":
            stopped = True
            await json_answer(200, WRONG_TYPES["stop"])(request, writer)
        elif endpoint == "query" and stopped:
            await json_answer(404, {"code": 404, "reason": "failed to find worker"})(
                request, writer
            )
        else:
            await json_answer(200, GOOD[endpoint])(request, writer)

    hostile.behaviour = answer
    async with engine(hostile.base_url, tmp_path / "journal.sqlite3") as manager:
        session = manager.create_session(
            app_id=APP, credentials=CREDS, cname="room1", uid="527841", mode="mix",
            start_config=start_config(), profile="demo",
        )  # fmt: skip
        await session.start()
        assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
        assert await session.stop() is SessionState.STOPPED, session.reason
        outcome = session.stop_outcome
        assert outcome is not None and outcome.uploading_status == "unknown"
        assert [f.name for f in outcome.predicted_files] == [f"show/day1/{SID}_room1.m3u8"]
        assert_leavable(session)
        manager.journal.close()
