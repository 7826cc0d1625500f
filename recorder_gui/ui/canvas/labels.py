"""``LinesLabel``: wrapped text in a fixed number of lines.

A word-wrapped ``QLabel`` asks for its height at its narrowest (one word a line), which makes
a panel tall, and asks for more lines when its text grows, which moves whatever sits below.
This one always asks for ``lines`` lines and any width; its full text is also its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class LinesLabel(QLabel):
    """Wraps into exactly ``lines`` lines of height; never widens or heightens its panel."""

    def __init__(self, text: str = "", lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def hasHeightForWidth(self) -> bool:
        return False

    def _height(self) -> int:
        margins = self.contentsMargins()
        return (
            self.lines * self.fontMetrics().lineSpacing()
            + margins.top()
            + margins.bottom()
            + 2 * self.margin()
        )

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def fits(self, width: int | None = None) -> bool:
        """The text wraps into ``lines`` lines at ``width`` (default: the current width)."""
        return self.heightForWidth(self.width() if width is None else width) <= self._height()
