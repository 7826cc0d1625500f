"""What stopping found: the files list, and what the panel found of them in the bucket.

It names the recording the way everything else does (``SessionBridge.title``:
"demo-show · mix · bot uid 900001") and never grows wider than a 1024-pixel screen: long file
names are elided in the middle (the full name is the tooltip, Copy and Export keep it). With a
``FilesBridge`` it shows, per file, whether it is in the bucket, its size, length and whether
it plays, with Open and Copy link (a presigned link). The confirm step lives in
``confirm_stop.py`` and is re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import Badge, SessionBridge, StopSummary
from recorder_gui.bridge.files_bridge import FilesBridge
from recorder_gui.bridge.stop_export import rows_as_csv, rows_as_json, summary_as_text
from recorder_gui.ui.dialogs.confirm_stop import MAX_WIDTH, ConfirmStopDialog, plain_label
from recorder_gui.ui.dialogs.stop_files import CHECK_COLUMNS, CHECK_WIDTH, COLUMNS, FilesActions
from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.widgets.state_badge import StateBadgeWidget

__all__ = [
    "COLUMNS",
    "MAX_WIDTH",
    "ConfirmStopDialog",
    "StopResultDialog",
    "rows_as_csv",
    "rows_as_json",
]

UPLOAD_TITLES = {
    "uploaded": "uploaded",
    "backuped": "backed up (Agora backup)",
    "unknown": "unknown",
    "": "nothing to upload",
}
#: What a table cell shows where the service said nothing (exports leave the cell empty).
UNKNOWN_CELL = "—"


class StopResultDialog(QDialog):
    """What stopping found: which recording, upload status in words, how many files and where
    they are, the full names; Copy puts all that on the clipboard, Export saves CSV or JSON
    and then says where."""

    def __init__(
        self,
        summary: StopSummary,
        parent: QWidget | None = None,
        *,
        bridge: SessionBridge | None = None,
        files: FilesBridge | None = None,
        cost: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.summary = summary
        self._bridge = bridge
        self._files = files
        self.saved_path: Path | None = None
        self.setWindowTitle(f"Stopped: {summary.name}")
        self.setMaximumWidth(MAX_WIDTH)
        self.resize(860, 480)
        badge = StateBadgeWidget()
        badge.set_badge(Badge.STOPPED)
        self.heading = plain_label(summary.name, bold=True)
        self.heading.setAccessibleName("Recording")
        head = plain_label(summary.sentence)
        self.upload = QLabel(
            f"Upload status: <b>{UPLOAD_TITLES.get(summary.uploading, summary.uploading)}</b>"
            f" — {summary.uploading_meaning}"
        )
        self.upload.setWordWrap(True)
        self.upload.setAccessibleName("Upload status")
        # What the callbacks say of the upload, as they come (the service's own confirmation).
        self.confirmed = QLabel()
        self.confirmed.setObjectName("uploadConfirmation")
        self.confirmed.setWordWrap(True)
        self.confirmed.setAccessibleName("Upload confirmation from the callbacks")
        self.confirmed.hide()
        if bridge is not None:
            bridge.timeline_changed.connect(self._on_bridge_timeline_changed)
            self._on_bridge_timeline_changed()
        self.count = plain_label(summary.count_text)
        self.count.setAccessibleName("Files")
        self.where = ElidedLabel(summary.where_text, mode=Qt.TextElideMode.ElideMiddle)
        self.where.setAccessibleName("Stored in")
        self.sid = ElidedLabel(summary.sid, mode=Qt.TextElideMode.ElideMiddle)
        self.sid.setAccessibleName("Recording ID (sid)")
        facts = QFormLayout()
        facts.addRow("Files:", self.count)
        if summary.where_text:
            facts.addRow("Stored in:", self.where)
        if summary.sid:
            facts.addRow("Recording ID:", self.sid)
        self.table = self._table(summary)
        self.notice = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.notice.setObjectName("stopNotice")
        self.notice.setAccessibleName("What was saved or copied")
        self.notice.hide()
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setAccessibleName("Copy the file names and where they are")
        self.csv_button = QPushButton("Export C&SV…")
        self.csv_button.setAccessibleName("Export the file list as CSV")
        self.json_button = QPushButton("Export &JSON…")
        self.json_button.setAccessibleName("Export the file list as JSON")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close the stop results")
        # What the panel itself found in the bucket (issue 12), and Open / Copy link / manifest.
        self.files_ui = FilesActions(self, self.table, summary, files, self._say)
        ui = self.files_ui
        self.check_line, self.manifest_line, self.file_buttons = (
            ui.check_line,
            ui.manifest_line,
            ui.buttons,
        )
        self.check_button, self.open_button, self.link_button = (
            ui.check_button,
            ui.open_button,
            ui.link_button,
        )
        self.manifest_button, self.upload_manifest_button = (
            ui.manifest_button,
            ui.upload_manifest_button,
        )
        self.cost = plain_label(cost or "")
        self.cost.setObjectName("stopCost")
        self.cost.setAccessibleName("Estimated cost of this recording")
        self.cost.setVisible(bool(cost))
        for button in (self.copy_button, self.csv_button, self.json_button):
            button.setEnabled(bool(summary.rows))
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.json_button.clicked.connect(lambda: self._export("json"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(badge)
        layout.addWidget(self.heading)
        layout.addWidget(head)
        layout.addWidget(self.upload)
        layout.addWidget(self.confirmed)
        layout.addLayout(facts)
        layout.addWidget(self.cost)
        layout.addWidget(self.check_line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.manifest_line)
        layout.addWidget(self.file_buttons)
        layout.addWidget(self.buttons)
        self.files_ui.start()

    def _on_bridge_timeline_changed(self) -> None:
        b = self._bridge
        if b is None or not b.has_relay:
            return
        view = b.timeline
        if view.upload_sentence:
            sentence = view.upload_sentence
        elif view.progress is not None:
            sentence = f"Uploading: {view.progress:.0%} done, says the service (callbacks)…"
        else:
            sentence = "Waiting for the service to confirm the upload (callbacks)…"
        self.confirmed.setText(sentence)
        self.confirmed.show()

    def done(self, result: int) -> None:
        if self._bridge is not None:
            self._bridge.timeline_changed.disconnect(self._on_bridge_timeline_changed)
            self._bridge = None
        self.files_ui.detach()
        self._files = None
        super().done(result)

    @property
    def opened_url(self) -> QUrl | None:
        return self.files_ui.opened_url

    def selected_name(self) -> str | None:
        return self.files_ui.selected_name()

    def export_manifest_to(self, path: Path) -> None:
        self.files_ui.export_manifest_to(path)

    def _table(self, summary: StopSummary) -> QTableWidget:
        checked = self._files is not None
        columns = COLUMNS + CHECK_COLUMNS if checked else COLUMNS
        table = QTableWidget(len(summary.rows), len(columns))
        table.setHorizontalHeaderLabels(list(columns))
        table.setAccessibleName("Uploaded files" if not summary.predicted else "Expected files")
        table.horizontalHeader().setAccessibleName("File list columns")
        table.verticalHeader().setAccessibleName("File list rows")
        for corner in table.findChildren(QAbstractButton):
            corner.setAccessibleName("Select every file")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(columns)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        if checked:
            last = len(columns) - 1
            header.setSectionResizeMode(last, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(last, CHECK_WIDTH)
        for r, row in enumerate(summary.rows):
            for c, value in enumerate(row.as_dict().values()):
                item = QTableWidgetItem(value or UNKNOWN_CELL)
                if c == 0:
                    item.setToolTip(value)
                table.setItem(r, c, item)
        table.setVisible(bool(summary.rows))
        return table

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(summary_as_text(self.summary))
        n = len(self.summary.rows)
        self._say(f"Copied {n} file name{'s' if n != 1 else ''} and where they are.")

    def _export(self, kind: str) -> None:
        dialog = QFileDialog(self, f"Export the file list as {kind.upper()}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(f"{self.summary.cname}-files.{kind}")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path), kind))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, path: Path, kind: str) -> bool:
        """Save the list; the dialog then says where (or why it could not)."""
        report = self._files.report if self._files is not None else None
        export = rows_as_json if kind == "json" else rows_as_csv
        text = export(self.summary, report)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self._say(f"Could not save the list to {path}: {exc.strerror or exc}.")
            return False
        self.saved_path = path
        self._say(f"Saved the file list ({kind.upper()}) to {path}")
        return True
