"""The backup recorder's controls: "Add backup recorder" with its reason when disabled, the
pair's line on the card and in the status panel, and "Stop both…", at a 1024x700 window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.bridge import PairView, SessionBridge, SessionState
from recorder_gui.ui.widgets.backup_row import ADD_TIP, BackupRowWidget
from recorder_gui.ui.widgets.dashboard import DashboardWidget
from recorder_gui.ui.widgets.status_panel import StatusPanelWidget

from .sessions import started_session

LONG = "a-very-long-channel-name-for-the-evening-show-" * 3 + " · mix · bot uid 4294967295"


def _bridge(tmp_path: Path, pair: list[PairView], **record: object) -> SessionBridge:
    session = started_session(tmp_path, state=SessionState.RECORDING, **record)
    return SessionBridge(session, now=lambda: 1_000.0, pair=lambda: pair[0])


def test_add_backup_is_disabled_with_the_reason_as_tooltip(qtbot: QtBot, tmp_path: Path) -> None:
    why = "A backup can be added only while the recording runs (ON AIR)."
    pair = [PairView(why_not=why)]
    bridge = _bridge(tmp_path, pair)
    row = BackupRowWidget()
    qtbot.addWidget(row)
    row.set_session(bridge)
    assert not row.add_button.isEnabled()
    assert row.add_button.toolTip() == why
    assert row.text.isHidden()  # a lone recording: nothing to say of a pair
    assert row.stop_both_button.isHidden()
    pair[0] = PairView(why_not=None)
    bridge.pair_changed.emit()
    assert row.add_button.isEnabled()
    assert row.add_button.toolTip() == ADD_TIP
    with qtbot.waitSignal(bridge.backup_requested, timeout=1_000):
        qtbot.mouseClick(row.add_button, Qt.MouseButton.LeftButton)
    assert not row.add_button.isEnabled()  # one click, one backup
    bridge.detach()


def test_the_pair_is_shown_and_stop_both_asks_for_this_pair(qtbot: QtBot, tmp_path: Path) -> None:
    pair = [PairView(backup_titles=(LONG,), why_not="It already has a backup (bot uid 43).")]
    bridge = _bridge(tmp_path, pair)
    panel = StatusPanelWidget()
    qtbot.addWidget(panel)
    panel.resize(470, 600)
    panel.show()
    panel.set_session(bridge)
    row = panel.backup
    assert row.text.text() == f"Has a backup: {LONG}"
    assert row.add_button.toolTip() == "It already has a backup (bot uid 43)."
    assert row.stop_both_button.isVisible()
    # A long pair wraps: the panel asks for no more width than without it.
    assert panel.minimumSizeHint().width() <= 470
    with qtbot.waitSignal(row.stop_both_requested, timeout=1_000) as asked:
        qtbot.mouseClick(row.stop_both_button, Qt.MouseButton.LeftButton)
    assert asked.args == [bridge]
    panel.set_session(None)
    assert row.isHidden()
    panel.close()
    bridge.detach()


def test_the_cards_say_which_is_the_backup(qtbot: QtBot, tmp_path: Path) -> None:
    primary_title = "show · mix · bot uid 42"
    backup = _bridge(
        tmp_path / "b",
        [PairView(primary_title=primary_title, is_backup=True, primary_live=True, why_not="x")],
        key="b",
        uid="43",
    )
    primary = _bridge(tmp_path / "p", [PairView(backup_titles=(backup.title,), why_not="y")])
    board = DashboardWidget()
    qtbot.addWidget(board)
    board.resize(260, 600)
    board.show()
    board.add_session(primary)
    board.add_session(backup)
    assert board.card("b").pair.full_text == f"Backup of {primary_title}; files under backup/"
    assert board.card("k").pair.full_text == f"Has a backup: {backup.title}"
    assert "Backup of" in board.card("b").accessibleName()
    assert board.minimumSizeHint().width() <= 260
    board.close()
    for bridge in (primary, backup):
        bridge.detach()
