"""Tasks with an owner: cancelled and awaited by it, and watchers restarted when they die.

``OwnedTasks`` keeps the tasks one object started (a session, the bridge's manager) and
cancels them on close. ``supervise`` runs a watcher coroutine again after it crashed, with
backoff, telling its owner each time (a watcher never dies silently).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from .pace import backoff
from .timers import Timer

log = logging.getLogger("recorder_gui.recording")
#: A run of a watcher at least this long (timer seconds) resets its backoff.
HEALTHY_RUN = 60.0


async def cancel_and_wait(
    tasks: set[asyncio.Task[Any]], grace: float | None
) -> set[asyncio.Task[Any]]:
    """Cancel ``tasks`` and wait (at most ``grace`` s) until they are done; the ones still
    pending. Unlike ``with suppress(CancelledError): await task``, a cancellation of the
    *caller* propagates, and the tasks' own outcomes are left to their done callbacks."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return set()
    _, pending = await asyncio.wait(tasks, timeout=grace)
    return pending


class OwnedTasks:
    """The tasks one owner started. ``on_crash`` hears of any that ended with an exception."""

    def __init__(
        self, label: str, on_crash: Callable[[asyncio.Task[Any], BaseException], None]
    ) -> None:
        self.label = label
        self._on_crash = on_crash
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=f"{name}:{self.label}")
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def __len__(self) -> int:
        return len(self._tasks)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("task %s crashed", task.get_name(), exc_info=exc)
            self._on_crash(task, exc)

    async def aclose(self, grace: float | None) -> bool:
        """Cancel every task and wait at most ``grace`` s; True when all finished."""
        tasks = set(self._tasks)
        pending = await cancel_and_wait(tasks, grace)
        if pending:
            log.warning(
                "%s: %d task(s) did not finish within %s s of being cancelled: %s",
                self.label,
                len(pending),
                grace,
                ", ".join(sorted(t.get_name() for t in pending)),
            )
        self._tasks.difference_update(tasks - pending)
        return not pending


async def supervise(
    run: Callable[[], Awaitable[None]],
    *,
    name: str,
    timer: Timer,
    waits: tuple[float, ...],
    on_death: Callable[[BaseException, float], None],
    alive: Callable[[], bool] = lambda: True,
) -> None:
    """Run ``run()`` until it returns; after a crash, tell ``on_death(exc, wait)``, wait and
    run it again while ``alive()``. Cancellation is never caught."""
    deaths = 0
    while True:
        began = timer.now()
        try:
            await run()
            return
        except Exception as exc:  # the watcher's bug or a hostile answer nobody typed
            if timer.now() - began >= HEALTHY_RUN:
                deaths = 0
            deaths += 1
            wait = backoff(waits, deaths)
            log.error(
                "watcher %s died (%s); restarting in %.0f s",
                name,
                type(exc).__name__,
                wait,
                exc_info=exc,
            )
            on_death(exc, wait)
        await timer.sleep(wait)
        if not alive():
            return
