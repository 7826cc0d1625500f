"""The crash-safe journal: one SQLite row per recording, enough to find it again after a crash.

WAL mode with ``synchronous=FULL``: every write is one atomic statement, so a kill at any
moment leaves each row either as it was or as it became. It stores App ID, profile name,
cname, uid, mode, resource ID, sid, times, storage prefix and state: never a secret (no
customer secret, storage key, token or start body).

Opening that cannot stop the app (a damaged file set aside, a read-only or full disk falling
back to memory, an emptied journal reported) lives in :mod:`.journal_open`. While the journal
holds a recording that may be running, a marker ``<journal>.inuse`` sits beside it, so a journal
later found emptied (0 bytes) or missing is reported rather than silently started afresh.
Failures after opening raise :class:`JournalWriteError` / :class:`JournalReadError`, never a
raw ``sqlite3`` error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .journal_errors import (
    JournalError,
    JournalOpenError,
    JournalReadError,
    JournalVersionError,
    JournalWriteError,
    problem_of,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "MEMORY",
    "SCHEMA_VERSION",
    "Journal",
    "JournalEntry",
    "JournalError",
    "JournalOpenError",
    "JournalReadError",
    "JournalVersionError",
    "JournalWriteError",
    "default_path",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
#: ``Journal(MEMORY)`` keeps the journal in this process only (nothing survives a restart).
MEMORY = ":memory:"
#: Beside the journal while it holds an unsettled row (a recording that may be running).
MARKER_SUFFIX = ".inuse"
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
    "planned_seconds",
    "limit_at",
    "limit_kind",
    "backup_of",
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
    planned_seconds INTEGER,
    limit_at REAL,
    limit_kind TEXT NOT NULL DEFAULT '',
    backup_of TEXT NOT NULL DEFAULT '',
    updated_at REAL NOT NULL
)
"""
#: Schema upgrades: user_version -> the statements that bring it to the next version.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE sessions ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN stop_result TEXT",
    ),
    2: (
        "ALTER TABLE sessions ADD COLUMN planned_seconds INTEGER",
        "ALTER TABLE sessions ADD COLUMN limit_at REAL",
        "ALTER TABLE sessions ADD COLUMN limit_kind TEXT NOT NULL DEFAULT ''",
    ),
    3: ("ALTER TABLE sessions ADD COLUMN backup_of TEXT NOT NULL DEFAULT ''",),
}


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One recording as the journal knows it. ``settled`` means nothing can be running.

    ``stop_requested`` is the producer's stop intent, journaled before stop is sent (a crash
    after it resumes the stop); ``stop_result`` is the stop's answer as JSON (files, upload
    status), journaled the moment it arrives. ``planned_seconds`` is the producer's plan;
    ``limit_at`` / ``limit_kind`` when the service will end the recording by itself (the bot
    token's end, web maxRecordingHour), so the countdown survives a restart. ``backup_of``
    is the key of the recording this one backs up in another region ("" for a primary), so
    a restart keeps the pair together.
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
    planned_seconds: int | None = None
    limit_at: float | None = None
    limit_kind: str = ""
    backup_of: str = ""
    updated_at: float = 0.0

    def replace(self, **changes: Any) -> JournalEntry:
        return dataclasses.replace(self, **changes)


def default_path() -> Path:
    """``journal.sqlite3`` in the platform's user data dir (``RECORDER_GUI_DATA_DIR``)."""
    from recorder_gui.store.paths import data_dir

    return data_dir() / "journal.sqlite3"


def marker_path(path: Path) -> Path:
    """The "recordings may be running" marker beside the journal at ``path``."""
    return path.with_name(path.name + MARKER_SUFFIX)


def connect(target: Path | str, *, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        str(target), isolation_level=None, check_same_thread=False, timeout=5.0, uri=uri
    )


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def prepare(db: sqlite3.Connection) -> None:
    """WAL and full sync; create or migrate the table: the only writes opening ever makes."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise JournalVersionError(
            f"it has schema version {version}, but this recorder-gui reads versions up to "
            f"{SCHEMA_VERSION}"
        )
    db.execute("PRAGMA journal_mode=WAL")  # a no-op read when the file is in WAL mode already
    db.execute("PRAGMA synchronous=FULL")
    if version == SCHEMA_VERSION:
        return
    statements = [_CREATE] if version == 0 else []
    while 0 < version < SCHEMA_VERSION:
        statements.extend(_MIGRATIONS[version])
        version += 1
    db.execute("BEGIN IMMEDIATE")  # all or nothing: a full disk leaves the old version whole
    try:
        for statement in statements:
            db.execute(statement)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


class Journal:
    """Thread-safe; writes are tiny single statements, fine to run on the event loop.

    ``Journal(path)`` opens strictly (raising :class:`JournalOpenError`); the app opens with
    :func:`.journal_open.open_or_recover`, which never fails. ``Journal(MEMORY)`` lives in
    memory only.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        path = Path(path) if path is not None else default_path()
        memory = str(path) == MEMORY
        try:
            if not memory:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = connect(path)
        except (OSError, sqlite3.Error) as exc:
            why = problem_of(exc)
            raise JournalOpenError(f"The journal '{path}' cannot be opened: {why}.") from exc
        try:
            prepare(db)
        except (sqlite3.Error, JournalOpenError) as exc:
            db.close()
            why = str(exc) if isinstance(exc, JournalOpenError) else problem_of(exc)
            raise JournalOpenError(f"The journal '{path}' cannot be used: {why}.") from exc
        self._attach(path, db)

    @classmethod
    def _adopt(cls, path: Path, db: sqlite3.Connection) -> Journal:
        journal = cls.__new__(cls)
        journal._attach(path, db)
        return journal

    def _attach(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.in_memory = str(path) == MEMORY
        self._db = db
        self._lock = threading.Lock()
        self._marker = None if self.in_memory else marker_path(path)

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
        self._put(entry)
        return entry

    def _put(self, entry: JournalEntry) -> None:
        values = [getattr(entry, c) for c in _COLUMNS]
        values = [int(v) if isinstance(v, bool) else v for v in values]
        marks = ", ".join("?" for _ in _COLUMNS)
        updates = ", ".join(f"{c}=excluded.{c}" for c in _COLUMNS if c != "key")
        sql = (
            f"INSERT INTO sessions ({', '.join(_COLUMNS)}) VALUES ({marks}) "
            f"ON CONFLICT(key) DO UPDATE SET {updates}"
        )
        with self._lock:
            if not entry.settled:  # before the row: a crash in between leaves a stale marker
                self._update_marker(may_run=True)
            try:
                self._db.execute(sql, values)
            except sqlite3.Error as exc:
                raise JournalWriteError(self._failed("write", exc)) from exc
            if entry.settled:
                self._update_marker(may_run=False)

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
            try:
                self._db.execute("DELETE FROM sessions WHERE key = ?", (key,))
            except sqlite3.Error as exc:
                raise JournalWriteError(self._failed("forget a row in", exc)) from exc
            self._update_marker(may_run=False)

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes; False (never an error) on a damaged file."""
        try:
            with self._lock:
                row = self._db.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.Error:
            return False
        return bool(row and row[0] == "ok")

    def _failed(self, what: str, exc: sqlite3.Error) -> str:
        where = "the in-memory journal" if self.in_memory else f"the journal '{self.path}'"
        return f"Could not {what} {where}: {problem_of(exc)}."

    def _update_marker(self, *, may_run: bool) -> None:
        """Keep the marker present while an unsettled row may exist (lock held)."""
        marker = self._marker
        if marker is None:
            return
        try:
            if may_run:
                if not marker.exists():
                    marker.touch()
            elif (
                marker.exists()
                and not self._db.execute(
                    "SELECT 1 FROM sessions WHERE settled = 0 LIMIT 1"
                ).fetchone()
            ):
                marker.unlink(missing_ok=True)
        except (OSError, sqlite3.Error) as exc:
            log.warning("Could not update the journal marker %s: %s", marker, problem_of(exc))

    def _select(self, tail: str, args: tuple[Any, ...]) -> list[JournalEntry]:
        with self._lock:
            try:
                rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM sessions {tail}", args)
                found = rows.fetchall()
            except sqlite3.Error as exc:
                raise JournalReadError(self._failed("read", exc)) from exc
        return [entry_from(dict(zip(_COLUMNS, row, strict=True))) for row in found]


def entry_from(data: dict[str, Any]) -> JournalEntry:
    """A JournalEntry from a row's columns (any missing optional column takes its default)."""
    known = {k: v for k, v in data.items() if k in _COLUMNS}
    for flag in ("start_maybe_sent", "settled", "stop_requested"):
        if flag in known:
            known[flag] = bool(known[flag])
    return JournalEntry(**known)
