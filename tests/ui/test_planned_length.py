"""The planned length in the form and the profile, the countdown, and the one-sided question."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recorder_gui.bridge import ProfileBridge, SecretField, SessionBridge, StartPlan
from recorder_gui.recording import Note, RecordingSession, SessionState
from recorder_gui.recording.limits import LimitKind
from recorder_gui.recording.outcomes import Transition
from recorder_gui.store import CredentialStore, MemoryBackend, ProfileStore
from recorder_gui.ui.dialogs.profile_dialog import ProfileDialog
from recorder_gui.ui.widgets.dashboard import DashboardWidget
from recorder_gui.ui.widgets.start_form import ALL_STREAMS, StartFormWidget
from recorder_gui.ui.widgets.status_panel import StatusPanelWidget

from .sessions import started_session

STARTED = 10_000.0
HOUR = 3600


def session_with_limit(tmp_path: Path, *, planned: int, limit_at: float | None) -> RecordingSession:
    return started_session(
        tmp_path,
        started_at=STARTED,
        planned_seconds=planned,
        limit_at=limit_at,
        limit_kind=LimitKind.TOKEN if limit_at else LimitKind.NONE,
    )


def test_card_and_panel_count_down_to_the_plan_and_warn_before_the_token_ends(
    qtbot: QtBot, tmp_path: Path
) -> None:
    now = [STARTED + HOUR]
    session = session_with_limit(tmp_path, planned=2 * HOUR, limit_at=STARTED + 2 * HOUR + 900)
    bridge = SessionBridge(session, now=lambda: now[0])
    board, panel = DashboardWidget(), StatusPanelWidget()
    for widget in (board, panel):
        qtbot.addWidget(widget)
    board.add_session(bridge)
    panel.set_session(bridge)
    card = board.card(bridge.key)
    session.apply(Transition(SessionState.RECORDING, Note("Recording.")))
    assert "1 h 00 min left" in card.detail.full_text
    assert panel.planned.text() == "2 h 00 min · 1 h 00 min left"
    assert "(bot token) · in 1 h 15 min" in panel.ends_by.text()
    assert panel.limit.isHidden()
    now[0] = STARTED + 2 * HOUR + 5  # past the plan, 15 min before the token ends
    panel._on_ticker_timeout()
    card.refresh_elapsed()
    assert "token ends in 15 min" in card.detail.full_text
    assert panel.planned.text().endswith("over plan")
    assert not panel.limit.isHidden()
    assert "token runs out in 15 min" in panel.limit_text.text()
    session.apply(Transition(SessionState.STOPPED, Note("Stopped.")))
    panel._render()
    assert panel.limit.isHidden()  # over: no warning left on screen
    bridge.detach()


def test_no_limit_is_said_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    session = session_with_limit(tmp_path, planned=HOUR, limit_at=None)
    bridge = SessionBridge(session, now=lambda: STARTED + 60)
    assert bridge.limit_text == "no limit set by recorder-gui"
    assert bridge.limit_sentence is None
    bridge.detach()


def test_the_form_sends_the_planned_length(qtbot: QtBot) -> None:
    form = StartFormWidget(StartPlan(cname="show", bot_uid="900001", planned_seconds=90 * 60))
    qtbot.addWidget(form)
    assert (form.planned.hours.value(), form.planned.minutes.value()) == (1, 30)
    form.planned.hours.setValue(10)
    form.planned.minutes.setValue(0)
    with qtbot.waitSignal(form.start_requested) as sent:
        form.start_button.click()
    assert sent.args[0].planned_seconds == 10 * HOUR


@pytest.mark.parametrize(
    ("choice", "video", "confirmed"),
    [("everyone", (ALL_STREAMS,), False), ("none", None, True)],
)
def test_a_one_sided_whitelist_is_not_sent_before_the_producer_chooses(
    qtbot: QtBot, choice: str, video: tuple[str, ...] | None, confirmed: bool
) -> None:
    form = StartFormWidget(StartPlan(cname="show", bot_uid="900001"))
    qtbot.addWidget(form)
    form.show()
    form.audio_uids.setText("1001, 1002")
    sent: list[StartPlan] = []
    form.start_requested.connect(sent.append)
    form.start_button.click()
    assert sent == []  # asked first
    assert form.one_sided.isVisible()
    assert "Video from nobody will be recorded" in form.one_sided.text.text()
    button = form.one_sided.everyone if choice == "everyone" else form.one_sided.none
    button.click()
    assert len(sent) == 1
    assert sent[0].subscribe_audio_uids == ("1001", "1002")
    assert sent[0].subscribe_video_uids == video
    assert sent[0].one_sided_confirmed is confirmed
    assert not form.one_sided.isVisible()


def test_going_back_sends_nothing(qtbot: QtBot) -> None:
    form = StartFormWidget(StartPlan(cname="show", bot_uid="900001"))
    qtbot.addWidget(form)
    form.show()
    form.video_uids.setText("7")
    sent: list[StartPlan] = []
    form.start_requested.connect(sent.append)
    form.start_button.click()
    assert "Audio from nobody" in form.one_sided.text.text()
    form.one_sided.cancel.click()
    assert sent == [] and not form.one_sided.isVisible()


def test_the_profile_keeps_the_usual_length_and_the_form_starts_from_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    creds = CredentialStore(backend=MemoryBackend())
    profiles = ProfileBridge(creds, ProfileStore(tmp_path / "profiles", credentials=creds))
    dialog = ProfileDialog(profiles)
    qtbot.addWidget(dialog)
    dialog.name.setText("show")
    dialog.app_id.setText("0123456789abcdef0123456789abcdef")
    dialog.bucket.setText("bucket")
    for which, row in dialog.secret_rows.items():
        if which is not SecretField.APP_CERTIFICATE:
            row.edit.setText(f"value-of-{which.value}")
            row.edit.setModified(True)
    dialog.planned.set_minutes(6 * 60 + 30)
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    assert profiles.current is not None
    assert profiles.current.recording.planned_minutes == 390
    plan = profiles.default_plan("show")
    assert plan is not None and plan.planned_seconds == 390 * 60
    again = ProfileDialog(profiles, "show")
    qtbot.addWidget(again)
    assert again.planned.total_minutes() == 390


def test_a_new_profile_records_landscape_720p() -> None:
    """Choosing a profile must not turn the form's video into 360x640 portrait at 500 kbps."""
    from recorder_gui.store import Profile

    profile = Profile.model_validate(
        {"name": "new", "app_id": "0" * 32, "storage": {"vendor": 1, "region": 0, "bucket": "b"}}
    )
    plan = StartPlan.from_profile(profile, "show")
    assert (plan.width, plan.height, plan.bitrate, plan.fps) == (1280, 720, 1130, 15)


