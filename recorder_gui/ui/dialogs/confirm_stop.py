"""The keyboard path to stop: a second, deliberate step whose default is Cancel.

It names the recording the way everything else does (``SessionBridge.title``:
"demo-show · mix · bot uid 900001").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["MAX_WIDTH", "ConfirmStopDialog", "plain_label"]

#: No stop dialog is wider than this: it fits a 1024-pixel-wide screen.
MAX_WIDTH = 1000


def plain_label(text: str, *, bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ConfirmStopDialog(QDialog):
    """The keyboard path to stop: a second, deliberate step. Cancel is the default button.

    ``recording`` is the recording's name, ``SessionBridge.title`` (a bare channel name
    still works, but then the dialog cannot tell two recordings of one channel apart).
    """

    confirmed = Signal()

    def __init__(self, recording: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stop the recording?")
        question = plain_label("Stop this recording?", bold=True)
        self.recording = plain_label(recording, bold=True)
        self.recording.setObjectName("recordingName")
        self.recording.setAccessibleName("Recording to stop")
        self.recording.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body = plain_label("It ends now and its files are finalised. This cannot be undone.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Keep recording")
        self.cancel_button.setAccessibleName(f"Cancel: keep recording {recording}")
        self.stop_button = QPushButton("Stop recording")
        self.stop_button.setAccessibleName(f"Confirm: stop recording {recording}")
        self.stop_button.setToolTip(f"Stop {recording}")
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button.setDefault(True)
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.recording)
        layout.addWidget(body)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.setMaximumWidth(MAX_WIDTH)
        self.cancel_button.setFocus()  # once in this window: Enter and Space keep recording

    def _on_stop_button_clicked(self) -> None:
        self.confirmed.emit()
        self.accept()
