"""Serves an ASGI app from a daemon thread with its own event loop (Qt-free).

The emulator and the webhook relay both use it: bind a socket first (so a busy port is a clear
error and port 0 gives a free one), run uvicorn's startup in the thread's loop, return once it
accepts connections, and stop quickly and cleanly. Optional hooks run in the server's loop:
``startup`` before the first connection is accepted (its failure fails :meth:`start`),
``stopping`` when a stop is asked (before connections are closed) and ``shutdown`` after the
last connection is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import uvicorn
from starlette.types import ASGIApp

from recorder_gui.callbacks.relay_url import is_loopback

__all__ = ["AsgiThread", "ServeHooks", "ServedInThread", "is_loopback"]

_SHUTDOWN_GRACE = 2.0


class AsgiThreadError(RuntimeError):
    """The server could not start (bad host, port in use, startup failure)."""


@dataclass(frozen=True)
class ServeHooks:
    """Callables run in the server's own event loop (see the module docstring)."""

    startup: Callable[[], Awaitable[None]] | None = None
    stopping: Callable[[], None] | None = None
    shutdown: Callable[[], Awaitable[None]] | None = None


class AsgiThread:
    """Serve ``app_factory()`` on ``host:port`` from a daemon thread; ``label`` names it."""

    def __init__(
        self,
        app_factory: Callable[[], ASGIApp],
        *,
        label: str,
        host: str = "127.0.0.1",
        port: int = 0,
        error_type: type[Exception] = AsgiThreadError,
        loopback_only: bool = True,
        hooks: ServeHooks | None = None,
        ssl_certfile: str | os.PathLike[str] | None = None,
        ssl_keyfile: str | os.PathLike[str] | None = None,
        uvicorn_options: Mapping[str, Any] | None = None,
        start_timeout: float = 10.0,
    ) -> None:
        self._label = label
        self._error_type = error_type
        if loopback_only and not is_loopback(host):
            raise error_type(f"refusing to bind the {label} to non-loopback {host!r}")
        self._app_factory = app_factory
        self._host = "127.0.0.1" if host == "localhost" else host
        self._requested_port = port
        self._hooks = hooks or ServeHooks()
        self._ssl = (ssl_certfile, ssl_keyfile)
        self._options = dict(uvicorn_options or {})
        self._start_timeout = start_timeout
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        if self._port is None:
            raise self._error_type(f"the {self._label} server is not started")
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        scheme = "https" if self._ssl[0] is not None else "http"
        return f"{scheme}://{host}:{self.port}"

    def start(self) -> None:
        """Bind, serve in a daemon thread, and return once connections are accepted."""
        if self._thread is not None:
            raise self._error_type(f"the {self._label} server is already started")
        self._error = None
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
            raise self._error_type(
                f"cannot bind the {self._label} to {self._host}:{self._requested_port}: {err}"
            ) from err
        self._socket = sock
        self._port = int(sock.getsockname()[1])
        options: dict[str, Any] = {
            "http": "h11",
            "loop": "asyncio",
            "lifespan": "off",
            "access_log": False,
            "log_level": "warning",
            "timeout_graceful_shutdown": 2,
            **self._options,
        }
        certfile, keyfile = self._ssl
        if certfile is not None:
            options["ssl_certfile"] = certfile
            options["ssl_keyfile"] = keyfile
        self._server = uvicorn.Server(uvicorn.Config(self._app_factory(), **options))
        self._thread = threading.Thread(
            target=self._run, name=f"recorder-gui-{self._label}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not self._server.started:
            if self._error is not None or not self._thread.is_alive():
                self._thread.join(timeout=5)
                self._cleanup()
                raise self._error_type(f"the {self._label} server failed to start: {self._error}")
            if time.monotonic() > deadline:
                self.stop()
                raise self._error_type(f"the {self._label} server did not start in time")
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
        hooks = self._hooks
        if hooks.startup is not None:
            await hooks.startup()
        try:
            config = server.config
            if not config.loaded:
                config.load()
            server.lifespan = config.lifespan_class(config)
            await server.startup(sockets=[sock])
            if server.should_exit:
                return
            await self._stop_event.wait()
            if hooks.stopping is not None:
                hooks.stopping()
            await _fast_shutdown(server)
        finally:
            if hooks.shutdown is not None:
                await hooks.shutdown()

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


class ServedInThread:
    """What a server built on an :class:`AsgiThread` (``self._thread``) offers: its port and
    URL, ``start``/``stop``, and ``with server:``. The emulator's and the relay's servers."""

    _thread: AsgiThread

    @property
    def port(self) -> int:
        return self._thread.port

    @property
    def url(self) -> str:
        """``http(s)://host:port``."""
        return self._thread.url

    def start(self) -> None:
        """Bind, serve from a daemon thread, and return once connections are accepted."""
        self._thread.start()

    def stop(self) -> None:
        """Shut down, join the thread and close the socket; safe to call twice."""
        self._thread.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
