"""Applies the stylesheet and icon from the assets package; small shared widget helpers.

The stylesheet is a template (``assets/style.qss``) rendered with colours derived from the
application palette (:mod:`recorder_gui.ui.theme`) and rendered again when the palette changes.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from recorder_gui.ui.theme import Scheme, Theme, render, scheme_palette, theme_watcher

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon


def apply_style(app: QApplication, scheme: Scheme | None = None, *, icon: bool = True) -> None:
    """Fusion, the app's stylesheet in the palette's colours, the icon (unless not ``icon``:
    ``recorder_gui.app`` sets it after the first paint, loading the SVG plugin takes ~3 ms).

    ``scheme`` forces a light or dark palette; None keeps the system's. The stylesheet follows
    later palette changes for as long as nobody replaces it.
    """
    app.setStyle("Fusion")
    if scheme is not None:
        app.setPalette(scheme_palette(scheme))
    found = app.findChild(AppStyler, AppStyler.NAME)
    styler = found if isinstance(found, AppStyler) else AppStyler(app)
    styler.restyle()
    if icon:
        app.setWindowIcon(app_icon())


@functools.cache
def _asset(name: str) -> bytes:
    """``recorder_gui/assets/<name>``: the file next to the package (a wheel, an editable
    install and the PyInstaller bundle all have it), else through :mod:`recorder_gui.assets`.
    Not through it first: ``importlib.resources`` takes ~5 ms on first use, before the paint."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        with open(os.path.join(package, "assets", name), "rb") as file:
            return file.read()
    except OSError:
        from recorder_gui.assets import read_bytes

        return read_bytes(name)


def app_style_sheet(theme: Theme) -> str:
    return render(_asset("style.qss").decode("utf-8"), theme)


class AppStyler(QObject):
    """Renders the application's stylesheet again when the palette changes, unless something
    else replaced it since (a test's fixture restoring the default, say)."""

    NAME = "recorderAppStyler"

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(self.NAME)
        self._app = app
        self.sheet: str | None = None
        theme_watcher().theme_changed.connect(self._on_watcher_theme_changed)

    def restyle(self) -> None:
        watcher = theme_watcher()
        watcher.refresh()
        self.sheet = app_style_sheet(watcher.theme)
        if self._app.styleSheet() != self.sheet:
            self._app.setStyleSheet(self.sheet)

    def _on_watcher_theme_changed(self, theme: Theme) -> None:
        if self.sheet is not None and self._app.styleSheet() == self.sheet:
            self.restyle()


def app_icon() -> QIcon:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QIcon, QPixmap

    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(_asset("app-icon.svg")), "SVG")
    return QIcon(pixmap)


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def value_label(text: str = "—", *, name: str = "") -> QLabel:
    """A value in a form: one line, shortened with "…" rather than widening the window."""
    from recorder_gui.ui.elided import ElidedLabel  # not before the first paint: it touches Qt

    label = ElidedLabel(text)
    label.setObjectName("valueLabel")
    if name:
        label.setAccessibleName(name)
    return label
