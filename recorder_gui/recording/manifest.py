"""A manifest per recording: everything known of it after the show, in one JSON file.

Which recording (sid, resource ID, channel, bot uid, mode, profile), the start config with every
secret masked, the layout changes with their times, the callback timeline, the stop's upload
status, the files with what the panel found in the bucket, and the cost estimate when one is
given. Written atomically (a temporary file, then a rename) into the data dir; exportable;
the caller may also upload it next to the files. The text is passed through ``redact`` once
more before it is written: no key, secret or token can reach the disk through it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from recorder_gui.api.redact import redact
from recorder_gui.atomic_file import write_text_atomically
from recorder_gui.files import FilesReport

from .events import EventKind, SessionEvent
from .session import RecordingSession
from .storage_access import ran_seconds

__all__ = [
    "MANIFEST_VERSION",
    "LayoutLog",
    "build_manifest",
    "manifest_name",
    "manifest_text",
    "write_manifest",
]

MANIFEST_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class LayoutLog:
    """The layouts a session's publisher got accepted, with when (attach it from the start).

    Reads the publisher's status on each ``LAYOUT`` event and keeps one entry per accepted
    change; ``detach`` stops listening. ``since``: when it began to listen; a log attached
    after the recording started (the app restarted and took the recording back) cannot know
    the changes made before, and the manifest says so."""

    def __init__(self, session: RecordingSession) -> None:
        self._session = session
        self.since = session.timer.now()
        self._sent = session.publisher.status.sent
        self.changes: list[dict[str, Any]] = []
        self._unsubscribe: Callable[[], None] | None = session.subscribe(self._on_event)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: SessionEvent) -> None:
        if event.kind is not EventKind.LAYOUT:
            return
        status = self._session.publisher.status
        if status.sent <= self._sent:
            return
        self._sent = status.sent
        entry: dict[str, Any] = {"at": _iso(event.at)}
        if status.applied_layout is not None:
            entry["layout"] = status.applied_layout.model_dump(
                mode="json", by_alias=True, exclude_none=True
            )
        if status.applied_update is not None:
            entry["update"] = status.applied_update.model_dump(
                mode="json", by_alias=True, exclude_none=True
            )
        self.changes.append(entry)


def build_manifest(
    session: RecordingSession,
    *,
    title: str = "",
    report: FilesReport | None = None,
    checked_at: float | None = None,
    check_problem: str | None = None,
    layout_changes: list[dict[str, Any]] | None = None,
    layout_since: float | None = None,
    cost: Mapping[str, Any] | None = None,
    written_at: float | None = None,
) -> dict[str, Any]:
    """The manifest as plain JSON values (``None`` where nothing is known).

    ``layout_since``: when ``layout_changes`` began to be kept (``LayoutLog.since``); after the
    recording's start, the manifest marks the list incomplete."""
    outcome = session.stop_outcome
    config = session.start_config
    storage = config.storage_config if config else None
    details = {f.name: f for f in (outcome.file_details if outcome else ())}
    names = list(outcome.files if outcome else ()) or [
        f.name for f in (outcome.predicted_files if outcome else ())
    ]
    rows = {r.name: r for r in report.rows} if report else {}
    files: list[dict[str, Any]] = []
    for name in names:
        detail = details.get(name)
        row = rows.get(name)
        entry: dict[str, Any] = {
            "name": name,
            "track_type": detail.track_type if detail else None,
            "uid": detail.uid if detail else None,
            "listed_playable": detail.is_playable if detail else None,
            "slice_start_ms": detail.slice_start_ms if detail else None,
        }
        if row is not None:
            entry["check"] = {
                "present": row.present,
                "size_bytes": row.size,
                "duration_seconds": row.duration,
                "playable": row.playable,
                "problem": row.problem,
                "segments": row.segments if row.is_playlist else None,
                "segments_missing": row.segments_missing if row.is_playlist else None,
                "closed": row.closed,
            }
        files.append(entry)
    timeline = session.timeline
    return {
        "manifest_version": MANIFEST_VERSION,
        "written_at": _iso(written_at if written_at is not None else dt.datetime.now().timestamp()),
        "recording": {
            "title": title or None,
            "channel": session.cname,
            "bot_uid": session.uid,
            "mode": session.mode.value,
            "profile": session.profile or None,
            "sid": session.sid,
            "resource_id": session.resource_id,
            "backup_of": session.backup_of or None,
            "state": session.state.value,
            "reason": session.reason or None,
            "started_at": _iso(session.started_at),
            "duration_seconds": ran_seconds(session),
        },
        "storage": {
            "vendor": storage.vendor if storage else None,
            "region": storage.region if storage else None,
            "bucket": storage.bucket if storage else None,
            "prefix": session.storage_prefix or None,
        },
        "start_config": (
            config.model_dump(mode="json", by_alias=True, exclude_none=True) if config else None
        ),
        "layout_changes": layout_changes or [],
        "layout_changes_since": _iso(layout_since),
        "layout_changes_complete": _complete_since(layout_since, session.started_at),
        "callbacks": [
            {"at": _iso(e.at_ms / 1000), "event_type": e.event_type, "text": e.text}
            for e in timeline.entries
        ],
        "upload": {
            "status": outcome.uploading_status if outcome else None,
            "sentence": outcome.sentence if outcome else None,
            "confirmed_by_callbacks": timeline.upload_outcome.value
            if timeline.upload_outcome
            else None,
            "predicted_names": bool(outcome and not outcome.files and outcome.predicted_files),
        },
        "files": files,
        "check": _check_part(report, checked_at, check_problem),
        "cost": dict(cost) if cost else None,
    }


def _complete_since(since: float | None, started_at: float | None) -> bool | None:
    """Whether a log kept from ``since`` holds every change of a recording started at
    ``started_at`` (None when either is unknown: nothing is claimed)."""
    if since is None:
        return None
    return started_at is None or since <= started_at


def _check_part(
    report: FilesReport | None, checked_at: float | None, problem: str | None
) -> dict[str, Any] | None:
    """What the panel found in the bucket; or why it could not look (then ``ok`` is None)."""
    if problem is not None:
        return {"summary": None, "ok": None, "checked_at": None, "problem": problem}
    if report is None:
        return None
    return {"summary": report.summary, "ok": report.ok, "checked_at": _iso(checked_at)}


def manifest_name(manifest: Mapping[str, Any]) -> str:
    """``2026-12-02T1830-demo-show-<sid>.json``: sortable, one per recording, safe anywhere."""
    rec = manifest["recording"]
    when = (rec.get("started_at") or manifest["written_at"])[:16].replace(":", "")
    ident = rec.get("sid") or rec.get("resource_id") or "no-sid"
    raw = f"{when}-{rec['channel']}-{rec['bot_uid']}-{ident}"
    return _UNSAFE.sub("_", raw)[:180] + ".json"


def manifest_text(manifest: Mapping[str, Any]) -> str:
    """The manifest as indented JSON, secrets masked once more."""
    return redact(json.dumps(manifest, indent=2, ensure_ascii=False)) + "\n"


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> Path:
    """Write atomically into ``folder`` (made if needed); OSError when the disk refuses."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / manifest_name(manifest)
    write_text_atomically(path, manifest_text(manifest))
    return path


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC).isoformat(timespec="seconds")
