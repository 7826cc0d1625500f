"""acquire + start, never blind (docs/api-notes.md, "Lifecycle and call rules").

* acquire is repeated on transient failures (an unused resource ID is harmless) with jittered
  exponential backoff, honouring ``Retry-After`` on 429, within a total time budget rather
  than a fixed count: several panels on one App ID share its 10 requests per second.
* start is never re-sent with a new resource while the old one may have started: after a
  timeout, a dropped connection, a 5xx or 206/65, start is re-sent with the SAME resource ID
  (the idempotency key) at 3 s, 6 s, 9 s: it either starts now and returns the sid, or answers
  201/7 ("already started"), which carries no sid: the session is then reported honestly as
  running but not addressable.
* 433 (resource expired) and 502 (no worker) acquire a new resource.
* 400/53 says whose task conflicts: our own orphan (its sid lost in a crash: another bot uid
  would record the channel twice) or someone else's (another bot uid is suggested).

The flow reports each step to its host (:mod:`.outcomes`) and returns how it ended.
"""

from __future__ import annotations

import random
import time

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

from .events import Note, SessionState
from .host import FlowHost
from .outcomes import Acquired, Settle, Started, StartOutcome, StartSending, Transition

RESEND_BACKOFF = (3.0, 6.0, 9.0)
#: acquire: first wait, cap of one wait, and the total time spent retrying one acquire
ACQUIRE_FIRST_WAIT = 1.0
ACQUIRE_MAX_WAIT = 10.0
MAX_ACQUIRES = 3
_NO_WORKER = 502
_TRANSIENT = (TransportError, ServerError, RateLimitedError, RequestNotCompletedError)


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


def acquire_wait(exc: CloudRecordingError, attempt: int, rng: random.Random) -> float:
    """The wait before acquire attempt ``attempt + 1``: the service's ``Retry-After`` when it
    gave a usable one, else exponential backoff with full jitter (spreads panels apart)."""
    if isinstance(exc, RateLimitedError) and exc.retry_after_seconds is not None:
        # already parsed safely by the client: finite, >= 0, clamped to its maximum
        return exc.retry_after_seconds
    cap = min(ACQUIRE_MAX_WAIT, ACQUIRE_FIRST_WAIT * 2**attempt)
    return rng.uniform(cap / 2, cap)


async def acquire(host: FlowHost, rng: random.Random | None = None) -> str:
    """A fresh resource ID; transient failures are retried within the start budget."""
    rng = rng or random.Random()
    config = host.acquire_config or AcquireConfig()
    record = host.record
    began, real_began = host.timer.now(), time.monotonic()
    attempt = 0
    while True:
        if host.record.stop_requested:
            raise StartAborted
        try:
            result = await host.client.acquire(
                cname=record.cname, uid=record.uid, mode=record.mode, config=config
            )
        except _TRANSIENT as exc:
            wait = acquire_wait(exc, attempt, rng)
            spent = max(host.timer.now() - began, time.monotonic() - real_began)
            if spent + wait > host.poll_config.start_budget:
                raise
            host.problem(Note.of(exc, next_step=f"Trying again in {wait:.0f} s."))
            await host.timer.sleep(wait)
            attempt += 1
            continue
        return result.resource_id


async def run_start(host: FlowHost) -> StartOutcome:
    """Drive the session from IDLE to a sid (the poller confirms RECORDING), or to a final
    state (FAILED / UNADDRESSABLE / STOPPED when aborted) with the reason."""
    try:
        return await _run(host)
    except StartAborted:
        return Settle(SessionState.STOPPED, Note("Stopped before the recording started."))


