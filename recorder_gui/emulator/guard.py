"""Outermost raw ASGI guard: request body size cap (every path) and control API protection.

* A body larger than ``config.max_body_bytes`` is answered 413 without being read: a
  Content-Length above the cap is refused at once, a chunked body is read only up to the cap.
* ``/_emulator`` requests must come from a loopback ``Host`` and ``Origin`` (when those headers
  are present; 403 otherwise, against DNS rebinding and cross-site requests from a browser),
  carry ``Authorization: Bearer <config.control_token>`` when a token is configured (401), and
  send ``Content-Type: application/json`` with POST/PUT/PATCH/DELETE (415).
"""

from __future__ import annotations

import hmac
import json
import uuid
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recorder_gui.emulator.emulator import Emulator

CONTROL_PREFIX = "/_emulator"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Rejection(Exception):
    """A request refused by the guard, with its status and message."""

    def __init__(self, status: int, message: str, *extra: tuple[bytes, bytes]) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


class GuardMiddleware:
    """Reads the emulator's config at every request, so changes at run time apply at once."""

    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            path: str = scope["path"]
            if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
                self._check_control(scope)
            receive = await self._capped(scope, receive)
        except Rejection as refused:
            await _reject(send, refused)
            return
        await self.app(scope, receive, send)

    async def _capped(self, scope: Scope, receive: Receive) -> Receive:
        """``receive`` unchanged, or (chunked body) one that replays the body read here."""
        limit = self.emulator.config.max_body_bytes
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit():
                    raise Rejection(400, "invalid Content-Length")
                if len(value) > 18 or int(value) > limit:
                    raise _too_large(limit)
            elif name == b"transfer-encoding":
                chunked = True
        if not chunked:
            return receive  # no body, or a Content-Length within the cap (the server enforces it)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return _replay(message, receive)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        return _replay(body, receive)

    def _check_control(self, scope: Scope) -> None:
        host = origin = authorization = content_type = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"authorization":
                authorization = value
            elif name == b"content-type":
                content_type = value.decode("latin-1")
        if host is not None and not is_loopback_authority(host):
            raise Rejection(403, "the control API answers only to a loopback Host")
        if origin is not None and not is_loopback_origin(origin):
            raise Rejection(403, "the control API refuses requests from other origins")
        token = self.emulator.config.control_token
        if token and not _bearer_matches(authorization, token):
            challenge = (b"www-authenticate", b'Bearer realm="recorder-gui-emulator"')
            raise Rejection(401, "the control API needs its Bearer token", challenge)
        if scope["method"] in _BODY_METHODS:
            media = (content_type or "").split(";", 1)[0].strip().lower()
            if media != "application/json":
                raise Rejection(415, "the control API takes Content-Type: application/json")


def is_loopback_authority(authority: str) -> bool:
    """``localhost``, ``127.0.0.1`` or ``[::1]``, with or without a port."""
    host = authority.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return False
        host, rest = host[: end + 1], host[end + 1 :]
    else:
        host, sep, rest = host.partition(":")
        rest = sep + rest
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        return False
    return host in LOOPBACK_HOSTS


def is_loopback_origin(origin: str) -> bool:
    """An ``http(s)://`` origin on a loopback host (``null`` and other schemes are not)."""
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or parts.path not in ("", "/"):
        return False
    if parts.query or parts.fragment or "@" in parts.netloc:
        return False
    return is_loopback_authority(parts.netloc)


def _bearer_matches(header: bytes | None, token: str) -> bool:
    if header is None:
        return False
    scheme, _, given = header.partition(b" ")
    if scheme.lower() != b"bearer":
        return False
    return hmac.compare_digest(given.strip(), token.encode())


def _too_large(limit: int) -> Rejection:
    return Rejection(413, f"request body too large (limit {limit} bytes)")


def _replay(first: Message, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return replay


async def _reject(send: Send, refused: Rejection) -> None:
    """A JSON ``{"message"}`` answer that closes the connection (an unread body may follow)."""
    payload = json.dumps({"message": refused.message}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
        (b"x-request-id", uuid.uuid4().hex.encode()),
        *refused.extra,
    ]
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
