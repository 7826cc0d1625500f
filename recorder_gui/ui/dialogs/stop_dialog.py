"""Stopping: a confirm step whose default is Cancel, and the result with the files list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import StopSummary
from recorder_gui.ui.widgets.state_badge import StateBadgeWidget

COLUMNS = ("File name", "Track", "Uid", "Playable", "Slice start (local)")
UPLOAD_TITLES = {
    "uploaded": "uploaded",
    "backuped": "backed up (Agora backup)",
    "unknown": "unknown",
    "": "nothing to upload",
}


class ConfirmStopDialog(QDialog):
    """The keyboard path to stop: a second, deliberate step. Cancel is the default button."""

    confirmed = Signal()

    def __init__(self, cname: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stop the recording?")
        text = QLabel(
            f"<b>Stop recording channel “{cname}”?</b><br>The recording ends now and its files "
            "are finalised. This cannot be undone."
        )
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.stop_button = QPushButton(f"Stop “{cname}”")
        self.stop_button.setAccessibleName(f"Confirm: stop recording {cname}")
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.buttons)

    def _on_stop_button_clicked(self) -> None:
        self.confirmed.emit()
        self.accept()


def rows_as_csv(summary: StopSummary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file_name", "track_type", "uid", "playable", "slice_start"])
    for row in summary.rows:
        writer.writerow(list(row.as_dict().values()))
    return out.getvalue()


def rows_as_json(summary: StopSummary) -> str:
    return json.dumps(
        {
            "channel": summary.cname,
            "uploading_status": summary.uploading or None,
            "storage_prefix": summary.storage_prefix,
            "predicted": summary.predicted,
            "files": [row.as_dict() for row in summary.rows],
        },
        indent=2,
    )


class StopResultDialog(QDialog):
    """What stopping found: upload status in words, the files, copy and export."""

    def __init__(self, summary: StopSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle(f"Stopped: {summary.cname}")
        self.resize(820, 440)
        badge = StateBadgeWidget()
        from recorder_gui.bridge import Badge

        badge.set_badge(Badge.STOPPED)
        head = QLabel(f"<b>{summary.sentence}</b>")
        head.setWordWrap(True)
        self.upload = QLabel(
            f"Upload status: <b>{UPLOAD_TITLES.get(summary.uploading, summary.uploading)}</b>"
            f" — {summary.uploading_meaning}"
        )
        self.upload.setWordWrap(True)
        self.upload.setAccessibleName("Upload status")
        self.table = QTableWidget(len(summary.rows), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Uploaded files")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(summary.rows):
            for c, value in enumerate(row.as_dict().values()):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.setVisible(bool(summary.rows))
        self.copy_button = QPushButton("&Copy list")
        self.copy_button.setAccessibleName("Copy the file list to the clipboard")
        self.csv_button = QPushButton("Export C&SV…")
        self.json_button = QPushButton("Export &JSON…")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.copy_button, self.csv_button, self.json_button):
            button.setEnabled(bool(summary.rows))
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.json_button.clicked.connect(lambda: self._export("json"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(badge)
        layout.addWidget(head)
        layout.addWidget(self.upload)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(rows_as_csv(self.summary).replace(",", "\t"))

    def _export(self, kind: str) -> None:
        dialog = QFileDialog(self, f"Export the file list as {kind.upper()}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(f"{self.summary.cname}-files.{kind}")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path), kind))
        dialog.open()

    def export_to(self, path: Path, kind: str) -> None:
        text = rows_as_json(self.summary) if kind == "json" else rows_as_csv(self.summary)
        path.write_text(text, encoding="utf-8")
