"""Measuring what the screen shows: the contrast of a widget's text as rendered, in pixels.

A widget's region is cut from a grab of its window (so the background is whatever the style
sheets and the parents really painted behind it). The background is the region's most common
colour; the text colour is the pixel that differs most from it. DejaVu at these sizes draws
the stems of letters at full colour, so for plain text this is the colour the style asked for
(checked in ``test_theme.py`` against known colours).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QRect
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QWidget,
)

from recorder_gui.ui.contrast import contrast_ratio


@dataclass(frozen=True)
class Seen:
    what: str
    background: str
    ink: str

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.ink, self.background)

    def __str__(self) -> str:
        return f"{self.what}: {self.ink} on {self.background} = {self.ratio:.2f}:1"


def measure(image: QImage, rect: QRect, what: str) -> Seen | None:
    rect = rect & image.rect()
    if rect.width() < 3 or rect.height() < 3:
        return None
    counts: Counter[str] = Counter(
        image.pixelColor(x, y).name()
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    )
    background = counts.most_common(1)[0][0]
    ink = max(counts, key=lambda colour: contrast_ratio(colour, background))
    return Seen(what, background, ink)


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    return ""


def shown_texts(window: QWidget) -> list[Seen]:
    """Every visible, enabled label, button and spin box with text in ``window``, measured
    (those wholly in view: a label scrolled half out of its scroll area may show no text)."""
    image = window.grab().toImage()
    found: list[Seen] = []
    for kind in (QLabel, QAbstractButton, QAbstractSpinBox):
        for widget in window.findChildren(kind):
            if not widget.isVisible() or not widget.isEnabled() or not _text(widget).strip():
                continue
            if widget.visibleRegion().boundingRect() != widget.rect():
                continue  # scrolled partly out of view, or covered: its text may not show
            rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
            name = widget.objectName() or type(widget).__name__
            seen = measure(image, rect, f"{name} {_text(widget)[:30]!r}")
            if seen is not None:
                found.append(seen)
    return found


def spin_arrows(window: QWidget) -> list[Seen]:
    """The arrow buttons of every visible spin box that has them (Fusion puts them in a strip
    about 16 px wide at the right edge), measured: the arrows against the buttons' face."""
    image = window.grab().toImage()
    found: list[Seen] = []
    for spin in window.findChildren(QAbstractSpinBox):
        if not spin.isVisible() or spin.buttonSymbols() == spin.ButtonSymbols.NoButtons:
            continue
        strip = QRect(spin.width() - 17, 3, 14, spin.height() - 6)
        rect = QRect(spin.mapTo(window, strip.topLeft()), strip.size())
        seen = measure(image, rect, f"arrows of {spin.accessibleName() or 'a spin box'}")
        if seen is not None:
            found.append(seen)
    return found


def settle() -> None:
    app = QApplication.instance()
    assert app is not None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(5):
        app.processEvents()


@contextmanager
def palette_and_style(app: QApplication) -> Iterator[None]:
    """Restores the application's palette, style and style sheet after the block."""
    palette, sheet, style = QPalette(app.palette()), app.styleSheet(), app.style().name()
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setPalette(palette)
