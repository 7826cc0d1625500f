"""Applies the stylesheet and icon from the assets package; small shared widget helpers."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from recorder_gui.assets import read_bytes, read_text
from recorder_gui.ui.elided import ElidedLabel


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(read_text("style.qss"))
    app.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(read_bytes("app-icon.svg")), "SVG")
    return QIcon(pixmap)


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def value_label(text: str = "—", *, name: str = "") -> QLabel:
    """A value in a form: one line, shortened with "…" rather than widening the window."""
    label = ElidedLabel(text)
    label.setObjectName("valueLabel")
    if name:
        label.setAccessibleName(name)
    return label
