"""``BackupRowWidget``: the selected recording's backup in another region: what the pair is,
"Add backup recorder" (disabled, with the reason as its tooltip, when it cannot be used) and
"Stop both…" (docs/api-notes.md, "Backup recorder in another region")."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from recorder_gui.bridge import SessionBridge
from recorder_gui.ui.follow import Follower

#: The tooltip of an enabled "Add backup recorder".
ADD_TIP = (
    "Starts a second recorder of this channel, in another Agora region, with a free bot uid "
    "and its files under an extra 'backup' folder. Both recordings are billed."
)
STOP_BOTH_TIP = "Stops this recording and its backup together (asks first)."


def _followed(b: SessionBridge) -> tuple[SignalInstance, ...]:
    return (b.state_changed, b.pair_changed, b.error_changed)


class BackupRowWidget(QWidget):
    #: intent: confirm, then stop the pair of this recording (the SessionBridge)
    stop_both_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setObjectName("muted")
        self.text.setWordWrap(True)  # a long pair of titles wraps, never widens the window
        self.text.setAccessibleName("Backup recorder")
        self.add_button = QPushButton("Add backup recorder")
        self.add_button.setAccessibleName("Add a backup recorder in another region")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.stop_both_button = QPushButton("Stop both…")
        self.stop_both_button.setAccessibleName("Stop this recording and its backup")
        self.stop_both_button.setToolTip(STOP_BOTH_TIP)
        self.stop_both_button.clicked.connect(self._on_stop_both_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.stop_both_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.text)
        column.addLayout(buttons)
        self._follow = Follower(self, _followed, self._render)
        self._render()

    @property
    def bridge(self) -> SessionBridge | None:
        return self._follow.bridge

    def set_session(self, bridge: SessionBridge | None) -> None:
        self._follow.set(bridge)

    def _render(self) -> None:
        b = self._follow.bridge
        self.setVisible(b is not None)
        if b is None:
            return
        pair = b.pair
        self.text.setText(pair.text)
        self.text.setVisible(bool(pair.text))
        self.add_button.setEnabled(pair.can_add)
        self.add_button.setToolTip(ADD_TIP if pair.can_add else (pair.why_not or ""))
        self.stop_both_button.setVisible(pair.can_stop_both and b.can_stop)

    def _on_add_button_clicked(self) -> None:
        b = self._follow.bridge
        if b is not None and b.pair.can_add:
            self.add_button.setEnabled(False)  # one click, one backup
            b.backup_requested.emit()

    def _on_stop_both_button_clicked(self) -> None:
        b = self._follow.bridge
        if b is not None:
            self.stop_both_requested.emit(b)
