"""query: status progression and serverResponse shapes per mode, file names and storage."""

from __future__ import annotations

import re
from typing import Any

from tests.emulator.conftest import Api

STAMP = r"\d{17}"


def _response(api: Api) -> dict[str, Any]:
    r = api.query()
    assert r.status_code == 200, r.text
    body = r.json()
    assert {k: body[k] for k in ("cname", "uid", "resourceId", "sid")} == {
        "cname": api.cname,
        "uid": api.uid,
        "resourceId": api.rid,
        "sid": api.sid,
    }
    response: dict[str, Any] = body["serverResponse"]
    return response


def test_status_steps_then_first_slice(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    seen = []
    for _ in range(5):
        seen.append(_response(api)["status"])
        api.emu.clock.advance(1.0)
    assert seen == [0, 1, 2, 3, 4]
    assert _response(api)["fileList"] == ""
    api.emu.clock.advance(14.0)  # 4 s + 15 s after start: first slice is uploaded
    resp = _response(api)
    assert resp["status"] == 5
    assert resp["fileListMode"] == "string"
    assert resp["fileList"] == f"{api.sid}_{api.cname}.m3u8"
    assert resp["sliceStartTime"] == int(round((api.emu.task(api.sid)["started_at"] + 4) * 1000))


def test_no_publisher_means_no_files(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001, audio=False, video=False)
    api.begin("mix")
    api.emu.clock.advance(25)
    resp = _response(api)
    assert resp["status"] == 4
    assert resp["fileList"] == ""
    assert resp["sliceStartTime"] == 0


def test_mix_hls_mp4_is_json_with_prefix(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    storage = {
        "vendor": 2,
        "region": 3,
        "bucket": "b",
        "accessKey": "a",
        "secretKey": "s",
        "fileNamePrefix": ["dir1", "dir2"],
    }
    api.begin("mix", recordingFileConfig={"avFileType": ["hls", "mp4"]}, storageConfig=storage)
    api.emu.clock.advance(20)
    resp = _response(api)
    assert resp["fileListMode"] == "json"
    [entry] = resp["fileList"]
    assert entry["fileName"] == f"dir1/dir2/{api.sid}_{api.cname}.m3u8"
    assert entry["trackType"] == "audio_and_video"
    assert entry["uid"] == "0"
    assert entry["mixedAllUser"] is True
    assert entry["isPlayable"] is True
    assert entry["sliceStartTime"] == resp["sliceStartTime"]
    stop = api.stop().json()["serverResponse"]
    names = [f["fileName"] for f in stop["fileList"]]
    assert names == [
        f"dir1/dir2/{api.sid}_{api.cname}.m3u8",
        f"dir1/dir2/{api.sid}_{api.cname}_0.mp4",
    ]


def test_individual_lists_each_track(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.emu.add_user(api.appid, api.cname, 1002, video=False)
    api.begin("individual")
    api.emu.clock.advance(20)
    resp = _response(api)
    assert resp["fileListMode"] == "json"
    got = {(f["uid"], f["trackType"], f["mixedAllUser"]) for f in resp["fileList"]}
    assert got == {("1001", "audio", False), ("1001", "video", False), ("1002", "audio", False)}
    names = {f["fileName"] for f in resp["fileList"]}
    assert f"{api.sid}_{api.cname}__uid_s_1001__uid_e_video.m3u8" in names


def test_individual_subscription_whitelist(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.emu.add_user(api.appid, api.cname, 1002)
    rec = {"channelType": 0, "subscribeUidGroup": 0, "subscribeVideoUids": ["1002"]}
    api.begin("individual", recordingConfig=rec)
    api.emu.clock.advance(20)
    got = {(f["uid"], f["trackType"]) for f in _response(api)["fileList"]}
    # A list for video only: audio is not subscribed at all.
    assert got == {("1002", "video")}


def test_individual_snapshots_shape_and_jpgs(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    rec = {"channelType": 0, "subscribeUidGroup": 0, "streamTypes": 2}
    api.begin(
        "individual",
        recordingConfig=rec,
        snapshotConfig={"captureInterval": 5, "fileType": ["jpg"]},
        recordingFileConfig=None,
    )
    api.emu.clock.advance(4 + 11)
    resp = _response(api)
    assert set(resp) == {"status", "sliceStartTime"}
    assert resp["status"] == 5
    jpgs = api.emu.storage_objects(api.sid)
    assert len(jpgs) == 3
    assert all(
        re.fullmatch(rf"{api.sid}_room1__uid_s_1001__uid_e_video_{STAMP}\.jpg", n) for n in jpgs
    )
    assert api.stop().json()["serverResponse"] == {"uploadingStatus": "uploaded"}


def test_web_query_shape(api: Api) -> None:
    api.cname = "https://example.com/page?x=1"
    api.begin("web")
    assert _response(api)["extensionServiceState"][0]["payload"]["fileList"] == []
    api.emu.clock.advance(20)
    resp = _response(api)
    assert resp["status"] == 5
    [svc] = resp["extensionServiceState"]
    assert svc["serviceName"] == "web_recorder_service"
    payload = svc["payload"]
    assert payload["onhold"] is False
    assert payload["state"] == "inProgress"
    [entry] = payload["fileList"]
    assert set(entry) == {"filename", "sliceStartTime"}
    # the documented special characters become "-" ("/" is not in the list)
    assert entry["filename"] == f"{api.sid}_https-//example-com/page-x-1.m3u8"


def test_storage_objects_follow_naming_rules(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001, video=False)
    api.begin("individual")
    api.emu.clock.advance(4 + 45)
    names = api.emu.storage_objects(api.sid)
    prefix = f"{api.sid}_{api.cname}__uid_s_1001__uid_e_audio"
    assert names[0] == prefix + ".m3u8"
    assert len(names) == 4
    assert all(re.fullmatch(rf"{prefix}_{STAMP}\.ts", n) for n in names[1:])
    api.emu.clock.advance(5)
    api.stop()
    assert len(api.emu.storage_objects(api.sid)) == 5  # the trailing partial slice


def test_query_unknown_sid_is_404(api: Api) -> None:
    api.begin("mix")
    api.sid = "0" * 32
    r = api.query()
    assert r.status_code == 404
    assert r.json() == {"code": 404, "reason": "failed to find worker"}


def test_sid_of_another_resource_is_1003(api: Api) -> None:
    api.begin("mix")
    api.rid = api.acquire({}).json()["resourceId"]
    r = api.query()
    assert r.status_code == 400
    assert r.json()["code"] == 1003


def test_query_with_the_wrong_mode_is_code_2(api: Api) -> None:
    api.begin("mix")
    r = api.query("individual")
    assert r.status_code == 400
    assert r.json()["code"] == 2


def test_resource_expired_hour_ends_the_task(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    assert api.acquire({"resourceExpiredHour": 1}).status_code == 200
    assert api.start("mix").status_code == 200
    api.emu.clock.advance(3599)
    assert api.query().status_code == 200
    api.emu.clock.advance(2)
    assert api.query().status_code == 404
    assert api.stop().status_code == 404
    assert api.emu.task(api.sid)["ended_reason"] == "resource_expired"
