"""--allow-ncs-ips: the NCS address list fetched from a real local server, refreshed, enforced."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from recorder_gui.asgi_thread import AsgiThread
from recorder_gui.callbacks.signature import signature_headers
from recorder_gui.relay import RelayServer, RelayServerError
from recorder_gui.relay.allow_list import AllowList, AllowListError, parse_ip_list
from recorder_gui.relay.config import IpListSource, Secret
from tests.relay.helpers import SECRET, TOKEN, encode, notification, post

CUSTOMER = ("cust-id-42", "cust-SECRET-99")


def v1(*ips: str) -> dict[str, Any]:
    return {"data": {"service": {"hosts": [{"primaryIP": ip} for ip in ips]}}}


@dataclass
class IpListServer:
    """What a fake ``/v1/ncs/ip`` answers; ``calls`` counts authorized requests."""

    status: int = 200
    body: bytes = b""
    calls: int = 0
    auth_seen: list[str] = field(default_factory=list)

    def answer(self, payload: object, status: int = 200) -> None:
        self.body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.status = status

    async def endpoint(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        self.auth_seen.append(header)
        expected = "Basic " + base64.b64encode(":".join(CUSTOMER).encode()).decode()
        if header != expected:
            return Response(b'{"message":"Invalid authentication credentials"}', 401)
        self.calls += 1
        return Response(self.body, self.status, media_type="application/json")


@pytest.fixture
def ip_server() -> Iterator[tuple[IpListServer, str]]:
    state = IpListServer()
    app = Starlette(routes=[Route("/v1/ncs/ip", state.endpoint)])
    thread = AsgiThread(lambda: app, label="ncs-ip-list")
    thread.start()
    try:
        yield state, thread.url + "/v1/ncs/ip"
    finally:
        thread.stop()


def source(url: str, refresh: float = 86400.0) -> IpListSource:
    return IpListSource(Secret(CUSTOMER[0]), Secret(CUSTOMER[1]), url=url, refresh_seconds=refresh)


# --- reading the answer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        v1("198.51.100.7", "203.0.113.9"),
        {
            "data": {
                "service": [{"hosts": [{"primaryIP": "198.51.100.7"}]}, {"hosts": ["203.0.113.9"]}]
            }
        },
        {"data": {"services": [{"hosts": [{"primaryIp": "198.51.100.7"}, {"ip": "203.0.113.9"}]}]}},
        {"data": {"hosts": [{"primaryIP": "198.51.100.7"}, {"primaryIP": "203.0.113.9"}]}},
        v1("198.51.100.7", "203.0.113.9", "not-an-ip", "") | {"extra": True},
    ],
    ids=["v1", "service-list", "services", "hosts-in-data", "junk-entries-skipped"],
)
def test_both_shapes_are_read(answer: object) -> None:
    allowed = AllowList(parse_ip_list(answer))
    assert allowed.allows("198.51.100.7")
    assert allowed.allows("203.0.113.9")
    assert allowed.allows("::ffff:203.0.113.9")
    assert not allowed.allows("198.51.100.8")
    assert not allowed.allows(None)
    assert not allowed.allows("garbage")


def test_networks_in_the_list_are_ranges() -> None:
    allowed = AllowList(parse_ip_list(v1("192.0.2.0/28", "2001:db8::1")))
    assert allowed.allows("192.0.2.15")
    assert not allowed.allows("192.0.2.16")
    assert allowed.allows("2001:db8::1")


@pytest.mark.parametrize(
    "answer", [{}, [], "x", None, {"data": {}}, v1(), v1("nope"), {"data": {"service": 3}}]
)
def test_an_answer_without_addresses_is_an_error(answer: object) -> None:
    with pytest.raises(AllowListError, match="holds no address"):
        parse_ip_list(answer)


# --- a relay that uses it ----------------------------------------------------------------------


def _relay(tmp_path: Path, src: IpListSource) -> RelayServer:
    return RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=tmp_path / "r.sqlite3", ip_list=src)


def test_listed_addresses_pass_and_others_get_403(
    ip_server: tuple[IpListServer, str], tmp_path: Path
) -> None:
    state, url = ip_server
    state.answer(v1("127.0.0.1"))
    with _relay(tmp_path, source(url)) as relay, httpx.Client(base_url=relay.url) as client:
        assert post(client, notification()).status_code == 200
    assert state.calls == 1
    state.answer(v1("198.51.100.7"))
    with _relay(tmp_path, source(url)) as relay, httpx.Client(base_url=relay.url) as client:
        r = post(client, notification())
        assert r.status_code == 403
        assert "address list" in r.json()["error"]
        # Reading and the health check are not NCS's business: not filtered.
        assert client.get("/healthz").status_code == 200


def test_a_trusted_local_proxy_passes_the_sender_address(
    ip_server: tuple[IpListServer, str], tmp_path: Path
) -> None:
    """Behind a reverse proxy on the same host, X-Forwarded-For names the real sender."""
    state, url = ip_server
    state.answer(v1("198.51.100.7"))
    with _relay(tmp_path, source(url)) as relay, httpx.Client(base_url=relay.url) as client:
        body = notification()
        assert post(client, body).status_code == 403
        raw = encode(body)
        headers = {**signature_headers(SECRET, raw), "X-Forwarded-For": "198.51.100.7"}
        assert client.post("/ncs", content=raw, headers=headers).status_code == 200


def test_the_list_is_refreshed(ip_server: tuple[IpListServer, str], tmp_path: Path) -> None:
    state, url = ip_server
    state.answer(v1("198.51.100.7"))
    with (
        _relay(tmp_path, source(url, refresh=0.2)) as relay,
        httpx.Client(base_url=relay.url) as client,
    ):
        assert post(client, notification(sequence=0)).status_code == 403
        state.answer(v1("127.0.0.1"))
        deadline = time.monotonic() + 10
        while post(client, notification(sequence=1)).status_code == 403:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # A failed refresh keeps the last good list.
        state.answer(b"not json")
        calls = state.calls
        while state.calls < calls + 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert post(client, notification(sequence=2)).status_code == 200


@pytest.mark.parametrize(
    ("status", "payload", "words"),
    [
        (200, b"not json", "not JSON"),
        (200, v1(), "holds no address"),
        (500, v1("127.0.0.1"), "HTTP 500"),
    ],
)
def test_no_usable_list_at_start_means_no_start(
    ip_server: tuple[IpListServer, str], tmp_path: Path, status: int, payload: Any, words: str
) -> None:
    state, url = ip_server
    state.answer(payload, status)
    with pytest.raises(RelayServerError, match=words):
        _relay(tmp_path, source(url)).start()


def test_wrong_credentials_mean_no_start(
    ip_server: tuple[IpListServer, str], tmp_path: Path
) -> None:
    _, url = ip_server
    bad = IpListSource(Secret("someone"), Secret("wrong-SECRET-7"), url=url)
    with pytest.raises(RelayServerError) as caught:
        _relay(tmp_path, bad).start()
    assert "HTTP 401" in str(caught.value)
    assert "RECORDER_RELAY_CUSTOMER_ID" in str(caught.value)
    assert "wrong-SECRET-7" not in str(caught.value)


def test_an_unreachable_list_means_no_start(tmp_path: Path) -> None:
    unreachable = source("http://127.0.0.1:9/v1/ncs/ip")
    with pytest.raises(RelayServerError, match="Cannot fetch the NCS IP list"):
        _relay(tmp_path, unreachable).start()
