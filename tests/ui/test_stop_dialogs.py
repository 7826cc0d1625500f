"""Stop confirm, stop result and quit dialogs: which recording, full file names, where they
are, what was saved, what stopped at quit; they fit 1024x700 and every control has a name."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from recorder_gui.bridge import ProfileBridge, SessionState
from recorder_gui.bridge.stop_export import rows_as_csv, rows_as_json, summary_as_text
from recorder_gui.bridge.views import StopSummary, session_stop_summary, stop_summary
from recorder_gui.recording import EventKind, FileDetail, SessionEvent, StopOutcome
from recorder_gui.store import CredentialStore, MemoryBackend, ProfileStore
from recorder_gui.ui.dialogs.profile_dialog import ProfileDialog
from recorder_gui.ui.dialogs.quit_dialog import QuitDialog, results_of
from recorder_gui.ui.dialogs.stop_dialog import ConfirmStopDialog, StopResultDialog

TITLE = "demo-show · mix · bot uid 900001"
OTHER = "demo-show · individual · bot uid 900002"
LONG_CNAME = "a-very-long-channel-name-for-the-evening-news-special-2026-05-30"  # 64 chars
SID = "38f8e3cfdc474cd56fc1ceba380d7e1a"
PREFIX = "shows/y2026/"


def _long_names(count: int = 6) -> tuple[str, ...]:
    return tuple(
        f"{PREFIX}{SID}_{LONG_CNAME}__uid_s_{1000 + i}__uid_e_video_20260530201500{i:03d}.m3u8"
        for i in range(count)
    )


def _summary(names: tuple[str, ...] = _long_names(), **known: object) -> StopSummary:
    outcome = StopOutcome(
        sentence="Stopped; the service reports every file uploaded to your storage.",
        uploading_status="uploaded",
        files=names,
        file_details=tuple(FileDetail(n, "video", "1000", False, True) for n in names),
        storage_prefix=PREFIX,
    )
    fields: dict[str, object] = {
        "title": TITLE,
        "sid": SID,
        "vendor": "Amazon S3 / EU_CENTRAL_1",
        "bucket": "producer-bucket",
        "duration_seconds": 3723.4,
    }
    fields.update(known)
    return stop_summary(LONG_CNAME, outcome, slice_start_ms=None, **fields)  # type: ignore[arg-type]


D = TypeVar("D", bound=QDialog)


def _shown(qtbot: QtBot, dialog: D) -> D:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# -- 1. which recording ---------------------------------------------------------------------


def test_confirm_stop_names_the_recording_by_channel_mode_and_bot_uid(qtbot: QtBot) -> None:
    dialog = ConfirmStopDialog(TITLE)
    qtbot.addWidget(dialog)
    assert dialog.recording.text() == TITLE
    assert TITLE in dialog.stop_button.accessibleName()
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.cancel_button
    assert dialog.cancel_button.isDefault() and not dialog.stop_button.isDefault()
    with qtbot.waitSignal(dialog.confirmed):
        dialog.stop_button.click()


def test_quit_dialog_lists_each_running_recording_on_its_own_line(qtbot: QtBot) -> None:
    dialog = QuitDialog([TITLE, OTHER])
    qtbot.addWidget(dialog)
    assert dialog.lines == [TITLE, OTHER]
    assert "2 recordings are still running" in dialog.heading.text()
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.cancel_button  # Space and Enter mean "stay"
    assert dialog.cancel_button.isDefault()
    dialog.close()


# -- 2. the stop result ---------------------------------------------------------------------


def test_stop_result_keeps_full_file_names_and_stays_narrow(qtbot: QtBot) -> None:
    names = _long_names()
    dialog = _shown(qtbot, StopResultDialog(_summary(names)))
    assert [dialog.table.item(r, 0).text() for r in range(len(names))] == list(names)
    assert [dialog.table.item(r, 0).toolTip() for r in range(len(names))] == list(names)
    assert dialog.table.textElideMode() is Qt.TextElideMode.ElideMiddle
    dialog.resize(1600, 500)
    qtbot.wait(10)
    assert dialog.width() <= 1000
    dialog.close()


def test_stop_result_says_which_recording_how_many_files_and_where(qtbot: QtBot) -> None:
    dialog = StopResultDialog(_summary())
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == TITLE
    assert TITLE in dialog.windowTitle()
    assert dialog.count.text() == "6 files · 1:02:03 from start to stop"
    where = dialog.where.text()
    assert "Amazon S3 / EU_CENTRAL_1" in where
    assert "producer-bucket" in where and PREFIX in where
    assert dialog.sid.text() == SID


def test_stop_result_without_storage_details_still_counts(qtbot: QtBot) -> None:
    summary = _summary(
        _long_names(1), title="", sid="", vendor="", bucket="", duration_seconds=None
    )
    dialog = StopResultDialog(summary)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == LONG_CNAME  # no title: the channel
    assert dialog.count.text() == "1 file"
    assert dialog.where.text() == f"prefix “{PREFIX}”"
    assert "bucket" not in rows_as_csv(summary).splitlines()[0]


def test_copy_puts_the_full_names_and_the_place_on_the_clipboard(qtbot: QtBot) -> None:
    names = _long_names(3)
    dialog = _shown(qtbot, StopResultDialog(_summary(names)))
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == summary_as_text(dialog.summary)
    assert copied.splitlines()[0] == TITLE
    assert "producer-bucket" in copied and SID in copied
    assert all(name in copied.splitlines() for name in names)
    assert dialog.notice.isVisible() and "Copied 3 file names" in dialog.notice.text()
    dialog.close()


def test_export_says_where_it_saved(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _shown(qtbot, StopResultDialog(_summary()))
    assert not dialog.notice.isVisible()
    target = tmp_path / "evening news" / "files.csv"
    target.parent.mkdir()
    assert dialog.export_to(target, "csv")
    assert dialog.notice.isVisible()
    assert str(target) in dialog.notice.text()
    assert dialog.saved_path == target
    assert not dialog.export_to(tmp_path / "missing-folder" / "files.json", "json")
    assert "Could not save" in dialog.notice.text()
    dialog.close()


def test_csv_has_empty_cells_not_dashes_and_bucket_and_sid_columns(tmp_path: Path) -> None:
    outcome = StopOutcome(
        sentence="Stopped.",
        uploading_status="uploaded",
        files=("p/a.m3u8",),
        file_details=(FileDetail("p/a.m3u8"),),  # the service said nothing else
    )
    summary = stop_summary("show", outcome, slice_start_ms=None, sid=SID, bucket="producer-bucket")
    rows = list(csv.reader(io.StringIO(rows_as_csv(summary))))
    assert rows[0] == [
        "file_name",
        "track_type",
        "uid",
        "playable",
        "slice_start",
        "bucket",
        "sid",
    ]
    assert rows[1] == ["p/a.m3u8", "", "", "", "unknown", "producer-bucket", SID]
    assert all("—" not in cell for row in rows for cell in row)
    data = json.loads(rows_as_json(summary))
    assert (data["sid"], data["bucket"]) == (SID, "producer-bucket")
    assert data["files"][0]["track_type"] == ""


def test_the_table_still_shows_a_dash_where_the_service_said_nothing(qtbot: QtBot) -> None:
    outcome = StopOutcome(sentence="Stopped.", uploading_status="uploaded", files=("p/a.m3u8",))
    dialog = StopResultDialog(stop_summary("show", outcome, slice_start_ms=None))
    qtbot.addWidget(dialog)
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells == ["p/a.m3u8", "—", "—", "—", "unknown"]


def test_session_stop_summary_takes_what_the_session_knows() -> None:
    storage = SimpleNamespace(vendor=1, region=7, bucket="producer-bucket")
    stopped = SessionEvent(EventKind.STATE, "k", SessionState.STOPPED, at=1_000.0 + 3723)
    session = SimpleNamespace(
        cname="demo-show",
        sid=SID,
        started_at=1_000.0,
        stop_outcome=StopOutcome(sentence="Stopped.", files=("p/a.m3u8",), storage_prefix="p/"),
        start_config=SimpleNamespace(storage_config=storage),
        snapshot=SimpleNamespace(slice_start_ms=None),
        events_seen=[stopped],
    )
    summary = session_stop_summary(session, title=TITLE)  # type: ignore[arg-type]
    assert summary is not None
    assert (summary.title, summary.sid, summary.bucket) == (TITLE, SID, "producer-bucket")
    assert summary.vendor == "Amazon S3 / EU_CENTRAL_1"
    assert summary.duration_seconds == 3723
    reattached = SimpleNamespace(**(vars(session) | {"start_config": None, "events_seen": []}))
    summary = session_stop_summary(reattached)  # type: ignore[arg-type]
    assert summary is not None and (summary.bucket, summary.vendor) == ("", "")
    assert summary.duration_seconds is None
    no_stop = SimpleNamespace(**(vars(session) | {"stop_outcome": None}))
    assert session_stop_summary(no_stop) is None  # type: ignore[arg-type]


# -- 3. stop them and quit --------------------------------------------------------------------


def test_stop_them_and_quit_waits_then_says_what_stopped(qtbot: QtBot) -> None:
    dialog = _shown(qtbot, QuitDialog([TITLE, OTHER]))
    with qtbot.waitSignal(dialog.stop_all_requested):
        dialog.stop_button.click()
    assert dialog.isVisible()  # stays open while the stops run
    assert dialog.heading.text() == "Stopping 2 recordings…"
    assert not any(
        b.isEnabled() for b in (dialog.stop_button, dialog.leave_button, dialog.cancel_button)
    )
    dialog.show_results([TITLE], [(OTHER, "The service did not answer in time.")])
    assert dialog.heading.text() == "Stopped 1 of 2 recordings."
    assert dialog.lines == [
        f"Stopped: {TITLE}",
        f"Did not stop: {OTHER} — The service did not answer in time.",
    ]
    assert "may still be recording" in dialog.question.text()
    assert dialog.quit_button.isVisible() and dialog.quit_button.isDefault()
    assert not dialog.stop_button.isVisible()
    with qtbot.waitSignal(dialog.finished):
        dialog.quit_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_every_recording_stopped_reads_as_such(qtbot: QtBot) -> None:
    dialog = QuitDialog([TITLE, OTHER])
    qtbot.addWidget(dialog)
    dialog.show_results([TITLE, OTHER], [])
    assert dialog.heading.text() == "Stopped all 2 recordings."
    assert "may still be recording" not in dialog.question.text()


def test_results_of_sorts_stopped_from_still_running() -> None:
    done = SimpleNamespace(title=TITLE, state=SessionState.STOPPED, reason="")
    failed = SimpleNamespace(title=OTHER, state=SessionState.FAILED, reason="Stop failed:\n 503")
    stuck = SimpleNamespace(
        title="x · web · bot uid 3", state=SessionState.RECORDING, reason="Recording."
    )
    stopped, not_stopped = results_of([done, failed, stuck])
    assert stopped == [TITLE]
    assert not_stopped[0] == (OTHER, "Stop failed: 503")
    assert "did not stop in time" in not_stopped[1][1]


# -- 4. and 5. they fit 1024x700, every control has a name ----------------------------------------


def _profile_dialog(tmp_path: Path) -> ProfileDialog:
    creds = CredentialStore(backend=MemoryBackend())
    return ProfileDialog(ProfileBridge(creds, ProfileStore(tmp_path / "p", credentials=creds)))


def _quit_with_results() -> QuitDialog:
    titles = [f"{LONG_CNAME} · mix · bot uid {900000 + i}" for i in range(12)]
    dialog = QuitDialog(titles)
    dialog.show_results(titles[:6], [(t, "The service did not answer. " * 4) for t in titles[6:]])
    return dialog


def _every_dialog(tmp_path: Path) -> dict[str, QDialog]:
    many = [f"{LONG_CNAME} · individual · bot uid {900000 + i}" for i in range(12)]
    return {
        "confirm": ConfirmStopDialog(f"{LONG_CNAME} · individual · bot uid 4294967295"),
        "result": StopResultDialog(_summary(_long_names(8), bucket="b" * 63)),
        "result, nothing recorded": StopResultDialog(_summary(())),
        "quit": QuitDialog(many),
        "quit, results": _quit_with_results(),
        "profile": _profile_dialog(tmp_path),
    }


@pytest.mark.parametrize(
    "which",
    ["confirm", "result", "result, nothing recorded", "quit", "quit, results", "profile"],
)
def test_dialogs_fit_a_1024x700_screen(qtbot: QtBot, tmp_path: Path, which: str) -> None:
    dialog = _every_dialog(tmp_path)[which]
    qtbot.addWidget(dialog)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1000 and hint.height() <= 660, (which, hint)
    _shown(qtbot, dialog)
    assert dialog.width() <= 1000 and dialog.height() <= 660, (which, dialog.size())
    dialog.resize(1600, 600)  # a window manager, or a restored size, asking for more
    qtbot.wait(10)
    assert dialog.width() <= 1000, (which, dialog.size())
    dialog.close()


_INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def _named_by_its_spin_box(widget: QWidget) -> bool:
    """A spin box's own line edit: the spin box carries the name."""
    parent = widget.parent()
    return isinstance(parent, QAbstractSpinBox) and bool(parent.accessibleName())


def _nameless(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
        for w in root.findChildren(QWidget)
        if isinstance(w, _INTERACTIVE) and not w.accessibleName() and not _named_by_its_spin_box(w)
    ]


def test_every_control_in_every_dialog_has_an_accessible_name(qtbot: QtBot, tmp_path: Path) -> None:
    for which, dialog in _every_dialog(tmp_path).items():
        qtbot.addWidget(dialog)
        assert not _nameless(dialog), (which, _nameless(dialog))
