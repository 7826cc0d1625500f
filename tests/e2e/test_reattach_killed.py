"""A recording started by an engine in another process, which is then SIGKILLed, shows up in
the real window on launch as ON AIR (reattached from the journal) and can be stopped there."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from pytestqt.qtbot import QtBot

from recorder_gui.emulator import Emulator, EmulatorServer
from tests.recording.conftest import APP
from tests.recording.test_reattach import spawn_child

from .conftest import AppFactory, wait_badge, wait_card
from .test_happy_path import _stop_via_keyboard_confirm as stop_via_keyboard_confirm


def test_a_killed_process_recording_is_reattached_and_stopped_in_the_window(
    make_app: AppFactory, emu: Emulator, qtbot: QtBot, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.sqlite3"
    emu.add_user(APP, "crash", 1001)
    with EmulatorServer(emu) as side_door:  # the same emulator, as the first process saw it
        child = spawn_child(side_door.url, journal)
        assert child.stdout is not None
        try:
            line = child.stdout.readline()
            assert line.startswith(b"STARTED"), line
            sid = line.split()[1].decode()
            emu.clock.advance(20)
            assert child.stdout.readline().split() == [b"RECORDING", sid.encode()]
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            child.stdout.close()
    assert emu.task(sid)["state"] == "running"

    app = make_app(journal=journal, simulate=False)
    app.bridge.request_reattach()
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    assert bridge.session.sid == sid
    result = stop_via_keyboard_confirm(app, qtbot)
    assert bridge.badge.value == "STOPPED"
    names = [result.table.item(r, 0).text() for r in range(result.table.rowCount())]
    assert f"show/day1/{sid}_crash.m3u8" in names
    assert "uploaded" in result.upload.text()
    assert emu.task(sid)["state"] != "running"
    result.close()
