"""A real RecordingSession over a fake client (no network), for widget tests.

The session's start has returned its sid (STARTING); the poller is not running, so a test
drives it by applying facts and publishing snapshots itself.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from recorder_gui.api.identifiers import Mode
from recorder_gui.recording import Journal, RecordingSession, SessionState
from recorder_gui.recording.record import SessionRecord


def started_session(
    folder: Path, *, key: str = "k", started_at: float | None = 940.0, **record: Any
) -> RecordingSession:
    """``show · mix · bot uid 42``, started at ``started_at``; ``record`` adds record fields."""
    folder.mkdir(parents=True, exist_ok=True)
    client = SimpleNamespace(app_id="0" * 32, domain="api.example.test")
    fields: dict[str, Any] = {
        "key": key,
        "app_id": "0" * 32,
        "profile": "",
        "cname": "show",
        "uid": "42",
        "mode": Mode.MIX,
        "state": SessionState.STARTING,
        "sid": "sid1",
        "started_at": started_at,
        **record,
    }
    return RecordingSession(  # type: ignore[arg-type]
        client=client,
        journal=Journal(folder / "j.sqlite3"),
        cname="show",
        uid="42",
        mode="mix",
        record=SessionRecord(**fields),
    )
