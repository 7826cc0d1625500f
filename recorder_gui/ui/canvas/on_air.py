"""The frame around the canvas that says whether edits go on air (program) or not (preview).

As in a vision mixer: Live on, a red frame and "LIVE — edits go on air"; Live off, a calm
frame and "Preview — not on air". The border is as thick in both states, so the canvas inside
never moves when Live is switched.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from recorder_gui.ui.elided import ElidedLabel
from recorder_gui.ui.style import repolish

LIVE_TEXT = "LIVE — edits go on air"
PREVIEW_TEXT = "Preview — not on air"
# The editor's style sheet draws the frame (``onAirFrame``, 3 px in both states): red, with a
# red banner, while the ``live`` property is true; the palette's quiet border otherwise.


class OnAirFrame(QFrame):
    """Holds the canvas view under a one-line banner; ``set_live`` switches program/preview."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onAirFrame")
        self.live = False
        self.banner = ElidedLabel(PREVIEW_TEXT, self)
        self.banner.setObjectName("onAirBanner")
        self.banner.setAccessibleName("On-air state of the canvas")
        self._note = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the style sheet's border is the frame width
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(content, 1)
        self._show()

    def set_live(self, live: bool) -> None:
        if live != self.live:
            self.live = live
            self._show()

    def set_note(self, note: str) -> None:
        """A few words after "Preview — not on air" (e.g. how many changes wait for Apply)."""
        if note != self._note:
            self._note = note
            self._show()

    @property
    def text(self) -> str:
        return self.banner.text()

    def _show(self) -> None:
        if self.live:
            text = LIVE_TEXT
        else:
            text = f"{PREVIEW_TEXT} · {self._note}" if self._note else PREVIEW_TEXT
        self.banner.setText(text)
        if self.property("live") != self.live:
            for widget in (self, self.banner):
                widget.setProperty("live", self.live)
                repolish(widget)
        self.setToolTip(
            "Every edit goes to the recording as you make it."
            if self.live
            else "Edits stay here until you press Apply (or switch Live on)."
        )
