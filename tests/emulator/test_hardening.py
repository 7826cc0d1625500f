"""Hostile requests over real loopback HTTP: body cap, deep JSON, control API guard, history."""

from __future__ import annotations

import base64
import json
import select
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from recorder_gui.emulator import Emulator, EmulatorServer
from recorder_gui.emulator.__main__ import CONTROL_TOKEN_ENV, build_parser
from recorder_gui.emulator.config import HISTORY_MAX_BYTES, MAX_BODY_BYTES
from recorder_gui.emulator.masking import MASK, mask_secrets
from recorder_gui.tokens import Role, build_rtc_token
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET
from tests.emulator.conftest import AUTH, Api, start_request

BASIC = "Basic " + base64.b64encode(f"{DEMO_CUSTOMER_ID}:{DEMO_CUSTOMER_SECRET}".encode()).decode()
ACQUIRE = f"/v1/apps/{DEMO_APP_ID}/cloud_recording/acquire"
JSON_TYPE = {"Content-Type": "application/json"}
API_JSON = {**JSON_TYPE, "Authorization": BASIC}
ANSWER_TIMEOUT = 5.0


@dataclass(frozen=True)
class Row:
    """One hostile (or, for contrast, legitimate) request and the answer it must get."""

    name: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    declared_length: int | None = None  # a Content-Length other than len(body)
    chunked_bytes: int = 0  # send this many body bytes chunked instead of ``body``
    status: int = 200
    says: str = ""  # a substring of the JSON answer's message or reason
    quick: bool = False  # answered well before the body could have been read


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def _read_answer(sock: socket.socket, started: float) -> Answer:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"connection closed without an answer (got {data!r})")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines)}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    seconds = time.perf_counter() - started
    return Answer(int(status_line.split()[1]), headers, rest[:length], seconds)


def _send_chunked(sock: socket.socket, total: int) -> None:
    """Chunks of 64 KiB until ``total`` or until the server has answered or closed."""
    piece = b"x" * 65536
    sent = 0
    try:
        while sent < total:
            if select.select([sock], [], [], 0)[0]:
                return  # answered already: stop sending, as a real client would
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        return


def exchange(port: int, row: Row) -> Answer:
    headers = {"Host": f"127.0.0.1:{port}", **row.headers}
    if row.chunked_bytes:
        headers["Transfer-Encoding"] = "chunked"
    else:
        length = len(row.body) if row.declared_length is None else row.declared_length
        headers["Content-Length"] = str(length)
    head = f"{row.method} {row.path} HTTP/1.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_TIMEOUT) as sock:
        started = time.perf_counter()
        sock.sendall(head.encode("latin-1") + row.body)
        if row.chunked_bytes:
            _send_chunked(sock, row.chunked_bytes)
        return _read_answer(sock, started)


def _problem(row: Row, port: int) -> str | None:
    """Why the row's answer is wrong, or None."""
    try:
        answer = exchange(port, row)
    except (OSError, ConnectionError) as err:  # socket.timeout is an OSError
        return f"{row.name}: no answer ({type(err).__name__}: {err})"
    if answer.status != row.status:
        return f"{row.name}: status {answer.status} != {row.status} ({answer.body[:200]!r})"
    if not answer.headers.get("content-type", "").startswith("application/json"):
        return f"{row.name}: answer is not JSON ({answer.headers}, {answer.body[:200]!r})"
    try:
        data = json.loads(answer.body)
    except ValueError:
        return f"{row.name}: answer body is not JSON ({answer.body[:200]!r})"
    if row.says and row.says not in json.dumps(data):
        return f"{row.name}: answer {data!r} does not say {row.says!r}"
    if row.quick and answer.seconds > 1.0:
        return f"{row.name}: answered after {answer.seconds:.2f} s (read the body?)"
    return None


TWENTY_MB = 20_000_000
ADVANCE = b'{"seconds": 3600}'
FAULT = b'{"endpoint": "*", "count": null}'
HOSTILE = [
    # body size cap: refused before the body is read, on every path
    Row("20 MB declared, API path", "POST", ACQUIRE, API_JSON, b'{"cname": "r', TWENTY_MB,
        status=413, says="too large", quick=True),
    Row("20 MB declared, unknown path, no auth", "POST", "/nowhere", {}, b"xxxx", TWENTY_MB,
        status=413, says="too large", quick=True),
    Row("20 MB declared, control API", "POST", "/_emulator/clock/advance", JSON_TYPE, ADVANCE,
        TWENTY_MB, status=413, says="too large", quick=True),
    Row("chunked body over the cap", "POST", "/nowhere", {}, chunked_bytes=MAX_BODY_BYTES * 3,
        status=413, says="too large"),
    Row("chunked body over the cap, API path", "POST", ACQUIRE, API_JSON,
        chunked_bytes=MAX_BODY_BYTES * 3, status=413, says="too large"),
    # deep and invalid JSON: a clean 400, never a dropped connection
    Row("100k nested arrays", "POST", ACQUIRE, API_JSON, b"[" * 100_000, status=400,
        says="nested too deeply"),
    Row("100k nested objects", "POST", ACQUIRE, API_JSON, b'{"a":' * 100_000, status=400,
        says="nested too deeply"),
    Row("500 nested arrays (parses, too deep)", "POST", ACQUIRE, API_JSON,
        b"[" * 500 + b"]" * 500, status=400, says="nested too deeply"),
    Row("deep JSON without credentials", "POST", ACQUIRE, JSON_TYPE, b"[" * 100_000,
        status=401, says="Unauthorized"),
    Row("deep JSON, control API", "POST", "/_emulator/faults", JSON_TYPE, b"[" * 100_000,
        status=400, says="nested"),
    Row("invalid JSON", "POST", ACQUIRE, API_JSON, b'{"cname": "room1", ', status=400,
        says="not valid JSON"),
    Row("invalid UTF-8", "POST", ACQUIRE, API_JSON, b'{"cname": "\xff\xfe"}', status=400,
        says="not valid JSON"),
    Row("invalid JSON, control API", "POST", "/_emulator/faults", JSON_TYPE, b'{"kind": ',
        status=400),
    # control API: loopback Host and Origin only, JSON only
    Row("foreign Origin", "POST", "/_emulator/faults", {**JSON_TYPE,
        "Origin": "https://evil.example"}, FAULT, status=403, says="origin"),
    Row("foreign Origin on a loopback port lookalike", "POST", "/_emulator/faults",
        {**JSON_TYPE, "Origin": "http://localhost.evil.example:8765"}, FAULT, status=403),
    Row("Origin null (sandboxed page)", "POST", "/_emulator/faults",
        {**JSON_TYPE, "Origin": "null"}, FAULT, status=403),
    Row("foreign Origin, GET", "GET", "/_emulator/requests", {"Origin": "http://evil.example"},
        status=403),
    Row("DNS rebinding Host", "POST", "/_emulator/faults",
        {**JSON_TYPE, "Host": "rebind.evil.example:8765"}, FAULT, status=403, says="Host"),
    Row("DNS rebinding Host, GET", "GET", "/_emulator/requests", {"Host": "evil.example"},
        status=403),
    Row("form-encoded (the README curl)", "POST", "/_emulator/clock/advance",
        {"Content-Type": "application/x-www-form-urlencoded"}, ADVANCE, status=415),
    Row("text/plain (a no-preflight fetch)", "POST", "/_emulator/clock/advance",
        {"Content-Type": "text/plain"}, ADVANCE, status=415),
    Row("no Content-Type", "POST", "/_emulator/clock/advance", {}, ADVANCE, status=415),
    Row("no Content-Type, DELETE", "DELETE", "/_emulator/faults", {}, status=415),
    # legitimate contrasts: loopback names, with any port, and JSON
    Row("loopback Origin", "POST", "/_emulator/clock/advance",
        {**JSON_TYPE, "Origin": "http://localhost:5173"}, b'{"seconds": 0}'),
    Row("Host localhost", "GET", "/_emulator/tasks", {"Host": "localhost:8765"}),
    Row("Host [::1]", "GET", "/_emulator/tasks", {"Host": "[::1]:8765", "Origin": "http://[::1]"}),
    Row("JSON with charset", "POST", "/_emulator/clock/advance",
        {"Content-Type": "application/json; charset=utf-8"}, b'{"seconds": 0}'),
]  # fmt: skip


def test_hostile_requests_table(emulator_server: EmulatorServer, emulator: Emulator) -> None:
    emulator.config.rate_limit_per_second = None
    before = emulator.clock.now()
    problems = [p for row in HOSTILE if (p := _problem(row, emulator_server.port)) is not None]
    assert not problems, "\n".join(problems)
    # None of the refused control requests had an effect; the server still serves.
    assert emulator.clock.now() == before
    assert emulator.faults() == []
    with httpx.Client(base_url=emulator_server.url, auth=AUTH) as client:
        body = {"cname": "room1", "uid": "1", "clientRequest": {}}
        assert client.post(ACQUIRE, json=body).status_code == 200


