"""The channel user list (docs/api-notes.md, "Channel user list") and the control API."""

from __future__ import annotations

import httpx
import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from tests._fixtures.emulator import DEMO_APP_ID
from tests.emulator.conftest import AUTH, Api

USERS = f"/dev/v1/channel/user/{DEMO_APP_ID}"
JSON = {"Content-Type": "application/json"}  # the control API takes nothing else


def test_missing_channel(http: httpx.Client) -> None:
    r = http.get(f"{USERS}/nobody")
    assert r.status_code == 200
    assert r.json() == {"success": True, "data": {"channel_exist": False}}


def test_communication_channel_users(http: httpx.Client, emulator: Emulator) -> None:
    emulator.add_user(DEMO_APP_ID, "room1", 7)
    emulator.clock.advance(1)
    emulator.add_user(DEMO_APP_ID, "room1", 3)
    data = http.get(f"{USERS}/room1").json()["data"]
    assert data == {"channel_exist": True, "mode": 1, "total": 2, "users": [7, 3]}
    assert emulator.channel_users(DEMO_APP_ID, "room1") == data


def test_live_channel_hosts_and_audience(http: httpx.Client, emulator: Emulator) -> None:
    emulator.set_channel_profile(DEMO_APP_ID, "live", 2)
    emulator.add_user(DEMO_APP_ID, "live", 1, role="host")
    emulator.add_user(DEMO_APP_ID, "live", 2, role="audience")
    data = http.get(f"{USERS}/live").json()["data"]
    assert data == {
        "channel_exist": True,
        "mode": 2,
        "broadcasters": [1],
        "audience": [2],
        "audience_total": 1,
    }
    hosts = {"channel_exist": True, "mode": 2, "broadcasters": [1]}
    assert http.get(f"{USERS}/live/hosts_only").json()["data"] == hosts
    assert http.get(f"{USERS}/live", params={"hosts_only": "true"}).json()["data"] == hosts


def test_channel_users_needs_auth_and_a_valid_app_id(emulator_server: EmulatorServer) -> None:
    assert httpx.get(emulator_server.url + f"{USERS}/room1").status_code == 401
    r = httpx.get(emulator_server.url + "/dev/v1/channel/user/bad/room1", auth=("x", "y"))
    assert r.status_code == 401
    r = httpx.get(emulator_server.url + "/dev/v1/channel/user/bad/room1", auth=AUTH)
    assert r.status_code == 400
    assert r.json() == {"message": "invalid appid"}


def test_channel_helpers_validate_input(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="role"):
        emulator.add_user(DEMO_APP_ID, "c", 1, role="king")
    with pytest.raises(ValueError, match="uid"):
        emulator.add_user(DEMO_APP_ID, "c", 0)
    with pytest.raises(KeyError):
        emulator.set_publishing(DEMO_APP_ID, "c", 5, audio=True, video=True)
    with pytest.raises(ValueError, match="mode"):
        emulator.set_channel_profile(DEMO_APP_ID, "c", 3)


def test_control_api_drives_a_whole_session(api: Api) -> None:
    plain = httpx.Client(base_url=str(api.http.base_url))  # no auth on /_emulator
    try:
        users = f"/_emulator/channels/{api.appid}/{api.cname}/users"
        assert plain.post(users, json={"uid": 1001, "role": "host"}).json() == {"ok": True}
        assert api.emu.channel_users(api.appid, api.cname)["users"] == [1001]
        sid = api.begin("mix")
        before = api.emu.clock.now()
        assert plain.post("/_emulator/clock/advance", json={"seconds": 20}).status_code == 200
        assert api.emu.clock.now() == before + 20
        task = plain.get(f"/_emulator/tasks/{sid}").json()
        assert task["status"] == 5
        assert task["state"] == "running"
        assert [t["sid"] for t in plain.get("/_emulator/tasks").json()] == [sid]
        fault = {"endpoint": "query", "kind": "error", "status": 504, "code": 62}
        assert plain.post("/_emulator/faults", json=fault).status_code == 200
        assert api.query().status_code == 504
        plain.post("/_emulator/faults", json={**fault, "count": None})
        plain.delete("/_emulator/faults", headers=JSON)
        assert api.query().status_code == 200
        plain.post(f"/_emulator/tasks/{sid}/failover", json={"window_seconds": 5})
        assert api.query().status_code == 404
        plain.post("/_emulator/clock/advance", json={"seconds": 6})
        assert api.query().status_code == 200
        recorded = plain.get("/_emulator/requests", params={"endpoint": "query"}).json()
        assert [r["status"] for r in recorded] == [504, 200, 404, 200]
        assert plain.delete(f"{users}/1001", headers=JSON).status_code == 200
        assert api.emu.channel_users(api.appid, api.cname) == {"channel_exist": False}
        assert plain.post("/_emulator/clock/unfreeze", json={}).status_code == 200
        assert not api.emu.clock.frozen
        assert plain.post("/_emulator/clock/freeze", json={}).status_code == 200
        assert api.emu.clock.frozen
        assert plain.post("/_emulator/reset", json={}).status_code == 200
        assert api.emu.tasks() == []
        assert api.emu.requests() == []
    finally:
        plain.close()


def test_control_api_errors(http: httpx.Client) -> None:
    assert http.post("/_emulator/faults", json={"endpoint": "nope"}).status_code == 400
    assert http.post("/_emulator/faults", json={"bogus": 1}).status_code == 400
    assert http.get("/_emulator/tasks/" + "0" * 32).status_code == 404
    assert http.post("/_emulator/clock/advance", content=b"{", headers=JSON).status_code == 400
    assert http.post("/_emulator/clock/advance", json={"seconds": -1}).status_code == 400
    r = http.post("/_emulator/tasks/" + "0" * 32 + "/failover", json={})
    assert r.status_code == 404
