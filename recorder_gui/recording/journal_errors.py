"""The journal's errors, and why a disk or SQLite operation failed in plain words."""

from __future__ import annotations

import errno


class JournalError(Exception):
    """A journal problem as a plain sentence (never a raw ``sqlite3`` error)."""


class JournalOpenError(JournalError):
    """The journal file could not be opened, read or prepared."""


class JournalVersionError(JournalOpenError):
    """The journal was written by a newer recorder-gui (its schema version is unknown here)."""


class JournalWriteError(JournalError):
    """A row could not be written (full or read-only disk, I/O error); the old row stands."""


class JournalReadError(JournalError):
    """Rows could not be read (the file became unreadable while the app ran)."""


def problem_of(exc: BaseException) -> str:
    """Why a disk or SQLite operation failed, in a few plain words."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    code = getattr(exc, "errno", None)
    if name == "SQLITE_FULL" or code == errno.ENOSPC:
        return "the disk is full"
    if name.startswith("SQLITE_READONLY") or code in (errno.EPERM, errno.EACCES, errno.EROFS):
        return "the folder or file cannot be written (read-only or no permission)"
    if code == errno.ENOTDIR:
        return "part of its path is a file, not a folder"
    if name.startswith("SQLITE_CANTOPEN"):
        return "the file cannot be opened"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "another program keeps it locked"
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return "the file is damaged (not a readable SQLite database)"
    if name.startswith("SQLITE_IOERR"):
        return "the disk reported an input/output error"
    return str(getattr(exc, "strerror", None) or exc)
