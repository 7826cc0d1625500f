"""acquire: validation of uid, cname, scene and resourceExpiredHour; resource IDs; the quota."""

from __future__ import annotations

import re
import string
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder_gui.emulator.checks import CNAME_CHARS
from tests.emulator.conftest import Api

_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_acquire_returns_cname_uid_and_opaque_resource_id(api: Api) -> None:
    r = api.acquire({})
    assert r.status_code == 200
    data = r.json()
    assert set(data) == {"cname", "uid", "resourceId"}
    assert (data["cname"], data["uid"]) == (api.cname, api.uid)
    assert 250 <= len(data["resourceId"]) <= 350
    assert re.fullmatch(r"[A-Za-z0-9_-]+", data["resourceId"])
    assert api.acquire({}).json()["resourceId"] != data["resourceId"]


@pytest.mark.parametrize("hour", [0, 721, -1, "72", 1.5, True])
def test_bad_resource_expired_hour(api: Api, hour: Any) -> None:
    r = api.acquire({"resourceExpiredHour": hour})
    assert r.status_code == 400
    assert r.json() == {"code": 2, "reason": "Acquire: invalid resourceExpiredHour value!"}


@pytest.mark.parametrize("hour", [1, 72, 720])
def test_good_resource_expired_hour(api: Api, hour: int) -> None:
    assert api.acquire({"resourceExpiredHour": hour}).status_code == 200


@pytest.mark.parametrize(
    ("client_request", "field"),
    [
        ({"scene": 3}, "scene"),
        ({"scene": "0"}, "scene"),
        ({"region": "XX"}, "region"),
        ({"regionAffinity": 9}, "regionAffinity"),
        ({"excludeResourceIds": [1]}, "excludeResourceIds"),
    ],
)
def test_bad_client_request_fields(api: Api, client_request: dict[str, Any], field: str) -> None:
    r = api.acquire(client_request)
    assert r.status_code == 400
    assert r.json()["code"] == 2
    assert field in r.json()["reason"]


@pytest.mark.parametrize(
    "body",
    [
        {"cname": "room", "uid": "1"},
        {"cname": "room", "uid": "1", "clientRequest": []},
        {"uid": "1", "clientRequest": {}},
        [],
    ],
)
def test_bad_envelope(api: Api, body: Any) -> None:
    r = api.http.post(f"{api.base}/acquire", json=body)
    assert r.status_code == 400
    assert r.json()["code"] == 2


def _acquire_uid(http: httpx.Client, base: str, uid: Any) -> httpx.Response:
    return http.post(f"{base}/acquire", json={"cname": "room", "uid": uid, "clientRequest": {}})


@pytest.mark.parametrize("uid", ["0", "4294967296", "-1", "01", "12a", "", 123, " 1"])
def test_bad_uids(api: Api, uid: Any) -> None:
    r = _acquire_uid(api.http, api.base, uid)
    assert r.status_code == 400
    assert r.json()["code"] == 2


@_SETTINGS
@given(uid=st.integers(min_value=1, max_value=2**32 - 1))
def test_every_uid_in_range_is_accepted(api: Api, uid: int) -> None:
    assert _acquire_uid(api.http, api.base, str(uid)).status_code == 200


def _cname_valid(name: str) -> bool:
    return 0 < len(name.encode()) < 64 and all(ch in CNAME_CHARS for ch in name)


@_SETTINGS
@given(
    name=st.text(
        alphabet=st.sampled_from(sorted(CNAME_CHARS) + ["/", "\\", "é", "*", '"', "'", "\t"]),
        max_size=70,
    )
)
def test_cname_accepted_iff_valid(api: Api, name: str) -> None:
    r = api.http.post(f"{api.base}/acquire", json={"cname": name, "uid": "1", "clientRequest": {}})
    if _cname_valid(name):
        assert r.status_code == 200, name
    else:
        assert r.status_code == 400, name
        assert r.json() == {"code": 401, "reason": "invalid_channel_name"}


def test_cname_charset_is_the_documented_89() -> None:
    assert len(CNAME_CHARS) == 89
    assert set(string.ascii_letters + string.digits) <= CNAME_CHARS


def test_web_scene_allows_long_cnames(api: Api) -> None:
    body = {"cname": "https://x/" + "a" * 200, "uid": "1", "clientRequest": {"scene": 1}}
    assert api.http.post(f"{api.base}/acquire", json=body).status_code == 200


def test_concurrency_quota_is_vendor_over_load(api: Api) -> None:
    api.emu.config.max_concurrent_tasks = 1
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    r = api.acquire({})
    assert r.status_code == 400
    assert r.json() == {"code": 406, "reason": "vendor_over_load"}
    api.stop()
    assert api.acquire({}).status_code == 200
