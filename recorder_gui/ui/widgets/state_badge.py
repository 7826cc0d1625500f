"""``StateBadgeWidget``: a recording's state in large text on its colour (never colour alone)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from recorder_gui.bridge import Badge
from recorder_gui.ui.style import repolish


class StateBadgeWidget(QLabel):
    def __init__(
        self, badge: Badge | None = None, *, size: int = 14, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("stateBadge")
        font = self.font()
        font.setPointSize(size)
        font.setBold(True)
        self.setFont(font)
        self.setMinimumWidth(int(size * 10.5))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_badge(badge or Badge.STARTING)

    def set_badge(self, badge: Badge) -> None:
        if self.text() == badge.value and self.property("tone") == badge.tone:
            return
        self.setText(badge.value)
        self.setProperty("tone", badge.tone)
        self.setAccessibleName(f"State: {badge.value}")
        repolish(self)
