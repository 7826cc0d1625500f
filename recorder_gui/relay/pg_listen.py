"""One PostgreSQL connection that LISTENs for inserts made by any relay and wakes local readers.

While the connection is down, the :class:`~recorder_gui.relay.store.ChangeFeed` is told to
let waiters poll (``fallback_poll``); on every (re)connection the feed is bumped once so
waiters look again for rows inserted while nobody was listening. A connection that stays
silent is checked with ``SELECT 1`` every ``keepalive`` seconds, so a dead one is noticed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg import sql

from recorder_gui.relay.store import ChangeFeed

log = logging.getLogger(__name__)

FALLBACK_POLL = 1.0


class Listener:
    def __init__(
        self,
        connect: Callable[[], Awaitable[psycopg.AsyncConnection[Any]]],
        channel: str,
        feed: ChangeFeed,
        *,
        keepalive: float = 15.0,
    ) -> None:
        self._connect = connect
        self._channel = channel
        self._feed = feed
        self._keepalive = keepalive
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        feed.fallback_poll = FALLBACK_POLL

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    async def start(self, wait: float = 10.0) -> None:
        """Start listening; wait up to ``wait`` s for the first LISTEN (readers poll meanwhile)."""
        self._task = asyncio.create_task(self._run(), name="relay-pg-listener")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                await self._listening.wait()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._listen()
            except (psycopg.Error, OSError) as err:
                log.warning(
                    "The relay's PostgreSQL listener stopped (%s); readers poll every %.0f s "
                    "until it is back.",
                    type(err).__name__,
                    FALLBACK_POLL,
                )
            if self._listening.is_set():
                delay = 0.5
            self._listening.clear()
            self._feed.fallback_poll = FALLBACK_POLL
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def _listen(self) -> None:
        conn = await self._connect()
        try:
            await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
            self._feed.fallback_poll = None
            self._listening.set()
            self._feed.bump()
            while True:
                async with contextlib.aclosing(conn.notifies(timeout=self._keepalive)) as gen:
                    async for _notify in gen:
                        self._feed.bump()
                await conn.execute("SELECT 1")
        finally:
            await conn.close()
