"""Raw ASGI wrapper outside Starlette: request ids, fault injection and request recording.

It sits outside Starlette so that a "drop" fault can close uvicorn's transport. Bodies reach it
already capped in size (``guard``); the history keeps them masked, and only for API paths.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recorder_gui.emulator import safejson
from recorder_gui.emulator.emulator import Emulator
from recorder_gui.emulator.faults import Fault
from recorder_gui.emulator.history import RecordedRequest
from recorder_gui.emulator.masking import mask_secrets, may_hold_secrets

#: Scope key of the list where handlers leave what the history records as warnings.
WARNINGS_KEY = "recorder_gui.emulator.warnings"

_APP = r"/v1/apps/[^/]+/cloud_recording"
_ENDPOINTS = [
    ("acquire", re.compile(_APP + r"/acquire")),
    ("start", re.compile(_APP + r"/resourceid/[^/]+/mode/[^/]+/start")),
    (
        "task",
        re.compile(
            _APP + r"/resourceid/[^/]+/sid/[^/]+/mode/[^/]+/(query|update|updateLayout|stop)"
        ),
    ),
    ("channel_users", re.compile(r"/dev/v1/channel/user/[^/]+/[^/]+(/hosts_only)?")),
    ("ncs_ip", re.compile(r"/v1/ncs/ip")),
]


def classify(path: str) -> str:
    for name, pattern in _ENDPOINTS:
        match = pattern.fullmatch(path)
        if match:
            return match.group(1) if name == "task" else name
    return "unknown"


def _parse(raw: bytes) -> Any:
    """The masked parse of a JSON body, or None (empty, invalid or too deep)."""
    if not raw:
        return None
    try:
        value = safejson.loads(raw)
    except ValueError:
        return None
    return mask_secrets(value) if may_hold_secrets(raw) else value


class GatewayMiddleware:
    """Every response gets ``X-Request-Id``; API requests go through faults and are recorded."""

    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        path: str = scope["path"]
        if path.startswith("/_emulator/"):
            await self.app(scope, receive, _with_request_id(send, request_id))
            return
        endpoint = classify(path)
        arrived = self.emulator.clock.now()  # simulated time at which the request came in
        known = endpoint != "unknown"
        # Unknown paths: their body is neither read here nor kept.
        body = await _read_body(receive) if known else b""
        replayed = not known

        async def replay_receive() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        headers = dict(scope.get("headers") or [])
        warnings: list[str] = []
        # Starlette's routing updates this same scope dict: the handlers append to the list.
        scope = {**scope, WARNINGS_KEY: warnings}
        status = 0
        sent = bytearray()

        def record() -> None:
            # Recorded BEFORE the last byte goes out, so a test that got the response sees it.
            response = bytes(sent)
            self.emulator.record(
                RecordedRequest(
                    endpoint=endpoint,
                    method=scope["method"],
                    path=path,
                    json=_parse(body),
                    status=status,
                    response=_parse(response),
                    request_id=request_id,
                    time=arrived,
                    authorization_present=b"authorization" in headers,
                    warnings=tuple(warnings),
                ),
                len(body) + len(response),
            )

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent.extend(message.get("body", b""))

        async def capture_and_send(message: Message) -> None:
            await capture(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                record()
            await _with_request_id(send, request_id)(message)

        plan = self.emulator.take_faults(endpoint)
        if plan.latency:
            await asyncio.sleep(plan.latency)
        failure: Fault | None = plan.failure
        if failure is None:
            await self.app(scope, replay_receive, capture_and_send)
            return
        if failure.apply:
            await self.app(scope, replay_receive, capture)
        status, sent = 0, bytearray()
        if failure.kind == "drop":
            record()
            await _drop(send)
        else:
            payload = json.dumps(failure.body()).encode()
            await _send_json(capture_and_send, failure.status, payload)


def _with_request_id(send: Send, request_id: str) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            headers.append((b"x-request-id", request_id.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _send_json(send: Send, status: int, payload: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _drop(send: Send) -> None:
    """Close the TCP connection with no HTTP response at all.

    Under uvicorn (h11 or httptools) ``send`` is a bound method of the connection's
    RequestResponseCycle, which holds the transport.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise ConnectionAbortedError("fault: connection dropped")
    transport.close()
    # Let connection_lost run, so the server sees a disconnect rather than a missing response.
    for _ in range(3):
        await asyncio.sleep(0)
