"""Body rules per current docs: raw mode, optional recordingFileConfig, withdrawn scene 2,
ignored unknown fields (with a warning), the 17-uid composite, the rate-limit scope."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from recorder_gui.emulator import Emulator
from recorder_gui.emulator.unknown_fields import ignored_fields
from tests.emulator.conftest import STORAGE, Api, start_request


def _set(req: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Copy of ``req`` with a dotted path set (``...`` deletes; digits index arrays)."""
    out = copy.deepcopy(req)
    node: Any = out
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if value is ...:
        node.pop(keys[-1], None)
    else:
        node[keys[-1]] = value
    return out


def _start(api: Api, mode: str, req: dict[str, Any]) -> httpx.Response:
    api.acquire({"scene": 1 if mode == "web" else 0})
    return api.start(mode, req)


RAW = start_request("individual")
FILES = "recordingFileConfig"
# (case, mode, body, accepted?, field named in the refusal)
MODE_RULES: list[tuple[str, str, dict[str, Any], bool, str]] = [
    ("raw hls", "raw", RAW, True, ""),
    ("raw hls+mp4", "raw", _set(RAW, f"{FILES}.avFileType", ["hls", "mp4"]), True, ""),
    ("raw mp4+hls", "raw", _set(RAW, f"{FILES}.avFileType", ["mp4", "hls"]), True, ""),
    ("raw mp3 audio only", "raw", _set(_set(RAW, f"{FILES}.avFileType", ["mp3"]),
                                       "recordingConfig.streamTypes", 0), True, ""),
    ("raw mp3 audio+video", "raw", _set(RAW, f"{FILES}.avFileType", ["mp3"]), True, ""),
    ("raw without recordingFileConfig", "raw", _set(RAW, FILES, ...), True, ""),
    ("raw screenshots", "raw", _set(_set(RAW, FILES, ...), "snapshotConfig",
                                    {"fileType": ["jpg"]}), True, ""),
    ("raw mp3 video only", "raw", _set(_set(RAW, f"{FILES}.avFileType", ["mp3"]),
                                       "recordingConfig.streamTypes", 1), False, "streamTypes"),
    ("raw streamMode standard", "raw", _set(RAW, "recordingConfig.streamMode", "standard"),
     False, "recordingConfig.streamMode"),
    ("raw streamMode default", "raw", _set(RAW, "recordingConfig.streamMode", "default"),
     False, "recordingConfig.streamMode"),
    ("raw extensionServiceConfig", "raw", _set(RAW, "extensionServiceConfig", {}), False,
     "extensionServiceConfig"),
    ("raw mp4 alone", "raw", _set(RAW, f"{FILES}.avFileType", ["mp4"]), False, "avFileType"),
    ("raw hls+mp3", "raw", _set(RAW, f"{FILES}.avFileType", ["hls", "mp3"]), False,
     "avFileType"),
    ("raw flv", "raw", _set(RAW, f"{FILES}.avFileType", ["flv"]), False, "avFileType"),
    ("individual streamMode", "individual", _set(RAW, "recordingConfig.streamMode", "standard"),
     True, ""),
    ("individual mp4", "individual", _set(RAW, f"{FILES}.avFileType", ["hls", "mp4"]), False,
     "avFileType"),
    ("individual mp3", "individual", _set(RAW, f"{FILES}.avFileType", ["mp3"]), False,
     "avFileType"),
    ("mix mp3", "mix", _set(start_request("mix"), f"{FILES}.avFileType", ["mp3"]), False,
     "avFileType"),
    ("mix without recordingFileConfig", "mix", _set(start_request("mix"), FILES, ...), True, ""),
    ("individual without recordingFileConfig", "individual", _set(RAW, FILES, ...), True, ""),
    ("web without recordingFileConfig", "web", _set(start_request("web"), FILES, ...), True, ""),
    ("mix 18 layout regions", "mix", _set(_set(start_request("mix"),
     "recordingConfig.transcodingConfig.mixedVideoLayout", 3),
     "recordingConfig.transcodingConfig.layoutConfig",
     [{"x_axis": 0, "y_axis": 0, "width": 0.1, "height": 0.1}] * 18), False, "layoutConfig"),
    ("mix 17 layout regions", "mix", _set(_set(start_request("mix"),
     "recordingConfig.transcodingConfig.mixedVideoLayout", 3),
     "recordingConfig.transcodingConfig.layoutConfig",
     [{"x_axis": 0, "y_axis": 0, "width": 0.1, "height": 0.1}] * 17), True, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "mode", "body", "ok", "named"), MODE_RULES, ids=[r[0] for r in MODE_RULES]
)
def test_mode_rules(
    api: Api, case: str, mode: str, body: dict[str, Any], ok: bool, named: str
) -> None:
    r = _start(api, mode, body)
    if ok:
        assert r.status_code == 200, r.text
        return
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 2
    assert named in r.json()["reason"]