def test_body_cap_is_configurable(emulator_server: EmulatorServer, emulator: Emulator) -> None:
    emulator.config.max_body_bytes = 64
    big = {"cname": "room1", "uid": "1", "clientRequest": {"startParameter": {"x": "y" * 64}}}
    with httpx.Client(base_url=emulator_server.url, auth=AUTH) as client:
        r = client.post(ACQUIRE, json=big)
        assert r.status_code == 413
        assert r.json() == {"message": "request body too large (limit 64 bytes)"}
        assert client.post(ACQUIRE, json={"cname": "r", "uid": "1"}).status_code == 400
    assert [r.status for r in emulator.requests()] == [400]  # only the small one got in


def test_control_token(emulator_server: EmulatorServer, emulator: Emulator) -> None:
    emulator.config.control_token = "control-token-123"
    url = emulator_server.url + "/_emulator/clock/advance"
    body = {"seconds": 5}
    before = emulator.clock.now()
    cases = [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token-123"}, 401),
        ({"Authorization": "Bearer control-token-12"}, 401),
        ({"Authorization": BASIC}, 401),
        ({"Authorization": "Bearer control-token-123"}, 200),
    ]
    got = [httpx.post(url, json=body, headers=h).status_code for h, _ in cases]
    assert got == [status for _, status in cases]
    assert emulator.clock.now() == before + 5  # only the right token moved the clock
    refused = httpx.get(emulator_server.url + "/_emulator/requests")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.json()["message"]
    # The API itself keeps its Basic auth, token or not.
    assert httpx.get(emulator_server.url + "/v1/ncs/ip", auth=AUTH).status_code == 200


def test_control_token_from_cli_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONTROL_TOKEN_ENV, raising=False)
    assert build_parser().parse_args([]).control_token is None
    assert build_parser().parse_args(["--control-token", "t1"]).control_token == "t1"
    monkeypatch.setenv(CONTROL_TOKEN_ENV, "from-env")
    assert build_parser().parse_args([]).control_token == "from-env"
    assert build_parser().parse_args(["--control-token", "t2"]).control_token == "t2"
    assert "from-env" not in build_parser().format_help()


SECRETS = {
    "accessKey": "AKIA-HARDEN-ACCESS-KEY",
    "secretKey": "HARDEN-SECRET-KEY-VALUE",
    "stsToken": "HARDEN-STS-TOKEN-VALUE",
    "token": "007HARDEN-BOT-RTC-TOKEN",
    "secret": "HARDEN-DECRYPTION-SECRET",
    "salt": base64.b64encode(b"HARDEN-SALT-32-BYTES-LONG-VALUE!").decode(),
    "tag": "HARDEN-OBJECT-TAG",
    "freshSts": "HARDEN-FRESH-STS-TOKEN",
}


