"""A small NCS receiver for the tests: a loopback HTTP/1.1 server (``asyncio.start_server`` in
a thread of its own) that checks both signatures over the raw bytes and records each POST.

It can be told to refuse (answer non-200) or stall (answer nothing until released) its next
deliveries, to exercise the sender's resends.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from recorder_gui.callbacks.signature import HEADER_V1, HEADER_V2, sign_sha1, sign_sha256

_REASONS = {200: "OK", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error"}


@dataclass(frozen=True)
class Delivery:
    """One POST as received; ``answered``: the status sent back (None: stalled, no answer)."""

    raw: bytes
    headers: dict[str, str]
    v1_ok: bool
    v2_ok: bool
    answered: int | None

    @property
    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.raw)
        return data


class NcsReceiver:
    """``with NcsReceiver(secret) as rx: ... rx.url ... rx.wait_for(5)``."""

    def __init__(self, secret: str, *, answer: bytes = b"Ok") -> None:
        self.secret = secret
        self.answer = answer
        self._cond = threading.Condition()
        self._deliveries: list[Delivery] = []
        self._refuse: list[tuple[int, Callable[[dict[str, Any]], bool] | None]] = []
        self._stall = 0
        self._stalled_now = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._release: asyncio.Event | None = None
        self._stop: asyncio.Event | None = None
        self._port = 0
        self._thread: threading.Thread | None = None

    # -- control (any thread) -------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/ncs"

    def refuse(
        self,
        count: int,
        status: int = 500,
        *,
        only: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Answer the next ``count`` deliveries (those whose body ``only`` accepts) with
        ``status`` instead of 200."""
        with self._cond:
            self._refuse.extend([(status, only)] * count)

    def stall(self, count: int) -> None:
        """Answer nothing to the next ``count`` deliveries until ``release`` (or the end)."""
        with self._cond:
            self._stall += count

    def release(self) -> None:
        """Let every stalled delivery be answered (200) now."""
        loop, event = self._loop, self._release
        if loop is not None and event is not None:
            loop.call_soon_threadsafe(event.set)

    @property
    def stalled_now(self) -> int:
        """Deliveries held at this moment (received, not answered)."""
        with self._cond:
            return self._stalled_now

    def deliveries(self) -> list[Delivery]:
        with self._cond:
            return list(self._deliveries)

    def bodies(self) -> list[dict[str, Any]]:
        return [d.body for d in self.deliveries()]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Delivery]:
        """At least ``count`` deliveries (AssertionError after ``timeout`` seconds)."""
        return self.wait_until(lambda got: len(got) >= count, timeout)

    def wait_until(
        self, done: Callable[[list[Delivery]], bool], timeout: float = 10.0
    ) -> list[Delivery]:
        with self._cond:
            ok = self._cond.wait_for(lambda: done(self._deliveries), timeout)
            assert ok, f"receiver: condition not met, got {len(self._deliveries)} deliveries"
            return list(self._deliveries)

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(ready),), daemon=True)
        self._thread.start()
        assert ready.wait(5), "the NCS receiver did not start"

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(5)
            assert not self._thread.is_alive(), "the NCS receiver did not stop"

    def __enter__(self) -> NcsReceiver:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the receiver's thread ---------------------------------------------------------------
    async def _main(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._release, self._stop = asyncio.Event(), asyncio.Event()
        handlers: set[asyncio.Task[None]] = set()

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            handlers.add(task)
            try:
                await self._serve(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
                pass
            finally:
                handlers.discard(task)
                writer.close()
                with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                    await writer.wait_closed()

        server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
        self._port = server.sockets[0].getsockname()[1]
        ready.set()
        await self._stop.wait()
        self._release.set()
        server.close()
        for task in list(handlers):
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """HTTP/1.1 with keep-alive: one request after the other on the connection."""
        while True:
            line = await reader.readline()
            if not line:
                return
            headers: dict[str, str] = {}
            while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            raw = await reader.readexactly(int(headers.get("content-length", "0")))
            status = await self._answer(line.decode("latin-1").split(" ")[0], headers, raw)
            reason = _REASONS.get(status, "Error")
            head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
            head += f"Content-Length: {len(self.answer)}\r\n\r\n"
            writer.write(head.encode("latin-1") + self.answer)
            await writer.drain()

    def _refusal(self, raw: bytes) -> int:
        """The status of the first refusal that applies to ``raw`` (consumed), else 200."""
        for i, (status, only) in enumerate(self._refuse):
            if only is None or only(json.loads(raw)):
                del self._refuse[i]
                return status
        return 200

    async def _answer(self, method: str, headers: dict[str, str], raw: bytes) -> int:
        v1 = headers.get(HEADER_V1.lower()) == sign_sha1(self.secret, raw)
        v2 = headers.get(HEADER_V2.lower()) == sign_sha256(self.secret, raw)
        with self._cond:
            stall = self._stall > 0
            if stall:
                self._stall -= 1
                self._stalled_now += 1
            if method != "POST":
                status = 404
            elif not (v1 and v2):
                status = 401
            else:
                status = 200 if stall else self._refusal(raw)  # a stalled one once released
            self._deliveries.append(Delivery(raw, headers, v1, v2, None if stall else status))
            self._cond.notify_all()
        if stall:
            assert self._release is not None
            try:
                await self._release.wait()
            finally:
                with self._cond:
                    self._stalled_now -= 1
        return status
