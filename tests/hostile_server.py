"""A hostile HTTP/1.1 server on loopback, for tests of what a client does with bad answers.

Usage::

    async with HostileServer(json_answer(200, {"resourceId": "r1"})) as srv:
        client = CloudRecordingClient(..., base_urls=[srv.base_url])
        ...
        assert srv.requests[0].path.endswith("/acquire")

A :data:`Behaviour` is an async callable ``(request, writer) -> None`` that answers one parsed
:class:`Request` by writing whatever it wants on the ``asyncio.StreamWriter`` (or nothing).
The server closes the connection after each behaviour returns (every answer is
``Connection: close``), so each request is one connection. ``srv.behaviour`` may be replaced
between requests.

Ready-made behaviours: :func:`json_answer`, :func:`raw_answer`, :func:`trickle`,
:func:`silence`, :func:`reset_mid_body`, :func:`huge`, :func:`deep_json` and
:func:`sequence` (a different behaviour per request). Leaving the ``async with`` block
cancels every pending behaviour and closes every connection, so no socket is left open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Any

__all__ = [
    "Behaviour",
    "HostileServer",
    "Request",
    "deep_json",
    "head",
    "huge",
    "json_answer",
    "raw_answer",
    "reset_mid_body",
    "sequence",
    "silence",
    "trickle",
]

_MAX_HEAD = 64 * 1024


@dataclass(frozen=True)
class Request:
    """One request as the server read it. Header names are lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Behaviour = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]


def head(status: int, headers: dict[str, str] | None = None, *, length: int | None = None) -> bytes:
    """The status line and headers of an answer (``Connection: close`` always added)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Whatever"
    lines = [f"HTTP/1.1 {status} {phrase}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def raw_answer(
    status: int,
    payload: bytes,
    content_type: str = "text/html",
    headers: dict[str, str] | None = None,
) -> Behaviour:
    """Answer ``status`` with ``payload`` as is."""

    async def behaviour(request: Request, writer: asyncio.StreamWriter) -> None:
        extra = {"Content-Type": content_type, **(headers or {})}
        writer.write(head(status, extra, length=len(payload)) + payload)
        await writer.drain()

    return behaviour


def json_answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Behaviour:
    """Answer ``status`` with ``body`` as JSON (any JSON-able value)."""
    return raw_answer(status, json.dumps(body).encode(), "application/json", headers)


def trickle(
    payload: bytes = b'{"resourceId": "trickled"}',
    *,
    status: int = 200,
    interval: float = 0.5,
    slow_head: bool = False,
) -> Behaviour:
    """Send ``payload`` one byte per ``interval``; with ``slow_head`` the status line and
    headers trickle too (else they go at once)."""

    async def behaviour(request: Request, writer: asyncio.StreamWriter) -> None:
        first = head(status, {"Content-Type": "application/json"}, length=len(payload))
        if not slow_head:
            writer.write(first)
            first = b""
        for index in range(len(first) + len(payload)):
            byte = first[index : index + 1] if index < len(first) else None
            if byte is None:
                at = index - len(first)
                byte = payload[at : at + 1]
            writer.write(byte)
            await writer.drain()
            await asyncio.sleep(interval)

    return behaviour


def silence() -> Behaviour:
    """Read the request, never answer (until the server closes)."""

    async def behaviour(request: Request, writer: asyncio.StreamWriter) -> None:
        await asyncio.Event().wait()

    return behaviour


def reset_mid_body(
    payload: bytes = b'{"resourceId": "' + b"x" * 200 + b'"}', *, sent: int = 20
) -> Behaviour:
    """Promise ``payload``, send its first ``sent`` bytes, then reset the connection."""

    async def behaviour(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(head(200, {"Content-Type": "application/json"}, length=len(payload)))
        writer.write(payload[:sent])
        await writer.drain()
        await asyncio.sleep(0.01)
        writer.transport.abort()

    return behaviour


def huge(n_bytes: int, *, declare_length: bool = True, chunk: int = 64 * 1024) -> Behaviour:
    """A 200 JSON answer of ``n_bytes`` (one giant ``resourceId``), generated chunk by chunk.

    Without ``declare_length`` no Content-Length is sent (the body ends at close).
    """
    opening, closing = b'{"resourceId": "', b'"}'
    filler = b"A" * chunk

    async def behaviour(request: Request, writer: asyncio.StreamWriter) -> None:
        headers = {"Content-Type": "application/json"}
        writer.write(head(200, headers, length=n_bytes if declare_length else None))
        writer.write(opening)
        left = n_bytes - len(opening) - len(closing)
        while left > 0:
            piece = filler[: min(chunk, left)]
            writer.write(piece)
            left -= len(piece)
            await writer.drain()
        writer.write(closing)
        await writer.drain()

    return behaviour


def deep_json(depth: int, status: int = 200) -> Behaviour:
    """A JSON array nested ``depth`` levels deep (``[[[...]]]``)."""
    return raw_answer(status, b"[" * depth + b"]" * depth, "application/json")


def sequence(behaviours: Sequence[Behaviour]) -> Behaviour:
    """The first behaviour for the first request, the second for the second...; the last one
    answers every request after that."""
    if not behaviours:
        raise ValueError("sequence needs at least one behaviour")
    count = 0

    async def behaviour(request: Request, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        chosen = behaviours[min(count, len(behaviours) - 1)]
        count += 1
        await chosen(request, writer)

    return behaviour


class HostileServer:
    """An HTTP/1.1 server on 127.0.0.1 (a free port) answering with ``behaviour``."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[Request] = []  #: every request read, in order
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self._port = 0

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the server is not running (use `async with`)")
        return f"http://127.0.0.1:{self._port}"

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self._port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop listening, cancel every behaviour and close every connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        handlers = list(self._handlers)
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            request = await _read_request(reader)
            if request is not None:
                self.requests.append(request)
                await self.behaviour(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away or sent nonsense: nothing more to do
        finally:
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    raw = await reader.readuntil(b"\r\n\r\n")
    if len(raw) > _MAX_HEAD:
        return None
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    body = await reader.readexactly(length) if length else b""
    return Request(parts[0], parts[1], headers, body)
