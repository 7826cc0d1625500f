"""Reading a profile's callbacks from its relay (``recorder-gui-relay``, docs/relay.md).

One :class:`RelayFeed` long-polls ``GET /v1/events`` with the profile's read token and hands
each page to its owner. A failure never ends it: it says what went wrong in a plain sentence
(:class:`FeedStatus`), waits with backoff and asks again from the same cursor, so nothing is
lost. Query keeps watching the recordings meanwhile; callbacks only add to what it shows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import httpx

from recorder_gui.callbacks.envelope import CallbackError, Envelope, as_int
from recorder_gui.callbacks.relay_url import RelaySettings, RelaySettingsError, check_relay_url

from .pace import backoff
from .timeline import RelayEvent

log = logging.getLogger("recorder_gui.recording")
#: Seconds the relay holds a read open when nothing is new (its maximum is 30).
LONG_POLL = 25.0
#: Waits after consecutive failures.
RETRY_WAITS = (1.0, 2.0, 5.0, 10.0, 30.0)
PAGE = 500


class FeedState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    FAILING = "failing"


@dataclass(frozen=True, slots=True)
class FeedStatus:
    state: FeedState
    sentence: str
    since: float
    events: int = 0  #: events read so far
    skipped: int = 0  #: items the relay served that could not be read


class RelayReadError(Exception):
    """The relay's answer, or its absence, as a plain sentence."""


def parse_page(body: object) -> tuple[list[RelayEvent], int | None, int]:
    """(events, next cursor, items skipped) from a ``/v1/events`` answer."""
    if not isinstance(body, Mapping) or not isinstance(body.get("events"), list):
        raise RelayReadError("The relay's answer has no event list; is this a recorder-gui relay?")
    events: list[RelayEvent] = []
    skipped = 0
    for item in body["events"]:
        try:
            if not isinstance(item, Mapping):
                raise CallbackError("not an object")
            cursor = as_int(item.get("cursor"))
            if cursor is None:
                raise CallbackError("no cursor")
            events.append(
                RelayEvent(
                    cursor=cursor,
                    received_ms=as_int(item.get("receivedMs")) or 0,
                    envelope=Envelope.from_json(item.get("event")),
                    duplicate=item.get("duplicate") is True,
                    test=item.get("test") is True,
                )
            )
        except CallbackError:
            skipped += 1
    return events, as_int(body.get("next")), skipped


def _http_sentence(status: int) -> str:
    if status == 401:
        return "The relay refused the read token: check the relay token in the profile."
    if status == 404:
        return "The relay address answers, but not as a recorder-gui relay (no /v1/events)."
    return f"The relay answered HTTP {status}."


class RelayFeed:
    """``await feed.run()`` until cancelled; ``deliver`` gets each non-empty page."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: RelaySettings,
        deliver: Callable[[list[RelayEvent]], None],
        *,
        on_status: Callable[[FeedStatus], None] = lambda s: None,
        wait: float = LONG_POLL,
        retry_waits: tuple[float, ...] = RETRY_WAITS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self.settings = settings
        self._deliver = deliver
        self._on_status = on_status
        self._wait = wait
        self._retry_waits = retry_waits
        self._sleep = sleep
        self.cursor = 0
        self._behind = True  #: the last page was full (or none was read yet): do not wait
        self.status = FeedStatus(FeedState.CONNECTING, "Connecting to the relay…", time.time())

    def __repr__(self) -> str:
        return f"RelayFeed(url={self.settings.url!r}, cursor={self.cursor})"

    def set_status(self, state: FeedState, sentence: str) -> None:
        since = self.status.since if state is self.status.state else time.time()
        self.status = FeedStatus(state, sentence, since, self.status.events, self.status.skipped)
        self._on_status(self.status)

    async def fetch(self, wait: float) -> list[RelayEvent]:
        """One read from the cursor; the cursor moves past what it returns."""
        try:
            answer = await self._http.get(
                self.settings.url + "/v1/events",
                params={"after": self.cursor, "limit": PAGE, "wait": f"{wait:g}"},
                headers={"Authorization": f"Bearer {self.settings.token}"},
                timeout=httpx.Timeout(10.0, read=wait + 10.0),
            )
        except httpx.HTTPError as exc:
            raise RelayReadError(f"The relay cannot be reached ({type(exc).__name__}).") from None
        if answer.status_code != 200:
            raise RelayReadError(_http_sentence(answer.status_code))
        try:
            body = answer.json()
        except ValueError:
            raise RelayReadError("The relay's answer is not JSON.") from None
        events, next_cursor, skipped = parse_page(body)
        if skipped:
            log.warning("relay: %d event(s) could not be read and were skipped", skipped)
        newest = max((e.cursor for e in events), default=self.cursor)
        self.cursor = max(self.cursor, newest, next_cursor or 0)
        self.status = FeedStatus(
            self.status.state,
            self.status.sentence,
            self.status.since,
            self.status.events + len(events),
            self.status.skipped + skipped,
        )
        return events

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                # Catch up without waiting, then hold the read open.
                events = await self.fetch(0 if self._behind else self._wait)
            except RelayReadError as exc:
                failures += 1
                pause = backoff(self._retry_waits, failures)
                self.set_status(
                    FeedState.FAILING,
                    f"Callbacks paused: {exc} Trying again every {pause:.0f} s; the recordings are "
                    "still watched by query.",
                )
                await self._sleep(pause)
                continue
            failures = 0
            self._behind = len(events) >= PAGE
            if self.status.state is not FeedState.LIVE:
                self.set_status(FeedState.LIVE, "Callbacks live from the relay.")
            if events:
                self._deliver(events)


__all__ = ["RelaySettings", "RelaySettingsError", "check_relay_url"]
