"""A backup recorder in another region, against the emulator over loopback: the acquire names
the primary's resource ID in ``excludeResourceIds``, the backup gets its own bot uid, token
and file prefix, the pair is journaled and stopped together, and refusals are plain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pydantic import SecretStr

from recorder_gui.api.identifiers import Mode
from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from recorder_gui.recording import (
    Journal,
    RecordingSession,
    SessionManager,
    SessionState,
    VirtualTimer,
)
from recorder_gui.recording.backup import BackupRefused, plan_backup
from recorder_gui.recording.limits import RunLimits
from recorder_gui.recording.record import SessionRecord
from recorder_gui.tokens import bot_token_for, parse_token
from tests._fixtures.emulator import DEMO_APP_ID

from .conftest import APP, CREDS, make_manager, recording, start_config
from .show_profile import CERT


@pytest.mark.asyncio
async def test_a_backup_acquires_away_from_the_primary_and_stops_with_it(
    manager: SessionManager, emu: Emulator
) -> None:
    primary = await recording(manager, emu)
    backup = manager.add_backup(primary)
    assert await backup.start() in (SessionState.STARTING, SessionState.RECORDING)
    assert await backup.wait_for(SessionState.RECORDING) is SessionState.RECORDING, backup.reason
    # What the service received and did, read from the emulator's own records.
    sent = emu.last_body("acquire")
    assert sent["clientRequest"]["excludeResourceIds"] == [primary.resource_id]
    assert sent["uid"] == backup.uid
    theirs, ours = emu.task(primary.sid or ""), emu.task(backup.sid or "")
    assert ours["exclude_resource_ids"] == [primary.resource_id]
    assert ours["region"] != theirs["region"]
    assert (ours["cname"], ours["mode"]) == (theirs["cname"], theirs["mode"])
    # Its own bot uid and folder: the primary's files are never overwritten.
    assert backup.uid != primary.uid
    assert ours["storage"]["fileNamePrefix"] == ["show", "day1", "backup"]
    assert theirs["storage"]["fileNamePrefix"] == ["show", "day1"]
    assert backup.storage_prefix == "show/day1/backup/"
    assert primary.start_config is not None
    assert primary.start_config.storage_config.file_name_prefix == ["show", "day1"]
    # The pair, as the manager and the journal know it.
    assert manager.backups_of(primary) == [backup]
    assert manager.primary_of(backup) is primary
    assert manager.pair_of(backup) == [primary, backup]
    row = manager.journal.get(backup.key)
    assert row is not None and row.backup_of == primary.key
    states = await manager.stop_pair(primary)
    assert states == {primary.key: SessionState.STOPPED, backup.key: SessionState.STOPPED}
    assert {emu.task(s.sid or "")["state"] for s in (primary, backup)} <= {"exiting", "ended"}


@pytest.mark.asyncio
async def test_the_backup_gets_a_token_for_its_own_bot_uid(
    manager: SessionManager, emu: Emulator
) -> None:
    emu.config.app_certificate = CERT
    emu.add_user(APP, "room1", 1001)
    config = start_config("mix")
    config.token = SecretStr(bot_token_for(APP, CERT, "room1", "527841", 3600))
    primary = manager.create_session(
        app_id=APP,
        credentials=CREDS,
        cname="room1",
        uid="527841",
        mode="mix",
        start_config=config,
        profile="demo",
        limits=RunLimits(planned_seconds=3600),
    )
    await primary.start()
    assert await primary.wait_for(SessionState.RECORDING) is SessionState.RECORDING
    with pytest.raises(BackupRefused) as refused:
        manager.add_backup(primary)  # no certificate: its token cannot be made
    assert "App Certificate" in refused.value.next_step
    backup = manager.add_backup(primary, certificate=CERT)
    assert backup.start_config is not None and backup.start_config.token is not None
    parsed = parse_token(backup.start_config.token.get_secret_value(), app_certificate=CERT)
    assert parsed.uid == backup.uid and parsed.signature_valid
    assert backup.limit_at == float(parsed.valid_until)  # its own token's end
    await backup.start()
    assert await backup.wait_for(SessionState.RECORDING) is SessionState.RECORDING, backup.reason
    assert emu.task(backup.sid or "")["joined"] is True  # the service took the new token
    await manager.stop_pair(backup)  # from either side
    assert primary.state is SessionState.STOPPED and backup.state is SessionState.STOPPED


@pytest.mark.asyncio
async def test_an_error_on_the_backups_acquire_leaves_the_primary_alone(
    manager: SessionManager, emu: Emulator
) -> None:
    primary = await recording(manager, emu)
    before = (primary.state, primary.sid, primary.resource_id, primary.reason)
    emu.inject_fault(Fault("acquire", "error", status=400, code=406, reason="vendor_over_load"))
    backup = manager.add_backup(primary)
    assert await backup.start() is SessionState.FAILED
    assert "quota" in backup.reason  # a plain sentence, no raw code dump
    assert (primary.state, primary.sid, primary.resource_id, primary.reason) == before
    assert emu.task(primary.sid or "")["state"] == "running"
    # A failed backup does not count: another may be added.
    again = manager.add_backup(primary)
    assert again.uid != primary.uid
    await again.start()
    await manager.stop_pair(primary)
    assert again.state is SessionState.STOPPED


def _detached(manager: SessionManager, **fields: object) -> RecordingSession:
    """A session built from a record (as after a restart), for the refusals."""
    record = SessionRecord(
        key="k1", app_id=APP, profile="demo", cname="room1", uid="527841", mode=Mode.MIX
    ).with_(**fields)
    client = manager.client_for(APP, CREDS)
    return RecordingSession(
        client=client, journal=manager.journal, cname="room1", uid="527841", mode="mix",
        record=record, start_config=start_config("mix"),
    )  # fmt: skip


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"state": SessionState.STARTING, "resource_id": "r1"}, "only while the recording runs"),
        ({"state": SessionState.STOPPED, "resource_id": "r1"}, "only while the recording runs"),
        ({"state": SessionState.RECORDING}, "resource ID is unknown"),
        ({"state": SessionState.RECORDING, "resource_id": "r1", "backup_of": "k0"}, "itself"),
    ],
)
async def test_refusals_say_why_in_a_sentence(
    manager: SessionManager, fields: dict[str, object], words: str
) -> None:
    primary = _detached(manager, **fields)
    with pytest.raises(BackupRefused) as refused:
        plan_backup(primary, now=0.0)
    assert words in refused.value.sentence
    assert refused.value.sentence.endswith(".")


@pytest.mark.asyncio
async def test_refusals_for_a_reattached_primary_a_second_backup_and_a_long_prefix(
    manager: SessionManager, emu: Emulator
) -> None:
    primary = await recording(manager, emu)
    first = manager.add_backup(primary)
    with pytest.raises(BackupRefused, match="already has a backup"):
        manager.add_backup(primary)
    with pytest.raises(BackupRefused, match="is already in the channel"):
        plan_backup(primary, now=0.0, uid=primary.uid)
    reattached = _detached(manager, state=SessionState.RECORDING, resource_id="r1")
    reattached.start_config = None
    with pytest.raises(BackupRefused, match="after a restart"):
        plan_backup(reattached, now=0.0)
    long = _detached(manager, state=SessionState.RECORDING, resource_id="r1")
    assert long.start_config is not None
    long.start_config.storage_config.file_name_prefix = ["a" * 60, "b" * 62]
    with pytest.raises(BackupRefused, match="prefix is too long"):
        plan_backup(long, now=0.0)
    await first.stop()


@pytest.mark.asyncio
async def test_a_restart_keeps_the_pair(
    manager: SessionManager,
    emu: Emulator,
    server: EmulatorServer,
    timer: VirtualTimer,
    journal_path: Path,
) -> None:
    primary = await recording(manager, emu)
    backup = manager.add_backup(primary)
    await backup.start()
    await manager.aclose()  # the panel quits; both keep recording
    async with make_manager(server, timer, journal_path) as again:
        results = await again.reattach(lambda _p, _a: CREDS)
        sessions = {r.session.key: r.session for r in results if r.session is not None}
        assert set(sessions) == {primary.key, backup.key}
        assert again.primary_of(sessions[backup.key]) is sessions[primary.key]
        assert again.backups_of(sessions[primary.key]) == [sessions[backup.key]]
        await again.stop_pair(sessions[primary.key])
        assert {s.state for s in sessions.values()} == {SessionState.STOPPED}
        again.journal.close()


def test_a_v3_journal_is_migrated_with_no_pairs(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with Journal(path) as journal:
        journal.write(
            SessionRecord(
                key="old", app_id=DEMO_APP_ID, profile="p", cname="c", uid="7", mode=Mode.MIX
            ).entry("before")
        )
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE sessions DROP COLUMN backup_of")
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    with Journal(path) as journal:
        [row] = journal.entries()
        assert (row.key, row.backup_of) == ("old", "")
        journal.write(row.replace(backup_of="other"))
        again = journal.get("old")
        assert again is not None
        assert again.backup_of == "other"
