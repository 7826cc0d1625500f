"""Taking over a recording found in the journal after a restart or a crash.

One query decides: running (reattached), not found or no answer (checking: the poller decides
after the HA window), or ended. A recording whose stop was requested before the crash is not
shown ON AIR again: the session resumes the stop (see :meth:`.session.RecordingSession.reattach`).
"""

from __future__ import annotations

import logging

from recorder_gui.api.codes import has_ended, is_running
from recorder_gui.api.errors import CloudRecordingError, NotFoundError

from .events import Note, SessionState, file_details
from .host import FlowHost
from .outcomes import ReattachKind, ReattachObservation

log = logging.getLogger("recorder_gui.recording")


async def observe_safely(host: FlowHost) -> ReattachObservation:
    """:func:`observe`, and an exception nobody typed becomes "checking" (keep watching)."""
    try:
        return await observe(host)
    except Exception as exc:
        log.exception("reattach failed")
        return ReattachObservation(
            ReattachKind.CHECKING,
            SessionState.RECORDING,
            Note(f"Reattached; checking failed ({type(exc).__name__}, see the log)."),
        )


async def observe(host: FlowHost) -> ReattachObservation:
    """Query the journaled task once and say what it means."""
    record = host.record
    assert record.resource_id is not None
    assert record.sid is not None
    now = host.timer.now()
    try:
        result = await host.client.query(
            resource_id=record.resource_id, sid=record.sid, mode=record.mode
        )
    except NotFoundError as exc:
        return ReattachObservation(
            ReattachKind.CHECKING,
            SessionState.RECORDING,
            Note.of(
                exc,
                what="Reattached; the service does not find it right now (possibly failing over).",
                next_step="Watching for 90 s.",
                quote_only=True,
            ),
            not_found_since=now,
        )
    except CloudRecordingError as exc:
        return ReattachObservation(
            ReattachKind.CHECKING,
            SessionState.RECORDING,
            Note.of(exc, what="Reattached; no answer yet."),
        )
    files = file_details(result.files) if result.file_names else ()
    if has_ended(result.status):
        return ReattachObservation(
            ReattachKind.ENDED,
            SessionState.STOPPED,
            Note("The recording ended while recorder-gui was not running."),
            files=files,
        )
    if is_running(result.status):
        return ReattachObservation(
            ReattachKind.REATTACHED,
            SessionState.RECORDING,
            Note("Reattached after a restart: recording."),
            files=files,
        )
    return ReattachObservation(
        ReattachKind.REATTACHED,
        SessionState.STARTING,
        Note("Reattached after a restart: starting."),
        files=files,
    )
