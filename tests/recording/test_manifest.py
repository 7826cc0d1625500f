"""The manifest of a recording: every field from a real session against the emulator, the
secrets masked on the way out, and a file name that is safe, sortable and short."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.api import AudioUidList, LayoutRegion, LayoutUpdate, StreamSubscribe, UpdateConfig
from recorder_gui.api.redact import SECRETS
from recorder_gui.callbacks.envelope import Envelope
from recorder_gui.emulator import Emulator, Fault
from recorder_gui.files import FileRow, FilesReport
from recorder_gui.recording import FileDetail, SessionManager, SessionState, StopOutcome
from recorder_gui.recording.manifest import (
    MANIFEST_VERSION,
    LayoutLog,
    build_manifest,
    manifest_name,
    manifest_text,
    write_manifest,
)
from recorder_gui.recording.outcomes import StopAnswered
from recorder_gui.recording.storage_access import ran_seconds
from recorder_gui.recording.timeline import RelayEvent
from tests._fixtures.emulator import DEMO_CUSTOMER_SECRET

from .conftest import ACCESS_KEY, APP, CREDS, SECRET_KEY, new_session, recording, start_config

pytestmark = pytest.mark.asyncio

_cursor = itertools.count(1)
#: 2026-12-02T18:30:59Z, an instant with seconds (to see them cut) and a fraction.
WRITTEN = dt.datetime(2026, 12, 2, 18, 30, 59, 600_000, tzinfo=dt.UTC).timestamp()
CHECKED = WRITTEN - 30


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC).isoformat(timespec="seconds")


def layout(x: float) -> LayoutUpdate:
    return LayoutUpdate(
        mixed_video_layout=3,
        background_color="#101010",
        layout_config=[LayoutRegion(uid="1001", x_axis=x, y_axis=0.0, width=0.5, height=0.5)],
    )


def route_callbacks(manager: SessionManager, emu: Emulator, seen: int) -> int:
    """The emulator's callbacks after the first ``seen``, routed as a relay would."""
    bodies = emu.events
    events = [RelayEvent(next(_cursor), 0, Envelope.from_json(b)) for b in bodies[seen:]]
    manager.relays.route("demo", events)
    return len(bodies)


def report_for(names: list[str]) -> FilesReport:
    """What the check found: the playlist whole and closed, the MP4 present."""
    playlist, mp4 = names
    return FilesReport(
        (
            FileRow(playlist, True, 812, 64.5, True, segments=5, closed=True),
            FileRow(mp4, True, 90_000, playable=True),
        ),
        recording_seconds=70.0,
    )


