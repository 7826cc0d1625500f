"""Serves an Emulator over loopback HTTP: uvicorn in a daemon thread with its own event loop."""

from __future__ import annotations

from types import TracebackType

from recorder_gui.asgi_thread import AsgiThread
from recorder_gui.emulator.app import create_app
from recorder_gui.emulator.emulator import Emulator


class EmulatorServerError(RuntimeError):
    """The emulator server could not start (bad host, port in use, startup failure)."""


class EmulatorServer:
    """``with EmulatorServer() as server: httpx.get(server.url + ...)``; works beside any loop."""

    def __init__(
        self, emulator: Emulator | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self._emulator = emulator if emulator is not None else Emulator()
        self._thread = AsgiThread(
            lambda: create_app(self._emulator),
            label="emulator",
            host=host,
            port=port,
            error_type=EmulatorServerError,
        )

    @property
    def emulator(self) -> Emulator:
        return self._emulator

    @property
    def port(self) -> int:
        return self._thread.port

    @property
    def url(self) -> str:
        return self._thread.url

    def start(self) -> None:
        """Bind, serve in a daemon thread, and return once connections are accepted."""
        self._thread.start()

    def stop(self) -> None:
        """Shut down, join the thread and close the socket; safe to call twice."""
        self._thread.stop()

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
