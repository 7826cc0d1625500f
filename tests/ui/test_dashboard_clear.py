"""Ended and failed cards can be cleared; live ones never are."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recorder_gui.bridge import SessionBridge
from recorder_gui.recording import Note, SessionState
from recorder_gui.recording.outcomes import Settle, Transition
from recorder_gui.ui.widgets.dashboard import DashboardWidget

from .test_alerts import make_session


def test_clear_ended_removes_only_what_is_over(qtbot: QtBot, tmp_path: Path) -> None:
    board = DashboardWidget()
    qtbot.addWidget(board)
    board.show()
    bridges = []
    for name in ("live", "failed"):
        session = make_session(tmp_path / name, key=name)
        bridge = SessionBridge(session, now=lambda: 1_000.0)
        bridges.append(bridge)
        board.add_session(bridge)
    live, failed = bridges
    live.session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    assert not board.clear_button.isVisible()
    failed.session.apply(Settle(SessionState.FAILED, Note("Refused.")))
    assert board.clear_button.isVisible()
    board.clear_button.click()
    assert board.list.count() == 1
    assert board.current is live
    assert not board.clear_button.isVisible()
    for bridge in bridges:
        bridge.detach()