async def test_a_stopped_recording_is_described_whole(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, mp4=True, max_idle=300)
    log = LayoutLog(session)
    seen = route_callbacks(manager, emu, 0)
    session.set_layout(layout(0.25))
    await session.publisher.drained()
    emu.clock.advance(65)
    assert await session.stop() is SessionState.STOPPED
    route_callbacks(manager, emu, seen)
    log.detach()
    outcome = session.stop_outcome
    assert outcome is not None and len(outcome.files) == 2
    names = list(outcome.files)
    cost = {"currency": "USD", "total": "0.01", "estimate": True}

    manifest = build_manifest(
        session,
        title="Demo show",
        report=report_for(names),
        checked_at=CHECKED,
        layout_changes=log.changes,
        cost=cost,
        written_at=WRITTEN,
    )

    assert manifest["manifest_version"] == MANIFEST_VERSION == 1
    assert manifest["written_at"] == "2026-12-02T18:30:59+00:00"
    assert session.started_at is not None
    assert manifest["recording"] == {
        "title": "Demo show",
        "channel": "room1",
        "bot_uid": "527841",
        "mode": "mix",
        "profile": "demo",
        "sid": session.sid,
        "resource_id": session.resource_id,
        "backup_of": None,
        "state": "stopped",
        "reason": session.reason,
        "started_at": iso(session.started_at),
        "duration_seconds": ran_seconds(session),
    }
    assert (ran_seconds(session) or 0) >= 65
    assert session.reason and session.sid and session.resource_id
    assert manifest["storage"] == {
        "vendor": 1,
        "region": 0,
        "bucket": "bucket",
        "prefix": "show/day1/",
    }
    start = manifest["start_config"]
    assert start["recordingFileConfig"] == {"avFileType": ["hls", "mp4"]}
    assert start["storageConfig"]["fileNamePrefix"] == ["show", "day1"]
    assert "storage_config" not in start and "recordingConfig" in start  # by alias
    assert "subscribeVideoUids" not in json.dumps(start)  # no None fields
    assert ACCESS_KEY not in json.dumps(manifest) and SECRET_KEY not in json.dumps(manifest)

    [change] = manifest["layout_changes"]
    assert change["at"].startswith(manifest["recording"]["started_at"][:11])
    # the log was given no start time: nothing is claimed about what it may have missed
    assert manifest["layout_changes_since"] is None
    assert manifest["layout_changes_complete"] is None
    assert change["layout"] == {
        "mixedVideoLayout": 3,
        "backgroundColor": "#101010",
        "layoutConfig": [{"uid": "1001", "x_axis": 0.25, "y_axis": 0.0, "width": 0.5,
                          "height": 0.5}],
    }  # fmt: skip
    assert "update" not in change

    timeline = session.timeline
    assert timeline.entries and timeline.upload_outcome is not None
    assert manifest["callbacks"] == [
        {"at": iso(e.at_ms / 1000), "event_type": e.event_type, "text": e.text}
        for e in timeline.entries
    ]
    assert "the recorder joined the channel" in [c["text"] for c in manifest["callbacks"]]
    assert manifest["upload"] == {
        "status": "uploaded",
        "sentence": outcome.sentence,
        "confirmed_by_callbacks": timeline.upload_outcome.value,
        "predicted_names": False,
    }

    playlist, mp4 = manifest["files"]
    detail = outcome.file_details[0]
    assert playlist == {
        "name": names[0],
        "track_type": "audio_and_video",
        "uid": "0",
        "listed_playable": True,
        "slice_start_ms": detail.slice_start_ms,
        "check": {
            "present": True,
            "size_bytes": 812,
            "duration_seconds": 64.5,
            "playable": True,
            "problem": None,
            "segments": 5,
            "segments_missing": 0,
            "closed": True,
        },
    }
    assert detail.slice_start_ms
    assert mp4["name"] == names[1] and mp4["name"].endswith(".mp4")
    assert mp4["check"] == {
        "present": True,
        "size_bytes": 90_000,
        "duration_seconds": None,
        "playable": True,
        "problem": None,
        "segments": None,  # counts are for playlists only
        "segments_missing": None,
        "closed": None,
    }
    assert manifest["check"] == {
        "summary": "2 files, 1 min 04 s, all present",
        "ok": True,
        "checked_at": iso(CHECKED),
    }
    assert manifest["cost"] == cost and manifest["cost"] is not cost

    read_back = json.loads(manifest_text(manifest))
    masked = read_back.pop("start_config")["storageConfig"]
    assert (masked["accessKey"], masked["secretKey"]) == ("***", "***")
    assert read_back == {k: v for k, v in manifest.items() if k != "start_config"}


async def test_before_any_start_nothing_is_invented(manager: SessionManager) -> None:
    config = start_config()
    assert config.storage_config is not None
    config.storage_config.file_name_prefix = None
    session = manager.create_session(
        app_id=APP, credentials=CREDS, cname="room1", uid="527841", mode="mix",
        start_config=config, profile="",
    )  # fmt: skip
    before = dt.datetime.now(tz=dt.UTC)
    manifest = build_manifest(session, report=None, cost={})
    written = dt.datetime.fromisoformat(manifest["written_at"])
    assert before - dt.timedelta(seconds=1) <= written <= dt.datetime.now(tz=dt.UTC)
    assert written.utcoffset() == dt.timedelta(0)
    recording_part = manifest["recording"]
    assert recording_part["title"] is None  # "" is no title
    assert (recording_part["sid"], recording_part["resource_id"]) == (None, None)
    assert (recording_part["started_at"], recording_part["duration_seconds"]) == (None, None)
    assert recording_part["reason"] is None and recording_part["state"] == "idle"
    assert recording_part["profile"] is None  # "" is no profile
    assert manifest["storage"] == {"vendor": 1, "region": 0, "bucket": "bucket", "prefix": None}
    assert manifest["layout_changes"] == [] and manifest["callbacks"] == []
    assert manifest["upload"] == {
        "status": None,
        "sentence": None,
        "confirmed_by_callbacks": None,
        "predicted_names": False,
    }
    assert manifest["files"] == []
    assert manifest["check"] is None and manifest["cost"] is None  # an empty cost is none

    session.start_config = None  # a reattached session: the start config is not known
    bare = build_manifest(session, written_at=WRITTEN)
    assert bare["start_config"] is None
    assert bare["storage"] == {"vendor": None, "region": None, "bucket": None, "prefix": None}


