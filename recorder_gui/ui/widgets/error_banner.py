"""``ErrorBannerWidget``: what went wrong in plain words, what to do next, the ID to quote."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import ErrorView
from recorder_gui.ui.style import repolish


class ErrorBannerWidget(QFrame):
    dismiss_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self._error: ErrorView | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 700;")
        self.meaning = QLabel()
        self.next_step = QLabel()
        self.request_id = QLabel()
        for label in (self.title, self.meaning, self.next_step, self.request_id):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleName("Copy the error details")
        self.copy_button.clicked.connect(self._copy)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss the error")
        self.dismiss_button.clicked.connect(self.dismiss_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        for widget in (self.title, self.meaning, self.next_step, self.request_id):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.set_error(None)

    @property
    def error(self) -> ErrorView | None:
        return self._error

    def set_error(self, error: ErrorView | None) -> None:
        self._error = error
        self.setVisible(error is not None)
        if error is None:
            return
        self.setProperty("level", error.level)
        self.title.setText("Problem" if error.level == "error" else "Attention")
        self.meaning.setText(error.meaning)
        self.next_step.setText(f"Next step: {error.next_step}" if error.next_step else "")
        self.next_step.setVisible(bool(error.next_step))
        rid = f"Request ID to quote: {error.request_id}" if error.request_id else ""
        self.request_id.setText(rid)
        self.request_id.setVisible(bool(rid))
        self.setAccessibleName(f"{self.title.text()}: {error.meaning}")
        repolish(self)

    def _copy(self) -> None:
        if self._error is not None:
            text = self._error.text + (f"\n({self._error.details})" if self._error.details else "")
            QApplication.clipboard().setText(text)
