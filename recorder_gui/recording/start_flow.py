"""acquire + start, never blind (reference sections 2, 2.1, 3.3 and the issue's rules).

* acquire and start are paired at once; a transient acquire failure is simply repeated.
* start is never re-sent with a new resource while the old one may have started: after a
  timeout, a dropped connection, a 5xx or 206/65, start is re-sent with the SAME resource ID
  (the idempotency key) at 3 s, 6 s, 9 s: it either starts now and returns the sid, or answers
  201/7 ("already started"), which carries no sid: the session is then reported honestly as
  running but not addressable.
* 433 (resource expired) and 502 (no worker) acquire a new resource.
* 400/53 reports the conflicting task and suggests another bot uid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recorder_gui.api.errors import (
    AlreadyStartedError,
    CloudRecordingError,
    RateLimitedError,
    RequestNotCompletedError,
    ResourceError,
    ResourceExpiredError,
    ServerError,
    TaskConflictError,
    TransportError,
)
from recorder_gui.api.request_models import AcquireConfig

from .events import SessionState, error_info

if TYPE_CHECKING:
    from .session import RecordingSession

RESEND_BACKOFF = (3.0, 6.0, 9.0)
ACQUIRE_BACKOFF = (1.0, 3.0, 6.0)
MAX_ACQUIRES = 3
_NO_WORKER = 502


class StartAborted(Exception):
    """The producer asked to stop before anything could have started."""


def suggest_uid(taken: set[str], uid: str) -> str:
    """A bot uid near ``uid`` that none of ``taken`` uses."""
    number = int(uid)
    for step in range(1, 1000):
        candidate = str(number + step if number + step < 2**32 else number - step)
        if candidate not in taken:
            return candidate
    return str(number + 1000)


async def acquire(session: RecordingSession) -> str:
    """A fresh resource ID (transient failures are repeated: an unused resource is harmless)."""
    client, timer = session.client, session.timer
    config = session.acquire_config or AcquireConfig()
    attempt = 0
    while True:
        if session.stop_requested:
            raise StartAborted
        try:
            result = await client.acquire(
                cname=session.cname, uid=session.uid, mode=session.mode, config=config
            )
        except (TransportError, ServerError, RateLimitedError, RequestNotCompletedError) as exc:
            if attempt >= len(ACQUIRE_BACKOFF):
                raise
            session.problem(exc.sentence(), error=exc)
            await timer.sleep(ACQUIRE_BACKOFF[attempt])
            attempt += 1
            continue
        return result.resource_id


async def run_start(session: RecordingSession) -> None:
    """Drive the session from IDLE to STARTING with a sid (the poller confirms RECORDING),
    or to FAILED / UNADDRESSABLE / STOPPED (aborted) with the reason."""
    try:
        await _run(session)
    except StartAborted:
        session.settle(SessionState.STOPPED, "Stopped before the recording started.")


async def _run(session: RecordingSession) -> None:
    client, timer = session.client, session.timer
    assert session.start_config is not None
    last: CloudRecordingError | None = None
    for round_ in range(MAX_ACQUIRES):
        session.transition(SessionState.ACQUIRING, "Reserving a recording resource.")
        session.journal_step("before acquire")
        try:
            resource_id = await acquire(session)
        except CloudRecordingError as exc:
            _give_up(session, exc)
            return
        session.resource_id = resource_id
        session.resource_ids.append(resource_id)
        session.acquired_at = timer.now()
        session.journal_step("after acquire")
        if session.stop_requested and not session.start_maybe_sent:
            raise StartAborted
        session.transition(SessionState.STARTING, "Starting the recording.")
        resends = 0
        maybe_here = False  # a start with THIS resource may have reached the service
        while True:
            prior = session.start_maybe_sent
            session.start_maybe_sent = True  # a crash from here on may leave a task running
            session.journal_step("before start")
            try:
                result = await client.start(
                    cname=session.cname,
                    uid=session.uid,
                    resource_id=resource_id,
                    mode=session.mode,
                    config=session.start_config,
                )
            except AlreadyStartedError as exc:
                session.unaddressable(exc.request_id, error=error_info(exc))
                return
            except ResourceExpiredError as exc:
                session.start_maybe_sent = prior or maybe_here
                session.problem(exc.sentence(), error=exc)
                last = exc
                break  # acquire a new resource
            except TaskConflictError as exc:
                session.start_maybe_sent = prior or maybe_here
                _conflict(session, exc)
                return
            except (ServerError, TransportError, RequestNotCompletedError, RateLimitedError) as exc:
                if isinstance(exc, ServerError) and exc.code == _NO_WORKER and not maybe_here:
                    session.start_maybe_sent = prior
                    session.problem(exc.sentence(), error=exc)
                    last = exc
                    break  # the docs: acquire again
                delivered = not (isinstance(exc, TransportError) and not exc.maybe_delivered)
                maybe_here = maybe_here or delivered
                session.start_maybe_sent = prior or maybe_here
                if resends >= len(RESEND_BACKOFF):
                    if maybe_here and round_ + 1 < MAX_ACQUIRES:
                        # Probe with a new resource: 53 would prove the old start runs.
                        session.problem(exc.sentence() + " Trying a new resource.", error=exc)
                        last = exc
                        break
                    _give_up(session, exc)
                    return
                session.problem(
                    exc.sentence() + " Sending start again with the same resource.", error=exc
                )
                await timer.sleep(RESEND_BACKOFF[resends])
                resends += 1
                continue
            except ResourceError as exc:
                session.start_maybe_sent = prior or maybe_here
                # 1005 after a re-send: this resource started a task that has already ended.
                reason = exc.sentence()
                if resends:
                    reason = (
                        "The recording started but ended at once (its resource is used up). "
                        "The storage settings or the bot's token are probably wrong. " + reason
                    )
                session.settle(SessionState.FAILED, reason, settled=True, error=error_info(exc))
                return
            except CloudRecordingError as exc:
                session.start_maybe_sent = prior or maybe_here
                _give_up(session, exc)
                return
            session.sid = result.sid
            session.started_at = timer.now()
            session.journal_step("after start")
            session.begin_confirming()
            return
    session.settle(
        SessionState.FAILED,
        f"Could not start after {MAX_ACQUIRES} resources. Check the network and try again.",
        error=error_info(last),
    )


def _conflict(session: RecordingSession, exc: TaskConflictError) -> None:
    suggested = suggest_uid(session.taken_uids(), session.uid)
    session.suggested_uid = suggested
    if session.start_maybe_sent:
        # An earlier start of ours may have reached the service: the conflict is probably us.
        session.unaddressable(exc.request_id, error=error_info(exc))
        return
    reason = (
        f"Another recording of channel {session.cname!r} with bot uid {session.uid} is already "
        f"running (code 53). Stop that recording first, or start this one with another bot "
        f"uid such as {suggested}. {exc.sentence()}"
    )
    session.settle(SessionState.FAILED, reason, suggested_uid=suggested, error=error_info(exc))


def _give_up(session: RecordingSession, exc: CloudRecordingError) -> None:
    if session.start_maybe_sent:
        reason = (
            "Start could not be confirmed: the last attempts got no clear answer. The recording "
            "may be running without recorder-gui knowing its sid; it will end by itself when "
            f"the channel is idle for maxIdleTime. {exc.sentence()}"
        )
        session.unaddressable(None, reason=reason, error=error_info(exc))
        return
    session.settle(SessionState.FAILED, exc.sentence(), error=error_info(exc))
