"""The relay's routes: ``POST /ncs`` (NCS), ``GET /v1/events`` (panels), ``GET /healthz``."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from recorder_gui.relay import ingest, reader
from recorder_gui.relay.responses import error
from recorder_gui.relay.runtime import Relay
from recorder_gui.relay.store import StoreError

log = logging.getLogger(__name__)

_SENTENCES = {
    404: "There is nothing here: the relay serves POST /ncs, GET /v1/events and GET /healthz.",
    405: "This method is not allowed here.",
}


async def healthz(request: Request) -> Response:
    relay: Relay = request.app.state.relay
    store = relay.store
    try:
        await store.ping()
    except StoreError:
        return JSONResponse(
            {"ok": False, "db": store.kind, "error": "The database does not answer."},
            status_code=503,
        )
    return JSONResponse({"ok": True, "db": store.kind})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    sentence = _SENTENCES.get(exc.status_code, "The request cannot be served.")
    return error(exc.status_code, sentence, headers=exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("Unexpected %s while serving %s", type(exc).__name__, request.url.path)
    return error(500, "The relay failed to answer; please try again.")


def create_app(relay: Relay) -> Starlette:
    app = Starlette(
        routes=[
            Route("/ncs", ingest.receive, methods=["POST"]),
            Route("/v1/events", reader.read, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.relay = relay
    return app
