"""One adaptive poller per session: query (and the channel user list) at the right pace.

The pace is :func:`.pace.next_interval`. The first query waits about 5 s after start. A run
of 404s backs off 5/10/15/30 s, while starting too: right after start, 404s can be a failover
of a live task (docs/api-notes.md, "Lifecycle and call rules"). Once recording, 404s mark the
session unreachable (possibly failing over); it is declared ended only once ``ha_window`` has
passed. While starting, "recording" is confirmed by status 4 or 5; without it for
``confirm_timeout`` the session is NOT CONFIRMED, said once with the likely cause, and
watched on: the engine never stops a task that may be live, the producer decides.

Each poll returns a :class:`~.outcomes.PollObservation`; the session applies it. The poller
keeps only its own counters.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from recorder_gui.api.codes import has_ended, is_running, status_meaning
from recorder_gui.api.errors import CloudRecordingError, NotFoundError, RateLimitedError
from recorder_gui.api.results import QueryResult

from .events import (
    ErrorInfo,
    FileDetail,
    Note,
    SessionState,
    StatusSnapshot,
    error_info,
    file_details,
)
from .host import FlowHost
from .limits import LIMIT_SLACK, ended_at_limit, likely_cause
from .outcomes import PollObservation, Verdict
from .pace import PollConfig, next_interval

__all__ = ["PollConfig", "Poller", "next_interval"]


class Poller:
    """Owned by its session, which runs :meth:`run` in a supervised task and cancels it."""

    def __init__(self, host: FlowHost, *, not_found_since: float | None = None) -> None:
        self.host = host
        self.cfg = host.poll_config
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
        self.answered = False  #: the query answered at least once (the bot joined)
        self.unconfirmed = False  #: NOT CONFIRMED was reported (no 4/5 in confirm_timeout)
        self.done = False  # a final verdict was handed over: stop polling

    @property
    def _starting(self) -> bool:
        return self.host.record.state is SessionState.STARTING

    async def run(self, apply: Callable[[PollObservation], None]) -> None:
        """Poll until a verdict ends the session's watch; each observation goes to ``apply``."""
        timer = self.host.timer
        first = max(self.cfg.first_query_delay, self.cfg.fast_interval)
        delay = first if self._starting else self._delay()
        while self._live():
            self.next_poll_at = timer.now() + delay
            await timer.sleep(delay)
            if not self._live():
                return
            apply(await self.poll_once())
            delay = self._delay()

    def _live(self) -> bool:
        return not self.done and self.host.record.state in (
            SessionState.STARTING,
            SessionState.RECORDING,
        )

    def _delay(self) -> float:
        return next_interval(
            self.cfg,
            starting=self._starting and not self.unconfirmed,
            max_idle_time=self.host.max_idle_time,
            failures=self.failures,
            not_found=self.not_found,
            rate_limited=self.rate_limited,
        )

    async def poll_once(self) -> PollObservation:
        h = self.host
        record = h.record
        assert record.resource_id is not None
        assert record.sid is not None
        now = h.timer.now()
        self.polls += 1
        problem: Note | None = None
        confirmed = False
        try:
            result = await h.client.query(
                resource_id=record.resource_id, sid=record.sid, mode=record.mode
            )
        except NotFoundError as exc:
            # When the answer came: the clock may have moved while the query was in flight.
            verdict = self._on_not_found(exc, h.timer.now())
            if verdict is not None:
                return verdict
        except CloudRecordingError as exc:
            self.failures += 1
            self.rate_limited += isinstance(exc, RateLimitedError)
            self._note(exc)
            problem = Note.of(exc) if self.failures == 1 else None
        else:
            ended = self._on_result(result, now)
            if ended is not None:
                return ended
            confirmed = is_running(result.status) and self._starting
        started = record.started_at
        if (
            self._starting
            and not confirmed
            and not self.unconfirmed
            and started is not None
            and now - started >= self.cfg.confirm_timeout
        ):
            self.unconfirmed = True  # said once; polling goes on at the steady pace
            return PollObservation(
                ok=self.failures == 0,
                verdict=Verdict.UNCONFIRMED,
                note=self._unconfirmed_note(),
                error=self.last_error_info,
            )
        users, users_at = None, 0.0
        if self.cfg.watch_channel:
            try:
                users = await h.client.channel_users(record.cname)
                users_at = h.timer.now()
            except CloudRecordingError as exc:
                self._note(exc)
        return PollObservation(
            ok=self.failures == 0,
            files=self._files(),
            unreachable_since=self._unreachable_since(),
            verdict=Verdict.CONFIRMED if confirmed else None,
            problem=problem,
            error=self.last_error_info,
            users=users,
            users_at=users_at,
        )

    def _unconfirmed_note(self) -> Note:
        wait = int(self.cfg.confirm_timeout)
        if self.not_found and not self.answered:
            cause = likely_cause(
                confirmed=False, any_files=False, lived=0.0, token_used=self._token_used()
            )
            why = (
                f"Not confirmed: {wait} s after start the service still does not find the "
                f"recording. {cause} It may also be failing over."
            )
        elif self.not_found:
            why = (
                f"Not confirmed: {wait} s after start the service no longer finds the "
                "recording. Most likely the storage refused the upload (wrong keys or "
                "bucket); it may also be failing over."
            )
        else:
            last = self.last_result.status if self.last_result else None
            why = (
                f"Not confirmed: {wait} s after start the service has not reported "
                f"'recording' (last status: {status_meaning(last)})."
            )
        # The last service error (if any) is told only when nothing above explains it.
        return Note(
            why,
            "recorder-gui does not stop it on its own: press Stop, or keep watching (it goes "
            "ON AIR as soon as the service reports it recording).",
            self.last_error_info,
            quote_only=bool(self.not_found),
        )

    def _verdict(self, verdict: Verdict, what: str) -> PollObservation:
        self.done = True
        return PollObservation(
            ok=True,
            files=self._files(),
            unreachable_since=self._unreachable_since(),
            verdict=verdict,
            note=Note(what, error=self.last_error_info, quote_only=True),
            error=self.last_error_info,
        )

    def _files(self) -> tuple[FileDetail, ...] | None:
        result = self.last_result
        return file_details(result.files) if result is not None and result.file_names else None

    def _unreachable_since(self) -> float | None:
        return None if self._starting else self.not_found_since

    def _on_not_found(self, exc: NotFoundError, now: float) -> PollObservation | None:
        """Count a 404; an observation with a verdict when the session's fate is known."""
        h = self.host
        self.not_found += 1
        self.failures += 1
        self._note(exc)
        if self.not_found_since is None:
            self.not_found_since = now
        if self._starting:
            return None  # right after start a 404 is not a death (see the module docstring)
        if now - self.not_found_since < self.cfg.ha_window:
            return None
        warning = h.idle_warning
        if warning is not None and warning.idle_since + (h.max_idle_time or 0) <= now:
            reason = (
                "The recording ended by itself: the channel was empty for maxIdleTime and "
                "the recorder left."
            )
        else:
            reason = self._ended_reason(
                self.not_found_since,
                f"The recording ended by itself: the service has not found it for "
                f"{math.ceil(now - self.not_found_since)} s (longer than a failover).",
            )
        return self._verdict(Verdict.ENDED, reason)

    def _token_used(self) -> bool:
        config = self.host.start_config
        return config is None or config.token is not None

    def _ended_reason(self, died: float, fallback: str) -> str:
        """Why the recording ended: its hard limit, the likely cause of an early death, or
        ``fallback``."""
        record = self.host.record
        if record.limit_at is not None and died >= record.limit_at - LIMIT_SLACK:
            return ended_at_limit(record.limit_kind, record.limit_at)
        started = record.started_at if record.started_at is not None else died
        cause = likely_cause(
            confirmed=self.host.confirmed_at is not None,
            any_files=bool(self.host.files)
            or bool(self.last_result and self.last_result.file_names),
            lived=died - started,
            token_used=self._token_used(),
        )
        return f"{fallback} {cause}" if cause else fallback

    def _on_result(self, result: QueryResult, now: float) -> PollObservation | None:
        """Take a query answer; an observation with the ENDED verdict when the task is over."""
        self.failures = 0
        self.rate_limited = 0
        self.last_error = None
        self.last_error_info = None
        self.not_found = 0
        self.not_found_since = None
        self.last_ok_at = now
        self.last_result = result
        self.answered = True
        if has_ended(result.status):
            return self._verdict(
                Verdict.ENDED,
                self._ended_reason(
                    now,
                    f"The recording ended by itself (status: {status_meaning(result.status)}).",
                ),
            )
        return None

    def snapshot(self) -> StatusSnapshot:
        h = self.host
        result = self.last_result
        now = h.timer.now()
        started = h.record.started_at
        return StatusSnapshot(
            status=result.status if result else None,
            status_meaning=status_meaning(result.status if result else None),
            files=h.files,
            file_details=h.file_details,
            slice_start_ms=result.slice_start_time if result else None,
            elapsed_seconds=(now - started) if started is not None else None,
            last_ok_poll_at=self.last_ok_at,
            next_poll_at=now + self._delay() if self._live() else None,
            domain=h.client.domain,
            consecutive_failures=self.failures,
            unreachable_since=self._unreachable_since(),
            last_error=self.last_error,
            last_error_info=self.last_error_info,
        )

    def _note(self, exc: CloudRecordingError) -> None:
        self.last_error = exc.sentence()
        self.last_error_info = error_info(exc)
