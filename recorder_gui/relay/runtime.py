"""The relay while it runs: its store, its address allow-list and the daily upkeep.

:meth:`Relay.startup` runs in the server's event loop before the first connection: it opens
the store, prunes events older than the retention, fetches the NCS address list when asked
(failing to start when it cannot) and schedules pruning and list refreshes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from recorder_gui.relay.allow_list import AllowList, AllowListError, fetch_ip_list
from recorder_gui.relay.config import DAY_SECONDS, RelayConfig, describe_db
from recorder_gui.relay.reader import SharedQueries
from recorder_gui.relay.store import EventStore, StoreError, open_store

log = logging.getLogger(__name__)


class Relay:
    def __init__(self, config: RelayConfig, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.allow_list: AllowList | None = None
        self.shared_queries = SharedQueries()
        self._store: EventStore | None = None
        self._clock = clock
        self._tasks: list[asyncio.Task[None]] = []

    def __repr__(self) -> str:
        return f"Relay(db={describe_db(self.config.db)!r})"

    @property
    def store(self) -> EventStore:
        if self._store is None:
            raise StoreError("The relay is not started.")
        return self._store

    def now_ms(self) -> int:
        return int(self._clock() * 1000)

    async def startup(self) -> None:
        store = await open_store(self.config.db)
        try:
            pruned = await self._prune(store)
            if self.config.ip_list is not None:
                self.allow_list = AllowList(await fetch_ip_list(self.config.ip_list))
        except BaseException:
            await store.close()
            raise
        self._store = store
        log.info(
            "Relay ready: %s database %s, %d old events pruned%s.",
            store.kind,
            describe_db(self.config.db),
            pruned,
            f", {len(self.allow_list.networks)} NCS addresses allowed" if self.allow_list else "",
        )
        self._tasks.append(self._every(self.config.prune_interval, self._prune_now, "prune"))
        source = self.config.ip_list
        if source is not None:
            self._tasks.append(self._every(source.refresh_seconds, self._refresh, "refresh"))

    def stopping(self) -> None:
        """Wake long-polling readers so they answer now instead of holding the shutdown."""
        if self._store is not None:
            self._store.changes.close()

    async def shutdown(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        store, self._store = self._store, None
        if store is not None:
            await store.close()

    async def _prune(self, store: EventStore) -> int:
        cutoff = self.now_ms() - int(self.config.retention_days * DAY_SECONDS * 1000)
        return await store.prune(cutoff)

    async def _prune_now(self) -> None:
        pruned = await self._prune(self.store)
        if pruned:
            log.info("Pruned %d events older than %g days.", pruned, self.config.retention_days)

    async def _refresh(self) -> None:
        source = self.config.ip_list
        assert source is not None
        networks = await fetch_ip_list(source)
        if self.allow_list is None or networks != self.allow_list.networks:
            log.info("NCS address list refreshed: %d addresses.", len(networks))
        self.allow_list = AllowList(networks)

    def _every(
        self, seconds: float, job: Callable[[], Awaitable[None]], name: str
    ) -> asyncio.Task[None]:
        async def loop() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    await job()
                except (StoreError, AllowListError) as err:
                    log.warning("Relay upkeep (%s) failed, will try again: %s", name, err)

        return asyncio.create_task(loop(), name=f"relay-{name}")
