"""``QuitDialog``: recordings are running; stop them, leave them running, or stay."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


class QuitDialog(QDialog):
    stop_all_requested = Signal()
    leave_running_requested = Signal()

    def __init__(self, channels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recordings are running")
        count = len(channels)
        text = QLabel(
            f"<b>{count} recording{'s are' if count != 1 else ' is'} still running</b> "
            f"({', '.join(channels)}).<br><br>Stop them before quitting, or leave them running? "
            "Left running, they go on in the cloud and appear again here the next time you open "
            "recorder-gui (they stay in the journal either way)."
        )
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.stop_button = QPushButton("Stop them and quit")
        self.leave_button = QPushButton("Leave them running and quit")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.setDefault(True)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.leave_button.clicked.connect(self._on_leave_button_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _on_stop_button_clicked(self) -> None:
        self.stop_all_requested.emit()
        self.accept()

    def _on_leave_button_clicked(self) -> None:
        self.leave_running_requested.emit()
        self.accept()