async def test_predicted_names_are_marked_as_predicted(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(30)
    emu.inject_fault(Fault("stop", "error", status=206, code=None, reason="x", apply=True))
    await session.stop()
    outcome = session.stop_outcome
    assert outcome is not None and not outcome.files and outcome.predicted_files
    name = f"show/day1/{session.sid}_room1.m3u8"
    row = FileRow(name, False, problem="not in the bucket")
    report = FilesReport((row,), 30.0)
    manifest = build_manifest(session, report=report, checked_at=None, written_at=WRITTEN)
    assert manifest["upload"]["status"] == "unknown"
    assert manifest["upload"]["predicted_names"] is True
    [entry] = manifest["files"]
    assert entry == {
        "name": name,
        "track_type": None,  # nothing the service listed
        "uid": None,
        "listed_playable": None,
        "slice_start_ms": None,
        "check": {
            "present": False,
            "size_bytes": None,
            "duration_seconds": None,
            "playable": False,
            "problem": "not in the bucket",
            "segments": 0,
            "segments_missing": 0,
            "closed": None,
        },
    }
    assert manifest["check"] == {"summary": "1 of 1 file missing", "ok": False, "checked_at": None}


async def test_a_check_that_could_not_look_says_why(manager: SessionManager, emu: Emulator) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(30)
    await session.stop()
    names = list(session.stop_outcome.files) if session.stop_outcome else []
    report = FilesReport(tuple(FileRow(n, True, 10, playable=True) for n in names))
    why = "The profile 'demo' has no storage secret key in the keyring."
    manifest = build_manifest(
        session, report=report, checked_at=CHECKED, check_problem=why, written_at=WRITTEN
    )
    assert manifest["check"] == {"summary": None, "ok": None, "checked_at": None, "problem": why}
    assert all("check" in f for f in manifest["files"])  # the rows still say what was seen


async def test_the_files_the_service_listed_win_over_predicted_names(
    manager: SessionManager,
) -> None:
    session = new_session(manager)
    listed = FileDetail("show/day1/s_room1__uid_s_7__uid_e_audio.m3u8", "audio", "7", None, True)
    outcome = StopOutcome(
        "Stopped; the service reports every file uploaded to your storage.",
        uploading_status="uploaded",
        files=(listed.name,),
        file_details=(listed,),
        predicted_files=(FileDetail("show/day1/s_room1__uid_s_<uid>__uid_e_audio.m3u8"),),
    )
    session.apply(StopAnswered(outcome))
    manifest = build_manifest(session, written_at=WRITTEN)
    assert manifest["files"] == [
        {
            "name": listed.name,
            "track_type": "audio",
            "uid": "7",
            "listed_playable": True,
            "slice_start_ms": None,
        }
    ]
    assert manifest["upload"]["predicted_names"] is False
    assert manifest["recording"]["state"] == "stopped"


async def test_a_backup_recorder_names_its_primary(manager: SessionManager, emu: Emulator) -> None:
    primary = await recording(manager, emu)
    backup = manager.add_backup(primary)
    manifest = build_manifest(backup, written_at=WRITTEN)
    assert manifest["recording"]["backup_of"] == primary.key
    assert manifest["recording"]["bot_uid"] == backup.uid != primary.uid


async def test_the_layout_log_keeps_accepted_changes_only(
    manager: SessionManager, emu: Emulator
) -> None:
    session = await recording(manager, emu, max_idle=300)
    log = LayoutLog(session)
    emu.inject_fault(Fault("updateLayout", "error", status=400, code=1028, reason="bad"))
    session.set_layout(layout(0.1))
    await session.publisher.drained()
    assert log.changes == []  # refused: never applied
    session.request_update(
        UpdateConfig(
            stream_subscribe=StreamSubscribe(
                audio_uid_list=AudioUidList(subscribe_audio_uids=["1001"])
            )
        )
    )
    await session.publisher.drained()
    [change] = log.changes
    assert set(change) == {"at", "layout", "update"}
    assert change["update"] == {
        "streamSubscribe": {"audioUidList": {"subscribeAudioUids": ["1001"]}}
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", change["at"])
    session.set_layout(layout(0.3))
    await session.publisher.drained()
    assert len(log.changes) == 2
    assert log.changes[1]["layout"]["layoutConfig"][0]["x_axis"] == 0.3
    log.detach()
    log.detach()  # twice is harmless
    session.set_layout(layout(0.4))
    await session.publisher.drained()
    assert len(log.changes) == 2  # not listening any more
    await session.stop()


def _manifest(**recording_part: Any) -> dict[str, Any]:
    base = {
        "started_at": "2026-12-02T18:30:05+00:00",
        "channel": "demo-show",
        "bot_uid": "527841",
        "sid": "38f8e3cfdc474cd56fc1ceba380d7e1a",
        "resource_id": "RES",
    }
    base.update(recording_part)
    return {"written_at": "2027-01-01T00:00:00+00:00", "recording": base}


async def test_the_manifest_name_is_sortable_and_names_the_recording() -> None:
    assert manifest_name(_manifest()) == (
        "2026-12-02T1830-demo-show-527841-38f8e3cfdc474cd56fc1ceba380d7e1a.json"
    )
    assert manifest_name(_manifest(sid=None)) == "2026-12-02T1830-demo-show-527841-RES.json"
    assert manifest_name(_manifest(sid="", resource_id=None)) == (
        "2026-12-02T1830-demo-show-527841-no-sid.json"
    )
    assert manifest_name(_manifest(started_at=None)).startswith("2027-01-01T0000-demo-show-")


async def test_the_manifest_name_is_safe_and_short() -> None:
    name = manifest_name(_manifest(channel="../../etc/pa ss wd", bot_uid="1 2"))
    assert name == "2026-12-02T1830-.._.._etc_pa_ss_wd-1_2-38f8e3cfdc474cd56fc1ceba380d7e1a.json"
    assert "/" not in name
    long = manifest_name(_manifest(channel="c" * 300))
    assert len(long) == 180 + len(".json") and long.endswith("c.json")
    assert long.startswith("2026-12-02T1830-ccc")


@given(st.text(max_size=400), st.text(max_size=70))
async def test_any_channel_and_uid_give_a_safe_file_name(channel: str, uid: str) -> None:
    name = manifest_name(_manifest(channel=channel, bot_uid=uid))
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,180}\.json", name)
    assert name.startswith("2026-12-02T1830-")


async def test_the_text_masks_secrets_once_more(tmp_path: Path) -> None:
    SECRETS.add(DEMO_CUSTOMER_SECRET)
    manifest = _manifest()
    manifest["recording"]["title"] = f"Café {DEMO_CUSTOMER_SECRET}"
    manifest["start_config"] = {"storageConfig": {"secretKey": "plain-text-secret-1234"}}
    text = manifest_text(manifest)
    assert DEMO_CUSTOMER_SECRET not in text and "plain-text-secret-1234" not in text
    assert '"title": "Café ***"' in text  # not escaped: a producer reads it
    assert '"secretKey": "***"' in text
    assert text.endswith("}\n") and '\n  "recording": {\n    "started_at"' in text
    assert json.loads(text)["recording"]["channel"] == "demo-show"

    path = write_manifest(tmp_path / "manifests" / "new", manifest)
    assert path.parent == tmp_path / "manifests" / "new"
    assert path.name == manifest_name(manifest)
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    manifest["recording"]["sid"] = "second"
    second = write_manifest(tmp_path / "manifests" / "new", manifest)  # the folder exists now
    assert second.name.endswith("-527841-second.json")
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, second.name])


async def test_a_layout_log_attached_after_the_start_is_marked_incomplete(
    manager: SessionManager, emu: Emulator
) -> None:
    """The app keeps the log from the moment it creates the recording; after a restart it
    takes a running recording back and cannot know the changes made before."""
    emu.add_user(APP, "room1", 1001)
    fresh = new_session(manager)
    from_the_start = LayoutLog(fresh)
    await fresh.start()
    assert await fresh.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    manifest = build_manifest(
        fresh, layout_changes=from_the_start.changes, layout_since=from_the_start.since
    )
    assert manifest["layout_changes_since"] == iso(from_the_start.since)
    assert manifest["layout_changes_complete"] is True

    emu.clock.advance(5)
    taken_back = LayoutLog(fresh)  # as after a restart: attached while it records
    assert fresh.started_at is not None and taken_back.since > fresh.started_at
    manifest = build_manifest(
        fresh, layout_changes=taken_back.changes, layout_since=taken_back.since
    )
    assert manifest["layout_changes_complete"] is False
    assert manifest["layout_changes_since"] == iso(taken_back.since)
    from_the_start.detach()
    taken_back.detach()
    await fresh.stop()
