"""update, updateLayout (full replace) and stop (files, 206/435, exiting, backuped)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emulator.conftest import Api

_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_update_subscription_changes_recorded_streams(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.emu.add_user(api.appid, api.cname, 1002)
    api.begin("individual")
    change = {"streamSubscribe": {"audioUidList": {"unSubscribeAudioUids": ["1002"]}}}
    r = api.post("update", change)
    assert r.status_code == 200
    assert r.json() == {"cname": api.cname, "uid": api.uid, "resourceId": api.rid, "sid": api.sid}
    assert api.emu.task(api.sid)["subscription"] == {"unSubscribeAudioUids": ["1002"]}
    api.emu.clock.advance(20)
    got = {(f["uid"], f["trackType"]) for f in api.query().json()["serverResponse"]["fileList"]}
    assert got == {("1001", "audio"), ("1001", "video"), ("1002", "video")}


@pytest.mark.parametrize(
    "client_request",
    [
        {"streamSubscribe": {"audioUidList": {"subscribeAudioUids": [5]}}},
        {"streamSubscribe": {"videoUidList": {"subscribeVideoUids": ["1"] * 33}}},
        {"webRecordingConfig": {"onhold": True}},
        {"storageConfig": {"vendor": 1}},
    ],
)
def test_invalid_update_is_code_2(api: Api, client_request: dict[str, Any]) -> None:
    api.begin("mix")
    r = api.post("update", client_request)
    assert r.status_code == 400
    assert r.json()["code"] == 2


def test_web_onhold_pauses_slices(api: Api) -> None:
    api.cname = "web1"
    api.begin("web")
    api.emu.clock.advance(4)
    assert api.post("update", {"webRecordingConfig": {"onhold": True}}).status_code == 200
    api.emu.clock.advance(30)
    payload = api.query().json()["serverResponse"]["extensionServiceState"][0]["payload"]
    assert payload["onhold"] is True
    assert payload["fileList"] == []
    api.post("update", {"webRecordingConfig": {"onhold": False}})
    api.emu.clock.advance(16)
    payload = api.query().json()["serverResponse"]["extensionServiceState"][0]["payload"]
    assert len(payload["fileList"]) == 1


def test_update_rtmp_and_storage(api: Api) -> None:
    api.cname = "web1"
    api.begin("web")
    rtmp = {"rtmpPublishConfig": {"outputs": [{"rtmpUrl": "rtmp://cdn.example/live/x"}]}}
    assert api.post("update", rtmp).status_code == 200
    state = api.query().json()["serverResponse"]["extensionServiceState"]
    assert state[1]["serviceName"] == "rtmp_publish_service"
    assert state[1]["payload"]["outputs"][0]["rtmpUrl"] == "rtmp://cdn.example/live/x"
    storage = {
        "vendor": 1,
        "region": 0,
        "bucket": "b",
        "accessKey": "a",
        "secretKey": "s",
        "stsToken": "fresh",
    }
    assert api.post("update", {"storageConfig": storage}).status_code == 200
    assert api.emu.task(api.sid)["storage"]["stsToken"] == "fresh"


def test_update_layout_is_a_full_replace(api: Api) -> None:
    tc = {"width": 640, "height": 360, "mixedVideoLayout": 1, "backgroundColor": "#FF0000"}
    api.begin("mix", recordingConfig={"channelType": 0, "transcodingConfig": tc})
    assert api.emu.task(api.sid)["layout"] == {"mixedVideoLayout": 1, "backgroundColor": "#FF0000"}
    region = {"uid": "1001", "x_axis": 0.5, "y_axis": 0, "width": 0.5, "height": 1}
    r = api.post("updateLayout", {"mixedVideoLayout": 3, "layoutConfig": [region]})
    assert r.status_code == 200
    assert r.json() == {"cname": api.cname, "uid": api.uid, "resourceId": api.rid, "sid": api.sid}
    layout = api.emu.task(api.sid)["layout"]
    assert layout == {"mixedVideoLayout": 3, "backgroundColor": "#000000", "layoutConfig": [region]}
    api.post("updateLayout", {})
    assert api.emu.task(api.sid)["layout"] == {"mixedVideoLayout": 0, "backgroundColor": "#000000"}


@pytest.mark.parametrize(
    "client_request",
    [
        {"mixedVideoLayout": 3},
        {"mixedVideoLayout": 1, "layoutConfig": [{"x_axis": 0, "y_axis": 0, "width": 1}]},
        {"mixedVideoLayout": 4},
        {"mixedVideoLayout": 3, "layoutConfig": [{"x_axis": 0, "y_axis": 0, "width": 1}] * 18},
    ],
)
def test_invalid_layout_is_1028(api: Api, client_request: dict[str, Any]) -> None:
    api.begin("mix")
    r = api.post("updateLayout", client_request)
    assert r.status_code == 400
    assert r.json()["code"] == 1028


def test_update_layout_outside_mix_is_code_2(api: Api) -> None:
    api.begin("individual")
    r = api.post("updateLayout", {"mixedVideoLayout": 1})
    assert r.status_code == 400
    assert r.json()["code"] == 2


_coord = st.one_of(st.floats(min_value=-0.5, max_value=1.5, allow_nan=False), st.integers(-1, 2))


@_SETTINGS
@given(x=_coord, y=_coord, w=_coord, h=_coord)
def test_region_accepted_iff_inside_canvas(
    api: Api, x: float, y: float, w: float, h: float
) -> None:
    if not api.sid:
        api.begin("mix")
    region = {"x_axis": x, "y_axis": y, "width": w, "height": h}
    r = api.post("updateLayout", {"mixedVideoLayout": 3, "layoutConfig": [region]})
    valid = all(0 <= v <= 1 for v in (x, y, w, h)) and x + w <= 1 + 1e-9 and y + h <= 1 + 1e-9
    assert r.status_code == (200 if valid else 400), (region, r.text)


def test_stop_returns_files_then_exiting_then_gone(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    api.emu.clock.advance(30)
    r = api.stop()
    assert r.status_code == 200
    body = r.json()
    assert {k: body[k] for k in ("cname", "uid", "resourceId", "sid")} == {
        "cname": api.cname,
        "uid": api.uid,
        "resourceId": api.rid,
        "sid": api.sid,
    }
    assert body["serverResponse"] == {
        "fileListMode": "string",
        "fileList": f"{api.sid}_{api.cname}.m3u8",
        "uploadingStatus": "uploaded",
    }
    again = api.stop()
    assert again.status_code == 400
    assert again.json() == {"code": 49, "reason": "invalid operation"}
    assert api.query().status_code == 404  # exiting: 404 (see service.query)
    assert api.emu.task(api.sid)["state"] == "exiting"
    api.emu.clock.advance(3)
    assert api.emu.task(api.sid)["state"] == "ended"
    assert api.stop().status_code == 404
    assert api.post("update", {}).status_code == 404


def test_stop_without_any_publisher_is_206_435(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001, role="audience", audio=False, video=False)
    api.begin("mix")
    api.emu.clock.advance(10)
    r = api.stop()
    assert r.status_code == 206
    assert r.json() == {
        "cname": api.cname,
        "uid": api.uid,
        "resourceId": api.rid,
        "sid": api.sid,
        "code": 435,
        "reason": "no recorded data",
    }


def test_stop_reports_backuped(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("individual")
    api.emu.clock.advance(30)
    api.emu.set_backup_upload(api.sid, True)
    assert api.stop().json()["serverResponse"]["uploadingStatus"] == "backuped"


def test_web_stop_shape(api: Api) -> None:
    api.cname = "web1"
    api.begin("web", recordingFileConfig={"avFileType": ["hls", "mp4"]})
    api.emu.clock.advance(40)
    state = api.stop().json()["serverResponse"]["extensionServiceState"]
    assert state[0] == {"serviceName": "upload_service", "payload": {"uploadingStatus": "uploaded"}}
    web = state[1]
    assert web["serviceName"] == "web_recorder_service"
    assert web["payload"]["state"] == "exit"
    assert [f["filename"] for f in web["payload"]["fileList"]] == [
        f"{api.sid}_web1.m3u8",
        f"{api.sid}_web1_0.mp4",
    ]


def test_stop_body_must_match_the_resource(api: Api) -> None:
    api.begin("mix")
    api.uid = "1"
    assert api.stop().json()["code"] == 432
