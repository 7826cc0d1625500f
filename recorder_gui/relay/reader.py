"""``GET /v1/events``: panels read what NCS sent, oldest first, with a cursor and a long poll.

``?after=CURSOR&limit=N[&sid=][&cname=][&wait=SECONDS]`` with ``Authorization: Bearer TOKEN``
answers ``{"events": [{"cursor", "receivedMs", "duplicate", "test", "event"}], "next"}``;
``event`` is the notification exactly as received (its JSON text is copied, not re-encoded);
``next`` is the last cursor returned, or ``after`` when nothing is. With ``wait`` the request
is held until a matching event arrives or the wait ends.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from recorder_gui.relay.config import Secret
from recorder_gui.relay.ingest import clean
from recorder_gui.relay.responses import LogThrottle, error
from recorder_gui.relay.store import EventStore, StoredEvent, StoreError

if TYPE_CHECKING:
    from recorder_gui.relay.runtime import Relay

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_FILTER_CHARS = 1024
MAX_CURSOR = 2**63 - 1
_NUMBER = re.compile(r"[0-9]{1,19}(\.[0-9]{1,9})?")


class QueryError(ValueError):
    """A query parameter that cannot be used; the message is a plain sentence."""


@dataclass(frozen=True)
class ReadQuery:
    after: int = 0
    limit: int = DEFAULT_LIMIT
    sid: str | None = None
    cname: str | None = None
    wait: float = 0.0


def _whole(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 19 or not low <= int(text) <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}.")
    return int(text)


def _filter(params: Mapping[str, str], name: str) -> str | None:
    text = params.get(name)
    if text is None:
        return None
    if not text or len(text) > MAX_FILTER_CHARS:
        raise QueryError(f"{name} must be 1 to {MAX_FILTER_CHARS} characters long.")
    return clean(text)


def parse_query(params: Mapping[str, str], max_wait: float) -> ReadQuery:
    wait_text = params.get("wait")
    wait = 0.0
    if wait_text is not None:
        if not _NUMBER.fullmatch(wait_text) or float(wait_text) > max_wait:
            raise QueryError(f"wait must be a number of seconds from 0 to {max_wait:g}.")
        wait = float(wait_text)
    return ReadQuery(
        after=_whole(params, "after", 0, 0, MAX_CURSOR),
        limit=_whole(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        sid=_filter(params, "sid"),
        cname=_filter(params, "cname"),
        wait=wait,
    )


def authorized(header: str | None, token: Secret) -> bool:
    """``Bearer <token>``, compared in constant time (digests first: lengths do not leak)."""
    if not header:
        return False
    scheme, _, given = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    expected = hashlib.sha256(token.reveal().encode("utf-8")).digest()
    offered = hashlib.sha256(given.strip().encode("utf-8", "replace")).digest()
    return hmac.compare_digest(offered, expected)


Key = tuple[int, int, int, str | None, str | None]


class SharedQueries:
    """Readers woken by one insert ask the same question: one query answers them all.

    The key holds the feed version the query started at, so a reader never joins a query
    that began before the insert it was woken for.
    """

    def __init__(self) -> None:
        self._pending: dict[Key, asyncio.Task[list[StoredEvent]]] = {}

    async def since(self, store: EventStore, seen: int, query: ReadQuery) -> list[StoredEvent]:
        key: Key = (seen, query.after, query.limit, query.sid, query.cname)
        task = self._pending.get(key)
        if task is None:
            task = asyncio.create_task(store.since(*key[1:]))
            self._pending[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        return await asyncio.shield(task)

    def _finished(self, key: Key, task: asyncio.Task[list[StoredEvent]]) -> None:
        self._pending.pop(key, None)
        if not task.cancelled():
            task.exception()  # retrieved here even when every reader has gone


async def read_events(
    store: EventStore, query: ReadQuery, shared: SharedQueries | None = None
) -> list[StoredEvent]:
    """Matching events after the cursor; with ``wait``, hold until one arrives or time is up."""
    feed = store.changes
    shared = shared or SharedQueries()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + query.wait
    while True:
        seen = feed.version
        rows = await shared.since(store, seen, query)
        remaining = deadline - loop.time()
        if rows or remaining <= 0 or feed.closed:
            return rows
        poll = feed.fallback_poll
        await feed.wait(seen, remaining if poll is None else min(remaining, poll))


def render(rows: list[StoredEvent], after: int) -> bytes:
    items = [
        f'{{"cursor":{row.cursor},"receivedMs":{row.received_ms},'
        f'"duplicate":{"true" if row.duplicate else "false"},'
        f'"test":{"true" if row.test else "false"},"event":{row.body}}}'
        for row in rows
    ]
    following = rows[-1].cursor if rows else after
    return ('{"events":[' + ",".join(items) + f'],"next":{following}}}').encode("utf-8")


_refusals = LogThrottle(logging.getLogger(__name__))


async def read(request: Request) -> Response:
    relay: Relay = request.app.state.relay
    if not authorized(request.headers.get("authorization"), relay.config.read_token):
        client = request.client.host if request.client is not None else "?"
        _refusals.warning("Event read refused (401)", f"from {client}")
        return error(
            401,
            "A valid 'Authorization: Bearer <token>' header is required.",
            headers={"WWW-Authenticate": 'Bearer realm="recorder-gui-relay"'},
        )
    try:
        query = parse_query(request.query_params, relay.config.max_wait)
    except QueryError as err:
        return error(400, str(err))
    try:
        rows = await read_events(relay.store, query, relay.shared_queries)
    except StoreError:
        return error(503, "The relay cannot read its database right now; try again soon.")
    return Response(
        render(rows, query.after),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )
