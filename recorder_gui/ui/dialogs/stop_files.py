"""The stop dialog's file check: what the panel found in the bucket, per file and in one line,
with Check again, Open and Copy link (a presigned link) and the manifest's buttons.

``FilesActions`` owns those widgets and fills the table's check columns; the dialog places
them. Without a ``FilesBridge`` everything here stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from recorder_gui.bridge import StopSummary
from recorder_gui.bridge.files_bridge import LINK_EXPIRES, CheckState, FilesBridge, row_cells
from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.style import repolish

__all__ = ["CHECK_COLUMNS", "CHECK_WIDTH", "COLUMNS", "FilesActions"]

COLUMNS = ("File name", "Track", "Uid", "Playable", "Slice start (local)")
#: What the panel found in the bucket (filled when the check has answered).
CHECK_COLUMNS = ("In bucket", "Size", "Length", "Check")
#: The check column's width: its text is elided, the full sentence is the tooltip.
CHECK_WIDTH = 190
_MINUTES = LINK_EXPIRES // 60


def _button(text: str, name: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    if tip:
        button.setToolTip(tip)
    return button


class FilesActions(QObject):
    """The check line, the manifest line and the file buttons of one stop dialog."""

    def __init__(
        self,
        dialog: QWidget,
        table: QTableWidget,
        summary: StopSummary,
        files: FilesBridge | None,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._table = table
        self._summary = summary
        self._files = files
        self._say = say
        self._link_action: dict[str, str] = {}  #: file name -> "open" | "copy"
        self.opened_url: QUrl | None = None
        self.check_line = QLabel()
        self.check_line.setObjectName("filesCheck")
        self.check_line.setTextFormat(Qt.TextFormat.PlainText)
        self.check_line.setWordWrap(True)
        self.check_line.setAccessibleName("What the panel found in the bucket")
        self.manifest_line = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.manifest_line.setObjectName("manifestSaved")
        self.manifest_line.setAccessibleName("Where the manifest was saved")
        self.manifest_line.hide()
        self.check_button = _button("Check a&gain", "Check again that the files are in the bucket")
        self.open_button = _button(
            "&Open",
            "Open the selected file in the system's player",
            f"Opens a link to the selected file that works for {_MINUTES} minutes",
        )
        self.link_button = _button(
            "Copy &link",
            "Copy a link to the selected file",
            f"Copies a link to the selected file that works for {_MINUTES} minutes",
        )
        self.manifest_button = _button(
            "&Manifest…",
            "Save the recording's manifest (JSON) elsewhere",
            "Everything known of this recording in one JSON file: sid, start settings (no "
            "secrets), layout changes, callbacks, files, what the check found, the cost",
        )
        self.upload_manifest_button = _button(
            "&Upload manifest", "Upload the manifest next to the files"
        )
        self.buttons = QDialogButtonBox()
        for button in (
            self.check_button,
            self.open_button,
            self.link_button,
            self.manifest_button,
            self.upload_manifest_button,
        ):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.check_line.setVisible(files is not None)
        self.buttons.setVisible(files is not None)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.open_button.clicked.connect(lambda: self._request_link("open"))
        self.link_button.clicked.connect(lambda: self._request_link("copy"))
        self.manifest_button.clicked.connect(self._on_manifest_button_clicked)
        self.upload_manifest_button.clicked.connect(self._on_upload_manifest_button_clicked)
        table.itemSelectionChanged.connect(self._update_file_buttons)

    def start(self) -> None:
        """Listen to the check (after the dialog has laid out its widgets)."""
        files = self._files
        if files is not None:
            files.changed.connect(self._on_files_changed)
            files.link_ready.connect(self._on_files_link_ready)
            files.link_failed.connect(self._on_files_link_failed)
            files.notice.connect(self._say)
            self._on_files_changed()
        self._update_file_buttons()

    def detach(self) -> None:
        files, self._files = self._files, None
        if files is not None:
            files.changed.disconnect(self._on_files_changed)
            files.link_ready.disconnect(self._on_files_link_ready)
            files.link_failed.disconnect(self._on_files_link_failed)
            files.notice.disconnect(self._say)

    # -- the check ------------------------------------------------------------------------
    def _on_files_changed(self) -> None:
        files = self._files
        if files is None:
            return
        self.check_line.setText(files.summary)
        self.check_line.setProperty("verdict", verdict(files))
        repolish(self.check_line)
        self.check_button.setEnabled(files.state is not CheckState.CHECKING)
        saved = files.manifest_problem or (
            f"Manifest saved in {files.manifest_path}" if files.manifest_path else ""
        )
        self.manifest_line.setText(saved)
        self.manifest_line.setVisible(bool(saved))
        first = len(COLUMNS)
        waiting = "…" if files.state is CheckState.CHECKING else ""
        for r, row in enumerate(self._summary.rows):
            for c, value in enumerate(row_cells(files.row(row.name))):
                item = QTableWidgetItem(value or waiting)
                item.setToolTip(value)
                self._table.setItem(r, first + c, item)
        self._update_file_buttons()

    def _on_check_button_clicked(self) -> None:
        if self._files is not None:
            self._files.check()

    # -- the manifest ---------------------------------------------------------------------
    def _on_manifest_button_clicked(self) -> None:
        dialog = QFileDialog(self._dialog, "Save the recording's manifest")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(f"{self._summary.cname}-manifest.json")
        dialog.fileSelected.connect(lambda path: self.export_manifest_to(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_manifest_to(self, path: Path) -> None:
        if self._files is not None:
            self._say(self._files.export_manifest(path))

    def _on_upload_manifest_button_clicked(self) -> None:
        if self._files is not None:
            self._say("Uploading the manifest next to the files…")
            self._files.upload_manifest()

    # -- links ----------------------------------------------------------------------------
    def selected_name(self) -> str | None:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._summary.rows[rows[0].row()].name

    def _update_file_buttons(self) -> None:
        name = self.selected_name()
        files = self._files
        row = files.row(name) if files is not None and name is not None else None
        usable = row is not None and row.present
        for button in (self.open_button, self.link_button):
            button.setEnabled(usable)
        if name is None:
            why = "Select a file first."
        elif row is None:
            why = "Wait for the check: the panel has not found this file yet."
        elif not row.present:
            why = "This file is not in the bucket."
        else:
            why = f"A link that works for {_MINUTES} minutes."
        self.open_button.setStatusTip(why)
        self.link_button.setStatusTip(why)

    def _request_link(self, action: str) -> None:
        name = self.selected_name()
        if self._files is None or name is None:
            return
        self._link_action[name] = action
        self._say(f"Making a link to {name}…")
        self._files.request_link(name)

    def _on_files_link_ready(self, name: str, url: str) -> None:
        action = self._link_action.pop(name, "copy")
        if action == "open":
            self.opened_url = QUrl(url)
            if QDesktopServices.openUrl(self.opened_url):
                self._say(f"Opened {name} (the link works for {_MINUTES} minutes).")
                return
            QApplication.clipboard().setText(url)
            self._say(f"No application could open {name}; its link is copied instead.")
            return
        QApplication.clipboard().setText(url)
        self._say(f"Copied a link to {name}; it works for {_MINUTES} minutes.")

    def _on_files_link_failed(self, name: str, sentence: str) -> None:
        self._link_action.pop(name, None)
        self._say(f"No link to {name}: {sentence}")


def verdict(files: FilesBridge) -> str:
    """The check line's look: ``ok``, ``problem`` or ``pending`` (the stylesheet colours it)."""
    if files.state is CheckState.CHECKING or files.state is CheckState.IDLE:
        return "pending"
    return "ok" if files.ok else "problem"
