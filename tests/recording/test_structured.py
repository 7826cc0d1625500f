"""What the engine hands the UI as data: the service's file details, its errors as ErrorInfo,
and each profile's own endpoints (a client per App ID, customer and base URLs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recorder_gui.api import LayoutUpdate
from recorder_gui.api.domains import area_domains
from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from recorder_gui.recording import (
    EventKind,
    PublishState,
    SessionEvent,
    SessionManager,
    SessionState,
    VirtualTimer,
    profile_base_urls,
)

from .conftest import APP, CREDS, make_manager, new_session, next_event, recording, start_config


@pytest.mark.asyncio
async def test_snapshot_and_stop_carry_the_services_file_details(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, mode="individual", max_idle=300)
    event = await next_event(
        session, EventKind.SNAPSHOT, lambda e: bool(e.snapshot and e.snapshot.files)
    )
    snap = event.snapshot
    assert snap is not None
    assert tuple(d.name for d in snap.file_details) == snap.files
    assert {d.track_type for d in snap.file_details} == {"audio", "video"}
    assert {d.uid for d in snap.file_details} == {"1001"}
    assert all(d.is_playable and d.mixed_all_user is False for d in snap.file_details)
    assert all(d.slice_start_ms for d in snap.file_details)
    await session.stop()
    outcome = session.stop_outcome
    assert outcome is not None and outcome.uploading_status == "uploaded"
    assert tuple(d.name for d in outcome.file_details) == outcome.files
    assert {(d.uid, d.track_type) for d in outcome.file_details} == {
        ("1001", "audio"),
        ("1001", "video"),
    }
    assert session.file_details == outcome.file_details


@pytest.mark.asyncio
async def test_mixed_files_say_mixed_all_user(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu, mp4=True)  # json fileList in mix mode
    emu.clock.advance(40)
    await session.stop()
    outcome = session.stop_outcome
    assert outcome is not None and outcome.file_details
    assert all(d.mixed_all_user and d.is_playable for d in outcome.file_details)


@pytest.mark.asyncio
async def test_a_206_without_a_list_predicts_names_only(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(30)
    emu.inject_fault(Fault("stop", "error", status=206, code=None, reason="x", apply=True))
    await session.stop()
    outcome = session.stop_outcome
    assert outcome is not None and outcome.predicted_files
    # the details only ever describe listed files (here: the last query's), never predictions
    assert tuple(d.name for d in outcome.file_details) == outcome.files


@pytest.mark.asyncio
async def test_a_conflict_fails_with_the_structured_error(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.add_user(APP, "room1", 1001)
    first = new_session(manager, uid="527841")
    await first.start()
    second = new_session(manager, uid="527841")
    assert await second.start() is SessionState.FAILED
    failed = second.events_seen[-1]
    assert failed.kind is EventKind.STATE and failed.state is SessionState.FAILED
    error = failed.error
    assert error is not None
    assert (error.code, error.http_status, error.endpoint) == (53, 400, "start")
    assert error.request_id and error.request_id in failed.reason
    assert error.sentence in failed.reason and error.next_step in error.sentence
    await first.stop()


@pytest.mark.asyncio
async def test_a_conflict_note_keeps_a_channel_name_with_dots_whole(
    manager: SessionManager, emu: Emulator
) -> None:
    """What happened and what to do travel as separate fields: nobody has to find the
    sentence ends in a text, which a channel like "demo.show. Next" would fool."""
    cname = "demo.show. Next"
    emu.add_user(APP, cname, 1001)
    first = new_session(manager, cname=cname, uid="527841")
    await first.start()
    second = new_session(manager, cname=cname, uid="527841")
    assert await second.start() is SessionState.FAILED
    note = second.events_seen[-1].note
    assert note == second.record.note  # what the event says is what the record keeps
    assert f"channel {cname!r} with bot uid 527841 (code 53)." in note.what
    assert second.suggested_uid is not None
    assert note.next_step == (
        f"Stop it first, or start this one with another bot uid such as {second.suggested_uid}."
    )
    assert note.error is not None and note.error.code == 53 and not note.quote_only
    await first.stop()


@pytest.mark.asyncio
async def test_problems_and_invalid_start_carry_the_error(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.inject_fault(Fault("start", "error", status=400, code=2, reason="bad field"))
    session = new_session(manager)
    assert await session.start() is SessionState.FAILED
    error = session.events_seen[-1].error
    assert error is not None and (error.code, error.reason) == (2, "bad field")
    assert error.sentence == session.reason

    emu.inject_fault(Fault("start", "error", status=500, code=62, reason="x"))
    retried = new_session(manager, cname="room2")
    await retried.start()
    problems = [e for e in retried.events_seen if e.kind is EventKind.PROBLEM]
    assert problems and problems[0].error is not None
    assert (problems[0].error.code, problems[0].error.http_status) == (62, 500)
    assert problems[0].error.request_id is not None
    await retried.stop()


@pytest.mark.asyncio
async def test_unreachable_and_the_snapshot_carry_the_404(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    emu.start_failover(session.sid or "", window_seconds=30)
    await next_event(session, EventKind.REACHABLE)
    lost = next(e for e in events if e.kind is EventKind.UNREACHABLE)
    assert lost.error is not None and lost.error.http_status == 404
    assert lost.error.endpoint == "query" and lost.error.request_id
    failing = [e.snapshot for e in events if e.snapshot and e.snapshot.consecutive_failures]
    assert failing and failing[0].last_error_info is not None
    assert failing[0].last_error == failing[0].last_error_info.sentence
    healthy = [e.snapshot for e in events if e.snapshot and not e.snapshot.consecutive_failures]
    assert healthy and healthy[-1].last_error_info is None
    await session.stop()


@pytest.mark.asyncio
async def test_a_refused_layout_carries_the_error(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu, max_idle=300)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    emu.inject_fault(Fault("updateLayout", "error", status=400, code=1028, reason="bad"))
    session.set_layout(LayoutUpdate(mixed_video_layout=1))
    status = await session.publisher.drained()
    assert status.state is PublishState.FAILED
    assert status.last_error_info is not None and status.last_error_info.code == 1028
    assert status.last_error_info.endpoint == "updateLayout"
    layout_errors = [e.error for e in events if e.kind is EventKind.LAYOUT and e.error]
    assert layout_errors and layout_errors[-1] == status.last_error_info
    session.set_layout(LayoutUpdate(mixed_video_layout=1))
    status = await session.publisher.drained()
    assert status.state is PublishState.APPLIED and status.last_error_info is None
    await session.stop()


# -- per-profile endpoints ------------------------------------------------------------------


@pytest.fixture
def other_server(emu: Emulator) -> Iterator[tuple[Emulator, EmulatorServer]]:
    """A second emulator (another area, say) on the same virtual clock."""
    other = Emulator()
    other.clock = emu.clock
    other.config.rate_limit_per_second = None
    with EmulatorServer(other) as served:
        yield other, served


@pytest.mark.asyncio
async def test_each_profile_talks_to_its_own_endpoints(
    server: EmulatorServer,
    emu: Emulator,
    other_server: tuple[Emulator, EmulatorServer],
    timer: VirtualTimer,
    journal_path: Path,
) -> None:
    other, served = other_server
    async with make_manager(server, timer, journal_path) as mgr:
        emu.add_user(APP, "room1", 1001)
        other.add_user(APP, "room1", 1001)
        here = new_session(mgr)  # the manager's default endpoints
        there = mgr.create_session(
            app_id=APP,
            credentials=CREDS,
            cname="room1",
            uid="527841",
            mode="mix",
            start_config=start_config(),
            profile="eu",
            base_urls=[served.url],
        )
        await here.start()
        await there.start()
        assert here.client is not there.client
        assert there.client.domain == served.url
        assert [r.path for r in emu.requests("start")] and [r.path for r in other.requests("start")]
        assert [t["sid"] for t in emu.tasks()] == [here.sid]
        assert [t["sid"] for t in other.tasks()] == [there.sid]
        # the cache is keyed on the endpoints: same URLs, same client
        assert mgr.client_for(APP, CREDS, base_urls=[served.url + "/"]) is there.client
        assert mgr.client_for(APP, CREDS) is here.client
        eu = mgr.client_for(APP, CREDS, area="EU")
        assert eu.domain == area_domains("EU")[0] and eu not in (here.client, there.client)
        assert profile_base_urls("EU") == area_domains("EU")
        assert profile_base_urls("EU", served.url) == [served.url]
        await there.stop()
        assert there.state is SessionState.STOPPED and other.tasks()[0]["state"] != "running"
        assert emu.tasks()[0]["state"] == "running"
        await here.stop()
        mgr.journal.close()


@pytest.mark.asyncio
async def test_reattach_uses_the_journaled_profiles_endpoints(
    server: EmulatorServer,
    emu: Emulator,
    other_server: tuple[Emulator, EmulatorServer],
    timer: VirtualTimer,
    journal_path: Path,
) -> None:
    other, served = other_server
    other.add_user(APP, "room1", 1001)
    first = make_manager(server, timer, journal_path)
    session = first.create_session(
        app_id=APP,
        credentials=CREDS,
        cname="room1",
        uid="527841",
        mode="mix",
        start_config=start_config(),
        profile="eu",
        base_urls=[served.url],
    )
    await session.start()
    assert await session.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    await first.aclose()  # the app quits; the recording goes on
    first.journal.close()
    async with make_manager(server, timer, journal_path) as second:
        results = await second.reattach(
            lambda profile, app_id: CREDS,
            lambda profile: [served.url] if profile == "eu" else None,
        )
        assert [r.outcome.value for r in results] == ["reattached"]
        again = results[0].session
        assert again is not None and again.client.domain == served.url
        await again.stop()
        assert again.state is SessionState.STOPPED
        assert not emu.requests("query")  # the default emulator was never asked
        second.journal.close()
