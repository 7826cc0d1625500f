"""``OneSidedConfirmWidget``: asks before a start that would record only audio or only video.

A uid list for only one media type means the service subscribes none of the other
(docs/api-notes.md, "start"): "Audio from 1, 2" with "Video from" empty records no video
at all. The start form shows this inline frame instead of sending such a start; the producer
chooses to record the other type from everyone, to record none of it, or to go back.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class OneSidedConfirmWidget(QFrame):
    everyone_chosen = Signal()  #: record the other media type from everyone
    none_chosen = Signal()  #: record none of it (send the one-sided list as it is)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningList")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.everyone = QPushButton("Record it from everyone")
        self.everyone.setAccessibleName("Record the other media from everyone and start")
        self.none = QPushButton("Start without it")
        self.none.setAccessibleName("Start without recording the other media")
        self.cancel = QPushButton("Back to the form")
        self.cancel.setAccessibleName("Back to the start form without starting")
        self.everyone.clicked.connect(self.everyone_chosen)
        self.none.clicked.connect(self.none_chosen)
        self.cancel.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.everyone)
        buttons.addWidget(self.none)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()

    def ask(self, missing: str) -> None:
        """Show the question for ``missing`` ("audio" or "video") and focus the safe choice."""
        other = "audio" if missing == "video" else "video"
        self.text.setText(
            f"<b>{missing.capitalize()} from nobody will be recorded.</b> Only "
            f"'{other.capitalize()} from' lists uids, and the service then subscribes no "
            f"{missing} at all. Record {missing} from everyone, or really no {missing}?"
        )
        self.everyone.setText(f"Record {missing} from everyone")
        self.everyone.setAccessibleName(f"Record {missing} from everyone and start")
        self.none.setText(f"Start without {missing}")
        self.none.setAccessibleName(f"Start without recording {missing}")
        self.setAccessibleName(f"{missing.capitalize()} from nobody will be recorded")
        self.show()
        self.everyone.setFocus()
