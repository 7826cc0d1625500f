"""Gateway behaviour: auth, routing, App IDs, headers, rate limit, request recording."""

from __future__ import annotations

import base64

import httpx
import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET
from tests.emulator.conftest import AUTH

ACQUIRE = f"/v1/apps/{DEMO_APP_ID}/cloud_recording/acquire"
BODY = {"cname": "room1", "uid": "1", "clientRequest": {}}


def _basic(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


def test_missing_authorization_is_unauthorized(emulator_server: EmulatorServer) -> None:
    r = httpx.post(emulator_server.url + ACQUIRE, json=BODY)
    assert r.status_code == 401
    assert r.json() == {"message": "Unauthorized"}


@pytest.mark.parametrize(
    "header",
    [
        _basic(f"{DEMO_CUSTOMER_ID}:wrong"),
        _basic(f"someone-else:{DEMO_CUSTOMER_SECRET}"),
        _basic(DEMO_CUSTOMER_ID),  # no colon
        base64.b64encode(f"{DEMO_CUSTOMER_ID}:{DEMO_CUSTOMER_SECRET}".encode()).decode(),
        "Bearer abc",
        "Basic !!!not-base64!!!",
        "basic " + _basic(f"{DEMO_CUSTOMER_ID}:{DEMO_CUSTOMER_SECRET}")[6:],
    ],
)
def test_bad_credentials_are_invalid(emulator_server: EmulatorServer, header: str) -> None:
    r = httpx.post(emulator_server.url + ACQUIRE, json=BODY, headers={"Authorization": header})
    assert r.status_code == 401
    assert r.json() == {"message": "Invalid authentication credentials"}


def test_good_credentials_and_request_id(http: httpx.Client) -> None:
    r = http.post(ACQUIRE, json=BODY)
    assert r.status_code == 200
    rid = r.headers["X-Request-Id"]
    assert len(rid) == 32
    assert int(rid, 16) >= 0
    assert http.post(ACQUIRE, json=BODY).headers["X-Request-Id"] != rid


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", ACQUIRE),  # wrong method
        ("POST", "/v1/apps/x/cloud_recording/nope"),
        ("GET", "/"),
        ("DELETE", f"/v1/apps/{DEMO_APP_ID}/cloud_recording/resourceid/r/sid/s/mode/mix/query"),
    ],
)
def test_unknown_route_or_method(http: httpx.Client, method: str, path: str) -> None:
    r = http.request(method, path)
    assert r.status_code == 404
    assert r.json() == {"message": "no Route matched with those values"}
    assert "X-Request-Id" in r.headers


def test_malformed_app_id_is_rejected(http: httpx.Client) -> None:
    r = http.post("/v1/apps/not-an-app-id/cloud_recording/acquire", json=BODY)
    assert r.status_code == 400
    assert r.json() == {"message": "invalid appid"}


def test_app_id_allow_list(http: httpx.Client, emulator: Emulator) -> None:
    emulator.config.app_ids = {"f" * 32}
    r = http.post(ACQUIRE, json=BODY)
    assert r.status_code == 400
    assert r.json() == {"code": 400, "reason": "invalid_appid"}
    ok = http.post(f"/v1/apps/{'f' * 32}/cloud_recording/acquire", json=BODY)
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b'{"cname":"room1","uid":"1","clientRequest":{}}', {"Content-Type": "text/plain"}),
        (b'{"cname":"room1","uid":"1","clientRequest":{}}', {}),
        (b"{not json", {"Content-Type": "application/json"}),
    ],
)
def test_bad_header_or_body_is_code_8(
    http: httpx.Client, content: bytes, headers: dict[str, str]
) -> None:
    r = http.post(ACQUIRE, content=content, headers=headers)
    assert r.status_code == 400
    assert r.json()["code"] == 8


def test_content_type_with_charset_is_fine(http: httpx.Client) -> None:
    r = http.post(
        ACQUIRE,
        content=b'{"cname":"room1","uid":"1","clientRequest":{}}',
        headers={"Content-Type": "application/json;charset=utf-8"},
    )
    assert r.status_code == 200


def test_rate_limit_per_app_id(http: httpx.Client, emulator: Emulator) -> None:
    emulator.config.rate_limit_scope = "app"
    statuses = [http.post(ACQUIRE, json=BODY).status_code for _ in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    r = http.post(ACQUIRE, json=BODY)
    assert r.json() == {"message": "API rate limit exceeded"}
    # Another App ID has its own window; control requests are never limited.
    other = http.post(f"/v1/apps/{'a' * 32}/cloud_recording/acquire", json=BODY)
    assert other.status_code == 200
    assert http.get("/_emulator/tasks").status_code == 200


def test_rate_limit_can_be_configured(http: httpx.Client, emulator: Emulator) -> None:
    emulator.config.rate_limit_per_second = 3
    assert [http.post(ACQUIRE, json=BODY).status_code for _ in range(4)] == [200] * 3 + [429]
    emulator.config.rate_limit_per_second = None
    assert all(http.post(ACQUIRE, json=BODY).status_code == 200 for _ in range(15))


def test_requests_are_recorded_without_the_secret(http: httpx.Client, emulator: Emulator) -> None:
    r = http.post(ACQUIRE, json=BODY)
    httpx.post(str(http.base_url).rstrip("/") + ACQUIRE, json=BODY)
    http.get("/_emulator/tasks")
    recorded = emulator.requests()
    assert [x.status for x in recorded] == [200, 401]
    first = recorded[0]
    assert first.endpoint == "acquire"
    assert first.method == "POST"
    assert first.json == BODY
    assert first.response == r.json()
    assert first.request_id == r.headers["X-Request-Id"]
    assert first.authorization_present
    assert not recorded[1].authorization_present
    assert DEMO_CUSTOMER_SECRET not in repr(recorded)
    assert emulator.last_body("acquire") == BODY
    assert emulator.requests("start") == []


def test_ncs_ip_list(http: httpx.Client) -> None:
    r = http.get("/v1/ncs/ip")
    assert r.status_code == 200
    hosts = r.json()["data"]["service"]["hosts"]
    assert hosts
    assert all("primaryIP" in h for h in hosts)
    assert httpx.get(str(http.base_url).rstrip("/") + "/v1/ncs/ip").status_code == 401


async def test_async_client_works_beside_the_test_loop(
    emulator_server: EmulatorServer,
) -> None:
    async with httpx.AsyncClient(base_url=emulator_server.url, auth=AUTH) as client:
        r = await client.post(ACQUIRE, json=BODY)
    assert r.status_code == 200


test_async_client_works_beside_the_test_loop = pytest.mark.asyncio(
    test_async_client_works_beside_the_test_loop
)
