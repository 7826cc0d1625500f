"""Widgets alone (offscreen), fed by a real RecordingSession over a fake client (no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recorder_gui.api.errors import NotFoundError, TaskConflictError
from recorder_gui.bridge import Badge, ErrorView, SessionBridge
from recorder_gui.recording import ErrorInfo as ServiceError
from recorder_gui.recording import (
    EventKind,
    Note,
    RecordingSession,
    SessionState,
    StatusSnapshot,
)
from recorder_gui.recording.outcomes import PollObservation, Settle, Transition, Verdict
from recorder_gui.ui.widgets.dashboard import DashboardWidget
from recorder_gui.ui.widgets.error_banner import ErrorBannerWidget
from recorder_gui.ui.widgets.hold_button import HoldToStopButton
from recorder_gui.ui.widgets.on_air_bar import OnAirBarWidget
from recorder_gui.ui.widgets.state_badge import StateBadgeWidget
from recorder_gui.ui.widgets.status_panel import StatusPanelWidget

from .sessions import started_session

CONFLICT = ServiceError.from_error(
    TaskConflictError(endpoint="start", http_status=400, code=53, request_id="abc-123")
)
SENTENCE = CONFLICT.sentence


@pytest.fixture
def session(tmp_path: Path) -> RecordingSession:
    return started_session(tmp_path)


@pytest.mark.parametrize("badge", list(Badge))
def test_badge_shows_text_and_colour(qtbot: QtBot, badge: Badge) -> None:
    widget = StateBadgeWidget(badge)
    qtbot.addWidget(widget)
    assert widget.text() == badge.value
    assert widget.property("tone") == badge.tone
    assert badge.value in widget.accessibleName()


def test_service_error_carries_its_fields() -> None:
    assert (CONFLICT.code, CONFLICT.http_status, CONFLICT.endpoint) == (53, 400, "start")
    assert CONFLICT.request_id == "abc-123"
    assert CONFLICT.action == "Starting the recording"
    assert CONFLICT.meaning.startswith("Another recording")


def test_error_banner_info_comes_from_the_structured_error() -> None:
    info = ErrorView.from_note(Note(error=CONFLICT))
    assert info.meaning == "Starting the recording failed: " + CONFLICT.meaning
    assert info.next_step == CONFLICT.next_step
    assert info.request_id == "abc-123"
    assert info.details == "HTTP 400, code 53, request ID abc-123"
    assert (info.code, info.http_status) == (53, 400)
    # the engine's words come first; its own next step replaces the error's
    info = ErrorView.from_note(Note("Channel busy.", "Retrying in 3 s.", CONFLICT))
    assert info.meaning == "Channel busy. Starting the recording failed: " + CONFLICT.meaning
    assert info.next_step == "Retrying in 3 s."
    # an error that is evidence only: the engine's sentence, still with the ID to quote
    own = Note("The storage settings are wrong.", error=CONFLICT, quote_only=True)
    info = ErrorView.from_note(own, level="warning")
    assert (info.meaning, info.next_step) == ("The storage settings are wrong.", "")
    assert (info.request_id, info.level, info.code) == ("abc-123", "warning", 53)
    # no service error: the note's fields as they are
    plain = ErrorView.from_note(Note("It failed.", "Try again."))
    assert (plain.meaning, plain.next_step, plain.request_id) == ("It failed.", "Try again.", None)


def test_a_sentence_with_a_dot_inside_is_never_cut_apart(
    qtbot: QtBot, session: RecordingSession
) -> None:
    """A channel name or URL holding ". " (even ". Next") stays whole: the banner reads the
    note's fields, it does not look for sentences or "Next:" in a text."""
    what = "Someone else's recording of channel 'demo.show. Next: x' is already running."
    step = "Stop it at https://console.example.test/a. b, or use bot uid 7."
    for error in (None, CONFLICT):
        info = ErrorView.from_note(Note(what, step, error))
        assert info.meaning.startswith(what)
        assert info.next_step == step
    # through a session and its bridge to the banner
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    panel = StatusPanelWidget()
    qtbot.addWidget(panel)
    panel.set_session(bridge)
    session.apply(Settle(SessionState.FAILED, Note(what, step, CONFLICT)))
    assert bridge.error is not None
    assert bridge.error.meaning == f"{what} Starting the recording failed: {CONFLICT.meaning}"
    assert panel.banner.next_step.text() == "Next step: " + step
    assert session.reason.startswith(f"{what} {step} ")  # the log line keeps it whole too
    bridge.detach()


