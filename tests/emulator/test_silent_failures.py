"""Starts the service accepts and then lets die: refused tokens, refused storage keys, web
maxRecordingHour. Over loopback HTTP, on the emulator's frozen clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from recorder_gui.emulator import Emulator, EmulatorConfig, EmulatorServer
from recorder_gui.emulator.__main__ import build_parser
from recorder_gui.tokens import Role, build_rtc_token
from tests.emulator.conftest import STORAGE, Api

CERT = "0123456789abcdef" * 2
OTHER_CERT = "f" * 32


def token_for(api: Api, *, cert: str = CERT, lifetime: int = 3600, **kw: Any) -> str:
    """A bot token issued now (emulator time); ``kw`` overrides channel, uid, role, appid."""
    return build_rtc_token(
        kw.get("appid", api.appid),
        cert,
        kw.get("channel", api.cname),
        kw.get("uid", api.uid),
        kw.get("role", Role.PUBLISHER),
        lifetime,
        issue_ts=int(api.emu.clock.now()) + kw.get("issued_offset", 0),
    )


def events_of(api: Api, sid: str) -> list[dict[str, Any]]:
    return [e for e in api.emu.events if e["sid"] == sid]


def details(api: Api, sid: str, event_type: int) -> dict[str, Any]:
    [event] = [e for e in events_of(api, sid) if e["eventType"] == event_type]
    found: dict[str, Any] = event["payload"]["details"]
    return found


TOKENS: list[tuple[str, Callable[[Api], Any], bool, int]] = [
    # (case, token, joins, NCS errorCode when refused)
    ("valid publisher token", lambda a: token_for(a), True, 0),
    ("valid subscriber token", lambda a: token_for(a, role=Role.SUBSCRIBER), True, 0),
    ("wildcard uid 0", lambda a: token_for(a, uid=0), True, 0),
    ("wildcard channel *", lambda a: token_for(a, channel="*"), True, 0),
    ("no token", lambda a: None, False, 110),
    ("not an AccessToken2", lambda a: "006abcdef", False, 110),
    ("garbage 007", lambda a: "007eJxTYA", False, 110),
    ("other certificate", lambda a: token_for(a, cert=OTHER_CERT), False, 110),
    ("other channel", lambda a: token_for(a, channel="room2"), False, 110),
    ("other uid", lambda a: token_for(a, uid="527842"), False, 110),
    ("other App ID", lambda a: token_for(a, appid="a" * 32), False, 110),
    ("expired", lambda a: token_for(a, lifetime=60, issued_offset=-120), False, 109),
]


@pytest.mark.parametrize(("case", "make", "joins", "code"), TOKENS, ids=[t[0] for t in TOKENS])
def test_bot_token_decides_whether_the_task_lives(
    api: Api, case: str, make: Callable[[Api], Any], joins: bool, code: int
) -> None:
    api.emu.config.app_certificate = CERT
    api.emu.add_user(api.appid, api.cname, 1001)
    token = make(api)
    overrides = {} if token is None else {"token": token}
    sid = api.begin("mix", **overrides)  # accepted: 200 with a sid, whatever the token
    statuses = []
    for _ in range(40):
        r = api.query()
        if r.status_code != 200:
            break
        statuses.append(r.json()["serverResponse"]["status"])
        api.emu.clock.advance(1)
    if joins:
        assert statuses[-1] == 5
        assert api.emu.task(sid)["state"] == "running"
        # uploader and recorder started, the composite's slices began, first playlist uploaded
        assert [e["eventType"] for e in events_of(api, sid)] == [30, 40, 42, 4]
        return
    # Dies a few seconds after start without ever recording: 404 "failed to find worker".
    assert r.json() == {"code": 404, "reason": "failed to find worker"}
    assert len(statuses) == 3
    assert max(statuses) < 5
    assert api.stop().json() == {"code": 49, "reason": "invalid operation"}  # exiting
    api.emu.clock.advance(5)
    assert api.stop().status_code == 404
    task = api.emu.task(sid)
    assert task["joined"] is False
    assert task["ended_reason"] == ("token_expired" if code == 109 else "token_invalid")
    assert api.emu.storage_objects(sid) == []
    assert [e["eventType"] for e in events_of(api, sid)] == [30, 40, 1, 41, 11]
    error = details(api, sid, 1)
    assert {k: error[k] for k in ("module", "errorLevel", "errorCode")} == {
        "module": 0,
        "errorLevel": 5,
        "errorCode": code,
    }
    assert details(api, sid, 41)["leaveCode"] == 0
    assert details(api, sid, 11)["exitStatus"] == 1


def test_without_a_certificate_tokens_are_not_checked(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix", token="anything at all")
    api.emu.clock.advance(60)
    assert api.query().json()["serverResponse"]["status"] == 5
    assert api.emu.task(sid)["joined"] is True


def test_web_mode_needs_no_token(api: Api) -> None:
    api.emu.config.app_certificate = CERT
    api.cname = "web1"
    api.begin("web")
    api.emu.clock.advance(60)
    assert api.query().json()["serverResponse"]["status"] == 5


def test_certificate_of_one_app_id_wins_over_the_default(api: Api) -> None:
    api.emu.config.app_certificate = OTHER_CERT
    api.emu.config.app_certificates[api.appid] = CERT
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix", token=token_for(api, cert=CERT))
    api.emu.clock.advance(30)
    assert api.query().status_code == 200


def test_join_right_ending_mid_recording_puts_the_bot_out(api: Api) -> None:
    api.emu.config.app_certificate = CERT
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("individual", token=token_for(api, lifetime=100))
    api.emu.clock.advance(99)
    assert api.query().json()["serverResponse"]["status"] == 5
    api.emu.clock.advance(1)
    assert api.query().status_code == 404
    task = api.emu.task(sid)
    assert task["ended_reason"] == "bot_kicked_token"
    kinds = [e["eventType"] for e in events_of(api, sid)]
    # two streams (audio, video), first playlist, a minute's progress; then the ending
    assert kinds == [30, 40, 42, 42, 4, 33, 1, 41, 33, 31, 11]
    assert details(api, sid, 1)["errorCode"] == 109
    assert details(api, sid, 41)["leaveCode"] == 0
    stopped_ms = (int(task["started_at"]) + 100) * 1000  # issued at the whole second
    assert events_of(api, sid)[6]["payload"]["sendts"] == stopped_ms
    assert details(api, sid, 31)["fileList"]  # what it recorded is uploaded
    assert details(api, sid, 11)["exitStatus"] == 1


def test_certificate_from_the_control_api(api: Api) -> None:
    plain = httpx.Client(base_url=str(api.http.base_url))
    try:
        r = plain.post("/_emulator/config", json={"app_certificate": CERT})
        assert r.status_code == 200
        assert r.json()["app_certificate"] == "***"
        assert CERT not in r.text
        assert plain.post("/_emulator/config", json={"app_certificate": "xyz"}).status_code == 400
        assert plain.post("/_emulator/config", json={"nope": 1}).status_code == 400
    finally:
        plain.close()
    assert api.emu.config.app_certificate == CERT
    api.begin("mix")  # no token
    api.emu.clock.advance(3)
    assert api.query().status_code == 404


@pytest.mark.parametrize(
    ("argv", "field", "value"),
    [
        ([], "app_certificate", None),
        (["--app-certificate", CERT], "app_certificate", CERT),
        ([], "storage_keys", None),
        (["--storage-keys", "ak:sk", "--storage-keys", "a2:s:2"], "storage_keys",
         [("ak", "sk"), ("a2", "s:2")]),
        ([], "rate_limit_scope", "account"),
        (["--rate-limit-scope", "app"], "rate_limit_scope", "app"),
    ],
)  # fmt: skip
def test_command_line_flags(argv: list[str], field: str, value: Any) -> None:
    assert getattr(build_parser().parse_args(argv), field) == value


@pytest.mark.parametrize(
    "argv",
    [
        ["--app-certificate", "abc0123"],
        ["--app-certificate", "g" * 32],
        ["--storage-keys", "no-colon-hidden"],
        ["--storage-keys", ":hidden-secret"],
        ["--rate-limit-scope", "region"],
    ],
)
def test_bad_command_line_flags(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)
    err = capsys.readouterr().err
    assert argv[0] in err
    if argv[0] != "--rate-limit-scope":
        assert argv[1] not in err  # a refused secret is not echoed


def test_help_documents_the_new_flags() -> None:
    text = build_parser().format_help()
    for flag in ("--app-certificate", "--storage-keys", "--rate-limit-scope"):
        assert flag in text


def test_config_refuses_a_bad_certificate() -> None:
    with pytest.raises(ValueError, match="32 hexadecimal"):
        EmulatorConfig(app_certificate="short")
    with pytest.raises(ValueError, match="rate_limit_scope"):
        EmulatorConfig(rate_limit_scope="galaxy")


# -- storage keys ---------------------------------------------------------------------------

GOOD = ("AKIA-GOOD", "good-secret")


@pytest.mark.parametrize(
    ("pair", "works"),
    [
        (GOOD, True),
        (("AKIA-GOOD", "bad-secret"), False),
        (("AKIA-BAD", "good-secret"), False),
        (("good-secret", "AKIA-GOOD"), False),  # swapped
    ],
)
@pytest.mark.parametrize("mode", ["mix", "individual", "web"])
def test_storage_keys_decide_whether_files_arrive(
    api: Api, mode: str, pair: tuple[str, str], works: bool
) -> None:
    api.emu.config.storage_keys = frozenset({GOOD, ("AKIA-OTHER", "other")})
    api.emu.add_user(api.appid, api.cname, 1001)
    storage = {**STORAGE, "accessKey": pair[0], "secretKey": pair[1]}
    sid = api.begin(mode, storageConfig=storage)
    seen = []
    for _ in range(30):
        r = api.query()
        if r.status_code != 200:
            break
        seen.append(r.json()["serverResponse"])
        api.emu.clock.advance(1)
    if works:
        assert len(seen) == 30
        assert seen[-1]["status"] == 5
        return
    assert len(seen) == 15  # dies after storage_failure_seconds
    assert r.json()["code"] == 404
    assert all(s["status"] <= 4 for s in seen)
    if mode != "web":
        assert all(not s["fileList"] for s in seen)
    assert api.emu.storage_objects(sid) == []
    assert api.emu.task(sid)["ended_reason"] == "storage_refused"
    kinds = [e["eventType"] for e in events_of(api, sid)]
    assert kinds == [30, 70, 1, 71, 11] if mode == "web" else [30, 40, 1, 41, 11]
    error = details(api, sid, 1)
    assert (error["module"], error["errorCode"], error["errorLevel"]) == (1, 32, 5)
    if mode == "web":
        assert details(api, sid, 71)["code"] == 6
    else:
        assert details(api, sid, 41)["leaveCode"] == 2
    assert details(api, sid, 11)["exitStatus"] == 1


def test_storage_keys_never_leave_the_emulator(api: Api, emulator_server: EmulatorServer) -> None:
    secret_pair = ("AKIA-HIDDEN-ACCESS", "HIDDEN-SECRET-VALUE")
    wrong = ("AKIA-WRONG-ACCESS", "WRONG-SECRET-VALUE")
    with httpx.Client(base_url=emulator_server.url) as control:
        r = control.post("/_emulator/config", json={"storage_keys": [":".join(secret_pair)]})
        assert r.json()["storage_keys"] == ["***"]
        api.emu.add_user(api.appid, api.cname, 1001)
        sid = api.begin(
            "mix", storageConfig={**STORAGE, "accessKey": wrong[0], "secretKey": wrong[1]}
        )
        api.emu.clock.advance(20)
        assert api.query().status_code == 404
        exported = b"".join(
            control.get(f"/_emulator/{name}").content
            for name in ("requests", "events", "tasks", f"tasks/{sid}", "config")
        )
    for value in (*secret_pair, *wrong):
        assert value.encode() not in exported
        assert value not in repr(api.emu.requests())
        assert value not in repr(api.emu.config)
        assert value not in repr(api.emu.events)


def test_update_to_refused_keys_stops_the_uploads(api: Api) -> None:
    api.emu.config.storage_keys = frozenset({GOOD})
    api.emu.add_user(api.appid, api.cname, 1001)
    good = {**STORAGE, "accessKey": GOOD[0], "secretKey": GOOD[1]}
    sid = api.begin("individual", storageConfig=good)
    api.emu.clock.advance(40)
    before = api.emu.storage_objects(sid)
    assert before
    assert (
        api.post("update", {"storageConfig": {**good, "secretKey": "rotated"}}).status_code == 200
    )
    api.emu.clock.advance(14)
    assert api.query().status_code == 200
    assert api.emu.storage_objects(sid) == before  # nothing new arrives
    api.emu.clock.advance(1)
    assert api.query().status_code == 404


@pytest.mark.parametrize(("async_stop", "status"), [(False, 206), (True, 200)])
def test_stop_while_uploads_are_refused(api: Api, async_stop: bool, status: int) -> None:
    api.emu.config.storage_keys = frozenset({GOOD})
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix")  # STORAGE's keys are not among them
    api.emu.clock.advance(10)
    r = api.post("stop", {"async_stop": async_stop})
    assert r.status_code == status
    body = r.json()
    assert "code" not in body  # a 206 "upload not finished", not an error code
    assert body["serverResponse"]["uploadingStatus"] == "unknown"
    # stopped before the first slice was due: no upload failed yet, so no warning
    assert [e["eventType"] for e in events_of(api, sid)] == [30, 40, 42, 1, 41, 11]


# -- web maxRecordingHour -------------------------------------------------------------------


def test_web_recording_ends_at_max_recording_hour(api: Api) -> None:
    api.cname = "web1"
    sid = api.begin("web")  # maxRecordingHour 1
    api.emu.clock.advance(3599)
    assert api.query().status_code == 200
    api.emu.clock.advance(1)
    assert api.query().json() == {"code": 404, "reason": "failed to find worker"}
    assert api.emu.task(sid)["ended_reason"] == "web_max_hour"
    kinds = [e["eventType"] for e in events_of(api, sid)]
    assert kinds == [30, 70, *[33] * 60, 71, 33, 31, 11]  # progress every minute of the hour
    assert details(api, sid, 31) == {"msgName": "uploaded", "status": 0}  # web: status only
    stopped = details(api, sid, 71)
    assert stopped["code"] == 1
    assert stopped["message"] == "max_recording_hour"
    assert stopped["details"] == "max recording hour is 1"
    assert stopped["fileList"]
    assert details(api, sid, 11)["exitStatus"] == 0


def test_stop_before_max_recording_hour_is_a_normal_stop(api: Api) -> None:
    api.cname = "web1"
    sid = api.begin("web")
    api.emu.clock.advance(600)
    assert api.stop().status_code == 200
    assert details(api, sid, 71)["code"] == 0


def test_emulator_without_server_shares_the_rules() -> None:
    emu = Emulator(EmulatorConfig(app_certificate=CERT))
    assert emu.config.certificate_for("0" * 32) == CERT
