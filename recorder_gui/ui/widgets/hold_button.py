"""``HoldToStopButton``: stop only after the button is held down (mouse or Space) for a while."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QPushButton, QWidget

from recorder_gui.ui.theme import current_theme

HOLD_MS = 1200


class HoldToStopButton(QPushButton):
    """Emits ``confirmed`` once held for ``hold_ms``; a short click only explains."""

    confirmed = Signal()
    hint_requested = Signal(str)

    def __init__(
        self, text: str = "Hold to stop", *, hold_ms: int = HOLD_MS, parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self.setObjectName("holdToStop")
        self.setAccessibleName("Stop recording: hold down for about one second")
        self.setToolTip("Press and hold (mouse or Space) until the bar fills to stop.")
        self.hold_ms = hold_ms
        self._clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(30)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self.pressed.connect(self._on_pressed)
        self.released.connect(self._on_released)
        self._progress = 0.0

    @property
    def progress(self) -> float:
        return self._progress

    def _on_pressed(self) -> None:
        self._clock.start()
        self._progress = 0.0
        self._ticker.start()

    def _on_released(self) -> None:
        done = self._progress >= 1.0
        self._ticker.stop()
        self._progress = 0.0
        self.update()
        if not done:
            self.hint_requested.emit("Keep holding the Stop button until the bar is full.")

    def _on_ticker_timeout(self) -> None:
        self._progress = min(1.0, self._clock.elapsed() / self.hold_ms)
        self.update()
        if self._progress >= 1.0:
            self._ticker.stop()
            self.confirmed.emit()

    def hideEvent(self, event: object) -> None:
        self._ticker.stop()
        self._progress = 0.0
        super().hideEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._progress <= 0:
            return
        painter = QPainter(self)
        rect = self.rect().adjusted(2, self.height() - 6, -2, -2)
        rect.setWidth(int(rect.width() * self._progress))
        painter.fillRect(rect, QColor(current_theme().danger))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.end()
