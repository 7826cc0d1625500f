"""The NCS events of whole recordings (docs/api-notes.md, "Callbacks", suggested order), driven
over HTTP on the emulator's frozen clock: individual, mix, web, idle, failures, backup, HA,
snapshots and RTMP. Checked on the in-memory log, and as delivered to a receiver."""

from __future__ import annotations

from typing import Any

import pytest

from recorder_gui.callbacks.catalog import CATALOG, UNCONFIRMED
from recorder_gui.emulator import Fault
from recorder_gui.emulator.events import make_event
from recorder_gui.emulator.ncs_sender import NcsSender
from tests.emulator.conftest import Api, start_request
from tests.emulator.ncs_receiver import NcsReceiver

RTMP_A = "rtmp://cdn.example/live/a"
RTMP_B = "rtmp://cdn.example/live/b"


def events(api: Api, sid: str) -> list[dict[str, Any]]:
    return [e for e in api.emu.events if e["sid"] == sid]


def kinds(api: Api, sid: str) -> list[int]:
    return [e["eventType"] for e in events(api, sid)]


def details(api: Api, sid: str, event_type: int) -> list[dict[str, Any]]:
    return [e["payload"]["details"] for e in events(api, sid) if e["eventType"] == event_type]


def at(api: Api, sid: str, event_type: int) -> list[int]:
    """sendts (ms) of each event of that type."""
    return [e["payload"]["sendts"] for e in events(api, sid) if e["eventType"] == event_type]


def ms(api: Api, sid: str, seconds: float) -> int:
    """The time ``seconds`` after the task's start, in ms."""
    return int(round((api.emu.task(sid)["started_at"] + seconds) * 1000))


def check_envelopes(api: Api, sid: str) -> None:
    """Sequences from 0 without gaps, times in order, catalog names, nothing unconfirmed."""
    found = events(api, sid)
    assert [e["payload"]["sequence"] for e in found] == list(range(len(found)))
    stamps = [e["payload"]["sendts"] for e in found]
    assert stamps == sorted(stamps)
    for e in found:
        spec = CATALOG[e["eventType"]]
        assert e["eventType"] not in UNCONFIRMED
        assert e["payload"]["serviceType"] == spec.service_type
        assert e["payload"]["details"]["msgName"] == spec.msg_name


