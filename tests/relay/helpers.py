"""Building, signing and posting NCS notifications; reading them back. Real HTTP only."""

from __future__ import annotations

import json
import socket
import uuid
from typing import Any

import httpx

from recorder_gui.callbacks.signature import HEADER_V2, signature_headers

SECRET = "ncs-SECRET-for-tests-4711"
TOKEN = "read-TOKEN-for-tests-0815"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def notification(
    event_type: int = 40,
    *,
    sid: str = "sid-1",
    cname: str = "room-1",
    sequence: int | None = 0,
    notice_id: str | None = None,
    notify_ms: int = 1_700_000_000_000,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "cname": cname,
        "uid": "1001",
        "sid": sid,
        "sendts": notify_ms - 20,
        "serviceType": 1,
        "details": details if details is not None else {"msgName": "recorder_started"},
    }
    if sequence is not None:
        payload["sequence"] = sequence
    return {
        "noticeId": notice_id or uuid.uuid4().hex,
        "productId": 3,
        "eventType": event_type,
        "notifyMs": notify_ms,
        "sid": sid,
        "payload": payload,
    }


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def post(
    client: httpx.Client, body: dict[str, Any] | bytes, *, secret: str = SECRET
) -> httpx.Response:
    raw = body if isinstance(body, bytes) else encode(body)
    return client.post("/ncs", content=raw, headers=signature_headers(secret, raw))


def post_v2_only(client: httpx.Client, raw: bytes, signature: str | bytes | None) -> httpx.Response:
    headers: dict[str, str | bytes] = {"Content-Type": "application/json"}
    if signature is not None:
        headers[HEADER_V2] = signature
    return client.post("/ncs", content=raw, headers=headers)


def read(client: httpx.Client, *, token: str = TOKEN, **params: Any) -> httpx.Response:
    return client.get(
        "/v1/events", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=40
    )


def events(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    r = read(client, **params)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()["events"]
    return found


def raw_exchange(port: int, head: bytes, body_chunks: list[bytes], *, wait: float = 10.0) -> bytes:
    """Send ``head`` and chunks on a plain socket, then read the answer (a reset after it is ok)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(head)
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the rest: read what it said
        answer = b""
        try:
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except ConnectionResetError:
            pass
        return answer


def sign_v2_header(secret: str, body: bytes) -> dict[str, str]:
    """Only the V2 header, computed over ``body`` (which may differ from what is sent)."""
    return {
        "Content-Type": "application/json",
        HEADER_V2: signature_headers(secret, body)[HEADER_V2],
    }
