"""Widgets alone (offscreen), fed by a real RecordingSession over a fake client (no network)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.bridge import Badge, ErrorInfo, SessionBridge
from recorder_gui.recording import Journal, RecordingSession, SessionState, StatusSnapshot
from recorder_gui.ui.widgets.dashboard import DashboardWidget
from recorder_gui.ui.widgets.error_banner import ErrorBannerWidget
from recorder_gui.ui.widgets.hold_button import HoldToStopButton
from recorder_gui.ui.widgets.state_badge import StateBadgeWidget
from recorder_gui.ui.widgets.status_panel import StatusPanelWidget

SENTENCE = (
    "Starting the recording failed: Another recording with the same channel and bot uid is "
    "already running. Next: Stop that recording first, or start this one with a different bot "
    "uid. (HTTP 400, code 53, request ID abc-123)"
)


@pytest.fixture
def session(tmp_path: Path) -> RecordingSession:
    client = SimpleNamespace(app_id="0" * 32, domain="api.example.test")
    journal = Journal(tmp_path / "j.sqlite3")
    return RecordingSession(client=client, journal=journal, cname="show", uid="42", mode="mix")  # type: ignore[arg-type]


@pytest.mark.parametrize("badge", list(Badge))
def test_badge_shows_text_and_colour(qtbot: QtBot, badge: Badge) -> None:
    widget = StateBadgeWidget(badge)
    qtbot.addWidget(widget)
    assert widget.text() == badge.value
    assert widget.property("tone") == badge.tone
    assert badge.value in widget.accessibleName()


def test_error_sentence_splits_into_meaning_next_step_and_request_id() -> None:
    info = ErrorInfo.from_sentence(SENTENCE)
    assert info.meaning.startswith("Starting the recording failed: Another recording")
    assert info.next_step.startswith("Stop that recording first")
    assert info.request_id == "abc-123"
    assert "code 53" in info.details


def test_error_banner_renders_and_copies(qtbot: QtBot, qapp: object) -> None:
    banner = ErrorBannerWidget()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    banner.set_error(ErrorInfo.from_sentence(SENTENCE))
    assert not banner.isHidden()
    assert "abc-123" in banner.request_id.text()
    banner.copy_button.click()
    from PySide6.QtWidgets import QApplication

    assert "abc-123" in QApplication.clipboard().text()
    banner.close()


def test_hold_to_stop_needs_a_hold_not_a_click(qtbot: QtBot) -> None:
    button = HoldToStopButton(hold_ms=120)
    qtbot.addWidget(button)
    hints: list[str] = []
    button.hint_requested.connect(hints.append)
    with qtbot.assertNotEmitted(button.confirmed, wait=50):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert hints
    with qtbot.waitSignal(button.confirmed, timeout=2000):
        qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)


def test_dashboard_and_status_panel_follow_the_session(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    board, panel = DashboardWidget(), StatusPanelWidget()
    qtbot.addWidget(board)
    qtbot.addWidget(panel)
    board.session_selected.connect(panel.set_session)
    board.add_session(bridge)
    card = board.card(bridge.key)
    assert card.badge.text() == "STARTING"
    session.sid, session.started_at = "sid1", 940.0
    session.transition(SessionState.RECORDING, "Recording.")
    assert card.badge.text() == "ON AIR"
    assert panel.badge.text() == "ON AIR"
    session.files = ("a.m3u8",)
    session.publish_snapshot(
        StatusSnapshot(
            status=5,
            status_meaning="recording in progress",
            files=("a.m3u8",),
            domain="api.example.test",
            next_poll_at=1_004.0,
            last_ok_poll_at=999.0,
        )
    )
    assert panel.status.text() == "5 — recording in progress"
    assert panel.files.item(0).text() == "a.m3u8"
    assert panel.next_poll.text() == "in 4 s"
    assert card.elapsed.text() == "0:01:00"
    session.set_unreachable(1_000.0)
    assert card.badge.text() == "UNREACHABLE"
    assert not panel.banner.isHidden()
    session.transition(SessionState.FAILED, SENTENCE)
    assert panel.badge.text() == "FAILED"
    assert panel.banner.request_id.text().endswith("abc-123")
    assert not panel.stop_button.isEnabled()
    bridge.detach()