def test_individual_recording(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.emu.add_user(api.appid, api.cname, 1002, video=False)
    sid = api.begin("individual")
    api.emu.clock.advance(70)
    api.emu.remove_user(api.appid, api.cname, 1002)  # leaves while recording
    api.emu.clock.advance(30)
    api.emu.add_user(api.appid, api.cname, 1002, video=False)  # and comes back
    api.emu.clock.advance(50)
    stop = api.stop().json()["serverResponse"]
    assert kinds(api, sid) == [30, 40, 42, 42, 42, 4, 33, 43, 43, 33, 41, 33, 31, 11]
    check_envelopes(api, sid)
    slices = details(api, sid, 42)
    assert [(d["streamUid"], d["trackType"]) for d in slices] == [
        ("1001", "audio"),
        ("1001", "video"),
        ("1002", "audio"),
    ]
    assert all(d["mixedAllUser"] is False for d in slices)
    assert {d["startUtcMs"] for d in slices} == {ms(api, sid, 4)}  # the recorder's first frame
    assert all(d["discontinueUtcMs"] == d["startUtcMs"] for d in slices)
    [infos] = details(api, sid, 4)
    assert infos["fileList"] == f"{sid}_{api.cname}__uid_s_1001__uid_e_audio.m3u8"
    assert at(api, sid, 4) == [ms(api, sid, 19)]  # once the first slice is uploaded
    changes = details(api, sid, 43)
    assert [(d["streamUid"], d["state"]) for d in changes] == [("1002", 1), ("1002", 0)]
    assert [d["UtcMs"] for d in changes] == [ms(api, sid, 70), ms(api, sid, 100)]
    assert at(api, sid, 43) == [ms(api, sid, 70), ms(api, sid, 100)]
    assert details(api, sid, 41) == [{"msgName": "recorder_leave", "leaveCode": 2}]
    assert details(api, sid, 33)[-1]["progress"] == 10000
    [uploaded] = details(api, sid, 31)
    assert uploaded["status"] == 0
    assert uploaded["fileList"] == stop["fileList"]  # what stop reports, entry for entry
    assert {"fileName", "trackType", "uid", "mixedAllUser", "isPlayable", "sliceStartTime"} == set(
        uploaded["fileList"][0]
    )
    assert details(api, sid, 11) == [{"msgName": "session_exit", "exitStatus": 0}]


def test_mix_recording(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix", recordingFileConfig={"avFileType": ["hls", "mp4"]})
    api.emu.clock.advance(30)
    api.emu.set_publishing(api.appid, api.cname, 1001, audio=True, video=False)
    api.emu.clock.advance(100)
    stop = api.stop().json()["serverResponse"]
    assert kinds(api, sid) == [30, 40, 42, 4, 44, 33, 33, 41, 33, 31, 11]
    check_envelopes(api, sid)
    [composite] = details(api, sid, 42)
    assert {k: composite[k] for k in ("streamUid", "mixedAllUser", "trackType")} == {
        "streamUid": "0",
        "mixedAllUser": True,
        "trackType": "audio_and_video",
    }
    assert details(api, sid, 4)[0]["fileList"] == f"{sid}_{api.cname}.m3u8"
    assert details(api, sid, 44) == [
        {
            "msgName": "recorder_video_stream_state_changed",
            "streamUid": "1001",
            "state": 1,
            "UtcMs": ms(api, sid, 30),
        }
    ]
    uploaded = details(api, sid, 31)[0]["fileList"]
    assert uploaded == stop["fileList"]
    assert [f["fileName"].rsplit(".", 1)[1] for f in uploaded] == ["m3u8", "mp4"]
    assert all(f["mixedAllUser"] is True and f["uid"] == "0" for f in uploaded)


def test_progress_every_minute_then_10000(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix")
    api.emu.clock.advance(5 * 60 + 10)
    assert api.query().status_code == 200
    assert at(api, sid, 33) == [ms(api, sid, 60 * k) for k in range(1, 6)]
    # recorded since 4 s after start; a 15 s slice is uploaded once full
    expected = [int((60 * k - 15) * 10000 / (60 * k - 4)) for k in range(1, 6)]
    assert [d["progress"] for d in details(api, sid, 33)] == expected
    api.stop()
    assert kinds(api, sid)[-4:] == [41, 33, 31, 11]
    assert details(api, sid, 33)[-1]["progress"] == 10000


def test_progress_stalls_while_the_storage_refuses(api: Api) -> None:
    api.emu.config.storage_keys = frozenset({("good", "keys")})
    api.emu.config.storage_failure_seconds = 150
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix")  # conftest's STORAGE keys are not among them
    api.emu.clock.advance(140)
    assert [d["progress"] for d in details(api, sid, 33)] == [0, 0]
    assert details(api, sid, 2) == [
        {"msgName": "cloud_recording_warning", "module": 1, "warnCode": 31}
    ]
    assert at(api, sid, 2) == [ms(api, sid, 19)]  # the first slice that could not be uploaded
    api.emu.clock.advance(10)
    assert kinds(api, sid) == [30, 40, 42, 2, 33, 33, 1, 41, 11]  # no 4, no 31, no 10000
    assert details(api, sid, 11)[0]["exitStatus"] == 1


def test_web_recording(api: Api) -> None:
    api.cname = "web1"
    sid = api.begin("web")
    api.emu.clock.advance(130)
    assert api.stop().status_code == 200
    assert kinds(api, sid) == [30, 70, 33, 33, 71, 33, 31, 11]
    check_envelopes(api, sid)
    assert details(api, sid, 70)[0]["recorderStartTime"] == ms(api, sid, 0)
    stopped = details(api, sid, 71)[0]
    assert (stopped["code"], stopped["message"]) == (0, "ok")
    assert [set(f) for f in stopped["fileList"]] == [{"filename", "sliceStartTime"}]
    assert details(api, sid, 31) == [{"msgName": "uploaded", "status": 0}]  # web: status only


def test_web_recording_with_rtmp(api: Api) -> None:
    api.cname = "web1"
    sid = api.begin("web")
    assert api.post("update", {"rtmpPublishConfig": {"outputs": [{"rtmpUrl": RTMP_A}]}}).is_success
    api.emu.clock.advance(30)
    assert api.post("update", {"webRecordingConfig": {"onhold": True}}).is_success
    api.emu.clock.advance(10)
    assert api.post("update", {"webRecordingConfig": {"onhold": False}}).is_success
    api.emu.clock.advance(10)
    assert api.post("update", {"rtmpPublishConfig": {"outputs": [{"rtmpUrl": RTMP_B}]}}).is_success
    api.emu.clock.advance(10)
    assert api.stop().status_code == 200
    rtmp_events = [(d["rtmpUrl"], d["status"]) for d in details(api, sid, 100)]
    assert rtmp_events == [
        (RTMP_A, "connecting"),
        (RTMP_A, "publishing"),
        (RTMP_A, "onhold"),
        (RTMP_A, "publishing"),
        (RTMP_A, "disconnected"),
        (RTMP_B, "connecting"),
        (RTMP_B, "publishing"),
        (RTMP_B, "disconnected"),
    ]
    assert at(api, sid, 100) == [ms(api, sid, t) for t in (0, 4, 30, 40, 50, 50, 50, 60)]
    assert kinds(api, sid) == [30, 70, *[100] * 7, 33, 100, 71, 33, 31, 11]
    check_envelopes(api, sid)


def test_rtmp_from_the_start_body(api: Api) -> None:
    api.cname = "web1"
    assert api.acquire({"scene": 1}).status_code == 200
    body = start_with_rtmp()
    assert api.start("web", body).status_code == 200
    api.emu.clock.advance(5)
    statuses = [d["status"] for d in details(api, api.sid, 100)]
    assert statuses == ["connecting", "publishing"]
    state = api.query().json()["serverResponse"]["extensionServiceState"][1]
    assert state["payload"]["outputs"][0]["status"] == "publishing"  # as query says


def start_with_rtmp() -> dict[str, Any]:
    body = start_request("web")
    body["extensionServiceConfig"]["extensionServices"].append(
        {
            "serviceName": "rtmp_publish_service",
            "errorHandlePolicy": "error_ignore",
            "serviceParam": {"outputs": [{"rtmpUrl": RTMP_A}]},
        }
    )
    return body


def test_idle_ending(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix", recordingConfig={"channelType": 0, "maxIdleTime": 10})
    api.emu.clock.advance(20)
    api.emu.remove_user(api.appid, api.cname, 1001)
    api.emu.clock.advance(11)
    assert api.query().status_code == 404
    assert kinds(api, sid) == [30, 40, 42, 4, 43, 44, 41, 33, 31, 11]
    check_envelopes(api, sid)
    assert at(api, sid, 43) == at(api, sid, 44) == [ms(api, sid, 20)]
    assert details(api, sid, 41)[0]["leaveCode"] == 4
    assert at(api, sid, 41) == [ms(api, sid, 30)]
    assert details(api, sid, 11)[0]["exitStatus"] == 0


def test_failure_to_join(api: Api) -> None:
    api.emu.config.app_certificate = "0123456789abcdef" * 2
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix", token="not a token")
    api.emu.clock.advance(5)
    assert kinds(api, sid) == [30, 40, 1, 41, 11]
    error = details(api, sid, 1)[0]
    assert set(error) == {"msgName", "module", "errorLevel", "errorCode", "stat", "errorMsg"}
    assert (error["module"], error["errorLevel"]) == (0, 5)
    assert details(api, sid, 41)[0]["leaveCode"] == 0
    assert details(api, sid, 11)[0]["exitStatus"] == 1


@pytest.mark.parametrize("how", ["set_backup_upload", "storage_backup"])
def test_backup_upload_is_backuped(api: Api, how: str) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("individual")
    api.emu.clock.advance(30)
    if how == "set_backup_upload":
        api.emu.set_backup_upload(sid)
    else:
        api.emu.inject_fault(Fault(kind="storage_backup", sid=sid))
    api.emu.clock.advance(10)
    stop = api.stop().json()["serverResponse"]
    assert stop["uploadingStatus"] == "backuped"
    assert kinds(api, sid) == [30, 40, 42, 42, 4, 2, 41, 33, 32, 11]
    assert details(api, sid, 2)[0]["warnCode"] == 32
    [backuped] = details(api, sid, 32)
    assert backuped["msgName"] == "backuped"
    assert backuped["fileList"] == stop["fileList"]


def test_failover(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix")
    api.emu.clock.advance(20)
    api.emu.start_failover(sid, window_seconds=30)
    assert 12 not in kinds(api, sid)  # not before the new recorder is up
    api.emu.clock.advance(35)
    assert kinds(api, sid) == [30, 40, 42, 4, 12, 42]
    new_uid = api.emu.task(sid)["bot_uid"]
    assert details(api, sid, 12)[0]["newUid"] == new_uid
    assert at(api, sid, 12) == [ms(api, sid, 50)]
    assert [d["startUtcMs"] for d in details(api, sid, 42)] == [ms(api, sid, 4), ms(api, sid, 50)]
    assert events(api, sid)[-1]["payload"]["uid"] == str(new_uid)


def test_snapshots(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    rec = {"channelType": 0, "subscribeUidGroup": 0, "streamTypes": 2}
    sid = api.begin(
        "individual",
        recordingConfig=rec,
        snapshotConfig={"captureInterval": 5, "fileType": ["jpg"]},
        recordingFileConfig=None,
    )
    api.emu.clock.advance(15)
    assert api.stop().json()["serverResponse"] == {"uploadingStatus": "uploaded"}
    assert kinds(api, sid) == [30, 40, 45, 45, 45, 41, 33, 31, 11]
    names = [d["fileName"] for d in details(api, sid, 45)]
    assert names == api.emu.storage_objects(sid)
    assert at(api, sid, 45) == [ms(api, sid, t) for t in (4, 9, 14)]
    assert details(api, sid, 31)[0]["fileList"] == []  # screenshots are not in fileList


def test_unconfirmed_events_are_never_made(api: Api) -> None:
    sid = api.begin("mix")
    task = api.emu.world.task(sid)
    for event_type in sorted(UNCONFIRMED | {80, 81, 999}):
        with pytest.raises(ValueError, match=f"does not send NCS event {event_type}"):
            make_event(task, event_type, 0.0)


def test_delivered_in_the_logged_order(api: Api, ncs: NcsSender, receiver: NcsReceiver) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("individual")
    api.emu.clock.advance(125)
    api.emu.set_publishing(api.appid, api.cname, 1001, audio=False, video=True)
    api.emu.clock.advance(10)
    api.stop()
    logged = events(api, sid)
    got = receiver.wait_for(len(logged))
    assert ncs.wait_idle(5)
    assert [d.body["eventType"] for d in got] == [e["eventType"] for e in logged]
    assert [d.body["payload"]["sequence"] for d in got] == list(range(len(logged)))
    assert {13, 34, 46, 47}.isdisjoint(d.body["eventType"] for d in got)
