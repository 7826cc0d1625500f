"""``DurationEdit``: hours and minutes, for a recording's planned length."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QWidget

#: A web recording runs at most 720 hours (maxRecordingHour); pre-flight says what else limits.
MAX_HOURS = 720


class DurationEditWidget(QWidget):
    """Two spin boxes (h, min); :meth:`seconds` is never below one minute."""

    changed = Signal()

    def __init__(
        self, minutes: int = 240, name: str = "Planned length", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.hours = QSpinBox()
        self.hours.setRange(0, MAX_HOURS)
        self.hours.setSuffix(" h")
        self.hours.setAccessibleName(f"{name}, hours")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 59)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName(f"{name}, minutes")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hours)
        row.addWidget(self.minutes)
        row.addStretch(1)
        self.setFocusProxy(self.hours)
        self.set_minutes(minutes)
        self.hours.valueChanged.connect(self.changed)
        self.minutes.valueChanged.connect(self.changed)

    def set_minutes(self, minutes: int) -> None:
        minutes = max(1, min(minutes, MAX_HOURS * 60))
        self.hours.setValue(minutes // 60)
        self.minutes.setValue(minutes % 60)

    def total_minutes(self) -> int:
        return max(1, self.hours.value() * 60 + self.minutes.value())

    def seconds(self) -> int:
        return self.total_minutes() * 60