async def _run(host: FlowHost) -> StartOutcome:
    client, timer = host.client, host.timer
    assert host.start_config is not None
    last: CloudRecordingError | None = None
    for round_ in range(MAX_ACQUIRES):
        reserving = Note("Reserving a recording resource.")
        host.apply(Transition(SessionState.ACQUIRING, reserving, "before acquire"))
        try:
            resource_id = await acquire(host)
        except CloudRecordingError as exc:
            return _give_up(host, exc)
        host.apply(Acquired(resource_id, timer.now()))
        if host.record.stop_requested and not host.record.start_maybe_sent:
            raise StartAborted
        host.apply(Transition(SessionState.STARTING, Note("Starting the recording.")))
        resends = limited = 0
        limited_since = timer.now()
        rng = random.Random()
        maybe_here = False  # a start with THIS resource may have reached the service
        while True:
            prior = host.record.start_maybe_sent
            # A crash from here on may leave a task running: journaled before sending.
            host.apply(StartSending(True, "before start"))
            record = host.record
            try:
                result = await client.start(
                    cname=record.cname,
                    uid=record.uid,
                    resource_id=resource_id,
                    mode=record.mode,
                    config=host.start_config,
                )
            except AlreadyStartedError as exc:
                return unaddressable(exc)
            except ResourceExpiredError as exc:
                host.apply(StartSending(prior or maybe_here))
                host.problem(Note.of(exc, next_step="Reserving a new resource."))
                last = exc
                break  # acquire a new resource
            except TaskConflictError as exc:
                host.apply(StartSending(prior or maybe_here))
                return _conflict(host, exc)
            except RateLimitedError as exc:
                # Refused at the gateway: this start never reached the service. Shared
                # limits: wait (Retry-After or jittered backoff) within the budget.
                host.apply(StartSending(prior or maybe_here))
                wait = acquire_wait(exc, limited, rng)
                if timer.now() - limited_since + wait > host.poll_config.start_budget:
                    return _give_up(host, exc)
                host.problem(Note.of(exc, next_step=f"Sending start again in {wait:.0f} s."))
                await timer.sleep(wait)
                limited += 1
                continue
            except _TRANSIENT as exc:
                if isinstance(exc, ServerError) and exc.code == _NO_WORKER and not maybe_here:
                    host.apply(StartSending(prior))
                    host.problem(Note.of(exc, next_step="Reserving a new resource."))
                    last = exc
                    break  # the docs: acquire again
                delivered = not (isinstance(exc, TransportError) and not exc.maybe_delivered)
                maybe_here = maybe_here or delivered
                host.apply(StartSending(prior or maybe_here))
                if resends >= len(RESEND_BACKOFF):
                    if maybe_here and round_ + 1 < MAX_ACQUIRES:
                        # Probe with a new resource: 53 would prove the old start runs.
                        host.problem(Note.of(exc, next_step="Trying a new resource."))
                        last = exc
                        break
                    return _give_up(host, exc)
                host.problem(Note.of(exc, next_step="Sending start again with the same resource."))
                await timer.sleep(RESEND_BACKOFF[resends])
                resends += 1
                continue
            except ResourceError as exc:
                host.apply(StartSending(prior or maybe_here))
                # 1005 after a re-send: this resource started a task that has already ended.
                what = (
                    "The recording started but ended at once (its resource is used up). "
                    "The storage settings or the bot's token are probably wrong."
                    if resends
                    else ""
                )
                return Settle(SessionState.FAILED, Note.of(exc, what=what), settled=True)
            except CloudRecordingError as exc:
                host.apply(StartSending(prior or maybe_here))
                return _give_up(host, exc)
            return Started(result.sid, timer.now())
    return Settle(
        SessionState.FAILED,
        Note.of(
            last,
            what=f"Could not start after {MAX_ACQUIRES} resources.",
            next_step="Check the network and try again.",
            quote_only=True,
        ),
    )


#: What an UNADDRESSABLE recording means for the producer.
UNADDRESSABLE_NEXT = "It ends by itself when the channel is idle for maxIdleTime."


def unaddressable(error: CloudRecordingError | None, note: Note | None = None) -> Settle:
    """Running without a sid: ``note`` says why (default: the answer 'already started')."""
    return Settle(
        SessionState.UNADDRESSABLE,
        note
        or Note.of(
            error,
            what="The recording is running, but the service did not give its sid (it "
            "answered 'already started' to a repeated start). recorder-gui cannot check or "
            "stop it.",
            next_step=UNADDRESSABLE_NEXT,
            quote_only=True,
        ),
    )


def _conflict(host: FlowHost, exc: TaskConflictError) -> Settle:
    record = host.record
    if record.start_maybe_sent:
        # An earlier start of this session may have reached the service: the conflict is us.
        return unaddressable(exc)
    orphan = host.own_orphan()
    if orphan is not None:
        idle = f"{host.max_idle_time:.0f} s" if host.max_idle_time else "maxIdleTime"
        what = (
            f"Your own earlier recording of channel {record.cname!r} with bot uid {record.uid} "
            "is still running: recorder-gui closed or crashed while starting it, so its sid "
            "was lost and it cannot be checked or stopped from here (see the orphan card). "
            "It records this channel into your storage and ends by itself once the channel "
            f"has been empty for {idle}. Starting again with another bot uid would record the "
            "channel twice."
        )
        next_step = "Wait for it to end, or stop it from the Agora Console."
        return Settle(SessionState.FAILED, Note.of(exc, what=what, next_step=next_step))
    suggested = suggest_uid(host.taken_uids(), record.uid)
    if record.uid in host.live_peer_uids():
        what = (
            f"Another recording in this window already records channel {record.cname!r} with "
            f"bot uid {record.uid} (code 53)."
        )
        next_step = f"Stop it first, or start this one with another bot uid such as {suggested}."
        note = Note.of(exc, what=what, next_step=next_step)
        return Settle(SessionState.FAILED, note, suggested_uid=suggested)
    what = (
        f"Someone else's recording of channel {record.cname!r} with bot uid {record.uid} is "
        "already running (code 53): another app, panel or teammate."
    )
    next_step = (
        f"Stop that recording first, or start this one with another bot uid such as {suggested}."
    )
    note = Note.of(exc, what=what, next_step=next_step)
    return Settle(SessionState.FAILED, note, suggested_uid=suggested)


def _give_up(host: FlowHost, exc: CloudRecordingError) -> Settle:
    if host.record.start_maybe_sent:
        what = (
            "Start could not be confirmed: the last attempts got no clear answer. The recording "
            "may be running without recorder-gui knowing its sid."
        )
        return unaddressable(exc, Note.of(exc, what=what, next_step=UNADDRESSABLE_NEXT))
    return Settle(SessionState.FAILED, Note.of(exc))
