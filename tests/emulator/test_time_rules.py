"""Time-driven rules: idle exit, HA failover, lifecycle events; all from the frozen clock."""

from __future__ import annotations

import re

from tests.emulator.conftest import Api


def test_idle_communication_channel_ends_the_task(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    rec = {"channelType": 0, "maxIdleTime": 10}
    api.begin("mix", recordingConfig=rec)
    api.emu.clock.advance(20)
    api.emu.remove_user(api.appid, api.cname, 1001)
    api.emu.clock.advance(10)
    assert api.query().status_code == 200  # exactly maxIdleTime: not yet
    api.emu.clock.advance(0.5)
    assert api.query().status_code == 404
    assert api.stop().json() == {"code": 49, "reason": "invalid operation"}
    api.emu.clock.advance(5)
    assert api.stop().status_code == 404
    assert api.emu.task(api.sid)["ended_reason"] == "idle"
    leave = [e for e in api.emu.events if e["eventType"] == 41]
    assert leave[0]["payload"]["details"] == {"msgName": "recorder_leave", "leaveCode": 4}


def test_rejoin_before_max_idle_keeps_the_task(api: Api) -> None:
    api.begin("mix", recordingConfig={"channelType": 0, "maxIdleTime": 10})
    api.emu.clock.advance(8)
    api.emu.add_user(api.appid, api.cname, 1001)
    api.emu.clock.advance(100)
    assert api.query().status_code == 200


def test_empty_channel_from_the_start_idles_out(api: Api) -> None:
    api.begin("mix", recordingConfig={"channelType": 0, "maxIdleTime": 5})
    api.emu.clock.advance(5.5)
    assert api.query().status_code == 404


def test_live_channel_with_only_audience_is_idle(api: Api) -> None:
    api.emu.set_channel_profile(api.appid, api.cname, 2)
    api.emu.add_user(api.appid, api.cname, 1001, role="audience")
    api.begin("mix", recordingConfig={"channelType": 1, "maxIdleTime": 5})
    api.emu.clock.advance(6)
    assert api.query().status_code == 404


def test_live_channel_with_a_host_is_not_idle(api: Api) -> None:
    api.emu.set_channel_profile(api.appid, api.cname, 2)
    api.emu.add_user(api.appid, api.cname, 1001, role="host")
    api.begin("mix", recordingConfig={"channelType": 1, "maxIdleTime": 5})
    api.emu.clock.advance(60)
    assert api.query().status_code == 200


def test_web_mode_has_no_idle_exit(api: Api) -> None:
    api.cname = "web1"
    api.begin("web")
    api.emu.clock.advance(600)
    assert api.query().status_code == 200


def test_failover_window_then_new_uid_and_bak_files(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix", recordingFileConfig={"avFileType": ["hls", "mp4"]})
    api.emu.clock.advance(20)
    before = api.emu.task(api.sid)["bot_uid"]
    api.emu.start_failover(api.sid, window_seconds=30)
    for action in ("query", "update", "updateLayout", "stop"):
        r = api.query() if action == "query" else api.post(action, {})
        assert r.status_code == 404, action
        assert r.json() == {"code": 404, "reason": "failed to find worker"}
    assert api.emu.task(api.sid)["state"] == "running"
    api.emu.clock.advance(30 + 16)
    resp = api.query().json()["serverResponse"]
    names = [f["fileName"] for f in resp["fileList"]]
    assert names == [f"{api.sid}_{api.cname}.m3u8", f"bak0_{api.sid}_{api.cname}.m3u8"]
    assert api.emu.task(api.sid)["bot_uid"] != before
    objects = api.emu.storage_objects(api.sid)
    assert any(re.fullmatch(rf"bak0_{api.sid}_{api.cname}_\d{{17}}\.ts", n) for n in objects)
    failover = [e for e in api.emu.events if e["eventType"] == 12]
    assert failover[0]["payload"]["details"]["newUid"] == api.emu.task(api.sid)["bot_uid"]
    assert api.stop().json()["serverResponse"]["uploadingStatus"] == "backuped"


def test_second_failover_is_bak1(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    api.emu.start_failover(api.sid, window_seconds=1)
    api.emu.clock.advance(2)
    api.emu.start_failover(api.sid)  # default window: config.ha_window_seconds
    api.emu.clock.advance(89)
    assert api.query().status_code == 404
    api.emu.clock.advance(20)
    assert api.query().json()["serverResponse"]["fileList"].startswith("bak1_")


def test_lifecycle_events_have_ncs_shape(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    api.emu.clock.advance(30)
    api.stop()
    events = api.emu.events
    assert [e["eventType"] for e in events] == [30, 40, 42, 4, 41, 33, 31, 11]
    for i, event in enumerate(events):
        assert event["productId"] == 3
        assert event["sid"] == api.sid
        payload = event["payload"]
        assert payload["cname"] == api.cname
        assert payload["uid"] == api.uid
        assert payload["sid"] == api.sid
        assert payload["sequence"] == i
        assert isinstance(payload["sendts"], int)
        assert "msgName" in payload["details"]
    assert events[0]["payload"]["serviceType"] == 2
    assert events[1]["payload"]["serviceType"] == 1
    assert events[6]["payload"]["details"]["fileList"][0]["fileName"].endswith(".m3u8")


def test_simulated_channel_is_deterministic_and_lazy(api: Api) -> None:
    api.emu.simulate_channel(api.appid, "demo", seed=7, min_users=1, max_users=3)
    first = api.emu.channel_users(api.appid, "demo")
    assert first["channel_exist"] is True
    assert 1 <= first["total"] <= 3
    history = []
    for _ in range(30):
        api.emu.clock.advance(10)
        history.append(tuple(api.emu.channel_users(api.appid, "demo")["users"]))
    assert all(1 <= len(h) <= 3 for h in history)
    assert len(set(history)) > 3  # people came and went
    api.emu.reset()
    api.emu.simulate_channel(api.appid, "demo", seed=7, min_users=1, max_users=3)
    again = []
    for _ in range(30):
        api.emu.clock.advance(10)
        again.append(tuple(api.emu.channel_users(api.appid, "demo")["users"]))
    assert again == history


def test_recording_a_simulated_channel(api: Api) -> None:
    api.cname = "demo"
    api.emu.simulate_channel(api.appid, "demo", seed=1)
    api.begin("individual")
    api.emu.clock.advance(120)
    assert api.query().json()["serverResponse"]["status"] == 5
    assert api.stop().status_code == 200
