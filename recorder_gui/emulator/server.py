"""Serves an Emulator over loopback HTTP: uvicorn in a daemon thread with its own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
import time
from types import TracebackType

import uvicorn

from recorder_gui.emulator.app import create_app
from recorder_gui.emulator.state import Emulator

_START_TIMEOUT = 10.0
_SHUTDOWN_GRACE = 2.0


class EmulatorServerError(RuntimeError):
    """The emulator server could not start (bad host, port in use, startup failure)."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class EmulatorServer:
    """``with EmulatorServer() as server: httpx.get(server.url + ...)``; works beside any loop."""

    def __init__(
        self, emulator: Emulator | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        if not _is_loopback(host):
            raise EmulatorServerError(f"refusing to bind the emulator to non-loopback {host!r}")
        self._emulator = emulator if emulator is not None else Emulator()
        self._host = "127.0.0.1" if host == "localhost" else host
        self._requested_port = port
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None

    @property
    def emulator(self) -> Emulator:
        return self._emulator

    @property
    def port(self) -> int:
        if self._port is None:
            raise EmulatorServerError("the emulator server is not started")
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        """Bind, serve in a daemon thread, and return once connections are accepted."""
        if self._thread is not None:
            raise EmulatorServerError("the emulator server is already started")
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP,
        # and without it every response waits ~40 ms for a delayed ACK (Nagle).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._requested_port))
            sock.listen(128)
            sock.setblocking(False)
        except OSError as err:
            sock.close()
            raise EmulatorServerError(
                f"cannot bind the emulator to {self._host}:{self._requested_port}: {err}"
            ) from err
        self._socket = sock
        self._port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            create_app(self._emulator),
            http="h11",
            loop="asyncio",
            lifespan="off",
            access_log=False,
            log_level="warning",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="recorder-gui-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if self._error is not None or not self._thread.is_alive():
                self._cleanup()
                raise EmulatorServerError(f"the emulator server failed to start: {self._error}")
            if time.monotonic() > deadline:
                self.stop()
                raise EmulatorServerError("the emulator server did not start in time")
            time.sleep(0.005)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as err:
            self._error = err

    async def _serve(self) -> None:
        """uvicorn's startup/shutdown around our own stop event (no 0.1 s polling loop)."""
        server, sock = self._server, self._socket
        assert server is not None
        assert sock is not None
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        config = server.config
        if not config.loaded:
            config.load()
        server.lifespan = config.lifespan_class(config)
        await server.startup(sockets=[sock])
        if server.should_exit:
            return
        await self._stop_event.wait()
        await _fast_shutdown(server)

    def stop(self) -> None:
        """Shut down, join the thread and close the socket; safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        loop, event = self._loop, self._stop_event
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(event.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
            if self._thread.is_alive():
                assert self._server is not None
                self._server.force_exit = True
                self._thread.join(timeout=5)
        self._cleanup()

    def _cleanup(self) -> None:
        if self._socket is not None:
            self._socket.close()
        self._socket = None
        self._thread = None
        self._server = None
        self._loop = None
        self._stop_event = None

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


async def _fast_shutdown(server: uvicorn.Server) -> None:
    """Like ``uvicorn.Server.shutdown`` minus its fixed 0.1 s sleeps (tests stop many servers)."""
    for listener in server.servers:
        listener.close()
    state = server.server_state
    for connection in list(state.connections):
        connection.shutdown()
    deadline = time.monotonic() + _SHUTDOWN_GRACE
    # uvicorn offers no event for "all connections closed": poll briefly.
    while (state.connections or state.tasks) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.002)
    for task in list(state.tasks):
        task.cancel()
    for listener in server.servers:
        await listener.wait_closed()
