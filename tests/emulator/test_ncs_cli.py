"""``recorder-gui-emulator --ncs-url``: the secret comes from the environment only, is refused
when missing, and is never printed; events reach the receiver."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from recorder_gui.emulator.__main__ import NCS_SECRET_ENV, main
from tests._fixtures.emulator import DEMO_APP_ID
from tests.emulator.conftest import AUTH, NCS_SECRET, start_request
from tests.emulator.ncs_receiver import NcsReceiver


def test_ncs_url_without_the_secret_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(NCS_SECRET_ENV, raising=False)
    assert main(["--ncs-url", "http://127.0.0.1:9/ncs", "--port", "0"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "recorder-gui-emulator: --ncs-url needs the NCS secret in the environment variable "
        f"{NCS_SECRET_ENV}.\n"
    )


def test_an_unusable_ncs_url_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(NCS_SECRET_ENV, NCS_SECRET)
    assert main(["--ncs-url", "ftp://127.0.0.1/ncs", "--port", "0"]) == 2
    out, err = capsys.readouterr()
    assert "http:// or https://" in err
    assert NCS_SECRET not in out + err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_cli_delivers_events_and_never_prints_the_secret(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    receiver: NcsReceiver,
) -> None:
    caplog.set_level("DEBUG")
    monkeypatch.setenv(NCS_SECRET_ENV, NCS_SECRET)
    port = _free_port()
    stop = threading.Event()
    result: list[int] = []
    argv = ["--port", str(port), "--no-rate-limit", "--ncs-url", receiver.url]
    thread = threading.Thread(target=lambda: result.append(main(argv, stop_event=stop)))
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", auth=AUTH, timeout=5) as http:
            deadline = time.monotonic() + 5
            while True:
                try:
                    http.get("/_emulator/config")
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.01)
            base = f"/v1/apps/{DEMO_APP_ID}/cloud_recording"
            envelope = {"cname": "room1", "uid": "42", "clientRequest": {}}
            rid = http.post(f"{base}/acquire", json=envelope).json()["resourceId"]
            body = {**envelope, "clientRequest": start_request("mix")}
            r = http.post(f"{base}/resourceid/{rid}/mode/mix/start", json=body)
            assert r.status_code == 200
            got = receiver.wait_for(2)
            assert [d.body["eventType"] for d in got] == [30, 40]
            assert all(d.v1_ok and d.v2_ok for d in got)
            exported = [http.get(f"/_emulator/{n}").text for n in ("config", "ncs", "events")]
            assert http.get("/_emulator/ncs").json()["url"] == receiver.url
    finally:
        stop.set()
        thread.join(10)
    assert result == [0]
    assert not any(t.name == "recorder-gui-ncs" and t.is_alive() for t in threading.enumerate())
    out, err = capsys.readouterr()
    assert f"NCS callbacks are POSTed to {receiver.url}" in out
    for text in (out, err, caplog.text, *exported):
        assert NCS_SECRET not in text
