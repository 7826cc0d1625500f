"""The crash-safe journal: one SQLite row per recording, enough to find it again after a crash.

WAL mode with ``synchronous=FULL``: every write is one atomic statement, so a kill at any
moment leaves each row either as it was or as it became. It stores App ID, profile name,
cname, uid, mode, resource ID, sid, times, storage prefix and state: never a secret (no
customer secret, storage key, token or start body).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
_COLUMNS = (
    "key",
    "app_id",
    "profile",
    "cname",
    "uid",
    "mode",
    "resource_id",
    "sid",
    "acquired_at",
    "started_at",
    "storage_prefix",
    "state",
    "step",
    "reason",
    "start_maybe_sent",
    "settled",
    "stop_requested",
    "stop_result",
    "updated_at",
)
_CREATE = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    profile TEXT NOT NULL,
    cname TEXT NOT NULL,
    uid TEXT NOT NULL,
    mode TEXT NOT NULL,
    resource_id TEXT,
    sid TEXT,
    acquired_at REAL,
    started_at REAL,
    storage_prefix TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    step TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    start_maybe_sent INTEGER NOT NULL DEFAULT 0,
    settled INTEGER NOT NULL DEFAULT 0,
    stop_requested INTEGER NOT NULL DEFAULT 0,
    stop_result TEXT,
    updated_at REAL NOT NULL
)
"""
#: Schema upgrades: user_version -> the statements that bring it to the next version.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE sessions ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN stop_result TEXT",
    ),
}


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One recording as the journal knows it. ``settled`` means nothing can be running.

    ``stop_requested`` is the producer's stop intent, journaled before stop is sent (a crash
    after it resumes the stop); ``stop_result`` is the stop's answer as JSON (files, upload
    status), journaled the moment it arrives.
    """

    key: str
    app_id: str
    profile: str
    cname: str
    uid: str
    mode: str
    state: str
    resource_id: str | None = None
    sid: str | None = None
    acquired_at: float | None = None
    started_at: float | None = None
    storage_prefix: str = ""
    step: str = ""
    reason: str = ""
    start_maybe_sent: bool = False
    settled: bool = False
    stop_requested: bool = False
    stop_result: str | None = None
    updated_at: float = 0.0

    def replace(self, **changes: Any) -> JournalEntry:
        return dataclasses.replace(self, **changes)


def default_path() -> Path:
    """``journal.sqlite3`` in the platform's user data dir (``RECORDER_GUI_DATA_DIR``)."""
    from recorder_gui.store.paths import data_dir

    return data_dir() / "journal.sqlite3"


class Journal:
    """Thread-safe; writes are tiny single statements, fine to run on the event loop."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=5.0
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._db.execute(_CREATE)
        else:
            while version < SCHEMA_VERSION:
                for statement in _MIGRATIONS[version]:
                    self._db.execute(statement)
                version += 1
        if version == 0 or version != self._db.execute("PRAGMA user_version").fetchone()[0]:
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, entry: JournalEntry) -> JournalEntry:
        """Insert or replace the row of ``entry.key`` (one atomic statement)."""
        entry = entry.replace(updated_at=time.time())
        values = [getattr(entry, c) for c in _COLUMNS]
        values = [int(v) if isinstance(v, bool) else v for v in values]
        marks = ", ".join("?" for _ in _COLUMNS)
        updates = ", ".join(f"{c}=excluded.{c}" for c in _COLUMNS if c != "key")
        sql = (
            f"INSERT INTO sessions ({', '.join(_COLUMNS)}) VALUES ({marks}) "
            f"ON CONFLICT(key) DO UPDATE SET {updates}"
        )
        with self._lock:
            self._db.execute(sql, values)
        return entry

    def get(self, key: str) -> JournalEntry | None:
        rows = self._select("WHERE key = ?", (key,))
        return rows[0] if rows else None

    def entries(self) -> list[JournalEntry]:
        return self._select("ORDER BY updated_at", ())

    def unsettled(self) -> list[JournalEntry]:
        """Rows of recordings that may still be running (not cleanly stopped)."""
        return self._select("WHERE settled = 0 ORDER BY updated_at", ())

    def forget(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE key = ?", (key,))

    def integrity_ok(self) -> bool:
        with self._lock:
            row = self._db.execute("PRAGMA integrity_check").fetchone()
        return bool(row and row[0] == "ok")

    def _select(self, tail: str, args: tuple[Any, ...]) -> list[JournalEntry]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM sessions {tail}", args)
            found = rows.fetchall()
        out = []
        for row in found:
            data = dict(zip(_COLUMNS, row, strict=True))
            data["start_maybe_sent"] = bool(data["start_maybe_sent"])
            data["settled"] = bool(data["settled"])
            data["stop_requested"] = bool(data["stop_requested"])
            out.append(JournalEntry(**data))
        return out
