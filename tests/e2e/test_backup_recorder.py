"""A backup recorder in another region, through the real window: "Add backup recorder" on a
recording ON AIR, the pair on both cards, "Stop both…" after a confirmation, at 1024x700."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.emulator import Emulator, Fault
from recorder_gui.ui.dialogs.confirm_stop import ConfirmStopDialog
from recorder_gui.ui.dialogs.stop_dialog import StopResultDialog

from .conftest import AppFactory, settle, start, wait_badge, wait_card


def test_add_a_backup_then_stop_both(make_app: AppFactory, qtbot: QtBot, emu: Emulator) -> None:
    app = make_app()
    window = app.window
    window.resize(1024, 700)
    settle(qtbot)
    start(app, qtbot)
    primary = wait_card(app, qtbot, 0)
    wait_badge(primary, qtbot, "ON AIR")
    row = window.status_panel.backup
    assert row.add_button.isEnabled(), row.add_button.toolTip()
    qtbot.mouseClick(row.add_button, Qt.MouseButton.LeftButton)
    backup = wait_card(app, qtbot, 1)
    wait_badge(backup, qtbot, "ON AIR")
    # The service was asked to keep it out of the primary's region, and did.
    theirs = emu.task(primary.session.sid or "")
    ours = emu.task(backup.session.sid or "")
    assert ours["exclude_resource_ids"] == [primary.session.resource_id]
    assert ours["region"] != theirs["region"]
    assert ours["uid"] != theirs["uid"]
    assert ours["storage"]["fileNamePrefix"] == [*theirs["storage"]["fileNamePrefix"], "backup"]
    board = window.dashboard
    assert board.card(backup.key).pair.full_text.startswith(f"Backup of {primary.title}")
    assert board.card(primary.key).pair.full_text == f"Has a backup: {backup.title}"
    board.list.setCurrentRow(0)
    assert window.status_panel.session is primary
    assert not row.add_button.isEnabled()
    assert "already has a backup" in row.add_button.toolTip()
    settle(qtbot, 0.2)
    assert (window.width(), window.height()) == (1024, 700)
    qtbot.mouseClick(row.stop_both_button, Qt.MouseButton.LeftButton)
    confirm = next(d for d in app.open_dialogs() if isinstance(d, ConfirmStopDialog))
    assert backup.title in confirm.recording.text()
    confirm.stop_button.click()
    qtbot.waitUntil(
        lambda: primary.badge.value == "STOPPED" and backup.badge.value == "STOPPED",
        timeout=15_000,
    )
    qtbot.waitUntil(
        lambda: sum(isinstance(d, StopResultDialog) for d in app.open_dialogs()) == 2,
        timeout=15_000,
    )
    for dialog in app.open_dialogs():
        dialog.close()


def test_a_refused_backup_acquire_leaves_the_primary_on_air(
    make_app: AppFactory, qtbot: QtBot, emu: Emulator
) -> None:
    app = make_app()
    start(app, qtbot)
    primary = wait_card(app, qtbot, 0)
    wait_badge(primary, qtbot, "ON AIR")
    emu.inject_fault(Fault("acquire", "error", status=400, code=406, reason="vendor_over_load"))
    qtbot.mouseClick(app.window.status_panel.backup.add_button, Qt.MouseButton.LeftButton)
    backup = wait_card(app, qtbot, 1)
    wait_badge(backup, qtbot, "FAILED")
    assert backup.error is not None and "quota" in backup.error.meaning
    assert primary.badge.value == "ON AIR"
    assert emu.task(primary.session.sid or "")["state"] == "running"
    app.window.dashboard.list.setCurrentRow(0)
    assert app.window.status_panel.backup.add_button.isEnabled()  # a failed one does not count