def test_recording_defaults_are_visible_in_the_profile_and_reach_the_form(
    qtbot: QtBot, tmp_path: Path
) -> None:
    creds = CredentialStore(backend=MemoryBackend())
    profiles = ProfileBridge(creds, ProfileStore(tmp_path / "profiles", credentials=creds))
    dialog = ProfileDialog(profiles)
    qtbot.addWidget(dialog)
    assert (dialog.video_width.value(), dialog.video_height.value()) == (1280, 720)
    assert dialog.bitrate.value() == 1130 and dialog.fps.currentData() == 15
    dialog.name.setText("show")
    dialog.app_id.setText("0123456789abcdef0123456789abcdef")
    dialog.bucket.setText("bucket")
    for which, row in dialog.secret_rows.items():
        if which is not SecretField.APP_CERTIFICATE:
            row.edit.setText(f"value-of-{which.value}")
            row.edit.setModified(True)
    dialog.video_width.setValue(1920)
    dialog.video_height.setValue(1080)
    dialog.fps.setCurrentIndex(dialog.fps.findData(30))
    dialog.bitrate.setValue(3150)
    dialog.mode.setCurrentIndex(dialog.mode.findData("individual"))
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    plan = profiles.default_plan("show")
    assert plan is not None
    assert (plan.width, plan.height, plan.fps, plan.bitrate, plan.mode) == (
        1920,
        1080,
        30,
        3150,
        "individual",
    )
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1000 and hint.height() <= 660  # fits a 1024x700 screen


def test_a_recording_that_never_started_has_no_end_time(qtbot: QtBot, tmp_path: Path) -> None:
    session = started_session(tmp_path, started_at=None, limit_at=STARTED + 900)
    bridge = SessionBridge(session, now=lambda: STARTED)
    assert bridge.limit_text == "—"
    bridge.detach()
