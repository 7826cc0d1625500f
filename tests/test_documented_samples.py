"""Conformance: the request bodies Agora's documentation shows, sent as they are.

Each body below has the shape of a sample in Agora's Cloud Recording documentation (its REST
quickstart, the official Python sample, the layout and update guides): no ``recordingFileConfig``
in the mix start, layout regions that carry no ``uid``, the layout sample's misspelt
``backgroudColor``, a web stop with an empty ``clientRequest``. Every one must be accepted twice:
by the client's tolerant reader (unknown fields become warnings, never errors) and by the
emulator over real loopback HTTP, in a full acquire -> start -> query -> updateLayout -> update
-> stop sequence.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from recorder_gui.api import AcquireConfig, StartConfig, UpdateConfig
from recorder_gui.api.layout_models import LayoutUpdate
from recorder_gui.emulator import Emulator, EmulatorServer
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

CNAME = "httpClient463224"
UID = "527841"
STORAGE = {
    "vendor": 1,
    "region": 0,
    "bucket": "xxxxx",
    "accessKey": "xxxxx",
    "secretKey": "xxxxx",
    "fileNamePrefix": ["directory1", "directory2"],
}
ACQUIRE = {"cname": CNAME, "uid": UID, "clientRequest": {}}
#: The official Python sample's mix start: no recordingFileConfig (HLS by default).
START_MIX = {
    "cname": CNAME,
    "uid": UID,
    "clientRequest": {
        "recordingConfig": {
            "channelType": 0,
            "streamTypes": 2,
            "audioProfile": 1,
            "videoStreamType": 0,
            "maxIdleTime": 120,
            "transcodingConfig": {
                "width": 360,
                "height": 640,
                "fps": 30,
                "bitrate": 600,
                "maxResolutionUid": "1",
                "mixedVideoLayout": 1,
            },
        },
        "storageConfig": STORAGE,
    },
}
#: The layout guide's custom layout: regions without ``uid`` (filled in join order) and the
#: guide's own typo ``backgroudColor``, which the service ignores.
UPDATE_LAYOUT = {
    "cname": CNAME,
    "uid": UID,
    "clientRequest": {
        "mixedVideoLayout": 3,
        "backgroudColor": "#FF0000",
        "layoutConfig": [
            {"x_axis": 0.0, "y_axis": 0.0, "width": 0.5, "height": 0.5, "alpha": 1.0,
             "render_mode": 1},
            {"x_axis": 0.5, "y_axis": 0.0, "width": 0.5, "height": 0.5, "alpha": 1.0,
             "render_mode": 0},
        ],
    },
}  # fmt: skip
UPDATE = {
    "cname": CNAME,
    "uid": UID,
    "clientRequest": {
        "streamSubscribe": {
            "audioUidList": {"subscribeAudioUids": ["#allstream#"]},
            "videoUidList": {"unSubscribeVideoUids": ["444", "555"]},
        }
    },
}
STOP = {"cname": CNAME, "uid": UID, "clientRequest": {"async_stop": False}}

#: (what, model, body, warnings expected from the client's tolerant reader)
SAMPLES: list[tuple[str, type[Any], dict[str, Any], list[str]]] = [
    ("acquire", AcquireConfig, ACQUIRE, []),
    ("start mix", StartConfig, START_MIX, []),
    ("updateLayout", LayoutUpdate, UPDATE_LAYOUT, ["backgroudColor"]),
    ("update", UpdateConfig, UPDATE, []),
]


@pytest.mark.parametrize(
    ("model", "body", "warned"), [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES]
)
def test_the_client_reads_each_documented_body(
    model: Any, body: dict[str, Any], warned: list[str]
) -> None:
    parsed, warnings = model.from_body(body)
    assert parsed is not None
    assert len(warnings) == len(warned)
    for name, warning in zip(warned, warnings, strict=True):
        assert name in warning and "ignored" in warning


def _auth() -> dict[str, str]:
    pair = f"{DEMO_CUSTOMER_ID}:{DEMO_CUSTOMER_SECRET}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def test_the_emulator_accepts_the_documented_sequence(
    emulator: Emulator, emulator_server: EmulatorServer
) -> None:
    emulator.config.rate_limit_per_second = None
    emulator.add_user(DEMO_APP_ID, CNAME, 1001)
    emulator.add_user(DEMO_APP_ID, CNAME, 1002)
    base = f"{emulator_server.url}/v1/apps/{DEMO_APP_ID}/cloud_recording"
    with httpx.Client(headers=_auth(), timeout=10) as http:
        acquired = http.post(f"{base}/acquire", json=ACQUIRE)
        assert acquired.status_code == 200, acquired.text
        rid = acquired.json()["resourceId"]
        started = http.post(f"{base}/resourceid/{rid}/mode/mix/start", json=START_MIX)
        assert started.status_code == 200, started.text
        sid = started.json()["sid"]
        emulator.clock.advance(10)
        where = f"{base}/resourceid/{rid}/sid/{sid}/mode/mix"
        queried = http.get(f"{where}/query")
        assert queried.status_code == 200, queried.text
        assert queried.json()["serverResponse"]["status"] in (4, 5)
        laid_out = http.post(f"{where}/updateLayout", json=UPDATE_LAYOUT)
        assert laid_out.status_code == 200, laid_out.text
        updated = http.post(f"{where}/update", json=UPDATE)
        assert updated.status_code == 200, updated.text
        emulator.clock.advance(30)
        stopped = http.post(f"{where}/stop", json=STOP)
        assert stopped.status_code == 200, stopped.text
        answer = stopped.json()["serverResponse"]
        assert answer["uploadingStatus"] == "uploaded"
        assert answer["fileListMode"] == "string"  # mix without screenshots
        assert answer["fileList"].endswith(".m3u8")
    warned = [w for r in emulator.requests("updateLayout") for w in r.warnings]
    assert any("backgroudColor" in w for w in warned)


def test_a_web_stop_with_an_empty_client_request_is_accepted(
    emulator: Emulator, emulator_server: EmulatorServer
) -> None:
    emulator.config.rate_limit_per_second = None
    base = f"{emulator_server.url}/v1/apps/{DEMO_APP_ID}/cloud_recording"
    web_start = {
        "cname": "web-sample",
        "uid": UID,
        "clientRequest": {
            "extensionServiceConfig": {
                "errorHandlePolicy": "error_abort",
                "extensionServices": [
                    {
                        "serviceName": "web_recorder_service",
                        "errorHandlePolicy": "error_abort",
                        "serviceParam": {
                            "url": "https://example.com/",
                            "audioProfile": 0,
                            "videoWidth": 1280,
                            "videoHeight": 720,
                            "maxRecordingHour": 1,
                        },
                    }
                ],
            },
            "recordingFileConfig": {"avFileType": ["hls", "mp4"]},
            "storageConfig": STORAGE,
        },
    }
    config, warnings = StartConfig.from_body(web_start)
    assert warnings == [] and config.extension_service_config is not None
    with httpx.Client(headers=_auth(), timeout=10) as http:
        acquire = {
            "cname": "web-sample",
            "uid": UID,
            "clientRequest": {"resourceExpiredHour": 24, "scene": 1},
        }
        rid = http.post(f"{base}/acquire", json=acquire).json()["resourceId"]
        started = http.post(f"{base}/resourceid/{rid}/mode/web/start", json=web_start)
        assert started.status_code == 200, started.text
        sid = started.json()["sid"]
        emulator.clock.advance(30)
        stop = {"cname": "web-sample", "uid": UID, "clientRequest": {}}
        stopped = http.post(f"{base}/resourceid/{rid}/sid/{sid}/mode/web/stop", json=stop)
        assert stopped.status_code == 200, stopped.text
