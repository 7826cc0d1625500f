"""The journal on a damaged, emptied, read-only or full disk: the app always gets a journal,
and a notice says in plain words what had to be done.

Read-only as root: ``tests.store.unprivileged`` lowers root's permission override for the
test's thread (chmod alone does not stop root). Unusable: a data dir whose path runs through a
regular file (ENOTDIR, for root too). Full: SQLite's ``max_page_count`` caps the file where it
stands.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from recorder_gui.recording import journal_open
from recorder_gui.recording.journal import (
    MEMORY,
    SCHEMA_VERSION,
    Journal,
    JournalEntry,
    JournalOpenError,
    JournalWriteError,
)
from recorder_gui.store import Notice
from tests.store.unprivileged import probe_read_only, read_only

V1_CREATE = """
CREATE TABLE sessions (
    key TEXT PRIMARY KEY, app_id TEXT NOT NULL, profile TEXT NOT NULL, cname TEXT NOT NULL,
    uid TEXT NOT NULL, mode TEXT NOT NULL, resource_id TEXT, sid TEXT, acquired_at REAL,
    started_at REAL, storage_prefix TEXT NOT NULL DEFAULT '', state TEXT NOT NULL,
    step TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    start_maybe_sent INTEGER NOT NULL DEFAULT 0, settled INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL
)
"""


def entry(key: str = "k1", *, settled: bool = False, **changes: object) -> JournalEntry:
    return JournalEntry(
        key=key,
        app_id="a" * 32,
        profile="show",
        cname="room1",
        uid="527841",
        mode="mix",
        state="recording",
        resource_id="r" * 40,
        sid="s" * 32,
        settled=settled,
    ).replace(**changes)


def healthy(path: Path, *entries: JournalEntry) -> None:
    with Journal(path) as journal:
        for item in entries or (entry(),):
            journal.write(item)


def opened(path: Path | str | None) -> tuple[Journal, list[Notice]]:
    journal, notices = journal_open.open_or_recover(path)
    for notice in notices:
        assert notice.sentence and notice.next_step and notice.severity in ("warning", "error")
    return journal, notices


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


def test_random_bytes_are_set_aside_and_a_fresh_journal_works(path: Path) -> None:
    path.parent.mkdir()
    garbage = os.urandom(3000) * 3
    path.write_bytes(garbage)
    (path.parent / "journal.sqlite3-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 96)
    journal, notices = opened(path)
    with journal:
        assert not journal.in_memory and journal.entries() == []
        journal.write(entry())
        assert journal.get("k1") is not None and journal.integrity_ok()
    [notice] = notices
    moved = [p for p in path.parent.iterdir() if p.name.startswith("journal.sqlite3.damaged-")]
    assert sorted(p.name.endswith("-wal") for p in moved) == [False, True]
    main = next(p for p in moved if not p.name.endswith("-wal"))
    assert main.read_bytes() == garbage
    assert str(main) in notice.sentence and "could not be used" in notice.sentence
    assert "Agora console" in notice.next_step


def test_the_strict_constructor_raises_a_journal_error_not_sqlite(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(os.urandom(8192))
    with pytest.raises(JournalOpenError, match="damaged") as caught:
        Journal(path)
    assert not isinstance(caught.value, sqlite3.Error)


def test_an_emptied_journal_that_was_recording_is_reported(path: Path) -> None:
    healthy(path, entry("running"))
    marker = path.with_name("journal.sqlite3.inuse")
    assert marker.exists()  # the journal holds a recording that may be running
    path.write_bytes(b"")  # truncated to zero bytes
    journal, notices = opened(path)
    with journal:
        assert not journal.in_memory and journal.entries() == []
    [notice] = notices
    assert "was emptied" in notice.sentence and "while the last run was recording" in (
        notice.sentence
    )
    assert "may still be running" in notice.sentence and "Agora console" in notice.next_step
    assert not marker.exists()  # reported once; the fresh journal holds nothing running
    again, notices = opened(path)
    again.close()
    assert notices == []


def test_the_marker_follows_unsettled_rows(path: Path) -> None:
    marker = path.with_name("journal.sqlite3.inuse")
    with Journal(path) as journal:
        journal.write(entry("a", settled=True))
        assert not marker.exists()
        journal.write(entry("a"))
        journal.write(entry("b"))
        assert marker.exists()
        journal.write(entry("a", settled=True))
        assert marker.exists()  # b may still run
        journal.forget("b")
        assert not marker.exists()


def test_an_emptied_or_missing_journal_without_marker(path: Path) -> None:
    healthy(path, entry(settled=True))
    path.write_bytes(b"")
    journal, notices = opened(path)
    journal.close()
    assert len(notices) == 1 and "was emptied" in notices[0].sentence  # a journal is never 0 B
    path.unlink()
    journal, notices = opened(path)  # a first run: nothing to say
    journal.close()
    assert notices == []


def test_a_missing_journal_that_was_recording_is_reported(path: Path) -> None:
    healthy(path, entry("running"))
    path.unlink()
    journal, notices = opened(path)
    journal.close()
    assert len(notices) == 1 and "is missing" in notices[0].sentence


def test_a_garbage_wal_is_set_aside_and_the_journal_kept(path: Path) -> None:
    healthy(path, entry("one", settled=True), entry("two"))
    wal = path.with_name("journal.sqlite3-wal")
    wal.write_bytes(os.urandom(5000))
    journal, notices = opened(path)
    with journal:
        assert not journal.in_memory
        assert {e.key for e in journal.entries()} == {"one", "two"}
        journal.write(entry("three"))
    [notice] = notices
    moved = [p for p in path.parent.iterdir() if p.name.startswith("journal.sqlite3-wal.damaged-")]
    assert len(moved) == 1 and str(moved[0]) in notice.sentence
    assert "write-ahead log" in notice.sentence and "journal itself was kept" in notice.sentence


def test_a_damaged_page_fails_integrity_ok_and_is_set_aside(path: Path) -> None:
    healthy(path, *(entry(f"k{i}", cname="c" * 500) for i in range(30)))
    size = path.stat().st_size
    assert size >= 4 * 4096
    with path.open("r+b") as handle:  # keep page 1 (header and schema), ruin the table's pages
        handle.seek(4096)
        handle.write(os.urandom(size - 4096))
    with Journal(path) as journal:
        assert journal.integrity_ok() is False  # an answer, not an exception
    journal, notices = opened(path)
    with journal:
        assert not journal.in_memory
    assert len(notices) == 1 and "set aside as" in notices[0].sentence


def test_opening_a_healthy_journal_writes_nothing(path: Path) -> None:
    healthy(path, entry("one"), entry("two", settled=True))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    journal, notices = opened(path)
    with journal:
        assert notices == [] and [e.key for e in journal.unsettled()] == ["one"]
        assert journal.integrity_ok()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_v1_journal_is_migrated_and_keeps_its_rows(path: Path) -> None:
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.execute(V1_CREATE)
    db.execute(
        "INSERT INTO sessions (key, app_id, profile, cname, uid, mode, sid, state, updated_at) "
        "VALUES ('old', 'app', 'show', 'room', '42', 'mix', 'sid1', 'recording', 1.5)"
    )
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    journal, notices = opened(path)
    with journal:
        assert notices == []
        [row] = journal.entries()
        assert (row.key, row.sid, row.updated_at) == ("old", "sid1", 1.5)
        assert row.stop_requested is False and row.stop_result is None
        journal.write(row.replace(stop_requested=True, stop_result="{}"))
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_newer_journal_is_set_aside_and_its_rows_copied(path: Path) -> None:
    healthy(path, entry("running"))
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    journal, notices = opened(path)
    with journal:
        assert [e.key for e in journal.unsettled()] == ["running"]
    [notice] = notices
    assert "newer recorder-gui" in notice.sentence and "1 recording(s)" in notice.sentence


def test_a_data_dir_under_a_regular_file_gives_a_memory_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RECORDER_GUI_DATA_DIR", str(blocker / "data"))
    journal, notices = opened(None)
    with journal:
        assert journal.in_memory and str(journal.path) == MEMORY
        journal.write(entry())
        assert journal.get("k1") is not None
    [notice] = notices
    assert notice.severity == "error" and notice.persistent
    assert str(blocker / "data") in notice.sentence and "not a folder" in notice.sentence
    assert "will not be found again after a restart" in notice.sentence


def test_a_read_only_data_dir_gives_a_memory_journal_with_the_rows(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = data / "journal.sqlite3"
    healthy(path, entry("running"), entry("done", settled=True))
    before = path.read_bytes()
    with read_only(data):
        assert probe_read_only(data)
        journal, notices = opened(path)
    with journal:
        assert journal.in_memory
        assert [e.key for e in journal.unsettled()] == ["running"]  # reattach still sees it
        journal.write(entry("new"))
    [notice] = notices
    assert notice.persistent and "cannot be written" in notice.sentence
    assert "2 recording(s)" in notice.sentence and str(data) in notice.next_step
    assert path.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["journal.sqlite3", "journal.sqlite3.inuse"]


def test_random_bytes_in_a_read_only_dir_give_a_memory_journal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "journal.sqlite3").write_bytes(os.urandom(8192))
    with read_only(data):
        journal, notices = opened(data / "journal.sqlite3")
    journal.close()
    assert journal.in_memory
    assert "could not be set aside" in notices[0].sentence
    assert notices[1].persistent and "in memory only" in notices[1].sentence


def connect_capped(target: Path | str, *, uri: bool = False) -> sqlite3.Connection:
    """A connection whose file may not grow beyond one page: a full disk, for SQLite."""
    db = sqlite3.connect(
        str(target), isolation_level=None, check_same_thread=False, timeout=5.0, uri=uri
    )
    db.execute("PRAGMA max_page_count=1")
    return db


def test_a_full_disk_when_creating_gives_a_memory_journal(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_open, "connect", connect_capped)
    journal, notices = opened(path)
    journal.close()
    [notice] = notices
    assert journal.in_memory and "the disk is full" in notice.sentence
    monkeypatch.undo()
    journal, notices = opened(path)  # space again: no false "emptied" from the failed start
    journal.close()
    assert notices == [] and not journal.in_memory


def test_a_full_disk_mid_run_raises_a_journal_write_error(path: Path) -> None:
    with Journal(path) as journal:
        journal.write(entry("first"))
        pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
        journal._db.execute(f"PRAGMA max_page_count={pages}")

        def fill() -> None:
            for i in range(50):
                journal.write(entry(f"k{i}", reason="x" * 3000))

        with pytest.raises(JournalWriteError, match="the disk is full") as caught:
            fill()
        assert not isinstance(caught.value, sqlite3.Error)
        assert str(path) in str(caught.value)
        assert journal.get("first") is not None  # what was written stands
