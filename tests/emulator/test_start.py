"""start: the check order (docs/api-notes.md, "Emulator model"), body validation per mode."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from recorder_gui.emulator import Emulator
from recorder_gui.emulator.masking import MASK, mask_secrets
from tests.emulator.conftest import STORAGE, Api, start_request


def test_start_returns_sid(api: Api) -> None:
    api.acquire({})
    r = api.start("mix")
    assert r.status_code == 200
    data = r.json()
    assert set(data) == {"cname", "uid", "resourceId", "sid"}
    assert data["resourceId"] == api.rid
    assert re.fullmatch(r"[0-9a-f]{32}", data["sid"])
    assert api.emu.task(data["sid"])["state"] == "running"
    # The history keeps the body with its storage keys masked; the task holds the real ones.
    sent = api.emu.last_body("start")["clientRequest"]
    assert sent == mask_secrets(start_request("mix"))
    assert sent["storageConfig"]["secretKey"] == MASK
    assert api.emu.task(data["sid"])["storage"]["secretKey"] == STORAGE["secretKey"]


@pytest.mark.parametrize("rid", ["garbage", "A" * 300, "AXsi" + "x" * 290])
def test_undecodable_resource_is_1001(api: Api, rid: str) -> None:
    api.rid = rid
    r = api.start("mix")
    assert r.status_code == 400
    assert r.json()["code"] == 1001


def test_resource_from_another_emulator_is_1001(api: Api) -> None:
    api.acquire({})
    other = Emulator()
    api.emu.config.resource_secret = other.config.resource_secret
    assert api.start("mix").json()["code"] == 1001


@pytest.mark.parametrize("field", ["cname", "uid", "appid"])
def test_mismatch_with_resource_is_432(api: Api, field: str) -> None:
    api.acquire({})
    if field == "cname":
        api.cname = "other"
    elif field == "uid":
        api.uid = "42"
    else:
        api.appid = "f" * 32
    r = api.start("mix")
    assert r.status_code == 400
    assert r.json()["code"] == 432


def test_resource_older_than_five_minutes_is_433(api: Api) -> None:
    api.acquire({})
    api.emu.clock.advance(301)
    r = api.start("mix")
    assert r.status_code == 400
    assert r.json()["code"] == 433


def test_resource_just_under_five_minutes_is_fine(api: Api) -> None:
    api.acquire({})
    api.emu.clock.advance(299)
    assert api.start("mix").status_code == 200


def test_start_twice_is_201_already_started_without_sid(api: Api) -> None:
    sid = api.begin("mix")
    r = api.start("mix")
    assert r.status_code == 201
    assert r.json() == {
        "cname": api.cname,
        "uid": api.uid,
        "resourceId": api.rid,
        "code": 7,
        "reason": "already started",
    }
    assert [t["sid"] for t in api.emu.tasks()] == [sid]


def test_same_channel_and_uid_is_task_conflict(api: Api) -> None:
    api.begin("mix")
    api.acquire({})
    r = api.start("mix")
    assert r.status_code == 400
    assert r.json() == {"code": 53, "reason": "task conflict"}
    api.uid = "99"  # another bot uid records the same channel in parallel
    api.acquire({})
    assert api.start("mix").status_code == 200


def test_used_and_finished_resource_is_1005(api: Api) -> None:
    api.begin("mix")
    api.stop()
    r = api.start("mix")
    assert r.status_code == 400
    assert r.json()["code"] == 1005


def test_quota_at_start(api: Api) -> None:
    api.acquire({})
    first = api.rid
    api.uid = "2"
    api.acquire({})
    api.emu.config.max_concurrent_tasks = 1
    assert api.start("mix").status_code == 200
    api.uid, api.rid = "527841", first
    r = api.start("mix")
    assert r.json() == {"code": 406, "reason": "vendor_over_load"}


def test_unknown_mode_is_code_2(api: Api) -> None:
    api.acquire({})
    assert api.start("composite", start_request("mix")).json()["code"] == 2


def _set(req: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Copy of ``req`` with a dotted path set (value ``...`` deletes it)."""
    out = copy.deepcopy(req)
    node: Any = out
    keys = path.split(".")
    for key in keys[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else node[int(key)]
    if value is ...:
        node.pop(keys[-1], None)
    else:
        node[keys[-1]] = value
    return out


TC = "recordingConfig.transcodingConfig"
WEB = "extensionServiceConfig.extensionServices.0.serviceParam"
INVALID: list[tuple[str, str, Any, str]] = [
    ("mix", "recordingConfig", ..., "recordingConfig"),
    ("individual", "recordingConfig", ..., "recordingConfig"),
    ("mix", "storageConfig", ..., "storageConfig"),
    ("mix", "storageConfig.vendor", 9, "vendor"),
    ("mix", "storageConfig.region", 17, "region"),
    ("mix", "storageConfig", {**STORAGE, "vendor": 5, "region": 3}, "region"),  # Azure: 0 only
    ("mix", "storageConfig.bucket", "", "bucket"),
    ("mix", "storageConfig.fileNamePrefix", ["a_b"], "fileNamePrefix"),
    ("mix", "storageConfig.fileNamePrefix", ["a" * 100, "b" * 40], "fileNamePrefix"),
    ("mix", "storageConfig.stsToken", 1, "stsToken"),
    ("mix", "recordingFileConfig.avFileType", ["mp4"], "avFileType"),
    ("mix", "recordingFileConfig.avFileType", ["hls", "flv"], "avFileType"),
    ("individual", "recordingFileConfig.avFileType", ["hls", "mp4"], "avFileType"),
    ("mix", "recordingConfig.maxIdleTime", 4, "maxIdleTime"),
    ("mix", "recordingConfig.maxIdleTime", 2592001, "maxIdleTime"),
    ("mix", "recordingConfig.streamTypes", 3, "streamTypes"),
    ("mix", "recordingConfig.channelType", 2, "channelType"),
    ("mix", "recordingConfig.subscribeAudioUids", ["1"] * 33, "subscribeAudioUids"),
    ("mix", "recordingConfig.subscribeAudioUids", [1], "subscribeAudioUids"),
    ("individual", "recordingConfig.subscribeUidGroup", ..., "subscribeUidGroup"),
    ("individual", "recordingConfig.transcodingConfig", {}, "transcodingConfig"),
    ("mix", "recordingConfig.streamMode", "standard", "streamMode"),
    ("mix", "recordingConfig.decryptionMode", 1, "secret"),
    (f"mix:{TC}.width", f"{TC}.height", 1081, "width"),
    ("mix", f"{TC}.bitrate", 6501, "bitrate"),
    ("mix", f"{TC}.mixedVideoLayout", 3, "layoutConfig"),
    ("mix", f"{TC}.backgroundColor", "red", "backgroundColor"),
    (
        "mix",
        f"{TC}.layoutConfig",
        [{"x_axis": 0, "y_axis": 0, "width": 1, "height": 1}] * 18,
        "layoutConfig",
    ),  # 17 regions at most, mixedVideoLayout 3 or not
    ("mix", f"{TC}.layoutConfig", [{"x_axis": 0, "y_axis": 0, "width": 1, "height": 1}], "layout"),
    ("mix", "snapshotConfig", {"captureInterval": 10, "fileType": ["jpg"]}, "snapshotConfig"),
    ("mix", "extensionServiceConfig", {}, "extensionServiceConfig"),
    ("web", "extensionServiceConfig", ..., "extensionServiceConfig"),
    ("web", f"{WEB}.url", ..., "url"),
    ("web", f"{WEB}.videoWidth", 239, "videoWidth"),
    ("web", f"{WEB}.videoHeight", 1921, "videoHeight"),
    ("web", f"{WEB}.maxRecordingHour", 0, "maxRecordingHour"),
    ("web", f"{WEB}.maxRecordingHour", 721, "maxRecordingHour"),
    ("web", f"{WEB}.videoFps", 61, "videoFps"),
    ("web", f"{WEB}.maxVideoDuration", 29, "maxVideoDuration"),
    ("web", f"{WEB}.readyTimeout", -1, "readyTimeout"),
    ("web", f"{WEB}.readyTimeout", 1.5, "readyTimeout"),
    ("web", f"{WEB}.readyTimeout", 61, "readyTimeout"),
    ("web", f"{WEB}.audioProfile", 3, "audioProfile"),
    ("web", "recordingFileConfig.avFileType", ["mp4"], "avFileType"),
]


@pytest.mark.parametrize(("mode", "path", "value", "named"), INVALID)
def test_invalid_start_bodies_are_code_2(
    api: Api, mode: str, path: str, value: Any, named: str
) -> None:
    req = start_request(mode.split(":")[0])
    if ":" in mode:  # a second field to set first (width 1920 with height 1080+)
        req = _set(req, mode.split(":")[1], 1920)
    req = _set(req, path, value)
    api.acquire({"scene": 1 if mode == "web" else 0})
    r = api.start(mode.split(":")[0], req)
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 2
    assert named in r.json()["reason"]


def test_web_mode_needs_scene_1(api: Api) -> None:
    api.acquire({"scene": 0})
    assert api.start("web", start_request("web")).json()["code"] == 2
    api.acquire({"scene": 1})
    assert api.start("mix", start_request("mix")).json()["code"] == 2


@pytest.mark.parametrize(
    ("mode", "path", "value"),
    [
        ("mix", "recordingFileConfig.avFileType", ["hls", "mp4"]),
        ("mix", "recordingConfig.maxIdleTime", 2592000),
        ("mix", "recordingConfig.unSubscribeAudioUids", ["5"]),
        ("mix", "recordingConfig.unsubscribeVideoUids", ["5"]),
        ("mix", "recordingConfig.subscribeAudioUids", ["#allstream#"]),
        ("mix", f"{TC}.bitrate", 6500),
        ("mix", "storageConfig.fileNamePrefix", ["abc", "Day1"]),
        ("individual", "snapshotConfig", {"captureInterval": 5, "fileType": ["jpg"]}),
        ("web", "recordingFileConfig.avFileType", ["hls", "mp4"]),
        ("web", f"{WEB}.readyTimeout", 60),
    ],
)
def test_valid_variants_are_accepted(api: Api, mode: str, path: str, value: Any) -> None:
    api.acquire({"scene": 1 if mode == "web" else 0})
    r = api.start(mode, _set(start_request(mode), path, value))
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("stream_types", "key", "ok"),
    [
        (0, "subscribeAudioUids", True),
        (0, "subscribeVideoUids", False),
        (1, "subscribeAudioUids", False),
        (1, "unSubscribeVideoUids", True),
        (2, "subscribeVideoUids", True),
    ],
)
def test_lists_must_fit_stream_types(api: Api, stream_types: int, key: str, ok: bool) -> None:
    req = _set(start_request("mix"), "recordingConfig.streamTypes", stream_types)
    req = _set(req, f"recordingConfig.{key}", ["1"])
    api.acquire({})
    assert (api.start("mix", req).status_code == 200) is ok


def test_subscribe_and_unsubscribe_are_exclusive(api: Api) -> None:
    req = _set(start_request("mix"), "recordingConfig.subscribeAudioUids", ["1"])
    req = _set(req, "recordingConfig.unsubscribeAudioUids", ["2"])
    api.acquire({})
    r = api.start("mix", req)
    assert r.json()["code"] == 2
    assert "mutually exclusive" in r.json()["reason"]


def test_s3_compatible_needs_endpoint(api: Api) -> None:
    req = _set(start_request("mix"), "storageConfig.vendor", 11)
    api.acquire({})
    assert "endpoint" in api.start("mix", req).json()["reason"]
    req = _set(req, "storageConfig.extensionParams", {"endpoint": "s3.example.com"})
    assert api.start("mix", req).status_code == 200
