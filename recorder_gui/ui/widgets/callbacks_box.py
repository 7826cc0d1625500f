"""``CallbacksBox``: the selected recording's callbacks as a timeline, the upload's progress,
and how they are read (a relay, or none); rendered from its bridge."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import SessionBridge
from recorder_gui.ui.follow import Follower
from recorder_gui.ui.style import repolish
from recorder_gui.ui.theme import current_theme


def _followed(b: SessionBridge) -> tuple[SignalInstance, ...]:
    return (b.timeline_changed, b.state_changed)


class CallbacksBox(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.relay = QLabel()
        self.relay.setObjectName("relayLine")
        self.relay.setWordWrap(True)
        self.relay.setAccessibleName("How callbacks are read")
        self.disagreement = QLabel()
        self.disagreement.setObjectName("limitText")
        self.disagreement.setWordWrap(True)
        self.disagreement.setAccessibleName("Callbacks and status checks disagree")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFormat("%p% of what is recorded is uploaded")
        self.progress.setAccessibleName("Upload progress")
        self.upload = QLabel()
        self.upload.setWordWrap(True)
        self.upload.setAccessibleName("Where the files are")
        self.lines = QListWidget()
        self.lines.setObjectName("timeline")
        self.lines.setAccessibleName("Callback timeline")
        self.lines.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.relay, self.disagreement, self.progress, self.upload):
            layout.addWidget(widget)
        layout.addWidget(self.lines, 1)
        self._follow = Follower(self, _followed, self._render)

    def set_session(self, bridge: SessionBridge | None) -> None:
        self._follow.set(bridge)

    def _render(self) -> None:
        b = self._follow.bridge
        if b is None:
            self.relay.setText("No recording selected.")
            for widget in (self.disagreement, self.progress, self.upload):
                widget.hide()
            self.lines.clear()
            return
        view = b.timeline
        self.relay.setText(view.relay)
        if self.relay.property("ok") != view.relay_ok:
            self.relay.setProperty("ok", view.relay_ok)
            repolish(self.relay)
        self.disagreement.setVisible(view.disagreement is not None)
        self.disagreement.setText(view.disagreement or "")
        self.progress.setVisible(view.progress is not None)
        self.progress.setValue(round((view.progress or 0) * 100))
        self.upload.setVisible(bool(view.upload_sentence))
        self.upload.setText(view.upload_sentence)
        texts = [str(line) for line in view.lines]
        shown = [self.lines.item(i).text() for i in range(self.lines.count())]
        if texts == shown:
            return
        at_end = self.lines.verticalScrollBar().value() >= self.lines.verticalScrollBar().maximum()
        self.lines.clear()
        for line, text in zip(view.lines, texts, strict=True):
            item = QListWidgetItem(text)
            item.setToolTip(text)
            if line.alert:
                item.setForeground(QBrush(QColor(current_theme().danger)))
                font = QFont(self.lines.font())
                font.setBold(True)
                item.setFont(font)
            self.lines.addItem(item)
        if at_end:
            self.lines.scrollToBottom()
