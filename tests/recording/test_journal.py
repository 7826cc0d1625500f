"""The journal: rows before and after every call, no secrets, survives a kill mid-write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from recorder_gui.emulator import Emulator
from recorder_gui.recording import Journal, JournalEntry, SessionManager
from tests._fixtures.emulator import DEMO_CUSTOMER_SECRET

from .conftest import ACCESS_KEY, SECRET_KEY, recording


@pytest.mark.asyncio
async def test_every_call_is_journaled_before_and_after(
    manager: SessionManager, emu: Emulator
) -> None:
    steps: list[tuple[str, str, str | None]] = []
    original = manager.journal.write

    def spy(entry: JournalEntry) -> JournalEntry:
        steps.append((entry.step, entry.state, entry.sid))
        return original(entry)

    manager.journal.write = spy  # type: ignore[method-assign]
    session = await recording(manager, emu)
    emu.clock.advance(20)
    await session.stop()
    names = [s[0] for s in steps]
    assert names == [
        "before acquire",
        "after acquire",
        "before start",
        "after start",
        "recording",
        "stop requested by the producer",  # the intent, before anything is sent
        "before stop",
        "settled",
    ]
    assert steps[3][2] == session.sid
    assert steps[5][1] == "recording"  # the intent is journaled while still recording
    row = manager.journal.get(session.key)
    assert row is not None and row.settled and row.state == "stopped"
    assert (row.app_id, row.profile, row.cname, row.uid, row.mode) == (
        session.app_id,
        "demo",
        "room1",
        "527841",
        "mix",
    )
    assert row.resource_id == session.resource_id and row.storage_prefix == "show/day1/"
    assert row.started_at is not None


@pytest.mark.asyncio
async def test_the_journal_file_holds_no_secret(
    manager: SessionManager, emu: Emulator, journal_path: Path
) -> None:
    session = await recording(manager, emu)
    emu.clock.advance(20)
    await session.stop()
    manager.journal.close()
    blob = b"".join(p.read_bytes() for p in journal_path.parent.glob(journal_path.name + "*"))
    assert session.sid is not None and session.sid.encode() in blob  # we read the right file
    import base64

    basic = base64.b64encode(f"demo-customer-id:{DEMO_CUSTOMER_SECRET}".encode())
    for secret in (ACCESS_KEY.encode(), SECRET_KEY.encode(), DEMO_CUSTOMER_SECRET.encode(), basic):
        assert secret not in blob


WRITER = textwrap.dedent(
    """
    import sys
    from recorder_gui.recording.journal import Journal, JournalEntry
    journal = Journal(sys.argv[1])
    i = 0
    print("ready", flush=True)
    while True:
        i += 1
        for k in range(5):
            journal.write(JournalEntry(key=f"s{k}", app_id="a", profile="p", cname="c" * 200,
                uid=str(i), mode="mix", state="recording", sid=f"{i:032d}",
                resource_id="r" * 300, step=str(i)))
    """
)


@pytest.mark.parametrize("delay", [0.05, 0.13, 0.31])
def test_the_journal_survives_a_kill_during_a_write(tmp_path: Path, delay: float) -> None:
    path = tmp_path / "torn.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    with Journal(path) as journal:
        assert journal.integrity_ok()
        rows = journal.entries()
        assert {r.key for r in rows} <= {f"s{k}" for k in range(5)} and rows
        for row in rows:  # each row is whole: one version, never a mix of two
            assert row.sid == f"{int(row.uid):032d}" and row.step == row.uid
            assert row.resource_id == "r" * 300
        iterations = sorted(int(r.uid) for r in rows)
        assert iterations[-1] - iterations[0] <= 1  # rows are written in order
