"""``ElidedLabel``: one line of text that never asks for more width than it gets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Shows "…" instead of widening its window; the full text is its tooltip.

    ``setText`` / ``text`` speak of the full text (what the label means); only the painted
    text is shortened, so callers and tests never see the ellipsis.
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.setText(text)

    @property
    def full_text(self) -> str:
        return self._full

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        if text == self._full and super().text():
            return
        self._full = text
        self.setToolTip(text if len(text) > 20 else "")
        self._elide()

    set_full_text = setText

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(0, self.contentsRect().width() - 2 * self.margin() - 8)
        shown = self.fontMetrics().elidedText(self._full, self._mode, room)
        if shown != super().text():
            super().setText(shown)
