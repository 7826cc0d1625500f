"""Dialogs alone: profile (secrets never shown unless revealed), start form, stop results."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from recorder_gui.bridge import PreflightView, ProfileBridge, SecretField
from recorder_gui.bridge.views import StopSummary, file_row, local_time, stop_summary
from recorder_gui.recording import FileDetail, StopOutcome
from recorder_gui.store import CredentialStore, MemoryBackend, ProfileStore
from recorder_gui.ui.dialogs.profile_dialog import ProfileDialog
from recorder_gui.ui.dialogs.stop_dialog import ConfirmStopDialog, StopResultDialog
from recorder_gui.ui.widgets.start_form import StartFormWidget

APP_ID = "0123456789abcdef0123456789abcdef"


def _bridge(tmp_path: Path) -> ProfileBridge:
    creds = CredentialStore(backend=MemoryBackend())
    return ProfileBridge(creds, ProfileStore(tmp_path / "profiles", credentials=creds))


def _fill(dialog: ProfileDialog) -> None:
    dialog.name.setText("show")
    dialog.app_id.setText(APP_ID)
    dialog.bucket.setText("bucket")
    dialog.prefix.setText("shows/y2026")
    for which, row in dialog.secret_rows.items():
        if which is not SecretField.APP_CERTIFICATE:
            row.edit.setText(f"value-of-{which.value}")
            row.edit.setModified(True)


def test_first_run_profile_is_saved_with_secrets_in_the_keyring(
    qtbot: QtBot, tmp_path: Path
) -> None:
    profiles = _bridge(tmp_path)
    dialog = ProfileDialog(profiles)
    qtbot.addWidget(dialog)
    assert "memory" in dialog.keyring_line.text()
    _fill(dialog)
    dialog.vendor.setCurrentIndex(dialog.vendor.findText("Amazon S3"))
    dialog.region.setCurrentIndex(dialog.region.findText("EU_CENTRAL_1"))
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    assert profiles.names() == ["show"]
    assert profiles.current is not None and profiles.current.storage.region == 7
    assert profiles.credentials.get("show", SecretField.CUSTOMER_SECRET) == (
        "value-of-customer_secret"
    )
    stored = (tmp_path / "profiles").glob("*")
    assert all("value-of" not in p.read_text() for p in stored if p.is_file())


def test_editing_never_shows_a_secret_until_revealed(qtbot: QtBot, tmp_path: Path) -> None:
    profiles = _bridge(tmp_path)
    first = ProfileDialog(profiles)
    qtbot.addWidget(first)
    _fill(first)
    first.buttons.accepted.emit()
    dialog = ProfileDialog(profiles, "show")
    qtbot.addWidget(dialog)
    row = dialog.secret_rows[SecretField.CUSTOMER_SECRET]
    assert row.edit.text() == ""
    assert "stored" in row.edit.placeholderText()
    row.reveal_button.click()
    assert row.edit.text() == "value-of-customer_secret"
    row.reveal_button.click()
    assert row.edit.text() == ""
    assert dialog.form().secrets == {}  # nothing typed: nothing re-written


def test_profile_problems_are_listed_in_plain_words(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ProfileDialog(_bridge(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.app_id.setText("nope")
    dialog.buttons.accepted.emit()
    assert dialog.problems.isVisible()
    assert "Customer ID" in dialog.problems.text()
    dialog.close()


def test_start_form_builds_the_plan_of_each_mode(qtbot: QtBot) -> None:
    form = StartFormWidget()
    qtbot.addWidget(form)
    form.channel.setText("show")
    form.mode.setCurrentIndex(form.mode.findData("web"))
    form.web_url.setText("https://example.com")
    plan = form.plan()
    assert (plan.mode, plan.web_url, plan.cname) == ("web", "https://example.com", "show")
    form.mode.setCurrentIndex(form.mode.findData("mix"))
    form.audio_uids.setText("1, 2")
    form.mp4.setChecked(True)
    plan = form.plan()
    assert plan.subscribe_audio_uids == ("1", "2")
    assert plan.av_file_type == ("hls", "mp4")
    form.show()
    form.show_preflight(PreflightView(("Bot uid is taken.",), ("Nobody is in the channel.",)))
    assert form.problems.isVisible() and "Bot uid is taken." in form.problems.label.text()
    assert form.warnings.isVisible()
    form.close()


def test_every_input_has_an_accessible_name(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QSpinBox

    form = StartFormWidget()
    qtbot.addWidget(form)
    for kind in (QLineEdit, QComboBox, QSpinBox, QPushButton):
        for widget in form.findChildren(kind):
            if widget.parent() is not None and type(widget.parent()).__name__ == "QSpinBox":
                continue
            assert widget.accessibleName() or widget.text(), widget


def test_confirm_stop_defaults_to_cancel(qtbot: QtBot) -> None:
    dialog = ConfirmStopDialog("show")
    qtbot.addWidget(dialog)
    assert not dialog.stop_button.isDefault()
    with qtbot.waitSignal(dialog.confirmed):
        dialog.stop_button.click()


def test_stop_results_export_csv_and_json(qtbot: QtBot, tmp_path: Path) -> None:
    rows = tuple(
        file_row(
            FileDetail(f"p/sid_show__uid_s_7__uid_e_{track}.m3u8", track, "7", False, True),
            slice_start_ms=1_700_000_000_000,
        )
        for track in ("audio", "video")
    )
    summary = StopSummary(
        "show",
        "Stopped; the service reports every file uploaded to your storage.",
        "uploaded",
        "Uploaded: the service reports every file in your storage.",
        rows,
        False,
        False,
        "p/",
    )
    dialog = StopResultDialog(summary)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "audio"
    assert dialog.table.item(0, 2).text() == "7"
    assert dialog.table.item(0, 4).text().startswith("2023-11-1")
    dialog.export_to(tmp_path / "f.json", "json")
    assert json.loads((tmp_path / "f.json").read_text())["files"][1]["track_type"] == "video"
    dialog.export_to(tmp_path / "f.csv", "csv")
    assert (tmp_path / "f.csv").read_text().splitlines()[0].startswith("file_name,track_type")


def _cells(dialog: StopResultDialog, row: int) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_stop_rows_show_what_the_service_listed(qtbot: QtBot) -> None:
    """Track, uid, playable and slice time come from the service, not from the file name."""
    outcome = StopOutcome(
        sentence="Stopped; the service reports every file uploaded to your storage.",
        uploading_status="uploaded",
        files=("p/odd-name.m3u8", "p/sid_show__uid_s_1__uid_e_audio.m3u8", "p/mixed.mp4"),
        file_details=(
            # the name says nothing: only the service's data can fill the row
            FileDetail("p/odd-name.m3u8", "video", "4242", False, True, 1_700_000_001_000),
            # the name says uid 1 / audio, the service says otherwise: the service wins
            FileDetail(
                "p/sid_show__uid_s_1__uid_e_audio.m3u8", "audio_and_video", "99", False, False
            ),
            FileDetail("p/mixed.mp4", "audio_and_video", "0", True, True, 1_700_000_002_000),
        ),
        storage_prefix="p/",
    )
    summary = stop_summary("show", outcome, slice_start_ms=1_700_000_000_000)
    assert not summary.predicted
    dialog = StopResultDialog(summary)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    first_slice = local_time(1_700_000_001.0, with_date=True)
    assert _cells(dialog, 0) == ["p/odd-name.m3u8", "video", "4242", "yes", first_slice]
    recording_start = local_time(1_700_000_000.0, with_date=True)  # no own time: the first slice
    assert _cells(dialog, 1)[1:] == ["audio and video", "99", "no", recording_start]
    assert _cells(dialog, 2)[1:3] == ["audio and video", "all (mixed)"]
    assert _cells(dialog, 2)[4] == local_time(1_700_000_002.0, with_date=True)


def test_stop_rows_say_unknown_where_the_service_said_nothing(qtbot: QtBot) -> None:
    outcome = StopOutcome(
        sentence="Stopped.",
        uploading_status="uploaded",
        files=("p/sid_show__uid_s_1__uid_e_audio.m3u8",),
        file_details=(FileDetail("p/sid_show__uid_s_1__uid_e_audio.m3u8"),),
    )
    dialog = StopResultDialog(stop_summary("show", outcome, slice_start_ms=None))
    qtbot.addWidget(dialog)
    assert _cells(dialog, 0)[1:] == ["—", "—", "—", "unknown"]


def test_predicted_rows_fall_back_to_the_naming_rules(qtbot: QtBot) -> None:
    outcome = StopOutcome(
        sentence="Stopped; the upload status is unknown.",
        uploading_status="unknown",
        predicted_files=(
            FileDetail("p/sid_show__uid_s_7__uid_e_video.m3u8", track_type="video", uid="7"),
            FileDetail("p/sid_show__uid_s_<uid>__uid_e_audio.m3u8", track_type="audio"),
            FileDetail("p/sid_show.m3u8", track_type="audio_and_video", mixed_all_user=True),
        ),
    )
    summary = stop_summary("show", outcome, slice_start_ms=1_700_000_000_000)
    assert summary.predicted
    dialog = StopResultDialog(summary)
    qtbot.addWidget(dialog)
    assert _cells(dialog, 0)[1:] == ["video", "7", "expected", "unknown"]
    assert _cells(dialog, 1)[1:3] == ["audio", "unknown"]
    assert _cells(dialog, 2)[1:3] == ["audio and video", "all (mixed)"]


def test_a_relaunch_says_which_secrets_were_forgotten(qtbot: QtBot, tmp_path: Path) -> None:
    """Secrets held in memory (no keyring) are gone after a restart: the panel says which, per
    profile, at launch, instead of letting Check fail on them."""
    profiles = _bridge(tmp_path)
    dialog = ProfileDialog(profiles)
    qtbot.addWidget(dialog)
    _fill(dialog)
    dialog.relay_url.setText("https://relay.example.com")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    assert profiles.problems == []
    assert profiles.missing_secrets("show") == []
    # The next run: same profile files, a fresh (empty) memory store.
    creds = CredentialStore(backend=MemoryBackend())
    creds.set("show", SecretField.CUSTOMER_ID, "kept-id")
    relaunched = ProfileBridge(creds, ProfileStore(tmp_path / "profiles", credentials=creds))
    assert relaunched.missing_secrets("show") == [
        SecretField.CUSTOMER_SECRET,
        SecretField.STORAGE_ACCESS_KEY,
        SecretField.STORAGE_SECRET_KEY,
        SecretField.RELAY_TOKEN,
    ]
    [sentence] = relaunched.problems
    assert sentence.startswith("Profile “show” has no Customer Secret, storage access key, ")
    assert "storage secret key and relay read token any more" in sentence
    assert "Edit profile… before you Check" in sentence
    assert "kept-id" not in sentence and "value-of" not in sentence


def test_a_relay_address_that_is_not_https_is_refused_once_in_plain_words(
    qtbot: QtBot, tmp_path: Path
) -> None:
    profiles = _bridge(tmp_path)
    dialog = ProfileDialog(profiles)
    qtbot.addWidget(dialog)
    _fill(dialog)
    dialog.relay_url.setText("http://relay.example.com")
    dialog.buttons.accepted.emit()
    text = dialog.problems.text()
    assert text.count("must use https://") == 1
    assert "relay_url" not in text
    dialog.relay_url.setText("https://relay.example.com/")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    assert profiles.load("show").relay_url == "https://relay.example.com"
