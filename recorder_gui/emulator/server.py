"""Serves an Emulator over loopback HTTP: uvicorn in a daemon thread with its own event loop."""

from __future__ import annotations

from recorder_gui.asgi_thread import AsgiThread, ServedInThread
from recorder_gui.emulator.app import create_app
from recorder_gui.emulator.emulator import Emulator


class EmulatorServerError(RuntimeError):
    """The emulator server could not start (bad host, port in use, startup failure)."""


class EmulatorServer(ServedInThread):
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
