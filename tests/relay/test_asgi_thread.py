"""recorder_gui.asgi_thread: the uvicorn-in-a-thread part shared by the emulator and the relay."""

from __future__ import annotations

import threading

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from recorder_gui.asgi_thread import AsgiThread, AsgiThreadError, ServeHooks, is_loopback


def _app() -> Starlette:
    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse(threading.current_thread().name)

    return Starlette(routes=[Route("/", hello)])


def test_hooks_run_in_order_in_the_server_thread() -> None:
    calls: list[tuple[str, str]] = []

    async def startup() -> None:
        calls.append(("startup", threading.current_thread().name))

    def stopping() -> None:
        calls.append(("stopping", threading.current_thread().name))

    async def shutdown() -> None:
        calls.append(("shutdown", threading.current_thread().name))

    server = AsgiThread(_app, label="probe", hooks=ServeHooks(startup, stopping, shutdown))
    server.start()
    try:
        assert [c[0] for c in calls] == ["startup"]
        assert httpx.get(server.url + "/").text == "recorder-gui-probe"
    finally:
        server.stop()
    assert [c[0] for c in calls] == ["startup", "stopping", "shutdown"]
    assert {c[1] for c in calls} == {"recorder-gui-probe"}


def test_a_failing_startup_hook_fails_start_with_its_sentence() -> None:
    async def startup() -> None:
        raise RuntimeError("The database is on fire.")

    server = AsgiThread(_app, label="probe", hooks=ServeHooks(startup=startup))
    with pytest.raises(AsgiThreadError, match="probe server failed to start: The database is on"):
        server.start()
    server.stop()  # harmless after a failed start
    with pytest.raises(httpx.ConnectError):  # nothing is left listening
        httpx.get(server.url + "/")


def test_restart_after_stop_and_error_type() -> None:
    class Mine(RuntimeError):
        pass

    server = AsgiThread(_app, label="probe", error_type=Mine)
    with pytest.raises(Mine, match="not started"):
        _ = server.port
    server.start()
    first = server.port
    server.stop()
    server.start()
    try:
        assert httpx.get(server.url + "/").status_code == 200
        with pytest.raises(Mine, match="already started"):
            server.start()
    finally:
        server.stop()
    assert first > 0


def test_loopback_rule_is_optional() -> None:
    with pytest.raises(AsgiThreadError, match="non-loopback"):
        AsgiThread(_app, label="probe", host="0.0.0.0")
    open_server = AsgiThread(_app, label="probe", host="0.0.0.0", loopback_only=False)
    assert open_server.host == "0.0.0.0"
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("10.0.0.1")
