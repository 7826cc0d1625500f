"""``AlertsAreaWidget``: alerts above the panes, with a sound and a system notification.

One row per recording (a newer alert of the same recording replaces the older), newest on
top, at most :data:`MAX_ROWS` (older ones are dropped: the recordings' cards keep the state).
A sound plays unless muted; where the desktop has a notification area, a system notification
is posted too, so a producer watching the show, not the panel, hears and sees it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge.alerts import Alert
from recorder_gui.ui.style import app_icon, repolish

MAX_ROWS = 3


class AlertRowWidget(QFrame):
    dismissed = Signal(str)  # the recording's key

    def __init__(self, alert: Alert, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.alert = alert
        self.setProperty("level", alert.level)
        self.text = QLabel()
        self.text.setWordWrap(True)
        step = f" {html.escape(alert.next_step)}" if alert.next_step else ""
        self.text.setText(f"<b>{html.escape(alert.title)}</b>: {html.escape(alert.what)}{step}")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setAccessibleName(f"Dismiss the alert about {alert.title}")
        self.dismiss.clicked.connect(lambda: self.dismissed.emit(alert.key))
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.dismiss)
        self.setAccessibleName(f"Alert: {alert.sentence} {alert.next_step}".strip())
        repolish(self)


class AlertsAreaWidget(QWidget):
    def __init__(
        self, *, beep: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.muted = False
        self._beep = beep or QApplication.beep
        self._rows: dict[str, AlertRowWidget] = {}
        self._tray: QSystemTrayIcon | None = None
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(12, 6, 12, 0)
        self._column.setSpacing(4)
        self.sounds = 0  #: sounds played (what a test can count)
        self.hide()

    @property
    def rows(self) -> list[AlertRowWidget]:
        """Shown rows, newest first."""
        items = (self._column.itemAt(i) for i in range(self._column.count()))
        found = [item.widget() for item in items if item is not None]
        return [w for w in found if isinstance(w, AlertRowWidget)]

    def show_alert(self, alert: Alert) -> None:
        self._drop(alert.key)
        row = AlertRowWidget(alert)
        row.dismissed.connect(self._drop)
        self._rows[alert.key] = row
        self._column.insertWidget(0, row)
        for old in self.rows[MAX_ROWS:]:
            self._drop(old.alert.key)
        self.show()
        if not self.muted:
            self.sounds += 1
            self._beep()
        self._notify(alert)

    def _drop(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is not None:
            self._column.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self._rows))

    def _notify(self, alert: Alert) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return  # no notification area (or offscreen): the banner and the sound remain
        if self._tray is None:
            self._tray = QSystemTrayIcon(app_icon(), self)
            self._tray.setToolTip("recorder-gui")
            self._tray.show()
        icon = (
            QSystemTrayIcon.MessageIcon.Critical
            if alert.level == "error"
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self._tray.showMessage(alert.title, f"{alert.what} {alert.next_step}".strip(), icon)
