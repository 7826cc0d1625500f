"""``FilesCheckRow``: "are the files so far really in the bucket?" for the selected recording.

A line with the last check's verdict and a button to check now; it reads a ``FilesBridge``
and keeps no copy. It sits above the status panel's "Files so far" list.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from recorder_gui.bridge.files_bridge import CheckState, FilesBridge
from recorder_gui.ui.style import repolish


class FilesCheckRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._files: FilesBridge | None = None
        self.line = QLabel()
        self.line.setObjectName("filesCheck")
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.line.setWordWrap(True)
        self.line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.line.setAccessibleName("What the panel found of these files in the bucket")
        self.button = QPushButton("Check in bucket")
        self.button.setAccessibleName("Check that the files so far are in the bucket")
        self.button.setToolTip(
            "Looks into the bucket: is each listed file there, and does each playlist play?"
        )
        self.button.clicked.connect(self._on_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.set_files(None)

    def set_files(self, files: FilesBridge | None) -> None:
        if self._files is files:
            return
        if self._files is not None:
            self._files.changed.disconnect(self._render)
        self._files = files
        if files is not None:
            files.changed.connect(self._render)
        self._render()

    def _render(self) -> None:
        files = self._files
        self.button.setEnabled(files is not None and files.state is not CheckState.CHECKING)
        if files is None:
            self.line.setText("")
            self.line.setProperty("verdict", "pending")
        else:
            when = ""
            if files.checked_at is not None and files.state is CheckState.DONE:
                when = f" (at {time.strftime('%H:%M:%S', time.localtime(files.checked_at))})"
            self.line.setText(files.summary + when)
            if files.state in (CheckState.IDLE, CheckState.CHECKING):
                verdict = "pending"
            else:
                verdict = "ok" if files.ok else "problem"
            self.line.setProperty("verdict", verdict)
        repolish(self.line)

    def _on_button_clicked(self) -> None:
        if self._files is not None:
            self._files.check()
