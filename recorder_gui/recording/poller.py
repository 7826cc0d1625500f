"""One adaptive poller per session: query (and the channel user list) at the right pace.

Fast while starting (``fast_interval``), calmer while steady (``steady_interval``), never
slower than a third of ``maxIdleTime``, backing off on errors and 429. A run of 404s marks the
session unreachable (possibly failing over, reference 2 "High availability") with backoff
5/10/15/30 s; the recording is declared ended only once ``ha_window`` has passed. While
starting, "recording" is confirmed by status 4 or 5; a run of 404s right after start means the
task died (bad storage or token); no 4/5 within ``confirm_timeout`` fails the session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recorder_gui.api.codes import RUNNING_STATUSES, status_meaning
from recorder_gui.api.errors import CloudRecordingError, NotFoundError, RateLimitedError
from recorder_gui.api.results import QueryResult

from .events import ErrorInfo, SessionState, StatusSnapshot, error_info, file_details

if TYPE_CHECKING:
    from .session import RecordingSession

ENDED_STATUSES = frozenset({6, 7, 8, 20})


@dataclass(frozen=True)
class PollConfig:
    fast_interval: float = 2.5
    steady_interval: float = 10.0
    error_backoff: tuple[float, ...] = (5.0, 10.0, 15.0, 30.0)
    rate_limited_backoff: tuple[float, ...] = (2.0, 5.0, 10.0, 20.0)
    ha_window: float = 90.0
    confirm_timeout: float = 90.0
    start_404_limit: int = 3
    watch_channel: bool = True

    def __post_init__(self) -> None:
        if self.fast_interval <= 0 or self.steady_interval <= 0:
            raise ValueError("poll intervals must be > 0")


def next_interval(
    cfg: PollConfig,
    *,
    starting: bool,
    max_idle_time: float | None,
    failures: int,
    not_found: int,
    rate_limited: int,
) -> float:
    """Seconds until the next poll."""
    if not_found and not starting:
        base = cfg.error_backoff[min(not_found - 1, len(cfg.error_backoff) - 1)]
    elif rate_limited:
        base = cfg.rate_limited_backoff[min(rate_limited - 1, len(cfg.rate_limited_backoff) - 1)]
    elif failures and not starting:
        base = cfg.error_backoff[min(failures - 1, len(cfg.error_backoff) - 1)]
    else:
        base = cfg.fast_interval if starting else cfg.steady_interval
    if max_idle_time:
        base = min(base, max(max_idle_time / 3.0, cfg.fast_interval))
    return base


class Poller:
    """Owned by its session (which runs :meth:`run` as a task and cancels it)."""

    def __init__(self, session: RecordingSession, *, not_found_since: float | None = None) -> None:
        self.session = session
        self.cfg = session.poll_config
        self.failures = 0
        self.not_found = 1 if not_found_since is not None else 0
        self.not_found_since = not_found_since
        self.rate_limited = 0
        self.last_ok_at: float | None = None
        self.next_poll_at: float | None = None
        self.last_error: str | None = None
        self.last_error_info: ErrorInfo | None = None
        self.last_result: QueryResult | None = None
        self.polls = 0
        self.done = False  # the session was handed a final verdict: stop polling

    @property
    def _starting(self) -> bool:
        return self.session.state is SessionState.STARTING

    async def run(self) -> None:
        timer = self.session.timer
        delay = self.cfg.fast_interval if self._starting else self._delay()
        while self._live():
            self.next_poll_at = timer.now() + delay
            await timer.sleep(delay)
            if not self._live():
                return
            await self.poll_once()
            delay = self._delay()

    def _live(self) -> bool:
        return not self.done and self.session.state in (
            SessionState.STARTING,
            SessionState.RECORDING,
        )

    def _delay(self) -> float:
        return next_interval(
            self.cfg,
            starting=self._starting,
            max_idle_time=self.session.max_idle_time,
            failures=self.failures,
            not_found=self.not_found,
            rate_limited=self.rate_limited,
        )

    async def poll_once(self) -> None:
        s = self.session
        assert s.resource_id is not None
        assert s.sid is not None
        now = s.timer.now()
        self.polls += 1
        try:
            result = await s.client.query(resource_id=s.resource_id, sid=s.sid, mode=s.mode)
        except NotFoundError as exc:
            if self._on_not_found(exc, now):
                return
        except RateLimitedError as exc:
            self.rate_limited += 1
            self.failures += 1
            self._note(exc)
        except CloudRecordingError as exc:
            self.failures += 1
            self._note(exc)
            if self.failures == 1:
                s.problem(exc.sentence(), error=exc)
        else:
            if self._on_result(result, now):
                return
        started = s.started_at
        if self._starting and started is not None and now - started >= self.cfg.confirm_timeout:
            last = self.last_result.status if self.last_result else None
            self.done = True
            s.fail_after_start(
                f"The recording did not reach 'recording' within "
                f"{int(self.cfg.confirm_timeout)} s of start (last status: "
                f"{status_meaning(last)}). {self.last_error or ''}".strip(),
                error=self.last_error_info,
            )
            return
        if self.cfg.watch_channel:
            try:
                users = await s.client.channel_users(s.cname)
            except CloudRecordingError as exc:
                self._note(exc)
            else:
                now = s.timer.now()
                s.observe_users(users, now)
                # One channel, one truth: sessions recording the same channel show the
                # same users at the same moment (e.g. a backup recorder).
                for peer in s.channel_peers():
                    if peer is not s and not peer.state.is_final:
                        peer.observe_users(users, now)
        self.publish()

    def _on_not_found(self, exc: NotFoundError, now: float) -> bool:
        """Handle a 404; True when the session has been settled (stop polling)."""
        s = self.session
        self.not_found += 1
        self.failures += 1
        self._note(exc)
        if self.not_found_since is None:
            self.not_found_since = now
        if self._starting:
            if self.not_found >= self.cfg.start_404_limit:
                self.done = True
                s.fail_after_start(
                    "The recording stopped right after it started: the service no longer finds "
                    "it. This usually means the storage settings (vendor, region, bucket, keys) "
                    "or the bot's RTC token are wrong. Check them in the profile and start again.",
                    error=self.last_error_info,
                )
                return True
            return False
        s.set_unreachable(self.not_found_since, error=self.last_error_info)
        if now - self.not_found_since >= self.cfg.ha_window:
            warning = s.idle_warning
            if warning is not None and warning.idle_since + (s.max_idle_time or 0) <= now:
                reason = (
                    "The recording ended by itself: the channel was empty for maxIdleTime and "
                    "the recorder left."
                )
            else:
                reason = (
                    f"The recording ended by itself: the service has not found it for "
                    f"{math.ceil(now - self.not_found_since)} s (longer than a failover)."
                )
            self.done = True
            s.ended(reason)
            return True
        self.publish()
        return False

    def _on_result(self, result: QueryResult, now: float) -> bool:
        s = self.session
        self.failures = 0
        self.rate_limited = 0
        self.last_error = None
        self.last_error_info = None
        if self.not_found:
            self.not_found = 0
            self.not_found_since = None
            s.set_unreachable(None)
        self.last_ok_at = now
        self.last_result = result
        if result.file_names:
            s.files = tuple(result.file_names)
            s.file_details = file_details(result.files)
        if result.status in RUNNING_STATUSES and self._starting:
            s.confirmed()
        elif result.status in ENDED_STATUSES:
            self.done = True
            s.ended(f"The recording ended by itself (status: {status_meaning(result.status)}).")
            return True
        return False

    def snapshot(self) -> StatusSnapshot:
        s = self.session
        result = self.last_result
        now = s.timer.now()
        return StatusSnapshot(
            status=result.status if result else None,
            status_meaning=status_meaning(result.status if result else None),
            files=s.files,
            file_details=s.file_details,
            slice_start_ms=result.slice_start_time if result else None,
            elapsed_seconds=(now - s.started_at) if s.started_at is not None else None,
            last_ok_poll_at=self.last_ok_at,
            next_poll_at=now + self._delay() if self._live() else None,
            domain=s.client.domain,
            consecutive_failures=self.failures,
            unreachable_since=self.not_found_since if not self._starting else None,
            last_error=self.last_error,
            last_error_info=self.last_error_info,
        )

    def _note(self, exc: CloudRecordingError) -> None:
        self.last_error = exc.sentence()
        self.last_error_info = error_info(exc)

    def publish(self) -> None:
        self.session.publish_snapshot(self.snapshot())
