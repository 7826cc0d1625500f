"""Helpers for the emulator tests: an authenticated httpx client and a small API driver."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.emulator.ncs_sender import NcsSender
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET
from tests.emulator.ncs_receiver import NcsReceiver

AUTH = (DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET)
#: The NCS secret of the tests: distinctive, so a leak is easy to find in any output.
NCS_SECRET = "ncs-secret-7f3a9c-DO-NOT-PRINT"
STORAGE: dict[str, Any] = {
    "vendor": 1,
    "region": 0,
    "bucket": "bucket",
    "accessKey": "ak",
    "secretKey": "sk",
}


def start_request(mode: str = "mix", **overrides: Any) -> dict[str, Any]:
    """A valid start clientRequest for the mode; keyword args replace top-level members."""
    client: dict[str, Any]
    if mode == "web":
        client = {
            "extensionServiceConfig": {
                "extensionServices": [
                    {
                        "serviceName": "web_recorder_service",
                        "errorHandlePolicy": "error_abort",
                        "serviceParam": {
                            "url": "https://example.com/page",
                            "audioProfile": 0,
                            "videoWidth": 1280,
                            "videoHeight": 720,
                            "maxRecordingHour": 1,
                        },
                    }
                ]
            },
            "recordingFileConfig": {"avFileType": ["hls"]},
        }
    elif mode == "mix":
        client = {
            "recordingConfig": {
                "channelType": 0,
                "transcodingConfig": {"width": 640, "height": 360, "mixedVideoLayout": 1},
            },
            "recordingFileConfig": {"avFileType": ["hls"]},
        }
    else:
        client = {
            "recordingConfig": {"channelType": 0, "subscribeUidGroup": 0},
            "recordingFileConfig": {"avFileType": ["hls"]},
        }
    client["storageConfig"] = dict(STORAGE)
    client.update(overrides)
    return client


class Api:
    """Drives the emulator's REST API over loopback, keeping the last acquire/start ids."""

    def __init__(self, client: httpx.Client, emulator: Emulator) -> None:
        self.http = client
        self.emu = emulator
        self.appid = DEMO_APP_ID
        self.cname = "room1"
        self.uid = "527841"
        self.rid = ""
        self.sid = ""
        self.mode = "mix"

    @property
    def base(self) -> str:
        return f"/v1/apps/{self.appid}/cloud_recording"

    def envelope(self, client_request: dict[str, Any]) -> dict[str, Any]:
        return {"cname": self.cname, "uid": self.uid, "clientRequest": client_request}

    def acquire(self, client_request: dict[str, Any] | None = None) -> httpx.Response:
        r = self.http.post(f"{self.base}/acquire", json=self.envelope(client_request or {}))
        if r.status_code == 200:
            self.rid = r.json()["resourceId"]
        return r

    def start(self, mode: str | None = None, client_request: Any = None) -> httpx.Response:
        self.mode = mode or self.mode
        body = self.envelope(client_request or start_request(self.mode))
        r = self.http.post(f"{self.base}/resourceid/{self.rid}/mode/{self.mode}/start", json=body)
        if r.status_code == 200:
            self.sid = r.json()["sid"]
        return r

    def begin(self, mode: str = "mix", **overrides: Any) -> str:
        """acquire + start; returns the sid."""
        scene = 1 if mode == "web" else 0
        assert self.acquire({"scene": scene}).status_code == 200
        r = self.start(mode, start_request(mode, **overrides))
        assert r.status_code == 200, r.text
        return self.sid

    def task_url(self, action: str, mode: str | None = None) -> str:
        return f"{self.base}/resourceid/{self.rid}/sid/{self.sid}/mode/{mode or self.mode}/{action}"

    def query(self, mode: str | None = None) -> httpx.Response:
        return self.http.get(self.task_url("query", mode))

    def post(
        self, action: str, client_request: Any = None, mode: str | None = None
    ) -> httpx.Response:
        body = self.envelope({} if client_request is None else client_request)
        return self.http.post(self.task_url(action, mode), json=body)

    def stop(self) -> httpx.Response:
        return self.post("stop")


@pytest.fixture
def http(emulator_server: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator_server.url, auth=AUTH, timeout=5) as client:
        yield client


@pytest.fixture
def api(http: httpx.Client, emulator: Emulator) -> Api:
    """The rate limit is switched off here: lifecycle tests send bursts of requests."""
    emulator.config.rate_limit_per_second = None
    return Api(http, emulator)


@pytest.fixture
def receiver() -> Iterator[NcsReceiver]:
    """A loopback NCS receiver checking both signatures with ``NCS_SECRET``."""
    with NcsReceiver(NCS_SECRET) as rx:
        yield rx


@pytest.fixture
def ncs(emulator: Emulator, receiver: NcsReceiver) -> Iterator[NcsSender]:
    """NCS delivery from ``emulator`` to ``receiver``, with short timeouts and resend delays."""
    emulator.config.ncs_ack_timeout = 2.0
    emulator.config.ncs_retry_delays = (0.0, 0.05, 0.1)
    emulator.enable_ncs(receiver.url, NCS_SECRET)
    sender = emulator.ncs_sender
    assert sender is not None
    yield sender
    emulator.close()
