"""Alerts: which events raise one, that each names the recording, sound unless muted."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recorder_gui.bridge import SessionBridge
from recorder_gui.bridge.alerts import Alert
from recorder_gui.recording import Note, RecordingSession, SessionState, StatusSnapshot
from recorder_gui.recording.outcomes import (
    PollObservation,
    Settle,
    StopRequested,
    Transition,
    Verdict,
)
from recorder_gui.ui.widgets.alerts_area import MAX_ROWS, AlertsAreaWidget

from .sessions import started_session

TITLE = "show · mix · bot uid 42"


def make_session(tmp_path: Path, key: str = "k") -> RecordingSession:
    return started_session(tmp_path, key=key)


def collect(bridge: SessionBridge) -> list[Alert]:
    seen: list[Alert] = []
    bridge.alerted.connect(seen.append)
    return seen


def test_an_end_without_a_stop_alerts_and_a_stop_does_not(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    seen = collect(bridge)
    session.confirmed_at = 990.0  # what confirm() records (it also starts the publisher)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    assert seen == []
    session.apply(Settle(SessionState.STOPPED, Note("The channel was empty for maxIdleTime.")))
    (alert,) = seen
    assert alert.title == TITLE and alert.level == "error"
    assert "ended without a stop" in alert.what and "empty" in alert.what
    assert "start it again" in alert.next_step
    other = make_session(tmp_path / "b")
    calm = SessionBridge(other, now=lambda: 1_000.0)
    quiet = collect(calm)
    other.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    other.apply(StopRequested())
    other.apply(Settle(SessionState.STOPPED, Note("Stopped.")))
    assert quiet == []
    bridge.detach()
    calm.detach()


def test_no_contact_alerts_once_after_30_s_and_again_after_contact_came_back(
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path)
    now = [1_000.0]
    bridge = SessionBridge(session, now=lambda: now[0])
    seen = collect(bridge)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    session.publish_snapshot(StatusSnapshot(status=5, consecutive_failures=2, last_ok_poll_at=980))
    assert seen == []  # 20 s: "ON AIR?", no alert yet
    now[0] = 1_015.0
    session.publish_snapshot(StatusSnapshot(status=5, consecutive_failures=3, last_ok_poll_at=980))
    session.publish_snapshot(StatusSnapshot(status=5, consecutive_failures=4, last_ok_poll_at=980))
    assert len(seen) == 1 and "no contact with the service for 35 s" in seen[0].what
    session.publish_snapshot(StatusSnapshot(status=5, last_ok_poll_at=1_015.0))
    now[0] = 1_060.0
    session.publish_snapshot(
        StatusSnapshot(status=5, consecutive_failures=5, last_ok_poll_at=1_020)
    )
    assert len(seen) == 2
    bridge.detach()


def test_not_confirmed_alerts(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    seen = collect(bridge)
    session.apply_poll(
        PollObservation(ok=False, verdict=Verdict.UNCONFIRMED, note=Note("Not yet."))
    )
    assert len(seen) == 1 and "not confirmed" in seen[0].what
    assert "Press Stop" in seen[0].next_step
    bridge.detach()


def test_the_area_shows_the_newest_per_recording_and_beeps_unless_muted(qtbot: QtBot) -> None:
    beeps: list[int] = []
    area = AlertsAreaWidget(beep=lambda: beeps.append(1))
    qtbot.addWidget(area)
    area.show_alert(Alert("a", "one · mix · bot uid 1", "warning", "first.", ""))
    area.show_alert(Alert("a", "one · mix · bot uid 1", "error", "second.", "Do this."))
    assert len(area.rows) == 1 and "second." in area.rows[0].text.text()
    assert "Do this." in area.rows[0].accessibleName()
    assert len(beeps) == 2
    area.muted = True
    for key in "bcde":
        area.show_alert(Alert(key, f"{key} · mix · bot uid 2", "warning", "x.", ""))
    assert len(area.rows) == MAX_ROWS and area.rows[0].alert.key == "e"
    assert len(beeps) == 2  # muted: no sound
    area.rows[0].dismiss.click()
    assert all(r.alert.key != "e" for r in area.rows)


def test_a_start_that_failed_is_not_called_an_end(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    seen = collect(bridge)
    what = "Someone else's recording is already running (code 53)."
    session.apply(Settle(SessionState.FAILED, Note(what, "Stop it first.")))
    (alert,) = seen
    assert "did not start" in alert.what and "ended" not in alert.what
    assert alert.what.endswith("(code 53).")  # what happened; the next step is not in it
    bridge.detach()


def test_an_alert_keeps_a_sentence_whole_even_with_a_dot_inside(tmp_path: Path) -> None:
    """The alert reads the note's ``what``; it never cuts prose at ". " (a channel name or
    a URL may hold one)."""
    session = make_session(tmp_path)
    bridge = SessionBridge(session, now=lambda: 1_000.0)
    seen = collect(bridge)
    what = "Someone else's recording of channel 'demo.show. Next' is already running."
    session.apply(Settle(SessionState.FAILED, Note(what, "Stop it first.")))
    (alert,) = seen
    assert alert.what == f"the recording did not start. {what}"
    bridge.detach()
