"""Opening the journal so the app always starts, and says in plain words what it had to do.

:func:`open_or_recover` never raises. What it does with what it finds:

* a file that is not a readable journal (not a database, damaged, failing ``quick_check``,
  without our table, or of a newer schema) is set aside as ``<name>.damaged-<UTC time>`` with
  its ``-wal``/``-shm``; rows still readable in it are copied into a fresh journal;
* a ``-wal`` file that is not an SQLite log is set aside; the journal itself is kept;
* a data dir or file that cannot be created, moved or written (read-only, full, no permission,
  a file where a folder should be): the journal lives in memory for this run, holding a copy of
  the rows the file still shows; the notice says recordings will not survive a restart;
* an emptied (0 bytes) journal, or a missing one while its ``.inuse`` marker says the last run
  was recording, is reported: recordings from the last run may still be running.

Opening writes only to create or migrate the table (and to remove a stale marker).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from recorder_gui.store.notices import Notice

from .journal import (
    _COLUMNS,
    MEMORY,
    SCHEMA_VERSION,
    Journal,
    JournalEntry,
    JournalError,
    connect,
    default_path,
    entry_from,
    marker_path,
    prepare,
    schema_version,
)
from .journal_errors import problem_of

_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_HEADER = b"SQLite format 3\x00"
_REQUIRED = frozenset({"key", "app_id", "profile", "cname", "uid", "mode", "state"})
_CHECK_CONSOLE = (
    "Check the Agora console for recordings still running, and stop those you no longer need."
)


class _Damaged(Exception):
    """The file is not a journal this version can use; the message says why."""


def open_or_recover(path: Path | str | None = None) -> tuple[Journal, list[Notice]]:
    """The journal at ``path`` (default: the data dir's), whatever the disk holds, and notices."""
    notices: list[Notice] = []
    foreign = False
    if path is None:
        try:
            path = default_path()
        except OSError as exc:
            from recorder_gui.store.paths import data_dir

            where = data_dir(create=False) / "journal.sqlite3"
            return _in_memory(where, exc, notices, rows=[]), notices
    path = Path(path)
    if str(path) == MEMORY:
        return Journal(MEMORY), notices
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        size = path.stat().st_size if path.exists() else None
        in_use = marker_path(path).exists()
        if size:  # not SQLite at all: set aside before SQLite touches (and deletes) its -wal
            with path.open("rb") as handle:
                foreign = handle.read(len(_HEADER)) != _HEADER
    except OSError as exc:
        return _in_memory(path, exc, notices, rows=[]), notices
    emptied = size == 0 or (size is None and in_use)
    if emptied:
        notices.append(_emptied_notice(path, missing=size is None, in_use=in_use))
    wal_notice = _set_aside_bad_wal(path)
    if wal_notice is not None:
        notices.append(wal_notice)
    if foreign:
        reason = "it is not an SQLite database"
        return _replace_damaged(path, reason, notices, salvage=False), notices
    try:
        db = _open_checked(path)
    except _Damaged as exc:
        return _replace_damaged(path, str(exc), notices), notices
    except (sqlite3.Error, OSError) as exc:
        if _is_damage(exc):
            return _replace_damaged(path, problem_of(exc), notices), notices
        if size is None:  # leave no empty file behind: it would look emptied next time
            with contextlib.suppress(OSError):
                if path.stat().st_size == 0:
                    path.unlink()
        return _in_memory(path, exc, notices), notices
    if emptied:
        with contextlib.suppress(OSError):
            marker_path(path).unlink(missing_ok=True)
    return Journal._adopt(path, db), notices


def _is_damage(exc: BaseException) -> bool:
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))


def _open_checked(path: Path) -> sqlite3.Connection:
    """A connection to a usable journal at ``path`` (created or migrated if needed)."""
    db = connect(path)
    try:
        version = schema_version(db)
        if version > SCHEMA_VERSION:
            raise _Damaged(
                f"it was written by a newer recorder-gui (schema version {version}; this one "
                f"reads up to {SCHEMA_VERSION})"
            )
        if version > 0:
            row = db.execute("PRAGMA quick_check").fetchone()
            if not row or row[0] != "ok":
                raise _Damaged("SQLite's check found it damaged")
            if not _columns(db) >= _REQUIRED:
                raise _Damaged("it holds no recorder-gui journal table")
            _probe_writable(path)
        prepare(db)
    except BaseException:
        db.close()
        raise
    return db


def _columns(db: sqlite3.Connection) -> set[str]:
    return {str(row[1]) for row in db.execute("PRAGMA table_info(sessions)")}


