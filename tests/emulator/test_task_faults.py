"""Task faults: the silent failures provoked mid-recording on a running task, and what stop
says about the uploads afterwards (uploaded, backuped, unknown)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from recorder_gui.emulator import Fault
from tests.emulator.conftest import Api


def kinds(api: Api, sid: str) -> list[int]:
    return [e["eventType"] for e in api.emu.events if e["sid"] == sid]


def details(api: Api, sid: str, event_type: int) -> dict[str, Any]:
    [event] = [e for e in api.emu.events if e["sid"] == sid and e["eventType"] == event_type]
    found: dict[str, Any] = event["payload"]["details"]
    return found


def recording(api: Api, mode: str) -> str:
    """A task of ``mode`` that has recorded for 30 s (status 5)."""
    api.cname = "web1" if mode == "web" else "room1"
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin(mode)
    api.emu.clock.advance(30)
    assert api.query().json()["serverResponse"]["status"] == 5
    return sid


# (kind, mode, seconds until the task is gone, ended_reason, events after start)
DEATHS: list[tuple[str, str, float, str, list[int]]] = [
    ("bot_kicked_token", "mix", 0, "bot_kicked_token", [1, 41, 33, 31, 11]),
    ("bot_kicked_token", "individual", 0, "bot_kicked_token", [1, 41, 33, 31, 11]),
    # the first upload refused (the slice ending at 34 s) warns, then the task dies
    ("storage_refused", "mix", 15, "storage_refused", [2, 1, 41, 11]),
    ("storage_refused", "individual", 15, "storage_refused", [2, 1, 41, 11]),
    ("storage_refused", "web", 15, "storage_refused", [2, 1, 71, 11]),
    ("web_max_hour", "web", 0, "web_max_hour", [71, 33, 31, 11]),
]


@pytest.mark.parametrize(("kind", "mode", "after", "reason", "tail"), DEATHS)
def test_task_fault_through_the_control_api(
    api: Api, kind: str, mode: str, after: float, reason: str, tail: list[int]
) -> None:
    sid = recording(api, mode)
    stored = api.emu.storage_objects(sid)
    started = kinds(api, sid)
    plain = httpx.Client(base_url=str(api.http.base_url))
    try:
        assert plain.post("/_emulator/faults", json={"kind": kind, "sid": sid}).status_code == 200
    finally:
        plain.close()
    assert api.emu.faults() == []  # acted at once, not kept for requests
    if after:
        api.emu.clock.advance(after - 0.5)
        assert api.query().status_code == 200
        assert api.emu.storage_objects(sid) == stored  # nothing new reached the storage
        api.emu.clock.advance(0.5)
    assert api.query().json() == {"code": 404, "reason": "failed to find worker"}
    assert api.emu.task(sid)["ended_reason"] == reason
    assert kinds(api, sid) == started + tail
    assert details(api, sid, 11)["exitStatus"] == (0 if kind == "web_max_hour" else 1)
    if kind == "web_max_hour":
        assert details(api, sid, 71)["code"] == 1
    if 1 in tail:
        error = details(api, sid, 1)
        assert (error["module"], error["errorCode"]) == (
            (0, 109) if kind == "bot_kicked_token" else (1, 32)
        )


def test_fault_delay_in_seconds(api: Api) -> None:
    sid = recording(api, "mix")
    api.emu.inject_fault(Fault(kind="bot_kicked_token", sid=sid, seconds=10))
    api.emu.clock.advance(9.9)
    assert api.query().status_code == 200
    api.emu.clock.advance(0.1)
    assert api.query().status_code == 404


def test_storage_refused_delay_is_configurable(api: Api) -> None:
    api.emu.config.storage_failure_seconds = 4
    sid = recording(api, "individual")
    api.emu.inject_fault(Fault(kind="storage_refused", sid=sid))
    api.emu.clock.advance(4)
    assert api.query().status_code == 404


def test_fault_without_sid_hits_every_running_task_it_fits(api: Api) -> None:
    mix = recording(api, "mix")
    api.uid = "2"
    web = recording(api, "web")
    api.emu.inject_fault(Fault(kind="web_max_hour"))
    assert api.emu.task(web)["state"] != "running"
    assert api.emu.task(mix)["state"] == "running"
    api.emu.inject_fault(Fault(kind="bot_kicked_token"))
    assert api.emu.task(mix)["ended_reason"] == "bot_kicked_token"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "web_max_hour", "sid": "MIX"}, 400),  # a mix task has no maxRecordingHour
        ({"kind": "bot_kicked_token", "sid": "WEB"}, 400),  # a web task has no RTC token
        ({"kind": "bot_kicked_token", "sid": "0" * 32}, 404),
        ({"kind": "error", "sid": "MIX"}, 400),  # sid is for task faults
        ({"kind": "explode", "sid": "MIX"}, 400),
        ({"kind": "storage_refused", "sid": "MIX", "seconds": -1}, 400),
    ],
)
def test_bad_task_faults(api: Api, body: dict[str, Any], status: int) -> None:
    mix = recording(api, "mix")
    api.uid = "2"
    web = recording(api, "web")
    body = {k: {"MIX": mix, "WEB": web}.get(v, v) for k, v in body.items()}
    assert api.http.post("/_emulator/faults", json=body).status_code == status
    assert [t["state"] for t in api.emu.tasks()] == ["running", "running"]


def test_task_fault_with_no_running_task_is_404(api: Api) -> None:
    r = api.http.post("/_emulator/faults", json={"kind": "storage_refused"})
    assert r.status_code == 404


# -- uploadingStatus ------------------------------------------------------------------------


def _stop(api: Api, async_stop: bool | None = None) -> Any:
    body = {} if async_stop is None else {"async_stop": async_stop}
    r = api.post("stop", body)
    assert r.status_code == 200, r.text
    return r.json()["serverResponse"]


def _uploading(response: dict[str, Any]) -> Any:
    if "extensionServiceState" in response:
        upload = response["extensionServiceState"][0]
        assert upload["serviceName"] == "upload_service"
        return upload["payload"]["uploadingStatus"]
    return response["uploadingStatus"]


@pytest.mark.parametrize("mode", ["mix", "individual", "web"])
@pytest.mark.parametrize(
    ("before", "async_stop", "expected"),
    [
        (None, None, "uploaded"),
        (None, False, "uploaded"),
        ("failover", False, "backuped"),
        ("storage_backup", False, "backuped"),
        (None, True, "unknown"),  # answered before the upload ends (docs/api-notes.md, "stop")
        ("storage_backup", True, "unknown"),
    ],
)
def test_uploading_status(
    api: Api, mode: str, before: str | None, async_stop: bool | None, expected: str
) -> None:
    sid = recording(api, mode)
    if before == "failover":
        api.emu.start_failover(sid, window_seconds=5)
        api.emu.clock.advance(20)
    elif before == "storage_backup":
        api.emu.inject_fault(Fault(kind="storage_backup", sid=sid))
        assert details(api, sid, 2) == {"msgName": "cloud_recording_warning", "module": 1,
                                        "warnCode": 32}  # fmt: skip
    response = _stop(api, async_stop)
    assert _uploading(response) == expected
    upload_event = 32 if before else 31
    assert upload_event in kinds(api, sid)
    assert api.stop().json()["code"] == 49


def test_async_stop_keeps_the_file_list(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    api.emu.clock.advance(30)
    response = _stop(api, True)
    assert response == {
        "fileListMode": "string",
        "fileList": f"{api.sid}_{api.cname}.m3u8",
        "uploadingStatus": "unknown",
    }


def test_async_stop_must_be_a_boolean(api: Api) -> None:
    api.begin("mix")
    r = api.post("stop", {"async_stop": "yes"})
    assert r.status_code == 400
    assert "async_stop" in r.json()["reason"]
