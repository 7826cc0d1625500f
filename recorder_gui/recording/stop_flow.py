"""Stopping, and what the producer is told.

See docs/api-notes.md, "stop", "Lifecycle and call rules" and "Storage and file naming".

* 200: the files and the uploading status.
* 206/435: stopped, nothing was recorded (nobody published).
* 206 without a file list: stopped, upload status unknown, with the file names predicted by
  the naming rules and the storage prefix, so the producer knows where to look.
* 49 or 404: already stopped. A 404 is checked with one query first (a task that still
  answers gets stop again), and while the session is in an HA failover window stop is
  retried until the window passes, since the task may still live.
* transport failure, 5xx, 206/65, 429: stop is sent again (repeating stop is safe).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from recorder_gui.api.codes import is_live
from recorder_gui.api.errors import (
    AlreadyStoppedError,
    CloudRecordingError,
    NoRecordedDataError,
    NotFoundError,
    RateLimitedError,
    RequestNotCompletedError,
    ServerError,
    TransportError,
    UnexpectedResponseError,
)
from recorder_gui.api.identifiers import Mode
from recorder_gui.api.request_models import StartConfig

from .events import FileDetail, Note, StopOutcome, file_details
from .host import FlowHost
from .record import SessionRecord

STOP_BACKOFF = (1.0, 3.0, 6.0, 10.0, 15.0)
_SPECIAL = frozenset("!@#$%^&*()+_.=[]{}~|,;:?<>")


def safe_cname(cname: str) -> str:
    """The channel name as it appears in file names (special characters become ``-``)."""
    return "".join("-" if ch in _SPECIAL else ch for ch in cname)


def predicted_files(
    *,
    mode: Mode | str,
    sid: str,
    cname: str,
    storage_prefix: str = "",
    mp4: bool = False,
    uids: Iterable[int | str] = (),
    stream_types: int = 2,
    failovers: int = 0,
) -> tuple[FileDetail, ...]:
    """The index files a recording makes (docs/api-notes.md, "Storage and file naming").

    Individual mode lists one playlist per uid and track (a ``<uid>`` placeholder in the name
    and no ``uid`` when no uid is known); after HA failovers the ``bak<n>_`` names are listed
    as well. Each comes with its track and uid, as the naming rules say.
    """
    m = Mode(mode) if not isinstance(mode, Mode) else mode
    base = f"{sid}_{safe_cname(cname)}"
    files: list[FileDetail] = []
    if m.is_individual:
        tracks = [t for t, on in (("audio", stream_types != 1), ("video", stream_types != 0)) if on]
        who: list[str | None] = [str(u) for u in uids] or [None]
        files = [
            FileDetail(f"{base}__uid_s_{u or '<uid>'}__uid_e_{t}.m3u8", track_type=t, uid=u)
            for u in who
            for t in tracks
        ]
    else:
        names = [f"{base}.m3u8"] + ([f"{base}_0.mp4"] if mp4 else [])
        files = [FileDetail(n, track_type="audio_and_video", mixed_all_user=True) for n in names]
    out = [replace(f, name=storage_prefix + f.name) for f in files]
    for n in range(failovers):
        out.extend(replace(f, name=f"{storage_prefix}bak{n}_{f.name}") for f in files)
    return tuple(out)


def predicted_for(
    record: SessionRecord, cfg: StartConfig | None, users_seen: Iterable[int], failovers: int
) -> tuple[FileDetail, ...]:
    """The index files a recording makes by the naming rules (empty before a sid exists)."""
    if record.sid is None:
        return ()
    mp4 = bool(
        cfg and cfg.recording_file_config and "mp4" in cfg.recording_file_config.av_file_type
    )
    rc = cfg.recording_config if cfg else None
    return predicted_files(
        mode=record.mode,
        sid=record.sid,
        cname=record.cname,
        storage_prefix=record.storage_prefix,
        mp4=mp4,
        uids=sorted(users_seen),
        stream_types=rc.stream_types if rc else 2,
        failovers=failovers,
    )


async def run_stop(session: FlowHost) -> StopOutcome | None:
    """Stop the task; returns the outcome, or None when every attempt failed (still running)."""
    client, timer = session.client, session.timer
    record = session.record
    assert record.resource_id is not None
    assert record.sid is not None
    attempt = 0
    not_found_since: float | None = session.unreachable_since
    last: CloudRecordingError | None = None
    checked = False
    while True:
        session.journal_step("before stop")
        try:
            result = await client.stop(
                cname=record.cname,
                uid=record.uid,
                resource_id=record.resource_id,
                sid=record.sid,
                mode=record.mode,
            )
        except NoRecordedDataError:
            return _outcome(
                session,
                "Stopped: nothing was recorded (nobody published audio or video).",
                nothing_recorded=True,
            )
        except AlreadyStoppedError:
            return already_stopped(session)
        except NotFoundError as exc:
            window = session.poll_config.ha_window
            if not_found_since is None:
                if not checked and await _still_running(session):
                    checked = True  # a stray 404: the task answers a query; stop again
                    continue
                return already_stopped(session)
            if timer.now() - not_found_since >= window:
                return already_stopped(session)
            # The task was unreachable (failing over): it may live; keep trying in the window.
            last = exc
            wait = session.poll_config.error_backoff[
                min(attempt, len(session.poll_config.error_backoff) - 1)
            ]
            session.problem(
                Note.of(
                    exc,
                    what="Stop found no task yet (possibly failing over).",
                    next_step="Sending stop again.",
                )
            )
            await timer.sleep(wait)
            attempt += 1
            continue
        except (TransportError, ServerError, RequestNotCompletedError, RateLimitedError) as exc:
            last = exc
            if attempt >= len(STOP_BACKOFF):
                break
            session.problem(Note.of(exc, next_step="Sending stop again (that is safe)."))
            await timer.sleep(STOP_BACKOFF[attempt])
            attempt += 1
            continue
        except UnexpectedResponseError as exc:
            last = exc
            if exc.http_status is not None and exc.http_status < 300 and not checked:
                # The service accepted the stop but its answer could not be read: check.
                checked = True
                if not await _still_running(session):
                    return _outcome(
                        session,
                        "Stopped; the service's answer could not be read, so the upload status "
                        "is unknown. Look in the storage for the predicted names.",
                        files=session.files,
                        details=session.file_details,
                        uploading="unknown",
                    )
                continue  # it still runs: stop again (that is safe)
            break
        except CloudRecordingError as exc:
            last = exc
            break
        files = tuple(result.file_names)
        details = file_details(result.files) if files else session.file_details
        if not result.complete:
            return _outcome(
                session,
                "Stopped; the upload status is unknown (the service did not list the files). "
                f"Look in the storage under {record.storage_prefix or 'the bucket root'} for "
                "the predicted names.",
                files=files or session.files,
                details=details,
                uploading="unknown",
            )
        status = result.uploading_status
        sentence = {
            "uploaded": "Stopped; the service reports every file uploaded to your storage.",
            "backuped": "Stopped; some files went to Agora's backup and will be forwarded to "
            "your storage later.",
        }.get(status, "Stopped; the upload status is unknown.")
        return _outcome(
            session, sentence, files=files or session.files, details=details, uploading=status
        )
    assert last is not None
    session.problem(
        Note.of(
            last,
            what="Stopping did not get an answer; the recording may still be running.",
            next_step="Press Stop again.",
        )
    )
    return None


async def _still_running(session: FlowHost) -> bool:
    """One query after a 404 on stop: does the task still answer?"""
    record = session.record
    assert record.resource_id is not None
    assert record.sid is not None
    try:
        result = await session.client.query(
            resource_id=record.resource_id, sid=record.sid, mode=record.mode
        )
    except CloudRecordingError:
        return False
    return is_live(result.status)


def already_stopped(session: FlowHost, sentence: str | None = None) -> StopOutcome:
    """The outcome of a stop that found the task already gone (files as far as known)."""
    return _outcome(
        session,
        sentence
        or "Already stopped (the recording had ended: stopped before, idle exit or removed).",
        files=session.files,
        details=session.file_details,
        already=True,
    )


def _outcome(
    session: FlowHost,
    sentence: str,
    *,
    files: tuple[str, ...] = (),
    details: tuple[FileDetail, ...] = (),
    uploading: str | None = None,
    nothing_recorded: bool = False,
    already: bool = False,
) -> StopOutcome:
    return StopOutcome(
        sentence=sentence,
        uploading_status=uploading,
        files=files,
        file_details=details,
        predicted_files=() if nothing_recorded else session.predicted_files,
        storage_prefix=session.record.storage_prefix,
        nothing_recorded=nothing_recorded,
        already_stopped=already,
    )


__all__ = ["already_stopped", "predicted_files", "predicted_for", "run_stop", "safe_cname"]