def test_history_and_event_log_hold_no_secret(api: Api, emulator_server: EmulatorServer) -> None:
    certificate = "c0ffee" * 5 + "00"
    api.emu.config.app_certificates = {api.appid: certificate}  # so the bot token is checked
    api.emu.config.storage_keys = frozenset({(SECRETS["accessKey"], SECRETS["secretKey"])})
    token = build_rtc_token(api.appid, certificate, api.cname, api.uid, Role.SUBSCRIBER, 3600)
    hidden = {**SECRETS, "token": token, "certificate": certificate}
    storage = {
        "vendor": 1,
        "region": 0,
        "bucket": "harden-bucket",
        "accessKey": SECRETS["accessKey"],
        "secretKey": SECRETS["secretKey"],
        "stsToken": SECRETS["stsToken"],
        "extensionParams": {"sse": "kms", "tag": SECRETS["tag"]},
    }
    recording = {
        "channelType": 0,
        "decryptionMode": 7,
        "secret": SECRETS["secret"],
        "salt": SECRETS["salt"],
        "transcodingConfig": {"width": 640, "height": 360, "mixedVideoLayout": 1},
    }
    api.emu.add_user(api.appid, api.cname, 1001)
    sid = api.begin("mix", token=token, storageConfig=storage, recordingConfig=recording)
    fresh = {**storage, "stsToken": SECRETS["freshSts"]}
    assert api.post("update", {"storageConfig": fresh}).status_code == 200
    api.emu.clock.advance(30)
    assert api.stop().status_code == 200
    api.emu.clock.advance(10)
    assert api.emu.task(sid)["storage"]["stsToken"] == SECRETS["freshSts"]  # the service has it

    exported: dict[str, bytes] = {}
    with httpx.Client(base_url=emulator_server.url) as control:
        for name in ("requests", "events", "tasks", f"tasks/{sid}", "config"):
            r = control.get(f"/_emulator/{name}")
            assert r.status_code == 200, name
            exported[name] = r.content
    assert len(json.loads(exported["events"])) >= 4  # started, uploaded, left, exited
    leaked = [
        (name, key)
        for name, raw in exported.items()
        for key, value in {**hidden, "customer": DEMO_CUSTOMER_SECRET, "basic": BASIC[6:]}.items()
        if value.encode() in raw
    ]
    assert leaked == []
    assert all(v not in repr(api.emu.requests()) for v in hidden.values())
    assert api.emu.task(sid)["ended_reason"] == "stopped"  # the token and the keys were good
    # What is kept is still useful: masked values in place, the rest as sent.
    start = json.loads(exported["requests"])[1]
    assert start["endpoint"] == "start"
    sent = start["json"]["clientRequest"]
    assert sent["storageConfig"]["bucket"] == "harden-bucket"
    assert sent["storageConfig"]["secretKey"] == MASK
    assert sent["storageConfig"]["extensionParams"] == MASK
    assert sent["recordingConfig"]["salt"] == MASK
    assert sent["token"] == MASK
    assert sent["recordingConfig"]["transcodingConfig"]["width"] == 640


def test_history_is_bounded_in_bytes(api: Api) -> None:
    api.emu.config.max_body_bytes = 4 << 20  # let 2 MB bodies past the cap, into the gateway
    blob = b"z" * (2 << 20)
    for _ in range(8):
        r = api.http.post("/some/unknown/path", content=blob, headers=JSON_TYPE)
        assert r.status_code == 404
    unknown = api.emu.requests("unknown")
    assert len(unknown) == 8
    assert all(r.json is None and r.status == 404 for r in unknown)
    assert api.emu.history_bytes < 16 << 10  # the bodies were not kept
    # Known paths keep their bodies, but only up to the byte bound, newest kept.
    pad = "p" * (900 << 10)
    for i in range(8):
        body = api.envelope({"startParameter": {"pad": pad, "n": i}})
        assert api.http.post(f"{api.base}/acquire", json=body).status_code == 200
    assert api.emu.history_bytes <= HISTORY_MAX_BYTES
    kept = api.emu.requests("acquire")
    assert 1 <= len(kept) < 8
    assert kept[-1].json["clientRequest"]["startParameter"]["n"] == 7
    assert len(api.emu.requests("unknown")) < 8  # the oldest went first


def test_history_bound_is_configurable(api: Api) -> None:
    api.emu.config.history_max_bytes = 4096
    for _ in range(20):
        assert api.acquire({}).status_code == 200
    assert 0 < api.emu.history_bytes <= 4096
    assert 1 < len(api.emu.requests("acquire")) < 20
    api.emu.config.history_max_bytes = 300  # less than one entry with bodies: facts kept only
    api.acquire({"region": "EU"})
    [last] = api.emu.requests()
    assert last.status == 200
    assert last.json is None


def test_mask_secrets_by_key_name_at_any_depth() -> None:
    data: dict[str, Any] = {
        "clientRequest": {
            "Token": "t",
            "storageConfig": {"ACCESSKEY": "a", "secretKey": "s", "bucket": "b"},
            "list": [{"stsToken": "x"}, {"salt": 1, "keep": [1, {"Authorization": "Basic x"}]}],
        },
        "uid": "1",
    }
    masked = mask_secrets(data)
    assert masked == {
        "clientRequest": {
            "Token": MASK,
            "storageConfig": {"ACCESSKEY": MASK, "secretKey": MASK, "bucket": "b"},
            "list": [{"stsToken": MASK}, {"salt": MASK, "keep": [1, {"Authorization": MASK}]}],
        },
        "uid": "1",
    }
    assert data["clientRequest"]["Token"] == "t"  # a copy: the input is untouched
    assert start_request("mix")["storageConfig"]["secretKey"] != MASK
