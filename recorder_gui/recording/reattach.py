"""Taking over a recording found in the journal after a restart or a crash."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recorder_gui.api.client import CloudRecordingClient
from recorder_gui.api.errors import CloudRecordingError, NotFoundError

from .events import SessionState, error_info, file_details
from .journal import Journal, JournalEntry
from .poller import ENDED_STATUSES

if TYPE_CHECKING:
    from .session import RecordingSession


def entry_of(session: RecordingSession) -> JournalEntry:
    """The journal row of ``session`` as it is now."""
    return JournalEntry(
        key=session.key,
        app_id=session.app_id,
        profile=session.profile,
        cname=session.cname,
        uid=session.uid,
        mode=session.mode.value,
        state=session.state.value,
        resource_id=session.resource_id,
        sid=session.sid,
        acquired_at=session.acquired_at,
        started_at=session.started_at,
        storage_prefix=session.storage_prefix,
        reason=session.reason,
        start_maybe_sent=session.start_maybe_sent,
        settled=session.settled,
    )


def session_from_entry(
    cls: type[RecordingSession],
    entry: JournalEntry,
    *,
    client: CloudRecordingClient,
    journal: Journal,
    **kwargs: Any,
) -> RecordingSession:
    session = cls(
        client=client,
        journal=journal,
        cname=entry.cname,
        uid=entry.uid,
        mode=entry.mode,
        profile=entry.profile,
        key=entry.key,
        **kwargs,
    )
    session.resource_id = entry.resource_id
    session.resource_ids = [entry.resource_id] if entry.resource_id else []
    session.sid = entry.sid
    session.acquired_at = entry.acquired_at
    session.started_at = entry.started_at
    session.start_maybe_sent = entry.start_maybe_sent
    session.restore_storage_prefix(entry.storage_prefix)
    session.watch.since = entry.started_at or 0.0
    return session


async def reattach_session(session: RecordingSession) -> str:
    """One query, then "reattached", "checking" (the poller decides) or "ended"."""
    assert session.resource_id is not None
    assert session.sid is not None
    session.stop_requested = False
    now = session.timer.now()
    try:
        result = await session.client.query(
            resource_id=session.resource_id, sid=session.sid, mode=session.mode
        )
    except NotFoundError as exc:
        session.transition(
            SessionState.RECORDING,
            "Reattached; the service does not find it "
            "right now (possibly failing over). Watching for 90 s.",
        )
        session.set_unreachable(now, error=error_info(exc))
        session.start_poller_after_reattach(not_found_since=now)
        session.journal_step("reattach: not found")
        return "checking"
    except CloudRecordingError as exc:
        session.transition(
            SessionState.RECORDING,
            "Reattached; no answer yet. " + exc.sentence(),
            error=error_info(exc),
        )
        session.start_poller_after_reattach()
        session.journal_step("reattach: no answer")
        return "checking"
    if result.status in ENDED_STATUSES:
        session.ended("The recording ended while recorder-gui was not running.")
        return "ended"
    session.files = tuple(result.file_names)
    session.file_details = file_details(result.files)
    if result.status is not None and result.status >= 4:
        session.confirmed("Reattached after a restart: recording.")
    else:
        session.transition(SessionState.STARTING, "Reattached after a restart: starting.")
        session.journal_step("reattach: starting")
    session.start_poller_after_reattach()
    return "reattached"
