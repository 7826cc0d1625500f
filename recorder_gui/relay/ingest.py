"""``POST /ncs``: what NCS sends, checked in the order that costs an attacker the most.

1. the sender's address, when an allow-list is on (403);
2. the size: ``Content-Length`` first, then counted while streaming, stopping at the cap (413;
   the connection is closed, so the rest is never read);
3. the ``Agora-Signature-V2`` HMAC-SHA256 of the raw bytes, in constant time, before any
   parsing (401; the SHA-1 header alone is never enough);
4. the body: UTF-8 JSON object with an ``eventType`` (400).

Then the notification is stored and NCS gets ``200 {"ok": true, ...}``; a store failure answers
503 so that NCS sends it again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from recorder_gui.callbacks.envelope import CallbackError, Envelope
from recorder_gui.callbacks.signature import HEADER_V2, verify_v2
from recorder_gui.relay.responses import LogThrottle, error
from recorder_gui.relay.store import NewEvent, StoreError

if TYPE_CHECKING:
    from recorder_gui.relay.runtime import Relay

log = logging.getLogger(__name__)
_refusals = LogThrottle(log)

INT64 = (-(2**63), 2**63 - 1)


class BodyError(Exception):
    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence


async def read_capped(request: Request, limit: int, seconds: float) -> bytes:
    """The raw body, refusing more than ``limit`` bytes without reading past the cap."""
    length = request.headers.get("content-length")
    if length is not None and length.strip().isdigit() and int(length) > limit:
        raise BodyError(413, f"The notification is larger than {limit} bytes.")
    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise BodyError(413, f"The notification is larger than {limit} bytes.")
    except TimeoutError:
        raise BodyError(408, "The notification did not arrive in time.") from None
    except ClientDisconnect:
        raise BodyError(400, "The sender went away before the notification arrived.") from None
    return bytes(body)


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def parse(body: bytes) -> tuple[Envelope, str]:
    """The envelope and the exact JSON text; :class:`CallbackError` says what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise CallbackError("The notification is not UTF-8 text.") from None
    try:
        data = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise CallbackError("The notification is not valid JSON.") from None
    envelope = Envelope.from_json(data)
    if not INT64[0] <= envelope.event_type <= INT64[1]:
        raise CallbackError("The notification's eventType is out of range.")
    return envelope, text


def clean(text: str) -> str:
    """Text any database accepts: no NUL, no lone surrogates (from ``\\ud800`` escapes)."""
    return text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def new_event(envelope: Envelope, text: str, received_ms: int) -> NewEvent:
    sequence = envelope.sequence
    if sequence is not None and not INT64[0] <= sequence <= INT64[1]:
        sequence = None
    return NewEvent(
        notice_id=clean(envelope.notice_id),
        event_type=envelope.event_type,
        sid=clean(envelope.sid),
        cname=clean(envelope.cname),
        sequence=sequence,
        test=envelope.is_test,
        received_ms=received_ms,
        body=text,
    )


def client_host(request: Request) -> str | None:
    return request.client.host if request.client is not None else None


async def receive(request: Request) -> Response:
    relay: Relay = request.app.state.relay
    config = relay.config
    allow = relay.allow_list
    if allow is not None and not allow.allows(client_host(request)):
        _refusals.warning("NCS request from an address not on the list", str(client_host(request)))
        return error(403, "This address is not on the NCS address list.", close=True)
    try:
        body = await read_capped(request, config.max_body_bytes, config.body_timeout)
    except BodyError as err:
        _refusals.warning(f"NCS request refused ({err.status})", err.sentence)
        return error(err.status, err.sentence, close=True)
    if not verify_v2(config.ncs_secret.reveal(), body, request.headers.get(HEADER_V2)):
        _refusals.warning(
            "NCS request with a bad signature",
            f"from {client_host(request)}: check the secret set in Agora Console",
        )
        return error(401, f"The {HEADER_V2} header is missing or does not match the body.")
    try:
        envelope, text = parse(body)
    except CallbackError as err:
        return error(400, str(err))
    try:
        stored = await relay.store.add(new_event(envelope, text, relay.now_ms()))
    except StoreError as err:
        log.error("Cannot store a notification: %s", err)
        return error(503, "The relay cannot store notifications right now; please resend.")
    return JSONResponse(
        {
            "ok": True,
            "cursor": stored.cursor,
            "resend": not stored.new,
            "duplicate": stored.duplicate,
        }
    )
