"""Fault injection: latency, error answers (with or without effect) and dropped connections."""

from __future__ import annotations

import time

import httpx
import pytest

from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from tests.emulator.conftest import AUTH, Api


def test_error_fault_answers_once(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="acquire", kind="error", status=500, code=62))
    r = api.acquire({})
    assert r.status_code == 500
    assert r.json() == {"code": 62, "reason": "request timeout"}
    assert "X-Request-Id" in r.headers
    assert api.acquire({}).status_code == 200
    assert api.emu.requests("acquire")[0].status == 500


def test_gateway_shaped_fault(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="*", status=504, message="upstream timed out"))
    r = api.acquire({})
    assert r.status_code == 504
    assert r.json() == {"message": "upstream timed out"}


def test_start_applied_but_answer_lost_then_201(api: Api) -> None:
    """The careful client's case: start happened, the response said 206/65; retry same rid."""
    api.acquire({})
    api.emu.inject_fault(
        Fault(endpoint="start", status=206, code=65, reason="request not completed", apply=True)
    )
    r = api.start("mix")
    assert r.status_code == 206
    assert r.json()["code"] == 65
    [task] = api.emu.tasks()
    assert task["state"] == "running"
    again = api.start("mix")
    assert again.status_code == 201
    assert again.json()["code"] == 7


def test_error_without_apply_has_no_effect(api: Api) -> None:
    api.acquire({})
    api.emu.inject_fault(Fault(endpoint="start", status=500, code=62))
    assert api.start("mix").status_code == 500
    assert api.emu.tasks() == []
    assert api.start("mix").status_code == 200


def test_drop_closes_the_connection_without_answer(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="acquire", kind="drop"))
    with pytest.raises(httpx.RemoteProtocolError):
        api.acquire({})
    assert api.acquire({}).status_code == 200  # a new connection works
    assert api.emu.requests("acquire")[0].status == 0


def test_drop_with_apply_really_stopped(api: Api) -> None:
    api.emu.add_user(api.appid, api.cname, 1001)
    api.begin("mix")
    api.emu.clock.advance(20)
    api.emu.inject_fault(Fault(endpoint="stop", kind="drop", apply=True))
    with pytest.raises(httpx.RemoteProtocolError):
        api.stop()
    assert api.stop().json()["code"] == 49  # it had stopped: now exiting


def test_latency_fault_delays_for_real(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="acquire", kind="latency", seconds=0.2))
    t0 = time.perf_counter()
    assert api.acquire({}).status_code == 200
    assert time.perf_counter() - t0 >= 0.2
    t0 = time.perf_counter()
    api.acquire({})
    assert time.perf_counter() - t0 < 0.2


def test_count_none_lasts_until_cleared(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="acquire", count=None))
    assert [api.acquire({}).status_code for _ in range(3)] == [500] * 3
    api.emu.clear_faults()
    assert api.acquire({}).status_code == 200


def test_count_and_endpoint_matching(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="query", count=2, status=504))
    assert api.acquire({}).status_code == 200
    api.start("mix")
    assert [api.query().status_code for _ in range(3)] == [504, 504, 200]


def test_fault_on_channel_users(api: Api) -> None:
    api.emu.inject_fault(Fault(endpoint="channel_users", status=503, message="busy"))
    r = api.http.get(f"/dev/v1/channel/user/{api.appid}/room1")
    assert r.status_code == 503


def test_bad_fault_definitions() -> None:
    with pytest.raises(ValueError, match="endpoint"):
        Fault(endpoint="nope")
    with pytest.raises(ValueError, match="kind"):
        Fault(kind="explode")
    with pytest.raises(ValueError, match="count"):
        Fault(count=0)


@pytest.mark.asyncio
async def test_drop_with_async_client(emulator_server: EmulatorServer, emulator: Emulator) -> None:
    emulator.config.rate_limit_per_second = None
    emulator.inject_fault(Fault(endpoint="acquire", kind="drop"))
    url = "/v1/apps/" + "a" * 32 + "/cloud_recording/acquire"
    body = {"cname": "room", "uid": "1", "clientRequest": {}}
    async with httpx.AsyncClient(base_url=emulator_server.url, auth=AUTH) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post(url, json=body)
        assert (await client.post(url, json=body)).status_code == 200