def test_raw_task_is_individual_recording(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    assert _start(api, "raw", RAW).status_code == 200
    task = api.emu.task(api.sid)
    assert (task["mode"], task["url_mode"]) == ("individual", "raw")
    api.emu.clock.advance(20)
    names = [f["fileName"] for f in api.query("raw").json()["serverResponse"]["fileList"]]
    assert names == [
        f"{api.sid}_{api.cname}__uid_s_1001__uid_e_audio.m3u8",
        f"{api.sid}_{api.cname}__uid_s_1001__uid_e_video.m3u8",
    ]
    assert api.query("individual").status_code == 200  # UNCONFIRMED: both names answer


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["hls", "mp4"], ["audio.m3u8", "audio_0.mp4", "video.m3u8", "video_0.mp4"]),
        (["mp3"], ["audio_0.mp3"]),
    ],
)
def test_raw_outputs_after_stop(api: Api, types: list[str], expected: list[str]) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    assert _start(api, "raw", _set(RAW, f"{FILES}.avFileType", types)).status_code == 200
    api.emu.clock.advance(60)
    r = api.stop()
    assert r.status_code == 200
    prefix = f"{api.sid}_{api.cname}__uid_s_1001__uid_e_"
    files = r.json()["serverResponse"]["fileList"]
    assert [f["fileName"].removeprefix(prefix) for f in files] == expected
    if types == ["mp3"]:
        assert files[0]["trackType"] == "audio"
        assert all(n.endswith(".mp3") for n in api.emu.storage_objects(api.sid))