def test_error_banner_renders_and_copies(qtbot: QtBot, qapp: object) -> None:
    banner = ErrorBannerWidget()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    banner.set_error(ErrorView.from_note(Note(error=CONFLICT)))
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


def shown(
    qtbot: QtBot, session: RecordingSession
) -> tuple[SessionBridge, Any, StatusPanelWidget, OnAirBarWidget]:
    """``session`` on a dashboard card, in the status panel and the on-air bar."""
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    board, panel, bar = DashboardWidget(), StatusPanelWidget(), OnAirBarWidget()
    for widget in (board, panel, bar):
        qtbot.addWidget(widget)
    board.session_selected.connect(panel.set_session)
    board.session_selected.connect(bar.set_session)
    board.add_session(bridge)
    return bridge, board.card(bridge.key), panel, bar


def test_dashboard_and_status_panel_follow_the_session(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge, card, panel, bar = shown(qtbot, session)
    assert card.badge.text() == "STARTING"
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    assert card.badge.text() == "ON AIR"
    assert bar.badge.text() == "ON AIR"
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
    session.apply(Settle(SessionState.FAILED, Note(error=CONFLICT)))
    assert bar.badge.text() == "FAILED"
    assert panel.banner.request_id.text().endswith("abc-123")
    assert panel.banner.next_step.text() == "Next step: " + CONFLICT.next_step
    assert not bar.stop_button.isEnabled()
    bridge.detach()


def test_error_banner_shows_the_request_id_of_the_structured_error(
    qtbot: QtBot, session: RecordingSession
) -> None:
    """The request ID comes from ErrorView, even when the reason sentence does not name it."""
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    panel = StatusPanelWidget()
    qtbot.addWidget(panel)
    panel.set_session(bridge)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    lost = NotFoundError(
        endpoint="query", http_status=404, reason="failed to find worker", request_id="rid-404"
    )
    session.set_unreachable(990.0, error=ServiceError.from_error(lost))
    event = session.events_seen[-1]
    assert event.kind is EventKind.UNREACHABLE and event.note.error is not None
    assert "rid-404" not in event.note.what and event.note.quote_only
    assert not panel.banner.isHidden()
    assert panel.banner.request_id.text() == "Request ID to quote: rid-404"
    assert bridge.error is not None and bridge.error.level == "warning"
    assert "'failed to find worker'" in bridge.error.details
    session.problem(Note.of(lost, next_step="Trying again."))
    assert bridge.error is not None and bridge.error.next_step == "Trying again."
    assert bridge.error.meaning == "Checking the recording failed: " + lost.meaning
    # a bridge made after the failure finds the error of the last transition
    session.apply(Settle(SessionState.FAILED, Note("It failed for good.", error=CONFLICT)))
    late = SessionBridge(session, now=lambda: 1_000.0)
    assert late.error is not None and late.error.request_id == "abc-123"
    late.detach()
    bridge.detach()


def test_a_watcher_death_is_never_shown_as_plain_on_air(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge, card, panel, bar = shown(qtbot, session)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    assert card.badge.text() == "ON AIR"
    session._watcher_died(RecursionError("deep"), 2.0)  # what the supervisor reports
    assert card.badge.text() == "UNREACHABLE" and bar.badge.text() == "UNREACHABLE"
    assert not panel.banner.isHidden()
    assert bridge.error is not None and "Monitoring interrupted" in bridge.error.meaning
    session.apply_poll(PollObservation(ok=True))  # the restarted poller is answered again
    assert card.badge.text() == "ON AIR"
    bridge.detach()


def test_not_confirmed_is_shown_and_stop_stays_in_reach(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge, card, panel, bar = shown(qtbot, session)
    assert card.badge.text() == "STARTING"
    reason = "Not confirmed: 90 s after start the service still does not find the recording."
    session.apply_poll(PollObservation(ok=False, verdict=Verdict.UNCONFIRMED, note=Note(reason)))
    assert card.badge.text() == "NOT CONFIRMED" and bar.badge.text() == "NOT CONFIRMED"
    assert not panel.banner.isHidden() and bridge.can_stop
    assert bridge.error is not None and bridge.error.level == "warning"
    session.apply(
        Transition(SessionState.RECORDING, Note("Recording (the service reports it running)."))
    )
    assert card.badge.text() == "ON AIR"
    bridge.detach()


def test_failing_status_checks_turn_on_air_into_a_question(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge, card, panel, bar = shown(qtbot, session)
    session.apply(
        Transition(SessionState.RECORDING, Note("Recording (the service reports it running)."))
    )
    assert card.badge.text() == "ON AIR"
    session.publish_snapshot(
        StatusSnapshot(
            status=5, consecutive_failures=1, last_ok_poll_at=990.0, next_poll_at=1_004.0
        )
    )
    card.refresh_elapsed()
    assert card.badge.text() == "ON AIR"  # 10 s without an answer: still in contact
    session.publish_snapshot(
        StatusSnapshot(status=5, consecutive_failures=9, last_ok_poll_at=955.0, next_poll_at=999.0)
    )
    card.refresh_elapsed()
    bar._on_ticker_timeout()
    panel._on_ticker_timeout()
    assert card.badge.text() == "ON AIR?" and bar.badge.text() == "ON AIR?"
    assert bridge.badge.tone == "warning"
    assert panel.reason.text().startswith("No contact for 45 s")
    assert "service reports it running" not in panel.reason.text()
    assert "No contact for 45 s" in bar.countdown.text()
    assert panel.status.property("stale") is True
    assert panel.next_poll.text() == "now (waiting for the answer)"
    session.publish_snapshot(StatusSnapshot(status=5, last_ok_poll_at=1_000.0))
    card.refresh_elapsed()
    panel._on_ticker_timeout()
    assert card.badge.text() == "ON AIR"
    assert panel.status.property("stale") is False
    bridge.detach()


def test_a_final_state_clears_banners_and_live_values(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge, card, panel, bar = shown(qtbot, session)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    session.publish_snapshot(
        StatusSnapshot(status=5, status_meaning="recording in progress", next_poll_at=1_004.0)
    )
    session.problem(Note("Stopping failed; the recording may still run.", "Press Stop again."))
    assert not panel.banner.isHidden()
    ended = "The recording ended by itself: the channel was empty for maxIdleTime."
    session.apply(Settle(SessionState.STOPPED, Note(ended)))
    assert panel.banner.isHidden()  # the old "Stopping failed" is gone
    assert panel.reason.text() == ended  # said once, in the reason
    assert panel.status.text() == "ended (stopped)"
    assert panel.next_poll.text() == "—"
    assert bar.badge.text() == "STOPPED" and not bar.stop_button.isEnabled()
    assert bar.countdown.text() == ended
    bridge.detach()


def test_a_confirmed_stop_replaces_the_keep_holding_hint(
    qtbot: QtBot, session: RecordingSession
) -> None:
    bridge, _card, _panel, bar = shown(qtbot, session)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    hints: list[str] = []
    bar.hint_shown.connect(hints.append)
    bar.stop_button.hint_requested.emit("Keep holding the Stop button until the bar is full.")
    with qtbot.waitSignal(bridge.stop_requested):
        bar.stop_button.confirmed.emit()
    assert hints[-1] == "Stopping show · mix · bot uid 42…"
    bridge.detach()