def _probe_writable(path: Path) -> None:
    """Raise OSError if the journal's files cannot be opened for writing (writes nothing)."""
    for file in (path, _side(path, "-wal"), _side(path, "-shm")):
        if file.exists():
            os.close(os.open(file, os.O_RDWR))


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _read_rows(path: Path) -> list[JournalEntry]:
    """The rows still readable in ``path``, opened read-only (never written); [] if none."""
    if not path.is_file():
        return []
    found: list[JournalEntry] = []
    for query in ("mode=ro", "immutable=1"):
        try:
            db = connect(f"{path.resolve().as_uri()}?{query}", uri=True)
        except sqlite3.Error:
            continue
        try:
            names = [c for c in _COLUMNS if c in _columns(db)]
            if not set(names) >= _REQUIRED:
                continue
            for row in db.execute(f"SELECT {', '.join(names)} FROM sessions"):
                found.append(entry_from(dict(zip(names, row, strict=True))))
            return found
        except (sqlite3.Error, TypeError, ValueError):
            if found:
                return found
        finally:
            db.close()
    return found


def _copy_rows(journal: Journal, rows: list[JournalEntry]) -> int:
    copied = 0
    for entry in rows:
        try:
            journal._put(entry)
        except JournalError:
            break
        copied += 1
    return copied


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(path: Path) -> Path:
    target, counter = path, 1
    while target.exists():
        target = path.with_name(f"{path.name}-{counter}")
        counter += 1
    return target


def _move_aside(path: Path) -> Path:
    """Rename the journal and its -wal/-shm to ``<name>.damaged-<stamp>``; return the new name."""
    target = _free_name(path.with_name(f"{path.name}.damaged-{_stamp()}"))
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = _side(path, suffix)
        if side.exists():
            os.replace(side, _side(target, suffix))
    return target


def _replace_damaged(
    path: Path, reason: str, notices: list[Notice], *, salvage: bool = True
) -> Journal:
    at = len(notices)  # this notice comes before any the fallback adds
    rows = _read_rows(path) if salvage else []
    try:
        moved = _move_aside(path)
    except OSError as exc:
        notices.append(
            Notice(
                "warning",
                f"The journal '{path}' cannot be used ({reason}) and could not be set aside "
                f"({problem_of(exc)}).",
                _CHECK_CONSOLE,
                source="journal",
            )
        )
        return _in_memory(path, exc, notices, rows=rows)
    try:
        db = _open_checked(path)
    except (sqlite3.Error, OSError, _Damaged) as exc:
        journal = _in_memory(path, exc, notices, rows=[])
    else:
        journal = Journal._adopt(path, db)
    copied = _copy_rows(journal, rows)
    kept = f" The {copied} recording(s) still readable in it were copied over." if copied else ""
    fresh = "an empty journal in memory" if journal.in_memory else "a new, empty journal"
    notices.insert(
        at,
        Notice(
            "warning",
            f"The journal '{path}' could not be used ({reason}). It was set aside as "
            f"'{moved}' and {fresh} was started.{kept}",
            f"{_CHECK_CONSOLE} Keep '{moved.name}' if you need its history.",
            source="journal",
        ),
    )
    return journal


def _in_memory(
    path: Path, exc: BaseException, notices: list[Notice], *, rows: list[JournalEntry] | None = None
) -> Journal:
    """A journal in memory, holding a copy of the rows ``path`` still shows (if not given)."""
    journal = Journal(MEMORY)
    copied = _copy_rows(journal, _read_rows(path) if rows is None else rows)
    read = (
        f" The {copied} recording(s) listed in '{path.name}' were read from it." if copied else ""
    )
    notices.append(
        Notice(
            "error",
            f"recorder-gui cannot keep its journal in '{path.parent}': {problem_of(exc)}. "
            "This run keeps the journal in memory only, so recordings started now will not be "
            f"found again after a restart or a crash.{read}",
            f"Make '{path.parent}' writable (or free disk space) and restart recorder-gui; "
            "until then, stop your recordings in this window before quitting.",
            source="journal",
            persistent=True,
        )
    )
    return journal


def _emptied_notice(path: Path, *, missing: bool, in_use: bool) -> Notice:
    what = "is missing" if missing else "was emptied (0 bytes)"
    when = " while the last run was recording" if in_use else ""
    return Notice(
        "warning",
        f"The journal '{path}' {what}{when}: recordings from the last run may still be running, "
        "and this window no longer knows them.",
        _CHECK_CONSOLE,
        source="journal",
    )


def _set_aside_bad_wal(path: Path) -> Notice | None:
    """Set aside a ``-wal`` file that is not an SQLite log (SQLite would silently drop it)."""
    wal = _side(path, "-wal")
    try:
        with wal.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return None  # none, or unreadable: SQLite will say
    if not head or head in _WAL_MAGIC:
        return None
    stamp = _stamp()
    try:
        moved = _free_name(wal.with_name(f"{wal.name}.damaged-{stamp}"))
        os.replace(wal, moved)
        shm = _side(path, "-shm")
        if shm.exists():
            os.replace(shm, _free_name(shm.with_name(f"{shm.name}.damaged-{stamp}")))
    except OSError as exc:
        done = f"it could not be set aside ({problem_of(exc)}) and is ignored"
    else:
        done = f"it was set aside as '{moved}'"
    return Notice(
        "warning",
        f"The journal's write-ahead log '{wal}' was damaged (not an SQLite log): {done}. The "
        "journal itself was kept, but changes from the last moments of the previous run may be "
        "missing.",
        _CHECK_CONSOLE,
        source="journal",
    )