def test_mp3_only_lists_no_file_before_stop(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    _start(api, "raw", _set(RAW, f"{FILES}.avFileType", ["mp3"]))
    api.emu.clock.advance(60)
    response = api.query().json()["serverResponse"]
    assert response["fileList"] == []
    assert response["status"] == 4  # status 5 = first file uploaded; none is, yet


@pytest.mark.parametrize(
    ("mode", "snapshot", "files", "expect_ts", "expect_jpg"),
    [
        ("individual", False, False, True, False),  # optional: default ["hls"]
        ("individual", True, False, False, True),  # screenshots only
        ("individual", True, True, True, True),  # recording and screenshots in one task
    ],
)
def test_recording_file_config_is_optional(
    api: Api, mode: str, snapshot: bool, files: bool, expect_ts: bool, expect_jpg: bool
) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    req = start_request(mode)
    if not files:
        req = _set(req, FILES, ...)
    if snapshot:
        req = _set(req, "snapshotConfig", {"captureInterval": 5, "fileType": ["jpg"]})
    assert _start(api, mode, req).status_code == 200
    api.emu.clock.advance(40)
    objects = api.emu.storage_objects(api.sid)
    assert any(n.endswith(".ts") for n in objects) is expect_ts
    assert any(n.endswith(".jpg") for n in objects) is expect_jpg


def test_mix_without_recording_file_config_is_hls(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    _start(api, "mix", _set(start_request("mix"), FILES, ...))
    api.emu.clock.advance(20)
    response = api.query().json()["serverResponse"]
    assert response["fileListMode"] == "string"
    assert response["fileList"] == f"{api.sid}_{api.cname}.m3u8"


# -- scene 2 --------------------------------------------------------------------------------


def test_scene_2_is_refused_at_acquire(api: Api) -> None:
    r = api.acquire({"scene": 2})
    assert r.status_code == 400
    assert r.json()["code"] == 2
    assert "scene" in r.json()["reason"]
    assert "removed from the documentation in 2025" in r.json()["reason"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("appsCollection", {"combinationPolicy": "postpone_transcoding"}),
        ("transcodeOptions", {"transConfig": {"transMode": "audioMix"}}),
    ],
)
def test_scene_2_fields_are_refused_at_start(api: Api, field: str, value: Any) -> None:
    r = _start(api, "individual", _set(RAW, field, value))
    assert r.status_code == 400
    assert r.json()["code"] == 2
    assert field in r.json()["reason"]
    assert "removed from the documentation in 2025" in r.json()["reason"]


# -- unknown fields -------------------------------------------------------------------------

TC = "recordingConfig.transcodingConfig"
UNKNOWN: list[tuple[str, str, str]] = [
    ("start", "clientRequest.extraTopLevel", "extraTopLevel"),
    ("start", f"clientRequest.{TC}.backgroudColor", f"{TC}.backgroudColor"),  # Agora's typo
    ("start", "clientRequest.recordingConfig.subscribeUidGrop", "recordingConfig.subscribeUidGrop"),
    ("start", "clientRequest.storageConfig.extensionParams.kms", "extensionParams.kms"),
    ("start", "clientRequest.recordingFileConfig.avFileTypes", "avFileTypes"),
    ("start", "envelopeExtra", "envelopeExtra"),
    ("acquire", "clientRequest.sceen", "sceen"),
    ("update", "clientRequest.streamSubscribe.audioUidList.subscribeAudioUid", "subscribeAudioUid"),
    ("updateLayout", "clientRequest.backgroudColor", "backgroudColor"),
    ("updateLayout", "clientRequest.layoutConfig.0.zOrder", "layoutConfig[0].zOrder"),
    ("stop", "clientRequest.asyncStop", "asyncStop"),
]  # fmt: skip
REGION = {"x_axis": 0, "y_axis": 0, "width": 1, "height": 1}


@pytest.mark.parametrize(("endpoint", "path", "named"), UNKNOWN)
def test_unknown_fields_are_ignored_with_a_warning(
    api: Api, endpoint: str, path: str, named: str
) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    envelope = api.envelope(start_request("mix"))
    if endpoint != "start":
        api.begin("mix")
        client = {
            "acquire": {},
            "update": {"streamSubscribe": {"audioUidList": {}}},
            "updateLayout": {"mixedVideoLayout": 3, "layoutConfig": [REGION]},
            "stop": {},
        }[endpoint]
        envelope = api.envelope(client)
        api.emu.clock.advance(20)
    body = _set(envelope, path, "#FF0000")
    url = {"start": None, "acquire": f"{api.base}/acquire"}.get(endpoint, api.task_url(endpoint))
    if endpoint == "start":
        api.acquire({})
        url = f"{api.base}/resourceid/{api.rid}/mode/mix/start"
    r = api.http.post(url, json=body)
    assert r.status_code == 200, r.text
    [warning] = api.emu.requests(endpoint)[-1].warnings
    assert warning.startswith("ignored unknown field ")
    assert warning.endswith(named)
    exported = api.http.get("/_emulator/requests", params={"endpoint": endpoint}).json()
    assert exported[-1]["warnings"] == [warning]
    if endpoint == "start":
        task = api.emu.task(r.json()["sid"])
        assert task["warnings"] == [warning.removeprefix("ignored unknown field ")]
        assert task["layout"]["backgroundColor"] == "#000000"  # the typo had no effect


def test_known_fields_are_not_warned_about(api: Api) -> None:
    api.begin("mix")
    assert all(r.warnings == () for r in api.emu.requests())
    everything = copy.deepcopy(start_request("individual"))
    everything["recordingConfig"].update(unsubscribeAudioUids=["1"], privateParams="{}")
    everything["storageConfig"]["extensionParams"] = {"sse": "kms", "tag": "t"}
    assert ignored_fields("start", {"cname": "c", "uid": "1", "clientRequest": everything}) == []


@pytest.mark.parametrize(
    ("endpoint", "path", "value", "code"),
    [
        ("start", f"{TC}.width", "640", 2),
        ("start", f"{TC}.backgroundColor", 0xFF0000, 2),
        ("start", f"{TC}.layoutConfig", "all", 2),
        ("start", "recordingFileConfig.avFileType", "hls", 2),
        ("start", "storageConfig.vendor", "1", 2),
        ("start", "token", 7, 2),
        ("updateLayout", "mixedVideoLayout", "1", 1028),
        ("updateLayout", "backgroundConfig", [{"uid": 5, "image_url": "x"}], 1028),
        ("stop", "async_stop", 1, 2),
    ],
)
def test_known_fields_with_a_wrong_type_are_refused(
    api: Api, endpoint: str, path: str, value: Any, code: int
) -> None:
    if endpoint == "start":
        r = _start(api, "mix", _set(start_request("mix"), path, value))
    else:
        api.begin("mix")
        r = api.post(endpoint, _set({}, path, value))
    assert r.status_code == 400, r.text
    assert r.json()["code"] == code
    assert path.split(".")[-1] in r.json()["reason"]


# -- the composite's 17 places --------------------------------------------------------------


def test_composite_records_the_first_17_uids(api: Api) -> None:
    sid = api.begin("mix")
    for uid in range(1, 21):
        api.emu.add_user(api.appid, api.cname, uid)
        api.emu.clock.advance(1)
    assert api.emu.task(sid)["composite_uids"] == list(range(1, 18))
    api.emu.remove_user(api.appid, api.cname, 3)
    api.emu.clock.advance(1)
    assert api.emu.task(sid)["composite_uids"] == [1, 2, *range(4, 18), 18]
    api.emu.remove_user(api.appid, api.cname, 19)  # waiting: leaves no place behind
    api.emu.remove_user(api.appid, api.cname, 1)
    api.emu.clock.advance(1)
    assert api.emu.task(sid)["composite_uids"] == [2, *range(4, 19), 20]


def test_only_subscribed_uids_take_places(api: Api) -> None:
    rec = {"channelType": 0, "subscribeAudioUids": ["30", "31"], "subscribeVideoUids": ["30"],
           "transcodingConfig": {"width": 640, "height": 360}}  # fmt: skip
    sid = api.begin("mix", recordingConfig=rec)
    for uid in range(1, 20):
        api.emu.add_user(api.appid, api.cname, uid)
    api.emu.add_user(api.appid, api.cname, 31)
    api.emu.add_user(api.appid, api.cname, 30)
    api.emu.clock.advance(10)
    assert sorted(api.emu.task(sid)["composite_uids"]) == [30, 31]


def test_layout_with_18_regions_is_refused_by_update_layout(api: Api) -> None:
    api.begin("mix")
    regions = [{"x_axis": 0, "y_axis": 0, "width": 0.1, "height": 0.1}] * 18
    r = api.post("updateLayout", {"mixedVideoLayout": 3, "layoutConfig": regions})
    assert r.json()["code"] == 1028
    assert "layoutConfig" in r.json()["reason"]


# -- rate-limit scope -----------------------------------------------------------------------

OTHER_APP = "a" * 32


@pytest.mark.parametrize(("scope", "shared"), [("account", True), ("app", False)])
def test_rate_limit_scope(http: httpx.Client, emulator: Emulator, scope: str, shared: bool) -> None:
    emulator.config.rate_limit_scope = scope
    body = {"cname": "room1", "uid": "1", "clientRequest": {}}
    first = [
        http.post(f"/v1/apps/{'b' * 32}/cloud_recording/acquire", json=body) for _ in range(10)
    ]
    assert all(r.status_code == 200 for r in first)
    other = http.post(f"/v1/apps/{OTHER_APP}/cloud_recording/acquire", json=body)
    assert other.status_code == (429 if shared else 200)
    # Another customer ID never shares the budget.
    emulator.config.credentials["customer-2"] = "secret-2"
    r = httpx.post(
        str(http.base_url).rstrip("/") + f"/v1/apps/{OTHER_APP}/cloud_recording/acquire",
        json=body,
        auth=("customer-2", "secret-2"),
    )
    assert r.status_code == 200


def test_rate_limit_scope_from_the_control_api(http: httpx.Client, emulator: Emulator) -> None:
    assert http.get("/_emulator/config").json()["rate_limit_scope"] == "account"
    r = http.post("/_emulator/config", json={"rate_limit_scope": "app"})
    assert r.json()["rate_limit_scope"] == "app"
    assert emulator.config.rate_limit_scope == "app"
    assert http.post("/_emulator/config", json={"rate_limit_scope": "x"}).status_code == 400


def test_config_settings_are_checked_before_any_applies(
    http: httpx.Client, emulator: Emulator
) -> None:
    r = http.post("/_emulator/config", json={"rate_limit_scope": "app", "storage_keys": "ak:sk"})
    assert r.status_code == 400
    assert emulator.config.rate_limit_scope == "account"
    ok = {"storage_keys": [{"accessKey": "a", "secretKey": "s"}, "b:t"], "rate_limit_per_second": 5}
    assert http.post("/_emulator/config", json=ok).json()["storage_keys"] == ["***", "***"]
    assert emulator.config.storage_keys == frozenset({("a", "s"), ("b", "t")})
    assert http.post("/_emulator/config", json={"storage_keys": None}).status_code == 200
    assert emulator.config.storage_keys is None
    assert STORAGE["accessKey"] not in http.get("/_emulator/config").text
