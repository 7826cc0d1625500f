"""The HTTP face of the emulator: Starlette routes and gateway rules.

See docs/api-notes.md, "Endpoints".
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from recorder_gui.emulator import safejson, service
from recorder_gui.emulator.control import control_routes
from recorder_gui.emulator.emulator import Emulator
from recorder_gui.emulator.errors import EmulatorError, gateway_error, service_error
from recorder_gui.emulator.gateway import WARNINGS_KEY, GatewayMiddleware
from recorder_gui.emulator.guard import GuardMiddleware
from recorder_gui.emulator.unknown_fields import ignored_fields

_BASE = "/v1/apps/{appid}/cloud_recording"
_TASK = _BASE + "/resourceid/{rid}/sid/{sid}/mode/{mode}"
_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def error_response(err: EmulatorError) -> JSONResponse:
    return JSONResponse(err.body, status_code=err.status)


def _note_ignored(request: Request, endpoint: str, body: Any) -> None:
    """Name the unknown fields of ``body`` for the request history (they are ignored)."""
    paths = ignored_fields(endpoint, body)
    notes = request.scope.get(WARNINGS_KEY)
    if paths and isinstance(notes, list):
        notes.extend(f"ignored unknown field {path}" for path in paths)


async def _json_body(request: Request) -> Any:
    # Old code 8 = bad header (wrong Content-Type) or body not JSON; the HTTP status is
    # UNCONFIRMED: we answer 400, like every other malformed request.
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise service_error(400, 8, "invalid request header: Content-Type must be application/json")
    raw = await request.body()
    try:
        return safejson.loads(raw)
    except safejson.JsonTooDeep:
        raise service_error(400, 8, "request body is nested too deeply") from None
    except ValueError:  # UnicodeDecodeError included
        raise service_error(400, 8, "request body is not valid JSON") from None


class Api:
    """Route handlers; each runs the gateway checks (auth, App ID, rate) then one operation."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def _gate(self, request: Request, *, service_level: bool = True) -> str:
        emu = self.emulator
        customer = emu.authenticate(request.headers.get("authorization"))
        appid = str(request.path_params["appid"])
        emu.check_app_id(appid, service_level=service_level)
        emu.check_rate(emu.rate_key(customer, appid))
        return appid

    async def acquire(self, request: Request) -> Response:
        try:
            appid = await self._gate(request)
            body = await _json_body(request)
            _note_ignored(request, "acquire", body)
            status, data = self.emulator.call(service.acquire, appid, body)
        except EmulatorError as err:
            return error_response(err)
        return JSONResponse(data, status_code=status)

    async def start(self, request: Request) -> Response:
        p = request.path_params
        try:
            appid = await self._gate(request)
            body = await _json_body(request)
            _note_ignored(request, "start", body)
            status, data = self.emulator.call(service.start, appid, p["rid"], p["mode"], body)
        except EmulatorError as err:
            return error_response(err)
        return JSONResponse(data, status_code=status)

    async def query(self, request: Request) -> Response:
        p = request.path_params
        try:
            appid = await self._gate(request)
            status, data = self.emulator.call(service.query, appid, p["rid"], p["sid"], p["mode"])
        except EmulatorError as err:
            return error_response(err)
        return JSONResponse(data, status_code=status)

    async def _task_post(self, request: Request, operation: Any, endpoint: str) -> Response:
        p = request.path_params
        try:
            appid = await self._gate(request)
            body = await _json_body(request)
            _note_ignored(request, endpoint, body)
            status, data = self.emulator.call(operation, appid, p["rid"], p["sid"], p["mode"], body)
        except EmulatorError as err:
            return error_response(err)
        return JSONResponse(data, status_code=status)

    async def update(self, request: Request) -> Response:
        return await self._task_post(request, service.update, "update")

    async def update_layout(self, request: Request) -> Response:
        return await self._task_post(request, service.update_layout, "updateLayout")

    async def stop(self, request: Request) -> Response:
        return await self._task_post(request, service.stop, "stop")

    async def ncs_ip(self, request: Request) -> Response:
        try:
            customer = self.emulator.authenticate(request.headers.get("authorization"))
            self.emulator.check_rate(f"customer:{customer}")
        except EmulatorError as err:
            return error_response(err)
        hosts = [{"primaryIP": "127.0.0.1"}]
        return JSONResponse({"data": {"service": {"hosts": hosts}}})

    async def channel_users(self, request: Request) -> Response:
        try:
            appid = await self._gate(request, service_level=False)
        except EmulatorError as err:
            return error_response(err)
        flag = request.query_params.get("hosts_only")
        hosts_only = request.url.path.endswith("/hosts_only") or (
            flag is not None and flag.lower() not in ("false", "0")
        )
        cname = request.path_params["cname"]
        data = self.emulator.channel_users(appid, cname, hosts_only=hosts_only)
        return JSONResponse({"success": True, "data": data})

    async def no_route(self, request: Request) -> Response:
        return error_response(gateway_error(404, "no Route matched with those values"))


def create_app(emulator: Emulator) -> ASGIApp:
    """The ASGI app: the guard (body cap, control API checks) around the gateway middleware
    (request ids, faults, recording) around Starlette."""
    api = Api(emulator)
    routes = [
        Route(_BASE + "/acquire", api.acquire, methods=["POST"]),
        Route(_BASE + "/resourceid/{rid}/mode/{mode}/start", api.start, methods=["POST"]),
        Route(_TASK + "/query", api.query, methods=["GET"]),
        Route(_TASK + "/update", api.update, methods=["POST"]),
        Route(_TASK + "/updateLayout", api.update_layout, methods=["POST"]),
        Route(_TASK + "/stop", api.stop, methods=["POST"]),
        Route("/v1/ncs/ip", api.ncs_ip, methods=["GET"]),
        Route("/dev/v1/channel/user/{appid}/{cname}", api.channel_users, methods=["GET"]),
        Route(
            "/dev/v1/channel/user/{appid}/{cname}/hosts_only", api.channel_users, methods=["GET"]
        ),
        *control_routes(emulator),
        Route("/{path:path}", api.no_route, methods=_ALL_METHODS),
    ]
    return GuardMiddleware(GatewayMiddleware(Starlette(routes=routes), emulator), emulator)
