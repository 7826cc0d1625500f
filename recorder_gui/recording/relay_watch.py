"""The relays the manager's profiles read callbacks from, and the routing of their events.

One :class:`~.relay_feed.RelayFeed` per profile that has a relay, each an owned task. Events go
to that profile's sessions; the last :data:`BACKLOG` of them are kept, so a session added later
(a reattached recording, a start that has just been sent) still gets what came before it.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from .core import SessionCore
from .relay_feed import RETRY_WAITS, FeedState, FeedStatus, RelayFeed, RelaySettings
from .tasks import OwnedTasks, supervise
from .timeline import RelayEvent
from .timers import Timer

log = logging.getLogger("recorder_gui.recording")
BACKLOG = 5000
#: Seconds :meth:`RelayWatch.aclose` waits for its feeds.
CLOSE_GRACE = 5.0


class RelayWatch:
    """Owns the relays' HTTP client: its own (a relay's long polls must not wait behind the
    service's rate limit, nor hold its connections), made by the first watched relay (its TLS
    context, the CA bundle read and parsed, is not paid by a start without callbacks:
    benchmarks/README.md, "the working window, third pass") and closed by :meth:`aclose`."""

    def __init__(
        self,
        sessions: Callable[[], Iterable[SessionCore]],
        timer: Timer,
        *,
        on_status: Callable[[str, FeedStatus], None] | None = None,
        feed_options: dict[str, Any] | None = None,
    ) -> None:
        self.client: httpx.AsyncClient | None = None  #: made by the first watch
        self._sessions = sessions
        self._timer = timer
        #: hears each profile's feed status (the bridge sets it)
        self.on_status = on_status
        self._feed_options = feed_options or {}
        self._closed = False
        self._tasks = OwnedTasks("relays", lambda task, exc: None)  # supervise() tells
        self.feeds: dict[str, RelayFeed] = {}
        self._running: dict[str, Any] = {}
        self.backlog: dict[str, deque[RelayEvent]] = {}

    def watch(self, profile: str, settings: RelaySettings | None) -> None:
        """Read ``profile``'s callbacks from ``settings`` (None: stop reading them); nothing
        once closed."""
        if self._closed:
            return
        feed = self.feeds.get(profile)
        if feed is not None and settings == feed.settings:
            return
        self.unwatch(profile)
        if settings is None:
            return
        if self.client is None:
            self.client = httpx.AsyncClient(follow_redirects=False)
        feed = RelayFeed(
            self.client,
            settings,
            lambda events: self.route(profile, events),
            on_status=lambda status: self._status(profile, status),
            **self._feed_options,
        )
        self.feeds[profile] = feed

        def died(exc: BaseException, wait: float) -> None:
            # RelayFeed.run types every failure it knows: this is a bug. Say so; read again.
            feed.set_status(
                FeedState.FAILING,
                f"Reading callbacks failed ({type(exc).__name__}); retrying in {wait:.0f} s.",
            )

        watcher = supervise(
            feed.run, name=f"relay:{profile}", timer=self._timer, waits=RETRY_WAITS, on_death=died
        )
        self._running[profile] = self._tasks.spawn(watcher, f"relay:{profile}")

    def unwatch(self, profile: str) -> None:
        self.feeds.pop(profile, None)
        task = self._running.pop(profile, None)
        if task is not None:
            task.cancel()

    def status(self, profile: str) -> FeedStatus | None:
        feed = self.feeds.get(profile)
        return feed.status if feed is not None else None

    def route(self, profile: str, events: list[RelayEvent]) -> None:
        self.backlog.setdefault(profile, deque(maxlen=BACKLOG)).extend(events)
        for session in list(self._sessions()):
            if session.profile == profile:
                session.take_callbacks(events)

    def replay(self, session: SessionCore) -> None:
        """Give a session added now what its profile's relay already said."""
        backlog = self.backlog.get(session.profile)
        if backlog:
            session.take_callbacks(list(backlog))

    def _status(self, profile: str, status: FeedStatus) -> None:
        if self.on_status is not None:
            self.on_status(profile, status)

    async def aclose(self) -> None:
        self._closed = True  # nothing is watched any more (no client is made after the close)
        self.feeds.clear()
        self._running.clear()
        try:
            await self._tasks.aclose(CLOSE_GRACE)
        finally:
            if self.client is not None:
                with contextlib.suppress(Exception):
                    await self.client.aclose()
