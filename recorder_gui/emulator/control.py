"""Control API under /_emulator (loopback only; ``guard`` checks Host, Origin, token, type).

Channels, clock, faults (request faults and task faults), HA failover, settings (App
Certificate, storage keys, rate limit) and inspection (requests, events, tasks, NCS deliveries),
for tests and the demo mode. Everything it exports has its secrets masked; the NCS secret is
never exported at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from recorder_gui.emulator import safejson
from recorder_gui.emulator.config import config_view
from recorder_gui.emulator.emulator import Emulator
from recorder_gui.emulator.faults import Fault
from recorder_gui.emulator.masking import mask_secrets

Handler = Callable[[Request], Awaitable[Response]]


def _ok(data: Any = None) -> JSONResponse:
    return JSONResponse({"ok": True} if data is None else data)


def _safe(handler: Handler) -> Handler:
    """Bad control input -> 400 {"message"}; unknown sid -> 404."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except KeyError as err:
            return JSONResponse({"message": f"not found: {err}"}, status_code=404)
        except (ValueError, TypeError) as err:
            return JSONResponse({"message": str(err)}, status_code=400)

    return wrapped


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    data = safejson.loads(raw) if raw else {}
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    return data


def control_routes(emu: Emulator) -> list[Route]:
    async def add_user(request: Request) -> Response:
        p, data = request.path_params, await _body(request)
        emu.add_user(
            p["appid"],
            p["cname"],
            int(data["uid"]),
            role=str(data.get("role", "host")),
            audio=bool(data.get("audio", True)),
            video=bool(data.get("video", True)),
        )
        return _ok()

    async def remove_user(request: Request) -> Response:
        p = request.path_params
        emu.remove_user(p["appid"], p["cname"], int(p["uid"]))
        return _ok()

    async def advance(request: Request) -> Response:
        emu.clock.advance(float((await _body(request))["seconds"]))
        return _ok({"now": emu.clock.now()})

    async def freeze(request: Request) -> Response:
        emu.clock.freeze()
        return _ok({"now": emu.clock.now()})

    async def unfreeze(request: Request) -> Response:
        emu.clock.unfreeze()
        return _ok({"now": emu.clock.now()})

    async def add_fault(request: Request) -> Response:
        emu.inject_fault(Fault.from_json(await _body(request)))
        return _ok()

    async def clear_faults(request: Request) -> Response:
        emu.clear_faults()
        return _ok()

    async def failover(request: Request) -> Response:
        window = (await _body(request)).get("window_seconds")
        seconds = None if window is None else float(window)
        emu.start_failover(request.path_params["sid"], window_seconds=seconds)
        return _ok()

    async def tasks(request: Request) -> Response:
        return JSONResponse(mask_secrets(emu.tasks()))

    async def task(request: Request) -> Response:
        return JSONResponse(mask_secrets(emu.task(request.path_params["sid"])))

    async def requests(request: Request) -> Response:
        found = emu.requests(request.query_params.get("endpoint") or None)
        # Stored masked already; masked again in case a caller recorded raw bodies.
        return JSONResponse(mask_secrets([dataclasses.asdict(r) for r in found]))

    async def events(request: Request) -> Response:
        return JSONResponse(mask_secrets(emu.events))

    async def ncs(request: Request) -> Response:
        # Receiver without user info or query, and delivery outcomes: never the secret.
        return JSONResponse(emu.ncs_status())

    async def get_config(request: Request) -> Response:
        return JSONResponse(config_view(emu.config))

    async def set_config(request: Request) -> Response:
        return JSONResponse(emu.configure(await _body(request)))

    async def reset(request: Request) -> Response:
        emu.reset()
        return _ok()

    base = "/_emulator"
    users = base + "/channels/{appid}/{cname}/users"
    table: list[tuple[str, Handler, str]] = [
        (users, add_user, "POST"),
        (users + "/{uid}", remove_user, "DELETE"),
        (base + "/clock/advance", advance, "POST"),
        (base + "/clock/freeze", freeze, "POST"),
        (base + "/clock/unfreeze", unfreeze, "POST"),
        (base + "/faults", add_fault, "POST"),
        (base + "/faults", clear_faults, "DELETE"),
        (base + "/tasks/{sid}/failover", failover, "POST"),
        (base + "/tasks", tasks, "GET"),
        (base + "/tasks/{sid}", task, "GET"),
        (base + "/requests", requests, "GET"),
        (base + "/events", events, "GET"),
        (base + "/ncs", ncs, "GET"),
        (base + "/config", get_config, "GET"),
        (base + "/config", set_config, "POST"),
        (base + "/reset", reset, "POST"),
    ]
    return [Route(path, _safe(handler), methods=[method]) for path, handler, method in table]
